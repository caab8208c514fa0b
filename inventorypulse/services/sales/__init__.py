"""Sales orders: drafts, the status lifecycle with stock reservation, shipping and returns.

Confirming an order reserves its stock (products.reserved_stock, a conditional UPDATE that can
never over-reserve); cancelling releases it; shipping turns the reservation into outbound `sale`
movements through the ledger; returns come back as inbound `return` movements.
"""

from .common import EDITABLE, RESERVING, TRANSITIONS, allowed_transitions, find_order, parse_status
from .fulfilment import DISPOSITIONS, FulfilmentResult, return_sales_order, ship_sales_order
from .lifecycle import CreditLimitExceeded, TransitionResult, open_exposure, transition_sales_order
from .orders import MAX_LINES, MAX_QUANTITY, compute_totals, create_sales_order, update_sales_order
from .queries import (
    OPEN,
    SalesOrderDetail,
    describe_movements,
    get_sales_order,
    lines_by_order,
    list_sales_orders,
    open_reservations,
    shippable_by_warehouse,
    status_times,
)

__all__ = [
    "DISPOSITIONS", "EDITABLE", "MAX_LINES", "MAX_QUANTITY", "OPEN", "RESERVING", "TRANSITIONS",
    "CreditLimitExceeded", "FulfilmentResult", "SalesOrderDetail", "TransitionResult", "allowed_transitions",
    "compute_totals", "create_sales_order", "describe_movements",
    "find_order", "get_sales_order", "lines_by_order", "list_sales_orders",
    "open_exposure", "open_reservations", "parse_status", "return_sales_order", "ship_sales_order",
    "shippable_by_warehouse", "status_times", "transition_sales_order", "update_sales_order",
]
