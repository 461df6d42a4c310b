"""The unmodified mlflow client against Mnemo; the results are checked through Mnemo's GraphQL."""
import mlflow
import pytest
from mlflow.exceptions import MlflowException
from mlflow.tracking import MlflowClient

from conftest import graphql, on_each_artifact_store


# Every test talks to the api through the mlflow client (conftest.py).
pytestmark = pytest.mark.usefixtures("tracking")
# The tests that write and read artifacts run on each artifact store: a folder and an S3 bucket.
on_each_store = pytest.mark.parametrize("mnemo_url", ["folder", "s3"], indirect=True)


@pytest.fixture()
def mnemo_url(request, mnemo_url):
    return on_each_artifact_store(request, mnemo_url)


def test_a_run_with_params_metric_history_and_tags(mnemo_url):
    mlflow.set_experiment("churn xgb")
    with mlflow.start_run(run_name="baseline") as run:
        mlflow.log_param("lr", "0.01")
        mlflow.log_params({"depth": 6, "n_estimators": 100})
        for step, auc in enumerate([0.80, 0.84, 0.86]):
            mlflow.log_metric("auc", auc, step=step)
        mlflow.log_metrics({"loss": 0.3, "acc": 0.91})
        mlflow.set_tag("team", "churn")
    fetched = mlflow.get_run(run.info.run_id)
    assert fetched.info.status == "FINISHED"
    assert fetched.info.run_name == "baseline"
    assert fetched.data.params == {"lr": "0.01", "depth": "6", "n_estimators": "100"}
    assert fetched.data.metrics["auc"] == 0.86  # the latest is the value at the highest step
    assert fetched.data.tags["team"] == "churn"
    history = MlflowClient().get_metric_history(run.info.run_id, "auc")
    assert [(m.step, m.value) for m in history] == [(0, 0.80), (1, 0.84), (2, 0.86)]

    data = graphql(
        mnemo_url,
        "query($id: ID!) { run(id: $id) { status params { key value } experiment { name } } }",
        {"id": f"run:{run.info.run_id}"},
    )
    assert data["run"]["status"] == "FINISHED"
    assert data["run"]["experiment"]["name"] == "churn xgb"
    assert {p["key"]: p["value"] for p in data["run"]["params"]}["lr"] == "0.01"


def test_search_runs_with_a_filter_string_in_order():
    experiment_id = mlflow.create_experiment("search-me")
    ids = {}
    for name, lr, acc in [("a", "0.01", 0.93), ("b", "0.01", 0.87), ("c", "0.1", 0.95), ("d", "0.01", 0.91)]:
        with mlflow.start_run(experiment_id=experiment_id, run_name=name) as run:
            mlflow.log_param("lr", lr)
            mlflow.log_metric("acc", acc)
            ids[name] = run.info.run_id
    found = mlflow.search_runs(
        [experiment_id], filter_string="metrics.acc > 0.9 and params.lr = '0.01'", order_by=["metrics.acc DESC"]
    )
    assert list(found["run_id"]) == [ids["a"], ids["d"]]
    assert [e.name for e in mlflow.search_experiments() if e.name == "search-me"] == ["search-me"]


def test_client_errors_raise_the_usual_exceptions():
    client = MlflowClient()
    client.create_experiment("twice")
    with pytest.raises(MlflowException) as raised:
        client.create_experiment("twice")
    assert raised.value.error_code == "RESOURCE_ALREADY_EXISTS"
    with pytest.raises(MlflowException) as missing:
        client.get_run("0123456789abcdef0123456789abcdef")
    assert missing.value.error_code == "RESOURCE_DOES_NOT_EXIST"


