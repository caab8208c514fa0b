"""Day-by-day stock simulation, vectorised across products.

Every day: purchase-order deliveries arrive (07:00-09:00), customers buy what is on the
shelf (09:00-19:00, lost sales are not recorded), and at the end of the day every product
whose inventory position (on hand + on order) is at or below its reorder point is ordered
from its primary supplier; the day's orders are grouped into one purchase order per
supplier and destination warehouse. The result is a column-wise ledger in time order.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from .catalogue import (
    ACTIVE,
    DISCONTINUED,
    FAST,
    INTERMITTENT,
    PENDING,
    SLOW,
    Products,
    SupplierTable,
)
from .demand import DemandModel

OPENING, RECEIPT, SALE = 0, 1, 2  # movement kinds
ORDERED, CANCELLED, PARTIAL = 0, 1, 2  # purchase order fates decided during the simulation
HOUR = 3600
N_WAREHOUSES = 3


@dataclass
class Disruptions:
    """Why a few products end up at or below their reorder point with no open order."""

    stop_ordering_from: np.ndarray  # day from which a product is never reordered
    failed_supplier: int  # its orders from `failure_day` on are cancelled, not re-sourced
    failure_day: int


def plan_disruptions(rng: np.random.Generator, p: Products, suppliers: SupplierTable,
                     days: int) -> Disruptions:
    never = days + 1
    stop = np.full(p.n, never, dtype=np.int64)
    # Discontinued products are sold down: no reorders after the discontinuation day.
    discontinued = p.status == DISCONTINUED
    stop[discontinued] = rng.integers(days // 3, max(days // 3 + 1, days - 20), int(discontinued.sum()))
    active = p.status == ACTIVE
    # Forgotten reorders: some regular sellers are not reordered in the last days or weeks.
    regular = np.flatnonzero(active & (p.demand_class != SLOW))
    forgotten = rng.choice(regular, size=min(regular.size, round(regular.size * 0.06)), replace=False)
    stop[forgotten] = days - rng.integers(5, 21, forgotten.size)
    # Two fast movers stop being reordered long enough ago to run out completely.
    candidates = np.flatnonzero(active & (p.demand_class == FAST) & (p.second_warehouse < 0))
    if candidates.size < 2:
        candidates = np.flatnonzero(active & (p.second_warehouse < 0) & (p.demand_class == INTERMITTENT))
    out = rng.choice(candidates, size=min(2, candidates.size), replace=False)
    stop[out] = days - min(90, days // 2)
    # The failing supplier: the smallest non-preferred one (its products cannot be re-sourced
    # before the end, so they stay short).
    counts = np.bincount(p.primary_supplier[active], minlength=len(suppliers.rows))
    preferred = np.array([s["preferred"] for s in suppliers.rows])
    eligible = np.flatnonzero(~preferred & (counts > 0))
    if eligible.size == 0:
        eligible = np.flatnonzero(counts > 0)
    smallest = eligible[np.argmin(counts[eligible])]
    return Disruptions(stop, int(smallest), days - min(21, days // 4))


class Ledger:
    """Movements appended in time order; `columns()` concatenates them."""

    names = ("product", "warehouse", "kind", "day", "second", "quantity", "before", "line")
    dtypes = (np.int32, np.int8, np.int8, np.int16, np.int32, np.int32, np.int32, np.int32)

    def __init__(self) -> None:
        self.parts: list[tuple[np.ndarray, ...]] = []

    def add(self, product, warehouse, kind, day, second, quantity, before, line=-1) -> None:
        size = len(product)
        if size:
            values = (product, warehouse, kind, day, second, quantity, before, line)
            self.parts.append(tuple(
                np.broadcast_to(np.asarray(v, dtype=t), (size,)) for v, t in zip(values, self.dtypes)
            ))

    def columns(self) -> dict[str, np.ndarray]:
        cols = {name: np.concatenate([part[i] for part in self.parts])
                for i, name in enumerate(self.names)}
        self.parts = []
        return cols


@dataclass
class PurchaseLog:
    """Purchase orders and lines as placed by the simulation (column lists per day)."""

    po: dict[str, list] = field(default_factory=lambda: {
        k: [] for k in ("supplier", "warehouse", "order_day", "order_second", "expected_day",
                        "arrival_day", "receipt_second", "fate", "cancel_day")})
    line: dict[str, list] = field(default_factory=lambda: {
        k: [] for k in ("po", "line_no", "product", "quantity", "received", "cost_cents")})
    count: int = 0
    line_count: int = 0

    def arrays(self) -> tuple[dict[str, np.ndarray], dict[str, np.ndarray]]:
        def cat(d):
            return {k: np.concatenate(v) if v else np.zeros(0, dtype=np.int64) for k, v in d.items()}
        return cat(self.po), cat(self.line)


@dataclass
class SimulationResult:
    ledger: dict[str, np.ndarray]
    purchase_orders: dict[str, np.ndarray]
    lines: dict[str, np.ndarray]
    on_hand: np.ndarray  # [product, warehouse] at the end
    on_order: np.ndarray
    units_sold: int
    units_lost: int


def _apply_in_order(products: np.ndarray, quantity: np.ndarray, stock: np.ndarray) -> np.ndarray:
    """Add `quantity` to `stock` row by row (products may repeat); return each row's stock before."""
    order = np.argsort(products, kind="stable")
    p, q = products[order], quantity[order]
    running = np.cumsum(q)
    first = np.r_[True, p[1:] != p[:-1]]
    group = np.cumsum(first) - 1
    earlier = running - q - (running - q)[first][group]
    before = np.empty_like(q)
    before[order] = stock[p] + earlier
    np.add.at(stock, products, quantity)
    return before


