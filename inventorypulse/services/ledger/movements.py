"""Inbound, outbound and adjustment movements, one at a time or in batches.

Both paths are the same code: a single movement is a batch of one. A batch validates every entry
first (nothing is written if any is bad), applies all stock changes with one conditional UPDATE
(rows locked in a fixed (product, warehouse) order, so concurrent batches cannot deadlock), then
writes the ledger and audit rows with one multi-row INSERT each.
"""

from __future__ import annotations

import secrets
import time
from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from sqlalchemy import case, insert, literal, update
from sqlmodel import Session, select

from ...models import Product, StockMovement, User, Warehouse
from ...models.base import utcnow
from ...models.status import MovementStatus, MovementType, ReasonCode, ReferenceType
from .. import audit
from ..errors import FieldIssue, InsufficientStock, NotFound, ValidationFailed
from ..validation import Checker, to_cents
from .levels import add_lot, apply_changes, take_lots

ADJUSTMENT_REASONS = (
    ReasonCode.DAMAGED_GOODS, ReasonCode.COUNT_CORRECTION, ReasonCode.THEFT, ReasonCode.EXPIRED,
    ReasonCode.RETURN, ReasonCode.OTHER,
)
MAX_CLOCK_SKEW = timedelta(minutes=5)
MAX_BATCH = 5000
DEFAULT_REASON = {MovementType.INBOUND: ReasonCode.PURCHASE_RECEIPT, MovementType.OUTBOUND: ReasonCode.SALE}
DEFAULT_REFERENCE = {MovementType.ADJUSTMENT: ReferenceType.ADJUSTMENT, MovementType.OUTBOUND: ReferenceType.SALE}


@dataclass
class MovementSpec:
    """One requested movement, as a caller describes it."""

    product_id: str
    movement_type: str
    quantity: int
    warehouse: str | None = None
    unit_cost: Decimal | None = None
    reason_code: str | None = None
    reason_description: str | None = None
    reference_type: str | None = None
    reference_id: str | None = None
    lot_number: str | None = None
    expiration_date: date | None = None
    warehouse_location: str | None = None
    timestamp: datetime | None = None
    notes: str | None = None
    idempotency_key: str | None = None


@dataclass
class MovementResult:
    movements: list[StockMovement]
    warehouse_stock: int  # on-hand in the warehouse right after this movement
    product_stock: int  # on-hand over all warehouses once the whole batch is applied

    @property
    def movement_id(self) -> str:
        return self.movements[0].movement_id


def new_movement_id() -> str:
    """Time-ordered and unique without a shared counter (a counter row would serialise all writers)."""
    return f"MOV-{int(time.time() * 1000):011X}{secrets.token_hex(4).upper()}"


def check_common(c: Checker, *, reason_description, notes, timestamp, unit_cost) -> None:
    c.length("reason_description", reason_description, 500)
    c.length("notes", notes, 500)
    if timestamp is not None and _aware(timestamp) > utcnow() + MAX_CLOCK_SKEW:
        c.add("timestamp", "cannot be in the future")
    if unit_cost is not None:
        c.money("unit_cost", unit_cost)


def _aware(ts: datetime) -> datetime:
    """Naive timestamps from clients are taken as UTC."""
    return ts.replace(tzinfo=UTC) if ts.tzinfo is None else ts


def _check_spec(spec: MovementSpec) -> list[FieldIssue]:
    c = Checker()
    c.one_of("movement_type", spec.movement_type,
             [MovementType.INBOUND, MovementType.OUTBOUND, MovementType.ADJUSTMENT])
    if spec.movement_type == MovementType.TRANSFER:
        c.issues[-1].issue = "transfers move stock between warehouses: use POST /api/stock-transfers"
    if not isinstance(spec.quantity, int) or isinstance(spec.quantity, bool) or spec.quantity == 0:
        c.add("quantity", "must be a non-zero whole number")
    elif spec.movement_type == MovementType.INBOUND and spec.quantity < 0:
        c.add("quantity", "must be positive for inbound movements")
    if spec.movement_type == MovementType.ADJUSTMENT and c.require("reason_code", spec.reason_code):
        c.one_of("reason_code", spec.reason_code, ADJUSTMENT_REASONS)
    check_common(c, reason_description=spec.reason_description, notes=spec.notes, timestamp=spec.timestamp,
                 unit_cost=spec.unit_cost)
    return c.issues


