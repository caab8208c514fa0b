"""Alerts as a service: one open alert per product × type, and the acknowledge/resolve state machine."""

from decimal import Decimal

import pytest
from sqlmodel import Session, func, select

from inventorypulse.models import Alert, AuditLog
from inventorypulse.services import alerts
from inventorypulse.services.errors import InvalidTransition, NotFound, PermissionDenied, ValidationFailed
from tests.factories import make_product, make_supplier, make_user


@pytest.fixture
def session(engine):
    with Session(engine) as s:
        yield s


def _raise(session, product, **kw):
    args = {"alert_type": "low_stock", "severity": "medium", "title": f"Low stock: {product.name}",
            "message": "Stock (8) is at or below the threshold (10).", "product_id": product.product_id,
            "current_value": 8, "threshold_value": 10}
    return alerts.create_alert(session, **(args | kw))


def _count(session) -> int:
    return session.exec(select(func.count()).select_from(Alert)).one()


def test_create_alert_keeps_one_open_alert_per_product_and_type(session):
    product = make_product(session)
    first = _raise(session, product)
    assert first.alert_id.startswith("ALT-") and first.status == "active" and first.current_value == Decimal("8")
    again = _raise(session, product, current_value=5, message="Stock (5) is at or below the threshold (10).")
    assert again.id == first.id and _count(session) == 1
    assert again.current_value == Decimal("5.00") and again.message.startswith("Stock (5)")
    assert session.exec(select(AuditLog.action).where(AuditLog.entity_id == first.alert_id)).all() == \
        ["create", "refresh"]

    other_type = _raise(session, product, alert_type="out_of_stock", severity="critical")
    other_product = _raise(session, make_product(session))
    assert len({first.id, other_type.id, other_product.id}) == 3 and _count(session) == 3

    # Once resolved, the next breach opens a new alert.
    admin = make_user(session, "admin")
    alerts.resolve_alert(session, alert_id=first.alert_id, user=admin)
    fresh = _raise(session, product)
    assert fresh.id != first.id and fresh.status == "active" and _count(session) == 4


def test_refresh_keeps_acknowledgement_unless_severity_rises(session):
    product = make_product(session)
    staff = make_user(session, "staff")
    alert = _raise(session, product, severity="medium")
    alerts.acknowledge_alert(session, alert_id=alert.alert_id, user=staff)
    assert _raise(session, product, severity="low").status == "acknowledged"
    assert _raise(session, product, severity="medium").status == "acknowledged"
    escalated = _raise(session, product, severity="critical")
    assert escalated.id == alert.id and escalated.status == "active" and escalated.severity == "critical"


def test_alerts_without_product_deduplicate_on_supplier(session):
    supplier = make_supplier(session)
    args = {"alert_type": "reorder_suggestion", "severity": "low", "title": "Review orders", "message": "m"}
    a = alerts.create_alert(session, supplier_id=supplier.supplier_id.lower(), **args)
    b = alerts.create_alert(session, supplier_id=supplier.supplier_id, **args)
    c = alerts.create_alert(session, **args)
    assert a.id == b.id and c.id != a.id and a.supplier_id == supplier.id and c.supplier_id is None


def test_create_alert_validates_everything_at_once(session):
    with pytest.raises(ValidationFailed) as err:
        alerts.create_alert(session, alert_type="fire", severity="urgent", title="", message="x" * 1001,
                            current_value="lots")
    assert set(err.value.field_errors()) == {"alert_type", "severity", "title", "message", "current_value"}
    with pytest.raises(NotFound):
        alerts.create_alert(session, alert_type="low_stock", severity="low", title="t", message="m",
                            product_id="PRD-NOPE")


