"""The warehouse's state for /api/health and the analytics screen: from job_runs, never from the
warehouse itself (a health check must not wait on Snowflake)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from sqlmodel import Session, select

from ..db import get_engine
from ..models import AppSetting, JobRun
from ..models.base import utcnow
from ..models.status import JobStatus
from .targets import target_kind

JOB_NAME = "warehouse_sync"


@dataclass
class SyncStatus:
    target: str  # snowflake | embedded
    state: str  # never | running | ok | failed
    last_run_at: datetime | None = None
    last_success_at: datetime | None = None
    error: str | None = None  # first line of the last failure


def _utc(ts: datetime | None) -> datetime | None:
    return ts.replace(tzinfo=UTC) if ts is not None and ts.tzinfo is None else ts


def sync_status(session: Session) -> SyncStatus:
    last = session.exec(select(JobRun).where(JobRun.job_name == JOB_NAME)
                        .order_by(JobRun.started_at.desc(), JobRun.id.desc()).limit(1)).first()
    if last is None:
        return SyncStatus(target_kind(), "never")
    ok = session.exec(select(JobRun.finished_at).where(JobRun.job_name == JOB_NAME,
                                                       JobRun.status == JobStatus.SUCCEEDED)
                      .order_by(JobRun.started_at.desc(), JobRun.id.desc()).limit(1)).first()
    state = {JobStatus.SUCCEEDED: "ok", JobStatus.FAILED: "failed", JobStatus.RUNNING: "running"}.get(
        last.status, last.status)
    error = (last.error or "").strip().splitlines()[0] if state == "failed" and last.error else None
    return SyncStatus(target_kind(), state, _utc(last.finished_at or last.started_at), _utc(ok), error)


def health_fields() -> dict[str, str]:
    """Entries for /api/health's `dependencies`; never raises."""
    try:
        with Session(get_engine()) as session:
            status = sync_status(session)
    except Exception:  # noqa: BLE001 - health reports, never raises
        return {"warehouse": target_kind(), "warehouse_sync": "unknown"}
    fields = {"warehouse": status.target, "warehouse_sync": status.state}
    if status.last_success_at:
        fields["warehouse_last_success"] = status.last_success_at.isoformat(timespec="seconds")
    if status.error:
        fields["warehouse_error"] = status.error[:300]
    return fields


# A full rebuild is asked for here (CLI `--full`, the analytics screen) and done by the next sync
# run, whoever starts it: the request survives an unreachable warehouse and is cleared on success.
REBUILD_KEY = "warehouse_full_rebuild"


def request_full_rebuild(session: Session, *, user_id: int | None = None) -> None:
    row = session.get(AppSetting, REBUILD_KEY) or AppSetting(key=REBUILD_KEY)
    row.value = {"requested_at": utcnow().isoformat()}
    row.updated_by = user_id
    row.updated_at = utcnow()
    session.add(row)


def full_rebuild_requested(session: Session) -> bool:
    return session.get(AppSetting, REBUILD_KEY) is not None


def clear_full_rebuild(session: Session) -> None:
    row = session.get(AppSetting, REBUILD_KEY)
    if row is not None:
        session.delete(row)
