"""A real dbt project (compat/dbt/shop, DuckDB) run with `dbt-ol` against Mnemo: the lineage Mnemo
builds from openlineage-dbt's events is compared with dbt's own manifest."""
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT, graphql

PROJECT = ROOT / "compat" / "dbt" / "shop"

DATASET = """query($text: String!) { search(text: $text, kinds: ["Dataset"], first: 100) {
  node { id ... on Dataset { name dataSource { namespace } } } } }"""
UPSTREAM = """query($id: ID!) { lineage(id: $id, direction: UPSTREAM, maxDepth: 50) {
  nodes { node { id kind ... on DatasetVersion { dataset { name } } } } } }"""
IMPACT = """query($target: ID!) { impact(target: $target) { affected { node { id kind ... on DatasetVersion { dataset { name } } } } } }"""


def run_shop(mnemo_url, workdir, namespace, commands):
    """The shop copied to workdir and run with each command (dbt-ol, or dbt where says so); answers its manifest,
    with the data source its tables live in (DuckDB's namespace is its file) under "_source"."""
    shutil.copytree(PROJECT, workdir)
    bin_dir = str(Path(sys.executable).parent)
    env = {
        **os.environ,
        "PATH": f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}",  # dbt-ol runs `dbt`
        "SHOP_DUCKDB_PATH": str(workdir / "shop.duckdb"),
        "OPENLINEAGE_URL": mnemo_url,
        "OPENLINEAGE_ENDPOINT": "api/v1/lineage",
        "OPENLINEAGE_NAMESPACE": namespace,
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
    }
    for command in commands:
        program = "dbt" if command[0] == "docs" else "dbt-ol"
        done = subprocess.run(
            [program, *command, "--project-dir", str(workdir), "--profiles-dir", str(workdir)],
            env=env,
            cwd=workdir,
            capture_output=True,
            text=True,
            timeout=600,
        )
        assert done.returncode == 0, f"{program} {command[0]} failed:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
        if program == "dbt-ol":
            assert "Emitted" in done.stdout + done.stderr, "dbt-ol sent no OpenLineage events"
    manifest = json.loads((workdir / "target" / "manifest.json").read_text())
    manifest["_source"] = f"duckdb://{workdir / 'shop.duckdb'}"
    return manifest


@pytest.fixture(scope="module")
def shop(mnemo_url, tmp_path_factory):
    """The shop seeded, run, tested and run again with dbt-ol (its default mode: dbt's artifacts after each command)."""
    return run_shop(mnemo_url, tmp_path_factory.mktemp("dbt") / "shop", "shop", (["seed"], ["run"], ["test"], ["run"]))


@pytest.fixture(scope="module")
def shop_from_logs(mnemo_url, tmp_path_factory):
    """Another copy, its models run twice with `dbt-ol run --consume-structured-logs` after `dbt docs generate`:
    events while dbt runs, one per model and per SQL statement."""
    commands = (["seed"], ["docs", "generate"], ["run", "--consume-structured-logs"], ["run", "--consume-structured-logs"])
    return run_shop(mnemo_url, tmp_path_factory.mktemp("dbt-logs") / "shop", "shop-logs", commands)


def models(manifest):
    """dbt's models by unique id, each with the name OpenLineage gives its table (database.schema.alias)."""
    return {
        key: f"{node['database']}.{node['schema']}.{node['alias']}"
        for key, node in manifest["nodes"].items()
        if node["resource_type"] == "model"
    }


def dbt_upstream(manifest, key):
    """The models a model depends on, transitively, by dbt's own depends_on."""

    def depends_on(node):  # seeds depend on no nodes
        return manifest["nodes"][node].get("depends_on", {}).get("nodes", [])

    seen, todo = set(), list(depends_on(key))
    while todo:
        node = todo.pop()
        if node in seen or node not in manifest["nodes"]:
            continue
        seen.add(node)
        todo.extend(depends_on(node))
    return seen


def dataset_id(mnemo_url, name, manifest):
    """The dataset of that name in the data source of that run of the shop."""
    hits = graphql(mnemo_url, DATASET, {"text": name})["search"]
    ids = [
        hit["node"]["id"]
        for hit in hits
        if hit["node"]["name"] == name and (hit["node"]["dataSource"] or {}).get("namespace") == manifest["_source"]
    ]
    assert len(ids) == 1, f"{name}: {hits}"
    return ids[0]


def dataset_names(nodes):
    return {n["node"]["dataset"]["name"] for n in nodes if n["node"]["kind"] == "DatasetVersion"}


def test_every_models_upstream_in_mnemo_is_dbts_depends_on_closure(mnemo_url, shop):
    names = models(shop)
    for key, name in names.items():
        upstream = graphql(mnemo_url, UPSTREAM, {"id": dataset_id(mnemo_url, name, shop)})["lineage"]["nodes"]
        # Seeds count where the client sends them as inputs (openlineage-dbt does not for `dbt run`).
        found = dataset_names(upstream) & set(names.values()) - {name}
        expected = {names[node] for node in dbt_upstream(shop, key) if node in names}
        assert (name, found) == (name, expected)


def test_the_impact_of_each_model_lists_every_model_built_from_it(mnemo_url, shop):
    names = models(shop)
    for key, name in names.items():
        children = {names[other] for other in names if key in dbt_upstream(shop, other)}
        affected = graphql(mnemo_url, IMPACT, {"target": dataset_id(mnemo_url, name, shop)})["impact"]["affected"]
        assert (name, dataset_names(affected) & set(names.values()) - {name}) == (name, children)


