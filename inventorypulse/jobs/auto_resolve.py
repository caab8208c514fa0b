"""Every 6 hours: resolve automatic alerts whose condition has cleared, dismiss expired ones."""

from __future__ import annotations

from ..services import alerts
from .base import JobSpec, in_one_transaction

JOB = JobSpec(
    name="auto_resolve",
    title="Auto-resolve alerts",
    description="Resolves open alerts whose condition has cleared and dismisses alerts past their expiry.",
    cron_setting="job_auto_resolve_cron",
    run=in_one_transaction(alerts.auto_resolve_alerts),
)
