"""Create and edit a customer. The service validates; its field issues show next to the fields."""

from __future__ import annotations

from typing import ClassVar

from ...models.status import CustomerType
from ...services import customers, permissions
from ...services.errors import DomainError
from ...services.permissions import Perm
from .auth import AuthState
from .common import acting_user
from .record_form import RecordFormMixin

# Every editable column except is_active (a checkbox), in the service's own names.
TEXT_FIELDS = tuple(f for f in customers.FIELDS if f != "is_active")
TERMS = list(customers.TERMS_DAYS)
NEW_CUSTOMER = {"customer_type": str(CustomerType.BUSINESS), "payment_terms": "Net30", "credit_limit": "0.00",
                "is_active": "yes"}


def _terms(value: str) -> str:
    """Stored terms as the select offers them (older rows may hold 'NET30')."""
    try:
        return customers.parse_terms(value)
    except DomainError:
        return value


def _as_form(c) -> dict[str, str]:
    values = {name: "" if getattr(c, name) is None else str(getattr(c, name)) for name in TEXT_FIELDS}
    values["payment_terms"] = _terms(c.payment_terms)
    values["is_active"] = "yes" if c.is_active else ""
    return values


def _from_form(form: dict) -> dict:
    """Form strings to service values: blanks are None, the checkbox a bool."""
    data = {name: (form.get(name) or "").strip() or None for name in TEXT_FIELDS if name in form}
    data["is_active"] = form.get("is_active") in ("on", "true", True)
    return data


class CustomerFormState(RecordFormMixin, AuthState):
    noun: ClassVar[str] = "customer"
    list_url: ClassVar[str] = "/customers"
    key_param: ClassVar[str] = "customer_number"

    def _may_write(self, session) -> bool:
        return permissions.has_perm(acting_user(self, session), Perm.CUSTOMER_WRITE)

    def _blank(self) -> dict[str, str]:
        return dict(NEW_CUSTOMER)

    def _stored(self, session, key: str) -> tuple[str, dict[str, str]]:
        customer = customers.find_customer(session, key)
        return customer.customer_number, _as_form(customer)

    def _from_form(self, form: dict) -> dict:
        return _from_form(form)

    def _write(self, session, user, data: dict) -> str:
        if self.editing:
            return customers.update_customer(session, customer_number=self.editing, user=user,
                                             changes=data).customer_number
        return customers.create_customer(session, user=user, data=data).customer_number
