"""A person signs in through the real login page and sees the real figures."""

import pytest
from sqlmodel import Session

from inventorypulse.db import make_engine
from inventorypulse.services.dashboard import get_dashboard_stats
from tests.ui.conftest import DEMO_PASSWORD, login, screenshot

pytestmark = pytest.mark.browser


def _expected(live_db_url):
    engine = make_engine(live_db_url)
    with Session(engine) as session:
        stats = get_dashboard_stats(session)
    engine.dispose()
    return stats


def test_private_page_redirects_to_login(page):
    page.goto("/products")
    page.wait_for_url("**/login**")
    page.get_by_test_id("login-submit").wait_for(state="visible")


def test_wrong_password_shows_a_clear_message(page):
    login(page, "manager", "not-the-password")
    error = page.get_by_test_id("login-error")
    error.wait_for()
    assert "incorrect" in error.inner_text().lower()
    screenshot(page, "login-error")


def test_login_shows_dashboard_figures_and_survives_reload(page, live_db_url):
    stats = _expected(live_db_url)
    login(page, "manager", DEMO_PASSWORD)
    products = page.get_by_test_id("kpi-products")
    products.wait_for()
    page.wait_for_function(
        "t => document.querySelector('[data-testid=kpi-products]')?.innerText === t",
        arg=f"{stats.product_count:,}",
    )
    assert page.get_by_test_id("kpi-value-cost").inner_text() == f"${stats.inventory_value_cost:,.2f}"
    assert page.get_by_test_id("kpi-low-stock").inner_text() == f"{stats.low_stock_count:,}"
    assert page.get_by_test_id("kpi-open-pos").inner_text() == f"{stats.open_po_count:,}"
    assert page.get_by_test_id("kpi-alerts").inner_text() == f"{stats.active_alert_count:,}"
    assert stats.product_count >= 80 and stats.inventory_value_cost > 0 and stats.open_po_count > 0
    screenshot(page, "dashboard")

    page.reload()
    page.get_by_test_id("kpi-products").wait_for()
    assert "/login" not in page.url

    page.get_by_test_id("user-menu").click()
    page.get_by_test_id("logout").click()
    page.wait_for_url("**/login**")
    page.goto("/")
    page.wait_for_url("**/login**")


def test_list_pages_render_demo_rows(page):
    login(page, "manager", DEMO_PASSWORD)
    page.get_by_test_id("kpi-products").wait_for()
    for route, table in [("products", "products-table"), ("suppliers", "suppliers-table"),
                         ("purchase-orders", "purchase-orders-table")]:
        page.get_by_test_id(f"nav-{route}").click()
        page.wait_for_url(f"**/{route}")
        page.locator(f"[data-testid={table}] tbody tr").first.wait_for()
        assert page.locator(f"[data-testid={table}] tbody tr").count() > 0
        screenshot(page, route)


def test_users_page_is_admin_only(page):
    login(page, "viewer", DEMO_PASSWORD)
    page.get_by_test_id("kpi-products").wait_for()
    assert page.get_by_test_id("nav-users").count() == 0
    page.goto("/users")
    page.wait_for_url(lambda url: not url.endswith("/users"))
