"""The alert engine: every rule fires with its severity, a rescan refreshes instead of duplicating,
cleared conditions resolve with a note, disabled rules stay quiet — on SQLite and PostgreSQL."""

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
from sqlmodel import Session, select

from inventorypulse.models import Alert, AuditLog, Lot, ReplenishmentPlan
from inventorypulse.services import alerts
from inventorypulse.services.alerts import AlertSettings
from inventorypulse.services.errors import PermissionDenied, ValidationFailed
from tests.factories import make_category, make_product, make_supplier, make_user, make_warehouse

TODAY = date(2026, 3, 2)


@pytest.fixture
def session(any_engine):
    with Session(any_engine) as s:
        yield s


@pytest.fixture
def wh(session):
    return make_warehouse(session)


def _product(session, wh, qty, **kw):
    return make_product(session, stock=[(wh, qty)] if qty else [], **kw)


def _lot(session, product, wh, days, qty=5, number="L1"):
    session.add(Lot(product_id=product.id, warehouse_id=wh.id, lot_number=number, quantity=qty,
                    expiry_date=TODAY + timedelta(days=days)))


def _plan(session, product, wh, *, reorder_point=0, suggested=0, stockout_in=None, lead_time=7, supplier=None):
    session.add(ReplenishmentPlan(
        product_id=product.id, warehouse_id=wh.id, supplier_id=supplier.id if supplier else None, basis="forecast",
        available=product.available_stock, avg_daily_demand=Decimal("2"), lead_time_days=lead_time,
        lead_time_demand=Decimal("14"), safety_stock=Decimal("5"), reorder_point=Decimal(reorder_point),
        order_up_to=Decimal(reorder_point + 20), suggested_quantity=suggested,
        stockout_date=TODAY + timedelta(days=stockout_in) if stockout_in is not None else None))


def _scan(session, **settings):
    result = alerts.scan_alerts(session, today=TODAY, settings=AlertSettings(**settings))
    session.flush()
    return result


def _open(session) -> dict[tuple[str, str], Alert]:
    rows = session.exec(select(Alert).where(Alert.status.in_(["active", "acknowledged"]))).all()
    return {(a.alert_type, a.product_id): a for a in rows}


def test_each_rule_fires_with_its_severity(session, wh):
    supplier = make_supplier(session)
    cat = make_category(session)
    out = _product(session, wh, 0, category=cat, supplier=supplier)
    low = _product(session, wh, 8, category=cat)
    very_low = _product(session, wh, 3, category=cat)
    over = _product(session, wh, 120, category=cat, max_stock_level=100)
    way_over = _product(session, wh, 200, category=cat, max_stock_level=100)
    expiring = _product(session, wh, 40, category=cat)
    _lot(session, expiring, wh, 20, qty=6)
    _lot(session, expiring, wh, 25, qty=4, number="L2")
    _lot(session, expiring, wh, 200, qty=30, number="L3")  # far off: not counted
    expired = _product(session, wh, 40, category=cat)
    _lot(session, expired, wh, -2)
    reorder = _product(session, wh, 30, category=cat)
    _plan(session, reorder, wh, reorder_point=40, suggested=60, supplier=supplier)
    soon = _product(session, wh, 50, category=cat)
    _plan(session, soon, wh, reorder_point=10, stockout_in=5, lead_time=7)
    later = _product(session, wh, 50, category=cat)
    _plan(session, later, wh, reorder_point=10, stockout_in=12, lead_time=7)
    far = _product(session, wh, 50, category=cat)
    _plan(session, far, wh, reorder_point=10, stockout_in=30, lead_time=7)
    healthy = _product(session, wh, 50, category=cat, max_stock_level=100)
    session.flush()

    result = _scan(session)

    found = {(t, pid): a.severity for (t, pid), a in _open(session).items()}
    assert found == {
        ("out_of_stock", out.id): "critical",
        ("low_stock", low.id): "medium",
        ("low_stock", very_low.id): "high",
        ("overstock", over.id): "low",
        ("overstock", way_over.id): "medium",
        ("expiry_warning", expiring.id): "medium",
        ("expiry_warning", expired.id): "critical",
        ("reorder_suggestion", reorder.id): "medium",
        ("predicted_stockout", soon.id): "high",
        ("predicted_stockout", later.id): "medium",
    }
    assert result.raised == 10 and result.refreshed == result.resolved == 0
    assert healthy.id not in {pid for _, pid in found} and far.id not in {pid for _, pid in found}

    by_key = _open(session)
    a = by_key[("low_stock", low.id)]
    assert a.title == f"Low stock: {low.name}" and a.alert_id.startswith("ALT-") and a.auto_generated
    assert a.message == "Available stock (8) is at or below the reorder threshold (10)."
    assert (a.current_value, a.threshold_value) == (Decimal("8"), Decimal("10"))
    assert by_key[("out_of_stock", out.id)].supplier_id == supplier.id
    exp = by_key[("expiry_warning", expiring.id)]
    assert exp.current_value == 10 and exp.message == (
        f"10 units in 2 lot(s) expire within 30 days; the earliest on {TODAY + timedelta(days=20)}.")
    sug = by_key[("reorder_suggestion", reorder.id)]
    assert sug.message == "Available stock (30) is at or below the reorder point (40); suggested order: 60 units."
    assert sug.supplier_id == supplier.id
    assert by_key[("predicted_stockout", soon.id)].message == (
        f"Stock is forecast to run out on {TODAY + timedelta(days=5)} (in 5 days); the supplier lead time is 7 days.")
    audit = session.exec(select(AuditLog).where(AuditLog.entity_type == "alert_scan")).one()
    assert audit.entity_id == result.reference and audit.changes["raised"] == 10


