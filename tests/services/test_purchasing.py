"""Purchase orders as a service: numbers, costs, totals, editing, the lifecycle, receiving into stock."""

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
from sqlmodel import select

from inventorypulse.db import session_scope
from inventorypulse.models import (
    AuditLog,
    ProductSupplier,
    PurchaseOrder,
    PurchaseOrderLine,
    StockLevel,
    StockMovement,
)
from inventorypulse.models.base import utcnow
from inventorypulse.services import purchasing
from inventorypulse.services.errors import (
    Conflict,
    InvalidTransition,
    NotFound,
    PermissionDenied,
    ValidationFailed,
)
from tests.factories import make_product, make_supplier, make_user, make_warehouse

YEAR = utcnow().year
STATUSES = ["draft", "sent", "acknowledged", "shipped", "partially_received", "received", "cancelled"]
# The lifecycle, written out independently of the code under test.
LEGAL = {
    "draft": ["sent", "cancelled"],
    "sent": ["acknowledged", "shipped", "cancelled"],
    "acknowledged": ["shipped", "cancelled"],
    "shipped": ["cancelled"],
    "partially_received": [],
    "received": [],
    "cancelled": [],
}


def make_world():
    with session_scope() as s:
        main = make_warehouse(s, "WH-MAIN")
        east = make_warehouse(s, "WH-EAST", default=False)
        supplier = make_supplier(s, lead_time_days=7)
        other = make_supplier(s)
        offered = make_product(s, supplier=supplier)  # offer cost set below
        plain = make_product(s, cost_price=Decimal("10.00"))  # no offer from `supplier`
        lotted = make_product(s, supplier=supplier, lot_tracking=True)
        gone = make_product(s, status="discontinued")
        offer = s.exec(select(ProductSupplier).where(ProductSupplier.product_id == offered.id)).one()
        offer.cost, offer.lead_time_days = Decimal("12.34"), 10
        s.add(offer)
        users = {role: make_user(s, role) for role in ("admin", "manager", "staff", "readonly")}
    return dict(main=main, east=east, supplier=supplier, other=other, offered=offered, plain=plain,
                lotted=lotted, gone=gone, **users)


@pytest.fixture
def w(db):
    return make_world()


def create(w, lines=None, **kw):
    lines = lines or [{"product_id": w["offered"].product_id, "quantity_ordered": 10},
                      {"product_id": w["plain"].product_id, "quantity_ordered": 5, "unit_cost": Decimal("2.50")}]
    with session_scope() as s:
        return purchasing.create_purchase_order(s, supplier_id=w["supplier"].supplier_id, lines=lines,
                                                user=w["manager"], **kw)


def move(w, number, *statuses):
    for status in statuses:
        with session_scope() as s:
            purchasing.transition_purchase_order(s, order_number=number, status=status, user=w["manager"])


def receive(w, number, receipts, user="staff", **kw):
    with session_scope() as s:
        return purchasing.receive_purchase_order(s, order_number=number, receipts=receipts, user=w[user], **kw)


def load(number):
    with session_scope() as s:
        po = s.exec(select(PurchaseOrder).where(PurchaseOrder.order_number == number)).one()
        lines = s.exec(select(PurchaseOrderLine).where(PurchaseOrderLine.purchase_order_id == po.id)
                       .order_by(PurchaseOrderLine.line_no)).all()
        return po, lines


def on_hand(product, warehouse) -> int:
    with session_scope() as s:
        level = s.exec(select(StockLevel).where(StockLevel.product_id == product.id,
                                                StockLevel.warehouse_id == warehouse.id)).first()
        return level.on_hand if level else 0


def movements(number):
    with session_scope() as s:
        return s.exec(select(StockMovement).where(StockMovement.reference_id == number)
                      .order_by(StockMovement.id)).all()


def fields(exc) -> dict[str, str]:
    return exc.value.field_errors()


# --- creating -------------------------------------------------------------------------------------


def test_numbers_are_generated_in_sequence(w):
    assert create(w).order_number == f"PO-{YEAR}-000001"
    assert create(w).order_number == f"PO-{YEAR}-000002"


def test_given_number_is_upper_cased_unique_and_skipped_by_the_generator(w):
    assert create(w, order_number=f"po-{YEAR}-000001").order_number == f"PO-{YEAR}-000001"
    with pytest.raises(Conflict, match="already exists") as exc:
        create(w, order_number=f"PO-{YEAR}-000001")
    assert fields(exc) == {"order_number": "already exists"}
    assert create(w).order_number == f"PO-{YEAR}-000002"  # 000001 is taken, the sequence moves on
    with pytest.raises(ValidationFailed) as exc:
        create(w, order_number="PO 7!")
    assert "order_number" in fields(exc)


