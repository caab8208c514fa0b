"""The Jobs panel in a browser: an admin runs the alert scan and sees the finished run; alert rule
settings show field errors; anyone else is sent away."""

import pytest
from sqlmodel import Session, select

from inventorypulse.db import make_engine
from inventorypulse.models import AppSetting, JobRun
from inventorypulse.services import alerts
from tests.ui.conftest import DEMO_PASSWORD, login, screenshot

pytestmark = pytest.mark.browser
ADMIN_PASSWORD = "admin-test-pw"  # tests/conftest.py's INVENTORYPULSE_ADMIN_PASSWORD, which the live app uses


def _open_jobs(page, username="admin", password=ADMIN_PASSWORD):
    login(page, username, password)
    page.get_by_test_id("user-menu").wait_for()
    page.goto("/jobs")


def test_admin_clicks_run_now_and_sees_the_finished_run(page, live_db_url):
    _open_jobs(page)
    page.get_by_test_id("job-card-alert_scan").wait_for()
    page.get_by_test_id("run-now-alert_scan").click()
    page.wait_for_function(
        "() => document.querySelector('[data-testid=job-last-status-alert_scan]')?.innerText === 'succeeded'",
        timeout=60_000,
    )
    first_row = page.get_by_test_id("runs-table").locator("tbody tr").first
    assert "Alert scan" in first_row.inner_text() and "ui:admin" in first_row.inner_text()
    assert first_row.get_by_test_id("run-status").inner_text() == "succeeded"
    result = page.get_by_test_id("job-last-result-alert_scan").inner_text()
    engine = make_engine(live_db_url)
    with Session(engine) as s:
        run = s.exec(select(JobRun).where(JobRun.job_name == "alert_scan").order_by(JobRun.id.desc())).first()
    engine.dispose()
    assert run.status == "succeeded" and run.triggered_by == "ui:admin"
    assert f"raised {run.counts['raised']:,}" in result if run.counts["raised"] else "no changes" in result
    page.get_by_text("Alert scan finished in").wait_for()  # the success toast, and no error one
    assert page.get_by_text("An error occurred").count() == 0
    screenshot(page, "jobs")


def test_alert_settings_show_field_errors_then_save(page, live_db_url):
    _open_jobs(page)
    days = page.get_by_test_id("settings-expiry_warning_days")
    days.fill("0")
    page.get_by_test_id("settings-save").click()
    error = page.get_by_test_id("error-expiry_warning_days")
    error.wait_for()
    assert error.inner_text() == "must be 1 or more"
    screenshot(page, "jobs-settings-error")

    days.fill("21")
    page.get_by_test_id("settings-overstock_enabled").click()
    page.get_by_test_id("settings-save").click()
    error.wait_for(state="detached")
    engine = make_engine(live_db_url)
    try:
        for _ in range(50):  # the save lands a moment after the click
            with Session(engine) as s:
                saved = alerts.get_alert_settings(s)
            if saved.expiry_warning_days == 21:
                break
            page.wait_for_timeout(100)
        assert (saved.expiry_warning_days, saved.overstock_enabled) == (21, False)
        with Session(engine) as s:  # back to the defaults for the other browser tests
            s.delete(s.get(AppSetting, "alert_rules"))
            s.commit()
    finally:
        engine.dispose()


def test_non_admin_is_sent_away(page):
    _open_jobs(page, "manager", DEMO_PASSWORD)
    page.wait_for_url(lambda url: not url.rstrip("/").endswith("/jobs"))
    assert page.get_by_test_id("run-now-alert_scan").count() == 0
    assert page.get_by_test_id("nav-jobs").count() == 0
