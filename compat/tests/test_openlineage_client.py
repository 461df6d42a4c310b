"""The unmodified openlineage-python client (HTTP transport) against Mnemo; results checked through GraphQL."""
import json
import urllib.error
import urllib.request
from datetime import datetime, timedelta, timezone

import pytest
from openlineage.client import OpenLineageClient
from openlineage.client.event_v2 import DatasetEvent, InputDataset, Job, JobEvent, OutputDataset, Run, RunEvent, RunState, StaticDataset
from openlineage.client.facet_v2 import error_message_run, job_type_job, parent_run, schema_dataset, sql_job
from openlineage.client.transport.http import HttpConfig, HttpTransport
from openlineage.client.uuid import generate_new_uuid

from conftest import graphql

PRODUCER = "https://github.com/mnemo/compat-tests"


@pytest.fixture()
def client(mnemo_url):
    return OpenLineageClient(transport=HttpTransport(HttpConfig(url=mnemo_url, endpoint="api/v1/lineage")))


def table(namespace, name, *columns):
    fields = [schema_dataset.SchemaDatasetFacetFields(name=c, type="VARCHAR") for c in columns]
    return {"schema": schema_dataset.SchemaDatasetFacet(fields=fields)}


def job_events(job_name):
    """START and COMPLETE of one run reading two tables and writing one."""
    run = Run(runId=str(generate_new_uuid()))
    job = Job(namespace="warehouse", name=job_name, facets={"sql": sql_job.SQLJobFacet(query="INSERT INTO churn_features SELECT ...")})
    inputs = [
        InputDataset(namespace="postgres://prod:5432", name="public.orders", facets=table("pg", "orders", "id", "amount")),
        InputDataset(namespace="postgres://prod:5432", name="public.customers", facets=table("pg", "customers", "id")),
    ]
    outputs = [OutputDataset(namespace="postgres://prod:5432", name="public.churn_features", facets=table("pg", "f", "id", "spend"))]
    start_time = datetime(2026, 11, 3, 9, 0, tzinfo=timezone.utc)
    start = RunEvent(eventType=RunState.START, eventTime=start_time.isoformat(), run=run, job=job, producer=PRODUCER, inputs=inputs, outputs=[])
    complete = RunEvent(
        eventType=RunState.COMPLETE,
        eventTime=(start_time + timedelta(minutes=7)).isoformat(),
        run=run,
        job=job,
        producer=PRODUCER,
        inputs=inputs,
        outputs=outputs,
    )
    return run.runId, [start, complete]


def test_start_complete_of_a_job_reading_two_datasets_and_writing_one(mnemo_url, client):
    run_id, events = job_events("build_churn_features")
    for event in events:
        client.emit(event)
    run = graphql(
        mnemo_url,
        """query($id: ID!) { run(id: $id) {
            status startedAt endedAt experiment { name project { id } }
            inputs { version { ... on DatasetVersion { id dataset { name } } } }
            outputs { ... on DatasetVersion { id dataset { name } derivedFrom { ... on DatasetVersion { id } } generatedBy { id } } }
            tags { key value }
        } }""",
        {"id": "run:" + run_id.replace("-", "")},
    )["run"]
    assert run["status"] == "FINISHED"
    assert run["experiment"]["name"] == "build_churn_features"
    assert (run["startedAt"], run["endedAt"]) == ("2026-11-03T09:00:00.000Z", "2026-11-03T09:07:00.000Z")
    assert sorted(i["version"]["dataset"]["name"] for i in run["inputs"]) == ["public.customers", "public.orders"]
    [output] = run["outputs"]
    assert output["dataset"]["name"] == "public.churn_features"
    assert output["generatedBy"]["id"] == "run:" + run_id.replace("-", "")
    assert sorted(d["id"] for d in output["derivedFrom"]) == sorted(i["version"]["id"] for i in run["inputs"])
    assert {"key": "openlineage.sql", "value": "INSERT INTO churn_features SELECT ..."} in run["tags"]
    assert run["experiment"]["project"]["id"] == "project:warehouse"  # the job's namespace

    # The events are kept verbatim, facets included, on the run and on the versions they named.
    kept = graphql(
        mnemo_url,
        """query($run: ID!, $output: ID!) {
            run: openLineageEvents(id: $run) { eventType }
            output: openLineageEvents(id: $output) { eventType payload }
        }""",
        {"run": "run:" + run_id.replace("-", ""), "output": output["id"]},
    )
    assert [e["eventType"] for e in kept["run"]] == ["START", "COMPLETE"]
    [complete] = kept["output"]
    facets = json.loads(complete["payload"])["outputs"][0]["facets"]
    assert [f["name"] for f in facets["schema"]["fields"]] == ["id", "spend"]

    # Downstream of an input, the lineage reaches the output through the run.
    lineage = graphql(
        mnemo_url,
        """query($id: ID!) { lineage(id: $id, direction: DOWNSTREAM) { nodes { node { id } } } }""",
        {"id": run["inputs"][0]["version"]["id"]},
    )["lineage"]
    assert output["id"] in {n["node"]["id"] for n in lineage["nodes"]}


