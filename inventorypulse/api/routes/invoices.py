"""Invoice routes: raise an invoice from a shipped order, list, detail, record payments."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Literal

from fastapi import APIRouter, Query
from pydantic import BaseModel, Field

from ...services import invoices
from ...services.permissions import Perm
from ..deps import Reader, SessionDep, allowed
from ..schemas import ERRORS, PageLimit, PageNumber, Pagination
from .customers import Address, Money

router = APIRouter(prefix="/invoices", tags=["invoices"])
Writer = allowed(Perm.INVOICE_WRITE)
Status = Literal["unpaid", "partial", "paid", "overdue"]


class InvoiceIn(BaseModel):
    order_number: str = Field(min_length=1, max_length=30, description="A shipped sales order")
    notes: str | None = Field(default=None, max_length=1000)


class PaymentIn(BaseModel):
    amount: Money = Field(description="At most the balance due")
    method: Literal["cash", "card", "bank_transfer", "check", "other"]
    reference: str | None = Field(default=None, max_length=100)
    paid_at: datetime | None = Field(default=None, description="Defaults to now")


class InvoiceLine(BaseModel):
    line_no: int
    name: str
    sku: str
    quantity: int
    unit_price: Decimal
    discount: Decimal
    total: Decimal


class PaymentOut(BaseModel):
    amount: Decimal
    method: str
    reference: str | None
    paid_at: datetime


class InvoiceSummary(BaseModel):
    invoice_number: str
    order_number: str | None = None
    customer_id: str
    customer_name: str
    payment_status: str = Field(description="unpaid, partial, paid, or overdue once past the due date")
    issued_date: datetime
    due_date: date
    total_amount: Decimal
    amount_paid: Decimal
    balance_due: Decimal
    currency: str


class InvoiceList(BaseModel):
    invoices: list[InvoiceSummary]
    pagination: Pagination


class InvoiceOut(InvoiceSummary):
    payment_terms: str
    paid_date: datetime | None
    subtotal: Decimal
    tax_amount: Decimal
    discount_amount: Decimal
    shipping_cost: Decimal
    billing_address: Address
    notes: str | None
    items: list[InvoiceLine]
    payments: list[PaymentOut]


def _summary(inv, customer, status: str) -> dict:
    return dict(**inv.model_dump(include={"invoice_number", "issued_date", "due_date", "total_amount", "amount_paid",
                                          "currency"}),
                customer_id=customer.customer_number, customer_name=customer.name, payment_status=status,
                balance_due=inv.total_amount - inv.amount_paid)


def _detail(session, number: str) -> InvoiceOut:
    d = invoices.get_invoice(session, invoice_number=number)
    inv = d.invoice
    return InvoiceOut(
        **_summary(inv, d.customer, d.status), order_number=d.order_number,
        **inv.model_dump(include={"payment_terms", "paid_date", "subtotal", "tax_amount", "discount_amount",
                                  "shipping_cost", "notes"}),
        billing_address=Address(**{k: getattr(inv, f"billing_{k}") for k in Address.model_fields}),
        items=[InvoiceLine(**{k: ln[k] for k in InvoiceLine.model_fields}) for ln in d.lines],
        payments=[PaymentOut(**p.model_dump(include=set(PaymentOut.model_fields))) for p in d.payments])


@router.get("", response_model=InvoiceList, responses=ERRORS, summary="List invoices")
def list_invoices(session: SessionDep, _: Reader, page: PageNumber = 1, limit: PageLimit = 20,
                  status: Status | None = None,
                  customer_id: Annotated[str | None, Query(max_length=20)] = None) -> InvoiceList:
    result = invoices.list_invoices(session, status=status, customer_id=customer_id, page=page, limit=limit)
    return InvoiceList(invoices=[InvoiceSummary(**_summary(inv, c, invoices.effective_status(inv)))
                                 for inv, c in result.items], pagination=Pagination.of(result))


@router.get("/{invoice_number}", response_model=InvoiceOut, responses=ERRORS,
            summary="An invoice with its billed lines and payments")
def get_invoice(invoice_number: str, session: SessionDep, _: Reader) -> InvoiceOut:
    return _detail(session, invoice_number)


@router.post("", status_code=201, response_model=InvoiceOut, responses=ERRORS,
             summary="Raise the invoice of a shipped order (INV-YYYY-NNNNNN), due by the payment terms")
def create_invoice(body: InvoiceIn, session: SessionDep, user: Writer) -> InvoiceOut:
    invoice = invoices.generate_invoice(session, order_number=body.order_number, user=user, notes=body.notes)
    return _detail(session, invoice.invoice_number)


@router.post("/{invoice_number}/payments", response_model=InvoiceOut, responses=ERRORS,
             summary="Record a payment (partial or full)")
def record_payment(invoice_number: str, body: PaymentIn, session: SessionDep, user: Writer) -> InvoiceOut:
    invoice = invoices.record_payment(session, invoice_number=invoice_number, user=user, amount=body.amount,
                                      method=body.method, reference=body.reference, paid_at=body.paid_at)
    return _detail(session, invoice.invoice_number)
