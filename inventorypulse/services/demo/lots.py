"""Lots of the lot-tracked products: one lot per receipt (and per opening balance).

Stock is consumed first-expired-first-out, which for a shelf that is restocked in
order means the remaining on-hand belongs to the newest receipts: walking each
product's receipts from newest to oldest, each lot keeps what is left of the on-hand.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np

from .catalogue import Products
from .simulation import OPENING, RECEIPT


@dataclass
class Lots:
    event: np.ndarray  # index of the ledger row that received the lot (sorted)
    product: np.ndarray
    warehouse: np.ndarray
    number: np.ndarray  # object array of str
    expiry_day: np.ndarray  # days after the simulation start
    quantity: np.ndarray  # remaining on hand

    def expiring_within(self, today_index: int, days: int) -> int:
        in_stock = self.quantity > 0
        soon = (self.expiry_day >= today_index) & (self.expiry_day <= today_index + days)
        return int((in_stock & soon).sum())


def build_lots(rng: np.random.Generator, ledger: dict[str, np.ndarray], p: Products,
               on_hand: np.ndarray, start: date, days: int) -> Lots:
    kind, product = ledger["kind"], ledger["product"]
    event = np.flatnonzero(((kind == OPENING) | (kind == RECEIPT)) & p.lot_tracked[product])
    prod = product[event].astype(np.int64)
    wh = ledger["warehouse"][event].astype(np.int64)
    day = ledger["day"][event].astype(np.int64)
    qty = ledger["quantity"][event].astype(np.int64)

    # Lot numbers count the lots received each day: LOT-20250314-00012.
    first_of_day = np.r_[0, np.flatnonzero(day[1:] != day[:-1]) + 1]
    seq = np.arange(event.size) - np.repeat(first_of_day, np.diff(np.r_[first_of_day, event.size])) + 1
    stamps = [(start + timedelta(days=d)).strftime("%Y%m%d") for d in range(days)]
    number = np.array([f"LOT-{stamps[d]}-{s:05d}" for d, s in zip(day.tolist(), seq.tolist())],
                      dtype=object)
    expiry = day + np.round(p.shelf_life[prod] * rng.uniform(0.85, 1.15, event.size)).astype(np.int64)

    # Newest first within each (product, warehouse): each lot keeps what the newer ones left.
    order = np.lexsort((-np.arange(event.size), wh, prod))
    key = prod[order] * 8 + wh[order]
    running = np.cumsum(qty[order])
    first = np.r_[True, key[1:] != key[:-1]]
    newer = running - qty[order] - (running - qty[order])[first][np.cumsum(first) - 1]
    remaining = np.empty_like(qty)
    remaining[order] = np.clip(on_hand[prod[order], wh[order]] - newer, 0, qty[order])

    lots = Lots(event, prod, wh, number, expiry, remaining)
    _make_some_expire_soon(rng, lots, days)
    return lots


def _make_some_expire_soon(rng: np.random.Generator, lots: Lots, today_index: int) -> None:
    """Guarantee a few in-stock lots expire within 30 days (the expiry alerts need them)."""
    wanted = max(3, int((lots.quantity > 0).sum() * 0.02))
    missing = wanted - lots.expiring_within(today_index, 30)
    # Shorten the oldest lot still in stock of some products (a short-dated delivery).
    in_stock = np.flatnonzero(lots.quantity > 0)  # in receipt order
    key = lots.product[in_stock] * 8 + lots.warehouse[in_stock]
    _, first = np.unique(key, return_index=True)
    oldest = in_stock[first]
    candidates = oldest[lots.expiry_day[oldest] > today_index + 30]
    if missing > 0 and candidates.size:
        pick = rng.choice(candidates, size=min(missing, candidates.size), replace=False)
        lots.expiry_day[pick] = today_index + rng.integers(5, 31, pick.size)