def test_replaying_every_event_changes_nothing(mnemo_url, client):
    run_id, events = job_events("replayed_job")
    for event in events:
        client.emit(event)
    before = audit_and_lineage(mnemo_url, run_id)
    for event in events + list(reversed(events)):
        client.emit(event)
    assert audit_and_lineage(mnemo_url, run_id) == before


def audit_and_lineage(url, run_id):
    run_key = "run:" + run_id.replace("-", "")
    data = graphql(
        url,
        """query($id: ID!) {
            run(id: $id) { status startedAt endedAt inputs { role } outputs { ... on DatasetVersion { id derivedFrom { ... on DatasetVersion { id } } } } tags { key value } }
            auditTrail(first: 500) { id }
            lineage(id: $id, direction: BOTH) { nodes { node { id } } edges { from to type } }
        }""",
        {"id": run_key},
    )
    return json.dumps(data, sort_keys=True)


def test_a_malformed_event_gets_a_400_and_changes_nothing(mnemo_url, client):
    before = graphql(mnemo_url, "{ auditTrail(first: 500) { id } }")
    bad = {"eventType": "FINISHED", "eventTime": "not a time", "run": {"runId": "42"}, "job": {"namespace": "warehouse"}, "producer": PRODUCER}
    request = urllib.request.Request(
        f"{mnemo_url}/api/v1/lineage", data=json.dumps(bad).encode(), headers={"content-type": "application/json"}
    )
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(request, timeout=30)
    assert refused.value.code == 400
    details = json.load(refused.value)["details"]
    assert len(details) == 4 and any("runId must be a UUID" in d for d in details)
    assert graphql(mnemo_url, "{ auditTrail(first: 500) { id } }") == before


