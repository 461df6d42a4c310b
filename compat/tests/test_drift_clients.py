"""Schemas, column statistics and drift flags sent by the unmodified mlflow and openlineage-python clients.

Each client registers two consecutive versions of one dataset whose columns differ; Mnemo diffs them at
registration and `driftFlags` judges them. Everything is checked through Mnemo's GraphQL.
"""

from datetime import datetime, timedelta, timezone

import mlflow
import pytest
import requests
from openlineage.client import OpenLineageClient
from openlineage.client.event_v2 import InputDataset, Job, OutputDataset, Run, RunEvent, RunState
from openlineage.client.facet_v2 import data_quality_metrics_dataset as output_quality
from openlineage.client.facet_v2 import data_quality_metrics_input_dataset as input_quality
from openlineage.client.facet_v2 import schema_dataset
from openlineage.client.serde import Serde
from openlineage.client.transport.http import HttpConfig, HttpTransport
from openlineage.client.uuid import generate_new_uuid

from conftest import graphql

PRODUCER = "https://github.com/mnemo/compat-tests"

VERSION_FIELDS = """
    id
    schema { name type nullable }
    columnStats { column count nulls mean std distinct }
    schemaChange { previousVersionId changed added { name type } removed { name type } retyped { name from to } }
    dataset { id project { id } versions { id } }
"""

FLAGS = """query($project: ID!, $kinds: [DriftFlagKind!]) {
    driftFlags(projectId: $project, kinds: $kinds) {
        kind subjectId previousId column measure value threshold explanation
    }
}"""


def drift_flags(url, project, kinds):
    return graphql(url, FLAGS, {"project": project, "kinds": kinds})["driftFlags"]


# --- mlflow.data: the dataset's colspec schema ------------------------------------------------------------


def mlflow_input(url, run_id):
    run = graphql(
        url,
        f"""query($id: ID!) {{ run(id: $id) {{
            experiment {{ project {{ id }} }}
            inputs {{ role version {{ ... on DatasetVersion {{ {VERSION_FIELDS} }} }} }}
        }} }}""",
        {"id": f"run:{run_id}"},
    )["run"]
    [used] = run["inputs"]
    assert used["role"] == "training"
    return run["experiment"]["project"]["id"], used["version"]


@pytest.mark.filterwarnings("ignore:Hint. Inferred schema contains integer column")
def test_mlflow_dataset_schemas_are_diffed_and_flagged(mnemo_url, tracking):
    import pandas as pd

    mlflow.set_experiment("drift subscriptions")
    september = pd.DataFrame(
        {"customer_id": [101, 102, 103], "plan": ["basic", None, "pro"], "monthly_fee": [9.5, 19.0, 29.0]}
    )
    # customer_id becomes text, plan is dropped, region is new.
    october = pd.DataFrame(
        {"customer_id": ["C-101", "C-102", "C-104"], "monthly_fee": [9.5, 19.0, 35.0], "region": ["eu", "us", "eu"]}
    )
    logged = []
    for label, frame in [("september", september), ("october", october)]:
        dataset = mlflow.data.from_pandas(frame, name="subscriptions")
        with mlflow.start_run(run_name=f"train on {label}") as run:
            mlflow.log_input(dataset, context="training")
        logged.append((run.info.run_id, dataset))

    (project, first), (same_project, second) = (mlflow_input(mnemo_url, run_id) for run_id, _ in logged)
    assert same_project == project == first["dataset"]["project"]["id"]  # the experiment's project
    assert second["dataset"]["id"] == first["dataset"]["id"]
    assert {v["id"] for v in first["dataset"]["versions"]} == {first["id"], second["id"]}

    # The columns as MLflow typed them; a column that is not required is nullable.
    assert first["schema"] == [
        {"name": "customer_id", "type": "long", "nullable": False},
        {"name": "plan", "type": "string", "nullable": True},
        {"name": "monthly_fee", "type": "double", "nullable": False},
    ]
    assert second["schema"] == [
        {"name": "customer_id", "type": "string", "nullable": False},
        {"name": "monthly_fee", "type": "double", "nullable": False},
        {"name": "region", "type": "string", "nullable": False},
    ]
    for (_, dataset), version in zip(logged, [first, second]):  # what the client sent, column for column
        declared = [
            {"name": c["name"], "type": c["type"], "nullable": not c["required"]} for c in dataset.schema.to_dict()
        ]
        assert version["schema"] == declared
    assert first["columnStats"] is None and second["columnStats"] is None  # mlflow.data sends no statistics

    assert first["schemaChange"] is None  # the first version has nothing to differ from
    assert second["schemaChange"] == {
        "previousVersionId": first["id"],
        "changed": True,
        "added": [{"name": "region", "type": "string"}],
        "removed": [{"name": "plan", "type": "string"}],
        "retyped": [{"name": "customer_id", "from": "long", "to": "string"}],
    }

    flags = [
        f
        for f in drift_flags(mnemo_url, project, ["SCHEMA_CHANGE", "STATISTICS_DRIFT"])
        if f["subjectId"] in (first["id"], second["id"])
    ]
    [flag] = flags
    assert (flag["kind"], flag["subjectId"], flag["previousId"]) == ("SCHEMA_CHANGE", second["id"], first["id"])
    assert (flag["measure"], flag["value"], flag["threshold"], flag["column"]) == ("columns_changed", 3, 0, None)
    assert "column customer_id retyped long → string" in flag["explanation"]

    # Logging the october frame again is the same version: no new version, still one flag.
    with mlflow.start_run(run_name="retrain on october"):
        mlflow.log_input(logged[1][1], context="training")
    again = graphql(
        mnemo_url, "query($id: ID!) { dataset(id: $id) { versions { id } } }", {"id": first["dataset"]["id"]}
    )
    assert len(again["dataset"]["versions"]) == 2
    assert [
        f["subjectId"]
        for f in drift_flags(mnemo_url, project, ["SCHEMA_CHANGE"])
        if f["subjectId"] in (first["id"], second["id"])
    ] == [second["id"]]


