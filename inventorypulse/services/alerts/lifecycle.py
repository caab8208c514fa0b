"""Raising one alert (one open alert per product × type), acknowledging and resolving."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlmodel import Session, select

from ...models import Alert, AuditLog, Product, Supplier, User, Warehouse
from ...models.base import utcnow
from ...models.status import OPEN_ALERT_STATUSES, AlertSeverity, AlertStatus, AlertType
from .. import audit, permissions
from ..errors import InvalidTransition, NotFound
from ..permissions import Perm
from ..validation import Checker, to_cents
from .queries import RESOLUTION_TYPES, SEVERITY_RANK, get_alert, new_alert_id


def _lookup(session: Session, model, column, value: str | None, label: str) -> Any:
    if not value:
        return None
    row = session.exec(select(model).where(column == value.strip().upper())).first()
    if row is None:
        raise NotFound(f"{label} {value} not found.")
    return row


def _metric(c: Checker, field: str, value: Any) -> Decimal | None:
    if value is None:
        return None
    try:
        number = Decimal(str(value))
    except ArithmeticError:
        number = Decimal("NaN")
    if isinstance(value, bool) or not number.is_finite() or abs(number) >= Decimal("1e12"):
        c.add(field, "must be a number")
        return None
    return to_cents(number)


def _acknowledged_severity(session: Session, alert: Alert) -> AlertSeverity:
    """The severity the user saw when acknowledging (kept in the acknowledge audit row)."""
    changes = session.exec(
        select(AuditLog.changes).where(AuditLog.entity_type == "alert", AuditLog.entity_id == alert.alert_id,
                                       AuditLog.action == "acknowledge").order_by(AuditLog.id.desc())
    ).first()
    seen = (changes or {}).get("severity_seen", alert.severity)
    return AlertSeverity(seen) if seen in SEVERITY_RANK else AlertSeverity(alert.severity)


def create_alert(
    session: Session,
    *,
    alert_type: str,
    severity: str,
    title: str,
    message: str,
    product_id: str | None = None,
    supplier_id: str | None = None,
    warehouse: str | None = None,
    current_value: Decimal | int | None = None,
    threshold_value: Decimal | int | None = None,
    expires_at: datetime | None = None,
    action_required: bool = False,
    auto_generated: bool = True,
    user: User | None = None,
) -> Alert:
    """Raise an alert, or refresh the open one for the same product × type (never a duplicate).

    An open alert that is refreshed keeps its id and status, except that an acknowledged alert whose
    severity rises above what was acknowledged becomes active again so it is seen. Without a product the key is
    type × supplier × warehouse.
    """
    c = Checker()
    if c.require("alert_type", alert_type):
        c.one_of("alert_type", alert_type, list(AlertType))
    if c.require("severity", severity):
        c.one_of("severity", severity, list(AlertSeverity))
    c.require("title", title)
    c.length("title", title, 200)
    c.require("message", message)
    c.length("message", message, 1000)
    current = _metric(c, "current_value", current_value)
    threshold = _metric(c, "threshold_value", threshold_value)
    c.done("Invalid alert.")

    product = _lookup(session, Product, Product.product_id, product_id, "Product")
    supplier = _lookup(session, Supplier, Supplier.supplier_id, supplier_id, "Supplier")
    wh = _lookup(session, Warehouse, Warehouse.code, warehouse, "Warehouse")
    stmt = select(Alert).where(Alert.alert_type == alert_type, Alert.status.in_(OPEN_ALERT_STATUSES))
    if product is not None:
        # Lock the product row so two concurrent raisers cannot both insert (PostgreSQL).
        session.exec(select(Product.id).where(Product.id == product.id).with_for_update()).first()
        stmt = stmt.where(Alert.product_id == product.id)
    else:
        stmt = stmt.where(Alert.product_id.is_(None),
                          Alert.supplier_id == supplier.id if supplier else Alert.supplier_id.is_(None),
                          Alert.warehouse_id == wh.id if wh else Alert.warehouse_id.is_(None))
    existing = session.exec(stmt.order_by(Alert.created_at.desc())).first()
    fields: dict[str, Any] = {
        "severity": severity, "title": title.strip(), "message": message.strip(), "current_value": current,
        "threshold_value": threshold, "expires_at": expires_at, "action_required": action_required,
        "supplier_id": supplier.id if supplier else None, "warehouse_id": wh.id if wh else None,
    }
    actor = user.id if user else None
    if existing is not None:
        if existing.status == AlertStatus.ACKNOWLEDGED and \
                SEVERITY_RANK[severity] > SEVERITY_RANK[_acknowledged_severity(session, existing)]:
            fields["status"] = AlertStatus.ACTIVE.value
        changed = audit.diff(existing, fields)
        if changed:
            existing.updated_at = utcnow()
            session.add(existing)
            audit.record(session, user_id=actor, entity_type="alert", entity_id=existing.alert_id,
                         action="refresh", changes=changed)
        session.flush()
        return existing
    alert = Alert(alert_id=new_alert_id(), alert_type=alert_type, product_id=product.id if product else None,
                  auto_generated=auto_generated, **fields)
    session.add(alert)
    audit.record(session, user_id=actor, entity_type="alert", entity_id=alert.alert_id, action="create",
                 changes={"alert_type": alert_type, "severity": severity,
                          "product_id": product.product_id if product else None})
    session.flush()
    return alert


def acknowledge_alert(session: Session, *, alert_id: str, user: User, notes: str | None = None) -> Alert:
    """active -> acknowledged, recording who and when."""
    permissions.require(user, Perm.ALERT_ACKNOWLEDGE)
    c = Checker()
    c.length("notes", notes, 500)
    c.done()
    alert = get_alert(session, alert_id)
    if alert.status != AlertStatus.ACTIVE:
        raise InvalidTransition(f"Alert {alert.alert_id} is {alert.status}; only active alerts can be acknowledged.")
    now = utcnow()
    updates: dict[str, Any] = {"status": AlertStatus.ACKNOWLEDGED.value, "acknowledged_by": user.id,
                               "acknowledged_at": now}
    if notes and notes.strip():
        updates["notes"] = notes.strip()
    changed = audit.diff(alert, updates)
    alert.updated_at = now
    session.add(alert)
    audit.record(session, user_id=user.id, entity_type="alert", entity_id=alert.alert_id, action="acknowledge",
                 changes=changed | {"severity_seen": alert.severity})
    session.flush()
    return alert


def resolve_alert(session: Session, *, alert_id: str, user: User, resolution_notes: str | None = None,
                  resolution_type: str | None = None, reference_id: str | None = None) -> Alert:
    """active or acknowledged -> resolved, recording who, when, how and why."""
    permissions.require(user, Perm.ALERT_RESOLVE)
    c = Checker()
    c.length("resolution_notes", resolution_notes, 500)
    c.one_of("resolution_type", resolution_type or None, RESOLUTION_TYPES)
    c.length("reference_id", reference_id, 40)
    c.done()
    alert = get_alert(session, alert_id)
    if alert.status not in OPEN_ALERT_STATUSES:
        raise InvalidTransition(f"Alert {alert.alert_id} is already {alert.status}; it cannot be resolved again.")
    now = utcnow()
    updates: dict[str, Any] = {"status": AlertStatus.RESOLVED.value, "resolved_by": user.id, "resolved_at": now,
                               "resolution_type": resolution_type or None,
                               "resolution_reference": reference_id.strip() if reference_id else None}
    if resolution_notes and resolution_notes.strip():
        updates["notes"] = resolution_notes.strip()
    changed = audit.diff(alert, updates)
    alert.updated_at = now
    session.add(alert)
    audit.record(session, user_id=user.id, entity_type="alert", entity_id=alert.alert_id, action="resolve",
                 changes=changed)
    session.flush()
    return alert