def test_costs_default_from_offer_then_product_and_totals_are_exact(w):
    order_date = datetime(YEAR, 3, 1, 9, 0, tzinfo=UTC)
    po = create(w, order_date=order_date, tax_rate=Decimal("0.0825"), shipping_cost=Decimal("15.00"),
                lines=[{"product_id": w["offered"].product_id.lower(), "quantity_ordered": 3},
                       {"product_id": w["plain"].product_id, "quantity_ordered": 7},
                       {"product_id": w["lotted"].product_id, "quantity_ordered": 4, "unit_cost": "2.50",
                        "notes": "pallet"}])
    po, lines = load(po.order_number)
    assert [(ln.line_no, ln.unit_cost, ln.line_total) for ln in lines] == [
        (1, Decimal("12.34"), Decimal("37.02")),  # the supplier's offer
        (2, Decimal("10.00"), Decimal("70.00")),  # no offer: the product's cost price
        (3, Decimal("2.50"), Decimal("10.00")),  # given
    ]
    # 117.02 subtotal; 8.25% tax = 9.65415 -> 9.65; + 15.00 shipping
    assert (po.subtotal, po.tax_amount, po.shipping_cost, po.total_amount) == (
        Decimal("117.02"), Decimal("9.65"), Decimal("15.00"), Decimal("141.67"))
    assert po.status == "draft" and po.currency == "USD" and po.created_by == w["manager"].id
    assert po.expected_delivery_date == order_date + timedelta(days=10)  # longest lead time: the offer's 10 days
    assert (po.ship_to_name, lines[2].notes) == ("Warehouse WH-MAIN", "pallet")  # default warehouse
    with session_scope() as s:
        row = s.exec(select(AuditLog).where(AuditLog.entity_id == po.order_number)).one()
    assert row.action == "create" and row.user_id == w["manager"].id and row.changes["total_amount"] == "141.67"


def test_explicit_tax_amount_and_address(w):
    po = create(w, tax_amount=Decimal("4.00"),
                shipping_address={"name": "Dock 2", "city": "Leeds", "country": "gb"})
    po, _ = load(po.order_number)
    assert (po.subtotal, po.tax_amount, po.total_amount) == (Decimal("135.90"), Decimal("4.00"), Decimal("139.90"))
    assert (po.ship_to_name, po.ship_to_city, po.ship_to_country, po.ship_to_street) == ("Dock 2", "Leeds", "GB", None)


def test_every_bad_field_is_named_and_nothing_is_written(w):
    p = w["offered"].product_id
    with pytest.raises(ValidationFailed) as exc:
        create(w, order_date=datetime(YEAR, 5, 1, tzinfo=UTC), expected_delivery_date=datetime(YEAR, 4, 1, tzinfo=UTC),
               notes="x" * 1001, tax_amount="1", tax_rate="0.1", lines=[
                   {"product_id": p, "quantity_ordered": 0},
                   {"product_id": "PRD-NOPE-01", "quantity_ordered": 1},
                   {"product_id": w["gone"].product_id, "quantity_ordered": 1},
                   {"product_id": p, "quantity_ordered": 2},
                   {"product_id": w["plain"].product_id, "quantity_ordered": 2.5, "unit_cost": "1.234",
                    "notes": "n" * 201},
               ])
    errors = fields(exc)
    assert errors["items[0].quantity_ordered"] == "must be 1 or more"
    assert errors["items[1].product_id"] == "product PRD-NOPE-01 not found"
    assert "discontinued" in errors["items[2].product_id"]
    assert "already on items[0]" in errors["items[3].product_id"]
    assert errors["items[4].quantity_ordered"] == "must be a whole number"
    assert errors["items[4].unit_cost"] == "must have at most 2 decimal places"
    assert "items[4].notes" in errors and "notes" in errors and "tax_rate" in errors
    assert errors["expected_delivery_date"] == "must be on or after order_date"
    with session_scope() as s:
        assert s.exec(select(PurchaseOrder)).all() == []


def test_supplier_must_exist_and_be_active_and_lines_are_required(w):
    with pytest.raises(ValidationFailed) as exc, session_scope() as s:
        purchasing.create_purchase_order(s, supplier_id="SUP-NONE", lines=[], user=w["manager"])
    assert fields(exc) == {"supplier_id": "supplier SUP-NONE not found", "items": "must have at least one line"}
    with session_scope() as s:
        make_supplier(s, supplier_id="SUP-OFF", status="inactive")
    with pytest.raises(ValidationFailed, match="inactive") as exc, session_scope() as s:
        purchasing.create_purchase_order(s, supplier_id="sup-off", user=w["manager"],
                                         lines=[{"product_id": w["plain"].product_id, "quantity_ordered": 1}])
    assert list(fields(exc)) == ["supplier_id"]


