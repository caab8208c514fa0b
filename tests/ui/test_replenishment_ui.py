"""The replenishment screen in a browser: suggestions by supplier, draft purchase orders from them."""

import pytest
from sqlmodel import Session, select

from inventorypulse.db import make_engine
from inventorypulse.models import PurchaseOrder
from inventorypulse.services import forecasts, purchasing, replenishment
from tests.ui.conftest import DEMO_PASSWORD, login, screenshot

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def planned(live_db_url):
    """Forecasts and plans for the demo catalogue, as the nightly job would leave them."""
    engine = make_engine(live_db_url)
    with Session(engine) as session:
        forecasts.generate_forecasts(session, workers=1)
        replenishment.refresh_plans(session)
        session.commit()
    yield engine
    engine.dispose()


def _open(page, username: str, path: str) -> None:
    """Sign in, wait until the session is stored (the dashboard shows the user menu), then go."""
    login(page, username, DEMO_PASSWORD)
    page.get_by_test_id("user-menu").wait_for()
    page.goto(path)


def _first_group(engine) -> list[tuple[str, str, int]]:
    """(supplier code, product code, suggested quantity) of the first supplier group on the page."""
    with Session(engine) as session:
        page = replenishment.list_suggestions(session, limit=50)
        group = replenishment.group_by_supplier(page.items)[0]
        return [(s.supplier.supplier_id, s.product.product_id, s.plan.suggested_quantity) for s in group.suggestions]


def test_readonly_sees_suggestions_but_no_actions(page, planned):
    _open(page, "viewer", "/replenishment")
    page.get_by_test_id("supplier-group").first.wait_for()
    assert page.get_by_test_id("suggestion-row").count() > 0
    assert page.get_by_test_id("create-drafts").count() == 0
    assert page.locator("[data-testid^=select-]").count() == 0
    screenshot(page, "replenishment-readonly")


def test_manager_creates_draft_orders(page, planned):
    expected = _first_group(planned)
    supplier = expected[0][0]
    _open(page, "manager", "/replenishment")
    page.get_by_test_id(f"select-group-{supplier}").click()
    page.wait_for_function("n => document.querySelector('[data-testid=selected-count]')?.innerText?.startsWith(n)",
                           arg=str(len(expected)))
    screenshot(page, "replenishment-selected")
    page.get_by_test_id("create-drafts").click()
    link = page.get_by_test_id("created-po-link").first
    link.wait_for()
    page.get_by_text("draft purchase order").first.wait_for(state="visible")  # the toast
    number = link.inner_text().split(" · ")[0]
    assert link.get_attribute("href") == f"/purchase-orders/{number}"
    screenshot(page, "replenishment-created")
    with Session(planned) as session:
        detail = purchasing.get_purchase_order(session, order_number=number)
        assert (detail.order.status, detail.supplier.supplier_id) == ("draft", supplier)
        assert sorted((p.product_id, line.quantity_ordered) for line, p in detail.lines) == \
            sorted((code, qty) for _, code, qty in expected)
        assert session.exec(select(PurchaseOrder).where(PurchaseOrder.order_number == number)).one()
    link.click()
    page.wait_for_url(f"**/purchase-orders/{number}")


def test_product_page_shows_the_forecast(page, planned):
    with Session(planned) as session:
        s = replenishment.list_suggestions(session, limit=1).items[0]
        view = forecasts.get_forecast(session, product_id=s.product.product_id)
        plans = replenishment.list_suggestions(session, product_id=s.product.product_id, only_needed=False).items
    reorder_point = sum(float(p.plan.reorder_point) for p in plans)
    _open(page, "viewer", f"/products/{s.product.product_id}")
    page.get_by_test_id("tab-forecast").click()
    mase = page.get_by_test_id("forecast-mase")
    mase.wait_for()
    expected = "—" if view.forecast.accuracy_metric is None else f"{float(view.forecast.accuracy_metric):.2f}"
    assert mase.inner_text() == expected
    assert page.get_by_test_id("forecast-reorder_point").inner_text() == f"{reorder_point:,.0f}"
    assert page.get_by_test_id("forecast-stockout").inner_text() != ""
    page.locator("[data-testid=forecast-panel] .js-plotly-plot").wait_for()  # the chart loads lazily
    screenshot(page, "product-forecast")
