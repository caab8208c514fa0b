"""The assistant in the browser (offline mode: the test server has no MINIMAX_API_KEY): ask from the
slide-over panel, see the low-stock products, have a draft order prepared, confirm it, find it."""

import re

import pytest
from sqlmodel import Session, select

from inventorypulse.db import make_engine
from inventorypulse.models import PurchaseOrder
from inventorypulse.models.status import PurchaseOrderStatus
from inventorypulse.services import reports
from tests.ui.conftest import DEMO_PASSWORD, login, screenshot

pytestmark = pytest.mark.browser


def _low_stock(live_db_url):
    engine = make_engine(live_db_url)
    with Session(engine) as session:
        report = reports.low_stock_report(session, limit=10)
    engine.dispose()
    return report


def _order(live_db_url, number):
    engine = make_engine(live_db_url)
    with Session(engine) as session:
        order = session.exec(select(PurchaseOrder).where(PurchaseOrder.order_number == number)).first()
    engine.dispose()
    return order


def _ask(page, question):
    answers = page.get_by_test_id("chat-answer").count()
    page.get_by_test_id("chat-input").fill(question)
    page.get_by_test_id("chat-send").click()
    page.get_by_test_id("chat-answer").nth(answers).wait_for()
    return page.get_by_test_id("chat-answer").nth(answers)


def test_ask_about_low_stock_then_order_and_confirm(page, live_db_url):
    report = _low_stock(live_db_url)
    assert report.summary.total_items > 0
    login(page, "manager", DEMO_PASSWORD)
    page.get_by_test_id("kpi-products").wait_for()

    page.get_by_test_id("chat-open").click()
    panel = page.get_by_test_id("chat-panel")
    panel.wait_for()
    # The mode label fills in once the panel's state has loaded.
    page.wait_for_function("() => document.querySelector('[data-testid=chat-mode]')?.innerText.trim() === "
                           "'Offline mode'")
    assert panel.get_by_test_id("chat-starter").count() >= 4

    answer = _ask(page, "what is low on stock?")
    assert f"{report.summary.total_items} products are at or below" in answer.inner_text()
    table = answer.get_by_test_id("chat-table")
    for item in report.page.items[:5]:
        assert table.get_by_role("link", name=item.name).count() == 1
    top = report.page.items[0]
    assert table.get_by_role("link", name=top.name).get_attribute("href") == f"/products/{top.product_id}"
    screenshot(page, "assistant-low-stock")

    answer = _ask(page, f"create a purchase order for 30 {top.product_id}")
    assert f"30 × {top.name}" in answer.inner_text()
    card = answer.get_by_test_id("chat-action")
    card.get_by_test_id("chat-confirm").click()
    link = card.get_by_test_id("chat-action-link")
    link.wait_for()
    number = link.inner_text().strip()
    assert re.fullmatch(r"PO-\d{4}-\d{6}", number)
    assert card.get_by_test_id("chat-action-status").inner_text() == "confirmed"
    screenshot(page, "assistant-confirmed")

    order = _order(live_db_url, number)
    assert order is not None and order.status == PurchaseOrderStatus.DRAFT and order.total_amount > 0

    link.click()
    page.wait_for_url(f"**/purchase-orders/{number}")


def test_conversation_is_stored_per_user(browser, live_app):
    """A fresh browser session of the same user finds the earlier conversation, loaded from the database."""
    context = browser.new_context(viewport={"width": 1400, "height": 900}, base_url=live_app)
    page = context.new_page()
    page.set_default_timeout(20_000)
    login(page, "staff", DEMO_PASSWORD)
    page.get_by_test_id("user-menu").wait_for()  # signed in before leaving the login page
    page.goto("/assistant")
    _ask(page, "how much is our stock worth?")
    context.close()

    context = browser.new_context(viewport={"width": 1400, "height": 900}, base_url=live_app)
    page = context.new_page()
    page.set_default_timeout(20_000)
    login(page, "staff", DEMO_PASSWORD)
    page.get_by_test_id("kpi-products").wait_for()
    page.get_by_test_id("chat-open").click()
    page.get_by_test_id("chat-question").first.wait_for()
    assert page.get_by_test_id("chat-question").first.inner_text() == "how much is our stock worth?"
    assert "Total stock is worth" in page.get_by_test_id("chat-answer").first.inner_text()
    context.close()


def test_readonly_user_gets_answers_but_no_confirm_button(page):
    login(page, "viewer", DEMO_PASSWORD)
    page.get_by_test_id("kpi-products").wait_for()
    page.goto("/assistant")
    page.get_by_test_id("chat-view").wait_for()
    answer = _ask(page, "what is out of stock?")
    assert "out of stock" in answer.inner_text()
    answer = _ask(page, "order 10 PRD-000001")
    assert "readonly" in answer.inner_text()
    assert page.get_by_test_id("chat-confirm").count() == 0
    screenshot(page, "assistant-readonly")
