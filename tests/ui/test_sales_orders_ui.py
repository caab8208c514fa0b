"""Sales orders through the real pages: a new order whose confirmation is refused for want of stock
and then accepted (the product's available stock drops, reserved rises), shipping part from the
dialog, a return with restock, raising the invoice; the list's status tabs in the URL; and a
read-only user who sees no buttons that change anything."""

import re
import uuid
from decimal import Decimal

import pytest
from sqlmodel import Session, select

from inventorypulse.db import make_engine
from inventorypulse.models import Product, User
from inventorypulse.services import customers, ledger, sales
from inventorypulse.services.validation import to_cents
from inventorypulse.ui.format import money
from tests.ui.conftest import DEMO_PASSWORD, login, screenshot

pytestmark = pytest.mark.browser
ORDER_URL = re.compile(r".*/sales-orders/(ORD-[0-9A-Z-]+)/?$")


def _signed_in(page, user: str = "manager") -> None:
    login(page, user, DEMO_PASSWORD)
    page.get_by_test_id("user-menu").wait_for()


def _db(live_db_url):
    return Session(make_engine(live_db_url))


def _user(session, username: str) -> User:
    return session.exec(select(User).where(User.username == username)).one()


def _customer(live_db_url, name: str) -> str:
    """A new cash customer (COD: no credit limit in the way) with a delivery address."""
    with _db(live_db_url) as session:
        c = customers.create_customer(session, user=_user(session, "manager"), data={
            "name": name, "street": "1 Test Way", "city": "Springfield", "state": "IL", "postal_code": "62701",
            "country": "US"})
        session.commit()
        return c.customer_number


def _product(live_db_url, *, skip: tuple[str, ...] = ()) -> Product:
    """An active product without lot tracking that has plenty available."""
    with _db(live_db_url) as session:
        return session.exec(
            select(Product).where(Product.status == "active", Product.lot_tracking.is_(False),
                                  Product.expiration_tracking.is_(False), Product.product_id.not_in(skip),
                                  Product.current_stock - Product.reserved_stock >= 20)
            .order_by(Product.product_id)).first()


def _stock(live_db_url, product_id: str) -> tuple[int, int]:
    """(on hand, reserved) of a product."""
    with _db(live_db_url) as session:
        p = ledger.get_product(session, product_id)
        return p.current_stock, p.reserved_stock


def _wait_text(page, testid: str, text: str) -> None:
    page.wait_for_function(f"t => document.querySelector('[data-testid={testid}]')?.innerText.trim() === t", arg=text)


def _controls(page) -> list[str]:
    """data-testids of every control on the order page that would change the order."""
    return page.locator("[data-testid^=so-action-], [data-testid=so-ship], [data-testid=so-return], "
                        "[data-testid=so-create-invoice], [data-testid=so-edit]").evaluate_all(
        "els => els.map(e => e.dataset.testid)")