@on_each_store
def test_nested_runs_dataset_inputs_and_artifacts(mnemo_url, tmp_path):
    import pandas as pd

    mlflow.set_experiment("churn lineage")
    frame = pd.DataFrame({"tenure": [1, 5, 9], "churned": [0, 1, 0]})
    dataset = mlflow.data.from_pandas(frame, source="s3://lake/churn/train.parquet", name="churn-train")
    report = tmp_path / "report.txt"
    report.write_text("auc 0.91\n")
    with mlflow.start_run(run_name="sweep") as parent:
        mlflow.log_input(dataset, context="training")
        with mlflow.start_run(run_name="trial-1", nested=True) as child:
            mlflow.log_metric("auc", 0.91)
        mlflow.log_artifact(str(report), artifact_path="reports")

    client = MlflowClient()
    fetched = client.get_run(parent.info.run_id)
    [used] = fetched.inputs.dataset_inputs
    assert (used.dataset.name, used.dataset.digest) == ("churn-train", dataset.digest)
    assert [(t.key, t.value) for t in used.tags] == [("mlflow.data.context", "training")]
    assert client.get_run(child.info.run_id).data.tags["mlflow.parentRunId"] == parent.info.run_id
    assert [(f.path, f.is_dir) for f in client.list_artifacts(parent.info.run_id)] == [("reports", True)]
    [listed] = client.list_artifacts(parent.info.run_id, "reports")
    assert (listed.path, listed.file_size) == ("reports/report.txt", len("auc 0.91\n"))
    downloaded = mlflow.artifacts.download_artifacts(run_id=parent.info.run_id, artifact_path="reports/report.txt", dst_path=str(tmp_path / "dl"))
    assert open(downloaded).read() == "auc 0.91\n"

    data = graphql(
        mnemo_url,
        """query($id: ID!) { run(id: $id) {
            inputs { role version { ... on DatasetVersion { id uri rowCount } } }
            outputs { ... on Artifact { name uri } }
        } }""",
        {"id": f"run:{parent.info.run_id}"},
    )["run"]
    [input_] = data["inputs"]
    assert input_["role"] == "training"
    assert input_["version"]["uri"] == "s3://lake/churn/train.parquet"
    assert input_["version"]["rowCount"] == 3
    assert {"name": "report.txt", "uri": f"mlflow-artifacts:/{parent.info.experiment_id}/{parent.info.run_id}/artifacts/reports/report.txt"} in data["outputs"]
    # The same dataset logged by another run is the same version, used twice.
    with mlflow.start_run(run_name="retrain") as again:
        mlflow.log_input(dataset, context="training")
    assert client.get_run(again.info.run_id).inputs.dataset_inputs[0].dataset.digest == dataset.digest


class Doubler(mlflow.pyfunc.PythonModel):
    def predict(self, context, model_input):
        return [2 * x for x in model_input]


@on_each_store
def test_logged_model_registered_aliased_and_loaded_back(mnemo_url):
    mlflow.set_experiment("churn registry")
    with mlflow.start_run(run_name="train") as run:
        mlflow.log_param("depth", 6)
        info = mlflow.pyfunc.log_model(name="model", python_model=Doubler())
    first = mlflow.register_model(info.model_uri, "churn-classifier")
    second = mlflow.register_model(f"runs:/{run.info.run_id}/model", "churn-classifier")
    assert (first.version, second.version) == ("1", "2")
    assert first.status == "READY" and first.run_id == run.info.run_id

    client = MlflowClient()
    client.set_registered_model_alias("churn-classifier", "champion", "1")
    assert client.get_model_version_by_alias("churn-classifier", "champion").version == "1"
    client.set_registered_model_alias("churn-classifier", "champion", "2")
    assert client.get_registered_model("churn-classifier").aliases == {"champion": "2"}
    assert [m.name for m in client.search_registered_models(filter_string="name LIKE 'churn%'")] == ["churn-classifier"]
    assert {v.version for v in client.search_model_versions("name = 'churn-classifier'")} == {"1", "2"}

    loaded = mlflow.pyfunc.load_model("models:/churn-classifier@champion")
    assert list(loaded.predict([1, 2])) == [2, 4]

    with pytest.raises(MlflowException) as duplicate:
        client.create_registered_model("churn-classifier")
    assert duplicate.value.error_code == "RESOURCE_ALREADY_EXISTS"
    with pytest.raises(MlflowException) as missing:
        client.get_model_version("churn-classifier", "9")
    assert missing.value.error_code == "RESOURCE_DOES_NOT_EXIST"

    versions = graphql(
        mnemo_url,
        """query($id: ID!) { run(id: $id) { outputs { __typename ... on ModelVersion { version generatedBy { id } } } } }""",
        {"id": f"run:{run.info.run_id}"},
    )["run"]["outputs"]
    model_versions = sorted(o["version"] for o in versions if o["__typename"] == "ModelVersion")
    assert model_versions == ["1", "2"]
    assert any(o["__typename"] == "Artifact" for o in versions)  # the logged model's folder


