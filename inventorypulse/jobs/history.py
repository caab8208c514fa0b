"""Reading job runs: the paginated history, and each job's schedule with its latest run."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, select

from ..models import JobRun
from ..models.status import JobStatus
from ..services.pagination import Page, paginate
from ..services.validation import check_choice
from .registry import JOBS, next_run_at
from .runner import RunSummary


def list_runs(session: Session, *, job_name: str | None = None, status: str | None = None, page: int = 1,
              limit: int = 20) -> Page:
    """Runs newest first, as RunSummary items."""
    check_choice("job_name", job_name, list(JOBS))
    check_choice("status", status, JobStatus)
    stmt = select(JobRun)
    if job_name:
        stmt = stmt.where(JobRun.job_name == job_name)
    if status:
        stmt = stmt.where(JobRun.status == status)
    result = paginate(session, stmt.order_by(JobRun.started_at.desc(), JobRun.id.desc()), page=page, limit=limit)
    result.items = [RunSummary.of(r) for r in result.items]
    return result


@dataclass
class JobInfo:
    name: str
    title: str
    description: str
    cron: str
    next_run_at: datetime | None
    last_run: RunSummary | None

    @property
    def running(self) -> bool:
        return self.last_run is not None and self.last_run.status == JobStatus.RUNNING


def latest_run(session: Session, name: str) -> RunSummary | None:
    row = session.exec(select(JobRun).where(JobRun.job_name == name)
                       .order_by(JobRun.started_at.desc(), JobRun.id.desc()).limit(1)).first()
    return RunSummary.of(row) if row else None


def job_overview(session: Session) -> list[JobInfo]:
    return [JobInfo(spec.name, spec.title, spec.description, spec.cron, next_run_at(spec), latest_run(session, name))
            for name, spec in JOBS.items()]