def test_second_scan_updates_rather_than_duplicates(session, wh):
    product = _product(session, wh, 8)
    session.flush()
    first = _scan(session)
    alert = _open(session)[("low_stock", product.id)]
    assert first.raised == 1

    assert _scan(session).counts() == {"raised": 0, "refreshed": 0, "resolved": 0, "dismissed": 0}
    product.current_stock = 5  # still low, lower figure
    session.add(product)
    session.flush()
    again = _scan(session)
    assert (again.raised, again.refreshed) == (0, 1)
    session.refresh(alert)
    rows = session.exec(select(Alert).where(Alert.product_id == product.id)).all()
    assert [r.id for r in rows] == [alert.id] and alert.current_value == 5 and "(5)" in alert.message


def test_acknowledged_alert_becomes_active_again_when_severity_rises(session, wh):
    product = _product(session, wh, 8)
    staff = make_user(session, "staff")
    session.flush()
    _scan(session)
    alert = _open(session)[("low_stock", product.id)]
    alerts.acknowledge_alert(session, alert_id=alert.alert_id, user=staff)
    product.current_stock = 7  # same severity: stays acknowledged
    session.add(product)
    session.flush()
    _scan(session)
    session.refresh(alert)
    assert alert.status == "acknowledged" and alert.current_value == 7
    product.current_stock = 2  # medium -> high
    session.add(product)
    session.flush()
    _scan(session)
    session.refresh(alert)
    assert (alert.status, alert.severity) == ("active", "high")


def test_cleared_conditions_resolve_with_a_note(session, wh):
    low = _product(session, wh, 8)
    out = _product(session, wh, 0)
    gone = _product(session, wh, 4)
    sold_out = _product(session, wh, 6)
    session.flush()
    _scan(session)
    before = _open(session)
    low.current_stock, out.current_stock, gone.status, sold_out.current_stock = 50, 5, "discontinued", 0
    session.add_all([low, out, gone, sold_out])
    session.flush()

    result = _scan(session)

    for key, note in [(("low_stock", low.id), "Available stock (50) is above the reorder threshold (10)."),
                      (("out_of_stock", out.id), "Stock is available again (5 units)."),
                      (("low_stock", gone.id), "The product is discontinued."),
                      (("low_stock", sold_out.id), "The product is out of stock now (see its out_of_stock alert).")]:
        alert = before[key]
        session.refresh(alert)
        assert (alert.status, alert.resolution_type, alert.notes) == ("resolved", "auto_resolved", note)
        assert alert.resolution_reference == result.reference and alert.resolved_at is not None
    # Back in stock but merely low, or sold out: each is a new alert of the other type.
    assert set(_open(session)) == {("low_stock", out.id), ("out_of_stock", sold_out.id)}
    assert (result.raised, result.resolved) == (2, 4)


