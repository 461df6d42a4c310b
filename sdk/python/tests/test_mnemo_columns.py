"""Dataset columns and statistics: computed by the SDK from row dicts or a pandas DataFrame, sent with
the version's registration, and diffed and judged for drift by the real api (Neo4j underneath)."""

import math
import statistics
import uuid

import pytest
import real_api

import mnemo
from mnemo import columns

# The real api, for the tests below that ask for it (real_api.py says why these are not in a conftest.py).
mnemo_api_url, graphql = real_api.mnemo_api_url, real_api.graphql

VERSION = """query($id: ID!) {
  datasetVersion(id: $id) {
    id
    schema { name type nullable }
    columnStats { column count nulls mean std distinct }
    schemaChange { previousVersionId changed added { name type } removed { name type } retyped { name from to } }
  }
}"""
FLAGS = """query($projectId: ID!) {
  driftFlags(projectId: $projectId, kinds: [SCHEMA_CHANGE, STATISTICS_DRIFT]) {
    kind subjectId previousId column measure value threshold explanation
  }
}"""
NOTHING_WRITTEN = """query($dataset: ID!, $run: ID!) {
  dataset(id: $dataset) { id }
  run(id: $run) { inputs { version { ... on DatasetVersion { id } } } outputs { ... on DatasetVersion { id } } }
}"""

# Version 1: id (long), amount around 100, score, city. Version 2: id retyped to string, city removed,
# channel added, amount shifted to around 130 (far beyond 3 standard deviations), score unchanged.
AMOUNTS_1 = [96.0, 98.0, 99.0, 100.0, 100.0, 101.0, 102.0, 104.0]
AMOUNTS_2 = [128.0, 129.0, 130.0, 131.0, 129.5, 130.5, 132.0, 130.0]
SCORES = [0.1, 0.4, 0.35, 0.8, None, 0.55, 0.6, 0.2]
ROWS_1 = [
    {"id": i, "amount": a, "score": s, "city": ["paris", "lyon", "nice"][i % 3]}
    for i, (a, s) in enumerate(zip(AMOUNTS_1, SCORES))
]
ROWS_2 = [
    {"id": f"t-{i}", "amount": a, "score": s, "channel": ["web", "app"][i % 2]}
    for i, (a, s) in enumerate(zip(AMOUNTS_2, SCORES))
]


def test_row_dicts_give_types_and_simple_statistics():
    rows = [
        {"id": 1, "amount": 2.5, "city": "a", "paid": True},
        {"id": 2, "amount": None, "city": "b", "paid": False},
        {"id": 3, "amount": 4, "paid": True},  # no city: a null; an int among floats: double
    ]
    schema, stats = columns.describe(rows)
    assert schema == [
        {"name": "id", "type": "long"},
        {"name": "amount", "type": "double"},
        {"name": "city", "type": "string"},
        {"name": "paid", "type": "boolean"},
    ]
    assert stats == [
        {"column": "id", "count": 3, "nulls": 0, "distinct": 3, "mean": 2.0, "std": 1.0},
        {"column": "amount", "count": 3, "nulls": 1, "distinct": 2, "mean": 3.25, "std": pytest.approx(1.0606601717)},
        {"column": "city", "count": 3, "nulls": 1, "distinct": 2},  # no mean or std: not numeric
        {"column": "paid", "count": 3, "nulls": 0, "distinct": 2},  # booleans are not numbers here
    ]


def test_a_pandas_dataframe_describes_as_its_rows_do():
    pandas = pytest.importorskip("pandas")
    frame = pandas.DataFrame(ROWS_1)
    schema, stats = columns.describe(frame)
    assert (schema, stats) == columns.describe(ROWS_1)
    # and agrees with pandas' own figures (NaN in score is a null; std is the sample one)
    [score] = [s for s in stats if s["column"] == "score"]
    assert score["nulls"] == int(frame["score"].isna().sum()) == 1
    assert score["mean"] == pytest.approx(frame["score"].mean()) and score["std"] == pytest.approx(frame["score"].std())
    assert score["distinct"] == frame["score"].nunique()


@pytest.fixture()
def client(mnemo_api_url, tmp_path):
    return mnemo.Client(mnemo_api_url, spool_dir=str(tmp_path / "spool"), retries=1, backoff=0.1)


def write(path, rows) -> str:
    path.write_text("\n".join(repr(row) for row in rows))
    return str(path)


