"""Purchase orders through the real pages: create with a product search, walk the lifecycle with
the buttons the service allows, receive part of a line into stock, role-aware screens."""

import re
from decimal import Decimal

import pytest
from sqlmodel import Session, select

from inventorypulse.db import make_engine
from inventorypulse.models import Lot, Product, ProductSupplier, Supplier, User
from inventorypulse.services import ledger, offers, purchasing
from inventorypulse.services.validation import to_cents
from inventorypulse.ui.format import money
from tests.ui.conftest import DEMO_PASSWORD, login, screenshot

pytestmark = pytest.mark.browser
ORDER_URL = re.compile(r".*/purchase-orders/(PO-[0-9A-Z-]+)/?$")


def _signed_in(page, user: str = "manager") -> None:
    login(page, user, DEMO_PASSWORD)
    page.get_by_test_id("kpi-products").wait_for()


def _db(live_db_url):
    return Session(make_engine(live_db_url))


def _offer(live_db_url, *, tracked: bool) -> tuple[str, str, str, Decimal]:
    """(supplier_id, product_id, product name, offer cost) of an active offer of an active supplier."""
    with _db(live_db_url) as session:
        supplier_id, product_id, name, cost = session.exec(
            select(Supplier.supplier_id, Product.product_id, Product.name, ProductSupplier.cost)
            .join(ProductSupplier, ProductSupplier.supplier_id == Supplier.id)
            .join(Product, Product.id == ProductSupplier.product_id)
            .where(ProductSupplier.is_active, Supplier.status == "active", Product.status == "active",
                   Product.lot_tracking == tracked, ProductSupplier.cost > 1)
            .order_by(Supplier.supplier_id, Product.product_id)
        ).first()
    return supplier_id, product_id, name, cost


def _stock(live_db_url, product_id: str, warehouse: str = "WH-MAIN") -> int:
    with _db(live_db_url) as session:
        product = ledger.get_product(session, product_id)
        return sum(level.on_hand for wh, level in ledger.stock_by_warehouse(session, product) if wh.code == warehouse)


def _order(live_db_url, number: str):
    with _db(live_db_url) as session:
        return purchasing.get_purchase_order(session, order_number=number)


def _actions(page) -> set[str]:
    return {t.removeprefix("po-action-") for t in page.locator("[data-testid^=po-action-]").evaluate_all(
        "els => els.map(e => e.dataset.testid)")}


def _wait_status(page, status: str) -> None:
    page.wait_for_function("s => document.querySelector('[data-testid=po-status]')?.innerText.toLowerCase() === s",
                           arg=status.replace("_", " "))


