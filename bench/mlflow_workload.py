"""The same mlflow-client workload against any tracking server (MLflow's own or Mnemo), for `npm run bench -- mlflow`.

  ingest URI --clients 8 --batches N --singles M [--batch-size 1000]
                                                  metric points/s with log_batch (1,000 points a call unless
                                                  --batch-size says otherwise) and log_metric
  search URI EXPERIMENT_ID --rounds R              search_runs with a param + metric filter, sorted, page 100
  ensure-experiment URI NAME                      the id of an experiment, created when missing
  load-mlflow URI DB NAME COUNT                   the search runs, written into MLflow's SQLite tables
  ensure-models URI MODELS                        the registry benchmark's registered models, created when missing
  load-mlflow-registry DB MODELS VERSIONS         their versions, written into MLflow's SQLite tables
  search-versions URI MODELS VERSIONS --rounds R [--query name|tag]
                                                  search_model_versions by model name and number, or by tag
  load-mlflow-catalog DB COUNT                    COUNT experiments and COUNT registered models, written into
                                                  MLflow's SQLite tables
  search-catalog URI COUNT --rounds R [--query experiments|models]
                                                  search_experiments or search_registered_models: a name LIKE
                                                  and a tag filter, by name descending, page 100

Prints one JSON line with the figures.
"""
import argparse
import hashlib
import json
import multiprocessing
import os
import sqlite3
import statistics
import sys
import time

os.environ.setdefault("MLFLOW_HTTP_REQUEST_MAX_RETRIES", "0")

KEYS = [f"m{i}" for i in range(10)]


def client(uri):
    from mlflow.tracking import MlflowClient

    return MlflowClient(tracking_uri=uri)


def ingest_worker(uri, experiment_id, batches, singles, steps, barrier, results):
    try:
        results.put(ingest_calls(uri, experiment_id, batches, singles, steps, barrier))
    except BaseException as error:  # the parent reports it; the other workers stop waiting at the barrier
        barrier.abort()
        results.put(("error", f"{type(error).__name__}: {error}"[:500]))


def ingest_calls(uri, experiment_id, batches, singles, steps, barrier):
    from mlflow.entities import Metric

    c = client(uri)
    run_id = c.create_run(experiment_id).info.run_id
    now = int(time.time() * 1000)
    # batch_size points a call: ten metrics, batch_size / 10 steps each, steps continuing from call to call.
    payloads = [
        [Metric(key, float((b * steps + s) % 97) / 97, now + b, b * steps + s) for key in KEYS for s in range(steps)]
        for b in range(batches)
    ]
    barrier.wait()
    started = time.perf_counter()
    for metrics in payloads:
        c.log_batch(run_id, metrics=metrics)
    batch_seconds = time.perf_counter() - started
    barrier.wait()
    started = time.perf_counter()
    for s in range(singles):
        c.log_metric(run_id, "single", s / 7, timestamp=now, step=s)
    single_seconds = time.perf_counter() - started
    return (batch_seconds, single_seconds, run_id)


def ingest(args):
    c = client(args.uri)
    steps = args.batch_size // len(KEYS)
    assert steps * len(KEYS) == args.batch_size, f"--batch-size must be a multiple of {len(KEYS)}"
    experiment_id = c.create_experiment(f"bench-ingest-{time.time_ns()}")
    barrier = multiprocessing.Barrier(args.clients)
    results = multiprocessing.Queue()
    workers = [
        multiprocessing.Process(
            target=ingest_worker,
            args=(args.uri, experiment_id, args.batches, args.singles, steps, barrier, results),
        )
        for _ in range(args.clients)
    ]
    for w in workers:
        w.start()
    outcomes = [results.get(timeout=3600) for _ in workers]
    for w in workers:
        w.join()
    errors = sorted({o[1] for o in outcomes if o[0] == "error"})
    if errors:
        sys.exit("a client failed: " + " | ".join(errors))
    batch_wall = max(o[0] for o in outcomes)
    single_wall = max(o[1] for o in outcomes)
    # Every point must have arrived: the history of one metric of one run is checked.
    history = c.get_metric_history(outcomes[0][2], KEYS[0])
    assert len(history) == args.batches * steps, f"expected {args.batches * steps} points, found {len(history)}"
    print(
        json.dumps(
            {
                "batch_size": args.batch_size,
                "batch_points": args.clients * args.batches * args.batch_size,
                "batch_seconds": batch_wall,
                "batch_points_per_s": args.clients * args.batches * args.batch_size / batch_wall,
                "single_points": args.clients * args.singles,
                "single_seconds": single_wall,
                "single_points_per_s": args.clients * args.singles / single_wall if args.singles else 0,
            }
        )
    )