def test_a_second_identical_run_adds_runs_and_no_versions(mnemo_url, shop):
    # The fixture ran `dbt-ol run` twice on unchanged models: each table is still one version.
    for name in models(shop).values():
        versions = graphql(mnemo_url, "query($id: ID!) { dataset(id: $id) { versions { id } } }", {"id": dataset_id(mnemo_url, name, shop)})
        assert (name, len(versions["dataset"]["versions"])) == (name, 1)


def test_models_are_described_as_in_dbt(mnemo_url, shop):
    for key, name in models(shop).items():
        description = shop["nodes"][key]["description"]
        if not description:
            continue
        found = graphql(mnemo_url, "query($id: ID!) { dataset(id: $id) { description } }", {"id": dataset_id(mnemo_url, name, shop)})
        assert (name, found["dataset"]["description"]) == (name, description)


def test_dbt_tests_are_data_quality_checks_of_the_versions_they_tested(mnemo_url, shop):
    names = models(shop)
    expected = {}
    for node in shop["nodes"].values():
        meta = node.get("test_metadata")
        if node["resource_type"] != "test" or not meta:
            continue
        model = node.get("attached_node") or next((p for p in node["depends_on"]["nodes"] if p in names), None)
        if model not in names:
            continue
        column = meta.get("kwargs", {}).get("column_name") or node.get("column_name")
        expected.setdefault(names[model], set()).add(f"{meta['name']}({column})" if column else meta["name"])
    assert expected, "the shop's models have tests"
    query = "query($id: ID!) { dataset(id: $id) { versions { dataQualityChecks { name passed } } } }"
    for name, checks in expected.items():
        versions = graphql(mnemo_url, query, {"id": dataset_id(mnemo_url, name, shop)})["dataset"]["versions"]
        found = {(c["name"], c["passed"]) for v in versions for c in v["dataQualityChecks"]}
        # Every test of the model is a check of the version it tested, and the shop's tests pass.
        assert (name, {(check, True) for check in checks} - found) == (name, set())


def test_column_lineage_of_a_mart_column_reaches_its_source_columns(mnemo_url, shop):
    # daily_revenue.revenue = sum(stg_orders.amount), and stg_orders.amount is raw_orders.amount.
    names = models(shop)
    mart = next(name for name in names.values() if name.endswith(".daily_revenue"))
    [version] = graphql(mnemo_url, "query($id: ID!) { dataset(id: $id) { versions { id } } }", {"id": dataset_id(mnemo_url, mart, shop)})[
        "dataset"
    ]["versions"]
    query = """query($id: ID!) { columnLineage(versionId: $id, column: "revenue", direction: UPSTREAM) {
      columns { name depth version { ... on DatasetVersion { dataset { name } } } } } }"""
    columns = graphql(mnemo_url, query, {"id": version["id"]})["columnLineage"]["columns"]
    reached = {(c["version"]["dataset"]["name"].split(".")[-1], c["name"], c["depth"]) for c in columns}
    assert ("stg_orders", "amount", 1) in reached, reached
    assert ("raw_orders", "amount", 2) in reached, reached


def test_a_dbt_invocation_is_one_pipeline_with_its_models_inside(mnemo_url, shop):
    query = """{ all: experiments(first: 500, filter: { projectId: "project:shop" }) { nodes { name parent { name } } }
      top: experiments(first: 500, filter: { projectId: "project:shop", topLevel: true }) { nodes { name children { name } } } }"""
    found = graphql(mnemo_url, query)
    # openlineage-dbt names a model's job database.schema.<unique id without "model.">.
    model_jobs = {
        f"{node['database']}.{node['schema']}.{key.removeprefix('model.')}"
        for key, node in shop["nodes"].items()
        if node["resource_type"] == "model"
    }
    # Every model's job is inside an invocation's job; the top level is the invocations alone.
    inside = {e["name"]: e["parent"] for e in found["all"]["nodes"] if e["name"] in model_jobs}
    assert set(inside) == model_jobs and all(parent is not None for parent in inside.values()), inside
    top = found["top"]["nodes"]
    assert not {e["name"] for e in top} & model_jobs
    assert len(top) < len(found["all"]["nodes"]) and any(e["children"] for e in top), top


def test_structured_logs_mode_gives_the_same_lineage_versions_and_one_pipeline(mnemo_url, shop_from_logs):
    # The same checks as in the default mode, on the copy run with --consume-structured-logs.
    test_every_models_upstream_in_mnemo_is_dbts_depends_on_closure(mnemo_url, shop_from_logs)
    test_the_impact_of_each_model_lists_every_model_built_from_it(mnemo_url, shop_from_logs)
    test_a_second_identical_run_adds_runs_and_no_versions(mnemo_url, shop_from_logs)
    # Its models' jobs (and their SQL statements') sit inside the invocation: the top level holds no model.
    query = """{ top: experiments(first: 500, filter: { projectId: "project:shop-logs", topLevel: true }) { nodes { name } }
      all: experiments(first: 500, filter: { projectId: "project:shop-logs" }) { nodes { name parent { name } } } }"""
    found = graphql(mnemo_url, query)
    models_jobs = [e for e in found["all"]["nodes"] if e["name"].startswith("model.")]
    assert models_jobs and all(e["parent"] for e in models_jobs), models_jobs
    assert not [e["name"] for e in found["top"]["nodes"] if e["name"].startswith("model.")]