def test_create_send_ship_and_receive_part_of_a_line(page, live_db_url):
    supplier_id, product_id, name, cost = _offer(live_db_url, tracked=False)
    _signed_in(page)
    page.goto("/purchase-orders")
    page.get_by_test_id("new-po").click()
    page.wait_for_url(re.compile(r".*/purchase-orders/new/?$"))

    page.get_by_test_id("po-supplier").click()
    page.get_by_role("option", name=re.compile(supplier_id)).click()
    page.get_by_test_id("po-supplier-info").wait_for()
    page.get_by_test_id("po-product-search").fill(name.split(",")[0])
    page.get_by_test_id(f"pick-{product_id}").click()
    line = page.get_by_test_id("po-line")
    line.wait_for()
    assert page.get_by_test_id("line-unit-cost").input_value() == str(cost)  # the supplier's offer
    assert page.get_by_test_id("line-cost-source").inner_text() == "supplier offer"

    page.get_by_test_id("line-quantity").fill("10")
    line_total = money(to_cents(cost * 10))
    page.wait_for_function("t => document.querySelector('[data-testid=line-total]')?.innerText === t", arg=line_total)
    assert page.get_by_test_id("po-subtotal").inner_text() == line_total
    page.get_by_test_id("po-shipping").fill("12.50")
    total = money(to_cents(cost * 10) + Decimal("12.50"))
    page.wait_for_function("t => document.querySelector('[data-testid=po-total]')?.innerText === t", arg=total)
    screenshot(page, "po-new")

    page.get_by_test_id("create-po").click()
    page.wait_for_url(ORDER_URL)
    number = ORDER_URL.match(page.url).group(1)
    _wait_status(page, "draft")
    saved = _order(live_db_url, number)
    assert saved.order.total_amount == to_cents(cost * 10) + Decimal("12.50")
    assert [(p.product_id, ln.quantity_ordered, ln.unit_cost) for ln, p in saved.lines] == [(product_id, 10, cost)]

    # Only the transitions the service allows are offered, one step at a time.
    for step, then in (("sent", "sent"), ("acknowledged", "acknowledged"), ("shipped", "shipped")):
        assert _actions(page) == set(purchasing.allowed_transitions(_order(live_db_url, number).order.status))
        page.get_by_test_id(f"po-action-{step}").click()
        _wait_status(page, then)
    assert _actions(page) == {"cancelled"}
    screenshot(page, "po-shipped")

    before = _stock(live_db_url, product_id)
    page.get_by_test_id("receive-line-1").click()
    page.get_by_test_id("receive-dialog").wait_for()
    page.get_by_test_id("receive-quantity").fill("4")
    page.wait_for_function("() => document.querySelector('[data-testid=receive-preview-adds]')?.innerText"
                           ".startsWith('+4 ')")
    assert page.get_by_test_id("receive-preview-stock").inner_text() == f"{before:,} → {before + 4:,}"
    assert page.get_by_test_id("receive-preview-order").inner_text() == "partially received"
    assert "4 of 10 received, 6 outstanding" == page.get_by_test_id("receive-preview-line").inner_text()
    screenshot(page, "po-receive-dialog")
    page.emulate_media(color_scheme="dark")
    screenshot(page, "po-receive-dialog-dark")
    page.emulate_media(color_scheme="light")
    page.get_by_test_id("confirm-receive").click()
    _wait_status(page, "partially_received")
    page.get_by_test_id("po-receipt").wait_for()
    assert page.locator("[data-testid=line-remaining]").inner_text() == "6"
    assert _stock(live_db_url, product_id) == before + 4
    assert _order(live_db_url, number).order.status == "partially_received"
    assert _actions(page) == set()  # partly in stock: no cancelling, only receiving the rest
    screenshot(page, "po-partially-received")


def test_new_order_link_prefills_supplier_and_line(page, live_db_url):
    supplier_id, product_id, _name, cost = _offer(live_db_url, tracked=False)
    _signed_in(page)
    page.goto(f"/purchase-orders/new?supplier={supplier_id}&product={product_id}&quantity=7")
    page.get_by_test_id("po-line").wait_for()
    assert supplier_id in page.get_by_test_id("po-supplier").inner_text()
    assert page.get_by_test_id("line-quantity").input_value() == "7"
    assert page.get_by_test_id("line-unit-cost").input_value() == str(cost)
    assert page.get_by_test_id("line-total").inner_text() == money(to_cents(cost * 7))
    screenshot(page, "po-new-prefilled")
    page.emulate_media(color_scheme="dark")
    screenshot(page, "po-new-prefilled-dark")

    # Only a product (an alert's link): the best-scored supplier is chosen for it.
    with _db(live_db_url) as session:
        best = offers.best_supplier(session, product_id=product_id, quantity=5).recommended.candidate
    page.goto(f"/purchase-orders/new?product={product_id}&quantity=5")
    page.wait_for_function("() => document.querySelector('[data-testid=line-quantity]')?.value === '5'")
    assert best.supplier_id in page.get_by_test_id("po-supplier").inner_text()
    assert page.get_by_test_id("line-unit-cost").input_value() == str(best.cost)


def test_receiving_a_tracked_product_asks_for_lot_and_expiry(page, live_db_url):
    supplier_id, product_id, _name, _cost = _offer(live_db_url, tracked=True)
    with _db(live_db_url) as session:
        manager = session.exec(select(User).where(User.username == "manager")).one()
        order = purchasing.create_purchase_order(session, supplier_id=supplier_id, user=manager,
                                                 lines=[{"product_id": product_id, "quantity_ordered": 5}])
        number = order.order_number
        purchasing.transition_purchase_order(session, order_number=number, status="sent", user=manager)
        session.commit()

    _signed_in(page, "staff")  # staff receive goods but do not manage orders
    page.goto(f"/purchase-orders/{number}")
    _wait_status(page, "sent")
    assert _actions(page) == set()
    page.get_by_test_id("receive-line-1").click()
    page.get_by_test_id("receive-lot").wait_for()
    page.get_by_test_id("receive-quantity").fill("5")
    page.get_by_test_id("confirm-receive").click()
    page.get_by_test_id("error-lot_number").wait_for()
    assert "lot-tracked" in page.get_by_test_id("error-lot_number").inner_text()
    assert "expiry" in page.get_by_test_id("error-expiration_date").inner_text()
    screenshot(page, "po-receive-lot-required")

    page.get_by_test_id("receive-lot").fill("LOT-UI-1")
    page.get_by_test_id("receive-expiry").fill("2031-05-31")
    assert page.get_by_test_id("receive-preview-order").inner_text() == "received"
    page.get_by_test_id("confirm-receive").click()
    _wait_status(page, "received")
    with _db(live_db_url) as session:
        lot = session.exec(select(Lot).where(Lot.lot_number == "LOT-UI-1")).one()
        assert lot.quantity == 5 and str(lot.expiry_date) == "2031-05-31"