def test_a_changed_schema_and_a_shifted_mean_are_flagged(client, graphql, tmp_path):
    pandas = pytest.importorskip("pandas")
    project = f"drift-{uuid.uuid4().hex[:8]}"
    with mnemo.start_run(project, "etl", client=client, utilization_interval=0) as run:
        first = run.use_dataset(write(tmp_path / "v1.jsonl", ROWS_1), name="transactions", version="v1", data=ROWS_1)
        # The second version from pandas: the same vocabulary, so only real changes show.
        second = run.log_dataset(
            write(tmp_path / "v2.jsonl", ROWS_2), name="transactions", version="v2", data=pandas.DataFrame(ROWS_2)
        )

    v1 = graphql(VERSION, {"id": first.id})["datasetVersion"]
    v2 = graphql(VERSION, {"id": second.id})["datasetVersion"]
    assert v1["schema"] == [
        {"name": "id", "type": "long", "nullable": None},
        {"name": "amount", "type": "double", "nullable": None},
        {"name": "score", "type": "double", "nullable": None},
        {"name": "city", "type": "string", "nullable": None},
    ]
    assert v1["schemaChange"] is None  # the first version has nothing to differ from
    amount_1 = next(s for s in v1["columnStats"] if s["column"] == "amount")
    assert amount_1 == {
        "column": "amount",
        "count": 8,
        "nulls": 0,
        "mean": pytest.approx(statistics.mean(AMOUNTS_1)),
        "std": pytest.approx(statistics.stdev(AMOUNTS_1)),
        "distinct": 7,
    }
    assert v2["schemaChange"] == {
        "previousVersionId": first.id,
        "changed": True,
        "added": [{"name": "channel", "type": "string"}],
        "removed": [{"name": "city", "type": "string"}],
        "retyped": [{"name": "id", "from": "long", "to": "string"}],
    }

    flags = graphql(FLAGS, {"projectId": f"project:{project}"})["driftFlags"]
    [schema_flag] = [f for f in flags if f["kind"] == "SCHEMA_CHANGE"]
    assert schema_flag["subjectId"] == second.id and schema_flag["previousId"] == first.id
    assert schema_flag["measure"] == "columns_changed" and schema_flag["value"] == 3
    drift = [f for f in flags if f["kind"] == "STATISTICS_DRIFT"]
    # amount's mean moved; score (same values) and the retyped id (no longer numeric) did not trip anything.
    assert [(f["column"], f["measure"]) for f in drift] == [("amount", "mean_shift_sd")]
    shift = abs(statistics.mean(AMOUNTS_2) - statistics.mean(AMOUNTS_1)) / statistics.stdev(AMOUNTS_1)
    assert drift[0]["value"] == pytest.approx(round(shift, 4)) and drift[0]["threshold"] == 3
    assert drift[0]["subjectId"] == second.id and "amount" in drift[0]["explanation"]


def test_explicit_schema_and_statistics_are_sent_as_given(client, graphql, tmp_path):
    schema = [{"name": "user_id", "type": "VARCHAR", "nullable": False}, {"name": "spend", "type": "DECIMAL(10,2)"}]
    stats = [{"column": "spend", "count": 1000, "nulls": 12, "mean": 41.5, "std": 9.25, "distinct": 640}]
    with mnemo.start_run(f"explicit-{uuid.uuid4().hex[:8]}", "e", client=client, utilization_interval=0) as run:
        # Explicit ones win over what `data` would give.
        ref = run.use_dataset(
            write(tmp_path / "w.csv", [1]), name="warehouse", data=[{"other": 1}], schema=schema, column_stats=stats
        )
    version = graphql(VERSION, {"id": ref.id})["datasetVersion"]
    assert version["schema"] == [
        {"name": "user_id", "type": "VARCHAR", "nullable": False},
        {"name": "spend", "type": "DECIMAL(10,2)", "nullable": None},
    ]
    assert version["columnStats"] == [{**stats[0], "mean": 41.5, "std": 9.25}]


BAD = [
    ({"schema": {"name": "id", "type": "long"}}, "schema: must be a list of dicts; got dict"),
    ({"schema": "id long"}, "schema: must be a list of dicts; got str"),
    ({"schema": [{"type": "long"}]}, "schema[0].name: must be a non-empty string; got None"),
    ({"schema": [{"name": "id"}]}, "schema[0].type: must be a non-empty string"),
    ({"schema": [{"name": "a", "type": "long"}, {"name": "a", "type": "double"}]}, 'names column "a" twice'),
    ({"schema": [{"name": "a", "type": "long", "width": 3}]}, "unknown key 'width'"),
    ({"column_stats": [{"count": 3}]}, "column_stats[0].column: must be a non-empty string"),
    ({"column_stats": [{"column": "a", "count": -1}]}, "column_stats[0].count: must be a whole number >= 0"),
    ({"column_stats": [{"column": "a", "mean": math.inf}]}, "column_stats[0].mean: must be a finite number"),
    ({"data": "a,b\n1,2"}, "data: must be a pandas DataFrame or a list of row dicts"),
    ({"data": [{"a": 1}, [1, 2]]}, "data[1]: must be a dict of column values"),
    ({"data": [{"": 1}]}, "column names must be non-empty strings"),
]


@pytest.mark.parametrize(("arguments", "problem"), BAD, ids=[problem for _, problem in BAD])
def test_a_malformed_description_is_refused_before_anything_is_sent(arguments, problem):
    with pytest.raises(mnemo.MnemoError) as refused:
        columns.describe(**arguments)
    assert refused.value.code == "BAD_USER_INPUT" and problem in str(refused.value)
    assert refused.value.extensions["problems"]


def test_a_refused_description_writes_nothing(client, graphql, tmp_path):
    project = f"refused-{uuid.uuid4().hex[:8]}"
    path = write(tmp_path / "d.csv", ROWS_1)
    with mnemo.start_run(project, "e", client=client, utilization_interval=0) as run:
        with pytest.raises(mnemo.MnemoError, match=r"schema\[0\]\.name"):
            run.use_dataset(path, name="never", schema=[{"type": "long"}])
        with pytest.raises(mnemo.MnemoError, match="schema: must be a list"):
            run.log_dataset(path, name="never", schema={"id": "long"})
    written = graphql(NOTHING_WRITTEN, {"dataset": f"dataset:{project}/never", "run": run.id})
    assert written["dataset"] is None
    assert written["run"] == {"inputs": [], "outputs": []}
    assert run.status == "FINISHED"
