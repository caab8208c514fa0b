"""Issue 8's scenario, through the pages only: create a customer → order → confirm (available drops)
→ ship part (on hand drops, the product's ledger shows the sale) → invoice → record payment (the
invoice is paid and the customer owes nothing)."""

import re

import pytest
from sqlmodel import Session, select

from inventorypulse.db import make_engine
from inventorypulse.models import Product, StockMovement
from inventorypulse.ui import format as fmt
from tests.ui.conftest import DEMO_PASSWORD, login, screenshot

pytestmark = pytest.mark.browser
ORDER_URL = re.compile(r".*/sales-orders/(ORD-[0-9A-Z-]+)/?$")
INVOICE_URL = re.compile(r".*/invoices/(INV-[0-9-]+)/?$")


def _wait_text(page, testid: str, text: str) -> None:
    page.wait_for_function(f"t => document.querySelector('[data-testid={testid}]')?.innerText.trim() === t", arg=text)


def _choose(page, testid: str, option: str) -> None:
    page.get_by_test_id(testid).click()
    page.get_by_role("option", name=option, exact=True).click()


def _product(db: Session) -> Product:
    """A product with plenty available and no lots, so the scenario's figures are exact."""
    return db.exec(select(Product).where(Product.status == "active", Product.lot_tracking.is_(False),
                                         Product.expiration_tracking.is_(False),
                                         Product.current_stock - Product.reserved_stock >= 30)
                   .order_by(Product.product_id.desc())).first()


def test_customer_order_confirm_ship_invoice_and_payment(page, live_db_url):
    db = Session(make_engine(live_db_url))
    product = _product(db)
    on_hand, available = product.current_stock, product.current_stock - product.reserved_stock
    login(page, "manager", DEMO_PASSWORD)
    page.get_by_test_id("user-menu").wait_for()

    # A new business customer on 30-day terms.
    page.goto("/customers/new")
    page.get_by_test_id("field-name").wait_for()
    for name, value in {"name": "Scenario Outfitters", "email": "orders@scenario.example", "phone": "+15035550188",
                        "street": "88 Pine St", "city": "Portland", "state": "OR", "postal_code": "97204",
                        "country": "US", "credit_limit": "5000"}.items():
        page.get_by_test_id(f"field-{name}").fill(value)
    _choose(page, "field-payment_terms", "Net30")
    page.get_by_test_id("save-customer").click()
    page.wait_for_url(re.compile(r".*/customers/CUST-\d{4}-\d{4}/?$"))
    customer = page.url.rstrip("/").rsplit("/", 1)[1]
    _wait_text(page, "customer-balance", "$0.00")

    # An order for 10, confirmed: 10 are reserved and available drops by 10.
    page.locator("a:has([data-testid=customer-new-order])").click()
    page.wait_for_url(re.compile(rf".*/sales-orders/new\?customer={customer}$"))
    page.get_by_test_id("so-product-search").fill(product.product_id)
    _wait_text(page, f"available-{product.product_id}", f"{available:,} available")
    page.get_by_test_id(f"pick-{product.product_id}").click()
    page.get_by_test_id("line-quantity").fill("10")
    page.get_by_test_id("so-save-confirm").click()
    page.wait_for_url(ORDER_URL)
    order = ORDER_URL.match(page.url).group(1)
    _wait_text(page, "so-status", "Confirmed")
    page.goto(f"/products/{product.product_id}")
    _wait_text(page, "figure-available", f"{available - 10:,}")
    assert page.get_by_test_id("figure-on-hand").inner_text() == f"{on_hand:,}"
    holder = page.get_by_test_id("reservation-row").filter(has_text=order)  # which order holds the units
    assert "Scenario Outfitters" in holder.inner_text() and "10 reserved" in holder.inner_text()

    # Ship 6 of the 10: on hand drops by 6 and the product's ledger shows the sale with the order number.
    page.goto(f"/sales-orders/{order}")
    page.get_by_test_id("so-ship").click()
    page.get_by_test_id("ship-qty-1").fill("6")
    _wait_text(page, "ship-becomes", "processing")
    page.get_by_test_id("confirm-ship").click()
    _wait_text(page, "so-progress", "6 of 10 units shipped")
    page.goto(f"/products/{product.product_id}")
    _wait_text(page, "figure-on-hand", f"{on_hand - 6:,}")
    assert page.get_by_test_id("figure-available").inner_text() == f"{available - 10:,}"
    assert "4 reserved" in page.get_by_test_id("reservation-row").filter(has_text=order).inner_text()
    latest = page.get_by_test_id("movement-row").first
    assert "-6" in latest.inner_text() and order in latest.inner_text() and "sale" in latest.inner_text().lower()
    screenshot(page, "sales-scenario-product-ledger")
    sale = db.exec(select(StockMovement).where(StockMovement.reference_id == order)).one()
    assert (sale.movement_type, sale.reason_code, sale.quantity) == ("outbound", "sale", -6)

    # Invoice what shipped, then pay it in full: the customer's balance goes up, then back to zero.
    page.goto(f"/sales-orders/{order}")
    page.get_by_test_id("so-create-invoice").click()
    page.wait_for_url(INVOICE_URL)
    invoice = INVOICE_URL.match(page.url).group(1)
    _wait_text(page, "invoice-status", "Unpaid")
    total = page.get_by_test_id("invoice-balance").inner_text()
    assert total == fmt.money(product.selling_price * 6)  # no tax, discount or shipping on this order
    page.goto(f"/customers/{customer}")
    _wait_text(page, "customer-balance", total)

    page.goto(f"/invoices/{invoice}")
    page.get_by_test_id("record-payment").click()
    amount = page.get_by_test_id("payment-amount")
    amount.wait_for()
    assert fmt.money(amount.input_value()) == total  # defaults to what is due
    _choose(page, "payment-method", "Bank transfer")
    page.get_by_test_id("payment-reference").fill("WIRE-0001")
    page.get_by_test_id("confirm-payment").click()
    _wait_text(page, "invoice-status", "Paid")
    assert page.get_by_test_id("invoice-balance").inner_text() == "$0.00"
    screenshot(page, "sales-scenario-invoice-paid")
    page.goto(f"/customers/{customer}")
    _wait_text(page, "customer-balance", "$0.00")
    assert "Paid" in page.get_by_test_id("customer-invoice-row").inner_text()
    db.close()
