"""Differential tests: the same ordinary mlflow client calls against a real `mlflow server` and against
Mnemo, their answers compared after masking what differs by nature (ids, times, hosts).

Each scenario is a function of a `Side` (one server, reached through MlflowClient and the fluent API)
that returns plain data; the test asserts Mnemo's equals MLflow's, so a failure shows both answers.
"""
import os
import shutil
import signal
import subprocess
import tempfile
import time
import urllib.request
import uuid
from pathlib import Path

import mlflow
import pytest
from mlflow.entities import Metric, ViewType
from mlflow.exceptions import MlflowException
from mlflow.tracking import MlflowClient

from conftest import free_port

def mlflow_executable() -> str:
    """The venv's own `mlflow` (beside this Python), else the one on PATH."""
    import sys

    beside = Path(sys.executable).parent / "mlflow"
    return str(beside if beside.exists() else (shutil.which("mlflow") or beside))


@pytest.fixture(scope="session")
def mlflow_server_url(request):
    """A real `mlflow server` with a SQLite backend in a temporary folder, on a free port (started
    while Mnemo starts, so the two start-ups overlap)."""
    data = tempfile.mkdtemp(prefix="mnemo-differential-mlflow-")
    port = free_port()
    env = {**os.environ, "MLFLOW_SERVER_ENABLE_JOB_EXECUTION": "false"}
    process = subprocess.Popen(
        [
            mlflow_executable(),
            "server",
            "--backend-store-uri",
            f"sqlite:///{data}/mlflow.db",
            "--artifacts-destination",
            f"{data}/artifacts",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--workers",
            "1",
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,  # its own process group: it starts workers, all stopped together
    )
    url = f"http://127.0.0.1:{port}"
    request.getfixturevalue("mnemo_url")
    deadline = time.time() + 120
    while True:
        if process.poll() is not None:
            raise RuntimeError(f"mlflow server exited with {process.returncode}")
        try:
            with urllib.request.urlopen(f"{url}/health", timeout=2) as response:
                if response.status == 200:
                    break
        except OSError:
            if time.time() > deadline:
                os.killpg(process.pid, signal.SIGKILL)
                raise RuntimeError("mlflow server did not become healthy within 120 s")
            time.sleep(0.3)
    yield url
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
    shutil.rmtree(data, ignore_errors=True)


class Side:
    """One server as the client sees it: `client` (MlflowClient) and `fluent()` (the mlflow module, pointed here)."""

    def __init__(self, url: str):
        self.url = url
        self.client = MlflowClient(tracking_uri=url, registry_uri=url)

    def fluent(self):
        # The registry follows the tracking URI while none is set: setting one here would stay set
        # for every later test of the session.
        mlflow.set_tracking_uri(self.url)
        return mlflow


@pytest.fixture(autouse=True)
def no_retries(monkeypatch):
    monkeypatch.setenv("MLFLOW_HTTP_REQUEST_MAX_RETRIES", "0")  # a wrong 5xx fails fast instead of retrying
    yield
    if mlflow.active_run():
        mlflow.end_run()


@pytest.fixture
def compare(mlflow_server_url, mnemo_url):
    """compare(scenario): runs it against both servers (MLflow first) with the same fresh name prefix."""

    def run(scenario):
        prefix = f"d{uuid.uuid4().hex[:8]}"
        expected = scenario(Side(mlflow_server_url), prefix)
        if mlflow.active_run():
            mlflow.end_run()
        actual = scenario(Side(mnemo_url), prefix)
        if mlflow.active_run():
            mlflow.end_run()
        assert actual == expected
        return actual

    return run


def error_code(call) -> str:
    """What a call answered: "ok", or the MLflow error code it raised."""
    try:
        call()
        return "ok"
    except MlflowException as error:
        return error.error_code


def tags_of(entity) -> dict:
    """An entity's tags without those a server adds by itself."""
    tags = entity.tags if isinstance(entity.tags, dict) else {t.key: t.value for t in entity.tags}
    return {k: v for k, v in tags.items() if not k.startswith(("mlflow.", "mnemo."))}


# ---------------------------------------------------------------------------------------------- experiments


def test_experiment_created_with_tags_returns_them(compare):
    def scenario(side, p):
        experiment_id = side.client.create_experiment(f"{p}-tagged", tags={"team": "churn", "stage": "dev"})
        experiment = side.client.get_experiment(experiment_id)
        return experiment.name, tags_of(experiment), experiment.lifecycle_stage

    compare(scenario)


def test_set_experiment_tag_then_get_by_name(compare):
    def scenario(side, p):
        experiment_id = side.client.create_experiment(f"{p}-e")
        side.client.set_experiment_tag(experiment_id, "owner", "dana")
        side.client.set_experiment_tag(experiment_id, "owner", "erin")  # a second set replaces the value
        return tags_of(side.client.get_experiment_by_name(f"{p}-e"))

    compare(scenario)


def test_delete_experiment_tag_and_a_missing_one(compare):
    def scenario(side, p):
        experiment_id = side.client.create_experiment(f"{p}-e", tags={"a": "1", "b": "2"})
        side.client.delete_experiment_tag(experiment_id, "a")
        missing = error_code(lambda: side.client.delete_experiment_tag(experiment_id, "nope"))
        return tags_of(side.client.get_experiment(experiment_id)), missing

    compare(scenario)


def test_get_experiment_by_an_unknown_name_is_none(compare):
    compare(lambda side, p: side.client.get_experiment_by_name(f"{p}-nowhere"))


def test_creating_an_experiment_twice_is_resource_already_exists(compare):
    def scenario(side, p):
        side.client.create_experiment(f"{p}-twice")
        return error_code(lambda: side.client.create_experiment(f"{p}-twice"))

    compare(scenario)


def test_get_experiment_of_an_unknown_id_is_resource_does_not_exist(compare):
    compare(lambda side, p: error_code(lambda: side.client.get_experiment("987654321")))


def experiments(side, p, names_and_tags):
    return {name: side.client.create_experiment(f"{p}-{name}", tags=tags) for name, tags in names_and_tags}


def test_search_experiments_with_a_name_filter_and_order(compare):
    def scenario(side, p):
        experiments(side, p, [("b", None), ("a", None), ("c", None)])
        found = side.client.search_experiments(filter_string=f"name LIKE '{p}-%'", order_by=["name DESC"])
        return [e.name for e in found]

    compare(scenario)


def test_search_experiments_by_tag(compare):
    def scenario(side, p):
        experiments(side, p, [("x", {"team": "churn"}), ("y", {"team": "fraud"}), ("z", {"team": "churn"})])
        found = side.client.search_experiments(
            filter_string=f"name LIKE '{p}-%' AND tags.team = 'churn'", order_by=["name ASC"]
        )
        return [e.name for e in found]

    compare(scenario)


def test_search_experiments_with_ilike_and_not_equal(compare):
    def scenario(side, p):
        experiments(side, p, [("Alpha", None), ("alps", None), ("beta", None)])
        found = side.client.search_experiments(
            filter_string=f"name ILIKE '{p}-al%' AND name != '{p}-alps'", order_by=["name"]
        )
        return [e.name for e in found]

    compare(scenario)


def test_search_experiments_pages_until_the_end(compare):
    def scenario(side, p):
        experiments(side, p, [(str(i), None) for i in range(5)])
        names, token, pages = [], None, 0
        while True:
            page = side.client.search_experiments(
                filter_string=f"name LIKE '{p}-%'", order_by=["name ASC"], max_results=2, page_token=token
            )
            names += [e.name for e in page]
            pages += 1
            token = page.token
            if not token or pages > 10:
                break
        return names, pages

    compare(scenario)


def test_search_experiments_view_types_after_delete_and_restore(compare):
    def scenario(side, p):
        ids = experiments(side, p, [("keep", None), ("gone", None), ("back", None)])
        side.client.delete_experiment(ids["gone"])
        side.client.delete_experiment(ids["back"])
        side.client.restore_experiment(ids["back"])

        def names(view):
            found = side.client.search_experiments(view_type=view, filter_string=f"name LIKE '{p}-%'")
            return sorted(e.name for e in found)

        return {
            "active": names(ViewType.ACTIVE_ONLY),
            "deleted": names(ViewType.DELETED_ONLY),
            "all": names(ViewType.ALL),
            "stage": side.client.get_experiment(ids["gone"]).lifecycle_stage,
        }

    compare(scenario)


def created_in_order(side, p, names_and_tags):
    """Experiments created one after the other, a few milliseconds apart (no two share a creation time)."""
    made = {}
    for name, tags in names_and_tags:
        made[name] = side.client.create_experiment(f"{p}-{name}", tags=tags)
        time.sleep(0.02)
    return made


def test_search_experiments_tag_like_ilike_and_backquoted_keys(compare):
    def scenario(side, p):
        experiments(
            side,
            p,
            [("a", {"data set": "Lake-1"}), ("b", {"data set": "lake-2"}), ("c", {"data set": "sea"}), ("d", None)],
        )

        def names(filter_string):
            found = side.client.search_experiments(filter_string=f"name LIKE '{p}-%' AND {filter_string}")
            return sorted(e.name for e in found)

        return {
            "like": names("tags.`data set` LIKE 'lake%'"),
            "ilike": names("tags.`data set` ILIKE 'LAKE%'"),
            "not equal": names("tags.`data set` != 'sea'"),
            "name ilike": names(f"name ILIKE '{p.upper()}-_'"),
        }

    compare(scenario)


def test_search_experiments_ordered_by_times_both_ways(compare):
    def scenario(side, p):
        created_in_order(side, p, [("second", None), ("first", None), ("third", None)])

        def names(order_by=None):
            found = side.client.search_experiments(filter_string=f"name LIKE '{p}-%'", order_by=order_by)
            return [e.name for e in found]

        return {
            "default": names(),
            "creation asc": names(["creation_time ASC"]),
            "creation desc": names(["creation_time DESC"]),
            "update desc": names(["last_update_time DESC"]),
            "name desc": names(["name DESC"]),
        }

    compare(scenario)


def test_search_experiments_pages_newest_first_to_the_end_without_repeats(compare):
    def scenario(side, p):
        created_in_order(side, p, [(str(i), {"k": str(i % 2)}) for i in range(5)])
        names, token, pages = [], None, 0
        while True:
            page = side.client.search_experiments(
                filter_string=f"name LIKE '{p}-%' AND tags.k = '0'",
                order_by=["creation_time DESC"],
                max_results=1,
                page_token=token,
            )
            names += [e.name for e in page]
            pages, token = pages + 1, page.token
            if not token or pages > 10:
                break
        return names, pages

    compare(scenario)


def test_rename_experiment(compare):
    def scenario(side, p):
        experiment_id = side.client.create_experiment(f"{p}-old")
        side.client.rename_experiment(experiment_id, f"{p}-new")
        renamed = side.client.get_experiment_by_name(f"{p}-new")
        return renamed.name, side.client.get_experiment_by_name(f"{p}-old") is None

    compare(scenario)


# ---------------------------------------------------------------------------------------------- runs

RUNS = [  # name, lr, team, acc
    ("a", "0.01", "churn", 0.93),
    ("b", "0.01", "fraud", 0.87),
    ("c", "0.1", "Churners", 0.95),
    ("d", "0.3", "risk", 0.91),
]


@pytest.fixture(scope="module")
def logged_runs(mlflow_server_url, mnemo_url):
    """The same runs in two experiments of each server: {url: (experiment ids, run ids by name, prefix)}."""
    prefix = f"r{uuid.uuid4().hex[:8]}"
    worlds = {}
    with pytest.MonkeyPatch.context() as patch:  # module-scoped: no `monkeypatch`, and nothing leaks out
        patch.setenv("MLFLOW_HTTP_REQUEST_MAX_RETRIES", "0")
        for url in (mlflow_server_url, mnemo_url):
            worlds[url] = logged_world(url, prefix)
    return worlds


def logged_world(url, prefix):
    """One server's share of logged_runs: its two experiment ids, its run ids by name, the prefix."""
    import pandas as pd

    side = Side(url)
    fluent = side.fluent()
    first = side.client.create_experiment(f"{prefix}-runs")
    second = side.client.create_experiment(f"{prefix}-more")
    run_ids = {}
    for name, lr, team, acc in RUNS:
        fluent.set_experiment(experiment_id=first)
        with fluent.start_run(run_name=name) as run:
            fluent.log_param("lr", lr)
            fluent.set_tag("team", team)
            fluent.log_metric("acc", acc)
            run_ids[name] = run.info.run_id
            if name == "a":
                with fluent.start_run(run_name="a-child", nested=True) as child:
                    run_ids["a-child"] = child.info.run_id
    fluent.set_experiment(experiment_id=second)
    with fluent.start_run(run_name="e") as run:
        fluent.log_param("lr", "0.5")
        frame = pd.DataFrame({"x": [1, 2]})
        dataset = fluent.data.from_pandas(frame, source="s3://lake/e.parquet", name="e-data")
        fluent.log_input(dataset, context="eval")
        run_ids["e"] = run.info.run_id
    running = side.client.create_run(first, run_name="f-running")
    run_ids["f-running"] = running.info.run_id
    if mlflow.active_run():
        mlflow.end_run()
    return [first, second], run_ids, prefix


@pytest.fixture
def search(logged_runs, mnemo_url, mlflow_server_url):
    """search(filter, order_by=None, both=False): the names of the runs each server finds, compared."""

    def run(filter_string="", order_by=None, both=False, view=ViewType.ACTIVE_ONLY):
        answers = []
        for url in (mlflow_server_url, mnemo_url):
            experiment_ids, run_ids, _ = logged_runs[url]
            names = {v: k for k, v in run_ids.items()}
            found = Side(url).client.search_runs(
                experiment_ids if both else experiment_ids[:1],
                filter_string=filter_string.format(**run_ids),
                order_by=order_by,
                run_view_type=view,
            )
            answers.append([names.get(r.info.run_id, r.info.run_id) for r in found])
        expected, actual = answers
        if order_by is None:  # MLflow's default order is start time, too close to compare here
            expected, actual = sorted(expected), sorted(actual)
        assert actual == expected
        return actual

    return run


def test_search_runs_param_not_equal(search):
    search("params.lr != '0.01'")


def test_search_runs_tag_like(search):
    search("tags.team LIKE 'ch%'")


def test_search_runs_tag_ilike(search):
    search("tags.team ILIKE 'ch%'")


def test_search_runs_param_like_and_metric(search):
    search("params.lr LIKE '0.%' and metrics.acc > 0.9")


def test_search_runs_run_name_equal(search):
    search("attributes.run_name = 'c'")


def test_search_runs_run_name_like(search):
    search("run_name LIKE 'a%'")


def test_search_runs_run_name_in_is_refused_as_mlflow_refuses_it(logged_runs, mnemo_url, mlflow_server_url):
    codes = []
    for url in (mlflow_server_url, mnemo_url):
        experiment_ids = logged_runs[url][0]
        codes.append(error_code(lambda: Side(url).client.search_runs(experiment_ids, "run_name IN ('a', 'd')")))
    assert codes[1] == codes[0] == "INVALID_PARAMETER_VALUE"


def test_search_runs_run_id_in(search):
    search("attributes.run_id IN ('{a}', '{c}')")


def test_search_runs_run_id_not_in(search):
    search("attributes.run_id NOT IN ('{a}', '{c}')")


def test_search_runs_status_not_equal(search):
    search("attributes.status != 'FINISHED'")


def test_search_runs_start_time(search):
    search("attributes.start_time > 0")


def test_search_runs_end_time(search):
    search("attributes.end_time > 0")


def test_search_runs_artifact_uri(search):
    search("attributes.artifact_uri LIKE '%{b}%'")


def test_search_runs_user_id(search):
    import getpass

    search(f"attributes.user_id = '{getpass.getuser()}'")


def test_search_runs_parent_run_id(search):
    search("tags.mlflow.parentRunId = '{a}'")


def test_search_runs_tag_with_backquotes(search):
    search("tags.`team` = 'risk'")


def test_search_runs_order_by_param(search):
    search("attributes.status = 'FINISHED' and params.lr != ''", order_by=["params.lr DESC", "attributes.run_name"])


def test_search_runs_order_by_tag(search):
    search("attributes.run_name != 'a-child'", order_by=["tags.team ASC"])


def test_search_runs_order_by_run_name(search):
    search("", order_by=["attributes.run_name DESC"])


def test_search_runs_order_by_metric_then_name(search):
    search("metrics.acc > 0", order_by=["metrics.acc ASC", "run_name"])


def test_search_runs_over_several_experiments(search):
    search("params.lr != '0.1'", order_by=["run_name"], both=True)


def test_search_runs_by_dataset(search):
    search("datasets.name = 'e-data' AND datasets.context = 'eval'", both=True)


def test_search_runs_tag_is_null(search):
    search("tags.team IS NULL AND attributes.status = 'FINISHED'", both=True)


def test_search_runs_pages_until_the_end(logged_runs, mnemo_url, mlflow_server_url):
    answers = []
    for url in (mlflow_server_url, mnemo_url):
        experiment_ids, run_ids, _ = logged_runs[url]
        names = {v: k for k, v in run_ids.items()}
        client, token, pages, found = Side(url).client, None, 0, []
        while True:
            page = client.search_runs(experiment_ids, order_by=["run_name"], max_results=2, page_token=token)
            found += [names.get(r.info.run_id, r.info.run_id) for r in page]
            pages, token = pages + 1, page.token
            if not token or pages > 10:
                break
        answers.append((found, pages))
    assert answers[1] == answers[0]


def test_search_runs_view_types_after_delete(logged_runs, mnemo_url, mlflow_server_url):
    answers = []
    for url in (mlflow_server_url, mnemo_url):
        experiment_ids, run_ids, _ = logged_runs[url]
        client = Side(url).client
        run = client.create_run(experiment_ids[1], run_name="to-delete")
        client.delete_run(run.info.run_id)
        names = lambda view: sorted(  # noqa: E731
            r.info.run_name for r in client.search_runs(experiment_ids[1:], run_view_type=view)
        )
        answers.append((names(ViewType.ACTIVE_ONLY), names(ViewType.DELETED_ONLY), names(ViewType.ALL)))
        client.restore_run(run.info.run_id)
        answers[-1] += (names(ViewType.DELETED_ONLY),)
        client.delete_run(run.info.run_id)  # leave the world as the other tests saw it
    assert answers[1] == answers[0]


def test_search_runs_with_a_bad_filter_is_invalid_parameter_value(logged_runs, mnemo_url, mlflow_server_url):
    codes = []
    for url in (mlflow_server_url, mnemo_url):
        experiment_ids = logged_runs[url][0]
        codes.append(error_code(lambda: Side(url).client.search_runs(experiment_ids, "params.lr ~ 'x'")))
    assert codes[1] == codes[0] == "INVALID_PARAMETER_VALUE"


def test_a_run_params_metric_history_and_a_changed_param(compare):
    def scenario(side, p):
        client = side.client
        run = client.create_run(client.create_experiment(f"{p}-e"), run_name="r")
        run_id = run.info.run_id
        client.log_param(run_id, "lr", "0.01")
        for step, value in enumerate([0.5, 0.7, 0.6]):
            client.log_metric(run_id, "acc", value, step=step)
        changed = error_code(lambda: client.log_param(run_id, "lr", "0.1"))
        client.set_terminated(run_id)
        fetched = client.get_run(run_id)
        history = [(m.step, m.value) for m in client.get_metric_history(run_id, "acc")]
        return fetched.data.params, fetched.data.metrics, history, changed, fetched.info.status, fetched.info.run_name

    compare(scenario)


def test_points_sharing_a_step_and_a_millisecond_are_each_kept(compare):
    # A training loop logging without a step faster than the clock's millisecond sends several points
    # of one metric at step 0 and one time; MLflow keeps each (a point is its step, time and value),
    # and the same point again changes nothing. Explicit timestamps make the shared millisecond certain.
    def scenario(side, p):
        client = side.client
        run_id = client.create_run(client.create_experiment(f"{p}-ms")).info.run_id
        now = int(time.time() * 1000)
        client.log_batch(run_id, metrics=[Metric("loss", i / 10, now, 0) for i in range(5)])
        client.log_batch(run_id, metrics=[Metric("loss", 0.9, now, 0), Metric("loss", 0.2, now, 0)])
        client.log_metric(run_id, "loss", 0.4, timestamp=now, step=0)
        history = sorted((m.step, m.timestamp - now, m.value) for m in client.get_metric_history(run_id, "loss"))
        return history, client.get_run(run_id).data.metrics

    compare(scenario)


def test_metrics_logged_asynchronously_without_a_step_all_arrive(compare):
    # mlflow.log_metric(..., synchronous=False) queues points and sends them in batches: in a tight
    # loop many share a millisecond. Before, Mnemo refused such batches and the client dropped them.
    def scenario(side, p):
        fluent = side.fluent()
        fluent.set_experiment(f"{p}-async")
        with fluent.start_run() as run:
            for i in range(200):
                fluent.log_metric("loss", i / 200, synchronous=False)
            fluent.flush_async_logging()
        history = side.client.get_metric_history(run.info.run_id, "loss")
        return sorted(m.value for m in history), {m.step for m in history}

    compare(scenario)


def test_names_in_any_script_and_a_long_note(compare):
    # Python's \w, which MLflow checks names with, takes letters of every script; a run's note
    # (mlflow.note.content) is a tag, and tags hold up to 8,000 characters, params 6,000: MLflow's
    # server cuts a longer value to its limit instead of refusing it.
    def scenario(side, p):
        client = side.client
        experiment_id = client.create_experiment(f"{p}-names-".ljust(256, "n"))
        run_id = client.create_run(experiment_id, run_name="r" * 250).info.run_id
        # An experiment's description is its note tag: MLflow takes up to 20,000 characters, Mnemo as
        # many as Neo4j indexes with its key (8,100 bytes in UTF-8; docs/api.md).
        client.set_experiment_tag(experiment_id, "mlflow.note.content", "e" * 8_000)
        too_long = error_code(lambda: client.set_experiment_tag(experiment_id, "other", "e" * 20_001))
        note = len(client.get_experiment(experiment_id).tags["mlflow.note.content"])
        client.log_metric(run_id, "précision", 0.5, step=0)
        client.log_metric(run_id, "损失", 0.25, step=0)
        client.log_param(run_id, "taux_d'apprentissage".replace("'", "_"), "0.01")
        client.set_tag(run_id, "équipe", "données")
        client.set_tag(run_id, "mlflow.note.content", "n" * 7_999)
        answers = [
            error_code(lambda: client.set_tag(run_id, "too.long", "t" * 8_001)),
            error_code(lambda: client.log_param(run_id, "long", "p" * 6_001)),
            error_code(lambda: client.log_metric(run_id, "bad#name", 1.0)),
        ]
        data = client.get_run(run_id).data
        tags = {key: len(value) for key, value in data.tags.items() if not key.startswith("mlflow.") or "note" in key}
        params = {key: value if len(value) < 100 else len(value) for key, value in data.params.items()}
        names = (len(client.get_experiment(experiment_id).name), len(client.get_run(run_id).info.run_name))
        found = [
            len(client.search_runs([experiment_id], search))
            for search in ("metrics.précision > 0.4", "metrics.`损失` < 0.3", "tags.`équipe` LIKE 'don%'")
        ]
        return sorted(data.metrics.items()), sorted(params.items()), sorted(tags.items()), answers, note, too_long, names, found

    compare(scenario)


def test_a_metric_history_comes_in_time_order(compare):
    # MLflow answers get_metric_history by time, then step, then value: a step logged late comes last.
    def scenario(side, p):
        client = side.client
        run_id = client.create_run(client.create_experiment(f"{p}-order")).info.run_id
        points = [Metric("loss", 0.3, 3_000, 1), Metric("loss", 0.1, 1_000, 2), Metric("loss", 0.2, 2_000, 0)]
        client.log_batch(run_id, metrics=points)
        return [(m.step, m.timestamp, m.value) for m in client.get_metric_history(run_id, "loss")]

    compare(scenario)


def test_a_deleted_run_takes_nothing_more_until_restored(compare):
    def scenario(side, p):
        client = side.client
        run_id = client.create_run(client.create_experiment(f"{p}-deleted")).info.run_id
        client.delete_run(run_id)
        refused = [
            error_code(lambda: client.log_metric(run_id, "loss", 0.5, step=0)),
            error_code(lambda: client.log_param(run_id, "lr", "0.1")),
            error_code(lambda: client.set_tag(run_id, "stage", "dev")),
        ]
        client.restore_run(run_id)
        client.log_metric(run_id, "loss", 0.25, step=1)
        data = client.get_run(run_id).data
        return refused, data.metrics, data.params

    compare(scenario)


def test_sklearn_autolog_records_the_same_run(compare):
    # What most training code sends without writing a logging call: autolog's params, metrics, tags,
    # dataset input and logged model (mlflow 3's logged-models endpoints and artifact uploads).
    from sklearn.datasets import make_classification
    from sklearn.linear_model import LogisticRegression

    features, labels = make_classification(n_samples=60, n_features=4, random_state=0)

    def scenario(side, p):
        fluent = side.fluent()
        fluent.set_experiment(f"{p}-autolog")
        fluent.sklearn.autolog(silent=True)
        try:
            with fluent.start_run() as run:
                LogisticRegression(max_iter=100).fit(features, labels)
        finally:
            fluent.sklearn.autolog(disable=True)
        client = side.client
        data = client.get_run(run.info.run_id).data
        inputs = client.get_run(run.info.run_id).inputs.dataset_inputs
        models = client.search_logged_models(experiment_ids=[run.info.experiment_id])
        return (
            sorted(data.params.items()),
            sorted((key, round(value, 6)) for key, value in data.metrics.items()),
            sorted(key for key in data.tags if key not in ("mlflow.user", "mlflow.source.name")),
            sorted((i.dataset.name, i.dataset.digest, tags_of_input(i)) for i in inputs),
            sorted((m.name, m.source_run_id == run.info.run_id, m.status) for m in models),
            sorted(f.path for f in client.list_artifacts(run.info.run_id)),
        )

    params, metrics, tags, inputs, models, artifacts = compare(scenario)
    assert params and metrics and tags and inputs and models and artifacts, "autolog recorded nothing to compare"


def test_get_run_of_an_unknown_id_is_resource_does_not_exist(compare):
    compare(lambda side, p: error_code(lambda: side.client.get_run("0" * 32)))


# ---------------------------------------------------------------------------------------------- datasets


def test_log_input_with_an_http_source_keeps_http(compare):
    import pandas as pd

    def scenario(side, p):
        fluent = side.fluent()
        fluent.set_experiment(f"{p}-data")
        frame = pd.DataFrame({"x": [1, 2, 3], "y": [0, 1, 0]})
        dataset = fluent.data.from_pandas(frame, source="http://example.com/data.csv", name="train")
        with fluent.start_run() as run:
            fluent.log_input(dataset, context="training")
        inputs = side.client.get_run(run.info.run_id).inputs.dataset_inputs
        return [
            (i.dataset.name, i.dataset.digest, i.dataset.source_type, i.dataset.source, tags_of_input(i))
            for i in inputs
        ]

    compare(scenario)


def tags_of_input(dataset_input) -> dict:
    return {t.key: t.value for t in dataset_input.tags}


# ---------------------------------------------------------------------------------------------- registry


def registered(side, p, name="m", versions=2, **model):
    """A registered model with `versions` versions, each from a run of its own."""
    client = side.client
    experiment_id = client.create_experiment(f"{p}-registry-{name}")
    client.create_registered_model(f"{p}-{name}", **model)
    made = []
    for _ in range(versions):
        run = client.create_run(experiment_id)
        client.set_terminated(run.info.run_id)
        made.append(
            client.create_model_version(f"{p}-{name}", f"runs:/{run.info.run_id}/model", run_id=run.info.run_id)
        )
    return made


def version_view(version) -> dict:
    return {
        "name": version.name,
        "version": version.version,
        "stage": version.current_stage,
        "description": version.description or "",
        "tags": dict(version.tags),
        "aliases": sorted(version.aliases),
    }


def model_view(model) -> dict:
    return {
        "name": model.name,
        "description": model.description or "",
        "tags": dict(model.tags),
        "latest": sorted((v.version, v.current_stage) for v in model.latest_versions),
    }


def test_registered_model_created_with_tags_and_description(compare):
    def scenario(side, p):
        side.client.create_registered_model(f"{p}-m", tags={"task": "churn"}, description="first")
        return model_view(side.client.get_registered_model(f"{p}-m"))

    compare(scenario)


def test_registered_model_tags_and_description_updates(compare):
    def scenario(side, p):
        registered(side, p, versions=1)
        client = side.client
        client.update_registered_model(f"{p}-m", description="better")
        client.set_registered_model_tag(f"{p}-m", "task", "churn")
        client.set_registered_model_tag(f"{p}-m", "owner", "dana")
        client.delete_registered_model_tag(f"{p}-m", "owner")
        return model_view(client.get_registered_model(f"{p}-m"))

    compare(scenario)


def test_model_version_tags_and_description_updates(compare):
    def scenario(side, p):
        registered(side, p, versions=1)
        client = side.client
        client.update_model_version(f"{p}-m", "1", description="the first")
        client.set_model_version_tag(f"{p}-m", "1", "validated", "yes")
        client.set_model_version_tag(f"{p}-m", "1", "scratch", "x")
        client.delete_model_version_tag(f"{p}-m", "1", "scratch")
        return version_view(client.get_model_version(f"{p}-m", "1"))

    compare(scenario)


def test_model_version_created_with_tags_and_description(compare):
    def scenario(side, p):
        client = side.client
        experiment_id = client.create_experiment(f"{p}-registry")
        client.create_registered_model(f"{p}-m")
        run = client.create_run(experiment_id)
        client.create_model_version(
            f"{p}-m", f"runs:/{run.info.run_id}/model", run_id=run.info.run_id, tags={"k": "v"}, description="d"
        )
        return version_view(client.get_model_version(f"{p}-m", "1"))

    compare(scenario)


def test_transition_stages_with_archive_existing_versions(compare):
    def scenario(side, p):
        registered(side, p, versions=3)
        client = side.client
        client.transition_model_version_stage(f"{p}-m", "1", "Staging")
        client.transition_model_version_stage(f"{p}-m", "2", "Staging", archive_existing_versions=True)
        client.transition_model_version_stage(f"{p}-m", "3", "archived")  # stage names in any case
        return {
            "versions": [version_view(client.get_model_version(f"{p}-m", v)) for v in ("1", "2", "3")],
            "latest": sorted(v.version for v in client.get_latest_versions(f"{p}-m", stages=["Staging"])),
            "bad stage": error_code(lambda: client.transition_model_version_stage(f"{p}-m", "1", "Nowhere")),
        }

    compare(scenario)


def test_delete_model_version(compare):
    def scenario(side, p):
        registered(side, p, versions=2)
        client = side.client
        client.delete_model_version(f"{p}-m", "1")
        return {
            "get": error_code(lambda: client.get_model_version(f"{p}-m", "1")),
            "search": [v.version for v in client.search_model_versions(f"name = '{p}-m'")],
            "again": error_code(lambda: client.delete_model_version(f"{p}-m", "1")),
        }

    compare(scenario)


def test_delete_registered_model(compare):
    def scenario(side, p):
        registered(side, p, versions=1)
        client = side.client
        client.delete_registered_model(f"{p}-m")
        return {
            "get": error_code(lambda: client.get_registered_model(f"{p}-m")),
            "search": [m.name for m in client.search_registered_models(f"name LIKE '{p}-%'")],
            "versions": [v.version for v in client.search_model_versions(f"name = '{p}-m'")],
            "again": error_code(lambda: client.delete_registered_model(f"{p}-m")),
        }

    compare(scenario)


def test_search_registered_models_with_filters_and_order(compare):
    def scenario(side, p):
        client = side.client
        for name, task in [("b", "churn"), ("a", "fraud"), ("c", "churn")]:
            client.create_registered_model(f"{p}-{name}", tags={"task": task})
        by_tag = client.search_registered_models(f"name LIKE '{p}-%' AND tags.task = 'churn'", order_by=["name DESC"])
        names, token, pages = [], None, 0
        while True:
            page = client.search_registered_models(f"name LIKE '{p}-%'", max_results=2, page_token=token)
            names += [m.name for m in page]
            pages, token = pages + 1, page.token
            if not token or pages > 5:
                break
        return [m.name for m in by_tag], names, pages

    compare(scenario)


def test_search_registered_models_like_ilike_and_backquoted_tags(compare):
    def scenario(side, p):
        client = side.client
        for name, task in [("Churn-a", "churn-v1"), ("churn-b", "Churn-v2"), ("fraud", "fraud")]:
            client.create_registered_model(f"{p}-{name}", tags={"task kind": task})

        def names(filter_string, order_by=None):
            found = client.search_registered_models(f"name LIKE '{p}-%' AND {filter_string}", order_by=order_by)
            return [m.name for m in found]

        return {
            "name like": names(f"name LIKE '{p}-churn%'"),
            "name ilike": names(f"name ILIKE '{p}-CHURN%'", order_by=["name DESC"]),
            "tag like": names("tags.`task kind` LIKE 'churn%'"),
            "tag ilike": names("tags.`task kind` ILIKE 'CHURN%'"),
            "tag not equal": names("tags.`task kind` != 'fraud'"),
        }

    compare(scenario)


def test_search_registered_models_ordered_by_update_and_paged_to_the_end(compare):
    def scenario(side, p):
        client = side.client
        for name in ("b", "c", "a", "d"):
            client.create_registered_model(f"{p}-{name}")
            time.sleep(0.02)
        run = client.create_run(client.create_experiment(f"{p}-registry"))
        client.create_model_version(f"{p}-c", f"runs:/{run.info.run_id}/model", run_id=run.info.run_id)

        def names(order_by):
            return [m.name for m in client.search_registered_models(f"name LIKE '{p}-%'", order_by=order_by)]

        pages, token, count = [], None, 0
        while True:
            page = client.search_registered_models(
                f"name LIKE '{p}-%'", order_by=["last_updated_timestamp DESC"], max_results=3, page_token=token
            )
            pages.append([m.name for m in page])
            count, token = count + 1, page.token
            if not token or count > 5:
                break
        return {
            "timestamp asc": names(["timestamp ASC"]),
            "updated desc": names(["last_updated_timestamp DESC"]),
            "name desc": names(["name DESC"]),
            "pages": pages,
            "by creation": error_code(lambda: client.search_registered_models(order_by=["creation_timestamp DESC"])),
            "by a tag": error_code(lambda: client.search_registered_models(order_by=["tags.task"])),
        }

    compare(scenario)


def test_search_model_versions_with_filters(compare):
    def scenario(side, p):
        versions = registered(side, p, versions=3)
        client = side.client
        client.set_model_version_tag(f"{p}-m", "2", "validated", "yes")
        by_run = client.search_model_versions(f"run_id = '{versions[0].run_id}'")
        by_tag = client.search_model_versions(f"name = '{p}-m' AND tags.validated = 'yes'")
        by_number = client.search_model_versions(f"name = '{p}-m' AND version_number > 1", order_by=["version_number"])
        return [v.version for v in by_run], [v.version for v in by_tag], [v.version for v in by_number]

    compare(scenario)


def test_registry_tag_deletes_and_writes_on_unknown_models(compare):
    def scenario(side, p):
        registered(side, p, versions=1)
        client = side.client
        return {
            "delete missing model tag": error_code(lambda: client.delete_registered_model_tag(f"{p}-m", "nope")),
            "delete missing version tag": error_code(lambda: client.delete_model_version_tag(f"{p}-m", "1", "nope")),
            "tag unknown model": error_code(lambda: client.set_registered_model_tag(f"{p}-none", "k", "v")),
            "tag unknown version": error_code(lambda: client.set_model_version_tag(f"{p}-m", "9", "k", "v")),
            "update unknown model": error_code(lambda: client.update_registered_model(f"{p}-none", "d")),
            "stage of unknown version": error_code(
                lambda: client.transition_model_version_stage(f"{p}-m", "9", "Staging")
            ),
        }

    compare(scenario)


def test_latest_versions_per_stage(compare):
    def scenario(side, p):
        registered(side, p, versions=4)
        client = side.client
        client.transition_model_version_stage(f"{p}-m", "1", "Staging")
        client.transition_model_version_stage(f"{p}-m", "2", "Archived")
        return (
            sorted((v.version, v.current_stage) for v in client.get_latest_versions(f"{p}-m")),
            model_view(client.get_registered_model(f"{p}-m"))["latest"],
            [m["latest"] for m in map(model_view, client.search_registered_models(f"name = '{p}-m'"))],
        )

    compare(scenario)


def test_search_model_versions_ordered_and_by_list(compare):
    def scenario(side, p):
        registered(side, p, versions=3)
        client = side.client
        newest = client.search_model_versions(f"name = '{p}-m'", order_by=["version_number DESC"])
        listed = error_code(lambda: client.search_model_versions(f"name IN ('{p}-m', 'other')"))
        return [v.version for v in newest], listed

    compare(scenario)


def test_aliases_set_found_moved_and_deleted(compare):
    def scenario(side, p):
        registered(side, p, versions=2)
        client = side.client
        client.set_registered_model_alias(f"{p}-m", "champion", "1")
        first = client.get_model_version_by_alias(f"{p}-m", "champion").version
        client.set_registered_model_alias(f"{p}-m", "champion", "2")
        moved = client.get_model_version_by_alias(f"{p}-m", "champion").version
        aliases = dict(client.get_registered_model(f"{p}-m").aliases)
        client.delete_registered_model_alias(f"{p}-m", "champion")
        missing = error_code(lambda: client.get_model_version_by_alias(f"{p}-m", "champion"))
        return first, moved, aliases, missing, version_view(client.get_model_version(f"{p}-m", "2"))["aliases"]

    compare(scenario)


def test_get_an_unknown_registered_model_is_resource_does_not_exist(compare):
    compare(lambda side, p: error_code(lambda: side.client.get_registered_model(f"{p}-none")))


def test_transition_to_production_goes_through_the_promotion_gates(mnemo_url, mlflow_server_url):
    """A known difference: MLflow moves any version to Production; Mnemo promotes it through the
    project's Production gates (as GraphQL promoteModelVersion does), refusing in words when they fail."""
    p = f"d{uuid.uuid4().hex[:8]}"
    outcomes = {}
    for url in (mlflow_server_url, mnemo_url):
        side = Side(url)
        registered(side, p, versions=1)
        try:
            side.client.transition_model_version_stage(f"{p}-m", "1", "Production")
            outcomes[url] = ("ok", side.client.get_model_version(f"{p}-m", "1").current_stage)
        except MlflowException as error:
            outcomes[url] = (error.error_code, str(error))
    assert outcomes[mlflow_server_url] == ("ok", "Production")
    code, message = outcomes[mnemo_url]
    assert code == "INVALID_PARAMETER_VALUE" and "gate" in message, message
    assert Side(mnemo_url).client.get_model_version(f"{p}-m", "1").current_stage == "None"  # nothing changed


def test_search_logged_models_with_the_shared_grammar(compare):
    def scenario(side, p):
        client = side.client
        experiment_id = client.create_experiment(f"{p}-logged")
        run_id = client.create_run(experiment_id).info.run_id
        for name, alpha in (("m-a", "0.1"), ("m-b", "0.5"), ("other", "0.1")):
            client.create_logged_model(
                experiment_id, name=f"{p}-{name}", source_run_id=run_id, params={"alpha": alpha}, tags={"team": "risk"}
            )

        def names(**search):
            return [m.name for m in client.search_logged_models(experiment_ids=[experiment_id], **search)]

        by_name = [{"field_name": "name", "ascending": True}]
        return {
            "like and param": names(filter_string=f"name LIKE '{p}-m-%' AND params.alpha = '0.1'"),
            "ordered": names(order_by=by_name),
            "descending": names(order_by=[{"field_name": "name", "ascending": False}]),
            "tag and not equal": names(filter_string=f"tags.team = 'risk' AND name != '{p}-other'", order_by=by_name),
            "quoted and": names(filter_string=f"name = '{p}-m-a and more'"),
        }

    compare(scenario)


def test_search_logged_models_refuses_an_unknown_attribute_in_words(mnemo_url):
    """A known difference: MLflow's own server answers INTERNAL_ERROR (a 500) to this client mistake."""
    client = Side(mnemo_url).client
    experiment_id = client.create_experiment(f"d{uuid.uuid4().hex[:8]}-logged")
    with pytest.raises(MlflowException) as raised:
        client.search_logged_models(experiment_ids=[experiment_id], filter_string="nope = 'x'")
    assert raised.value.error_code == "INVALID_PARAMETER_VALUE"
    assert '"nope" is not an attribute of logged models' in str(raised.value)
