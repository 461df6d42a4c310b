"""Accelerator utilisation sampled while a run is open, logged as MLflow's per-device system metrics.

Mnemo prices the accelerator hours spent below a utilisation threshold as idle waste (costWaste), and
reads `system/gpu_<index>_utilization_percentage`: each sample holds until the next one, the last
until the run ends. Without `nvidia-smi`, or when it lists no GPU, nothing is sampled. Sampling never
breaks training: a failed query skips that sample, a refused metric is dropped with one warning.
"""

from __future__ import annotations

import os
import threading
import time
import warnings
from typing import Callable

from .capture import command_output

DEFAULT_INTERVAL = 15.0
QUERY = ["nvidia-smi", "--query-gpu=index,utilization.gpu", "--format=csv,noheader,nounits"]


def metric_key(index: int) -> str:
    return f"system/gpu_{index}_utilization_percentage"


def interval_from(value: float | None) -> float:
    """The sampling interval in seconds: the start_run argument, else MNEMO_UTILIZATION_INTERVAL,
    else 15; 0 turns sampling off. A bad argument raises; a bad environment value warns."""
    if value is not None:
        seconds = float(value)
        if not seconds >= 0:  # also refuses NaN
            raise ValueError(f"utilization_interval must be 0 (off) or a positive number of seconds; got {value!r}")
        return seconds
    text = os.environ.get("MNEMO_UTILIZATION_INTERVAL", "").strip()
    if not text:
        return DEFAULT_INTERVAL
    try:
        seconds = float(text)
    except ValueError:
        seconds = -1.0
    if not seconds >= 0:
        warnings.warn(f"mnemo: MNEMO_UTILIZATION_INTERVAL={text!r} is not a number of seconds; using 15", stacklevel=3)
        return DEFAULT_INTERVAL
    return seconds


def read_utilization(timeout: float = 10.0) -> dict[int, float]:
    """Each GPU's utilisation in percent, by index; empty without nvidia-smi or when it fails.
    Devices that report no figure (`[N/A]`, `[Not Supported]`) are left out."""
    output = command_output(QUERY, timeout=timeout)
    if output is None:
        return {}
    devices: dict[int, float] = {}
    for line in output.splitlines():
        parts = [part.strip() for part in line.split(",")]
        if len(parts) != 2:
            continue
        try:
            index, percent = int(parts[0]), float(parts[1])
        except ValueError:
            continue
        if index >= 0 and 0 <= percent <= 100:
            devices[index] = percent
    return devices


# What a sample is handed to: (points by metric key, step, the sample's epoch milliseconds).
Sink = Callable[[dict, int, int], None]


class UtilizationSampler:
    """A daemon thread logging every GPU's utilisation each `interval` seconds, from step 0 on."""

    def __init__(self, sink: Sink, interval: float, name: str):
        self.sink = sink
        self.interval = interval
        self.step = 0
        self._stop = threading.Event()
        self._warned = False
        self._thread = threading.Thread(target=self._loop, name=f"mnemo-utilization-{name}", daemon=True)

    @classmethod
    def start(cls, sink: Sink, interval: float, name: str) -> UtilizationSampler | None:
        """Takes the first sample; starts the thread only when it found a GPU (else returns None)."""
        if interval <= 0:
            return None
        sampler = cls(sink, interval, name)
        if not sampler.sample():
            return None
        sampler._thread.start()
        return sampler

    def sample(self) -> bool:
        """Logs one sample of every device; False when there was none."""
        at_ms = int(time.time() * 1000)
        devices = read_utilization()
        if not devices:
            return False
        try:
            self.sink({metric_key(index): percent for index, percent in sorted(devices.items())}, self.step, at_ms)
        except Exception as error:  # the run may be ending or Mnemo refused the points: training goes on
            if not self._warned:
                self._warned = True
                warnings.warn(f"mnemo: GPU utilisation sample not logged: {error}", stacklevel=2)
        self.step += 1
        return True

    def _loop(self) -> None:
        while not self._stop.wait(self.interval):
            try:
                self.sample()
            except Exception:  # never let sampling disturb the run
                pass

    def stop(self) -> None:
        """Stops sampling; waits for a sample under way so its points reach the run's last flush."""
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(timeout=15)
