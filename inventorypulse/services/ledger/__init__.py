"""The stock ledger: the one way stock changes.

Every change is an atomic conditional UPDATE of the product × warehouse stock level
(`on_hand + delta >= reserved`) followed by immutable movement rows carrying stock_before and
stock_after. The UPDATE both checks availability and takes the row lock (PostgreSQL) or the
write lock (SQLite), so concurrent requests can never oversell or break the chain, and each
business operation is one transaction: on any error nothing is written.
"""

from .movements import (
    ADJUSTMENT_REASONS,
    MAX_CLOCK_SKEW,
    MovementResult,
    MovementSpec,
    new_movement_id,
    record_movement,
    record_movements,
)
from .queries import get_product, get_warehouse, list_movements, stock_by_warehouse
from .transfers import TransferResult, transfer_stock

__all__ = [
    "ADJUSTMENT_REASONS", "MAX_CLOCK_SKEW", "MovementResult", "MovementSpec", "TransferResult", "get_product",
    "get_warehouse", "list_movements", "new_movement_id", "record_movement", "record_movements", "stock_by_warehouse",
    "transfer_stock",
]
