"""Purchase order lifecycle rules and lookups shared by the purchasing modules."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlmodel import Session, select

from ...models import PurchaseOrder
from ...models.status import PurchaseOrderStatus as S
from ..errors import NotFound, ValidationFailed
from ..validation import normalise_code

ENTITY = "purchase_order"

# Transitions a user may request. partially_received and received are reached only by
# receiving goods (POST …/receive), so stock and the order can never disagree.
TRANSITIONS: dict[S, tuple[S, ...]] = {
    S.DRAFT: (S.SENT, S.CANCELLED),
    S.SENT: (S.ACKNOWLEDGED, S.SHIPPED, S.CANCELLED),
    S.ACKNOWLEDGED: (S.SHIPPED, S.CANCELLED),
    S.SHIPPED: (S.CANCELLED,),
    S.PARTIALLY_RECEIVED: (),  # something is in stock: no cancelling, the rest is received
    S.RECEIVED: (),
    S.CANCELLED: (),
}
RECEIVABLE = (S.SENT, S.ACKNOWLEDGED, S.SHIPPED, S.PARTIALLY_RECEIVED)

# Seed 000 calls the supplier's acknowledgement "confirmed".
STATUS_ALIASES = {"confirmed": S.ACKNOWLEDGED}


def allowed_transitions(status: str) -> list[str]:
    return [str(s) for s in TRANSITIONS.get(S(status), ())]


def parse_status(value: str | None, field: str = "status") -> S:
    text = (value or "").strip().lower()
    text = STATUS_ALIASES.get(text, text)
    if text not in S.__members__.values():
        raise ValidationFailed.for_field(field, f"must be one of: {', '.join(S)}")
    return S(text)


def aware(value: datetime | None) -> datetime | None:
    """Datetimes without a zone are taken as UTC; all are stored in UTC."""
    if value is None:
        return None
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def find_order(session: Session, order_number: str, *, lock: bool = False) -> PurchaseOrder:
    """The order with this number; `lock` holds its row until commit (PostgreSQL) so that
    edits, transitions and receipts of one order run one after the other."""
    number = normalise_code(order_number) or ""
    stmt = select(PurchaseOrder).where(PurchaseOrder.order_number == number)
    if lock:
        # A request that waited for the lock must see the committed row, not a cached copy.
        stmt = stmt.with_for_update().execution_options(populate_existing=True)
    order = session.exec(stmt).first()
    if order is None:
        raise NotFound(f"Purchase order {number} not found.")
    return order
