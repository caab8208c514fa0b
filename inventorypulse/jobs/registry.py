"""The named jobs: the scheduler, the CLI, the API and the Jobs screen all look them up here."""

from __future__ import annotations

from datetime import UTC, datetime

from apscheduler.triggers.cron import CronTrigger

from ..services.errors import NotFound
from . import alert_scan, auto_resolve, nightly_forecast, warehouse_sync
from .base import JobSpec

JOBS: dict[str, JobSpec] = {job.name: job for job in (alert_scan.JOB, auto_resolve.JOB, nightly_forecast.JOB,
                                                         warehouse_sync.JOB)}


def get_job(name: str) -> JobSpec:
    try:
        return JOBS[name]
    except KeyError:
        raise NotFound(f"Job {name} not found. Jobs: {', '.join(JOBS)}.") from None


def trigger_for(spec: JobSpec) -> CronTrigger:
    return CronTrigger.from_crontab(spec.cron, timezone=UTC)


def next_run_at(spec: JobSpec, now: datetime | None = None) -> datetime | None:
    """When the schedule next fires (None if its crontab is invalid)."""
    try:
        return trigger_for(spec).get_next_fire_time(None, now or datetime.now(UTC))
    except ValueError:
        return None