def test_list_tabs_and_filters_are_in_the_url(page, live_db_url):
    with _db(live_db_url) as session:
        counts = purchasing.count_by_status(session)
    _signed_in(page)
    page.goto("/purchase-orders?status=open")
    page.get_by_test_id("po-row").first.wait_for()
    assert page.get_by_test_id("po-tab-open").get_attribute("data-state") == "active"
    page.get_by_test_id("po-tab-draft").click()
    page.wait_for_url(re.compile(r".*\?status=draft$"))
    page.wait_for_function(
        "n => document.querySelectorAll('[data-testid=po-row]').length === n", arg=min(counts["draft"], 25))
    statuses = page.locator("[data-testid=po-row] td:nth-child(3)").all_inner_texts()
    assert statuses and set(statuses) == {"Draft"}

    page.get_by_test_id("po-from").fill("2000-01-01")
    page.wait_for_url(re.compile(r".*status=draft.*from=2000-01-01.*"))
    page.reload()
    page.get_by_test_id("po-row").first.wait_for()
    assert page.get_by_test_id("po-tab-draft").get_attribute("data-state") == "active"
    assert page.get_by_test_id("po-from").input_value() == "2000-01-01"
    screenshot(page, "po-list-filtered")
    page.emulate_media(color_scheme="dark")
    screenshot(page, "po-list-filtered-dark")


def test_readonly_user_sees_no_buttons_that_change_orders(page, live_db_url):
    with _db(live_db_url) as session:
        shipped = purchasing.list_purchase_orders(session, status="shipped", limit=1).items[0][0].order_number
        draft = purchasing.list_purchase_orders(session, status="draft", limit=1).items[0][0].order_number
    _signed_in(page, "viewer")
    page.goto("/purchase-orders")
    page.get_by_test_id("po-row").first.wait_for()
    assert page.get_by_test_id("new-po").count() == 0
    page.goto(f"/purchase-orders/{shipped}")
    _wait_status(page, "shipped")
    assert _actions(page) == set()
    assert page.locator("[data-testid^=receive-line-]").count() == 0
    screenshot(page, "po-detail-readonly")
    page.goto("/purchase-orders/new")
    page.wait_for_url(re.compile(r".*/purchase-orders/?$"))
    page.get_by_text("Your role may not create purchase orders.").wait_for()

    # A draft: no Edit button for a viewer, and its edit page sends them back to the order.
    page.goto(f"/purchase-orders/{draft}")
    _wait_status(page, "draft")
    assert page.get_by_test_id("po-edit").count() == 0
    page.goto(f"/purchase-orders/{draft}/edit")
    page.get_by_text("Your role may not edit purchase orders.").wait_for()
    page.wait_for_url(re.compile(rf".*/purchase-orders/{draft}/?$"))


def _other_offer(live_db_url, supplier_id: str, skip: str) -> tuple[str, Decimal]:
    """(product_id, offer cost) of another active offer of the same supplier."""
    with _db(live_db_url) as session:
        return session.exec(
            select(Product.product_id, ProductSupplier.cost)
            .join(ProductSupplier, ProductSupplier.product_id == Product.id)
            .join(Supplier, Supplier.id == ProductSupplier.supplier_id)
            .where(Supplier.supplier_id == supplier_id, ProductSupplier.is_active, Product.status == "active",
                   Product.product_id != skip, ProductSupplier.cost > 1)
            .order_by(Product.product_id)
        ).first()


def _draft(live_db_url, supplier_id: str, product_id: str, quantity: int) -> str:
    with _db(live_db_url) as session:
        manager = session.exec(select(User).where(User.username == "manager")).one()
        number = purchasing.create_purchase_order(
            session, supplier_id=supplier_id, user=manager, notes="edit me", tax_rate=Decimal("0.08"),
            shipping_cost="12.50", lines=[{"product_id": product_id, "quantity_ordered": quantity}]).order_number
        session.commit()
    return number