# --- OpenLineage: the schema facet and the dataQualityMetrics facets --------------------------------------


@pytest.fixture()
def client(mnemo_url):
    return OpenLineageClient(transport=HttpTransport(HttpConfig(url=mnemo_url, endpoint="api/v1/lineage")))


def field(name, type_, *nested):
    return schema_dataset.SchemaDatasetFacetFields(name=name, type=type_, fields=list(nested))


def column_metrics(module, **columns):
    return {name: module.ColumnMetrics(**metrics) for name, metrics in columns.items()}


def refresh(client, namespace, when, output_fields, output_metrics, input_metrics):
    """One COMPLETE run of the refresh job: reads payments (with its input metrics), writes subscriptions."""
    run_id = str(generate_new_uuid())
    client.emit(
        RunEvent(
            eventType=RunState.COMPLETE,
            eventTime=when.isoformat(),
            run=Run(runId=run_id),
            job=Job(namespace=namespace, name="refresh_subscriptions"),
            producer=PRODUCER,
            inputs=[
                InputDataset(
                    namespace=namespace,
                    name="public.payments",
                    inputFacets={
                        "dataQualityMetrics": input_quality.DataQualityMetricsInputDatasetFacet(
                            rowCount=500, columnMetrics=column_metrics(input_quality, **input_metrics)
                        )
                    },
                )
            ],
            outputs=[
                OutputDataset(
                    namespace=namespace,
                    name="public.subscriptions",
                    facets={
                        "schema": schema_dataset.SchemaDatasetFacet(fields=output_fields),
                        "dataQualityMetrics": output_quality.DataQualityMetricsDatasetFacet(
                            rowCount=1000, columnMetrics=column_metrics(output_quality, **output_metrics)
                        ),
                    },
                )
            ],
        )
    )
    return "run:" + run_id.replace("-", "")


def versions_of_run(url, run_id):
    run = graphql(
        url,
        f"""query($id: ID!) {{ run(id: $id) {{
            inputs {{ version {{ ... on DatasetVersion {{ {VERSION_FIELDS} }} }} }}
            outputs {{ ... on DatasetVersion {{ {VERSION_FIELDS} }} }}
        }} }}""",
        {"id": run_id},
    )["run"]
    [used] = run["inputs"]
    [written] = run["outputs"]
    return used["version"], written


