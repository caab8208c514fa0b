"""Invoices through the real pages. The data is made through the services on the live database:
customer -> sales order -> confirm -> ship -> invoice, one of them made overdue."""

import re
from datetime import timedelta
from decimal import Decimal

import pytest
from sqlmodel import Session, select

from inventorypulse.db import make_engine
from inventorypulse.models import Invoice, Product, User
from inventorypulse.models.base import utcnow
from inventorypulse.services import customers, invoices, ledger, sales
from inventorypulse.ui import format as fmt
from tests.ui.conftest import DEMO_PASSWORD, login, screenshot

pytestmark = pytest.mark.browser


def _signed_in(page, user: str = "manager") -> None:
    login(page, user, DEMO_PASSWORD)
    page.get_by_test_id("user-menu").wait_for()


def _invoice(session, manager, customer, product, quantity: int) -> Invoice:
    ledger.record_movement(session, user=manager, product_id=product.product_id, movement_type="inbound",
                           quantity=quantity, warehouse="WH-MAIN")
    order = sales.create_sales_order(session, user=manager, customer_id=customer.customer_number,
                                     items=[{"product_id": product.product_id, "quantity": quantity}],
                                     tax_rate="0.05", shipping_cost="12.50")
    sales.transition_sales_order(session, order_number=order.order_number, status="confirmed", user=manager)
    sales.ship_sales_order(session, order_number=order.order_number, user=manager, warehouse="WH-MAIN")
    return invoices.generate_invoice(session, order_number=order.order_number, user=manager)


@pytest.fixture(scope="module")
def invoiced(live_db_url):
    """Two invoices of a new Net30 customer: one open (due in 30 days), one 5 days overdue."""
    engine = make_engine(live_db_url)
    with Session(engine) as session:
        manager = session.exec(select(User).where(User.username == "manager")).one()
        product = session.exec(select(Product).where(Product.status == "active", Product.lot_tracking.is_(False),
                                                     Product.expiration_tracking.is_(False))
                               .order_by(Product.id)).first()
        customer = customers.create_customer(session, user=manager, data={
            "name": "Invoice Test Traders", "customer_type": "business", "payment_terms": "Net30",
            "credit_limit": "100000", "email": "ap@invoice-test.example", "street": "9 Ledger Lane",
            "city": "Albany", "state": "NY", "postal_code": "12207", "country": "US"})
        current = _invoice(session, manager, customer, product, 3)
        late = _invoice(session, manager, customer, product, 2)
        late.due_date = utcnow().date() - timedelta(days=5)
        session.add(late)
        session.commit()
        data = {"customer": customer.customer_number, "current": current.invoice_number,
                "total": current.total_amount, "late": late.invoice_number, "product": product.name,
                "lines": 1}
    engine.dispose()
    return data


def test_invoice_list_highlights_overdue_and_filters_by_status(page, invoiced):
    _signed_in(page)
    page.goto(f"/invoices?customer={invoiced['customer']}")
    page.wait_for_function("() => document.querySelectorAll('[data-testid=invoice-row]').length === 2")
    current = page.locator(f"[data-testid=invoice-row]:has-text('{invoiced['current']}')")
    late = page.locator(f"[data-testid=invoice-row]:has-text('{invoiced['late']}')")
    assert current.get_by_test_id("invoice-status").inner_text() == "Unpaid"
    assert late.get_by_test_id("invoice-status").inner_text() == "Overdue"
    assert late.get_attribute("data-status") == "overdue"
    tint = late.evaluate("el => getComputedStyle(el).backgroundColor")
    assert tint != current.evaluate("el => getComputedStyle(el).backgroundColor")
    assert fmt.money(invoiced["total"]) in current.inner_text()
    assert "Invoice Test Traders" in current.inner_text()
    assert page.get_by_test_id("invoice-customer-filter").inner_text().startswith("Invoice Test Traders")
    screenshot(page, "invoices-list")
    page.emulate_media(color_scheme="dark")
    screenshot(page, "invoices-list-dark")
    page.emulate_media(color_scheme="light")

    page.get_by_test_id("invoice-tab-overdue").click()
    page.wait_for_url(re.compile(rf".*/invoices/?\?status=overdue&customer={invoiced['customer']}$"))
    page.wait_for_function("() => document.querySelectorAll('[data-testid=invoice-row]').length === 1")
    assert invoiced["late"] in page.get_by_test_id("invoices-table").inner_text()
    page.get_by_test_id("invoice-clear-filters").click()
    page.wait_for_url(re.compile(r".*/invoices/?$"))
    page.locator(f"[data-testid=invoice-row]:has-text('{invoiced['late']}')").wait_for()


