"""Several processes start a scheduler; exactly one (the leader) runs the jobs, and another takes over
when it goes. Two JobScheduler instances stand in for two processes (each has its own lock)."""

import subprocess
import time
from datetime import UTC, datetime

import pytest
from sqlalchemy import text
from sqlmodel import Session, select

from inventorypulse.db import get_engine
from inventorypulse.jobs.locks import HOST, LeaseLock
from inventorypulse.jobs.registry import JOBS, next_run_at
from inventorypulse.jobs.scheduler import JobScheduler
from inventorypulse.models import AppSetting, JobRun


def _scheduler(engine, names=("probe",)):
    return JobScheduler(engine, jobs={n: JOBS[n] for n in names}, heartbeat_seconds=3600, lease_seconds=60)


def _run_count(engine, name="probe", status=None) -> int:
    with Session(engine) as s:
        stmt = select(JobRun).where(JobRun.job_name == name)
        return len(s.exec(stmt.where(JobRun.status == status) if status else stmt).all())


def test_two_schedulers_one_runner(any_db, probe):
    engine = get_engine()
    a, b = _scheduler(engine).start(), _scheduler(engine).start()
    try:
        assert sorted([a.role, b.role]) == ["leader", "standby"]
        leader, standby = (a, b) if a.is_leader else (b, a)
        for scheduler in (a, b):  # both fire the same scheduled time
            scheduler.run_scheduled("probe")
        assert probe.calls == 1 and _run_count(engine) == 1
        assert not standby.elect()  # heartbeats do not change that

        leader.stop()
        assert standby.elect() and standby.role == "leader"
        standby.run_scheduled("probe")
        assert probe.calls == 2
    finally:
        a.stop()
        b.stop()


def test_apscheduler_fires_the_job_through_the_leader(db, probe):
    scheduler = _scheduler(get_engine()).start()
    try:
        job = scheduler._aps.get_job("probe")
        assert job.coalesce and job.max_instances == 1
        job.modify(next_run_time=datetime.now(UTC))
        deadline = time.monotonic() + 20
        while _run_count(db, status="succeeded") == 0 and time.monotonic() < deadline:
            time.sleep(0.05)
        assert probe.calls == 1 and _run_count(db) == 1
    finally:
        scheduler.stop()


def test_a_failing_scheduled_job_is_recorded_and_the_scheduler_carries_on(db, failing, probe):
    scheduler = _scheduler(get_engine(), names=(failing, "probe")).start()
    try:
        scheduler.run_scheduled(failing)  # must not raise
        assert scheduler.running and scheduler.role == "leader"
        scheduler.run_scheduled("probe")
        with Session(db) as s:
            runs = s.exec(select(JobRun.job_name, JobRun.status).order_by(JobRun.id)).all()
        assert [tuple(r) for r in runs] == [("boom", "failed"), ("probe", "succeeded")]
    finally:
        scheduler.stop()


def test_every_registered_job_is_scheduled_from_its_cron(db):
    scheduler = JobScheduler(get_engine(), heartbeat_seconds=3600).start()
    try:
        for name, spec in JOBS.items():
            assert scheduler.next_run_at(name) is not None, name
            assert scheduler.next_run_at(name) == next_run_at(spec)
    finally:
        scheduler.stop()


def test_postgres_lock_is_freed_when_the_leader_connection_dies(pg_db, probe):
    engine = get_engine()
    a, b = _scheduler(engine).start(), _scheduler(engine).start()
    try:
        leader, standby = (a, b) if a.is_leader else (b, a)
        pid = leader.leader_lock._conn.execute(text("SELECT pg_backend_pid()")).scalar()
        with engine.connect() as conn:
            conn.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
        assert not leader.elect()  # its lock went with its connection
        assert standby.elect()
    finally:
        a.stop()
        b.stop()


def _lease(engine, **value):
    with Session(engine) as s:
        s.add(AppSetting(key="lock:scheduler", value={"owner": "someone", "expires_at": time.time() + 60} | value))
        s.commit()


def test_sqlite_lease_of_a_dead_process_is_taken_over(db):
    gone = subprocess.Popen(["true"])
    gone.wait()
    _lease(db, host=HOST, pid=gone.pid)
    assert LeaseLock(db, "scheduler").acquire()


@pytest.mark.parametrize("expires_in, taken", [(60, False), (-1, True)])
def test_sqlite_lease_of_another_host_is_taken_over_once_expired(db, expires_in, taken):
    _lease(db, host="elsewhere", pid=1, expires_at=time.time() + expires_in)
    assert LeaseLock(db, "scheduler").acquire() is taken


def test_sqlite_lease_of_a_live_process_on_this_host_is_kept_even_if_late(db):
    # Its renewal may be stuck behind a long write: while the process lives, the lease is its own.
    _lease(db, host=HOST, pid=1, expires_at=time.time() - 600)
    assert not LeaseLock(db, "scheduler").acquire()