def test_a_failed_child_run_job_and_dataset_events(mnemo_url, client):
    """FAIL without a START (its parent never arrives), then a JobEvent and a DatasetEvent."""
    parent_id, child_id = str(generate_new_uuid()), str(generate_new_uuid())
    facets = {
        "parent": parent_run.ParentRunFacet(
            run=parent_run.Run(runId=parent_id), job=parent_run.Job(namespace="airflow", name="nightly_dag")
        ),
        "errorMessage": error_message_run.ErrorMessageRunFacet(message="table not found", programmingLanguage="PYTHON"),
    }
    client.emit(
        RunEvent(
            eventType=RunState.FAIL,
            eventTime="2026-11-04T02:00:00+10:00",
            run=Run(runId=child_id, facets=facets),
            job=Job(namespace="airflow", name="nightly_dag.load_orders"),
            producer=PRODUCER,
            inputs=[InputDataset(namespace="s3://lake", name="raw/orders")],
        )
    )
    client.emit(
        JobEvent(
            eventTime="2026-11-04T03:00:00Z",
            job=Job(namespace="airflow", name="weekly_report"),
            producer=PRODUCER,
            inputs=[InputDataset(namespace="s3://lake", name="marts/report")],
        )
    )
    client.emit(
        DatasetEvent(
            eventTime="2026-11-04T03:00:00Z",
            dataset=StaticDataset(namespace="s3://lake", name="raw/customers", facets=table("s3", "c", "id")),
            producer=PRODUCER,
        )
    )
    run = graphql(
        mnemo_url,
        """query($id: ID!) { run(id: $id) {
            status startedAt endedAt experiment { id project { id } } tags { key value }
            inputs { version { ... on DatasetVersion { dataset { name project { name } dataSource { namespace platform } } } } }
        } }""",
        {"id": "run:" + child_id.replace("-", "")},
    )["run"]
    assert run["status"] == "FAILED"
    assert run["startedAt"] == run["endedAt"] == "2026-11-03T16:00:00.000Z"
    assert run["experiment"] == {"id": "experiment:airflow/nightly_dag.load_orders", "project": {"id": "project:airflow"}}
    tags = {t["key"]: t["value"] for t in run["tags"]}
    assert tags["openlineage.errorMessage"] == "table not found"
    assert tags["openlineage.parentRunId"] == "run:" + parent_id.replace("-", "")
    assert tags["openlineage.parentJob"] == "airflow/nightly_dag"
    # The table is in the job's project, and its namespace is its data source.
    assert run["inputs"][0]["version"]["dataset"] == {
        "name": "raw/orders",
        "project": {"name": "airflow"},
        "dataSource": {"namespace": "s3://lake", "platform": "s3"},
    }

    job = graphql(
        mnemo_url,
        """{ experiment(id: "experiment:airflow/weekly_report") { name }
             openLineageEvents(id: "experiment:airflow/weekly_report") { eventType } }""",
    )
    assert job == {"experiment": {"name": "weekly_report"}, "openLineageEvents": [{"eventType": "JOB"}]}
    hits = graphql(mnemo_url, '{ search(text: "raw/customers", kinds: ["Dataset"]) { node { id ... on Dataset { name } } } }')
    [dataset] = [h["node"] for h in hits["search"] if h["node"]["name"] == "raw/customers"]
    kept = graphql(mnemo_url, "query($id: ID!) { openLineageEvents(id: $id) { eventType payload } }", {"id": dataset["id"]})
    [event] = kept["openLineageEvents"]
    assert event["eventType"] == "DATASET"
    assert json.loads(event["payload"])["dataset"]["facets"]["schema"]["fields"][0]["name"] == "id"


def test_a_flink_shaped_streaming_job_streams_instead_of_running_forever(mnemo_url, client):
    """Flink's integration: START, then RUNNING events while the job runs (checkpoints), never COMPLETE."""
    run = Run(runId=str(generate_new_uuid()))
    job = Job(
        namespace="streaming",
        name="flink-orders-enrichment",
        facets={"jobType": job_type_job.JobTypeJobFacet(processingType="STREAMING", integration="FLINK", jobType="JOB")},
    )
    source = InputDataset(namespace="kafka://kafka-broker:9092", name="orders", facets=table("k", "orders", "order_id", "amount"))
    sink = OutputDataset(
        namespace="kafka://kafka-broker:9092",
        name="orders-enriched",
        facets=table("k", "orders-enriched", "order_id", "amount", "segment"),
    )
    began = datetime(2026, 11, 20, 6, 0, tzinfo=timezone.utc)
    for hours, state in [(0, RunState.START), (1, RunState.RUNNING), (2, RunState.RUNNING)]:
        client.emit(
            RunEvent(
                eventType=state,
                eventTime=(began + timedelta(hours=hours)).isoformat(),
                run=run,
                job=job,
                producer=PRODUCER,
                inputs=[source],
                outputs=[sink],
            )
        )
    found = graphql(
        mnemo_url,
        """query($id: ID!) { run(id: $id) {
            status processingType startedAt endedAt lastEventAt
            outputs { ... on DatasetVersion { id dataset { name dataSource { platform host } versions { id } } } }
        } }""",
        {"id": "run:" + run.runId.replace("-", "")},
    )["run"]
    # Still running, and said to be streaming, with the time it last reported: alive, not stuck.
    assert (found["status"], found["processingType"], found["endedAt"]) == ("RUNNING", "STREAMING", None)
    assert found["lastEventAt"] == "2026-11-20T08:00:00.000Z"
    # Each checkpoint lists the same sink with the same schema: one version of it, in the Kafka source.
    [output] = found["outputs"]
    assert output["dataset"]["name"] == "orders-enriched"
    assert len(output["dataset"]["versions"]) == 1
    assert output["dataset"]["dataSource"] == {"platform": "kafka", "host": "kafka-broker:9092"}
