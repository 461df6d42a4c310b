"""GPU utilisation sampled while a run is open, against the real api and Neo4j: logged per device as
system/gpu_<index>_utilization_percentage, then priced by costWaste as idle accelerator hours.

This machine has no GPU: a fake `nvidia-smi` (a script first on PATH) answers `-L` with two A10Gs
and `--query-gpu=...` with a scripted sequence of readings (one call per sample), including a failed
call and a device without a figure, which the sampler must skip without breaking the run.
"""

import json
import os
import shutil
import sys
import textwrap
import threading
import time
import uuid
from pathlib import Path

import pytest
import real_api
import yaml

import mnemo
from mnemo import utilization

# The real api, for the tests below that ask for it (real_api.py says why these are not in a conftest.py).
mnemo_api_url, graphql = real_api.mnemo_api_url, real_api.graphql

ROOT = Path(__file__).resolve().parents[3]
QUERY_ARGS = ["--query-gpu=index,utilization.gpu", "--format=csv,noheader,nounits"]
# One entry per --query-gpu call: the lines printed, or None for a failed call (exit 1). The last repeats.
READINGS = [["0, 0", "1, 50"], None, ["0, 95", "1, [Not Supported]"], ["0, 3", "1, 5"], ["0, 90", "1, 100"]]
THRESHOLD = 10  # costWaste's default utilisation threshold (percent)

RUN = """query($id: ID!) {
  run(id: $id) {
    status endedAt computeCostUsd
    infrastructure { instanceType accelerators acceleratorCount }
    metrics { key history { value step timestamp } }
  }
}"""
WASTE = """query($projectId: ID!) {
  costWaste(projectId: $projectId) {
    utilizationThreshold idleUsd idleAcceleratorHours
    runs { runId status costSource utilizationMetrics idleAcceleratorHours idleUsd lostUsd explanation }
  }
}"""


def fake_nvidia_smi(directory: Path, readings) -> Path:
    """Writes `nvidia-smi` into `directory`; each call is appended to calls.jsonl next to it."""
    directory.mkdir(parents=True, exist_ok=True)
    script = directory / "nvidia-smi"
    script.write_text(
        textwrap.dedent(
            f"""\
            #!{sys.executable}
            import json, sys
            from pathlib import Path
            here = Path(__file__).parent
            readings = json.loads((here / "readings.json").read_text())
            calls = here / "calls.jsonl"
            args = sys.argv[1:]
            done = sum(1 for line in open(calls) if '--query-gpu' in line) if calls.exists() else 0
            with open(calls, "a") as log:
                log.write(json.dumps(args) + "\\n")
            if args == ["-L"]:
                print("GPU 0: NVIDIA A10G (UUID: GPU-0000)")
                print("GPU 1: NVIDIA A10G (UUID: GPU-0001)")
                sys.exit(0)
            if not readings:
                print("No devices were found")
                sys.exit(6)
            lines = readings[min(done, len(readings) - 1)]
            if lines is None:
                print("NVIDIA-SMI has failed", file=sys.stderr)
                sys.exit(1)
            print("\\n".join(lines))
            """
        )
    )
    script.chmod(0o755)
    (directory / "readings.json").write_text(json.dumps(readings))
    return directory / "calls.jsonl"


def query_calls(calls: Path) -> list:
    if not calls.exists():
        return []
    return [args for args in map(json.loads, calls.read_text().splitlines()) if args != ["-L"]]


def sampler_threads(run) -> list:
    return [t for t in threading.enumerate() if t.name == f"mnemo-utilization-{run.id}"]


def wait_for(condition, what: str, limit: float = 60.0) -> None:
    deadline = time.monotonic() + limit
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.05)


def epoch_ms(text: str) -> int:
    from datetime import datetime

    return int(datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp() * 1000)


def idle_hours(history: list, ended_ms: int) -> float:
    """What costWaste should count, by hand: each sample below the threshold holds until the next
    sample (the last until the run ended)."""
    at = [epoch_ms(point["timestamp"]) for point in history]
    total = 0
    for i, point in enumerate(history):
        if point["value"] < THRESHOLD:
            total += (at[i + 1] if i + 1 < len(at) else ended_ms) - at[i]
    return total / 3_600_000


@pytest.fixture()
def client(mnemo_api_url, tmp_path):
    return mnemo.Client(mnemo_api_url, spool_dir=str(tmp_path / "spool"), retries=1, backoff=0.1)