def test_deleting_restoring_and_renaming():
    client = MlflowClient()
    experiment_id = client.create_experiment("lifecycle")
    keep = client.create_run(experiment_id, run_name="keep").info.run_id
    drop = client.create_run(experiment_id, run_name="drop").info.run_id
    client.set_tag(keep, "stage", "draft")
    client.delete_tag(keep, "stage")
    assert "stage" not in client.get_run(keep).data.tags

    client.delete_run(drop)
    assert client.get_run(drop).info.lifecycle_stage == "deleted"
    assert [r.info.run_id for r in client.search_runs([experiment_id])] == [keep]
    from mlflow.entities import ViewType

    assert [r.info.run_id for r in client.search_runs([experiment_id], run_view_type=ViewType.DELETED_ONLY)] == [drop]
    client.restore_run(drop)
    assert {r.info.run_id for r in client.search_runs([experiment_id])} == {keep, drop}

    client.rename_experiment(experiment_id, "lifecycle renamed")
    assert client.get_experiment_by_name("lifecycle renamed").experiment_id == experiment_id
    client.delete_experiment(experiment_id)
    assert client.get_experiment(experiment_id).lifecycle_stage == "deleted"
    assert "lifecycle renamed" not in [e.name for e in client.search_experiments()]
    client.restore_experiment(experiment_id)
    assert "lifecycle renamed" in [e.name for e in client.search_experiments()]
    with pytest.raises(MlflowException) as missing:
        client.delete_tag(keep, "never-set")
    assert missing.value.error_code == "RESOURCE_DOES_NOT_EXIST"


def test_the_client_learns_what_the_server_can_do(mnemo_url):
    """mlflow 3.x asks /api/3.0/mlflow/server-info before choosing upload paths and workspaces."""
    from mlflow.utils.rest_utils import MlflowHostCreds
    from mlflow.utils.server_info import SERVER_INFO_MULTIPART_UPLOADS_ENABLED, SERVER_INFO_WORKSPACES_ENABLED, fetch_server_info

    info = fetch_server_info(MlflowHostCreds(mnemo_url))
    assert info.status_code == 200
    assert info.data[SERVER_INFO_MULTIPART_UPLOADS_ENABLED] is False
    assert info.data[SERVER_INFO_WORKSPACES_ENABLED] is False


def test_a_finished_run_resumed_runs_again_and_ends_again(mnemo_url):
    """start_run(run_id=...) of a finished run: RUNNING while resumed, FINISHED after, with what it logged."""
    mlflow.set_experiment("resumed runs")
    with mlflow.start_run() as run:
        mlflow.log_metric("loss", 0.5, step=0)
    run_id = run.info.run_id
    assert mlflow.get_run(run_id).info.status == "FINISHED"
    with mlflow.start_run(run_id=run_id):
        assert mlflow.get_run(run_id).info.status == "RUNNING"
        mlflow.log_metric("loss", 0.3, step=1)
    resumed = mlflow.get_run(run_id)
    assert resumed.info.status == "FINISHED"
    assert resumed.data.metrics["loss"] == 0.3
    trail = graphql(
        mnemo_url,
        "query($id: ID!) { auditTrail(entityId: $id) { action } }",
        {"id": f"run:{run_id}"},
    )
    assert [e["action"] for e in trail["auditTrail"]].count("run.resumed") == 1


