"""The Python SDK (sdk/python, package mnemo) against the real api; results checked through GraphQL."""

import hashlib
import json
import os
import socket
import subprocess
import sys
import textwrap
import threading
from pathlib import Path

import pytest
from conftest import graphql, on_each_artifact_store

import mnemo

RUN = """
query Run($id: ID!) {
  run(id: $id) {
    name status seed entryPoint startedAt endedAt computeCostUsd
    code { repo branch commit dirty }
    environment { languageVersion packageLockDigest }
    infrastructure { instanceType accelerators acceleratorCount }
    params { key value }
    tags { key value }
    metrics { key value step history { value step timestamp } }
    inputs { role version { ... on DatasetVersion { id digest version sizeBytes dataset { id } } } }
    outputs { ... on ModelVersion { id version digest model { id } generatedBy { id } } }
    experiment { id project { id } }
  }
}
"""


def sha256(path: Path) -> str:
    return "sha256:" + hashlib.sha256(path.read_bytes()).hexdigest()


def git(cwd, *args):
    subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.org", *args], cwd=cwd, check=True, capture_output=True
    )


TRAIN = textwrap.dedent(
    """
    import sys, mnemo
    params = {"eta": 0.1, "depth": 6}
    with mnemo.start_run(project="churn-sdk", experiment="xgb-baseline", params=params, seed=42) as run:
        run.use_dataset("data/train.csv", name="transactions")
        for step in range(2500):
            run.log_metrics({"loss": 1.0 / (step + 1)}, step=step)
        run.log_metrics({"auc": 0.91}, step=3)
        with open("model.pkl", "wb") as f:
            f.write(b"trained weights")
        run.log_model("churn-model", path="model.pkl", framework="xgboost")
        print(run.id)
        if "--fail" in sys.argv:
            raise ValueError("diverged at step 7")
    """
)


@pytest.fixture()
def project(tmp_path):
    """A small git repository with a training script and its data, as a user would have."""
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "train.csv").write_text("id,label\n1,0\n2,1\n")
    (tmp_path / "train.py").write_text(TRAIN)
    git(tmp_path, "init", "-q", "-b", "main")
    git(tmp_path, "remote", "add", "origin", "git@git.example.org:ml/churn.git")
    git(tmp_path, "add", "train.py", "data/train.csv")
    git(tmp_path, "commit", "-q", "-m", "baseline")
    return tmp_path


def train(project, mnemo_url, tmp_path, *args):
    env = {**os.environ, "MNEMO_URL": mnemo_url, "MNEMO_SPOOL_DIR": str(tmp_path / "spool")}
    result = subprocess.run(
        [sys.executable, "train.py", *args], cwd=project, env=env, capture_output=True, text=True, timeout=300
    )
    return result, result.stdout.strip().splitlines()[-1]


@pytest.fixture(params=["folder", "s3"])
def mnemo_url_on_each_store(request, mnemo_url):
    """The api on the folder store, or on a real S3 server's bucket: what the SDK records reads the same."""
    return on_each_artifact_store(request, mnemo_url)


def test_a_run_records_its_recipe_lineage_and_every_metric_without_being_asked(
    project, mnemo_url_on_each_store, tmp_path
):
    mnemo_url = mnemo_url_on_each_store
    result, run_id = train(project, mnemo_url, tmp_path)
    assert result.returncode == 0, result.stderr
    run = graphql(mnemo_url, RUN, {"id": run_id})["run"]
    commit = subprocess.run(["git", "rev-parse", "HEAD"], cwd=project, capture_output=True, text=True).stdout.strip()

    assert run["status"] == "FINISHED" and run["endedAt"]
    assert run["experiment"] == {"id": "experiment:churn-sdk/xgb-baseline", "project": {"id": "project:churn-sdk"}}
    assert run["code"] == {
        "repo": "git@git.example.org:ml/churn.git",
        "branch": "main",
        "commit": commit,
        "dirty": False,
    }
    assert run["entryPoint"] == "train.py"
    assert run["seed"] == 42
    assert run["environment"]["languageVersion"] == f"python {sys.version.split()[0]}"
    assert run["environment"]["packageLockDigest"].startswith("sha256:")
    assert run["infrastructure"]["acceleratorCount"] == len(run["infrastructure"]["accelerators"])
    assert run["computeCostUsd"] > 0
    assert {p["key"]: p["value"] for p in run["params"]} == {"eta": "0.1", "depth": "6"}
    tags = {t["key"]: t["value"] for t in run["tags"]}
    assert tags["mnemo.hostname"] == socket.gethostname()
    assert json.loads(tags["mnemo.argv"]) == ["train.py"]
    assert tags["mnemo.cpu.count"] == str(os.cpu_count())
    assert tags["mnemo.cost.basis"].startswith("estimated:")
    assert "mnemo.error" not in tags

    [used] = run["inputs"]
    assert used["role"] == "training"
    assert used["version"]["dataset"]["id"] == "dataset:churn-sdk/transactions"
    assert used["version"]["digest"] == sha256(project / "data" / "train.csv")
    [model] = run["outputs"]
    assert model["model"]["id"] == "model:churn-sdk/churn-model"
    assert model["generatedBy"]["id"] == run_id
    assert model["digest"] == sha256(project / "model.pkl")

    metrics = {m["key"]: m for m in run["metrics"]}
    assert [p["step"] for p in metrics["loss"]["history"]] == list(range(2500))
    assert metrics["auc"]["value"] == 0.91 and metrics["auc"]["step"] == 3
    # Batched: a handful of logMetrics calls, not 2,501.
    audit = graphql(mnemo_url, "query($id: ID!) { auditTrail(entityId: $id, first: 500) { action } }", {"id": run_id})
    batches = [e for e in audit["auditTrail"] if e["action"] == "run.metrics-logged"]
    assert 3 <= len(batches) <= 20

    # The same data again is the same version (matched by digest), used by the second run too.
    result, second = train(project, mnemo_url, tmp_path, "--fail")
    assert result.returncode != 0 and "diverged at step 7" in result.stderr
    again = graphql(mnemo_url, RUN, {"id": second})["run"]
    assert again["inputs"][0]["version"]["id"] == used["version"]["id"]
    assert again["status"] == "FAILED"
    assert {t["key"]: t["value"] for t in again["tags"]}["mnemo.error"] == "ValueError: diverged at step 7"
    assert again["outputs"][0]["version"] != model["version"]


