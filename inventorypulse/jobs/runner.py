"""Run one job: take its cross-process lock, record the run in `job_runs`, never let a failure escape
as anything but a recorded, failed run."""

from __future__ import annotations

import logging
import threading
import time
import traceback
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import Engine, update
from sqlmodel import Session

from ..db import get_engine, session_scope
from ..models import JobRun
from ..models.base import utcnow
from ..models.status import JobStatus
from ..services.errors import Conflict, DomainError
from .base import JobContext, JobSpec, ProgressFn
from .locks import Lock, kept_alive, make_lock
from .registry import get_job

log = logging.getLogger(__name__)
# A job lock's lease (SQLite) is renewed every third of this while the job runs.
JOB_LEASE_SECONDS = 300.0
ERROR_MAX_CHARS = 4000
# Progress of the runs going on in this process, by run id (the Jobs screen and the API read it).
_progress: dict[int, tuple[float, str]] = {}


class JobAlreadyRunning(Conflict):
    code = "JOB_ALREADY_RUNNING"


@dataclass
class RunSummary:
    id: int
    job_name: str
    status: str
    started_at: datetime
    finished_at: datetime | None
    counts: dict[str, int] = field(default_factory=dict)
    detail: str | None = None
    error: str | None = None
    triggered_by: str | None = None

    @property
    def seconds(self) -> float | None:
        if self.finished_at is None:
            return None
        return round((self.finished_at - self.started_at).total_seconds(), 3)

    @classmethod
    def of(cls, row: JobRun) -> RunSummary:
        return cls(id=row.id, job_name=row.job_name, status=row.status, started_at=row.started_at,
                   finished_at=row.finished_at, counts=dict(row.counts or {}), detail=row.detail, error=row.error,
                   triggered_by=row.triggered_by)

    def line(self) -> str:
        """One human line, as the CLI prints it."""
        took = f" in {self.seconds:.2f}s" if self.seconds is not None else ""
        counts = ", ".join(f"{k}={v}" for k, v in self.counts.items())
        text = f"{self.job_name} #{self.id} {self.status}{took}" + (f": {counts}" if counts else "")
        if self.error:
            text += f"\n{self.error.splitlines()[0]}"
        return text


def _error_text(exc: BaseException) -> str:
    head = exc.message if isinstance(exc, DomainError) else str(exc)
    first = f"{type(exc).__name__}: {head}".strip()
    return f"{first}\n\n{''.join(traceback.format_exception(exc))}"[:ERROR_MAX_CHARS]


def _open_run(engine: Engine, name: str, triggered_by: str) -> RunSummary:
    """Insert the `running` row (committed, so other processes see it). We hold the job's lock, so any
    other `running` row of this job belongs to a process that died mid-run: close it as failed."""
    with session_scope(engine) as session:
        session.execute(
            update(JobRun).where(JobRun.job_name == name, JobRun.status == JobStatus.RUNNING)
            .values(status=JobStatus.FAILED.value, finished_at=utcnow(),
                    error="Interrupted: the process running it stopped before it finished.")
        )
        run = JobRun(job_name=name, status=JobStatus.RUNNING.value, triggered_by=triggered_by[:50],
                     started_at=utcnow())
        session.add(run)
        session.flush()
        return RunSummary.of(run)


def _close_run(engine: Engine, run_id: int, **values) -> RunSummary:
    with session_scope(engine) as session:
        run = session.get(JobRun, run_id)
        for k, v in values.items():
            setattr(run, k, v)
        run.finished_at = utcnow()
        session.add(run)
        session.flush()
        return RunSummary.of(run)


def _claim(name: str, engine: Engine) -> tuple[JobSpec, Lock]:
    spec = get_job(name)
    lock = make_lock(engine, f"job:{name}", ttl=JOB_LEASE_SECONDS)
    if not lock.acquire():
        raise JobAlreadyRunning(f"Job {name} is already running.")
    return spec, lock


def _release(lock: Lock) -> None:
    try:
        lock.release()
    except Exception:  # noqa: BLE001 - the run is recorded; a stale lease is taken over later
        log.exception("releasing lock %s failed", lock.name)


def _execute(spec: JobSpec, lock: Lock, engine: Engine, run_id: int, triggered_by: str,
             progress: ProgressFn | None) -> RunSummary:
    """Run the claimed job and close its run row; always releases the lock."""

    def report(fraction: float, message: str) -> None:
        _progress[run_id] = (max(0.0, min(1.0, fraction)), message)
        if progress:
            progress(fraction, message)

    try:
        with kept_alive(lock, every=JOB_LEASE_SECONDS / 3):
            log.info("job %s #%s started (%s)", spec.name, run_id, triggered_by)
            started = time.perf_counter()
            try:
                outcome = spec.run(JobContext(engine=engine, progress=report, triggered_by=triggered_by))
            except Exception as exc:  # noqa: BLE001 - recorded on the run; the caller carries on
                log.exception("job %s #%s failed", spec.name, run_id)
                return _close_run(engine, run_id, status=JobStatus.FAILED.value, error=_error_text(exc))
            log.info("job %s #%s succeeded in %.2fs", spec.name, run_id, time.perf_counter() - started)
            return _close_run(engine, run_id, status=JobStatus.SUCCEEDED.value, counts=outcome.counts,
                              detail=outcome.detail or None)
    finally:
        _progress.pop(run_id, None)
        _release(lock)


def _begin(name: str, triggered_by: str, engine: Engine) -> tuple[JobSpec, Lock, RunSummary]:
    spec, lock = _claim(name, engine)
    try:
        run = _open_run(engine, name, triggered_by)
    except BaseException:
        _release(lock)
        raise
    _progress[run.id] = (0.0, "Starting")
    return spec, lock, run


def run_job(name: str, *, triggered_by: str, engine: Engine | None = None,
            progress: ProgressFn | None = None) -> RunSummary:
    """Run `name` once, now, in this thread; returns the recorded run (succeeded or failed).

    Raises NotFound for an unknown job and JobAlreadyRunning when any process is running it.
    """
    engine = engine or get_engine()
    spec, lock, run = _begin(name, triggered_by, engine)
    return _execute(spec, lock, engine, run.id, triggered_by, progress)


def start_job(name: str, *, triggered_by: str, engine: Engine | None = None) -> RunSummary:
    """Claim `name` now (same errors as run_job) and run it in a background thread; returns the
    `running` run, to follow with get_run / progress_of."""
    engine = engine or get_engine()
    spec, lock, run = _begin(name, triggered_by, engine)
    threading.Thread(target=_execute, args=(spec, lock, engine, run.id, triggered_by, None),
                     name=f"job-{name}-{run.id}", daemon=True).start()
    return run


def progress_of(run_id: int) -> tuple[float, str] | None:
    """(fraction, message) of a run going on in this process; None when it is not (or not here)."""
    return _progress.get(run_id)


def get_run(session: Session, run_id: int) -> RunSummary | None:
    row = session.get(JobRun, run_id)
    return RunSummary.of(row) if row else None
