"""The artifact store as an immutable registry, through the unmodified mlflow client (issue 19)."""
import hashlib
import urllib.request

import mlflow
import pytest
from requests.exceptions import HTTPError
from mlflow.tracking import MlflowClient

from conftest import graphql, on_each_artifact_store


# Every test talks to the api through the mlflow client (conftest.py), on each artifact store.
pytestmark = pytest.mark.usefixtures("tracking")


@pytest.fixture(params=["folder", "s3"])
def mnemo_url(request, mnemo_url):
    return on_each_artifact_store(request, mnemo_url)


def sha256(text: str) -> str:
    return "sha256:" + hashlib.sha256(text.encode()).hexdigest()


def test_a_replaced_artifact_keeps_its_earlier_content_reachable_by_digest(mnemo_url, tmp_path):
    mlflow.set_experiment("registry replace")
    report = tmp_path / "report.txt"
    with mlflow.start_run() as run:
        report.write_text("auc 0.90\n")
        mlflow.log_artifact(str(report))
        report.write_text("auc 0.93\n")
        mlflow.log_artifact(str(report))
    downloaded = mlflow.artifacts.download_artifacts(run_id=run.info.run_id, artifact_path="report.txt", dst_path=str(tmp_path / "dl"))
    assert open(downloaded).read() == "auc 0.93\n"

    artifact = graphql(
        mnemo_url,
        "query($id: ID!) { node(id: $id) { ... on Artifact { digest earlierDigests } } }",
        {"id": f"artifact:{run.info.run_id}/report.txt"},
    )["node"]
    assert artifact == {"digest": sha256("auc 0.93\n"), "earlierDigests": [sha256("auc 0.90\n")]}
    path = f"{run.info.experiment_id}/{run.info.run_id}/artifacts/report.txt"
    earlier = f"{mnemo_url}/api/2.0/mlflow-artifacts/artifacts/{path}?digest={sha256('auc 0.90' + chr(10))}"
    with urllib.request.urlopen(earlier, timeout=30) as response:
        assert response.read().decode() == "auc 0.90\n"


def test_the_files_of_a_registered_model_version_are_frozen(mnemo_url, tmp_path):
    mlflow.set_experiment("registry freeze")
    weights = tmp_path / "weights.txt"
    weights.write_text("w = 1\n")
    with mlflow.start_run() as run:
        mlflow.log_artifact(str(weights), artifact_path="model")
    client = MlflowClient()
    client.create_registered_model("frozen-weights")
    version = client.create_model_version("frozen-weights", f"runs:/{run.info.run_id}/model", run_id=run.info.run_id)
    assert version.version == "1"

    weights.write_text("w = 2\n")
    # The artifact proxy's refusal reaches the client as MLflow's own server's would: an HTTP 400
    # whose text is the error in words.
    with pytest.raises(HTTPError) as refused:
        client.log_artifact(run.info.run_id, str(weights), artifact_path="model")
    assert "400" in str(refused.value) and "frozen" in str(refused.value) and "frozen-weights" in str(refused.value)
    downloaded = mlflow.artifacts.download_artifacts(run_id=run.info.run_id, artifact_path="model/weights.txt", dst_path=str(tmp_path / "dl"))
    assert open(downloaded).read() == "w = 1\n"
    # The rest of the run's files are still its to write.
    client.log_artifact(run.info.run_id, str(weights), artifact_path="notes")
