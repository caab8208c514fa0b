"""Create and edit a customer. The service validates; its field issues show next to the fields."""

from __future__ import annotations

import reflex as rx

from ...db import session_scope
from ...models.status import CustomerType
from ...services import customers
from ...services.errors import DomainError, ValidationFailed
from ...services.permissions import Perm
from .auth import AuthState
from .common import acting_user, field_errors
from .customers import role_may

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


class CustomerFormState(AuthState):
    editing: str = ""  # customer number being edited; "" on the create page
    values: dict[str, str] = {}
    errors: dict[str, str] = {}
    saving: bool = False
    form_key: int = 0  # bumped to re-mount the form with freshly loaded values
    loaded_path: str = ""  # the form shows once its values are loaded for this URL

    @rx.event
    def load_new(self):
        if not self.is_authenticated:
            return None
        self.editing, self.errors, self.values, self.loaded_path = "", {}, dict(NEW_CUSTOMER), ""
        if not role_may(self.role, Perm.CUSTOMER_WRITE):
            return [rx.redirect("/customers"), rx.toast.error("Your role may not create customers.")]
        self.form_key += 1
        self.loaded_path = self.router.url.path
        return None

    @rx.event
    def load_edit(self):
        if not self.is_authenticated:
            return None
        number = self.router.page.params.get("customer_number", "")
        self.errors, self.loaded_path = {}, ""
        if not role_may(self.role, Perm.CUSTOMER_WRITE):
            return [rx.redirect(f"/customers/{number}"), rx.toast.error("Your role may not edit customers.")]
        try:
            with session_scope() as session:
                customer = customers.find_customer(session, number)
        except DomainError as exc:
            return [rx.redirect("/customers"), rx.toast.error(exc.message)]
        self.editing, self.values = customer.customer_number, _as_form(customer)
        self.form_key += 1
        self.loaded_path = self.router.url.path
        return None

    @rx.event
    def save(self, form: dict):
        if self.saving:
            return None
        self.saving, self.errors = True, {}
        yield
        data = _from_form(form)
        try:
            with session_scope() as session:
                user = acting_user(self, session)
                if self.editing:
                    customer = customers.update_customer(session, customer_number=self.editing, user=user,
                                                         changes=data)
                else:
                    customer = customers.create_customer(session, user=user, data=data)
                number = customer.customer_number
        except DomainError as exc:
            self.saving = False
            self.errors = field_errors(exc)
            message = "Please correct the highlighted fields." if isinstance(exc, ValidationFailed) else exc.message
            yield rx.toast.error(message)
            return
        self.saving, self.loaded_path = False, ""
        yield rx.toast.success(f"Customer {number} {'updated' if self.editing else 'created'}.")
        yield rx.redirect(f"/customers/{number}")
