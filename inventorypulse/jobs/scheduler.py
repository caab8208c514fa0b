"""The APScheduler of this process, and the election that lets exactly one process run the jobs.

Every process with SCHEDULER_ENABLED starts a scheduler (Reflex runs the lifespan task once per
worker). Each one competes for the `scheduler` lock (locks.py) on start and at every heartbeat;
only the holder, the leader, runs scheduled jobs, the others stand by and take over when the leader
goes. On top of that every run takes its job's own lock, so a "Run now" from another process never
overlaps a scheduled run, and APScheduler's max_instances=1 / coalesce keep one process from
stacking runs of a late job.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime

from apscheduler.schedulers.background import BackgroundScheduler
from sqlalchemy import Engine

from ..config import settings
from ..db import get_engine
from ..services.errors import DomainError
from .base import JobSpec
from .locks import Lock, make_lock
from .registry import JOBS, trigger_for
from .runner import run_job

log = logging.getLogger(__name__)
LEADER_LOCK = "scheduler"
HEARTBEAT_JOB = "_leader_heartbeat"


class JobScheduler:
    def __init__(self, engine: Engine | None = None, *, jobs: dict[str, JobSpec] | None = None,
                 heartbeat_seconds: float | None = None, lease_seconds: float | None = None):
        self.engine = engine or get_engine()
        self.jobs = JOBS if jobs is None else jobs
        self.heartbeat_seconds = heartbeat_seconds or settings.scheduler_heartbeat_seconds
        self.lease_seconds = lease_seconds or settings.scheduler_lease_seconds
        self.leader_lock: Lock = make_lock(self.engine, LEADER_LOCK, ttl=self.lease_seconds)
        self.is_leader = False
        self._aps: BackgroundScheduler | None = None

    @property
    def running(self) -> bool:
        return self._aps is not None and self._aps.running

    @property
    def role(self) -> str:
        if not self.running:
            return "stopped"
        return "leader" if self.is_leader else "standby"

    def start(self) -> JobScheduler:
        aps = BackgroundScheduler(
            timezone=UTC,
            # A run missed while the process was busy fires once, late (up to an hour), not once per miss.
            job_defaults={"coalesce": True, "max_instances": 1, "misfire_grace_time": 3600},
        )
        for spec in self.jobs.values():
            try:
                trigger = trigger_for(spec)
            except ValueError as exc:
                log.error("job %s not scheduled: invalid crontab %r (%s)", spec.name, spec.cron, exc)
                continue
            aps.add_job(self.run_scheduled, trigger, args=[spec.name], id=spec.name, name=spec.title)
        aps.add_job(self.elect, "interval", seconds=self.heartbeat_seconds, id=HEARTBEAT_JOB)
        self.elect()
        aps.start()
        self._aps = aps
        log.info("scheduler started (%s)", self.role)
        return self

    def elect(self) -> bool:
        """Take or keep the leader lock; a database hiccup keeps the current role until the lease says otherwise."""
        try:
            lock = self.leader_lock
            self.is_leader = lock.renew() if lock.held else lock.acquire()
        except Exception:  # noqa: BLE001 - the heartbeat must survive a database outage
            log.exception("scheduler election failed")
            self.is_leader = self.leader_lock.held
        return self.is_leader

    def run_scheduled(self, name: str) -> None:
        """A scheduled firing: only the leader runs it; nothing here may raise into APScheduler."""
        if not self.is_leader:
            return
        try:
            run_job(name, triggered_by="scheduler", engine=self.engine)
        except DomainError as exc:  # e.g. already running after a manual "Run now"
            log.info("scheduled %s skipped: %s", name, exc.message)
        except Exception:  # noqa: BLE001
            log.exception("scheduled %s could not run", name)

    def next_run_at(self, name: str) -> datetime | None:
        job = self._aps.get_job(name) if self._aps else None
        return job.next_run_time if job else None

    def stop(self) -> None:
        if self._aps is not None:
            self._aps.shutdown(wait=False)
            self._aps = None
        try:
            self.leader_lock.release()
        except Exception:  # noqa: BLE001
            log.exception("releasing the scheduler lock failed")
        self.is_leader = False


_scheduler: JobScheduler | None = None


def start_scheduler() -> JobScheduler:
    global _scheduler
    if _scheduler is None:
        _scheduler = JobScheduler().start()
    return _scheduler


def stop_scheduler() -> None:
    global _scheduler
    if _scheduler is not None:
        _scheduler.stop()
        _scheduler = None


def scheduler_state() -> str:
    return "running" if _scheduler is not None and _scheduler.running else "stopped"


def scheduler_role() -> str:
    """leader (runs the jobs), standby (another process does) or stopped."""
    return _scheduler.role if _scheduler is not None else "stopped"
