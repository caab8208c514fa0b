"""sales_orders, sales_order_lines, invoices and invoice_payments rows of the demo's sales book,
as tuples in the database's own formats (ids are list positions + 1; money in dollars).

Columns with one value for every row go in as constants, and created_at copies the document's
own date, so the rows bind less (see BulkWriter.insert_rows)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date

import numpy as np

from .invoicing import Invoices
from .ledger_rows import Clock, date_strings
from .sales import CHANNELS, DELIVERED_FOR, ONLINE, SHIPPING_METHODS, SalesBook

HOUR = 3600
ORDER_COLUMNS = [
    "id", "order_number", "customer_id", "status", "payment_status", "order_date", "shipped_date", "delivered_date",
    "subtotal", "tax_rate", "tax_amount", "discount_amount", "shipping_cost", "total_amount",
    "ship_street", "ship_city", "ship_state", "ship_postal_code", "ship_country", "shipping_method",
    "tracking_number", "sales_channel", "updated_at",
]
LINE_COLUMNS = ["id", "sales_order_id", "line_no", "product_id", "name", "sku", "quantity", "quantity_reserved",
                "quantity_shipped", "unit_price", "discount", "line_total"]
INVOICE_COLUMNS = [
    "id", "invoice_number", "sales_order_id", "customer_id", "payment_status", "payment_terms", "issued_date",
    "due_date", "paid_date", "subtotal", "tax_amount", "discount_amount", "shipping_cost", "total_amount",
    "amount_paid", "billing_street", "billing_city", "billing_state", "billing_postal_code", "billing_country",
    "updated_at",
]
PAYMENT_COLUMNS = ["id", "invoice_id", "amount", "method", "reference", "paid_at"]
ADDRESS = ("street", "city", "state", "postal_code", "country")


@dataclass
class Batch:
    """Rows of one table for BulkWriter.insert_rows."""

    columns: list[str]
    rows: Iterable[tuple]
    constants: dict[str, object]
    copies: dict[str, str]


CHUNK = 50_000


def _rows(n: int, columns: list) -> Iterator[tuple]:
    """Rows made chunk by chunk (Python objects only for one chunk at a time): each column is an
    array, sliced, or a function of the slice."""
    for lo in range(0, n, CHUNK):
        part = slice(lo, min(lo + CHUNK, n))
        yield from zip(*(c(part) if callable(c) else c[part].tolist() for c in columns))


def _ids(n: int) -> np.ndarray:
    return np.arange(1, n + 1)


def _dollars(cents: np.ndarray) -> np.ndarray:
    return cents / 100


def _of_customer(customers: list[dict], key: str, who: np.ndarray) -> np.ndarray:
    return np.array([r[key] for r in customers], dtype=object)[who]


def _stamps(clock: Clock, day: np.ndarray, second: np.ndarray):
    """Timestamps of a slice; None where day < 0."""
    def make(part: slice) -> list:
        d, s = day[part], second[part]
        out = np.full(d.size, None, dtype=object)
        has = d >= 0
        out[has] = clock.at(d[has], s[has])
        return out.tolist()
    return make


def order_rows(book: SalesBook, invoices: Invoices, customers: list[dict], clock: Clock,
               users: dict[str, int]) -> Batch:
    o = book.orders
    n = o["day"].size
    who, day, shipped = o["customer"], o["day"], o["shipped"]
    payment = np.full(n, "unpaid", dtype=object)
    payment[invoices.invoice["order"]] = invoices.statuses
    delivered = o["delivered_day"]
    done = np.isin(book.statuses, ["delivered", "completed"])
    completed = book.statuses == "completed"
    # Collected at the counter as it shipped, else delivered during the day.
    delivered_second = np.where(delivered == day, np.maximum(shipped, 0), 11 * HOUR + o["placed"] % (6 * HOUR))
    # updated_at: closed a week after delivery, else delivered, shipped or placed.
    last_day = np.select([completed, done, shipped >= 0], [delivered + DELIVERED_FOR, delivered, day], day)
    last_second = np.select([completed, done, shipped >= 0], [np.full(n, 10 * HOUR), delivered_second, shipped],
                            o["placed"])
    tracking = np.full(n, None, dtype=object)
    parcels = np.flatnonzero((shipped >= 0) & (o["channel"] == ONLINE))
    tracking[parcels] = [f"1ZDEMO{i * 7919 % 10**10:010d}" for i in parcels.tolist()]
    columns = [
        _ids(n), book.numbers, who + 1, book.statuses, payment, _stamps(clock, day, o["placed"]),
        _stamps(clock, np.where(shipped >= 0, day, -1), shipped),
        _stamps(clock, np.where(done, delivered, -1), delivered_second), _dollars(o["subtotal"]),
        o["tax_e4"] / 10_000, _dollars(o["tax"]), _dollars(o["discount"]), _dollars(o["shipping"]),
        _dollars(o["total"]), *(_of_customer(customers, k, who) for k in ADDRESS), SHIPPING_METHODS[o["channel"]],
        tracking, CHANNELS[o["channel"]], _stamps(clock, last_day, last_second),
    ]
    return Batch(ORDER_COLUMNS, _rows(n, columns), {"currency": "USD", "created_by": users["staff"]},
                 {"created_at": "order_date"})


def line_rows(book: SalesBook, names: np.ndarray, skus: np.ndarray) -> Batch:
    ln = book.lines
    product = ln["product"]
    columns = [_ids(product.size), ln["order"] + 1, ln["line_no"], product + 1, names[product], skus[product],
               ln["quantity"], ln["reserved"], ln["shipped"], _dollars(ln["price"]), _dollars(ln["discount"]),
               _dollars(ln["total"])]
    return Batch(LINE_COLUMNS, _rows(product.size, columns), {"quantity_returned": 0}, {})


def invoice_rows(book: SalesBook, invoices: Invoices, customers: list[dict], clock: Clock, start: date, days: int,
                 users: dict[str, int]) -> Batch:
    inv = invoices.invoice
    o = book.orders
    order, who = inv["order"], inv["customer"]
    n = order.size
    due = date_strings(start, int(inv["due_day"].max(initial=0)) + 1)[inv["due_day"]]
    # updated_at: the latest payment (payments are in time order), else the issue.
    last_day, last_second = inv["day"].copy(), inv["issued"].copy()
    pay = invoices.payment
    last_day[pay["invoice"]], last_second[pay["invoice"]] = pay["day"], pay["second"]
    columns = [
        _ids(n), invoices.numbers, order + 1, who + 1, invoices.statuses, _of_customer(customers, "payment_terms", who),
        _stamps(clock, inv["day"], inv["issued"]), due, _stamps(clock, inv["paid_day"], inv["paid_second"]),
        _dollars(o["subtotal"][order]), _dollars(o["tax"][order]), _dollars(o["discount"][order]),
        _dollars(o["shipping"][order]), _dollars(inv["total"]), _dollars(inv["paid"]),
        *(_of_customer(customers, f"billing_{k}", who) for k in ADDRESS), _stamps(clock, last_day, last_second),
    ]
    return Batch(INVOICE_COLUMNS, _rows(n, columns), {"currency": "USD", "created_by": users["manager"]},
                 {"created_at": "issued_date"})


def payment_rows(invoices: Invoices, clock: Clock, users: dict[str, int]) -> Batch:
    pay = invoices.payment
    n = pay["invoice"].size
    reference = np.full(n, None, dtype=object)
    transfer = np.flatnonzero(pay["method"] == "bank_transfer")
    reference[transfer] = [f"TRF {number}" for number in invoices.numbers[pay["invoice"][transfer]].tolist()]
    cheque = np.flatnonzero(pay["method"] == "check")
    reference[cheque] = [f"Cheque #{100_000 + i}" for i in cheque.tolist()]
    columns = [_ids(n), pay["invoice"] + 1, _dollars(pay["amount"]), pay["method"], reference,
               _stamps(clock, pay["day"], pay["second"])]
    return Batch(PAYMENT_COLUMNS, _rows(n, columns), {"recorded_by": users["manager"]}, {"created_at": "paid_at"})
