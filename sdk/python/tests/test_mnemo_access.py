"""The SDK as a caller: MNEMO_TOKEN (or token=) sent as Bearer, and a refused caller (401 / 403, in
GraphQL or REST shape) raised as AccessDenied at once, never retried and never spooled."""

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

import mnemo
from mnemo.client import Client, Spool

pytestmark = pytest.mark.filterwarnings("ignore:mnemo")


class GuardedMnemo:
    """Accepts every call with the token `good`; otherwise answers `status` with `shape`'s body."""

    def __init__(self):
        self.requests = []  # (authorization header, operation)
        self.status = 401
        self.shape = "graphql"
        self.code = "UNAUTHENTICATED"
        self.message = "unknown or revoked token"
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_POST(self):
                body = json.loads(self.rfile.read(int(self.headers["content-length"])))
                authorization = self.headers.get("authorization")
                fake.requests.append((authorization, body["query"].split("{", 2)[1].split("(")[0].strip()))
                if authorization == "Bearer good":
                    status, answer = 200, {"data": {"x": {"id": "run:x"}}}
                elif fake.shape == "rest":
                    status, answer = fake.status, {"error": {"code": fake.code, "message": fake.message}}
                else:
                    error = {"message": fake.message, "extensions": {"code": fake.code}}
                    status, answer = fake.status, {"data": None, "errors": [error]}
                data = json.dumps(answer).encode()
                self.send_response(status)
                self.send_header("content-type", "application/json")
                self.send_header("content-length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()


@pytest.fixture()
def guarded():
    server = GuardedMnemo()
    yield server
    server.server.shutdown()


@pytest.fixture(autouse=True)
def no_git(monkeypatch):
    monkeypatch.setattr(mnemo.capture, "git_top", lambda path=None: None)


def client_for(guarded, tmp_path, **kwargs):
    return Client(guarded.url, retries=3, backoff=0.01, spool_dir=str(tmp_path / "spool"), **kwargs)


def test_the_token_comes_from_mnemo_token_or_the_token_argument_and_is_sent_as_bearer(guarded, tmp_path, monkeypatch):
    monkeypatch.setenv("MNEMO_TOKEN", "good")
    with mnemo.start_run("p", "e", client=client_for(guarded, tmp_path)) as run:
        run.log_params({"a": 1})
    assert {authorization for authorization, _ in guarded.requests} == {"Bearer good"}
    guarded.requests.clear()
    with pytest.raises(mnemo.AccessDenied):
        client_for(guarded, tmp_path, token="explicit").query("query { whoami { actor } }")
    assert guarded.requests == [("Bearer explicit", "whoami")]


@pytest.mark.parametrize("shape", ["graphql", "rest"])
def test_a_refused_token_raises_at_once_and_nothing_is_retried_or_spooled(guarded, tmp_path, shape):
    guarded.shape = shape
    client = client_for(guarded, tmp_path, token="revoked")
    with pytest.raises(mnemo.AccessDenied) as refused:
        mnemo.start_run("p", "e", client=client)
    assert refused.value.code == "UNAUTHENTICATED"
    assert refused.value.message == "unknown or revoked token"
    assert "Mnemo refused the token" in str(refused.value)
    assert isinstance(refused.value, mnemo.MnemoError)
    assert len(guarded.requests) == 1  # not retried
    assert list((tmp_path / "spool").glob("*.jsonl")) == []  # not spooled as if Mnemo were away


def test_no_token_says_to_set_mnemo_token(guarded, tmp_path, monkeypatch):
    monkeypatch.delenv("MNEMO_TOKEN", raising=False)
    guarded.message = "writes need a token"
    with pytest.raises(mnemo.AccessDenied, match="set MNEMO_TOKEN"):
        mnemo.start_run("p", "e", client=client_for(guarded, tmp_path))
    assert guarded.requests[0][0] is None


@pytest.mark.parametrize("status", [403, 200])
def test_a_forbidden_caller_is_told_why(guarded, tmp_path, status):
    guarded.status, guarded.code = status, "FORBIDDEN"
    guarded.message = "user:bob needs EDITOR on project:p to project.created; has VIEWER"
    with pytest.raises(mnemo.AccessDenied) as refused:
        mnemo.start_run("p", "e", client=client_for(guarded, tmp_path, token="bob"))
    assert refused.value.code == "FORBIDDEN"
    assert str(refused.value) == f"FORBIDDEN: forbidden: {guarded.message}"
    assert len(guarded.requests) == 1


def test_spooled_calls_a_refused_token_cannot_deliver_stay_in_the_spool(guarded, tmp_path):
    spool = Spool(tmp_path / "spool", "0123456789abcdef")
    spool.acquire()
    entry = {"kind": "graphql", "query": "mutation { setRunTags(runId: 1) { id } }", "variables": {}}
    spool.append(entry)
    spool.append(entry)
    spool.release()
    with pytest.warns(UserWarning, match="2 spooled call"):
        assert mnemo.replay_spools(client_for(guarded, tmp_path, token="revoked")) == 2
    assert len(guarded.requests) == 1
    assert len((tmp_path / "spool" / "0123456789abcdef.jsonl").read_text().splitlines()) == 2
    assert mnemo.replay_spools(client_for(guarded, tmp_path, token="good")) == 0
    assert not (tmp_path / "spool" / "0123456789abcdef.jsonl").exists()


def test_a_run_whose_spooled_calls_meet_a_refused_token_keeps_them_and_says_so(guarded, tmp_path):
    client = client_for(guarded, tmp_path, token="revoked")
    client.url, client.retries = "http://127.0.0.1:9", 0  # Mnemo away: the run's calls are spooled
    run = mnemo.start_run("p", "e", client=client, flush_interval=60)
    assert run.pending == 3
    client.url = guarded.url  # back, but refusing this token
    with pytest.raises(mnemo.AccessDenied, match="Mnemo refused the token"):
        run.flush()
    assert run.pending == 3
    run.end()
    spooled = tmp_path / "spool" / f"{run.id[4:]}.jsonl"
    assert len(spooled.read_text().splitlines()) == 5  # start, create..., tags, finish: kept for a good token
    assert len(guarded.requests) == 1  # one refusal, not a retry per flush
    assert mnemo.replay_spools(client_for(guarded, tmp_path, token="good")) == 0
