"""Purchase orders: creating and editing drafts, the status lifecycle, receiving into stock.

Every unit received enters stock through the ledger (services.ledger.record_movement), with the
order number as the movement's reference.
"""

from .common import (
    RECEIVABLE,
    STATUS_ALIASES,
    TRANSITIONS,
    allowed_transitions,
    parse_status,
)
from .lifecycle import TransitionResult, transition_purchase_order
from .orders import UpdateResult, create_purchase_order, update_purchase_order
from .queries import (
    OPEN,
    PurchaseOrderDetail,
    count_by_status,
    get_purchase_order,
    lines_by_order,
    list_purchase_orders,
    receipts_of,
)
from .receiving import ReceiptResult, ReceivedLine, receive_purchase_order

__all__ = [
    "OPEN", "RECEIVABLE", "STATUS_ALIASES", "TRANSITIONS", "PurchaseOrderDetail", "ReceiptResult", "ReceivedLine",
    "TransitionResult", "UpdateResult", "allowed_transitions", "count_by_status", "create_purchase_order",
    "get_purchase_order", "lines_by_order", "list_purchase_orders", "parse_status", "receipts_of",
    "receive_purchase_order", "transition_purchase_order", "update_purchase_order",
]
