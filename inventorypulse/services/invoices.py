"""Invoices (seed 002, INV-YYYY-NNNNNN): raised from a shipped sales order, paid in parts.

An invoice bills what was shipped and not returned; the due date follows the customer's payment
terms. Stored payment status is unpaid/partial/paid; overdue is derived from the due date when
read. Raising an invoice adds to the customer's balance, each payment takes from it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import case, func
from sqlmodel import Session, select

from ..models import Customer, Invoice, InvoicePayment, SalesOrder, SalesOrderLine, User
from ..models.base import utcnow
from ..models.status import InvoiceStatus, PaymentStatus
from ..models.status import SalesOrderStatus as S
from . import audit, permissions
from .customers import TERMS_DAYS
from .errors import Conflict, FieldIssue, InvalidTransition, NotFound, ValidationFailed
from .numbering import next_number
from .pagination import Page, paginate
from .permissions import Perm
from .sales import find_order
from .validation import Checker, normalise_code, to_cents

ENTITY = "invoice"
INVOICEABLE = (S.PROCESSING, S.SHIPPED, S.DELIVERED, S.COMPLETED)
METHODS = ("cash", "card", "bank_transfer", "check", "other")


@dataclass
class InvoiceDetail:
    invoice: Invoice
    order_number: str
    customer: Customer
    lines: list[dict[str, Any]]
    payments: list[InvoicePayment]
    status: str  # with overdue derived

    @property
    def balance_due(self) -> Decimal:
        return self.invoice.total_amount - self.invoice.amount_paid


def effective_status(invoice: Invoice, today: date | None = None) -> str:
    today = today or utcnow().date()
    if invoice.payment_status != InvoiceStatus.PAID and invoice.due_date < today:
        return InvoiceStatus.OVERDUE
    return invoice.payment_status


def billed_lines(lines: list[SalesOrderLine]) -> list[dict[str, Any]]:
    """Shipped minus returned quantities, with the line discount prorated to them."""
    out = []
    for ln in lines:
        qty = ln.quantity_shipped - ln.quantity_returned
        if qty <= 0:
            continue
        discount = to_cents(ln.discount * qty / ln.quantity)
        gross = to_cents(ln.unit_price * qty)
        out.append({"line_no": ln.line_no, "product_id": ln.product_id, "name": ln.name, "sku": ln.sku,
                    "quantity": qty, "unit_price": ln.unit_price, "discount": discount, "total": gross - discount})
    return out


def find_invoice(session: Session, invoice_number: str, *, lock: bool = False) -> Invoice:
    number = normalise_code(invoice_number) or ""
    stmt = select(Invoice).where(Invoice.invoice_number == number)
    if lock:
        stmt = stmt.with_for_update().execution_options(populate_existing=True)
    invoice = session.exec(stmt).first()
    if invoice is None:
        raise NotFound(f"Invoice {number} not found.")
    return invoice


def generate_invoice(session: Session, *, order_number: str, user: User, notes: str | None = None) -> Invoice:
    permissions.require(user, Perm.INVOICE_WRITE)
    c = Checker()
    c.length("notes", notes, 1000)
    c.done()
    order = find_order(session, order_number, lock=True)
    if order.status not in INVOICEABLE:
        raise InvalidTransition(f"Order {order.order_number} is {order.status}; invoices are raised once goods "
                                "have shipped.", [FieldIssue("order_number", "has not shipped")])
    if session.exec(select(Invoice.id).where(Invoice.sales_order_id == order.id)).first() is not None:
        raise Conflict(f"Order {order.order_number} is already invoiced.",
                       [FieldIssue("order_number", "is already invoiced")])
    lines = billed_lines(list(session.exec(select(SalesOrderLine).where(SalesOrderLine.sales_order_id == order.id))))
    if not lines:
        raise ValidationFailed.for_field("order_number", "every shipped unit was returned; nothing to bill")
    customer = session.exec(select(Customer).where(Customer.id == order.customer_id).with_for_update()).one()
    subtotal = sum((to_cents(ln["unit_price"] * ln["quantity"]) for ln in lines), Decimal("0"))
    discount = sum((ln["discount"] for ln in lines), Decimal("0"))
    tax = to_cents(order.tax_rate * (subtotal - discount))
    now = utcnow()
    invoice = Invoice(
        invoice_number=next_number(session, "INV", at=now), sales_order_id=order.id, customer_id=customer.id,
        payment_terms=customer.payment_terms, issued_date=now,
        due_date=now.date() + timedelta(days=TERMS_DAYS.get(customer.payment_terms, 0)),
        subtotal=subtotal, discount_amount=discount, tax_amount=tax, shipping_cost=order.shipping_cost,
        total_amount=subtotal - discount + tax + order.shipping_cost, currency=order.currency,
        notes=notes, created_by=user.id,
        **{f"billing_{k}": getattr(customer, f"billing_{k}") or getattr(customer, k)
           for k in ("street", "city", "state", "postal_code", "country")})
    session.add(invoice)
    customer.current_balance += invoice.total_amount
    session.add(customer)
    session.flush()
    audit.record(session, user_id=user.id, entity_type=ENTITY, entity_id=invoice.invoice_number, action="create",
                 changes={"order": order.order_number, "total": invoice.total_amount,
                          "due_date": invoice.due_date})
    return invoice


def record_payment(session: Session, *, invoice_number: str, user: User, amount: Any, method: str,
                   reference: str | None = None, paid_at: datetime | None = None) -> Invoice:
    """A payment of at most the balance due; the invoice (and its order) become partial or paid."""
    permissions.require(user, Perm.INVOICE_WRITE)
    c = Checker()
    value = c.money("amount", amount)
    if value is not None and value <= 0:
        c.add("amount", "must be more than 0")
    method = (method or "").strip().lower()
    if c.require("method", method):
        c.one_of("method", method, METHODS)
    c.length("reference", reference, 100)
    paid_at = (paid_at.replace(tzinfo=UTC) if paid_at and paid_at.tzinfo is None else paid_at) or utcnow()
    if paid_at > utcnow() + timedelta(minutes=5):
        c.add("paid_at", "cannot be in the future")
    c.done()
    invoice = find_invoice(session, invoice_number, lock=True)
    due = invoice.total_amount - invoice.amount_paid
    if due <= 0:
        raise Conflict(f"Invoice {invoice.invoice_number} is already paid.", [FieldIssue("amount", "nothing is due")])
    if value > due:
        raise ValidationFailed.for_field("amount", f"exceeds the balance due of {due}")
    session.add(InvoicePayment(invoice_id=invoice.id, amount=value, method=method, reference=reference,
                               paid_at=paid_at, recorded_by=user.id))
    invoice.amount_paid += value
    paid = invoice.amount_paid == invoice.total_amount
    invoice.payment_status = InvoiceStatus.PAID if paid else InvoiceStatus.PARTIAL
    invoice.paid_date = paid_at if paid else None
    invoice.updated_at = utcnow()
    session.add(invoice)
    customer = session.exec(select(Customer).where(Customer.id == invoice.customer_id).with_for_update()).one()
    customer.current_balance -= value
    session.add(customer)
    order = session.get(SalesOrder, invoice.sales_order_id)
    order.payment_status = PaymentStatus.PAID if paid else PaymentStatus.PARTIAL
    session.add(order)
    audit.record(session, user_id=user.id, entity_type=ENTITY, entity_id=invoice.invoice_number, action="payment",
                 changes={"amount": value, "method": method, "status": invoice.payment_status})
    session.flush()
    return invoice


def get_invoice(session: Session, *, invoice_number: str) -> InvoiceDetail:
    invoice = find_invoice(session, invoice_number)
    order = session.get(SalesOrder, invoice.sales_order_id)
    lines = billed_lines(list(session.exec(select(SalesOrderLine).where(SalesOrderLine.sales_order_id == order.id)
                                           .order_by(SalesOrderLine.line_no))))
    payments = list(session.exec(select(InvoicePayment).where(InvoicePayment.invoice_id == invoice.id)
                                 .order_by(InvoicePayment.paid_at, InvoicePayment.id)))
    return InvoiceDetail(invoice, order.order_number, session.get(Customer, invoice.customer_id), lines, payments,
                         effective_status(invoice))


def list_invoices(session: Session, *, status: str | None = None, customer_id: str | None = None,
                  page: int = 1, limit: int = 20, today: date | None = None) -> Page[tuple[Invoice, Customer]]:
    today = today or utcnow().date()
    stmt = select(Invoice, Customer).join(Customer, Customer.id == Invoice.customer_id)
    unpaid = Invoice.payment_status != InvoiceStatus.PAID
    if status == InvoiceStatus.OVERDUE:
        stmt = stmt.where(unpaid, Invoice.due_date < today)
    elif status in (InvoiceStatus.UNPAID, InvoiceStatus.PARTIAL):
        stmt = stmt.where(Invoice.payment_status == status, Invoice.due_date >= today)
    elif status == InvoiceStatus.PAID:
        stmt = stmt.where(Invoice.payment_status == status)
    elif status:
        raise ValidationFailed.for_field("status", f"must be one of: {', '.join(InvoiceStatus)}")
    if customer_id:
        stmt = stmt.where(Customer.customer_number == customer_id.strip().upper())
    stmt = stmt.order_by(Invoice.issued_date.desc(), Invoice.id.desc())
    return paginate(session, stmt, page=page, limit=limit, scalars=False)



def count_invoices_by_status(session: Session, *, customer_id: str | None = None,
                             today: date | None = None) -> dict[str, int]:
    """Invoices per effective status (overdue derived as in `effective_status`), for list tabs."""
    today = today or utcnow().date()
    overdue = (Invoice.payment_status != InvoiceStatus.PAID) & (Invoice.due_date < today)
    label = case((overdue, str(InvoiceStatus.OVERDUE)), else_=Invoice.payment_status).label("status")
    rows = select(label).join(Customer, Customer.id == Invoice.customer_id)
    if customer_id:
        rows = rows.where(Customer.customer_number == customer_id.strip().upper())
    # Grouped over a subquery: PostgreSQL would not match a CASE holding a bound date in GROUP BY.
    sub = rows.subquery()
    counts = dict.fromkeys((str(s) for s in InvoiceStatus), 0)
    counts.update({str(status): n for status, n in session.exec(select(sub.c.status, func.count())
                                                                .group_by(sub.c.status)).all()})
    return counts


def order_numbers(session: Session, invoices: list[Invoice]) -> dict[int, str]:
    """Invoice id -> the number of the sales order it bills, for a page of invoices."""
    ids = {inv.sales_order_id: inv.id for inv in invoices}
    if not ids:
        return {}
    rows = session.exec(select(SalesOrder.id, SalesOrder.order_number).where(SalesOrder.id.in_(ids))).all()
    return {ids[order_id]: number for order_id, number in rows}


@dataclass
class OutstandingInvoices:
    items: list[tuple[Invoice, Customer]]  # oldest due date first (the latest payers lead)
    count: int  # all that match, beyond those listed
    balance_due: Decimal  # what they still owe in all


def outstanding_invoices(session: Session, *, customer_id: str | None = None, overdue_only: bool = False,
                         limit: int = 20, today: date | None = None) -> OutstandingInvoices:
    """Invoices not fully paid (only those past their due date with `overdue_only`), with their
    count and total balance due: what the assistant and collections ask for."""
    today = today or utcnow().date()
    where = [Invoice.payment_status != InvoiceStatus.PAID]
    if overdue_only:
        where.append(Invoice.due_date < today)
    if customer_id:
        where.append(Customer.customer_number == customer_id.strip().upper())
    owed = func.coalesce(func.sum(Invoice.total_amount - Invoice.amount_paid), 0)
    count, due = session.exec(select(func.count(), owed).select_from(Invoice)
                              .join(Customer, Customer.id == Invoice.customer_id).where(*where)).one()
    items = session.exec(select(Invoice, Customer).join(Customer, Customer.id == Invoice.customer_id).where(*where)
                         .order_by(Invoice.due_date, Invoice.id).limit(limit)).all()
    return OutstandingInvoices(list(items), int(count), to_cents(Decimal(str(due))))
