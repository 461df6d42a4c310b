"""Mnemo's Python SDK: records a training run's whole recipe through the GraphQL API.

import mnemo
with mnemo.start_run(project="churn", experiment="xgb-baseline", params={"eta": 0.1}, seed=42) as run:
    train = run.use_dataset("data/train.parquet", name="transactions")
    run.log_metrics({"auc": 0.91}, step=3)
    run.log_model("churn-model", path="model.pkl")
"""

from .client import AccessDenied, Client, MnemoError, replay_spools
from .run import Run, VersionRef, start_run

__all__ = ["AccessDenied", "Client", "MnemoError", "Run", "VersionRef", "replay_spools", "start_run"]
__version__ = "0.1.0"
