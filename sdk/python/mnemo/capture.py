"""What the SDK records about a run without being asked: code, environment, host, hardware, cost.

Every probe tolerates its absence (no git, no nvidia-smi, no package metadata): a missing fact is
left out, never an error.
"""

from __future__ import annotations

import hashlib
import json
import os
import platform
import shutil
import socket
import subprocess
import sys
from importlib import metadata
from pathlib import Path

# Estimated on-demand prices in US dollars per hour, used when a run gives no computeCostUsd.
# Whole instances (CPU, memory and any GPUs included), by instance type (MNEMO_INSTANCE_TYPE).
INSTANCE_HOUR_USD = {
    "m5.large": 0.096,
    "m5.xlarge": 0.192,
    "m5.2xlarge": 0.384,
    "m5.4xlarge": 0.768,
    "c5.xlarge": 0.17,
    "c5.2xlarge": 0.34,
    "c5.4xlarge": 0.68,
    "r5.xlarge": 0.252,
    "r5.2xlarge": 0.504,
    "g4dn.xlarge": 0.526,
    "g5.xlarge": 1.006,
    "g5.2xlarge": 1.212,
    "p3.2xlarge": 3.06,
    "p4d.24xlarge": 32.77,
    "n2-standard-4": 0.194,
    "n2-standard-8": 0.389,
    "a2-highgpu-1g": 3.67,
}
# Any other machine: each logical CPU, plus each GPU by model (first name that appears in it).
CPU_HOUR_USD = 0.048
GPU_HOUR_USD = {"H100": 4.50, "A100": 3.00, "A10G": 1.00, "A10": 1.00, "L4": 0.70, "V100": 2.48, "T4": 0.35}
GPU_HOUR_USD_OTHER = 2.00


# Mnemo's limits on the run's text fields (services/api/src/platform/validation.ts); longer facts are cut.
TEXT_LIMITS = {"tag": 6000, "entryPoint": 2000, "repo": 2000, "branch": 200}


def command_output(command: list[str], cwd: str | None = None, timeout: float = 10.0) -> str | None:
    """The trimmed stdout of a command, or None when it is missing or fails."""
    if shutil.which(command[0]) is None:
        return None
    try:
        result = subprocess.run(
            command, cwd=cwd, capture_output=True, text=True, timeout=timeout, stdin=subprocess.DEVNULL
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return result.stdout.strip() if result.returncode == 0 else None


def script_dir() -> str:
    """Where the program being run lives (its git repository is the run's code)."""
    main = sys.argv[0] if sys.argv and sys.argv[0] not in ("", "-c", "-") else ""
    return str(Path(main).resolve().parent) if main and Path(main).exists() else os.getcwd()


def git_top(path: str | None = None) -> str | None:
    """The top-level directory of the git repository holding the program, or None."""
    return command_output(["git", "rev-parse", "--show-toplevel"], cwd=path or script_dir())


def git_info(top: str) -> dict:
    """repo (the origin URL, else the top-level directory), branch, commit and dirty flag."""
    info: dict = {
        "repo": (command_output(["git", "remote", "get-url", "origin"], cwd=top) or top)[: TEXT_LIMITS["repo"]]
    }
    commit = command_output(["git", "rev-parse", "HEAD"], cwd=top)
    if commit:
        info["commit"] = commit
    branch = command_output(["git", "rev-parse", "--abbrev-ref", "HEAD"], cwd=top)
    if branch and branch != "HEAD":
        info["branch"] = branch[: TEXT_LIMITS["branch"]]
    status = command_output(["git", "status", "--porcelain", "--untracked-files=no"], cwd=top)
    if status is not None:
        info["dirty"] = status != ""
    return info


def entry_point(git_top: str | None = None) -> str:
    """The program run: its path within the repository when there is one, else as given."""
    if not sys.argv or sys.argv[0] in ("", "-c", "-"):
        return "<interactive>" if not sys.argv or sys.argv[0] == "" else f"python {sys.argv[0]}"
    main = Path(sys.argv[0]).resolve()
    if git_top:
        try:
            return main.relative_to(Path(git_top).resolve()).as_posix()
        except ValueError:
            pass
    return sys.argv[0]


def packages() -> list[str]:
    """Installed distributions as sorted, de-duplicated `name==version` lines."""
    found = set()
    for distribution in metadata.distributions():
        name = distribution.metadata["Name"] if distribution.metadata else None
        if name:
            found.add(f"{name.lower().replace('_', '-')}=={distribution.version}")
    return sorted(found)


def environment() -> dict:
    """Python version and the sha256 of the installed package list (one `name==version` a line)."""
    listing = "\n".join(packages()) + "\n"
    return {
        "languageVersion": f"python {platform.python_version()}",
        "packageLockDigest": "sha256:" + hashlib.sha256(listing.encode()).hexdigest(),
    }


def gpus() -> list[str]:
    """GPU models from `nvidia-smi -L` ("GPU 0: NVIDIA A10G (UUID: ...)"), one per device."""
    listing = command_output(["nvidia-smi", "-L"])
    if not listing:
        return []
    names = []
    for line in listing.splitlines():
        if line.startswith("GPU") and ":" in line:
            names.append(line.split(":", 1)[1].split("(UUID")[0].strip())
    return names


def cpu_model() -> str:
    """The processor's model name (/proc/cpuinfo on Linux, platform.processor() elsewhere)."""
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as file:
            for line in file:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def infrastructure(instance_type: str | None = None, region: str | None = None) -> dict:
    accelerators = gpus()
    infra: dict = {"accelerators": accelerators, "acceleratorCount": len(accelerators)}
    instance_type = instance_type or os.environ.get("MNEMO_INSTANCE_TYPE")
    if instance_type:
        infra["instanceType"] = instance_type
    region = region or os.environ.get("MNEMO_REGION") or os.environ.get("AWS_REGION")
    if region:
        infra["region"] = region
    return infra


def host_tags() -> dict:
    """Facts with no field of their own on the run, recorded as `mnemo.*` tags (each cut to the
    6,000 characters Mnemo takes)."""
    tags = {
        "mnemo.hostname": socket.gethostname(),
        "mnemo.argv": json.dumps(sys.argv),
        "mnemo.cpu.count": str(os.cpu_count() or 0),
        "mnemo.cpu.model": cpu_model(),
        "mnemo.platform": platform.platform(),
        "mnemo.python.implementation": platform.python_implementation(),
        "mnemo.python.executable": sys.executable,
    }
    return {key: value[: TEXT_LIMITS["tag"]] for key, value in tags.items()}


def gpu_hour_usd(name: str) -> float:
    upper = name.upper()
    for model, price in GPU_HOUR_USD.items():
        if model in upper:
            return price
    return GPU_HOUR_USD_OTHER


def estimate_cost(
    seconds: float, instance_type: str | None, cpu_count: int, accelerators: list[str]
) -> tuple[float, str]:
    """Estimated cost in USD of `seconds` of wall time, and how it was reckoned."""
    hours = max(seconds, 0.0) / 3600
    if instance_type and instance_type in INSTANCE_HOUR_USD:
        rate = INSTANCE_HOUR_USD[instance_type]
        basis = f"{instance_type} at ${rate}/h"
    else:
        rate = cpu_count * CPU_HOUR_USD + sum(gpu_hour_usd(g) for g in accelerators)
        basis = f"{cpu_count} CPU x ${CPU_HOUR_USD}/h" + "".join(f" + {g} ${gpu_hour_usd(g)}/h" for g in accelerators)
    return round(rate * hours, 6), f"{basis} for {hours:.4f} h"
