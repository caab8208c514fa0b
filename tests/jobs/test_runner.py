"""Running a job: every run recorded in job_runs, failures recorded (never raised), one run at a time."""

import time

import pytest
from sqlmodel import Session, select

from inventorypulse.db import get_engine
from inventorypulse.jobs import runner
from inventorypulse.jobs.locks import make_lock
from inventorypulse.models import JobRun
from inventorypulse.services.errors import NotFound
from tests.factories import make_product, make_warehouse


def _runs(engine) -> list[JobRun]:
    with Session(engine) as s:
        return list(s.exec(select(JobRun).order_by(JobRun.id)).all())


def test_alert_scan_run_is_recorded_with_its_counts(db):
    with Session(db) as s:
        make_product(s, stock=[(make_warehouse(s), 3)])
        s.commit()
    summary = runner.run_job("alert_scan", triggered_by="test")
    assert summary.status == "succeeded" and summary.counts["raised"] == 1 and summary.seconds is not None
    (row,) = _runs(db)
    assert (row.job_name, row.status, row.triggered_by, row.counts["raised"]) == ("alert_scan", "succeeded", "test", 1)
    assert row.finished_at >= row.started_at and row.error is None and "low_stock: raised 1" in row.detail


def test_a_failed_job_is_recorded_and_the_next_run_still_works(db, failing, probe):
    summary = runner.run_job(failing, triggered_by="test")
    assert summary.status == "failed" and summary.finished_at is not None
    assert summary.error.startswith("RuntimeError: the warehouse is on fire")
    assert "Traceback" in summary.error  # the whole story is kept for whoever investigates
    # Its lock was released: it can run again, and so can anything else.
    assert runner.run_job(failing, triggered_by="test").status == "failed"
    assert runner.run_job("probe", triggered_by="test").status == "succeeded"
    assert [r.status for r in _runs(db)] == ["failed", "failed", "succeeded"]


def test_a_job_never_runs_twice_at_once(any_db, probe):
    engine = get_engine()
    other_process = make_lock(engine, "job:probe")
    assert other_process.acquire()
    try:
        with pytest.raises(runner.JobAlreadyRunning):
            runner.run_job("probe", triggered_by="test")
        assert probe.calls == 0 and _runs(engine) == []
    finally:
        other_process.release()
    assert runner.run_job("probe", triggered_by="test").status == "succeeded"


def test_a_run_left_running_by_a_dead_process_is_closed_as_interrupted(db, probe):
    with Session(db) as s:
        s.add(JobRun(job_name="probe", status="running"))
        s.commit()
    runner.run_job("probe", triggered_by="test")
    stale, fresh = _runs(db)
    assert stale.status == "failed" and "Interrupted" in stale.error and fresh.status == "succeeded"


def test_unknown_job_is_not_found(db):
    with pytest.raises(NotFound):
        runner.run_job("nope", triggered_by="test")


def test_start_job_runs_in_the_background(db, probe):
    run = runner.start_job("probe", triggered_by="test")
    assert run.status == "running"
    deadline = time.monotonic() + 20
    while True:
        with Session(db) as s:
            done = runner.get_run(s, run.id)
        if done.status != "running" or time.monotonic() > deadline:
            break
        time.sleep(0.05)
    assert done.status == "succeeded" and done.counts == {"calls": 1}
    assert runner.progress_of(run.id) is None  # only kept while it runs
