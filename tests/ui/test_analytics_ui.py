"""The analytics screen: an admin syncs the embedded warehouse and reads its figures; others only read."""

from __future__ import annotations

import pytest
from sqlmodel import Session, select

from inventorypulse.db import make_engine
from inventorypulse.models import JobRun
from inventorypulse.ui import format as fmt
from inventorypulse.warehouse import EmbeddedTarget
from inventorypulse.warehouse.queries import analytics_overview
from tests.ui.conftest import DEMO_PASSWORD, login, screenshot

pytestmark = pytest.mark.browser
ADMIN = ("admin", "admin-test-pw")  # INVENTORYPULSE_ADMIN_* of tests/conftest.py


def _analytics_db(live_db_url: str) -> str:
    return live_db_url.removesuffix(".db") + "-analytics.db"  # the embedded default next to the app's SQLite file


def _overview(live_db_url: str, days: int):
    engine = make_engine(live_db_url)
    with Session(engine) as session:
        overview = analytics_overview(session, days=days, target=EmbeddedTarget(_analytics_db(live_db_url)))
    engine.dispose()
    return overview


def _open(page, user: str, password: str) -> None:
    login(page, user, password)
    page.get_by_test_id("kpi-products").wait_for()  # the dashboard: signed in
    page.goto("/analytics")
    page.get_by_test_id("analytics-sync-status").wait_for()


def test_readonly_user_sees_no_sync_buttons(page):
    _open(page, "viewer", DEMO_PASSWORD)
    page.wait_for_selector("[data-testid=analytics-figures], [data-testid=analytics-empty]")
    assert page.get_by_test_id("analytics-sync").count() == 0
    assert page.get_by_test_id("analytics-rebuild").count() == 0
    assert "Embedded" in page.get_by_test_id("analytics-source").inner_text()


def test_admin_syncs_and_reads_the_figures(page, live_db_url):
    _open(page, *ADMIN)
    page.get_by_test_id("analytics-sync").click()
    page.get_by_test_id("analytics-figures").wait_for(timeout=120_000)
    page.wait_for_function("() => document.querySelector('[data-testid=analytics-sync-status]')"
                           ".innerText.includes('Synced')")

    o = _overview(live_db_url, 90)
    assert o.totals.revenue > 0 and o.categories and o.suppliers and len(o.inventory) == 90
    assert page.get_by_test_id("kpi-revenue").inner_text() == fmt.money(o.totals.revenue)
    assert page.get_by_test_id("kpi-gross-profit").inner_text() == fmt.money(o.totals.gross_profit)
    assert page.get_by_test_id("kpi-turnover").inner_text() == f"{o.totals.turnover(90):.1f}×"
    assert page.get_by_test_id("kpi-stock-value").inner_text() == fmt.money(o.inventory[-1]["cost"])
    rows = page.get_by_test_id("category-row")
    assert rows.count() == len(o.categories)
    assert rows.first.inner_text().startswith(o.categories[0].category)
    assert page.get_by_test_id("supplier-row").count() == len(o.suppliers)
    assert page.get_by_test_id("slow-row").count() == len(o.slow_movers) > 0
    for chart in ("chart-revenue", "chart-inventory-value", "chart-margin", "chart-on-time"):
        page.get_by_test_id(chart).locator(".main-svg").first.wait_for()
    screenshot(page, "analytics")

    page.get_by_test_id("analytics-period").get_by_role("radio", name="30 days").click()
    month = _overview(live_db_url, 30)
    page.wait_for_function("t => document.querySelector('[data-testid=kpi-revenue]')?.innerText === t",
                           arg=fmt.money(month.totals.revenue))

    engine = make_engine(live_db_url)
    with Session(engine) as session:
        run = session.exec(select(JobRun).where(JobRun.job_name == "warehouse_sync")
                           .order_by(JobRun.id.desc())).first()
    engine.dispose()
    assert run.status == "succeeded" and run.triggered_by == "ui:admin" and run.counts["sales_analytics"] > 0

    page.emulate_media(color_scheme="dark")  # dark mode must stay readable
    page.reload()
    page.get_by_test_id("analytics-figures").wait_for()
    page.get_by_test_id("chart-on-time").locator(".main-svg").first.wait_for()
    screenshot(page, "analytics-dark")
