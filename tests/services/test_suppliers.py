"""Suppliers as a service: validation, uniqueness, updates, deactivation and performance figures."""

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from sqlmodel import Session, select

from inventorypulse.models import AuditLog, ProductSupplier, PurchaseOrder, PurchaseOrderLine, Supplier
from inventorypulse.services import suppliers
from inventorypulse.services.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from tests.factories import make_product, make_supplier, make_user

GOOD = {
    "company_name": "New Tech Components", "display_name": "NTC", "primary_contact": "Alice Wonderland",
    "email": "Alice@NTC.example", "phone": "+15553334444", "street": "789 Innovation Drive",
    "city": "Future Town", "state": "TX", "postal_code": "78701", "country": "us", "lead_time_days": 14,
    "payment_terms": 45, "currency": "usd", "minimum_order_value": Decimal("100.00"),
}


@pytest.fixture
def session(engine):
    with Session(engine) as s:
        yield s


@pytest.fixture
def manager(session):
    return make_user(session, "manager")


def test_create_normalises_generates_id_and_audits(session, manager):
    supplier = suppliers.create_supplier(session, data=GOOD, user=manager)
    assert supplier.supplier_id.startswith("SUP-") and len(supplier.supplier_id) == 8
    assert (supplier.country, supplier.currency, supplier.email) == ("US", "USD", "alice@ntc.example")
    assert supplier.rating == Decimal("3.0") and supplier.status == "active" and supplier.preferred is False
    assert supplier.created_by == manager.id
    row = session.exec(select(AuditLog).where(AuditLog.entity_id == supplier.supplier_id)).one()
    assert (row.action, row.entity_type, row.user_id) == ("create", "supplier", manager.id)
    assert row.changes["company_name"] == "New Tech Components"
    second = suppliers.create_supplier(session, data=GOOD | {"email": "b@ntc.example"}, user=manager)
    assert second.supplier_id != supplier.supplier_id


def test_generated_id_skips_ids_already_taken(session, manager):
    make_supplier(session, supplier_id="SUP-0001")
    make_supplier(session, supplier_id="SUP-0002")
    created = suppliers.create_supplier(session, data=GOOD, user=manager)
    assert created.supplier_id == "SUP-0003"


def test_every_bad_field_is_reported_at_once(session, manager):
    bad = {
        "supplier_id": "a b", "company_name": "", "display_name": "x" * 101, "primary_contact": None,
        "email": "not-an-email", "phone": "555-1234", "alternative_phone": "+0123", "website": "ftp://x.example",
        "street": " ", "city": "C", "state": "S", "postal_code": "1", "country": "USA", "payment_terms": -1,
        "currency": "dollars", "lead_time_days": 0, "minimum_order_value": Decimal("1.234"), "rating": 6,
        "on_time_delivery_rate": 100.5, "quality_score": 0, "status": "closed", "notes": "n" * 1001,
    }
    with pytest.raises(ValidationFailed) as err:
        suppliers.create_supplier(session, data=bad, user=manager)
    fields = set(err.value.field_errors())
    assert fields == {
        "supplier_id", "company_name", "display_name", "contact.primary_contact", "contact.email", "contact.phone",
        "contact.alternative_phone", "contact.website", "address.street", "address.country",
        "business_info.payment_terms", "business_info.currency", "business_info.lead_time_days",
        "business_info.minimum_order_value", "rating", "on_time_delivery_rate", "quality_score", "status", "notes",
    }
    assert "E.164" in err.value.field_errors()["contact.phone"]
    assert session.exec(select(Supplier)).all() == []


def test_missing_required_fields_are_named(session, manager):
    with pytest.raises(ValidationFailed) as err:
        suppliers.create_supplier(session, data={"company_name": "Only a name"}, user=manager)
    assert set(err.value.field_errors()) == {
        "contact.primary_contact", "contact.email", "contact.phone", "address.street", "address.city",
        "address.state", "address.postal_code", "address.country", "business_info.lead_time_days",
    }


def test_duplicate_id_and_email_are_conflicts_naming_the_field(session, manager):
    existing = make_supplier(session, supplier_id="SUP-OLD", email="sales@old.example")
    with pytest.raises(Conflict) as err:
        suppliers.create_supplier(session, data=GOOD | {"supplier_id": "sup-old", "email": "SALES@old.example"},
                                  user=manager)
    assert set(err.value.field_errors()) == {"supplier_id", "contact.email"}
    assert "sales@old.example" in err.value.message and existing.supplier_id in err.value.message


def test_staff_may_not_write(session):
    with pytest.raises(PermissionDenied):
        suppliers.create_supplier(session, data=GOOD, user=make_user(session, "staff"))


def test_partial_update_touches_only_given_fields(session, manager):
    supplier = make_supplier(session)
    other = make_supplier(session, email="taken@x.example")
    result = suppliers.update_supplier(session, supplier_id=supplier.supplier_id.lower(), user=manager,
                                       changes={"phone": "+442071234567", "lead_time_days": 3, "city": "Springfield"})
    assert result.updated_fields == ["phone", "lead_time_days"]  # city did not change
    assert (supplier.phone, supplier.lead_time_days, supplier.company_name) == ("+442071234567", 3,
                                                                                supplier.company_name)
    row = session.exec(select(AuditLog).where(AuditLog.action == "update")).one()
    assert row.changes["lead_time_days"] == {"from": 7, "to": 3}

    with pytest.raises(Conflict) as err:
        suppliers.update_supplier(session, supplier_id=supplier.supplier_id, user=manager,
                                  changes={"email": other.email.upper()})
    assert "contact.email" in err.value.field_errors()
    with pytest.raises(ValidationFailed) as err:
        suppliers.update_supplier(session, supplier_id=supplier.supplier_id, user=manager,
                                  changes={"company_name": None, "rating": 0, "supplier_id": "SUP-NEW"})
    assert set(err.value.field_errors()) == {"supplier_id"}  # renaming is refused first
    with pytest.raises(ValidationFailed) as err:
        suppliers.update_supplier(session, supplier_id=supplier.supplier_id, user=manager,
                                  changes={"company_name": None, "rating": 0})
    assert set(err.value.field_errors()) == {"company_name", "rating"}
    with pytest.raises(NotFound):
        suppliers.update_supplier(session, supplier_id="SUP-NOPE", user=manager, changes={"city": "X"})


