"""Access control through the real clients, against an api with MNEMO_AUTH=on (its own, with its own
Neo4j): the unmodified mlflow client (MLFLOW_TRACKING_TOKEN), openlineage-python's HTTP transport
(ApiKeyTokenProvider), the SDK (MNEMO_TOKEN) and the CLI (MNEMO_TOKEN), each with a good token, none,
a revoked one, and one whose user has no role in the project."""

import json
import os
import re
import subprocess
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

import mlflow
import pytest
import requests
from mlflow.exceptions import MlflowException
from mlflow.tracking import MlflowClient
from openlineage.client import OpenLineageClient
from openlineage.client.event_v2 import InputDataset, Job, OutputDataset, Run, RunEvent, RunState
from openlineage.client.transport.http import ApiKeyTokenProvider, HttpConfig, HttpTransport
from openlineage.client.uuid import generate_new_uuid

import mnemo
from conftest import ROOT, graphql, start_api

CLI = ROOT / "services/api/dist/cli/main.js"
SECRET = re.compile(r"\bmnemo_[A-Za-z0-9]{20,}\b")
PRODUCER = "https://github.com/mnemo/compat-tests"

CREATE_USER = "mutation($input: CreateUserInput!) { createUser(input: $input) { id } }"
CREATE_TOKEN = """mutation($name: String!, $userId: ID) {
  createApiToken(input: { name: $name, userId: $userId }) { secret token { id userId } }
}"""
REVOKE_TOKEN = "mutation($id: ID!) { revokeApiToken(id: $id) { id revokedAt } }"
GRANT = """mutation($projectId: ID!, $memberId: ID!, $role: ProjectRole!) {
  grantProjectRole(projectId: $projectId, memberId: $memberId, role: $role) { role }
}"""


@dataclass
class Secured:
    url: str
    admin: str  # the local admin's secret, from the server's first-start banner
    alice: str  # EDITOR on project:mlflow
    bob: str  # no role anywhere

    def token_for(self, user_id: str, name: str) -> dict:
        """A new token for `user_id`, made by the local admin: {"secret", "token": {"id", "userId"}}."""
        return graphql(self.url, CREATE_TOKEN, {"name": name, "userId": user_id}, token=self.admin)["createApiToken"]


def admin_secret(api, token_file: Path) -> str:
    """The local admin token the api writes to its 0600 file at its first start with auth on.

    Its output is piped, not a terminal, so the banner names the file and never holds the secret."""
    deadline = time.time() + 30
    while time.time() < deadline:
        if any(str(token_file) in line for line in list(api.lines)):
            secret = token_file.read_text().strip()
            assert SECRET.fullmatch(secret)
            assert (token_file.stat().st_mode & 0o777) == 0o600
            assert not any(secret in line for line in api.lines)
            return secret
        time.sleep(0.2)
    raise AssertionError("the api did not name its admin token file:\n" + "\n".join(api.lines))


@pytest.fixture(scope="module")
def secured(tmp_path_factory):
    home = tmp_path_factory.mktemp("mnemo-auth")
    api = start_api({"MNEMO_AUTH": "on", "MNEMO_ADMIN_TOKEN_FILE": str(home / "admin-token")}, capture=True)
    try:
        admin = admin_secret(api, home / "admin-token")
        secrets = {}
        for handle in ("alice", "bob"):
            graphql(api.url, CREATE_USER, {"input": {"handle": handle, "name": handle.title()}}, token=admin)
            made = graphql(api.url, CREATE_TOKEN, {"name": f"{handle}-laptop", "userId": f"user:{handle}"}, token=admin)
            secrets[handle] = made["createApiToken"]["secret"]
        grant = {"projectId": "project:mlflow", "memberId": "user:alice", "role": "EDITOR"}
        graphql(api.url, GRANT, grant, token=admin)
        yield Secured(api.url, admin, secrets["alice"], secrets["bob"])
    finally:
        api.stop()


