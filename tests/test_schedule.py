"""prefect.yaml schedules the flows as `sitrep serve` does."""

from __future__ import annotations

from pathlib import Path

import yaml

from flows.schedule import INGEST_CRON, MAINTENANCE_CRON, TIMEZONE

ROOT = Path(__file__).resolve().parent.parent


def test_prefect_yaml_schedules_what_sitrep_serve_does():
    deployments = {d["name"]: d for d in yaml.safe_load((ROOT / "prefect.yaml").read_text())["deployments"]}
    schedules = {
        name: [(s["cron"], s.get("timezone")) for s in d.get("schedules") or []] for name, d in deployments.items()
    }
    assert schedules["ingest"] == [(INGEST_CRON, TIMEZONE)]
    assert schedules["maintenance"] == [(MAINTENANCE_CRON, TIMEZONE)]
    assert schedules["backfill"] == schedules["retag"] == []