def test_a_run_without_a_name_is_named_as_mlflow_names_it(mnemo_url):
    """MLflow's server names an unnamed run adjective-noun-number; search_runs then shows the name."""
    import re

    mlflow.set_experiment("unnamed runs")
    with mlflow.start_run() as run:
        pass
    fetched = mlflow.get_run(run.info.run_id)
    assert re.fullmatch(r"[a-z]+-[a-z]+-\d{1,3}", fetched.info.run_name)
    assert fetched.data.tags["mlflow.runName"] == fetched.info.run_name
    found = mlflow.search_runs(experiment_names=["unnamed runs"])
    assert list(found["tags.mlflow.runName"]) == [fetched.info.run_name]


def test_a_deleted_model_version_leaves_mlflow_but_stays_in_the_lineage_graph(mnemo_url):
    """Issue 19: MLflow's delete hides a version from its API; the graph keeps it, marked, with its
    run, stage, aliases, tags and the audit trail of what was done to it."""
    client = MlflowClient()
    experiment_id = client.create_experiment("registry-deletes")
    run = client.create_run(experiment_id)
    client.create_registered_model("fraud-scorer", tags={"task": "fraud"})
    client.create_model_version("fraud-scorer", f"runs:/{run.info.run_id}/model", run_id=run.info.run_id)
    client.create_model_version("fraud-scorer", f"runs:/{run.info.run_id}/model", run_id=run.info.run_id)
    client.transition_model_version_stage("fraud-scorer", "1", "Staging")
    client.set_registered_model_alias("fraud-scorer", "champion", "1")
    client.set_model_version_tag("fraud-scorer", "1", "validated", "yes")
    client.delete_model_version("fraud-scorer", "1")

    assert [v.version for v in client.search_model_versions("name = 'fraud-scorer'")] == ["2"]
    with pytest.raises(MlflowException) as missing:
        client.get_model_version("fraud-scorer", "1")
    assert missing.value.error_code == "RESOURCE_DOES_NOT_EXIST"

    model = graphql(mnemo_url, '{ models(first: 100) { nodes { id name } } }')["models"]["nodes"]
    model_id = next(m["id"] for m in model if m["name"] == "fraud-scorer")
    versions = graphql(
        mnemo_url,
        "query($id: ID!) { model(id: $id) { deletedAt versions { id version deletedAt stage aliases generatedBy { id } } } }",
        {"id": model_id},
    )["model"]
    assert versions["deletedAt"] is None
    kept = {v["version"]: v for v in versions["versions"]}
    assert kept["1"]["deletedAt"] is not None and kept["2"]["deletedAt"] is None
    assert kept["1"]["stage"] == "Staging" and kept["1"]["aliases"] == ["champion"]
    assert kept["1"]["generatedBy"] == {"id": f"run:{run.info.run_id}"}
    version_id = kept["1"]["id"]
    trail = graphql(mnemo_url, "query($id: ID!) { auditTrail(entityId: $id) { action } }", {"id": version_id})
    actions = [event["action"] for event in trail["auditTrail"]]
    for action in ["model-version.deleted", "model-version.tags-set", "model-version.stage-set", "model-version.registered"]:
        assert action in actions

    client.delete_registered_model("fraud-scorer")
    with pytest.raises(MlflowException) as gone:
        client.get_registered_model("fraud-scorer")
    assert gone.value.error_code == "RESOURCE_DOES_NOT_EXIST"
    after = graphql(mnemo_url, "query($id: ID!) { model(id: $id) { deletedAt versions { deletedAt } } }", {"id": model_id})
    assert after["model"]["deletedAt"] is not None
    assert all(v["deletedAt"] is not None for v in after["model"]["versions"])