def test_bad_input_raises_the_servers_message_and_is_not_spooled(mnemo_url, tmp_path):
    client = mnemo.Client(mnemo_url, spool_dir=str(tmp_path / "spool"))
    with mnemo.start_run("churn-sdk", "errors", params={"eta": 0.1}, client=client) as run:
        with pytest.raises(mnemo.MnemoError) as refused:
            run.log_params({"eta": 0.2})
        assert refused.value.code == "IMMUTABLE_VERSION"
        assert "eta" in refused.value.message
        with pytest.raises(mnemo.MnemoError) as bad:
            run.set_tags({"no!good": "x"})
        assert bad.value.code == "BAD_USER_INPUT"
        assert run.pending == 0
    assert not list((tmp_path / "spool").glob("*.jsonl"))


class Proxy:
    """A TCP proxy to the api that can be switched off (connections are accepted and dropped) and
    on again, or set to forward requests but lose the answers."""

    def __init__(self, upstream: str):
        host, port = upstream.removeprefix("http://").split(":")
        self.upstream = (host, int(port))
        self.mode = "on"
        self.server = socket.create_server(("127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{self.server.getsockname()[1]}"
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self):
        while True:
            try:
                client, _ = self.server.accept()
            except OSError:
                return
            threading.Thread(target=self._serve, args=(client, self.mode), daemon=True).start()

    def _serve(self, client, mode):
        try:
            if mode != "off":
                with socket.create_connection(self.upstream) as upstream:
                    threading.Thread(target=self._pipe, args=(client, upstream), daemon=True).start()
                    if mode == "lose-answers":
                        upstream.recv(65536)  # the api has answered, so the request landed; drop the answer
                    else:
                        while chunk := upstream.recv(65536):
                            client.sendall(chunk)
                    upstream.shutdown(socket.SHUT_RDWR)
        finally:
            # shutdown, not just close: the pipe thread's recv holds the socket open otherwise
            try:
                client.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            client.close()

    @staticmethod
    def _pipe(source, target):
        try:
            while chunk := source.recv(65536):
                target.sendall(chunk)
        except OSError:
            pass

    def close(self):
        self.server.close()


@pytest.mark.filterwarnings("ignore:mnemo.*spooling")
def test_a_run_whose_server_was_down_for_part_of_it_arrives_whole(mnemo_url, tmp_path):
    proxy = Proxy(mnemo_url)
    spool = tmp_path / "spool"
    client = mnemo.Client(proxy.url, retries=2, backoff=0.05, spool_dir=str(spool))
    model_file = tmp_path / "model.bin"
    model_file.write_bytes(b"weights")
    expected = {}
    try:
        proxy.mode = "off"  # down from the very start: the run itself waits in the spool
        with pytest.warns(UserWarning, match="spooling"):
            run = mnemo.start_run("churn-sdk", "outage", params={"lr": 0.01}, client=client, flush_interval=0.1)
        with run:
            for step in range(0, 1500):
                run.log_metrics({"loss": step * 0.5}, step=step)
                expected[step] = step * 0.5
            run.flush()
            assert run.pending > 0 and list(spool.glob("*.jsonl"))
            proxy.mode = "on"
            for step in range(1500, 2000):
                run.log_metrics({"loss": step * 0.5}, step=step)
                expected[step] = step * 0.5
            run.flush()
            assert run.pending == 0
            proxy.mode = "lose-answers"  # requests land, answers are lost: every retry is a replay
            for step in range(2000, 2600):
                run.log_metrics({"loss": step * 0.5}, step=step)
                expected[step] = step * 0.5
            run.set_tags({"phase": "lossy"})
            version = run.log_model("outage-model", path=str(model_file))
            assert version.id is None  # numbered by Mnemo when it arrives
            proxy.mode = "off"
            for step in range(2600, 3000):
                run.log_metrics({"loss": step * 0.5}, step=step)
                expected[step] = step * 0.5
            proxy.mode = "on"
        assert run.pending == 0
        assert not list(spool.glob("*.jsonl"))
    finally:
        proxy.close()

    got = graphql(mnemo_url, RUN, {"id": run.id})["run"]
    assert got["status"] == "FINISHED"
    history = {m["key"]: m["history"] for m in got["metrics"]}["loss"]
    assert len(history) == len(expected) == 3000  # every point, exactly once
    assert {p["step"]: p["value"] for p in history} == expected
    assert {t["key"]: t["value"] for t in got["tags"]}["phase"] == "lossy"
    [model] = got["outputs"]  # registered once, though its answer was lost
    assert model["model"]["id"] == "model:churn-sdk/outage-model" and model["generatedBy"]["id"] == run.id