def test_new_order_refused_then_confirmed_shipped_in_part_and_returned(page, live_db_url):
    number = _customer(live_db_url, f"Ui Buyer {uuid.uuid4().hex[:6]}")
    product = _product(live_db_url)
    on_hand, reserved = _stock(live_db_url, product.product_id)
    available = on_hand - reserved
    _signed_in(page)
    page.goto(f"/sales-orders/new?customer={number}")
    page.get_by_test_id("so-customer").wait_for()

    # The product search shows what is available now (on hand minus reserved).
    page.get_by_test_id("so-product-search").fill(product.product_id)
    _wait_text(page, f"available-{product.product_id}", f"{available:,} available")
    screenshot(page, "so-new-search")
    page.get_by_test_id(f"pick-{product.product_id}").click()
    page.get_by_test_id("so-line").wait_for()
    assert page.get_by_test_id("line-unit-price").input_value() == str(product.selling_price)

    page.get_by_test_id("line-quantity").fill(str(available + 5))
    page.get_by_test_id("so-save-confirm").click()
    page.get_by_test_id("so-refusal").wait_for()
    refusal = page.get_by_test_id("so-refusal-line").inner_text()
    assert f"Line 1 · {product.name}" in refusal and f"only {available} available" in refusal
    assert f"only {available} available" in page.get_by_test_id("line-quantity-error").inner_text()
    with _db(live_db_url) as session:  # refused: nothing was saved
        assert sales.list_sales_orders(session, customer_id=number).total == 0
    screenshot(page, "so-new-refused")

    page.get_by_test_id("line-quantity").fill("6")
    page.wait_for_function("() => !document.querySelector('[data-testid=so-refusal]')")
    page.get_by_test_id("so-save-confirm").click()
    page.wait_for_url(ORDER_URL)
    order = ORDER_URL.match(page.url).group(1)
    _wait_text(page, "so-status", "Confirmed")
    assert _stock(live_db_url, product.product_id) == (on_hand, reserved + 6)

    page.goto(f"/products/{product.product_id}")
    _wait_text(page, "figure-available", f"{available - 6:,}")
    assert page.get_by_test_id("figure-reserved").inner_text() == f"{reserved + 6:,}"

    # Ship 4 of the 6 from the dialog, after its preview of what leaves.
    page.goto(f"/sales-orders/{order}")
    page.get_by_test_id("so-ship").click()
    page.get_by_test_id("ship-dialog").wait_for()
    page.get_by_test_id("ship-qty-1").fill("4")
    page.wait_for_function("() => [...document.querySelectorAll('[data-testid=ship-preview] td')]"
                           ".some(td => td.innerText.trim() === '-4')")
    _wait_text(page, "ship-becomes", "processing")
    screenshot(page, "so-ship-dialog")
    page.get_by_test_id("confirm-ship").click()
    _wait_text(page, "so-status", "Processing")
    _wait_text(page, "so-progress", "4 of 6 units shipped")
    sale = page.get_by_test_id("so-movement").filter(has_text="sale")
    sale.wait_for()
    assert product.product_id in sale.inner_text() and "-4" in sale.inner_text()
    assert _stock(live_db_url, product.product_id) == (on_hand - 4, reserved + 2)
    page.get_by_test_id("ship-dialog").wait_for(state="detached")  # closed: no second click can ship again

    # Return 1 and put it back on the shelf.
    page.get_by_test_id("so-return").click()
    page.get_by_test_id("return-dialog").wait_for()
    page.get_by_test_id("return-qty-1").fill("1")
    page.get_by_test_id("return-preview").wait_for()
    screenshot(page, "so-return-dialog")
    page.get_by_test_id("confirm-return").click()
    page.get_by_test_id("so-movement").filter(has_text="return").wait_for()
    _wait_text(page, "line-returned", "1")
    assert _stock(live_db_url, product.product_id) == (on_hand - 3, reserved + 2)
    screenshot(page, "so-detail-processing")
    page.emulate_media(color_scheme="dark")
    screenshot(page, "so-detail-processing-dark")
    page.emulate_media(color_scheme="light")

    # Goods have shipped: the manager raises the invoice and lands on it.
    page.get_by_test_id("so-create-invoice").click()
    page.wait_for_url(re.compile(r".*/invoices/INV-[0-9-]+/?$"))
    invoice = page.url.rstrip("/").rsplit("/", 1)[1]
    page.goto(f"/sales-orders/{order}")
    _wait_text(page, "so-invoice-link", f"Invoice {invoice}")
    assert page.get_by_test_id("so-create-invoice").count() == 0


