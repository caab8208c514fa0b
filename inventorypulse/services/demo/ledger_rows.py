"""The simulated ledger formatted as stock_movements rows (the one really big table).

Rows are built chunk by chunk from the column arrays, with timestamps pre-formatted in the
database's own text format. Like the app's ledger: total_value = quantity x unit_cost
(negative when stock goes out), warehouse_location = the product's location, receipts are
described by purchase order and line, sales reference their sales order (reference type
`sales_order`, reason `sale`), as services/sales/fulfilment.py records a shipment.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from itertools import repeat

import numpy as np

from .catalogue import Products
from .lots import Lots
from .purchasing import PurchaseOrders
from .simulation import RECEIPT, SALE, SimulationResult

HOUR = 3600
COLUMNS = [
    "id", "movement_id", "product_id", "warehouse_id", "movement_type", "quantity", "unit_cost",
    "total_value", "stock_before", "stock_after", "reference_type", "reference_id", "reason_code",
    "reason_description", "warehouse_location", "lot_number", "expiration_date", "timestamp",
    "processed_by", "status", "created_at",
]
# Sales are 90+ % of the rows: on SQLite they bind only these and give the rest as constants.
SALE_COLUMNS = [
    "id", "movement_id", "product_id", "warehouse_id", "quantity", "unit_cost", "total_value",
    "stock_before", "stock_after", "reference_id", "warehouse_location", "timestamp",
]
# Indexed by movement kind: OPENING, RECEIPT, SALE.
# Opening balances are inbound stock with reason opening_balance, as the product service records them.
MOVEMENT_TYPE = np.array(["inbound", "inbound", "outbound"], dtype=object)
REFERENCE_TYPE = np.array(["opening_balance", "purchase_order", "sales_order"], dtype=object)
REASON_CODE = np.array(["opening_balance", "purchase_receipt", "sale"], dtype=object)
REASON_TEXT = np.array(["Opening balance at go-live", None, None], dtype=object)  # receipts: per line


@dataclass
class Block:
    """Rows lo..hi-1 of the ledger, all sales or all other kinds."""

    lo: int
    hi: int
    sales: bool


def date_strings(start: date, count: int) -> np.ndarray:
    return np.array([(start + timedelta(days=d)).isoformat() for d in range(count)], dtype=object)


class Clock:
    """Timestamps of (day, second) arrays in the database's text format (see BulkWriter.time_suffix)."""

    def __init__(self, start: date, days: int, time_suffix: str) -> None:
        self.day_prefix = date_strings(start, days) + " "
        self.seconds = np.array([f"{s // 3600:02d}:{s // 60 % 60:02d}:{s % 60:02d}{time_suffix}"
                                 for s in range(24 * HOUR)], dtype=object)

    def at(self, day: np.ndarray, second: np.ndarray) -> np.ndarray:
        return self.day_prefix[day] + self.seconds[second]


class LedgerRows:
    def __init__(self, sim: SimulationResult, p: Products, pos: PurchaseOrders, lots: Lots,
                 locations: np.ndarray, start: date, clock: Clock, sale_reference: np.ndarray,
                 users: dict[str, int]) -> None:
        """`sale_reference`: the order number of each ledger row that is a sale."""
        self.ledger, self.lines, self.lots, self.locations = sim.ledger, sim.lines, lots, locations
        self.cost_cents = p.cost_cents
        self.clock = clock
        self.sale_reference = sale_reference
        self.receipt_reference = np.array(pos.numbers, dtype=object)[pos.sim_to_final[sim.lines["po"]]]
        self.expiry_dates = date_strings(start, int(lots.expiry_day.max(initial=0)) + 1)
        self.processed_by = np.array([users["manager"], users["staff"], users["staff"]])
        self.sale_constants = {"movement_type": "outbound", "reference_type": "sales_order", "reason_code": "sale",
                               "processed_by": users["staff"], "status": "completed"}

    def __len__(self) -> int:
        return self.ledger["kind"].size

    def blocks(self, chunk: int = 50_000) -> Iterator[Block]:
        """Runs of sales / non-sales rows in id order (each day: receipts, then sales)."""
        is_sale = self.ledger["kind"] == SALE
        edges = np.r_[0, np.flatnonzero(is_sale[1:] != is_sale[:-1]) + 1, is_sale.size]
        for lo, hi in zip(edges[:-1].tolist(), edges[1:].tolist()):
            for start in range(lo, hi, chunk):
                yield Block(start, min(start + chunk, hi), bool(is_sale[lo]))

    def _common(self, lo: int, hi: int) -> tuple:
        """Columns every row has: id .. stock_after (without the type), location, timestamp."""
        led = self.ledger
        product = led["product"][lo:hi]
        qty = led["quantity"][lo:hi].astype(np.int64)
        before = led["before"][lo:hi].astype(np.int64)
        cost = self.cost_cents[product]
        ids = range(lo + 1, hi + 1)
        stamp = self.clock.at(led["day"][lo:hi], led["second"][lo:hi]).tolist()
        return (ids, [f"MOV-{i:010d}" for i in ids], (product + 1).tolist(), (led["warehouse"][lo:hi] + 1).tolist(),
                qty.tolist(), (cost / 100).tolist(), (qty * cost / 100).tolist(), before.tolist(),
                (before + qty).tolist(), self.locations[product].tolist(), stamp)

    def sale_rows(self, block: Block) -> Iterator[tuple]:
        """SALE_COLUMNS of a sales block."""
        ids, mid, product, warehouse, qty, unit, total, before, after, location, stamp = self._common(block.lo,
                                                                                                      block.hi)
        reference = self.sale_reference[block.lo:block.hi].tolist()
        return zip(ids, mid, product, warehouse, qty, unit, total, before, after, reference, location, stamp)

    def rows(self, lo: int, hi: int) -> Iterator[tuple]:
        """All COLUMNS of rows lo..hi-1, whatever their kind."""
        led = self.ledger
        kind = led["kind"][lo:hi]
        ids, mid, product, warehouse, qty, unit, total, before, after, location, stamp = self._common(lo, hi)
        reference = self.sale_reference[lo:hi].copy()
        description = REASON_TEXT[kind]
        receipt = np.flatnonzero(kind == RECEIPT)
        line = led["line"][lo:hi][receipt]
        reference[receipt] = self.receipt_reference[line]
        description[receipt] = [f"Receipt against {number} line {n}"
                                for number, n in zip(reference[receipt], self.lines["line_no"][line].tolist())]
        lot_number = np.full(hi - lo, None, dtype=object)
        expiry = np.full(hi - lo, None, dtype=object)
        first, last = np.searchsorted(self.lots.event, [lo, hi])
        at_rows = self.lots.event[first:last] - lo
        lot_number[at_rows] = self.lots.number[first:last]
        expiry[at_rows] = self.expiry_dates[self.lots.expiry_day[first:last]]
        return zip(ids, mid, product, warehouse, MOVEMENT_TYPE[kind].tolist(), qty, unit, total, before, after,
                   REFERENCE_TYPE[kind].tolist(), reference.tolist(), REASON_CODE[kind].tolist(),
                   description.tolist(), location, lot_number.tolist(), expiry.tolist(), stamp,
                   self.processed_by[kind].tolist(), repeat("completed"), stamp)

    def all_rows(self, chunk: int = 50_000) -> Iterator[tuple]:
        for lo in range(0, len(self), chunk):
            yield from self.rows(lo, min(lo + chunk, len(self)))