def _po(session, supplier, number, status, *, order, expected, sent=None, actual=None, lines=()):
    po = PurchaseOrder(order_number=number, supplier_id=supplier.id, status=status, order_date=order,
                       expected_delivery_date=expected, sent_at=sent, actual_delivery_date=actual)
    session.add(po)
    session.flush()
    product = make_product(session)
    for i, (ordered, received) in enumerate(lines, start=1):
        session.add(PurchaseOrderLine(purchase_order_id=po.id, line_no=i, product_id=product.id,
                                      quantity_ordered=ordered, quantity_received=received))
    session.flush()
    return po


def test_deactivate_refused_with_open_orders_then_allowed(session, manager):
    admin = make_user(session, "admin")
    supplier = make_supplier(session)
    day = datetime(2026, 1, 5, tzinfo=UTC)
    po = _po(session, supplier, "PO-T-1", "sent", order=day, expected=day + timedelta(days=5))
    with pytest.raises(PermissionDenied):
        suppliers.deactivate_supplier(session, supplier_id=supplier.supplier_id, user=manager)
    with pytest.raises(Conflict) as err:
        suppliers.deactivate_supplier(session, supplier_id=supplier.supplier_id, user=admin)
    assert "1 open purchase order" in err.value.message
    with pytest.raises(Conflict):  # the same rule through an update
        suppliers.update_supplier(session, supplier_id=supplier.supplier_id, user=manager,
                                  changes={"status": "inactive"})
    assert supplier.status == "active"

    po.status = "received"
    session.add(po)
    session.flush()
    suppliers.deactivate_supplier(session, supplier_id=supplier.supplier_id, user=admin)
    assert session.get(Supplier, supplier.id).status == "inactive"
    row = session.exec(select(AuditLog).where(AuditLog.action == "deactivate")).one()
    assert row.changes == {"status": {"from": "active", "to": "inactive"}} and row.user_id == admin.id


@pytest.mark.parametrize("use_pg", [False, pytest.param(True, marks=pytest.mark.postgres)])
def test_performance_from_hand_built_orders(request, use_pg):
    engine = request.getfixturevalue("pg_engine" if use_pg else "engine")
    d0 = datetime(2026, 3, 1, tzinfo=UTC)
    day = lambda n, h=0: d0 + timedelta(days=n, hours=h)  # noqa: E731
    with Session(engine) as session:
        s = make_supplier(session, on_time_delivery_rate=Decimal("12.00"), quality_score=Decimal("4.5"))
        # Received on time (2 days early): lead 7 days from sending. 100 of 100.
        _po(session, s, "PO-P-1", "received", order=day(0), sent=day(1), expected=day(10), actual=day(8),
            lines=[(100, 100)])
        # Received late, never marked sent: lead 10 days from the order date. 50 of 50.
        _po(session, s, "PO-P-2", "received", order=day(20), expected=day(25), actual=day(30), lines=[(50, 50)])
        # Delivered later on the expected day itself: on time. Lead 5 days 5 hours. 20 of 20.
        _po(session, s, "PO-P-3", "received", order=day(80, 10), sent=day(80, 10), expected=day(85),
            actual=day(85, 15), lines=[(20, 20)])
        # Partially received: counts for the fill rate only. 30 of 150.
        _po(session, s, "PO-P-4", "partially_received", order=day(40), sent=day(40), expected=day(50),
            lines=[(100, 30), (50, 0)])
        _po(session, s, "PO-P-5", "sent", order=day(45), expected=day(55), lines=[(10, 0)])
        # Cancelled and draft orders are not orders placed.
        _po(session, s, "PO-P-6", "cancelled", order=day(90), expected=day(95), lines=[(10, 0)])
        _po(session, s, "PO-P-7", "draft", order=day(99), expected=day(105), lines=[(10, 0)])
        make_product(session, supplier=s)
        make_product(session, supplier=s)
        dead = make_product(session, supplier=s)
        offer = session.exec(select(ProductSupplier).where(ProductSupplier.product_id == dead.id)).one()
        offer.is_active = False
        session.add(offer)
        session.flush()

        perf = suppliers.supplier_performance(session, s)
        assert perf.total_orders == 5
        assert perf.last_order_date == day(80, 10)
        assert perf.on_time_delivery_rate == Decimal("66.7")  # 2 of 3
        assert perf.average_lead_time == Decimal("7.4")  # (7 + 10 + 5.208) / 3
        assert perf.fill_rate == Decimal("62.5")  # (100 + 50 + 20 + 30) / (100 + 50 + 20 + 150)
        assert perf.reliability_score == Decimal("64.6")  # (66.7 + 62.5) / 2
        assert perf.quality_rating == Decimal("4.5")
        assert perf.products_supplied == 2

        fresh = make_supplier(session, on_time_delivery_rate=Decimal("87.50"))
        perf = suppliers.supplier_performance(session, fresh)
        assert perf.total_orders == 0 and perf.last_order_date is None
        assert perf.on_time_delivery_rate == Decimal("87.50")  # the stored figure when nothing was received
        assert perf.average_lead_time is None and perf.fill_rate is None
        assert perf.reliability_score == Decimal("87.5")