def raw(url: str, path: str, body: dict, token: str | None = None) -> tuple[int, dict]:
    """What the server answers a client, status and JSON, without a client in between."""
    headers = {"content-type": "application/json", **({"authorization": f"Bearer {token}"} if token else {})}
    request = urllib.request.Request(f"{url}{path}", data=json.dumps(body).encode(), headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, json.load(response)
    except urllib.error.HTTPError as error:
        return error.code, json.load(error)


def actors_of(secured: Secured, entity_id: str) -> set[str]:
    query = "query($id: ID!) { auditTrail(entityId: $id) { actor } }"
    trail = graphql(secured.url, query, {"id": entity_id}, token=secured.admin)
    return {event["actor"] for event in trail["auditTrail"]}


# ---- (a) the mlflow client ------------------------------------------------------------------------


@pytest.fixture()
def tracking(secured, monkeypatch):
    monkeypatch.setenv("MLFLOW_HTTP_REQUEST_MAX_RETRIES", "0")
    monkeypatch.delenv("MLFLOW_TRACKING_TOKEN", raising=False)
    mlflow.set_tracking_uri(secured.url)
    yield
    if mlflow.active_run():
        mlflow.end_run()


def test_mlflow_logs_a_run_with_mlflow_tracking_token_as_that_user(secured, tracking, monkeypatch):
    monkeypatch.setenv("MLFLOW_TRACKING_TOKEN", secured.alice)
    mlflow.set_experiment("access churn")
    with mlflow.start_run(run_name="with-a-token") as run:
        mlflow.log_param("lr", "0.01")
        mlflow.log_metric("auc", 0.9)
    fetched = mlflow.get_run(run.info.run_id)
    assert fetched.info.status == "FINISHED" and fetched.data.params == {"lr": "0.01"}
    assert actors_of(secured, f"run:{run.info.run_id}") == {"user:alice"}


def test_mlflow_without_a_token_or_with_a_revoked_one_is_refused_with_401(secured, tracking, monkeypatch):
    monkeypatch.setenv("MLFLOW_TRACKING_TOKEN", secured.alice)
    experiment_id = mlflow.create_experiment("access refusals")

    monkeypatch.delenv("MLFLOW_TRACKING_TOKEN")
    with pytest.raises(MlflowException, match="UNAUTHENTICATED") as anonymous:
        MlflowClient().create_run(experiment_id)
    status, body = raw(secured.url, "/api/2.0/mlflow/runs/create", {"experiment_id": experiment_id})
    assert (status, body["error_code"]) == (401, "UNAUTHENTICATED")
    assert body["message"] in str(anonymous.value)

    revoked = secured.token_for("user:alice", "revoked-soon")
    graphql(secured.url, REVOKE_TOKEN, {"id": revoked["token"]["id"]}, token=secured.alice)  # one's own
    monkeypatch.setenv("MLFLOW_TRACKING_TOKEN", revoked["secret"])
    with pytest.raises(MlflowException, match="UNAUTHENTICATED"):
        MlflowClient().create_run(experiment_id)
    # Reads too: with a revoked token, and without one.
    with pytest.raises(MlflowException, match="UNAUTHENTICATED"):
        MlflowClient().get_experiment(experiment_id)
    monkeypatch.delenv("MLFLOW_TRACKING_TOKEN")
    with pytest.raises(MlflowException, match="UNAUTHENTICATED"):
        MlflowClient().get_experiment(experiment_id)
    monkeypatch.setenv("MLFLOW_TRACKING_TOKEN", secured.alice)
    assert MlflowClient().get_experiment(experiment_id).name == "access refusals"


def test_mlflow_with_the_token_of_a_user_without_a_role_is_refused_with_403(secured, tracking, monkeypatch):
    monkeypatch.setenv("MLFLOW_TRACKING_TOKEN", secured.alice)
    experiment_id = mlflow.create_experiment("access forbidden")
    run_id = MlflowClient().create_run(experiment_id).info.run_id

    monkeypatch.setenv("MLFLOW_TRACKING_TOKEN", secured.bob)
    with pytest.raises(MlflowException, match="PERMISSION_DENIED") as forbidden:  # MLflow's name for 403
        MlflowClient().log_param(run_id, "lr", "0.1")
    assert "user:bob" in str(forbidden.value) and "project:mlflow" in str(forbidden.value)
    status, body = raw(secured.url, "/api/2.0/mlflow/runs/create", {"experiment_id": experiment_id}, secured.bob)
    assert (status, body["error_code"]) == (403, "PERMISSION_DENIED")
    # Nor may bob read MLflow's runs, holding no role in project:mlflow.
    with pytest.raises(MlflowException, match="PERMISSION_DENIED") as unreadable:
        MlflowClient().get_run(run_id)
    assert "user:bob may not read" in str(unreadable.value)
    monkeypatch.setenv("MLFLOW_TRACKING_TOKEN", secured.alice)
    assert MlflowClient().get_run(run_id).data.params == {}  # nothing was written


CREATE_PROJECT = "mutation($slug: String!) { createProject(input: { slug: $slug, name: $slug }) { id } }"


def test_a_token_for_project_a_cannot_write_to_project_b_through_mlflow(secured, tracking, monkeypatch):
    """set_experiment("churn/...") puts the experiment into project:churn; a churn editor's token logs
    there, and is refused (PERMISSION_DENIED) a payments experiment, to write and to read."""
    for slug in ("churn", "payments"):
        graphql(secured.url, CREATE_PROJECT, {"slug": slug}, token=secured.admin)
    graphql(secured.url, CREATE_USER, {"input": {"handle": "chen", "name": "Chen"}}, token=secured.admin)
    chen = secured.token_for("user:chen", "chen-laptop")["secret"]
    graphql(secured.url, GRANT, {"projectId": "project:churn", "memberId": "user:chen", "role": "EDITOR"}, token=secured.admin)

    monkeypatch.setenv("MLFLOW_TRACKING_TOKEN", secured.admin)
    payments = MlflowClient().create_experiment("fraud", tags={"mnemo.project": "payments"})
    assert payments.startswith("payments~")

    monkeypatch.setenv("MLFLOW_TRACKING_TOKEN", chen)
    experiment = mlflow.set_experiment("churn/xgb-tuning")
    assert experiment.experiment_id.startswith("churn~") and experiment.name == "churn/xgb-tuning"
    with mlflow.start_run() as run:
        mlflow.log_metric("auc", 0.91)
    assert run.info.experiment_id == experiment.experiment_id
    assert mlflow.get_run(run.info.run_id).data.metrics == {"auc": 0.91}
    assert actors_of(secured, f"run:{run.info.run_id}") == {"user:chen"}
    assert [e.experiment_id for e in mlflow.search_experiments()] == [experiment.experiment_id]

    with pytest.raises(MlflowException, match="PERMISSION_DENIED") as forbidden:
        MlflowClient().create_run(payments)
    assert "user:chen" in str(forbidden.value)
    with pytest.raises(MlflowException, match="PERMISSION_DENIED"):
        mlflow.set_experiment("payments/fraud-tuning")  # creating it needs EDITOR on project:payments
    with pytest.raises(MlflowException, match="PERMISSION_DENIED"):
        MlflowClient().get_experiment(payments)
    monkeypatch.setenv("MLFLOW_TRACKING_TOKEN", secured.admin)
    assert MlflowClient().search_runs([payments]) == []  # nothing was written
    assert MlflowClient().get_experiment_by_name("payments/fraud-tuning") is None


# ---- (b) openlineage-python ------------------------------------------------------------------------


def lineage_client(url: str, secret: str | None) -> OpenLineageClient:
    auth = {"auth": ApiKeyTokenProvider({"api_key": secret})} if secret else {}
    return OpenLineageClient(transport=HttpTransport(HttpConfig(url=url, endpoint="api/v1/lineage", **auth)))


def start_event(namespace: str, job_name: str) -> RunEvent:
    return RunEvent(
        eventType=RunState.START,
        eventTime=datetime(2026, 11, 23, 9, 0, tzinfo=timezone.utc).isoformat(),
        run=Run(runId=str(generate_new_uuid())),
        job=Job(namespace=namespace, name=job_name),
        producer=PRODUCER,
        inputs=[InputDataset(namespace="postgres://prod:5432", name="public.orders")],
        outputs=[OutputDataset(namespace="postgres://prod:5432", name="public.order_totals")],
    )


def test_openlineage_events_are_accepted_with_the_api_key_and_refused_without(secured, monkeypatch):
    event = start_event("access-warehouse", "order_totals")
    with pytest.raises(requests.HTTPError) as anonymous:
        lineage_client(secured.url, None).emit(event)
    assert anonymous.value.response.status_code == 401

    # A job namespace nobody has reported is a new project: creating one is an org admin's right.
    with pytest.raises(requests.HTTPError) as refused:
        lineage_client(secured.url, secured.alice).emit(event)
    assert refused.value.response.status_code == 403 and "org ADMIN" in refused.value.response.text
    graphql(secured.url, CREATE_PROJECT, {"slug": "access-warehouse"}, token=secured.admin)
    grant = {"projectId": "project:access-warehouse", "memberId": "user:alice", "role": "EDITOR"}
    graphql(secured.url, GRANT, grant, token=secured.admin)

    lineage_client(secured.url, secured.alice).emit(event)
    run_id = "run:" + event.run.runId.replace("-", "")
    run = graphql(secured.url, "query($id: ID!) { run(id: $id) { status } }", {"id": run_id}, token=secured.alice)["run"]
    assert run["status"] == "RUNNING"
    assert actors_of(secured, run_id) == {"user:alice"}

    # Configured from the environment instead (OPENLINEAGE_URL, OPENLINEAGE_API_KEY), as integrations are.
    monkeypatch.setenv("OPENLINEAGE_URL", secured.url)
    monkeypatch.setenv("OPENLINEAGE_API_KEY", secured.alice)
    from_env = start_event("access-warehouse", "order_totals")
    OpenLineageClient().emit(from_env)
    assert actors_of(secured, "run:" + from_env.run.runId.replace("-", "")) == {"user:alice"}

    with pytest.raises(requests.HTTPError) as forbidden:  # bob holds no role in that project
        lineage_client(secured.url, secured.bob).emit(start_event("access-warehouse", "order_totals"))
    assert forbidden.value.response.status_code == 403


# ---- (c) the SDK --------------------------------------------------------------------------------


@pytest.fixture()
def sdk_env(secured, tmp_path, monkeypatch):
    monkeypatch.setenv("MNEMO_URL", secured.url)
    monkeypatch.setenv("MNEMO_SPOOL_DIR", str(tmp_path / "spool"))
    monkeypatch.delenv("MNEMO_TOKEN", raising=False)


def sdk_client(**kwargs) -> mnemo.Client:
    return mnemo.Client(retries=0, **kwargs)


def test_the_sdk_records_a_run_with_mnemo_token(secured, sdk_env, tmp_path, monkeypatch):
    monkeypatch.setenv("MNEMO_TOKEN", secured.alice)
    (tmp_path / "model.pkl").write_bytes(b"weights")
    with mnemo.start_run("mlflow", "access sdk", params={"eta": 0.1}, client=sdk_client()) as run:
        run.log_metrics({"auc": 0.93}, step=1)
        model = run.log_model("access-model", path=str(tmp_path / "model.pkl"))
    recorded = graphql(secured.url, "query($id: ID!) { run(id: $id) { status } }", {"id": run.id}, token=secured.alice)[
        "run"
    ]
    assert recorded["status"] == "FINISHED"
    assert actors_of(secured, run.id) == {"user:alice"}
    assert model.id == "model:mlflow/access-model@1"


def test_the_sdk_is_told_when_mnemo_refuses_its_token_and_spools_nothing(secured, sdk_env, tmp_path, monkeypatch):
    with pytest.raises(mnemo.AccessDenied, match="set MNEMO_TOKEN") as anonymous:
        mnemo.start_run("mlflow", "access sdk", client=sdk_client())
    assert anonymous.value.code == "UNAUTHENTICATED"
    monkeypatch.setenv("MNEMO_TOKEN", "mnemo_" + "0" * 40)
    with pytest.raises(mnemo.AccessDenied, match="Mnemo refused the token"):
        mnemo.start_run("mlflow", "access sdk", client=sdk_client())
    with pytest.raises(mnemo.AccessDenied) as forbidden:
        mnemo.start_run("mlflow", "access sdk", client=sdk_client(token=secured.bob))
    assert forbidden.value.code == "FORBIDDEN" and "user:bob" in forbidden.value.message
    assert list((tmp_path / "spool").glob("*.jsonl")) == []


# ---- (d) the CLI --------------------------------------------------------------------------------


def cli(secured: Secured, token: str | None, *args: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "MNEMO_TOKEN"}
    env["MNEMO_URL"] = secured.url
    if token:
        env["MNEMO_TOKEN"] = token
    return subprocess.run(["node", str(CLI), *args], env=env, capture_output=True, text=True, timeout=120)


@pytest.fixture(scope="module")
def model_version(secured, tmp_path_factory) -> str:
    """A model version alice registered (through the SDK, with an explicit token), for the gate check."""
    home = tmp_path_factory.mktemp("cli-model")
    (home / "model.pkl").write_bytes(b"cli weights")
    client = mnemo.Client(secured.url, secured.alice, retries=0, spool_dir=str(home / "spool"))
    with mnemo.start_run("mlflow", "access cli", client=client) as run:
        return run.log_model("access-cli-model", path=str(home / "model.pkl")).id


def test_the_cli_creates_and_revokes_tokens_and_checks_gates_with_mnemo_token(secured, model_version):
    created = cli(secured, secured.alice, "token", "create", "--name", "ci-churn", "--format", "json")
    assert created.returncode == 0, created.stderr
    token = json.loads(created.stdout)
    assert token["userId"] == "user:alice" and SECRET.fullmatch(token["secret"])
    assert "will not be shown again" in created.stderr

    plain = cli(secured, secured.alice, "token", "create", "--name", "ci-plain")
    assert plain.returncode == 0 and SECRET.fullmatch(plain.stdout.strip())
    listed = cli(secured, secured.alice, "token", "list", "--format", "json")
    assert {"ci-churn", "ci-plain"} <= {t["name"] for t in json.loads(listed.stdout)}

    # The new token works, as alice.
    checked = cli(secured, token["secret"], "gate", "check", model_version, "--to", "dev")
    assert checked.returncode in (0, 1), checked.stderr
    assert "Promotion gates" in checked.stdout

    revoked = cli(secured, secured.alice, "token", "revoke", token["id"])
    assert revoked.returncode == 0, revoked.stderr
    assert revoked.stdout.startswith(f'revoked {token["id"]} "ci-churn" of user:alice at ')
    refused = cli(secured, token["secret"], "gate", "check", model_version, "--to", "dev")
    assert refused.returncode == 2
    assert "mnemo: the server refused the token: " in refused.stderr

    anonymous = cli(secured, None, "token", "create", "--name", "nobody")
    assert anonymous.returncode == 2
    assert "the server refused the request without a token" in anonymous.stderr
    forbidden = cli(secured, secured.bob, "token", "create", "--name", "for-alice", "--user", "user:alice")
    assert forbidden.returncode == 2
    assert "mnemo: forbidden: " in forbidden.stderr