def test_list_status_tab_and_search_survive_a_reload(page, live_db_url):
    name = f"Tab Buyer {uuid.uuid4().hex[:6]}"
    number = _customer(live_db_url, name)
    product = _product(live_db_url)
    with _db(live_db_url) as session:
        manager = _user(session, "manager")
        for status in ("draft", "pending"):
            sales.create_sales_order(session, user=manager, customer_id=number, status=status,
                                     items=[{"product_id": product.product_id, "quantity": 1}])
        session.commit()
    _signed_in(page)
    page.goto("/sales-orders?status=open")
    page.get_by_test_id("so-row").first.wait_for()
    assert page.get_by_test_id("so-tab-open").get_attribute("data-state") == "active"
    page.get_by_test_id("so-tab-draft").click()
    page.wait_for_url(re.compile(r".*\?status=draft$"))
    page.wait_for_function("() => [...document.querySelectorAll('[data-testid=so-row] td:nth-child(4)')]"
                           ".every(td => td.innerText === 'Draft')")
    page.get_by_test_id("so-search").fill(name)
    page.get_by_test_id("so-search").press("Enter")
    page.wait_for_url(re.compile(r".*status=draft.*search=.*"))
    page.reload()
    page.wait_for_function("() => document.querySelectorAll('[data-testid=so-row]').length === 1")
    assert page.get_by_test_id("so-tab-draft").get_attribute("data-state") == "active"
    assert page.get_by_test_id("so-search").input_value() == name
    row = page.get_by_test_id("so-row")
    assert name in row.inner_text() and "Draft" in row.inner_text()
    assert row.get_by_role("link", name=name).get_attribute("href").endswith(f"/customers/{number}")
    screenshot(page, "so-list-filtered")


def test_readonly_user_sees_no_buttons_that_change_orders(page, live_db_url):
    number = _customer(live_db_url, f"Viewer Case {uuid.uuid4().hex[:6]}")
    product = _product(live_db_url)
    with _db(live_db_url) as session:
        manager = _user(session, "manager")
        order = sales.create_sales_order(session, user=manager, customer_id=number,
                                         items=[{"product_id": product.product_id, "quantity": 3}]).order_number
        sales.transition_sales_order(session, order_number=order, status="confirmed", user=manager)
        sales.ship_sales_order(session, order_number=order, user=manager, items=[{"line_no": 1, "quantity": 1}])
        draft = sales.create_sales_order(session, user=manager, customer_id=number, status="draft",
                                         items=[{"product_id": product.product_id, "quantity": 1}]).order_number
        session.commit()
    _signed_in(page, "viewer")
    page.goto("/sales-orders")
    page.get_by_test_id("so-row").first.wait_for()
    assert page.get_by_test_id("new-so").count() == 0
    page.goto(f"/sales-orders/{order}")
    _wait_text(page, "so-status", "Processing")  # shippable, returnable, cancellable, invoiceable for a manager
    page.get_by_test_id("so-movement").first.wait_for()
    assert _controls(page) == []
    screenshot(page, "so-detail-readonly")
    page.goto("/sales-orders/new")
    page.wait_for_url(re.compile(r".*/sales-orders/?$"))
    page.get_by_text("Your role may not create sales orders.").wait_for()

    # A draft: nothing to change it with for a viewer, and its edit page sends them back to the order.
    page.goto(f"/sales-orders/{draft}")
    _wait_text(page, "so-status", "Draft")
    assert _controls(page) == []
    page.goto(f"/sales-orders/{draft}/edit")
    page.get_by_text("Your role may not edit sales orders.").wait_for()
    page.wait_for_url(re.compile(rf".*/sales-orders/{draft}/?$"))


def _lines(live_db_url, order: str) -> list[tuple[str, int, object]]:
    with _db(live_db_url) as session:
        return [(p.product_id, ln.quantity, ln.unit_price)
                for ln, p in sales.get_sales_order(session, order_number=order).lines]


