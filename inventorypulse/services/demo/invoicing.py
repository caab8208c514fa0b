"""Invoices (INV-YYYY-NNNNNN) and payments of the shipped demo orders, as services/invoices.py
would have left them.

Each shipped order is invoiced half an hour after it leaves, for everything shipped (nothing
was returned, so invoice amounts are the order's). The due date follows the customer's terms.
Households pay at once; accounts pay around the due date (a few late, a few in two parts).
Payments dated before today are recorded; so an invoice is paid, partly paid, or unpaid (and
overdue once past its due date). A customer's balance is what its open invoices still owe,
and its credit limit is set to cover that and its confirmed orders with room to spare.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np

from .sales import RETAIL, Customers, SalesBook, _numbers

HOUR = 3600
ISSUE_AFTER = 1800  # seconds after the shipment


@dataclass
class Invoices:
    invoice: dict[str, np.ndarray]  # index = invoice id - 1, in issue order; `order` = order index
    payment: dict[str, np.ndarray]  # index = payment id - 1; `invoice` = invoice index
    numbers: np.ndarray
    statuses: np.ndarray  # unpaid / partial / paid as stored
    sequences: dict[str, int]
    balance_cents: np.ndarray  # per customer
    credit_limit: np.ndarray  # per customer, dollars

    def overdue(self, days: int) -> np.ndarray:
        return (self.statuses != "paid") & (self.invoice["due_day"] < days)


def _schedule(rng, c: Customers, customer: np.ndarray, day: np.ndarray, due: np.ndarray, total: np.ndarray,
              days: int):
    """(first payment day or -1, first amount, final payment day) of each invoice."""
    n = customer.size
    credit = c.on_credit[customer]
    delay = np.clip(np.round(rng.normal(-3, 6, n)), -(c.terms_days[customer] - 1), 30).astype(np.int64)
    delay += np.where(rng.random(n) < 0.04, rng.integers(10, 40, n), 0)  # slow payers
    final = np.where(credit, due + delay, day)
    split = credit & (rng.random(n) < 0.1) & (total >= 2)
    first = np.where(split, np.maximum(final - rng.integers(5, 20, n), day + 1), -1)
    first = np.where(first >= final, -1, first)
    # However small the data, a few open invoices were paid in part already.
    open_part = np.flatnonzero(credit & (total >= 2) & (final >= days) & (day < days - 2))
    missing = max(0, 3 - int(((first >= 0) & (first < days) & (final >= days)).sum()))
    for i in rng.choice(open_part, size=min(missing, open_part.size), replace=False).tolist():
        first[i] = rng.integers(day[i] + 1, days)
    part = np.clip(np.round(total * rng.uniform(0.3, 0.7, n)), 1, total - 1).astype(np.int64)
    return first, np.where(first >= 0, part, 0), final


def issue_invoices(rng: np.random.Generator, book: SalesBook, c: Customers, start: date, days: int) -> Invoices:
    o = book.orders
    shipped = np.flatnonzero(book.shipped)
    order = shipped[np.lexsort((shipped, o["shipped"][shipped], o["day"][shipped]))]  # issue order
    customer, day, total = o["customer"][order], o["day"][order], o["total"][order]
    due = day + c.terms_days[customer]
    first, first_amount, final = _schedule(rng, c, customer, day, due, total, days)
    issued = o["shipped"][order] + ISSUE_AFTER
    first_second = rng.integers(9 * HOUR, 17 * HOUR, order.size)
    final_second = np.where(c.on_credit[customer], rng.integers(9 * HOUR, 17 * HOUR, order.size), issued + 120)

    # Payments dated before today have been recorded.
    first_made = (first >= 0) & (first < days)
    final_made = final < days
    paid = np.where(first_made, first_amount, 0) + np.where(final_made, total - first_amount, 0)
    statuses = np.where(paid == total, "paid", np.where(paid > 0, "partial", "unpaid")).astype(object)

    index = np.arange(order.size)
    pay_invoice = np.r_[index[first_made], index[final_made]]
    payment = {
        "invoice": pay_invoice,
        "day": np.r_[first[first_made], final[final_made]],
        "second": np.r_[first_second[first_made], final_second[final_made]],
        "amount": np.r_[first_amount[first_made], (total - first_amount)[final_made]],
    }
    by = np.lexsort((pay_invoice, payment["second"], payment["day"]))
    payment = {k: v[by] for k, v in payment.items()}
    # Accounts pay by transfer or cheque; households by card, or cash at the counter.
    cash = (o["channel"][order][payment["invoice"]] == RETAIL) & (rng.random(by.size) < 0.3)
    cheque = rng.random(by.size) < 0.2
    payment["method"] = np.where(c.on_credit[customer[payment["invoice"]]], np.where(cheque, "check", "bank_transfer"),
                                 np.where(cash, "cash", "card")).astype(object)

    invoice = {"order": order, "customer": customer, "day": day, "issued": issued, "due_day": due, "total": total,
               "paid": paid, "paid_day": np.where(statuses == "paid", final, -1),
               "paid_second": np.where(statuses == "paid", final_second, -1)}
    numbers, sequences = _numbers("INV", day, start, days)
    owed = np.bincount(customer, weights=total - paid, minlength=c.business.size).round().astype(np.int64)
    return Invoices(invoice, payment, numbers, statuses, sequences, owed,
                    _credit_limits(book, c, owed))


def _credit_limits(book: SalesBook, c: Customers, owed: np.ndarray) -> np.ndarray:
    """Room for 1.5 times what an account owes plus its confirmed orders (rounded up to 5,000),
    so confirming its next order passes the credit check; the caller keeps any higher limit."""
    o = book.orders
    confirmed = np.flatnonzero(book.statuses == "confirmed")
    exposure = owed + np.bincount(o["customer"][confirmed], weights=o["total"][confirmed],
                                  minlength=owed.size).round().astype(np.int64)
    needed = np.ceil(exposure * 1.5 / 500_000) * 5000
    return np.where(c.on_credit, needed, 0.0)