def test_offer_in_another_currency_needs_an_explicit_cost(w):
    with pytest.raises(ValidationFailed) as exc:
        create(w, currency="EUR", lines=[{"product_id": w["offered"].product_id, "quantity_ordered": 1}])
    assert "offer is in USD" in fields(exc)["items[0].unit_cost"]
    assert create(w, currency="EUR", lines=[{"product_id": w["offered"].product_id, "quantity_ordered": 1,
                                             "unit_cost": "11.00"}]).currency == "EUR"


def test_staff_and_readonly_cannot_create(w):
    for role in ("staff", "readonly"):
        with pytest.raises(PermissionDenied), session_scope() as s:
            purchasing.create_purchase_order(s, supplier_id=w["supplier"].supplier_id, user=w[role],
                                             lines=[{"product_id": w["plain"].product_id, "quantity_ordered": 1}])


# --- editing --------------------------------------------------------------------------------------


def test_draft_edit_replaces_lines_and_recomputes_totals(w):
    number = create(w, tax_rate="0.10").order_number
    with session_scope() as s:
        result = purchasing.update_purchase_order(s, order_number=number, user=w["manager"], changes={
            "items": [{"product_id": w["plain"].product_id, "quantity_ordered": 3, "unit_cost": "4.00"}],
            "shipping_cost": "5.00", "notes": "revised", "tax_rate": "0.10"})
    assert result.updated_fields == ["items", "shipping_cost", "notes", "tax_rate"]
    po, lines = load(number)
    assert [(ln.line_no, ln.quantity_ordered, ln.line_total) for ln in lines] == [(1, 3, Decimal("12.00"))]
    assert (po.subtotal, po.tax_amount, po.shipping_cost, po.total_amount) == (
        Decimal("12.00"), Decimal("1.20"), Decimal("5.00"), Decimal("18.20"))
    with session_scope() as s:
        row = s.exec(select(AuditLog).where(AuditLog.entity_id == number, AuditLog.action == "update")).one()
    assert row.changes["total_amount"] == {"from": "149.49", "to": "18.20"} and "lines" in row.changes


def test_unchanged_values_are_not_reported(w):
    number = create(w, notes="same").order_number
    with session_scope() as s:
        result = purchasing.update_purchase_order(s, order_number=number, user=w["manager"],
                                                  changes={"notes": "same"})
    assert result.updated_fields == []


def test_only_drafts_can_be_edited_but_status_still_moves(w):
    number = create(w).order_number
    with session_scope() as s:
        result = purchasing.update_purchase_order(s, order_number=number, user=w["manager"],
                                                  changes={"notes": "go", "status": "sent"})
    assert result.updated_fields == ["notes", "status"] and result.order.status == "sent"
    with pytest.raises(Conflict, match="is sent: only draft orders can be edited") as exc, session_scope() as s:
        purchasing.update_purchase_order(s, order_number=number, user=w["manager"], changes={"notes": "late"})
    assert list(fields(exc)) == ["notes"]
    with pytest.raises(InvalidTransition, match="Allowed: acknowledged, shipped, cancelled"), session_scope() as s:
        purchasing.update_purchase_order(s, order_number=number, user=w["manager"], changes={"status": "draft"})
    assert load(number)[0].notes == "go"


def test_receiving_by_editing_is_refused(w):
    number = create(w).order_number
    move(w, number, "sent")
    with pytest.raises(ValidationFailed) as exc, session_scope() as s:
        purchasing.update_purchase_order(s, order_number=number, user=w["manager"], changes={
            "items": [{"product_id": w["offered"].product_id, "quantity_received": 10}]})
    assert f"/api/orders/purchase/{number}/receive" in fields(exc)["items[0].quantity_received"]
    assert [ln.quantity_received for ln in load(number)[1]] == [0, 0]


def test_supplier_cannot_be_changed_and_dates_are_checked(w):
    number = create(w, order_date=datetime(YEAR, 2, 1, tzinfo=UTC)).order_number
    with pytest.raises(ValidationFailed) as exc, session_scope() as s:
        purchasing.update_purchase_order(s, order_number=number, user=w["manager"], changes={
            "supplier_id": w["other"].supplier_id, "expected_delivery_date": datetime(YEAR, 1, 1)})
    assert "supplier_id" in fields(exc)
    with pytest.raises(ValidationFailed) as exc, session_scope() as s:
        purchasing.update_purchase_order(s, order_number=number, user=w["manager"],
                                         changes={"expected_delivery_date": datetime(YEAR, 1, 1)})
    assert fields(exc) == {"expected_delivery_date": "must be on or after order_date"}


