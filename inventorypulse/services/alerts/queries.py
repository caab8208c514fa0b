"""Reading alerts: lists, counts, one alert with its related names."""

from __future__ import annotations

import secrets
import time
from dataclasses import dataclass

from sqlmodel import Session, func, select

from ...models import Alert, Product, Supplier, User, Warehouse
from ...models.status import OPEN_ALERT_STATUSES, AlertSeverity, AlertStatus, AlertType
from ..errors import NotFound
from ..pagination import Page, paginate
from ..validation import check_choice

RESOLUTION_TYPES = ("stock_replenished", "purchase_order_created", "threshold_adjusted", "product_discontinued",
                    "false_alarm", "auto_resolved", "other")
SEVERITY_RANK = {s: i for i, s in enumerate(AlertSeverity)}


def list_alerts(
    session: Session,
    *,
    status: str | None = None,
    severity: str | None = None,
    alert_type: str | None = None,
    product_id: str | None = None,
    page: int = 1,
    limit: int = 20,
) -> Page:
    """Rows are (Alert, Product | None) tuples, newest first."""
    check_choice("status", status, [*AlertStatus, "open"])  # open: active or acknowledged
    check_choice("severity", severity, AlertSeverity)
    check_choice("alert_type", alert_type, AlertType)
    stmt = select(Alert, Product).outerjoin(Product, Product.id == Alert.product_id)
    if status == "open":
        stmt = stmt.where(Alert.status.in_(OPEN_ALERT_STATUSES))
    elif status:
        stmt = stmt.where(Alert.status == status)
    if severity:
        stmt = stmt.where(Alert.severity == severity)
    if alert_type:
        stmt = stmt.where(Alert.alert_type == alert_type)
    if product_id:
        stmt = stmt.where(Product.product_id == product_id.strip().upper())
    stmt = stmt.order_by(Alert.created_at.desc(), Alert.id.desc())
    return paginate(session, stmt, page=page, limit=limit, scalars=False)


def count_open_alerts(session: Session) -> int:
    return session.exec(select(func.count()).where(Alert.status.in_(OPEN_ALERT_STATUSES))).one()


def new_alert_id() -> str:
    """Time-ordered and unique without a shared counter (same scheme as movement ids)."""
    return f"ALT-{int(time.time() * 1000):011X}{secrets.token_hex(4).upper()}"


def get_alert(session: Session, alert_id: str) -> Alert:
    alert = session.exec(select(Alert).where(Alert.alert_id == (alert_id or "").strip().upper())).first()
    if alert is None:
        raise NotFound(f"Alert {alert_id} not found.")
    return alert


@dataclass
class AlertDetail:
    alert: Alert
    product_id: str | None
    product_name: str | None
    supplier_id: str | None
    warehouse: str | None
    acknowledged_by: str | None  # usernames
    resolved_by: str | None


def alert_detail(session: Session, alert_id: str) -> AlertDetail:
    alert = get_alert(session, alert_id)
    product = session.get(Product, alert.product_id) if alert.product_id else None
    supplier = session.get(Supplier, alert.supplier_id) if alert.supplier_id else None
    warehouse = session.get(Warehouse, alert.warehouse_id) if alert.warehouse_id else None
    ack = session.get(User, alert.acknowledged_by) if alert.acknowledged_by else None
    res = session.get(User, alert.resolved_by) if alert.resolved_by else None
    return AlertDetail(alert, product.product_id if product else None, product.name if product else None,
                       supplier.supplier_id if supplier else None, warehouse.code if warehouse else None,
                       ack.username if ack else None, res.username if res else None)