def _delta(spec: MovementSpec) -> int:
    return -abs(spec.quantity) if spec.movement_type == MovementType.OUTBOUND else spec.quantity


def _resolve(session: Session, specs: list[MovementSpec]):
    """Products and warehouses of the batch, two queries in all."""
    codes = {s.product_id for s in specs}
    products = {p.product_id: p for p in session.exec(select(Product).where(Product.product_id.in_(codes)))}
    missing = sorted(codes - products.keys())
    if missing:
        raise NotFound(f"Product {', '.join(missing[:5])} not found.")
    warehouses = list(session.exec(select(Warehouse).order_by(Warehouse.is_default.desc(), Warehouse.id)))
    if not warehouses:
        raise NotFound("No warehouse is set up yet.")
    by_code = {w.code: w for w in warehouses}
    chosen = []
    for s in specs:
        wh = by_code.get(s.warehouse) if s.warehouse else warehouses[0]
        if wh is None:
            raise NotFound(f"Warehouse {s.warehouse} not found.")
        if not wh.is_active:
            raise ValidationFailed.for_field("warehouse", f"warehouse {wh.code} is inactive")
        chosen.append(wh)
    return [products[s.product_id] for s in specs], chosen


def _lot_issues(spec: MovementSpec, product: Product) -> list[FieldIssue]:
    if _delta(spec) <= 0:
        return []
    issues = []
    if product.lot_tracking and not spec.lot_number:
        issues.append(FieldIssue("lot_number", "is required to add stock of a lot-tracked product"))
    if product.expiration_tracking and spec.expiration_date is None:
        issues.append(FieldIssue("expiration_date", "is required to add stock of this product"))
    return issues


def _raise_all(per_spec: list[list[FieldIssue]]) -> None:
    prefix = len(per_spec) > 1
    c = Checker()
    for i, found in enumerate(per_spec):
        for x in found:
            c.add(f"movements[{i}].{x.field}" if prefix else x.field, x.issue)
    c.done()


def _portions(session, spec, product, wh, delta) -> list[tuple[str | None, date | None, int]]:
    """(lot, expiry, signed quantity) parts of one movement: lot-tracked stock leaves lot by lot."""
    if delta < 0 and product.lot_tracking:
        return [(lot, expiry, -qty) for lot, expiry, qty in take_lots(session, product, wh, -delta, spec.lot_number)]
    if delta > 0 and spec.lot_number:
        add_lot(session, product, wh, spec.lot_number, spec.expiration_date, delta)
    return [(spec.lot_number, spec.expiration_date, delta)]