def search(args):
    c = client(args.uri)
    conditions, check = SEARCHES[args.query]
    query = dict(experiment_ids=[args.experiment_id], max_results=100, **conditions)
    started = time.perf_counter()
    try:
        first = c.search_runs(**query)
    except Exception as error:  # MLflow's server can fail on this query: report how, and after how long
        print(json.dumps({"error": str(error)[:300], "failed_after_s": time.perf_counter() - started}))
        return
    first_ms = (time.perf_counter() - started) * 1000
    assert len(first) == 100, f"expected a full page of 100, got {len(first)}"
    assert check(first), f"the {args.query} search answered the wrong runs"
    print(json.dumps({"first_ms": first_ms, **timed(lambda: c.search_runs(**query), args.rounds), "top": [r.info.run_name for r in first[:5]]}))


def timed(call, rounds):
    """p50 and p95 in ms of `rounds` calls, one after another."""
    times = []
    for _ in range(rounds):
        started = time.perf_counter()
        call()
        times.append((time.perf_counter() - started) * 1000)
    times.sort()
    return {"p50_ms": statistics.median(times), "p95_ms": times[min(len(times) - 1, int(0.95 * len(times) + 0.999) - 1)]}


def search_run(i):
    """Run i of the search benchmark; bench/mlflow.js makes the same runs for Mnemo."""
    digest = hashlib.sha256(f"bench-run-{i}".encode()).digest()
    acc = 0.5 + int.from_bytes(digest[:4], "big") / 2**32 * 0.5
    started = 1_760_000_000_000 + i * 1000
    return {
        "uuid": digest.hex()[:32],
        "name": f"run-{i}",
        "started": started,
        "ended": started + 600_000,
        "params": [("lr", ["0.001", "0.01", "0.1"][i % 3]), ("depth", str(3 + i % 8))],
        "metrics": [("acc", acc), ("loss", 1 - acc)],
    }


# The searches timed, each answered with a full page of 100 that check() vouches for:
#   filter: a param and a metric, ordered by the metric;
#   like: LIKE on a tag (the run name), ordered by run name;
#   in: an IN on 100 run ids.
SEARCHES = {
    "filter": (
        dict(filter_string="params.lr = '0.01' and metrics.acc > 0.9", order_by=["metrics.acc DESC"]),
        lambda runs: sorted_desc([r.data.metrics["acc"] for r in runs]) and all(r.data.params["lr"] == "0.01" for r in runs),
    ),
    "like": (
        dict(filter_string="tags.mlflow.runName LIKE 'run-1%'", order_by=["attributes.run_name ASC"]),
        lambda runs: all(r.info.run_name.startswith("run-1") for r in runs)
        and [r.info.run_name for r in runs] == sorted(r.info.run_name for r in runs),
    ),
    "in": (
        dict(filter_string="attributes.run_id IN ({})".format(", ".join(f"'{search_run(i)['uuid']}'" for i in range(0, 1000, 10)))),
        lambda runs: {r.info.run_id for r in runs} == {search_run(i)["uuid"] for i in range(0, 1000, 10)},
    ),
}