def test_auto_resolve_only_resolves_and_dismisses_expired_alerts(session, wh):
    cleared = _product(session, wh, 8)
    session.flush()
    _scan(session)
    cleared.current_stock = 80
    fresh = _product(session, wh, 3)  # low now, but auto-resolve raises nothing
    manual = alerts.create_alert(session, alert_type="overstock", severity="low", title="Check shelf", message="m",
                                 product_id=fresh.product_id, auto_generated=False)
    stale = alerts.create_alert(session, alert_type="reorder_suggestion", severity="low", title="Old", message="m",
                                expires_at=datetime(2025, 1, 1, tzinfo=UTC))
    session.add(cleared)
    session.flush()

    result = alerts.auto_resolve_alerts(session, today=TODAY, settings=AlertSettings())

    assert (result.raised, result.resolved, result.dismissed) == (0, 1, 1)
    session.refresh(manual)
    session.refresh(stale)
    assert manual.status == "active"  # raised by hand: never resolved by the engine
    assert stale.status == "dismissed" and "Expired" in stale.notes
    assert ("low_stock", fresh.id) not in _open(session)


def test_disabled_rule_does_not_fire_and_its_open_alerts_resolve(session, wh):
    low = _product(session, wh, 8)
    _product(session, wh, 0)
    session.flush()
    _scan(session)
    result = _scan(session, low_stock_enabled=False)
    assert result.by_rule["low_stock"] == {"raised": 0, "refreshed": 0, "resolved": 1}
    assert {t for t, _ in _open(session)} == {"out_of_stock"}
    alert = session.exec(select(Alert).where(Alert.product_id == low.id)).one()
    assert alert.notes == "The low_stock rule is disabled in the alert settings."

    _product(session, wh, 5)
    session.flush()
    assert _scan(session, low_stock_enabled=False).by_rule["low_stock"]["raised"] == 0


def test_day_windows_come_from_the_settings(session, wh):
    product = _product(session, wh, 40)
    _lot(session, product, wh, 20)
    plan_product = _product(session, wh, 40)
    _plan(session, plan_product, wh, stockout_in=12, lead_time=7)
    session.flush()
    quiet = _scan(session, expiry_warning_days=10, predicted_stockout_days=3)
    assert quiet.raised == 0
    loud = _scan(session, expiry_warning_days=21, predicted_stockout_days=5)
    assert loud.raised == 2


def test_settings_are_stored_validated_and_audited(session):
    admin, manager = make_user(session, "admin"), make_user(session, "manager")
    assert alerts.get_alert_settings(session) == AlertSettings()

    saved = alerts.update_alert_settings(session, user=admin, changes={"overstock_enabled": False,
                                                                         "expiry_warning_days": 14})
    assert alerts.get_alert_settings(session) == saved
    assert (saved.overstock_enabled, saved.expiry_warning_days, saved.low_stock_enabled) == (False, 14, True)
    log = session.exec(select(AuditLog).where(AuditLog.entity_type == "app_setting")).one()
    assert log.user_id == admin.id and log.changes == {"overstock_enabled": {"from": True, "to": False},
                                                       "expiry_warning_days": {"from": 30, "to": 14}}

    with pytest.raises(ValidationFailed) as err:
        alerts.update_alert_settings(session, user=admin, changes={
            "expiry_warning_days": 0, "predicted_stockout_days": "7", "low_stock_enabled": "yes", "colour": 1})
    assert err.value.field_errors() == {
        "expiry_warning_days": "must be 1 or more", "predicted_stockout_days": "must be a whole number of days",
        "low_stock_enabled": "must be true or false", "colour": "is not an alert setting"}
    with pytest.raises(PermissionDenied):
        alerts.update_alert_settings(session, user=manager, changes={"overstock_enabled": True})
    assert alerts.get_alert_settings(session) == saved


def test_scan_reads_the_stored_settings(session, wh):
    admin = make_user(session, "admin")
    _product(session, wh, 8)
    alerts.update_alert_settings(session, user=admin, changes={"low_stock_enabled": False})
    session.flush()
    assert alerts.scan_alerts(session, today=TODAY).raised == 0
