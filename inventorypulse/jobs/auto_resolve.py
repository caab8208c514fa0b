"""Every 6 hours: resolve automatic alerts whose condition has cleared, dismiss expired ones."""

from __future__ import annotations

from ..db import session_scope
from ..services import alerts
from .base import JobContext, JobOutcome, JobSpec


def run(ctx: JobContext) -> JobOutcome:
    with session_scope(ctx.engine) as session:
        result = alerts.auto_resolve_alerts(session, progress=ctx.progress)
    return JobOutcome(result.counts(), result.summary())


JOB = JobSpec(
    name="auto_resolve",
    title="Auto-resolve alerts",
    description="Resolves open alerts whose condition has cleared and dismisses alerts past their expiry.",
    cron_setting="job_auto_resolve_cron",
    run=run,
)