class StockSimulation:
    def __init__(self, rng: np.random.Generator, p: Products, suppliers: SupplierTable,
                 demand: DemandModel, disruptions: Disruptions, days: int, first_weekday: int) -> None:
        self.rng, self.p, self.suppliers, self.demand = rng, p, suppliers, demand
        self.disruptions, self.days, self.first_weekday = disruptions, days, first_weekday
        self.on_home = np.zeros(p.n, dtype=np.int64)
        self.on_second = p.opening_second.astype(np.int64)
        self.on_order = np.zeros(p.n, dtype=np.int64)
        self.blocked = np.zeros(p.n, dtype=bool)  # re-sourcing after the supplier failure never happened
        self.ledger = Ledger()
        self.log = PurchaseLog()
        self.arrivals: dict[int, list[tuple[np.ndarray, ...]]] = {}
        self.cancellations: dict[int, list[tuple[np.ndarray, np.ndarray]]] = {}
        self.partial_budget = 2
        self.units_sold = self.units_lost = 0

    def run(self) -> SimulationResult:
        self._opening_balances()
        for day in range(self.days):
            self._cancel_failed_orders(day)
            self._receive(day)
            self._sell(day)
            self._reorder(day)
        po, lines = self.log.arrays()
        on_hand = np.zeros((self.p.n, N_WAREHOUSES), dtype=np.int64)
        on_hand[np.arange(self.p.n), self.p.home_warehouse] = self.on_home
        second = self.p.second_warehouse >= 0
        on_hand[np.flatnonzero(second), self.p.second_warehouse[second]] += self.on_second[second]
        return SimulationResult(self.ledger.columns(), po, lines, on_hand, self.on_order,
                                self.units_sold, self.units_lost)

    def _opening_balances(self) -> None:
        p = self.p
        home = np.flatnonzero(p.opening_home > 0)
        self.on_home[home] = p.opening_home[home]
        self.ledger.add(home, p.home_warehouse[home], OPENING, 0,
                        6 * HOUR + self.rng.integers(0, HOUR, home.size), p.opening_home[home], 0)
        second = np.flatnonzero(p.opening_second > 0)
        self.ledger.add(second, p.second_warehouse[second], OPENING, 0,
                        6 * HOUR + self.rng.integers(0, HOUR, second.size), p.opening_second[second], 0)

    def _cancel_failed_orders(self, day: int) -> None:
        for product, quantity in self.cancellations.pop(day, []):
            np.subtract.at(self.on_order, product, quantity)
            self.blocked[product] = True

    def _receive(self, day: int) -> None:
        batches = self.arrivals.pop(day, None)
        if not batches:
            return
        lines = np.concatenate([b[0] for b in batches])
        product = np.concatenate([b[1] for b in batches])
        quantity = np.concatenate([b[2] for b in batches])
        second = np.concatenate([b[3] for b in batches])
        order = np.lexsort((lines, second))  # receipts in time order
        lines, product, quantity, second = lines[order], product[order], quantity[order], second[order]
        np.subtract.at(self.on_order, product, quantity)
        before = _apply_in_order(product, quantity, self.on_home)
        self.ledger.add(product, self.p.home_warehouse[product], RECEIPT, day, second, quantity,
                        before, lines)

    def _sell(self, day: int) -> None:
        wanted = self.demand.sample(day)
        sold = np.minimum(wanted, self.on_home)
        self.units_sold += int(sold.sum())
        self.units_lost += int((wanted - sold).sum())
        idx = np.flatnonzero(sold)
        before = self.on_home[idx]
        self.on_home[idx] -= sold[idx]
        seconds = self.rng.integers(9 * HOUR, 19 * HOUR, idx.size)
        self.ledger.add(idx, self.p.home_warehouse[idx], SALE, day, seconds, -sold[idx], before)

    def _reorder(self, day: int) -> None:
        p, d = self.p, self.disruptions
        position = self.on_home + self.on_second + self.on_order
        ordering_day = self.suppliers.order_weekdays[:, (self.first_weekday + day) % 7]
        may_order = (ordering_day[p.primary_supplier] & (p.status != PENDING)
                     & (day < d.stop_ordering_from) & ~self.blocked)
        trig = np.flatnonzero(may_order & (position <= p.threshold))
        if trig.size == 0:
            return
        # Order the reorder quantity (a multiple of the case pack), more if far below the point.
        times = np.maximum(1, -(-(p.threshold[trig] - position[trig] + 1) // p.reorder_qty[trig]))
        quantity = p.reorder_qty[trig] * times
        self.on_order[trig] += quantity
        key = p.primary_supplier[trig] * N_WAREHOUSES + p.home_warehouse[trig]
        order = np.lexsort((trig, key))
        trig, quantity, key = trig[order], quantity[order], key[order]
        starts = np.flatnonzero(np.r_[True, key[1:] != key[:-1]])
        sizes = np.diff(np.r_[starts, key.size])
        n_po = starts.size
        po_ids = self.log.count + np.arange(n_po)
        line_po = np.repeat(po_ids, sizes)
        line_no = np.arange(key.size) - np.repeat(starts, sizes) + 1
        supplier = key[starts] // N_WAREHOUSES
        lead = self.suppliers.lead_time[supplier]
        late = self.rng.random(n_po) > self.suppliers.on_time_rate[supplier]
        delay = np.where(late, 1 + (self.rng.random(n_po) * np.maximum(2, lead // 3)).astype(np.int64),
                         -(self.rng.random(n_po) < 0.1).astype(np.int64))
        arrival = np.maximum(day + 1, day + lead + delay)
        receipt_second = self.rng.integers(7 * HOUR, 9 * HOUR, n_po)
        fate = np.full(n_po, ORDERED)
        fate[(supplier == d.failed_supplier) & (day >= d.failure_day)] = CANCELLED
        received = quantity.copy()
        self._maybe_partial(day, fate, arrival, starts, sizes, quantity, received)

        line_ids = self.log.line_count + np.arange(key.size)
        cancel_day = np.where(fate == CANCELLED, day + self.rng.integers(2, 5, n_po), -1)
        for i in range(n_po):
            sl = slice(starts[i], starts[i] + sizes[i])
            if fate[i] == CANCELLED:
                self.cancellations.setdefault(int(cancel_day[i]), []).append((trig[sl], quantity[sl]))
                continue
            keep = received[sl] > 0
            self.arrivals.setdefault(int(arrival[i]), []).append((
                line_ids[sl][keep], trig[sl][keep], received[sl][keep],
                np.full(int(keep.sum()), receipt_second[i])))
        self._log(day, supplier, key[starts] % N_WAREHOUSES, lead, arrival, receipt_second, fate,
                  cancel_day, line_po, line_no, trig, quantity, received)

    def _maybe_partial(self, day, fate, arrival, starts, sizes, quantity, received) -> None:
        """One or two orders delivered near the end arrive incomplete (rest back-ordered)."""
        if self.partial_budget == 0 or day < self.days - 20:
            return
        for i in np.flatnonzero((fate == ORDERED) & (arrival >= self.days - 12) & (arrival < self.days)):
            sl = slice(starts[i], starts[i] + sizes[i])
            big = np.flatnonzero(quantity[sl] >= 2)
            if big.size == 0:
                continue
            short = starts[i] + big[0]
            received[short] = max(1, min(quantity[short] - 1, int(quantity[short] * self.rng.uniform(0.3, 0.8))))
            others = np.arange(starts[i], starts[i] + sizes[i])
            others = others[others != short]
            received[others] = np.where(self.rng.random(others.size) < 0.5, quantity[others], 0)
            fate[i] = PARTIAL
            self.partial_budget -= 1
            if self.partial_budget == 0:
                return

    def _log(self, day, supplier, warehouse, lead, arrival, receipt_second, fate, cancel_day,
             line_po, line_no, product, quantity, received) -> None:
        n_po = supplier.size
        po, line = self.log.po, self.log.line
        po["supplier"].append(supplier)
        po["warehouse"].append(warehouse)
        po["order_day"].append(np.full(n_po, day))
        po["order_second"].append(self.rng.integers(16 * HOUR, 18 * HOUR, n_po))
        po["expected_day"].append(day + lead)
        po["arrival_day"].append(arrival)
        po["receipt_second"].append(receipt_second)
        po["fate"].append(fate)
        po["cancel_day"].append(cancel_day)
        line["po"].append(line_po)
        line["line_no"].append(line_no)
        line["product"].append(product)
        line["quantity"].append(quantity)
        line["received"].append(received)
        line["cost_cents"].append(self.p.cost_cents[product])
        self.log.count += n_po
        self.log.line_count += product.size
