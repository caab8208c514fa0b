"""The "Record payment" dialog of one invoice: amount (defaults to the balance due), method,
reference, date. The service checks everything; its field issues show next to the fields."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

import reflex as rx

from ...db import session_scope
from ...models.base import utcnow
from ...services import invoices
from ...services.errors import DomainError, ValidationFailed
from ...services.permissions import Perm
from .. import format as fmt
from .auth import AuthState
from .common import acting_user, field_errors
from .customers import role_may
from .invoices import InvoiceDetailState

METHODS = [{"value": m, "label": fmt.label(m)} for m in invoices.METHODS]
PAYMENT_FIELDS = ("amount", "method", "reference", "paid_at")


def _paid_at(text: str) -> datetime | None:
    """The chosen day; today means now, an earlier day its noon (UTC). None for no date."""
    if not text:
        return None
    try:
        day = date.fromisoformat(text)
    except ValueError as exc:
        raise ValidationFailed.for_field("paid_at", "must be a date (YYYY-MM-DD)") from exc
    return utcnow() if day == utcnow().date() else datetime.combine(day, time(12), UTC)


class PaymentState(AuthState):
    is_open: bool = False
    invoice_number: str = ""
    balance: str = ""  # formatted, for the dialog's description
    amount: str = ""
    method: str = "bank_transfer"
    reference: str = ""
    paid_on: str = ""
    errors: dict[str, str] = {}
    saving: bool = False

    @rx.event
    def open_for(self, invoice_number: str, balance_due: str, balance_label: str):
        if not role_may(self.role, Perm.INVOICE_WRITE):
            return rx.toast.error("Your role may not record payments.")
        self.invoice_number, self.balance, self.amount = invoice_number, balance_label, balance_due
        self.method, self.reference, self.paid_on = "bank_transfer", "", utcnow().date().isoformat()
        self.errors, self.saving, self.is_open = {}, False, True
        return None

    @rx.event
    def close(self, value: bool = False):
        if not self.saving:
            self.is_open = value

    @rx.event
    def set_amount(self, value: str):
        self.amount = value

    @rx.event
    def set_method(self, value: str):
        self.method = value

    @rx.event
    def set_reference(self, value: str):
        self.reference = value

    @rx.event
    def set_paid_on(self, value: str):
        self.paid_on = value

    @rx.event
    def confirm(self):
        if self.saving:
            return
        self.saving, self.errors = True, {}
        yield
        try:
            with session_scope() as session:
                invoice = invoices.record_payment(
                    session, invoice_number=self.invoice_number, user=acting_user(self, session),
                    amount=self.amount.strip() or None, method=self.method,
                    reference=self.reference.strip() or None, paid_at=_paid_at(self.paid_on))
                status = invoices.effective_status(invoice)
        except DomainError as exc:
            self.saving = False
            issues = field_errors(exc)
            self.errors = {k: v for k, v in issues.items() if k in PAYMENT_FIELDS}
            yield rx.toast.error("No payment was recorded: " + ("please correct the highlighted fields."
                                                                if self.errors else exc.message))
            return
        self.saving, self.is_open = False, False
        yield rx.toast.success(f"Payment recorded. Invoice {self.invoice_number} is {fmt.label(status).lower()}.")
        yield InvoiceDetailState.load
