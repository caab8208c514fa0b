"""Hourly: run every enabled alert rule over the catalogue (raise, refresh, resolve what cleared)."""

from __future__ import annotations

from ..services import alerts
from .base import JobSpec, in_one_transaction

JOB = JobSpec(
    name="alert_scan",
    title="Alert scan",
    description="Raises, refreshes and resolves stock, expiry and replenishment alerts for every product.",
    cron_setting="job_alert_scan_cron",
    run=in_one_transaction(alerts.scan_alerts),
)
