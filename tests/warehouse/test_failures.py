"""Failures are reported (summary, job_runs, /api/health fields), never raised; the CLI and the job."""

from __future__ import annotations

from datetime import timedelta

import pytest
import snowflake.connector
from snowflake.connector.errors import DatabaseError, OperationalError
from sqlmodel import Session, select

from inventorypulse.config import settings
from inventorypulse.jobs import registry, warehouse_sync
from inventorypulse.jobs.base import JobContext
from inventorypulse.jobs.runner import run_job
from inventorypulse.models import JobRun
from inventorypulse.warehouse import EmbeddedTarget, sync_warehouse
from inventorypulse.warehouse.status import full_rebuild_requested, health_fields
from tests.warehouse.conftest import SNOWFLAKE, connect_snowflake

BAD_LOGIN = "250001 (08001): Failed to connect to DB: acme-test.snowflakecomputing.com:443. " \
            "Incorrect username or password was specified."


@pytest.fixture(autouse=True)
def registered(monkeypatch):
    """The job as the registry lists it (harmless once registry.JOBS includes it)."""
    monkeypatch.setitem(registry.JOBS, warehouse_sync.JOB.name, warehouse_sync.JOB)


@pytest.fixture
def snowflake_settings(monkeypatch):
    for key, value in SNOWFLAKE.items():
        monkeypatch.setattr(settings, f"snowflake_{key}", value)


@pytest.fixture
def bad_login(monkeypatch, snowflake_settings):
    def refuse(**kwargs):
        raise DatabaseError(msg=BAD_LOGIN, errno=250001)

    monkeypatch.setattr(snowflake.connector, "connect", refuse)


def test_bad_credentials_are_reported_not_raised(shop, bad_login):
    summary = sync_warehouse(today=shop.today)
    assert not summary.ok and summary.target == "snowflake"
    assert "Incorrect username or password" in summary.error
    assert "acme-test" in summary.error and SNOWFLAKE["password"] not in summary.error.replace("password was", "")
    assert summary.rows == {}


def test_incomplete_configuration_names_what_is_missing(shop, monkeypatch):
    monkeypatch.setattr(settings, "snowflake_account", "acme-test")
    summary = sync_warehouse(today=shop.today)
    assert not summary.ok
    assert "SNOWFLAKE_USER" in summary.error and "SNOWFLAKE_PASSWORD" in summary.error


def test_a_failed_job_run_is_recorded_and_shown_in_health(db, shop, bad_login):
    assert health_fields()["warehouse_sync"] == "never"
    run = run_job("warehouse_sync", triggered_by="test")
    assert run.status == "failed"
    assert "WarehouseSyncFailed" in run.error and "Incorrect username or password" in run.error
    with Session(db) as session:
        row = session.exec(select(JobRun).where(JobRun.job_name == "warehouse_sync")).one()
        assert row.status == "failed" and row.triggered_by == "test" and row.finished_at is not None
    health = health_fields()
    assert health["warehouse"] == "snowflake" and health["warehouse_sync"] == "failed"
    assert "Incorrect username or password" in health["warehouse_error"]
    assert "warehouse_last_success" not in health
    # The scheduled job's body fails the same way, so the runner records the run as failed.
    with pytest.raises(warehouse_sync.WarehouseSyncFailed, match="Incorrect username"):
        warehouse_sync.run(JobContext(engine=db))


def test_a_network_failure_midway_keeps_the_watermark_and_the_next_run_catches_up(db, shop, snowflake_patch,
                                                                                   monkeypatch):
    target = connect_snowflake()
    real_upsert = type(target).upsert

    def flaky(self, spec, rows):
        if spec.name == "sales_analytics":
            raise OperationalError(msg="254007: The connection to Snowflake was lost.", errno=254007)
        return real_upsert(self, spec, rows)

    monkeypatch.setattr(type(target), "upsert", flaky)
    failed = sync_warehouse(target=target, today=shop.today, settle=timedelta(0))
    assert not failed.ok and "connection to Snowflake was lost" in failed.error
    assert failed.rows == {"inventory_history": 22}
    states = target.read_states()
    assert "inventory_history" in states and "sales_analytics" not in states
    monkeypatch.setattr(type(target), "upsert", real_upsert)
    retry = sync_warehouse(target=connect_snowflake(), today=shop.today, settle=timedelta(0))
    assert retry.ok, retry.error
    assert retry.rows["inventory_history"] == 0 and retry.rows["sales_analytics"] == 4
    counts = target.fetch("SELECT COUNT(*) AS n, COUNT(DISTINCT sale_record_id) AS k FROM sales_analytics")[0]
    assert (int(counts["n"]), int(counts["k"])) == (4, 4)


def test_successful_job_run_and_cli(db, shop, capsys):
    from inventorypulse.__main__ import main

    run = run_job("warehouse_sync", triggered_by="test")
    assert run.status == "succeeded" and run.counts["sales_analytics"] == 4
    health = health_fields()
    assert health["warehouse"] == "embedded" and health["warehouse_sync"] == "ok"
    assert "warehouse_last_success" in health and "warehouse_error" not in health
    # The default embedded database sits next to the operational SQLite file.
    assert EmbeddedTarget().url.endswith("test-analytics.db")

    assert main(["warehouse", "sync"]) == 0
    assert "incremental sync" in capsys.readouterr().out
    assert main(["warehouse", "sync", "--full"]) == 0
    out = capsys.readouterr().out
    assert "full rebuild" in out and "sales_analytics=4" in out
    assert main(["warehouse", "sync"]) == 0  # the request was done: back to incremental
    assert "incremental sync" in capsys.readouterr().out
    with Session(db) as session:
        runs = session.exec(select(JobRun).where(JobRun.job_name == "warehouse_sync")
                            .order_by(JobRun.id)).all()
    assert [(r.status, r.triggered_by) for r in runs] == [("succeeded", "test")] + [("succeeded", "cli")] * 3


def test_a_failed_full_rebuild_stays_requested(db, shop, bad_login, capsys):
    from inventorypulse.__main__ import main

    assert main(["warehouse", "sync", "--full"]) == 1
    with Session(db) as session:
        assert full_rebuild_requested(session)


def test_cli_exit_code_on_failure(db, shop, bad_login, capsys):
    from inventorypulse.__main__ import main

    assert main(["warehouse", "sync"]) == 1
    assert "Incorrect username or password" in capsys.readouterr().out