def test_acknowledge_then_resolve_and_the_refusals(session):
    product = make_product(session)
    staff, manager = make_user(session, "staff"), make_user(session, "manager")
    alert = _raise(session, product)

    acked = alerts.acknowledge_alert(session, alert_id=alert.alert_id.lower(), user=staff, notes="PO coming")
    assert (acked.status, acked.acknowledged_by, acked.notes) == ("acknowledged", staff.id, "PO coming")
    assert acked.acknowledged_at is not None
    with pytest.raises(InvalidTransition) as err:
        alerts.acknowledge_alert(session, alert_id=alert.alert_id, user=staff)
    assert "is acknowledged" in err.value.message

    done = alerts.resolve_alert(session, alert_id=alert.alert_id, user=manager, resolution_notes="Replenished",
                                resolution_type="stock_replenished", reference_id="PO-2026-000001")
    assert (done.status, done.resolved_by, done.resolution_type, done.notes, done.resolution_reference) == \
        ("resolved", manager.id, "stock_replenished", "Replenished", "PO-2026-000001")
    row = session.exec(select(AuditLog).where(AuditLog.action == "resolve")).one()
    assert row.changes["resolution_reference"]["to"] == "PO-2026-000001" and row.user_id == manager.id
    with pytest.raises(InvalidTransition) as err:
        alerts.resolve_alert(session, alert_id=alert.alert_id, user=manager)
    assert "already resolved" in err.value.message and err.value.status == 409
    with pytest.raises(InvalidTransition):
        alerts.acknowledge_alert(session, alert_id=alert.alert_id, user=staff)


def test_resolve_straight_from_active_and_dismissed_is_final(session):
    manager = make_user(session, "manager")
    alert = _raise(session, make_product(session))
    assert alerts.resolve_alert(session, alert_id=alert.alert_id, user=manager).status == "resolved"
    dismissed = _raise(session, make_product(session))
    dismissed.status = "dismissed"
    session.add(dismissed)
    session.flush()
    with pytest.raises(InvalidTransition) as err:
        alerts.resolve_alert(session, alert_id=dismissed.alert_id, user=manager)
    assert "dismissed" in err.value.message


def test_permission_split(session):
    alert = _raise(session, make_product(session))
    staff, readonly = make_user(session, "staff"), make_user(session, "readonly")
    with pytest.raises(PermissionDenied):
        alerts.acknowledge_alert(session, alert_id=alert.alert_id, user=readonly)
    with pytest.raises(PermissionDenied):
        alerts.resolve_alert(session, alert_id=alert.alert_id, user=staff)
    assert alert.status == "active"
    with pytest.raises(ValidationFailed) as err:
        alerts.resolve_alert(session, alert_id=alert.alert_id, user=make_user(session, "manager"),
                             resolution_type="magic")
    assert set(err.value.field_errors()) == {"resolution_type"}
    with pytest.raises(NotFound):
        alerts.acknowledge_alert(session, alert_id="ALT-NOPE", user=staff)


def test_list_filters_by_business_product_id(session):
    p1, p2 = make_product(session), make_product(session)
    _raise(session, p1)
    _raise(session, p2, alert_type="out_of_stock", severity="critical")
    page = alerts.list_alerts(session, product_id=p2.product_id.lower())
    assert [(a.alert_type, p.product_id) for a, p in page.items] == [("out_of_stock", p2.product_id)]
    assert alerts.list_alerts(session, severity="medium").total == 1
    assert alerts.count_open_alerts(session) == 2
    detail = alerts.alert_detail(session, page.items[0][0].alert_id)
    assert detail.product_id == p2.product_id and detail.acknowledged_by is None


def test_list_status_open_means_active_or_acknowledged(session):
    p1, p2, p3 = make_product(session), make_product(session), make_product(session)
    staff, manager = make_user(session, "staff"), make_user(session, "manager")
    active = _raise(session, p1)
    acked = _raise(session, p2)
    alerts.acknowledge_alert(session, alert_id=acked.alert_id, user=staff)
    done = _raise(session, p3)
    alerts.resolve_alert(session, alert_id=done.alert_id, user=manager)
    listed = {a.alert_id for a, _ in alerts.list_alerts(session, status="open").items}
    assert listed == {active.alert_id, acked.alert_id} and alerts.count_open_alerts(session) == 2
    with pytest.raises(ValidationFailed):
        alerts.list_alerts(session, status="opened")