def test_edit_a_draft_and_confirm_it_then_a_confirmed_order_is_not_editable(page, live_db_url):
    number = _customer(live_db_url, f"Edit Buyer {uuid.uuid4().hex[:6]}")
    product = _product(live_db_url)
    other = _product(live_db_url, skip=(product.product_id,))
    with _db(live_db_url) as session:
        order = sales.create_sales_order(session, user=_user(session, "manager"), customer_id=number,
                                         status="draft", notes="call first", tax_rate=Decimal("0.0825"),
                                         shipping_cost="5.00",
                                         items=[{"product_id": product.product_id, "quantity": 2}]).order_number
        session.commit()
    reserved = {p.product_id: _stock(live_db_url, p.product_id)[1] for p in (product, other)}
    _signed_in(page)
    page.goto(f"/sales-orders/{order}")
    _wait_text(page, "so-status", "Draft")
    page.get_by_test_id("so-edit").click()
    page.wait_for_url(re.compile(rf".*/sales-orders/{order}/edit/?$"))
    page.get_by_test_id("so-line").wait_for()
    assert page.get_by_test_id("so-customer").is_visible()  # shown, not a picker
    assert page.get_by_test_id("so-change-customer").count() == 0
    assert page.get_by_test_id("so-customer-search").count() == 0
    assert page.get_by_test_id("line-quantity").input_value() == "2"
    assert page.get_by_test_id("so-notes").input_value() == "call first"
    assert page.get_by_test_id("so-ship-city").input_value() == "Springfield"
    assert (page.get_by_test_id("so-tax").input_value(), page.get_by_test_id("so-shipping").input_value()) == (
        "8.25", "5.00")

    page.get_by_test_id("line-quantity").fill("4")
    page.get_by_test_id("so-product-search").fill(other.product_id)
    page.get_by_test_id(f"pick-{other.product_id}").click()
    page.wait_for_function("() => document.querySelectorAll('[data-testid=so-line]').length === 2")
    # A quantity the form accepts but the service refuses: its message lands under that line.
    page.get_by_test_id("line-quantity").nth(1).fill("2000000")
    page.wait_for_function("t => document.querySelectorAll('[data-testid=line-total]')[1]?.innerText === t",
                           arg=money(other.selling_price * 2_000_000))
    page.get_by_test_id("so-save").click()
    page.get_by_text("Nothing was saved: please correct the highlighted fields.").wait_for()
    error = page.get_by_test_id("so-line").nth(1).get_by_test_id("line-quantity-error")
    assert error.inner_text() == "must be a whole number from 1 to 1000000"
    assert page.get_by_test_id("so-line").nth(0).get_by_test_id("line-quantity-error").count() == 0
    assert _lines(live_db_url, order) == [(product.product_id, 2, product.selling_price)]  # nothing saved
    screenshot(page, "so-edit-error")

    page.get_by_test_id("line-quantity").nth(1).fill("3")
    subtotal = product.selling_price * 4 + other.selling_price * 3
    total = subtotal + to_cents(subtotal * Decimal("0.0825")) + Decimal("5.00")
    _wait_text(page, "so-total", money(total))
    screenshot(page, "so-edit-form")
    page.get_by_test_id("so-save-confirm").click()  # the edit and the confirmation, together
    page.wait_for_url(ORDER_URL)
    _wait_text(page, "so-status", "Confirmed")
    page.wait_for_function("() => document.querySelectorAll('[data-testid=so-detail-line]').length === 2")
    rows = page.get_by_test_id("so-detail-line")
    assert [[row.locator("td").nth(i).inner_text().split("\n")[0] for i in (1, 2)] for row in rows.all()] == [
        [product.product_id, "4"], [other.product_id, "3"]]  # product, ordered
    assert page.get_by_test_id("so-total").inner_text() == money(total)
    assert _lines(live_db_url, order) == [(product.product_id, 4, product.selling_price),
                                          (other.product_id, 3, other.selling_price)]
    with _db(live_db_url) as session:
        saved = sales.get_sales_order(session, order_number=order).order
        assert (saved.status, saved.total_amount, saved.notes) == ("confirmed", total, "call first")
    assert _stock(live_db_url, product.product_id)[1] == reserved[product.product_id] + 4
    assert _stock(live_db_url, other.product_id)[1] == reserved[other.product_id] + 3
    screenshot(page, "so-edit-saved")

    # Confirmed: no Edit button, and the edit page sends the user back to the order.
    assert page.get_by_test_id("so-edit").count() == 0
    page.goto(f"/sales-orders/{order}/edit")
    page.get_by_text("only draft or pending orders can be edited").wait_for()
    page.wait_for_url(re.compile(rf".*/sales-orders/{order}/?$"))
    _wait_text(page, "so-status", "Confirmed")
