"""`python -m inventorypulse jobs run <name>` / `jobs list`, as an operator types them."""

import os
import subprocess
import sys

from sqlmodel import Session, select

from inventorypulse.__main__ import main
from inventorypulse.config import ROOT
from inventorypulse.models import Alert
from tests.factories import make_product, make_warehouse


def _cli(sqlite_url, *args):
    env = os.environ | {"DATABASE_URL": sqlite_url}
    return subprocess.run([sys.executable, "-m", "inventorypulse", *args], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=120)


def test_jobs_run_alert_scan_prints_its_summary(db, sqlite_url):
    with Session(db) as s:
        product_id = make_product(s, stock=[(make_warehouse(s), 0)]).id
        s.commit()
    done = _cli(sqlite_url, "jobs", "run", "alert_scan")
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("alert_scan #1 succeeded in ") and "raised=1" in done.stdout
    assert "out_of_stock: raised 1" in done.stdout
    with Session(db) as s:
        assert s.exec(select(Alert.alert_type).where(Alert.product_id == product_id)).all() == ["out_of_stock"]

    listing = _cli(sqlite_url, "jobs", "list")
    assert listing.returncode == 0, listing.stderr
    lines = {line.split()[0]: line for line in listing.stdout.splitlines()[1:]}
    assert set(lines) == {"alert_scan", "auto_resolve", "nightly_forecast", "warehouse_sync"}
    assert "5 * * * *" in lines["alert_scan"] and "alert_scan #1 succeeded" in lines["alert_scan"]
    assert lines["auto_resolve"].endswith("never")


def test_unknown_job_exits_2_with_the_job_names(db, capsys):
    assert main(["jobs", "run", "nope"]) == 2
    expected = "Job nope not found. Jobs: alert_scan, auto_resolve, nightly_forecast, warehouse_sync."
    assert expected in capsys.readouterr().err


def test_a_failed_job_exits_1(db, failing, capsys):
    assert main(["jobs", "run", failing]) == 1
    assert "boom #1 failed" in capsys.readouterr().out
