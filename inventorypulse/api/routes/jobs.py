"""Background jobs: their schedules and runs, and "run now" (admins)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from fastapi import APIRouter, Query, Response
from pydantic import BaseModel

from ...jobs import history, runner
from ...jobs.registry import JOBS, get_job
from ...jobs.scheduler import scheduler_role
from ...models.status import JobStatus
from ...services.errors import NotFound
from ...services.permissions import Perm
from ..deps import SessionDep, allowed
from ..schemas import ERRORS, PageLimit, PageNumber, Pagination

router = APIRouter(tags=["jobs"])
JobAdmin = allowed(Perm.JOB_ADMIN)
JobName = Literal[tuple(JOBS)]  # type: ignore[valid-type]
StatusName = Literal[tuple(JobStatus)]  # type: ignore[valid-type]


class RunOut(BaseModel):
    id: int
    job_name: str
    status: str
    triggered_by: str | None
    started_at: datetime
    finished_at: datetime | None
    seconds: float | None
    counts: dict[str, int]
    detail: str | None
    error: str | None
    progress: float | None = None  # 0..1 while running, when this process runs it
    progress_message: str | None = None

    @classmethod
    def of(cls, run: runner.RunSummary) -> RunOut:
        live = runner.progress_of(run.id) if run.status == JobStatus.RUNNING else None
        return cls(id=run.id, job_name=run.job_name, status=run.status, triggered_by=run.triggered_by,
                   started_at=run.started_at, finished_at=run.finished_at, seconds=run.seconds, counts=run.counts,
                   detail=run.detail, error=run.error, progress=live[0] if live else None,
                   progress_message=live[1] if live else None)


class JobOut(BaseModel):
    name: str
    title: str
    description: str
    schedule: str  # crontab, UTC
    next_run_at: datetime | None
    running: bool
    last_run: RunOut | None


class JobList(BaseModel):
    scheduler: str  # leader / standby / stopped (this process)
    jobs: list[JobOut]
    runs: list[RunOut]
    pagination: Pagination


@router.get("/jobs", response_model=JobList, responses=ERRORS, summary="Jobs and their runs, newest first (admin)")
def list_jobs(
    session: SessionDep,
    _: JobAdmin,
    page: PageNumber = 1,
    limit: PageLimit = 20,
    job_name: Annotated[JobName | None, Query(description="Only this job's runs")] = None,
    status: Annotated[StatusName | None, Query()] = None,
) -> JobList:
    jobs = [JobOut(name=j.name, title=j.title, description=j.description, schedule=j.cron,
                   next_run_at=j.next_run_at, running=j.running, last_run=RunOut.of(j.last_run) if j.last_run else None)
            for j in history.job_overview(session)]
    runs = history.list_runs(session, job_name=job_name, status=status, page=page, limit=limit)
    return JobList(scheduler=scheduler_role(), jobs=jobs, runs=[RunOut.of(r) for r in runs.items],
                   pagination=Pagination.of(runs))


@router.get("/jobs/runs/{run_id}", response_model=RunOut, responses=ERRORS, summary="One job run (admin)")
def get_run(run_id: int, session: SessionDep, _: JobAdmin) -> RunOut:
    run = runner.get_run(session, run_id)
    if run is None:
        raise NotFound(f"Job run {run_id} not found.")
    return RunOut.of(run)


@router.post("/jobs/{name}/run", response_model=RunOut, status_code=202, responses=ERRORS,
             summary="Run a job now (admin); 409 while it is running anywhere")
def run_now(
    name: str,
    user: JobAdmin,
    response: Response,
    wait: Annotated[bool, Query(description="Answer when the run has finished (200) instead of at once (202)")] = False,
) -> RunOut:
    get_job(name)  # 404 before anything starts
    trigger = f"api:{user.username}"
    if wait:
        response.status_code = 200
        return RunOut.of(runner.run_job(name, triggered_by=trigger))
    return RunOut.of(runner.start_job(name, triggered_by=trigger))
