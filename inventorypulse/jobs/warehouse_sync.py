"""Nightly: load the day's analytics into the warehouse (Snowflake, or the embedded database).

A failed sync (bad credentials, network) is a failed run in job_runs, with the reason; the
operational app is not touched. A full rebuild is requested first (`request_full_rebuild`) and
done by the next run of this job, so every run goes through the runner and is recorded.
"""

from __future__ import annotations

from ..db import session_scope
from ..warehouse import SyncSummary, sync_warehouse
from ..warehouse.status import clear_full_rebuild, full_rebuild_requested
from .base import JobContext, JobOutcome, JobSpec


class WarehouseSyncFailed(Exception):
    """The sync could not finish; the message says why (without secrets)."""


def _outcome(summary: SyncSummary) -> JobOutcome:
    if not summary.ok:
        raise WarehouseSyncFailed(f"{summary.label or summary.target}: {summary.error}")
    return JobOutcome(summary.counts(), summary.line())


def run(ctx: JobContext) -> JobOutcome:
    with session_scope(ctx.engine) as session:
        full = full_rebuild_requested(session)
    summary = sync_warehouse(full=full, engine=ctx.engine, progress=ctx.progress)
    if full and summary.ok:
        with session_scope(ctx.engine) as session:
            clear_full_rebuild(session)
    return _outcome(summary)


JOB = JobSpec(
    name="warehouse_sync",
    title="Warehouse sync",
    description="Loads inventory snapshots, sales lines, forecasts and supplier scorecards into the analytics "
                "warehouse (Snowflake when configured, else the embedded database).",
    cron_setting="job_warehouse_sync_cron",
    run=run,
)