def test_record_payment_checks_the_amount_then_part_pays(page, live_db_url, invoiced):
    number, total = invoiced["current"], invoiced["total"]
    _signed_in(page)
    page.goto(f"/invoices/{number}")
    page.get_by_test_id("invoice-balance").wait_for()
    assert page.get_by_test_id("invoice-balance").inner_text() == fmt.money(total)
    assert page.get_by_test_id("invoice-status").inner_text() == "Unpaid"
    assert page.get_by_test_id("invoice-line").count() == invoiced["lines"]
    assert invoiced["product"] in page.get_by_test_id("invoice-lines").inner_text()
    screenshot(page, "invoices-detail")

    page.get_by_test_id("record-payment").click()
    amount = page.get_by_test_id("payment-amount")
    amount.wait_for()
    assert page.get_by_test_id("payment-balance").inner_text() == fmt.money(total)
    assert amount.input_value() == str(total)  # defaults to the balance due
    amount.fill(str(total + 1))
    page.get_by_test_id("confirm-payment").click()
    page.get_by_test_id("error-amount").wait_for()
    assert "exceeds the balance due" in page.get_by_test_id("error-amount").inner_text()
    screenshot(page, "invoices-payment-error")

    part = (total / 2).quantize(Decimal("0.01"))
    amount.fill(str(part))
    page.get_by_test_id("payment-reference").fill("TX-4471")
    page.get_by_test_id("confirm-payment").click()
    page.wait_for_function("() => document.querySelector('[data-testid=invoice-status]')?.innerText === 'Partial'")
    assert page.get_by_test_id("invoice-balance").inner_text() == fmt.money(total - part)
    assert page.get_by_test_id("invoice-paid").inner_text() == fmt.money(part)
    assert "TX-4471" in page.get_by_test_id("invoice-payments").inner_text()
    screenshot(page, "invoices-detail-partial")
    with Session(make_engine(live_db_url)) as session:
        saved = invoices.find_invoice(session, number)
        assert (saved.payment_status, saved.amount_paid) == ("partial", part)


def test_print_page_has_lines_totals_and_no_app_chrome(page, invoiced):
    _signed_in(page)
    page.goto(f"/invoices/{invoiced['late']}/print")
    page.get_by_test_id("print-sheet").wait_for()
    assert page.get_by_test_id("print-line").count() == invoiced["lines"]
    assert invoiced["product"] in page.get_by_test_id("print-sheet").inner_text()
    assert page.get_by_test_id("print-bill-to").inner_text() == "Invoice Test Traders"
    assert "9 Ledger Lane" in page.get_by_test_id("print-sheet").inner_text()
    assert "OVERDUE" in page.get_by_test_id("print-status").inner_text()
    for chrome in ("nav-dashboard", "user-menu", "global-search"):
        assert page.get_by_test_id(chrome).count() == 0
    assert page.get_by_test_id("print-button").is_visible()
    screenshot(page, "invoices-print")
    page.emulate_media(media="print")
    assert page.get_by_test_id("print-button").is_hidden()
    page.emulate_media(media="screen")


def test_print_page_requires_login(page, invoiced):
    page.goto(f"/invoices/{invoiced['current']}/print")
    page.wait_for_url(re.compile(r".*/login\?next=.*"))
    assert page.get_by_test_id("print-sheet").count() == 0


def test_customer_page_lists_the_invoices_and_a_viewer_cannot_record_payments(page, invoiced):
    _signed_in(page, "viewer")
    page.goto(f"/customers/{invoiced['customer']}")
    page.wait_for_function("() => document.querySelectorAll('[data-testid=customer-invoice-row]').length === 2")
    late = page.locator(f"[data-testid=customer-invoice-row]:has-text('{invoiced['late']}')")
    assert late.get_attribute("data-status") == "overdue"
    assert page.get_by_test_id("customer-order-row").count() == 2
    screenshot(page, "customers-detail-invoices")
    late.get_by_role("link", name=invoiced["late"]).click()
    page.wait_for_url(re.compile(rf".*/invoices/{invoiced['late']}/?$"))
    page.get_by_test_id("invoice-balance").wait_for()
    assert page.get_by_test_id("invoice-status").inner_text() == "Overdue"
    assert page.get_by_test_id("record-payment").count() == 0
    assert page.get_by_test_id("print-invoice").count() == 1