def _saved_lines(live_db_url, number: str) -> list[tuple[str, int, Decimal]]:
    return [(p.product_id, ln.quantity_ordered, ln.unit_cost) for ln, p in _order(live_db_url, number).lines]


def test_edit_a_draft_then_a_sent_order_is_no_longer_editable(page, live_db_url):
    supplier_id, product_id, _name, cost = _offer(live_db_url, tracked=False)
    other_id, other_cost = _other_offer(live_db_url, supplier_id, product_id)
    number = _draft(live_db_url, supplier_id, product_id, 3)
    _signed_in(page)
    page.goto(f"/purchase-orders/{number}")
    _wait_status(page, "draft")
    page.get_by_test_id("po-edit").click()
    page.wait_for_url(re.compile(rf".*/purchase-orders/{number}/edit/?$"))
    page.get_by_test_id("po-line").wait_for()
    assert supplier_id in page.get_by_test_id("po-supplier-fixed").inner_text()  # shown, not a picker
    assert page.get_by_test_id("po-supplier").count() == 0
    assert page.get_by_test_id("line-quantity").input_value() == "3"
    assert page.get_by_test_id("line-unit-cost").input_value() == str(cost)
    assert page.get_by_test_id("po-notes").input_value() == "edit me"
    assert (page.get_by_test_id("po-tax").input_value(), page.get_by_test_id("po-shipping").input_value()) == (
        "8", "12.50")  # the stored tax amount as the rate that gave it

    page.get_by_test_id("line-quantity").fill("8")
    page.get_by_test_id("po-product-search").fill(other_id)
    page.get_by_test_id(f"pick-{other_id}").click()
    page.wait_for_function("() => document.querySelectorAll('[data-testid=po-line]').length === 2")
    # A quantity the form accepts but the service refuses: its message lands under that line.
    page.get_by_test_id("line-quantity").nth(1).fill("2000000")
    page.wait_for_function("t => document.querySelectorAll('[data-testid=line-total]')[1]?.innerText === t",
                           arg=money(to_cents(other_cost * 2_000_000)))
    page.get_by_test_id("save-po").click()
    page.get_by_text("Please correct the highlighted fields.").wait_for()
    error = page.get_by_test_id("po-line").nth(1).get_by_test_id("line-quantity-error")
    assert error.inner_text() == "must be 1000000 or less"
    assert page.get_by_test_id("po-line").nth(0).get_by_test_id("line-quantity-error").count() == 0
    assert _saved_lines(live_db_url, number) == [(product_id, 3, cost)]  # nothing saved
    assert page.url.rstrip("/").endswith("/edit")
    screenshot(page, "po-edit-error")

    page.get_by_test_id("line-quantity").nth(1).fill("5")
    subtotal = to_cents(cost * 8) + to_cents(other_cost * 5)
    total = subtotal + to_cents(subtotal * Decimal("0.08")) + Decimal("12.50")
    page.wait_for_function("t => document.querySelector('[data-testid=po-total]')?.innerText === t", arg=money(total))
    screenshot(page, "po-edit-form")
    page.get_by_test_id("save-po").click()
    page.wait_for_url(ORDER_URL)
    _wait_status(page, "draft")
    page.wait_for_function("() => document.querySelectorAll('[data-testid=po-detail-line]').length === 2")
    rows = page.get_by_test_id("po-detail-line")
    assert [[row.locator("td").nth(i).inner_text().split("\n")[0] for i in (1, 2, 6)] for row in rows.all()] == [
        [product_id, "8", money(cost)], [other_id, "5", money(other_cost)]]  # product, ordered, unit cost
    assert page.get_by_test_id("po-total").inner_text() == money(total)
    assert _saved_lines(live_db_url, number) == [(product_id, 8, cost), (other_id, 5, other_cost)]
    assert _order(live_db_url, number).order.total_amount == total
    screenshot(page, "po-edit-saved")

    # Sent: no Edit button, and the edit page sends the user back to the order.
    page.get_by_test_id("po-action-sent").click()
    _wait_status(page, "sent")
    assert page.get_by_test_id("po-edit").count() == 0
    page.goto(f"/purchase-orders/{number}/edit")
    page.get_by_text("only draft orders can be edited").wait_for()
    page.wait_for_url(re.compile(rf".*/purchase-orders/{number}/?$"))
    _wait_status(page, "sent")
