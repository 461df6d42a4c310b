"""The unmodified mlflow client against Mnemo; the results are checked through Mnemo's GraphQL."""
import mlflow
import pytest
from mlflow.exceptions import MlflowException
from mlflow.tracking import MlflowClient

from conftest import graphql


@pytest.fixture(autouse=True)
def tracking(mnemo_url, monkeypatch):
    monkeypatch.setenv("MLFLOW_HTTP_REQUEST_MAX_RETRIES", "0")  # a wrong 5xx fails fast instead of retrying
    mlflow.set_tracking_uri(mnemo_url)
    yield
    if mlflow.active_run():
        mlflow.end_run()


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