def test_openlineage_schema_and_quality_facets_are_diffed_and_flagged(mnemo_url, client):
    namespace = "drift-warehouse"
    start = datetime(2026, 10, 1, 6, 0, tzinfo=timezone.utc)
    address = field("address", "STRUCT", field("city", "VARCHAR"))
    first_run = refresh(
        client,
        namespace,
        start,
        [field("customer_id", "INTEGER"), field("plan", "VARCHAR"), field("monthly_fee", "DOUBLE"), address],
        {
            "customer_id": {"count": 1000, "nullCount": 0, "distinctCount": 1000},
            "monthly_fee": {"count": 1000, "nullCount": 0, "distinctCount": 40, "sum": 12000.0},
        },
        {"amount": {"count": 500, "nullCount": 5, "distinctCount": 100, "sum": 5000.0}},
    )
    # A month later: customer_id is text, plan is gone, churn_score is new; monthly_fee comes in cents
    # (its mean a hundredfold) with a quarter of it missing; payments' amounts take far fewer values.
    second_run = refresh(
        client,
        namespace,
        start + timedelta(days=31),
        [field("customer_id", "VARCHAR"), field("monthly_fee", "DOUBLE"), field("churn_score", "DOUBLE"), address],
        {
            "customer_id": {"count": 1000, "nullCount": 0, "distinctCount": 1000},
            "monthly_fee": {"count": 1000, "nullCount": 250, "distinctCount": 41, "sum": 900000.0},
        },
        {"amount": {"count": 500, "nullCount": 5, "distinctCount": 30, "sum": 5100.0}},
    )
    payments_before, subscriptions_before = versions_of_run(mnemo_url, first_run)
    payments_after, subscriptions_after = versions_of_run(mnemo_url, second_run)
    project = subscriptions_after["dataset"]["project"]["id"]
    assert project == "project:drift-warehouse"  # the datasets' namespace

    # Nested fields are columns named parent.child; OpenLineage's types are kept as sent.
    assert subscriptions_before["schema"] == [
        {"name": "customer_id", "type": "INTEGER", "nullable": None},
        {"name": "plan", "type": "VARCHAR", "nullable": None},
        {"name": "monthly_fee", "type": "DOUBLE", "nullable": None},
        {"name": "address", "type": "STRUCT", "nullable": None},
        {"name": "address.city", "type": "VARCHAR", "nullable": None},
    ]
    assert subscriptions_before["schemaChange"] is None
    assert subscriptions_after["schemaChange"] == {
        "previousVersionId": subscriptions_before["id"],
        "changed": True,
        "added": [{"name": "churn_score", "type": "DOUBLE"}],
        "removed": [{"name": "plan", "type": "VARCHAR"}],
        "retyped": [{"name": "customer_id", "from": "INTEGER", "to": "VARCHAR"}],
    }
    # The dataset facet's metrics on the output, the input facet's on the input; mean = sum / count and
    # no standard deviation (OpenLineage carries none).
    assert subscriptions_after["columnStats"] == [
        {"column": "customer_id", "count": 1000, "nulls": 0, "mean": None, "std": None, "distinct": 1000},
        {"column": "monthly_fee", "count": 1000, "nulls": 250, "mean": 900.0, "std": None, "distinct": 41},
    ]
    assert payments_before["columnStats"] == [
        {"column": "amount", "count": 500, "nulls": 5, "mean": 10.0, "std": None, "distinct": 100}
    ]
    assert payments_after["schema"] is None and payments_after["schemaChange"] is None  # it sent no schema facet

    flags = drift_flags(mnemo_url, project, ["SCHEMA_CHANGE", "STATISTICS_DRIFT"])
    found = sorted((f["kind"], f["subjectId"], f["previousId"], f["column"], f["measure"], f["value"]) for f in flags)
    assert found == sorted(
        [
            ("SCHEMA_CHANGE", subscriptions_after["id"], subscriptions_before["id"], None, "columns_changed", 3),
            # null rate 0 → 0.25
            (
                "STATISTICS_DRIFT",
                subscriptions_after["id"],
                subscriptions_before["id"],
                "monthly_fee",
                "null_rate_change",
                0.25,
            ),
            # 100 → 30 distinct amounts
            ("STATISTICS_DRIFT", payments_after["id"], payments_before["id"], "amount", "distinct_change_ratio", 0.7),
        ]
    )
    # monthly_fee's mean moved from 12 to 900, but without a previous standard deviation the shift cannot be
    # measured in standard deviations, so OpenLineage metrics alone never give a mean_shift_sd flag.
    assert not any(f["measure"] == "mean_shift_sd" for f in flags)