# --- lifecycle ------------------------------------------------------------------------------------


def force_status(number: str, status: str) -> None:
    """Put an order straight into `status` (partially received ones get something received)."""
    with session_scope() as s:
        po = s.exec(select(PurchaseOrder).where(PurchaseOrder.order_number == number)).one()
        po.status = status
        if status in ("partially_received", "received"):
            for line in s.exec(select(PurchaseOrderLine).where(PurchaseOrderLine.purchase_order_id == po.id)):
                line.quantity_received = 1 if status == "partially_received" else line.quantity_ordered
                s.add(line)
        s.add(po)


@pytest.mark.parametrize("source", STATUSES)
def test_transition_table(w, source):
    for target in STATUSES:
        number = create(w).order_number
        force_status(number, source)
        if target in LEGAL[source]:
            with session_scope() as s:
                result = purchasing.transition_purchase_order(s, order_number=number, status=target, user=w["manager"])
            assert (result.previous_status, result.order.status) == (source, target)
            assert result.allowed_transitions == LEGAL[target]
            with session_scope() as s:
                row = s.exec(select(AuditLog).where(AuditLog.entity_id == number,
                                                    AuditLog.action == "status_change")).one()
            assert row.changes["status"] == {"from": source, "to": target}
        else:
            allowed = ", ".join(LEGAL[source]) or "none"
            with pytest.raises(InvalidTransition) as exc, session_scope() as s:
                purchasing.transition_purchase_order(s, order_number=number, status=target, user=w["manager"])
            assert exc.value.message.startswith(f"Cannot go from {source} to {target}. Allowed: {allowed}.")
            assert load(number)[0].status == source


def test_receipt_statuses_point_to_receiving_and_partial_orders_cannot_be_cancelled(w):
    number = create(w).order_number
    move(w, number, "sent", "shipped")
    with pytest.raises(InvalidTransition, match=f"/api/orders/purchase/{number}/receive"):
        move(w, number, "received")
    receive(w, number, [{"line_no": 1, "quantity": 1}])
    with pytest.raises(InvalidTransition, match="already in stock"):
        move(w, number, "cancelled")


def test_sending_records_approver_time_and_offer_last_order_date(w):
    number = create(w).order_number
    before = utcnow()
    move(w, number, "sent")
    po, _ = load(number)
    assert po.approved_by == w["manager"].id and po.sent_at >= before
    with session_scope() as s:
        offer = s.exec(select(ProductSupplier).where(ProductSupplier.product_id == w["offered"].id)).one()
    assert offer.last_order_date >= before


def test_confirmed_is_accepted_for_acknowledged_and_unknown_status_is_named(w):
    number = create(w).order_number
    move(w, number, "sent", "confirmed")
    assert load(number)[0].status == "acknowledged"
    with session_scope() as s:
        page = purchasing.list_purchase_orders(s, status="confirmed")
    assert [po.order_number for po, _ in page.items] == [number]
    with pytest.raises(ValidationFailed) as exc, session_scope() as s:
        purchasing.transition_purchase_order(s, order_number=number, status="lost", user=w["manager"])
    assert list(fields(exc)) == ["status"]
    with pytest.raises(NotFound), session_scope() as s:
        purchasing.transition_purchase_order(s, order_number="PO-NOPE", status="sent", user=w["manager"])


def test_staff_cannot_change_status(w):
    number = create(w).order_number
    with pytest.raises(PermissionDenied), session_scope() as s:
        purchasing.transition_purchase_order(s, order_number=number, status="sent", user=w["staff"])


def test_list_filters_and_dates(w):
    a = create(w, order_date=datetime(YEAR, 1, 10, tzinfo=UTC)).order_number
    b = create(w, order_date=datetime(YEAR, 2, 10, tzinfo=UTC)).order_number
    move(w, b, "sent")
    with session_scope() as s:
        page = purchasing.list_purchase_orders(s, status="draft")
        assert [po.order_number for po, _ in page.items] == [a]
        page = purchasing.list_purchase_orders(s, supplier_id=w["supplier"].supplier_id.lower(),
                                               start_date=date(YEAR, 2, 1))
        assert [po.order_number for po, _ in page.items] == [b]
        assert purchasing.list_purchase_orders(s, supplier_id=w["other"].supplier_id).total == 0
        with pytest.raises(ValidationFailed):
            purchasing.list_purchase_orders(s, start_date=date(YEAR, 2, 1), end_date=date(YEAR, 1, 1))
