"""A new manager's first day, end to end through the real pages: supplier → product with that
supplier's offer → purchase order → send, acknowledge, ship → receive part → stock and ledger →
issue below the threshold → alert scan → the alert with its badge → resolve it."""

import re

import pytest
from sqlmodel import Session, select

from inventorypulse.db import make_engine
from inventorypulse.jobs.runner import run_job
from inventorypulse.models import Alert, Product, ProductSupplier, StockMovement, Supplier
from inventorypulse.services import alerts
from tests.ui.conftest import DEMO_PASSWORD, login, screenshot

pytestmark = pytest.mark.browser
ORDER_URL = re.compile(r".*/purchase-orders/(PO-[0-9A-Z-]+)/?$")


@pytest.fixture
def db(live_db_url):
    engine = make_engine(live_db_url)
    with Session(engine) as session:
        yield session
    engine.dispose()


def _pick(page, testid: str, option) -> None:
    page.get_by_test_id(testid).click()
    page.get_by_role("option", name=option).click()


def _wait_text(page, testid: str, text: str) -> None:
    page.wait_for_function("([id, t]) => document.querySelector(`[data-testid=${id}]`)?.innerText.toLowerCase() === t",
                           arg=[testid, text.lower()])


def _badge(count: int) -> str:
    return str(count) if count <= 99 else "99+"


def _create_supplier(page) -> str:
    page.goto("/suppliers/new")
    fields = {"company_name": "Northwind Lamp Works", "primary_contact": "Ada North",
              "email": "orders@northwind-lamps.example", "phone": "+15554440000", "street": "1 Harbor Way",
              "city": "Portland", "state": "OR", "postal_code": "97201", "country": "US", "lead_time_days": "5",
              "payment_terms": "30"}
    for name, value in fields.items():
        page.get_by_test_id(f"field-{name}").fill(value)
    page.get_by_test_id("save-supplier").click()
    page.wait_for_url(re.compile(r".*/suppliers/SUP-\d{4}/?$"))
    return page.url.rstrip("/").rsplit("/", 1)[1]


def _create_product(page, supplier_id: str) -> str:
    page.goto("/products/new")
    page.get_by_test_id("field-name").fill("Northwind Brass Lantern")
    page.get_by_test_id("field-sku").fill("NWL-BRASS-01")
    _pick(page, "field-category", re.compile("^Garden$"))
    for name, value in {"cost_price": "8.00", "selling_price": "15.00", "reorder_threshold": "10",
                        "reorder_quantity": "20"}.items():
        page.get_by_test_id(f"field-{name}").fill(value)
    _pick(page, "field-supplier_id", re.compile(re.escape(supplier_id)))
    page.get_by_test_id("save-product").click()
    page.wait_for_url(re.compile(r".*/products/PRD-\d{6}/?$"))
    page.get_by_test_id("product-name").wait_for()
    return page.url.rstrip("/").rsplit("/", 1)[1]


def _order_and_receive(page, supplier_id: str, product_id: str, received: int) -> str:
    page.goto("/purchase-orders/new")
    _pick(page, "po-supplier", re.compile(re.escape(supplier_id)))
    page.get_by_test_id("po-supplier-info").wait_for()
    page.get_by_test_id("po-product-search").fill("NWL-BRASS")
    page.get_by_test_id(f"pick-{product_id}").click()
    assert page.get_by_test_id("line-unit-cost").input_value() == "8.00"  # the offer made with the product
    page.get_by_test_id("line-quantity").fill("30")
    page.get_by_test_id("create-po").click()
    page.wait_for_url(ORDER_URL)
    number = ORDER_URL.match(page.url).group(1)
    for step in ("sent", "acknowledged", "shipped"):
        page.get_by_test_id(f"po-action-{step}").click()
        _wait_text(page, "po-status", step)
    page.get_by_test_id("receive-line-1").click()
    page.get_by_test_id("receive-quantity").fill(str(received))
    page.wait_for_function("n => document.querySelector('[data-testid=receive-preview-adds]')?.innerText"
                           ".startsWith(`+${n} `)", arg=received)
    page.get_by_test_id("confirm-receive").click()
    _wait_text(page, "po-status", "partially received")
    screenshot(page, "scenario-po-received")
    return number


def test_supplier_to_resolved_alert(page, db):
    login(page, "manager", DEMO_PASSWORD)
    page.get_by_test_id("user-menu").wait_for()

    supplier_id = _create_supplier(page)
    product_id = _create_product(page, supplier_id)
    product = db.exec(select(Product).where(Product.product_id == product_id)).one()
    offer = db.exec(select(ProductSupplier).join(Supplier, Supplier.id == ProductSupplier.supplier_id)
                    .where(ProductSupplier.product_id == product.id, Supplier.supplier_id == supplier_id)).one()
    assert str(offer.cost) == "8.00"

    number = _order_and_receive(page, supplier_id, product_id, received=12)

    # The product shows the received quantity and the ledger shows where it came from.
    page.goto(f"/products/{product_id}")
    _wait_text(page, "figure-on-hand", "12")
    first = page.locator("[data-testid=movement-row]").first
    assert "+12" in first.inner_text() and number in first.inner_text()

    # Issue 5: seven left, below the threshold of ten.
    page.get_by_test_id("action-issue").click()
    page.get_by_test_id("stock-quantity").fill("5")
    page.get_by_test_id("stock-preview").wait_for()
    assert page.get_by_test_id("preview-total-after").inner_text() == "7"
    page.get_by_test_id("stock-confirm").click()
    _wait_text(page, "figure-on-hand", "7")
    db.expire_all()
    movements = db.exec(select(StockMovement.quantity).where(StockMovement.product_id == product.id)
                        .order_by(StockMovement.id)).all()
    assert movements == [12, -5]

    # The hourly scan, run now: the low-stock alert appears, and the sidebar counts it.
    assert run_job("alert_scan", triggered_by="test", engine=db.get_bind()).status == "succeeded"
    db.expire_all()
    alert = db.exec(select(Alert).where(Alert.product_id == product.id, Alert.alert_type == "low_stock")).one()
    assert alert.status == "active"
    page.goto("/alerts?type=low_stock")
    row = page.get_by_test_id(f"alert-row-{alert.alert_id}")
    row.wait_for()  # newest first
    open_before = alerts.count_open_alerts(db)
    _wait_text(page, "alerts-badge", _badge(open_before))
    screenshot(page, "scenario-alert")

    page.get_by_test_id(f"resolve-{alert.alert_id}").click()
    page.get_by_test_id("action-notes").fill("Ordered the rest from Northwind; 18 more on the way.")
    page.get_by_test_id("action-confirm").click()
    row.wait_for(state="detached")  # the list shows open alerts: a resolved one leaves it
    db.expire_all()
    resolved = db.get(Alert, alert.id)
    assert resolved.status == "resolved" and "Northwind" in (resolved.notes or "")
    assert alerts.count_open_alerts(db) == open_before - 1
    _wait_text(page, "alerts-badge", _badge(open_before - 1))
    screenshot(page, "scenario-alert-resolved")