# --- Bad facets -------------------------------------------------------------------------------------------


def test_a_facet_that_is_not_an_object_is_refused_and_changes_nothing(mnemo_url, client):
    before = graphql(mnemo_url, "{ auditTrail(first: 500) { id } }")
    event = RunEvent(
        eventType=RunState.COMPLETE,
        eventTime="2026-10-02T06:00:00+00:00",
        run=Run(runId=str(generate_new_uuid())),
        job=Job(namespace="drift-refused", name="broken_job"),
        producer=PRODUCER,
        # A schema facet sent as the bare list of its fields.
        outputs=[
            OutputDataset(namespace="drift-refused", name="public.broken", facets={"schema": [field("id", "INTEGER")]})
        ],
    )
    with pytest.raises(requests.HTTPError) as refused:
        client.emit(event)
    assert refused.value.response.status_code == 400
    assert refused.value.response.json() == {
        "error": "Invalid OpenLineage event",
        "details": ["outputs[0].facets.schema must be an object"],
    }
    assert graphql(mnemo_url, "{ auditTrail(first: 500) { id } }") == before
    nothing = graphql(
        mnemo_url,
        """{ project: node(id: "project:drift-refused") { id }
             dataset: node(id: "dataset:drift-refused/public.broken") { id }
             experiment: node(id: "experiment:drift-refused/broken_job") { id } }""",
    )
    assert nothing == {"project": None, "dataset": None, "experiment": None}


def test_a_nameless_field_and_a_negative_count_are_left_out_not_refused(mnemo_url, client):
    """By design the server reads the schema and dataQualityMetrics facets leniently (drift/schema.ts): a
    field without a name, and a count that is not a whole non-negative number, are skipped (and listed in
    the answer's `tolerated`) and the rest of the event is ingested. (GraphQL's registerDatasetVersion
    refuses the same input with BAD_USER_INPUT.)"""
    run_id = str(generate_new_uuid())
    event = RunEvent(
        eventType=RunState.COMPLETE,
        eventTime="2026-10-03T06:00:00+00:00",
        run=Run(runId=run_id),
        job=Job(namespace="drift-lenient", name="sloppy_job"),
        producer=PRODUCER,
        outputs=[
            OutputDataset(
                namespace="drift-lenient",
                name="public.sloppy",
                facets={
                    "schema": schema_dataset.SchemaDatasetFacet(fields=[field("", "INTEGER"), field("id", "VARCHAR")]),
                    "dataQualityMetrics": output_quality.DataQualityMetricsDatasetFacet(
                        columnMetrics=column_metrics(
                            output_quality, id={"count": -5, "nullCount": 1, "distinctCount": 3, "sum": 7.0}
                        )
                    ),
                },
            )
        ],
    )
    sent = Serde.to_dict(event)
    assert sent["outputs"][0]["facets"]["schema"]["fields"][0]["name"] == ""  # the client sends it as is
    response = client.transport.emit(event)
    assert response.status_code == 201
    assert response.json()["status"] == "recorded"
    # ... and the answer says what was left out, so the client can tell.
    assert response.json()["tolerated"] == [
        "drift-lenient/public.sloppy: schema field [0] has no name (left out)",
        "drift-lenient/public.sloppy: dataQualityMetrics column id: count must be a whole number ≥ 0 (left out)",
    ]

    [written] = graphql(
        mnemo_url,
        """query($id: ID!) { run(id: $id) { outputs { ... on DatasetVersion {
            schema { name type } columnStats { column count nulls mean distinct }
        } } } }""",
        {"id": "run:" + run_id.replace("-", "")},
    )["run"]["outputs"]
    assert written["schema"] == [{"name": "id", "type": "VARCHAR"}]
    # Without a usable count there is no mean either (it is sum / count).
    assert written["columnStats"] == [{"column": "id", "count": None, "nulls": 1, "mean": None, "distinct": 3}]