def sorted_desc(values):
    return values == sorted(values, reverse=True) and min(values) > 0.9


def registry_version(model, number):
    """Version `number` of model `model` of the registry benchmark; bench/mlflow.js makes the same for Mnemo."""
    return {
        "model": f"bench-model-{model}",
        "version": number,
        "source": f"models:/bench/{model}/{number}",
        "validated": number % 10 == 0,
    }


# The registry searches timed (search_model_versions), each checked on its first answer:
#   name: one model's versions above a number, newest first (the client's common call);
#   tag: a tag across every model, a page of 100.
REGISTRY_SEARCHES = {
    "name": (
        lambda models, versions: dict(
            filter_string=f"name = 'bench-model-{models // 2}' AND version_number > {versions // 2}",
            order_by=["version_number DESC"],
        ),
        lambda found, models, versions: [int(v.version) for v in found] == list(range(versions, versions // 2, -1)),
    ),
    "tag": (
        lambda models, versions: dict(filter_string="tags.validated = 'yes'", max_results=100),
        lambda found, models, versions: len(found) == min(100, models * (versions // 10))
        and all(int(v.version) % 10 == 0 for v in found),
    ),
}


def ensure_models(args):
    """The registry benchmark's registered models, created through the server's API when missing."""
    c = client(args.uri)
    have = {m.name for m in c.search_registered_models(max_results=1000)}
    for model in range(args.models):
        if f"bench-model-{model}" not in have:
            c.create_registered_model(f"bench-model-{model}")
    print(json.dumps({"models": args.models}))


def load_mlflow_registry(args):
    """Writes the registry benchmark's versions straight into MLflow's own tables, as load-mlflow does runs."""
    db = sqlite3.connect(args.db, timeout=60)
    have = db.execute("SELECT count(*) FROM model_versions WHERE name LIKE 'bench-model-%'").fetchone()[0]
    if have < args.models * args.versions:
        now = int(time.time() * 1000)
        rows = [registry_version(m, n) for m in range(args.models) for n in range(1, args.versions + 1)]
        with db:
            db.execute("DELETE FROM model_version_tags WHERE name LIKE 'bench-model-%'")
            db.execute("DELETE FROM model_versions WHERE name LIKE 'bench-model-%'")
            db.executemany(
                "INSERT INTO model_versions (name, version, creation_time, last_updated_time, description, user_id,"
                " current_stage, source, run_id, status) VALUES (?, ?, ?, ?, '', 'bench', 'None', ?, '', 'READY')",
                [(r["model"], r["version"], now, now, r["source"]) for r in rows],
            )
            db.executemany(
                "INSERT INTO model_version_tags (key, value, name, version) VALUES ('validated', 'yes', ?, ?)",
                [(r["model"], r["version"]) for r in rows if r["validated"]],
            )
    print(json.dumps({"versions": args.models * args.versions}))


def search_versions(args):
    c = client(args.uri)
    conditions, check = REGISTRY_SEARCHES[args.query]
    query = conditions(args.models, args.versions)
    started = time.perf_counter()
    first = c.search_model_versions(**query)
    first_ms = (time.perf_counter() - started) * 1000
    assert check(first, args.models, args.versions), f"the {args.query} registry search answered the wrong versions"
    print(json.dumps({"first_ms": first_ms, **timed(lambda: c.search_model_versions(**query), args.rounds), "found": len(first)}))


def catalog_item(kind, i):
    """Experiment or registered model `i` of the catalog benchmark; bench/mlflow.js makes the same for Mnemo."""
    prefix = "bench-exp" if kind == "experiments" else "bench-registered"
    return {"name": f"{prefix}-{i:05d}", "created": 1_760_000_000_000 + i * 1000, "tag": f"team-{i % 10}"}


# The catalog searches timed: a name LIKE and a tag, newest name first, page of 100; checked on the first answer.
CATALOG_SEARCHES = {
    "experiments": lambda c, prefix: c.search_experiments(
        filter_string=f"name LIKE '{prefix}-%' AND tags.team = 'team-3'", order_by=["name DESC"], max_results=100
    ),
    "models": lambda c, prefix: c.search_registered_models(
        filter_string=f"name LIKE '{prefix}-%' AND tags.team = 'team-3'", order_by=["name DESC"], max_results=100
    ),
}


def load_mlflow_catalog(args):
    """Writes the catalog benchmark's experiments and registered models straight into MLflow's own tables."""
    db = sqlite3.connect(args.db, timeout=60)
    with db:
        if db.execute("SELECT count(*) FROM experiments WHERE name LIKE 'bench-exp-%'").fetchone()[0] < args.count:
            db.execute("DELETE FROM experiment_tags WHERE experiment_id IN (SELECT experiment_id FROM experiments WHERE name LIKE 'bench-exp-%')")
            db.execute("DELETE FROM experiments WHERE name LIKE 'bench-exp-%'")
            for i in range(args.count):
                e = catalog_item("experiments", i)
                cursor = db.execute(
                    "INSERT INTO experiments (name, artifact_location, lifecycle_stage, creation_time, last_update_time)"
                    " VALUES (?, '', 'active', ?, ?)",
                    (e["name"], e["created"], e["created"]),
                )
                db.execute("INSERT INTO experiment_tags (key, value, experiment_id) VALUES ('team', ?, ?)", (e["tag"], cursor.lastrowid))
        if db.execute("SELECT count(*) FROM registered_models WHERE name LIKE 'bench-registered-%'").fetchone()[0] < args.count:
            db.execute("DELETE FROM registered_model_tags WHERE name LIKE 'bench-registered-%'")
            db.execute("DELETE FROM registered_models WHERE name LIKE 'bench-registered-%'")
            models = [catalog_item("models", i) for i in range(args.count)]
            db.executemany(
                "INSERT INTO registered_models (name, creation_time, last_updated_time, description) VALUES (?, ?, ?, '')",
                [(m["name"], m["created"], m["created"]) for m in models],
            )
            db.executemany(
                "INSERT INTO registered_model_tags (key, value, name) VALUES ('team', ?, ?)", [(m["tag"], m["name"]) for m in models]
            )
    print(json.dumps({"experiments": args.count, "registered_models": args.count}))


def search_catalog(args):
    c = client(args.uri)
    search = CATALOG_SEARCHES[args.query]
    prefix = catalog_item(args.query, 0)["name"].rsplit("-", 1)[0]
    expected = sorted((catalog_item(args.query, i)["name"] for i in range(args.count) if i % 10 == 3), reverse=True)[:100]
    started = time.perf_counter()
    first = search(c, prefix)
    first_ms = (time.perf_counter() - started) * 1000
    assert [e.name for e in first] == expected, f"the {args.query} search answered the wrong page"
    print(json.dumps({"first_ms": first_ms, **timed(lambda: search(c, prefix), args.rounds), "found": len(first)}))


def ensure_experiment(args):
    c = client(args.uri)
    found = c.get_experiment_by_name(args.name)
    print(json.dumps({"experiment_id": found.experiment_id if found else c.create_experiment(args.name)}))


def load_mlflow(args):
    """Writes the search runs straight into MLflow's own tables (its REST API would take hours for 100k)."""
    c = client(args.uri)
    found = c.get_experiment_by_name(args.name)
    experiment_id = found.experiment_id if found else c.create_experiment(args.name)
    db = sqlite3.connect(args.db, timeout=60)
    have = db.execute("SELECT count(*) FROM runs WHERE experiment_id = ?", (int(experiment_id),)).fetchone()[0]
    for start in range(have, args.count, 10_000):
        runs = [search_run(i) for i in range(start, min(start + 10_000, args.count))]
        with db:
            db.executemany(
                "INSERT INTO runs (run_uuid, name, source_type, source_name, entry_point_name, user_id, status, start_time,"
                " end_time, source_version, lifecycle_stage, artifact_uri, experiment_id) VALUES"
                " (?, ?, 'LOCAL', 'bench', '', 'bench', 'FINISHED', ?, ?, '', 'active', ?, ?)",
                [(r["uuid"], r["name"], r["started"], r["ended"], f"mlflow-artifacts:/{experiment_id}/{r['uuid']}/artifacts", int(experiment_id)) for r in runs],
            )
            db.executemany("INSERT INTO tags (key, value, run_uuid) VALUES ('mlflow.runName', ?, ?)", [(r["name"], r["uuid"]) for r in runs])
            db.executemany("INSERT INTO params (key, value, run_uuid) VALUES (?, ?, ?)", [(k, v, r["uuid"]) for r in runs for k, v in r["params"]])
            metric_rows = [(k, v, r["ended"], 0, 0, r["uuid"]) for r in runs for k, v in r["metrics"]]
            db.executemany("INSERT INTO metrics (key, value, timestamp, step, is_nan, run_uuid) VALUES (?, ?, ?, ?, ?, ?)", metric_rows)
            db.executemany("INSERT INTO latest_metrics (key, value, timestamp, step, is_nan, run_uuid) VALUES (?, ?, ?, ?, ?, ?)", metric_rows)
        print(f"[bench] loading MLflow's search runs: {min(start + 10_000, args.count)}/{args.count}", file=sys.stderr)
    print(json.dumps({"experiment_id": experiment_id}))


def main():
    parser = argparse.ArgumentParser()
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("ingest")
    p.add_argument("uri")
    p.add_argument("--clients", type=int, default=8)
    p.add_argument("--batches", type=int, default=10)
    p.add_argument("--singles", type=int, default=100)
    p.add_argument("--batch-size", type=int, default=1000)
    p.set_defaults(run=ingest)
    p = sub.add_parser("search")
    p.add_argument("uri")
    p.add_argument("experiment_id")
    p.add_argument("--rounds", type=int, default=30)
    p.add_argument("--query", choices=sorted(SEARCHES), default="filter")
    p.set_defaults(run=search)
    p = sub.add_parser("ensure-experiment")
    p.add_argument("uri")
    p.add_argument("name")
    p.set_defaults(run=ensure_experiment)
    p = sub.add_parser("load-mlflow")
    p.add_argument("uri")
    p.add_argument("db")
    p.add_argument("name")
    p.add_argument("count", type=int)
    p.set_defaults(run=load_mlflow)
    p = sub.add_parser("ensure-models")
    p.add_argument("uri")
    p.add_argument("models", type=int)
    p.set_defaults(run=ensure_models)
    p = sub.add_parser("load-mlflow-registry")
    p.add_argument("db")
    p.add_argument("models", type=int)
    p.add_argument("versions", type=int)
    p.set_defaults(run=load_mlflow_registry)
    p = sub.add_parser("search-versions")
    p.add_argument("uri")
    p.add_argument("models", type=int)
    p.add_argument("versions", type=int)
    p.add_argument("--rounds", type=int, default=30)
    p.add_argument("--query", choices=sorted(REGISTRY_SEARCHES), default="name")
    p.set_defaults(run=search_versions)
    p = sub.add_parser("load-mlflow-catalog")
    p.add_argument("db")
    p.add_argument("count", type=int)
    p.set_defaults(run=load_mlflow_catalog)
    p = sub.add_parser("search-catalog")
    p.add_argument("uri")
    p.add_argument("count", type=int)
    p.add_argument("--rounds", type=int, default=30)
    p.add_argument("--query", choices=sorted(CATALOG_SEARCHES), default="experiments")
    p.set_defaults(run=search_catalog)
    args = parser.parse_args()
    args.run(args)


if __name__ == "__main__":
    main()