def test_gpu_utilisation_is_sampled_per_device_and_priced_as_idle_waste(client, graphql, tmp_path, monkeypatch):
    calls = fake_nvidia_smi(tmp_path / "bin", READINGS)
    monkeypatch.setenv("PATH", f"{tmp_path / 'bin'}{os.pathsep}{os.environ['PATH']}")
    project = f"gpu-{uuid.uuid4().hex[:8]}"
    run = mnemo.start_run(project, "finetune", instance_type="g5.xlarge", utilization_interval=0.1, client=client)
    with run:
        assert len(sampler_threads(run)) == 1
        run.log_metrics({"loss": 0.5}, step=0)
        wait_for(lambda: len(query_calls(calls)) >= 7, "seven utilisation samples")
    assert run.status == "FINISHED" and sampler_threads(run) == []
    sampled = len(query_calls(calls))
    assert all(args == QUERY_ARGS for args in query_calls(calls))
    time.sleep(0.5)  # five intervals: a sampler that outlived its run would have called again
    assert len(query_calls(calls)) == sampled

    recorded = graphql(RUN, {"id": run.id})["run"]
    assert recorded["infrastructure"] == {
        "instanceType": "g5.xlarge",
        "accelerators": ["NVIDIA A10G", "NVIDIA A10G"],
        "acceleratorCount": 2,
    }
    metrics = {m["key"]: m["history"] for m in recorded["metrics"]}
    gpu0, gpu1 = metrics["system/gpu_0_utilization_percentage"], metrics["system/gpu_1_utilization_percentage"]
    assert sorted(metrics) == ["loss", "system/gpu_0_utilization_percentage", "system/gpu_1_utilization_percentage"]
    # The failed call logged nothing and took no step; device 1 had no figure on the third call.
    successful = sampled - 1
    assert [p["step"] for p in gpu0] == list(range(successful))
    assert [p["value"] for p in gpu0] == [0, 95, 3] + [90] * (successful - 3)
    assert [p["step"] for p in gpu1] == [0] + list(range(2, successful))
    assert [p["value"] for p in gpu1] == [50, 5] + [100] * (successful - 3)
    for history in (gpu0, gpu1):
        stamps = [epoch_ms(p["timestamp"]) for p in history]
        assert stamps == sorted(set(stamps))  # each sample at its own, increasing time
    ended = epoch_ms(recorded["endedAt"])
    assert all(epoch_ms(p["timestamp"]) < ended for p in gpu0 + gpu1)

    waste = graphql(WASTE, {"projectId": f"project:{project}"})["costWaste"]
    assert waste["utilizationThreshold"] == THRESHOLD
    [entry] = waste["runs"]
    expected_hours = idle_hours(gpu0, ended) + idle_hours(gpu1, ended)
    a10g = yaml.safe_load((ROOT / "governance" / "prices.yaml").read_text())["accelerators"]["NVIDIA A10G"]
    assert expected_hours > 0
    assert entry["runId"] == run.id and entry["status"] == "FINISHED" and entry["costSource"] == "RECORDED"
    assert entry["utilizationMetrics"] == [
        "system/gpu_0_utilization_percentage",
        "system/gpu_1_utilization_percentage",
    ]
    assert entry["idleAcceleratorHours"] == pytest.approx(expected_hours, rel=1e-9)
    assert entry["idleUsd"] == pytest.approx(expected_hours * a10g, rel=1e-9)
    assert entry["lostUsd"] == 0
    assert waste["idleUsd"] == pytest.approx(entry["idleUsd"], rel=1e-9)


def test_without_a_gpu_nothing_is_sampled_or_logged(client, graphql, tmp_path, monkeypatch):
    # No nvidia-smi on this machine's PATH: no thread, no utilisation metric, no waste.
    assert shutil.which("nvidia-smi") is None
    project = f"cpu-{uuid.uuid4().hex[:8]}"
    with mnemo.start_run(project, "baseline", utilization_interval=0.1, client=client) as bare:
        assert sampler_threads(bare) == []
        bare.log_metrics({"loss": 0.4}, step=1)
    # nvidia-smi present but listing no device (no driver loaded): the same.
    calls = fake_nvidia_smi(tmp_path / "bin", [])
    monkeypatch.setenv("PATH", f"{tmp_path / 'bin'}{os.pathsep}{os.environ['PATH']}")
    with mnemo.start_run(project, "baseline", utilization_interval=0.1, client=client) as driverless:
        assert sampler_threads(driverless) == []
        driverless.log_metrics({"loss": 0.3}, step=1)
    assert len(query_calls(calls)) == 1  # the one probe at start, never repeated

    for run in (bare, driverless):
        recorded = graphql(RUN, {"id": run.id})["run"]
        assert recorded["status"] == "FINISHED"
        assert [m["key"] for m in recorded["metrics"]] == ["loss"]
    assert graphql(WASTE, {"projectId": f"project:{project}"})["costWaste"]["runs"] == []


def test_an_interval_of_zero_turns_sampling_off(client, graphql, tmp_path, monkeypatch):
    calls = fake_nvidia_smi(tmp_path / "bin", READINGS)
    monkeypatch.setenv("PATH", f"{tmp_path / 'bin'}{os.pathsep}{os.environ['PATH']}")
    monkeypatch.setenv("MNEMO_UTILIZATION_INTERVAL", "0")
    with mnemo.start_run(f"off-{uuid.uuid4().hex[:8]}", "e", client=client) as run:
        assert sampler_threads(run) == []
    assert query_calls(calls) == []
    assert graphql(RUN, {"id": run.id})["run"]["metrics"] == []


def test_the_interval_comes_from_the_argument_then_the_environment(monkeypatch):
    monkeypatch.delenv("MNEMO_UTILIZATION_INTERVAL", raising=False)
    assert utilization.interval_from(None) == 15
    monkeypatch.setenv("MNEMO_UTILIZATION_INTERVAL", "2.5")
    assert utilization.interval_from(None) == 2.5
    assert utilization.interval_from(0) == 0
    monkeypatch.setenv("MNEMO_UTILIZATION_INTERVAL", "often")
    with pytest.warns(UserWarning, match="MNEMO_UTILIZATION_INTERVAL"):
        assert utilization.interval_from(None) == 15
    for bad in (-1, float("nan")):
        with pytest.raises(ValueError, match="utilization_interval"):
            utilization.interval_from(bad)
