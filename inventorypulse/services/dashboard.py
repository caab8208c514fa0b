"""Headline figures for the dashboard, each one SQL aggregate (fast on 100k products)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime, timedelta
from decimal import Decimal

from sqlmodel import Session, func, select

from ..models import (
    Alert,
    AuditLog,
    Category,
    Product,
    PurchaseOrder,
    StockMovement,
    User,
    Warehouse,
)
from ..models.base import utcnow
from ..models.status import (
    OPEN_ALERT_STATUSES,
    OPEN_PO_STATUSES,
    MovementType,
    ProductStatus,
    ReasonCode,
)
from .validation import to_cents

TOP_SELLER_DAYS = 30
TOP_SELLER_LIMIT = 10
ACTIVITY_LIMIT = 20


@dataclass
class TopSeller:
    product_id: str
    name: str
    sku: str
    units_sold: int
    revenue: Decimal  # units × current selling price


@dataclass
class ActivityEvent:
    type: str  # stock_movement | purchase_order | alert
    timestamp: datetime
    text: str
    link: dict[str, str]  # {"kind": "product" | "purchase_order" | "alert", "id": business id}


@dataclass
class CategoryValue:
    category: str
    products: int
    value_cost: Decimal
    value_retail: Decimal
    units: int = 0  # units on hand


@dataclass
class DashboardStats:
    product_count: int
    active_product_count: int
    inventory_value_cost: Decimal
    inventory_value_retail: Decimal
    low_stock_count: int
    out_of_stock_count: int
    open_po_count: int
    open_po_value: Decimal
    active_alert_count: int
    alerts_by_severity: dict[str, int] = field(default_factory=dict)
    open_pos_by_status: dict[str, int] = field(default_factory=dict)
    top_sellers: list[TopSeller] = field(default_factory=list)
    recent_activity: list[ActivityEvent] = field(default_factory=list)
    value_by_category: list[CategoryValue] = field(default_factory=list)  # highest value at cost first

    def as_dict(self) -> dict:
        return asdict(self)


def _utc(ts: datetime) -> datetime:
    # SQLite hands back naive datetimes; everything is stored as UTC.
    return ts.replace(tzinfo=UTC) if ts.tzinfo is None else ts.astimezone(UTC)


def top_sellers(session: Session, *, days: int = TOP_SELLER_DAYS, limit: int = TOP_SELLER_LIMIT,
                now: datetime | None = None) -> list[TopSeller]:
    """Units sold (outbound movements with reason 'sale') per product over the last `days` days."""
    since = (now or utcnow()) - timedelta(days=days)
    units = func.sum(-StockMovement.quantity).label("units")
    sold = (
        select(StockMovement.product_id, units)
        .where(StockMovement.movement_type == MovementType.OUTBOUND, StockMovement.reason_code == ReasonCode.SALE,
               StockMovement.timestamp >= since)
        .group_by(StockMovement.product_id)
        .order_by(units.desc(), StockMovement.product_id)
        .limit(limit)
        .subquery()
    )
    rows = session.exec(
        select(Product.product_id, Product.name, Product.sku, Product.selling_price, sold.c.units)
        .join(sold, sold.c.product_id == Product.id)
        .order_by(sold.c.units.desc(), Product.product_id)
    ).all()
    return [TopSeller(pid, name, sku, int(n), to_cents(Decimal(price) * int(n))) for pid, name, sku, price, n in rows]


def _movement_events(session: Session, limit: int) -> list[ActivityEvent]:
    rows = session.exec(
        select(StockMovement.movement_type, StockMovement.quantity, StockMovement.reason_code,
               StockMovement.reference_id, StockMovement.timestamp, Product.product_id, Product.name, Warehouse.code,
               User.username)
        .join(Product, Product.id == StockMovement.product_id)
        .join(Warehouse, Warehouse.id == StockMovement.warehouse_id)
        .outerjoin(User, User.id == StockMovement.processed_by)
        .order_by(StockMovement.timestamp.desc(), StockMovement.id.desc())
        .limit(limit)
    ).all()
    events = []
    for kind, qty, reason, reference, ts, pid, name, wh, username in rows:
        why = f", {reason.replace('_', ' ')}" if reason else ""
        ref = f" for {reference}" if reference else ""
        who = f" by {username}" if username else ""
        events.append(ActivityEvent("stock_movement", _utc(ts),
                                    f"{kind.title()} {qty:+d} × {name} ({pid}) at {wh}{why}{ref}{who}",
                                    {"kind": "product", "id": pid}))
    return events


# Audited records that show in the feed: entity type -> how the feed names them.
FEED_RECORDS = {"purchase_order": "Purchase order", "sales_order": "Sales order", "invoice": "Invoice"}


def _record_events(session: Session, limit: int) -> list[ActivityEvent]:
    rows = session.exec(
        select(AuditLog.entity_type, AuditLog.entity_id, AuditLog.action, AuditLog.changes, AuditLog.occurred_at,
               User.username)
        .outerjoin(User, User.id == AuditLog.user_id)
        .where(AuditLog.entity_type.in_(list(FEED_RECORDS)))
        .order_by(AuditLog.occurred_at.desc(), AuditLog.id.desc())
        .limit(limit)
    ).all()
    events = []
    for entity, number, action, changes, ts, username in rows:
        status = (changes or {}).get("status")
        move = f" ({status['from']} → {status['to']})" if isinstance(status, dict) and "to" in status else ""
        who = f" by {username}" if username else ""
        events.append(ActivityEvent(entity, _utc(ts),
                                    f"{FEED_RECORDS[entity]} {number} {action.replace('_', ' ')}{move}{who}",
                                    {"kind": entity, "id": number}))
    return events


def _alert_events(session: Session, limit: int) -> list[ActivityEvent]:
    rows = session.exec(
        select(Alert.alert_id, Alert.severity, Alert.title, Alert.created_at, Product.product_id)
        .outerjoin(Product, Product.id == Alert.product_id)
        .order_by(Alert.created_at.desc(), Alert.id.desc())
        .limit(limit)
    ).all()
    return [
        ActivityEvent("alert", _utc(ts), f"{severity.title()} alert: {title}",
                      {"kind": "product", "id": pid} if pid else {"kind": "alert", "id": alert_id})
        for alert_id, severity, title, ts, pid in rows
    ]


def recent_activity(session: Session, *, limit: int = ACTIVITY_LIMIT) -> list[ActivityEvent]:
    """The newest events of three sources (each its own indexed LIMIT query), merged, newest first."""
    events = _movement_events(session, limit) + _record_events(session, limit) + _alert_events(session, limit)
    return sorted(events, key=lambda e: e.timestamp, reverse=True)[:limit]


def _catalogue_by_category(session: Session) -> list[tuple]:
    """One scan of the products table: counts and values per category (KPIs are their sums)."""
    available = Product.current_stock - Product.reserved_stock
    active = Product.status != ProductStatus.DISCONTINUED
    totals = (
        select(
            Product.category_id.label("category_id"),
            func.count().label("products"),
            func.count().filter(active).label("active"),
            func.coalesce(func.sum(Product.current_stock * Product.cost_price), 0).label("cost"),
            func.coalesce(func.sum(Product.current_stock * Product.selling_price), 0).label("retail"),
            func.count().filter(active, available > 0, available <= Product.reorder_threshold).label("low"),
            func.count().filter(active, available <= 0).label("out"),
            func.coalesce(func.sum(Product.current_stock), 0).label("units"),
        )
        .group_by(Product.category_id)
        .subquery()
    )
    return list(session.exec(
        select(Category.name, totals.c.products, totals.c.active, totals.c.cost, totals.c.retail, totals.c.low,
               totals.c.out, totals.c.units)
        .join(totals, totals.c.category_id == Category.id)
    ).all())


def _money(value) -> Decimal:
    return Decimal(str(value)).quantize(Decimal("0.01"))


def get_dashboard_stats(session: Session, *, sellers: list[TopSeller] | None = None) -> DashboardStats:
    """Every headline figure. `sellers` may be passed in (e.g. from a cache) instead of recomputed."""
    categories = _catalogue_by_category(session)
    by_category = sorted(
        (CategoryValue(name, n, _money(cost), _money(retail), int(units))
         for name, n, _, cost, retail, _, _, units in categories),
        key=lambda c: (-c.value_cost, c.category),
    )
    po_rows = session.exec(
        select(PurchaseOrder.status, func.count(), func.coalesce(func.sum(PurchaseOrder.total_amount), 0))
        .where(PurchaseOrder.status.in_(OPEN_PO_STATUSES))
        .group_by(PurchaseOrder.status)
    ).all()
    by_status = {str(s): 0 for s in OPEN_PO_STATUSES} | {s: n for s, n, _ in po_rows}
    po_value = sum((Decimal(str(v)) for _, _, v in po_rows), Decimal(0))
    by_severity = dict(
        session.exec(
            select(Alert.severity, func.count())
            .where(Alert.status.in_(OPEN_ALERT_STATUSES))
            .group_by(Alert.severity)
        ).all()
    )
    return DashboardStats(
        product_count=sum(row[1] for row in categories),
        active_product_count=sum(row[2] for row in categories),
        inventory_value_cost=sum((c.value_cost for c in by_category), Decimal("0.00")),
        inventory_value_retail=sum((c.value_retail for c in by_category), Decimal("0.00")),
        low_stock_count=sum(row[5] for row in categories),
        out_of_stock_count=sum(row[6] for row in categories),
        open_po_count=sum(by_status.values()),
        open_po_value=po_value.quantize(Decimal("0.01")),
        active_alert_count=sum(by_severity.values()),
        alerts_by_severity=by_severity,
        open_pos_by_status=by_status,
        top_sellers=top_sellers(session) if sellers is None else sellers,
        recent_activity=recent_activity(session),
        value_by_category=by_category,
    )
