"""Nightly: forecast demand, recompute the replenishment plans from it, then scan alerts on the new plans.

Each step commits on its own: a failure in a later step keeps the earlier steps' work (the run is
recorded as failed, its error naming the step).
"""

from __future__ import annotations

from ..db import session_scope
from ..services import alerts
from ..services.errors import DomainError
from .base import JobContext, JobOutcome, JobSpec


class StepFailed(Exception):
    """Names the step that failed, so the recorded error says where the night went wrong."""


def _step(ctx: JobContext, fraction: float, label: str, work):
    ctx.progress(fraction, label)
    try:
        with session_scope(ctx.engine) as session:
            return work(session)
    except Exception as exc:
        detail = exc.message if isinstance(exc, DomainError) else str(exc)
        raise StepFailed(f"{label}: {type(exc).__name__}: {detail}") from exc


def run(ctx: JobContext) -> JobOutcome:
    # Imported here: the forecasting stack (numpy, statsmodels) loads only when this job runs.
    from ..services.forecasts import generate_forecasts
    from ..services.replenishment import refresh_plans

    forecast = _step(ctx, 0.0, "Forecasting demand", generate_forecasts)
    plans = _step(ctx, 0.6, "Refreshing replenishment plans", refresh_plans)
    scan = _step(ctx, 0.85, "Scanning alerts", alerts.scan_alerts)
    counts = {"forecast_products": forecast.products, "plans": plans} | {
        f"alerts_{k}": v for k, v in scan.counts().items()}
    detail = (f"Forecast {forecast.products} products ({forecast.seconds:.1f}s), refreshed {plans} replenishment "
              f"plans. Alerts: {scan.summary()}")
    return JobOutcome(counts, detail)


JOB = JobSpec(
    name="nightly_forecast",
    title="Nightly forecast",
    description="Forecasts demand for every product, recomputes replenishment plans, then scans alerts.",
    cron_setting="job_nightly_forecast_cron",
    run=run,
)
