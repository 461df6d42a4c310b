"""Starts the real api (with its own local Neo4j) for the compatibility tests, like `npm start` does."""
import os
import shutil
import socket
import subprocess
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Api:
    """A running api: `url`, and what it printed (`lines`) when started with capture=True."""

    def __init__(self, process: subprocess.Popen, url: str):
        self.process = process
        self.url = url
        self.lines: list[str] = []

    def read_output(self) -> None:
        for line in self.process.stdout:
            self.lines.append(line.rstrip("\n"))

    def stop(self) -> None:
        self.process.terminate()  # SIGTERM: the api stops its Neo4j cleanly
        self.process.wait(timeout=60)


def start_api(env: dict, *, capture: bool = False) -> Api:
    """Starts `node services/api/dist/main.js` with a fresh local Neo4j and `env` on top; waits until healthy."""
    port = free_port()
    data = tempfile.mkdtemp(prefix="mnemo-compat-")
    env = {
        **os.environ,
        "MNEMO_PORT": str(port),
        "MNEMO_HOST": "127.0.0.1",
        "MNEMO_LOCAL_BOLT_PORT": str(free_port()),
        "MNEMO_DATA_DIR": data,
        "MNEMO_ARTIFACT_ROOT": os.path.join(data, "artifacts"),
        "MNEMO_DEMO": "off",
        **env,
    }
    env.pop("NEO4J_URI", None)
    output = {"stdout": subprocess.PIPE, "stderr": subprocess.STDOUT, "text": True} if capture else {}
    process = subprocess.Popen(["node", str(ROOT / "services/api/dist/main.js")], env=env, cwd=ROOT, **output)
    api = Api(process, f"http://127.0.0.1:{port}")
    if capture:  # read as it comes, so a full pipe never blocks the api
        threading.Thread(target=api.read_output, daemon=True).start()
    deadline = time.time() + 180
    while time.time() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the api exited with {process.returncode} before it was ready")
        try:
            with urllib.request.urlopen(f"{api.url}/health", timeout=2) as response:
                if response.status == 200:
                    return api
        except OSError:
            time.sleep(0.5)
    api.stop()
    raise RuntimeError("the api did not become healthy within 180 s")


@pytest.fixture(scope="session")
def mnemo_url():
    """The api with access control off (MNEMO_AUTH=off): callers name themselves, everything is allowed."""
    api = start_api({"MNEMO_AUTH": "off"})
    yield api.url
    api.stop()


class S3Server:
    """A real S3 server (MinIO, built by scripts/minio.mjs) on a free port with a throw-away data folder."""

    def __init__(self):
        binary = os.environ.get("MNEMO_TEST_MINIO", str(ROOT / ".mnemo" / "bin" / "minio"))
        if not os.path.exists(binary):
            raise RuntimeError(f"{binary} is missing: `npm test` builds it (node scripts/minio.mjs)")
        self.data = tempfile.mkdtemp(prefix="mnemo-compat-s3-")
        port = free_port()
        self.endpoint = f"http://127.0.0.1:{port}"
        self.env = {
            "AWS_ACCESS_KEY_ID": "mnemo-compat",
            "AWS_SECRET_ACCESS_KEY": "compat-" + os.urandom(8).hex(),
            "AWS_REGION": "us-east-1",
            "AWS_ENDPOINT_URL": self.endpoint,
        }
        server_env = {
            **os.environ,
            "MINIO_ROOT_USER": self.env["AWS_ACCESS_KEY_ID"],
            "MINIO_ROOT_PASSWORD": self.env["AWS_SECRET_ACCESS_KEY"],
            "MINIO_BROWSER": "off",
            "MINIO_UPDATE": "off",
        }
        address = ["--address", f"127.0.0.1:{port}", "--console-address", f"127.0.0.1:{free_port()}"]
        self.process = subprocess.Popen(
            [binary, "server", self.data, "--quiet", *address],
            env=server_env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.time() + 60
        while time.time() < deadline:
            try:
                with urllib.request.urlopen(f"{self.endpoint}/minio/health/ready", timeout=2) as response:
                    if response.status == 200:
                        return
            except OSError:
                time.sleep(0.2)
        self.stop()
        raise RuntimeError("MinIO was not ready within 60 s")

    def create_bucket(self, name: str) -> None:
        """Through the AWS SDK the api uses (the venv has no S3 client of its own)."""
        script = (
            "const { S3Client, CreateBucketCommand } = require('@aws-sdk/client-s3');"
            "new S3Client({ forcePathStyle: true }).send(new CreateBucketCommand({ Bucket: process.argv[1] }))"
            ".catch((error) => { console.error(error); process.exit(1); });"
        )
        subprocess.run(["node", "-e", script, name], env={**os.environ, **self.env}, cwd=ROOT, check=True)

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=30)
        shutil.rmtree(self.data, ignore_errors=True)


@pytest.fixture(scope="session")
def s3_server():
    server = S3Server()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def mnemo_s3_url(s3_server):
    """Like mnemo_url, with its artifacts in a bucket of a real S3 server (MNEMO_ARTIFACT_ROOT=s3://...)."""
    s3_server.create_bucket("mnemo-compat")
    root = "s3://mnemo-compat/artifacts"
    api = start_api({"MNEMO_AUTH": "off", "MNEMO_ARTIFACT_ROOT": root, **s3_server.env}, capture=True)
    deadline = time.time() + 10
    while not any(f"artifacts kept in {root} at {s3_server.endpoint}" in line for line in api.lines):
        if time.time() > deadline:
            api.stop()
            raise RuntimeError("the api did not say it keeps artifacts in the bucket:\n" + "\n".join(api.lines))
        time.sleep(0.1)
    yield api.url
    api.stop()


def on_each_artifact_store(request, folder_url: str) -> str:
    """For a module's own `mnemo_url` fixture: the api on the folder store, or (param "s3") on the S3 one."""
    return request.getfixturevalue("mnemo_s3_url") if getattr(request, "param", "folder") == "s3" else folder_url


@pytest.fixture()
def tracking(mnemo_url, monkeypatch):
    """The mlflow client pointed at the session's api; a run left open by a test is ended after it."""
    import mlflow

    monkeypatch.setenv("MLFLOW_HTTP_REQUEST_MAX_RETRIES", "0")  # a wrong 5xx fails fast instead of retrying
    mlflow.set_tracking_uri(mnemo_url)
    yield
    if mlflow.active_run():
        mlflow.end_run()


def graphql(url: str, query: str, variables: dict | None = None, token: str | None = None) -> dict:
    import json

    headers = {"content-type": "application/json", **({"authorization": f"Bearer {token}"} if token else {})}
    request = urllib.request.Request(
        f"{url}/graphql",
        data=json.dumps({"query": query, "variables": variables or {}}).encode(),
        headers=headers,
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        body = json.load(response)
    assert "errors" not in body, body
    return body["data"]
