"""Delivery against a scripted GraphQL server: batching off the training thread, refusals raised,
outages spooled in order and replayed."""

import json
import os
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

import mnemo
from mnemo.client import Client

pytestmark = pytest.mark.filterwarnings("ignore:mnemo")


class FakeMnemo:
    """Answers every mutation with {"<field>": {"id": ...}}; `down` drops connections, `refuse`
    answers a GraphQL error with that code for operations whose text contains `refuse_match`."""

    def __init__(self):
        self.calls = []
        self.down = False
        self.refuse = None
        self.refuse_match = ""
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_POST(self):
                body = json.loads(self.rfile.read(int(self.headers["content-length"])))
                if fake.down:
                    self.close_connection = True
                    self.wfile.flush()
                    self.connection.close()
                    return
                if fake.refuse and fake.refuse_match in body["query"]:
                    answer = {"errors": [{"message": "no good", "extensions": {"code": fake.refuse, "problems": [1]}}]}
                else:
                    fake.calls.append(
                        (body["query"], body["variables"], {k.lower(): v for k, v in self.headers.items()})
                    )
                    answer = {"data": {"x": {"id": "run:x"}}}
                data = json.dumps(answer).encode()
                self.send_response(200)
                self.send_header("content-type", "application/json")
                self.send_header("content-length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def operations(self):
        return [query.split("{", 2)[1].split("(")[0].strip() for query, _, _ in self.calls]


@pytest.fixture()
def fake():
    server = FakeMnemo()
    yield server
    server.server.shutdown()


@pytest.fixture()
def client(fake, tmp_path, monkeypatch):
    monkeypatch.setattr(mnemo.capture, "git_top", lambda path=None: None)
    return Client(fake.url, token="s3cret", retries=1, backoff=0.01, spool_dir=str(tmp_path / "spool"))


def test_metrics_go_in_batches_of_at_most_1000_from_the_background_thread(fake, client, monkeypatch):
    senders = []
    request = Client.request

    def spy(self, query, variables=None):
        if "logMetrics" in query:
            senders.append(threading.current_thread().name)
        return request(self, query, variables)

    monkeypatch.setattr(Client, "request", spy)
    with mnemo.start_run("p", "e", client=client, flush_interval=0.05) as run:
        for step in range(2500):
            run.log_metric("loss", 1 / (step + 1), step=step)
        run.log_metrics({"same": 1.0, "same2": 2.0})
    batches = [v["metrics"] for q, v, _ in fake.calls if "logMetrics" in q]
    assert all(len(b) <= 1000 for b in batches) and sum(len(b) for b in batches) == 2502
    assert [p["step"] for b in batches for p in b if p["key"] == "loss"] == list(range(2500))
    stamps = [p["timestamp"] for b in batches for p in b if p["key"] == "loss"]
    assert len(set(stamps)) == 2500  # strictly increasing per metric, so no two points collide
    assert senders and all(name.startswith("mnemo-flush-") for name in senders)
    assert fake.operations()[:3] == ["createProject", "createExperiment", "startRun"]
    assert fake.operations()[-1] == "finishRun"
    assert fake.calls[0][2]["authorization"] == "Bearer s3cret"


def test_a_refusal_raises_with_the_servers_message_and_is_not_spooled(fake, client):
    with mnemo.start_run("p", "e", client=client) as run:
        fake.refuse, fake.refuse_match = "BAD_USER_INPUT", "logParams"
        with pytest.raises(mnemo.MnemoError) as error:
            run.log_params({"a": 1})
        assert (error.value.code, error.value.message, error.value.extensions) == (
            "BAD_USER_INPUT",
            "no good",
            {"problems": [1]},
        )
        assert run.pending == 0
        fake.refuse = None
        with pytest.raises(ValueError):
            run.log_metrics({"nan": float("nan")})


def test_calls_made_while_mnemo_is_down_are_spooled_in_order_and_replayed_once(fake, client, tmp_path):
    fake.down = True
    run = mnemo.start_run("p", "e", params={"lr": 0.1}, client=client, flush_interval=60)
    run.log_params({"depth": 3})
    run.log_metrics({"loss": 0.5}, step=1)
    run.flush()
    spooled = [json.loads(line) for line in (tmp_path / "spool" / f"{run.id[4:]}.jsonl").read_text().splitlines()]
    assert [e["query"].split("{", 2)[1].split("(")[0].strip() for e in spooled] == [
        "createProject",
        "createExperiment",
        "startRun",
        "logParams",
        "logMetrics",
    ]
    assert fake.calls == []
    fake.down = False
    run.set_tags({"t": "1"})
    run.end()
    assert fake.operations() == [
        "createProject",
        "createExperiment",
        "startRun",
        "logParams",
        "logMetrics",
        "setTags",
        "setTags",
        "finishRun",
    ]
    assert run.pending == 0 and not list((tmp_path / "spool").glob("*.jsonl"))


def test_a_transient_server_error_is_spooled_not_raised(fake, client):
    with mnemo.start_run("p", "e", client=client) as run:
        fake.refuse, fake.refuse_match = "INTERNAL_SERVER_ERROR", "setTags"
        run.set_tags({"a": "b"})
        assert run.pending == 1
        fake.refuse = None
    assert [v for q, v, _ in fake.calls if "setTags" in q][0]["tags"] == [{"key": "a", "value": "b"}]


def test_a_spool_left_behind_is_replayed_by_the_next_run(fake, client, tmp_path):
    fake.down = True
    run = mnemo.start_run("p", "e", client=client)
    run.end()  # Mnemo still away: everything stays in the spool file
    assert len(list((tmp_path / "spool").glob("*.jsonl"))) == 1
    fake.down = False
    assert mnemo.replay_spools(client) == 0
    assert fake.operations() == ["createProject", "createExperiment", "startRun", "setTags", "finishRun"]
    assert not list((tmp_path / "spool").glob("*.jsonl"))


@pytest.mark.parametrize("crash", [False, True])
def test_a_run_left_open_is_ended_when_the_program_exits(fake, tmp_path, crash):
    script = tmp_path / "train.py"
    script.write_text(
        "import mnemo\n"
        "run = mnemo.start_run('p', 'e', flush_interval=60)\n"
        "run.log_metrics({'loss': 0.5}, step=1)\n" + ("raise RuntimeError('boom')\n" if crash else "")
    )
    env = {**os.environ, "MNEMO_URL": fake.url, "MNEMO_SPOOL_DIR": str(tmp_path / "spool")}
    result = subprocess.run(
        [sys.executable, str(script)], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=60
    )
    assert (result.returncode != 0) == crash
    assert fake.operations()[-3:] == ["logMetrics", "setTags", "finishRun"]
    finish = fake.calls[-1][1]["input"]
    assert finish["status"] == ("FAILED" if crash else "FINISHED")
    tags = {t["key"]: t["value"] for t in fake.calls[-2][1]["tags"]}
    assert (tags.get("mnemo.error") == "RuntimeError: boom") if crash else "mnemo.error" not in tags
