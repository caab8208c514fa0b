"""Sales orders behind the simulated sales (seeds 002/004), numbered ORD-YYYY-NNNNNN per year.

Each day's sales (one ledger row per product sold that day) are dealt out to that day's orders:
a customer each (one who had joined by then), one to a few lines for a household, more for a
business account. An order is placed, then shipped in one go later that day: its sale movements
take the shipment time and reference the order, as services/sales/fulfilment.py records them.
Totals are services/sales/orders.compute_totals in integer cents. Old orders are completed,
recent ones delivered or still on their way; the last evening leaves a few orders open.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np

from ..customers import CREDIT_TERMS, TERMS_DAYS
from .catalogue import ACTIVE, Products
from .simulation import SALE, SimulationResult
from .vocab import STATE_SALES_TAX

HOUR = 3600
RETAIL, ONLINE, WHOLESALE = 0, 1, 2
CHANNELS = np.array(["retail", "online", "wholesale"], dtype=object)
SHIPPING_METHODS = np.array(["In-store pickup", "Parcel ground", "Local delivery"], dtype=object)
SHIPPING_FEE_CENTS = np.array([0, 795, 2_500])
FREE_SHIPPING_FROM_CENTS = np.array([0, 7_500, 50_000])
DELIVERED_FOR = 7  # days an order stays "delivered" before it is closed as completed
# The last evening's orders, not shipped yet: (status, reserves stock).
OPEN_ORDERS = [("confirmed", True)] * 6 + [("pending", False)] * 3 + [("draft", False)] * 2 + \
    [("cancelled", False)]


@dataclass
class Customers:
    """What the orders need of the customer rows (index = customer id - 1)."""

    created_day: np.ndarray  # days after the simulation start
    business: np.ndarray
    tax_e4: np.ndarray  # sales tax rate x 10^4
    terms_days: np.ndarray
    on_credit: np.ndarray  # payment terms that let a balance build up
    weight: np.ndarray  # share of the orders

    @classmethod
    def from_rows(cls, rng: np.random.Generator, rows: list[dict], start: date) -> Customers:
        business = np.array([r["customer_type"] == "business" for r in rows])
        taxed = [r["tax_id"] is None for r in rows]
        return cls(
            np.array([(r["created_at"].date() - start).days for r in rows]), business,
            np.array([round(float(STATE_SALES_TAX[r["state"]]) * 10**4) if t else 0 for r, t in zip(rows, taxed)]),
            np.array([TERMS_DAYS[r["payment_terms"]] for r in rows]),
            np.array([r["payment_terms"] in CREDIT_TERMS for r in rows]),
            np.exp(0.6 * rng.standard_normal(len(rows))) * np.where(business, 1.2, 1.0))


@dataclass
class SalesBook:
    orders: dict[str, np.ndarray]  # index = order id - 1, in order-date order; amounts in cents
    lines: dict[str, np.ndarray]  # sorted by (order, line_no); `sale` = ledger row, -1 if not shipped
    numbers: np.ndarray  # ORD-YYYY-NNNNNN
    statuses: np.ndarray
    sequences: dict[str, int]
    reserved: np.ndarray  # per product: units held by confirmed orders

    @property
    def shipped(self) -> np.ndarray:
        return self.orders["shipped"] >= 0

    def reference_of_rows(self, size: int) -> np.ndarray:
        """Order number of each ledger row (None for rows that are not sales)."""
        out = np.full(size, None, dtype=object)
        shipped = self.lines["sale"] >= 0
        out[self.lines["sale"][shipped]] = self.numbers[self.lines["order"][shipped]]
        return out


def _deal(rng, sale_rows: np.ndarray, sale_day: np.ndarray, c: Customers, days: int):
    """(order customer, order day, line ledger row, line order) of every day's sales."""
    bounds = np.searchsorted(sale_day, np.arange(days + 1))
    # A bigger catalogue means more orders and bigger baskets: both grow with its square root
    # (about 80 product sales a day, 300 products, need no scaling).
    basket = max(1.0, float(np.sqrt(sale_rows.size / max(days, 1) / 80)))
    customers, order_days, rows, owners = [], [], [], []
    count = 0
    for d in range(days):
        lo, hi = int(bounds[d]), int(bounds[d + 1])
        n = hi - lo
        if n == 0:
            continue
        joined = np.flatnonzero(c.created_day < d)
        who = rng.choice(joined, size=n, p=c.weight[joined] / c.weight[joined].sum())
        size = np.where(c.business[who], 2 + rng.poisson(3.0 * basket, n), 1 + rng.poisson(0.8 * basket, n))
        ends = np.cumsum(size)
        k = int(np.searchsorted(ends, n)) + 1  # orders needed to hold the day's n lines
        size = size[:k]
        size[-1] -= ends[k - 1] - n
        customers.append(who[:k])
        order_days.append(np.full(k, d))
        rows.append(sale_rows[lo:hi][rng.permutation(n)])
        owners.append(count + np.repeat(np.arange(k), size))
        count += k
    return (np.concatenate(customers), np.concatenate(order_days), np.concatenate(rows),
            np.concatenate(owners))


