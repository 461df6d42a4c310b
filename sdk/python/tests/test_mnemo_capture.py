"""What the SDK captures and computes by itself, without a server."""

import hashlib
import json
import subprocess
import sys

import pytest

from mnemo import capture
from mnemo.digest import content_digest
from mnemo.run import _param_value, slug


def test_a_file_digest_is_the_sha256_of_its_bytes(tmp_path):
    path = tmp_path / "train.csv"
    path.write_bytes(b"id,label\n1,0\n")
    assert content_digest(path) == ("sha256:" + hashlib.sha256(b"id,label\n1,0\n").hexdigest(), 13)


def test_a_directory_digest_covers_names_and_bytes_in_path_order(tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "part-1.parquet").write_bytes(b"xy")
    (tmp_path / "a.parquet").write_bytes(b"z")
    lines = "".join(
        f"{name}\0{hashlib.sha256(data).hexdigest()}\n"
        for name, data in [("a.parquet", b"z"), ("b/part-1.parquet", b"xy")]
    )
    assert content_digest(tmp_path) == ("sha256:" + hashlib.sha256(lines.encode()).hexdigest(), 3)
    before = content_digest(tmp_path)
    (tmp_path / "a.parquet").rename(tmp_path / "c.parquet")
    assert content_digest(tmp_path) != before
    with pytest.raises(FileNotFoundError):
        content_digest(tmp_path / "missing")


def test_git_facts_come_from_the_repository_and_nothing_breaks_outside_one(tmp_path):
    assert capture.git_top(str(tmp_path)) is None
    subprocess.run(["git", "init", "-q", "-b", "trunk", str(tmp_path)], check=True)
    (tmp_path / "f").write_text("1")
    subprocess.run(["git", "-C", str(tmp_path), "add", "f"], check=True)
    subprocess.run(
        ["git", "-C", str(tmp_path), "-c", "user.name=t", "-c", "user.email=t@x", "commit", "-qm", "m"], check=True
    )
    top = capture.git_top(str(tmp_path))
    info = capture.git_info(top)
    assert info["branch"] == "trunk" and info["dirty"] is False and len(info["commit"]) == 40
    assert info["repo"] == top  # no origin: the checkout's path
    (tmp_path / "f").write_text("2")
    assert capture.git_info(top)["dirty"] is True


def test_the_environment_digest_is_the_sha256_of_the_package_list():
    listing = capture.packages()
    assert listing == sorted(set(listing)) and any(line.startswith("pytest==") for line in listing)
    env = capture.environment()
    assert env["languageVersion"] == "python " + sys.version.split()[0]
    assert env["packageLockDigest"] == "sha256:" + hashlib.sha256(("\n".join(listing) + "\n").encode()).hexdigest()


def test_host_facts_are_tags_cut_to_what_mnemo_takes(monkeypatch):
    tags = capture.host_tags()
    assert json.loads(tags["mnemo.argv"]) == sys.argv
    assert int(tags["mnemo.cpu.count"]) >= 1 and tags["mnemo.hostname"]
    monkeypatch.setattr(sys, "argv", ["train.py", "x" * 10_000])
    assert len(capture.host_tags()["mnemo.argv"]) == 6000


def test_cost_uses_the_instance_price_or_cpus_and_gpus():
    assert capture.estimate_cost(1800, "g5.xlarge", 4, ["NVIDIA A10G"])[0] == pytest.approx(0.503)
    cost, basis = capture.estimate_cost(3600, None, 8, ["NVIDIA A100-SXM4-40GB", "Mystery GPU"])
    assert cost == pytest.approx(8 * 0.048 + 3.00 + 2.00)
    assert "A100" in basis and "1.0000 h" in basis
    assert capture.estimate_cost(-5, None, 2, [])[0] == 0


def test_names_become_slugs_and_values_text():
    assert slug("XGB Baseline (v2)") == "xgb-baseline-v2"
    with pytest.raises(ValueError):
        slug("!!!")
    assert [_param_value(v) for v in ("a", 0.1, 6, True, None, {"b": 1, "a": [2]})] == [
        "a",
        "0.1",
        "6",
        "True",
        "None",
        '{"a": [2], "b": 1}',
    ]
