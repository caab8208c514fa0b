"""Alerts: queries (acknowledge/resolve and the rules come with later issues)."""

from __future__ import annotations

from sqlmodel import Session, func, select

from ..models import Alert, Product
from ..models.status import OPEN_ALERT_STATUSES, AlertSeverity, AlertStatus, AlertType
from .errors import ValidationFailed
from .pagination import Page, paginate


def _check(value: str | None, enum, field: str) -> None:
    if value and value not in enum.__members__.values():
        raise ValidationFailed.for_field(field, f"must be one of {', '.join(enum)}")


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
    _check(status, AlertStatus, "status")
    _check(severity, AlertSeverity, "severity")
    _check(alert_type, AlertType, "alert_type")
    stmt = select(Alert, Product).outerjoin(Product, Product.id == Alert.product_id)
    if status:
        stmt = stmt.where(Alert.status == status)
    if severity:
        stmt = stmt.where(Alert.severity == severity)
    if alert_type:
        stmt = stmt.where(Alert.alert_type == alert_type)
    if product_id:
        stmt = stmt.where(Product.product_id == product_id)
    stmt = stmt.order_by(Alert.created_at.desc(), Alert.id.desc())
    return paginate(session, stmt, page=page, limit=limit, scalars=False)


def count_open_alerts(session: Session) -> int:
    return session.exec(select(func.count()).where(Alert.status.in_(OPEN_ALERT_STATUSES))).one()