def _open_orders(rng, p: Products, on_main: np.ndarray, c: Customers, days: int):
    """The last evening's orders: lines of active products the main warehouse has, confirmed
    ones reserving at most what is on hand."""
    left = on_main.copy()
    active = p.status == ACTIVE
    joined = np.flatnonzero(c.created_day < days - 1)
    customers, lines = [], []
    for status, reserves in OPEN_ORDERS:
        candidates = np.flatnonzero(active & (left >= 3))  # a third of what is left is at least 1
        products = rng.choice(candidates, size=min(int(rng.integers(1, 5)), candidates.size), replace=False)
        qty = np.minimum(rng.integers(1, 6, products.size), left[products] // 3)
        if reserves:
            left[products] -= qty
        customers.append(int(rng.choice(joined)))
        lines.append((np.sort(products), qty[np.argsort(products)], status, reserves))
    return np.array(customers), lines


def build_sales(rng: np.random.Generator, sim: SimulationResult, p: Products, c: Customers,
                start: date, days: int) -> SalesBook:
    """Orders for every simulated sale; moves each sale movement to its order's shipment time."""
    led = sim.ledger
    sale_rows = np.flatnonzero(led["kind"] == SALE)
    customer, day, line_sale, line_order = _deal(rng, sale_rows, led["day"][sale_rows], c, days)
    n = customer.size
    channel = np.where(c.business[customer], np.where(rng.random(n) < 0.8, WHOLESALE, ONLINE),
                       np.where(rng.random(n) < 0.65, RETAIL, ONLINE))
    # Shipped between 09:30 and 19:00; placed minutes (store) to hours (phone, web) before.
    shipped = rng.integers(9 * HOUR + 1800, 19 * HOUR, n)
    lag = np.select([channel == RETAIL, channel == ONLINE],
                    [rng.integers(300, 1200, n), rng.integers(HOUR, 3 * HOUR, n)], rng.integers(1800, 4 * HOUR, n))
    placed = np.maximum(shipped - lag, 7 * HOUR)
    led["second"][line_sale] = shipped[line_order]
    delivered = day + np.select([channel == RETAIL, channel == ONLINE], [0, rng.integers(1, 5, n)],
                                rng.integers(1, 3, n))

    open_customer, open_lines = _open_orders(rng, p, sim.on_hand[:, 0], c, days)
    m = open_customer.size
    orders = {
        "customer": np.r_[customer, open_customer], "day": np.r_[day, np.full(m, days - 1)],
        "placed": np.r_[placed, np.sort(rng.integers(19 * HOUR + 300, 22 * HOUR, m))],
        "shipped": np.r_[shipped, np.full(m, -1)], "delivered_day": np.r_[delivered, np.full(m, -1)],
        "channel": np.r_[channel, np.where(c.business[open_customer], WHOLESALE, ONLINE)],
    }
    status = np.r_[np.where(delivered >= days, "shipped",
                            np.where(days - delivered <= DELIVERED_FOR, "delivered", "completed")).astype(object),
                   np.array([s for _, _, s, _ in open_lines], dtype=object)]
    lines = {
        "order": np.r_[line_order, np.concatenate([np.full(x[0].size, n + i) for i, x in enumerate(open_lines)])],
        "product": np.r_[led["product"][line_sale], np.concatenate([x[0] for x in open_lines])].astype(np.int64),
        "quantity": np.r_[-led["quantity"][line_sale], np.concatenate([x[1] for x in open_lines])].astype(np.int64),
        "sale": np.r_[line_sale, np.full(sum(x[0].size for x in open_lines), -1)],
    }
    lines["shipped"] = np.where(lines["sale"] >= 0, lines["quantity"], 0)
    held = np.concatenate([np.full(x[0].size, x[3]) for x in open_lines])
    lines["reserved"] = np.r_[np.zeros(line_sale.size, dtype=np.int64),
                              np.where(held, lines["quantity"][line_sale.size:], 0)]
    # Ids follow the order date; lines follow their order, then the product.
    order = np.lexsort((np.arange(n + m), orders["placed"], orders["day"]))
    final = np.empty_like(order)
    final[order] = np.arange(order.size)
    orders = {k: v[order] for k, v in orders.items()}
    status = status[order]
    lines["order"] = final[lines["order"]]
    by = np.lexsort((lines["product"], lines["order"]))
    lines = {k: v[by] for k, v in lines.items()}
    first = np.r_[0, np.flatnonzero(np.diff(lines["order"])) + 1]
    lines["line_no"] = np.arange(by.size) - np.repeat(first, np.diff(np.r_[first, by.size])) + 1
    _price(rng, p, c, orders, lines)
    numbers, sequences = _numbers("ORD", orders["day"], start, days)
    reserved = np.bincount(lines["product"], weights=lines["reserved"], minlength=p.n).astype(np.int64)
    return SalesBook(orders, lines, numbers, status, sequences, reserved)


def _price(rng, p: Products, c: Customers, orders: dict, lines: dict) -> None:
    """Line and order amounts in cents, by the formula of services/sales/orders.compute_totals."""
    count = orders["day"].size
    lines["price"] = p.price_cents[lines["product"]]
    gross = lines["quantity"] * lines["price"]
    # A few account lines get a 5 or 10 % discount (rounded half up, like to_cents).
    percent = np.where(c.business[orders["customer"][lines["order"]]] & (rng.random(gross.size) < 0.08),
                       rng.choice([5, 10], gross.size), 0)
    lines["discount"] = (gross * percent + 50) // 100
    lines["total"] = gross - lines["discount"]

    def per_order(values):
        return np.bincount(lines["order"], weights=values, minlength=count).round().astype(np.int64)

    orders["subtotal"], orders["discount"] = per_order(gross), per_order(lines["discount"])
    orders["tax_e4"] = c.tax_e4[orders["customer"]]
    orders["tax"] = (orders["tax_e4"] * (orders["subtotal"] - orders["discount"]) + 5000) // 10_000
    orders["shipping"] = np.where(orders["subtotal"] >= FREE_SHIPPING_FROM_CENTS[orders["channel"]], 0,
                                  SHIPPING_FEE_CENTS[orders["channel"]])
    orders["total"] = orders["subtotal"] - orders["discount"] + orders["tax"] + orders["shipping"]


def _numbers(prefix: str, day: np.ndarray, start: date, days: int) -> tuple[np.ndarray, dict[str, int]]:
    """PREFIX-YYYY-NNNNNN counted per year in the given (time) order, and the last number of each
    year: the number_sequences rows services/numbering.next_number continues from."""
    years = np.array([(start + timedelta(days=d)).year for d in range(days)])[day]
    out, sequences = np.empty(day.size, dtype=object), {}
    for year in np.unique(years).tolist():
        at = np.flatnonzero(years == year)
        out[at] = [f"{prefix}-{year}-{k:06d}" for k in range(1, at.size + 1)]
        sequences[f"{prefix}-{year}"] = int(at.size)
    return out, sequences
