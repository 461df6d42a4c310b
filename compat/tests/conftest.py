"""Starts the real api (with its own local Neo4j) for the compatibility tests, like `npm start` does."""
import os
import socket
import subprocess
import tempfile
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def mnemo_url():
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
    }
    env.pop("NEO4J_URI", None)
    api = subprocess.Popen(["node", str(ROOT / "services/api/dist/main.js")], env=env, cwd=ROOT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.time() + 180
    while time.time() < deadline:
        if api.poll() is not None:
            raise RuntimeError(f"the api exited with {api.returncode} before it was ready")
        try:
            with urllib.request.urlopen(f"{url}/health", timeout=2) as response:
                if response.status == 200:
                    break
        except OSError:
            time.sleep(0.5)
    else:
        api.terminate()
        raise RuntimeError("the api did not become healthy within 180 s")
    yield url
    api.terminate()  # SIGTERM: the api stops its Neo4j cleanly
    api.wait(timeout=60)


def graphql(url: str, query: str, variables: dict | None = None) -> dict:
    import json

    request = urllib.request.Request(
        f"{url}/graphql",
        data=json.dumps({"query": query, "variables": variables or {}}).encode(),
        headers={"content-type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        body = json.load(response)
    assert "errors" not in body, body
    return body["data"]
