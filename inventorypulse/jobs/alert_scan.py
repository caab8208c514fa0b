"""Hourly: run every enabled alert rule over the catalogue (raise, refresh, resolve what cleared)."""

from __future__ import annotations

from ..db import session_scope
from ..services import alerts
from .base import JobContext, JobOutcome, JobSpec


def run(ctx: JobContext) -> JobOutcome:
    with session_scope(ctx.engine) as session:
        result = alerts.scan_alerts(session, progress=ctx.progress)
    return JobOutcome(result.counts(), result.summary())


JOB = JobSpec(
    name="alert_scan",
    title="Alert scan",
    description="Raises, refreshes and resolves stock, expiry and replenishment alerts for every product.",
    cron_setting="job_alert_scan_cron",
    run=run,
)