def record_movements(session: Session, *, specs: list[MovementSpec], user: User) -> list[MovementResult]:
    """Record many movements in the caller's transaction: all of them, or none if any is refused.

    Inbound quantities are positive; outbound may be given either way and always takes stock out;
    adjustments are signed and need a reason code. Lot-tracked products need a lot number to
    receive; taking stock out consumes the given lot, or earliest expiry first.
    """
    if not 1 <= len(specs) <= MAX_BATCH:
        raise ValidationFailed.for_field("movements", f"must hold 1 to {MAX_BATCH} movements")
    _raise_all([_check_spec(s) for s in specs])
    products, warehouses = _resolve(session, specs)
    _raise_all([_lot_issues(s, p) for s, p in zip(specs, products, strict=True)])

    now = utcnow()
    rows: list[dict] = []
    owner: list[int] = []  # index of the spec each row belongs to
    on_hand_after: dict[int, int] = {}
    net: dict[int, int] = defaultdict(int)
    batch = audit.AuditBatch(user.id)
    # Fixed lock order (product, warehouse); a stable sort keeps each pair's own order.
    levels_after = apply_changes(session, [(p, w, _delta(s)) for s, p, w in zip(specs, products, warehouses,
                                                                                  strict=True)])
    for i in range(len(specs)):
        spec, product, wh, delta = specs[i], products[i], warehouses[i], _delta(specs[i])
        new_on_hand = levels_after[i]
        on_hand_after[i], stock = new_on_hand, new_on_hand - delta
        net[product.id] += delta
        cost = to_cents(spec.unit_cost) if spec.unit_cost is not None else product.cost_price
        for n, (lot, expiry, qty) in enumerate(_portions(session, spec, product, wh, delta)):
            row = dict(
                movement_id=new_movement_id(), product_id=product.id, warehouse_id=wh.id,
                movement_type=spec.movement_type, quantity=qty, unit_cost=cost, total_value=to_cents(cost * qty),
                stock_before=stock, stock_after=stock + qty,
                reference_type=spec.reference_type or DEFAULT_REFERENCE.get(spec.movement_type),
                reference_id=spec.reference_id, reason_code=spec.reason_code or DEFAULT_REASON.get(spec.movement_type),
                reason_description=spec.reason_description,
                warehouse_location=spec.warehouse_location or product.warehouse_location, lot_number=lot,
                expiration_date=expiry, transfer_id=None, timestamp=_aware(spec.timestamp) if spec.timestamp else now,
                processed_by=user.id, approved_by=user.id if spec.movement_type == MovementType.ADJUSTMENT else None,
                status=MovementStatus.COMPLETED.value, idempotency_key=spec.idempotency_key if n == 0 else None,
                notes=spec.notes, created_at=now,
            )
            stock += qty
            rows.append(row)
            owner.append(i)
            batch.add("stock_movement", row["movement_id"], spec.movement_type,
                      {"product_id": product.product_id, "warehouse": wh.code, "quantity": qty,
                       "stock_after": row["stock_after"]})

    totals = _apply_totals(session, net, now)
    table = StockMovement.__table__
    ids = session.execute(insert(table).returning(table.c.id, sort_by_parameter_order=True), rows).scalars().all()
    batch.write(session)
    for product in {p.id: p for p in products}.values():
        session.expire(product, ["current_stock", "updated_at"])

    grouped: dict[int, list[StockMovement]] = defaultdict(list)
    for row, row_id, i in zip(rows, ids, owner, strict=True):
        # Rows were validated above and just written: build the result objects without re-validating.
        grouped[i].append(StockMovement.model_construct(id=row_id, **row))
    return [MovementResult(grouped[i], on_hand_after[i], totals[products[i].id]) for i in range(len(specs))]


def _apply_totals(session: Session, net: dict[int, int], now: datetime) -> dict[int, int]:
    """Add each product's net change to its total: one UPDATE for the whole batch.

    Rows are locked first in product-id order (PostgreSQL), the same order every writer uses.
    """
    table = Product.__table__
    ids = sorted(net)
    if session.get_bind().dialect.name == "postgresql":
        session.execute(select(table.c.id).where(table.c.id.in_(ids)).order_by(table.c.id).with_for_update())
    _refuse_reserved(session, {pid: -n for pid, n in net.items() if n < 0})
    change = case({pid: literal(net[pid]) for pid in ids}, value=table.c.id, else_=literal(0))
    stmt = (update(table).where(table.c.id.in_(ids))
            .values(current_stock=table.c.current_stock + change, updated_at=now)
            .returning(table.c.id, table.c.current_stock))
    return dict(session.execute(stmt).tuples().all())


def _refuse_reserved(session: Session, taken: dict[int, int]) -> None:
    """Stock reserved for sales orders stays on the shelf: name it, rather than letting the
    reserved <= current CHECK fail with a bare conflict (the CHECK stays as the last guard)."""
    if not taken:
        return
    table = Product.__table__
    rows = session.execute(select(table.c.id, table.c.product_id, table.c.current_stock, table.c.reserved_stock)
                           .where(table.c.id.in_(taken), table.c.reserved_stock > 0)).all()
    for pid, code, current, reserved in rows:
        if current - taken[pid] < reserved:
            raise InsufficientStock(
                f"Only {max(current - reserved, 0)} of {code} are free to take: {reserved} of the {current} in "
                f"stock are reserved for sales orders; cannot take {taken[pid]}. Ship or cancel those orders first.")


def record_movement(session: Session, *, user: User, **fields) -> MovementResult:
    """One movement (see record_movements); keyword arguments are the MovementSpec fields."""
    return record_movements(session, specs=[MovementSpec(**fields)], user=user)[0]
