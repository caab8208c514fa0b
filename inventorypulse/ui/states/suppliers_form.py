"""Create and edit a supplier. The service validates; its field issues show next to the fields."""

from __future__ import annotations

import reflex as rx

from ...db import session_scope
from ...models.status import SupplierStatus
from ...services import permissions, suppliers
from ...services.errors import DomainError, ValidationFailed
from ...services.permissions import Perm
from .auth import AuthState
from .common import acting_user, field_errors, whole_or_raw

TEXT_FIELDS = ("supplier_id", "company_name", "display_name", "primary_contact", "email", "phone",
               "alternative_phone", "website", "street", "city", "state", "postal_code", "country", "tax_id",
               "currency", "minimum_order_value", "rating", "notes", "status")
WHOLE_FIELDS = ("payment_terms", "lead_time_days")
NEW_SUPPLIER = {"currency": "USD", "payment_terms": "30", "lead_time_days": "7", "rating": "3.0",
                "minimum_order_value": "0.00", "status": SupplierStatus.ACTIVE.value}


def _as_form(s) -> dict[str, str]:
    values = {name: "" if getattr(s, name) is None else str(getattr(s, name)) for name in TEXT_FIELDS + WHOLE_FIELDS}
    values["preferred"] = "yes" if s.preferred else ""
    return values


def _from_form(form: dict) -> dict:
    """Form strings to service values: blanks are None, whole numbers parsed when they are ones."""
    data = {name: (form.get(name) or "").strip() or None for name in TEXT_FIELDS if name in form}
    data |= {name: whole_or_raw(form.get(name, "")) for name in WHOLE_FIELDS if name in form}
    data["preferred"] = form.get("preferred") in ("on", "true", True)
    return data


class SupplierFormState(AuthState):
    editing: str = ""  # supplier_id being edited; "" on the create page
    values: dict[str, str] = {}
    errors: dict[str, str] = {}
    saving: bool = False
    form_key: int = 0  # bumped to re-mount the form with freshly loaded values
    loaded_path: str = ""  # the form shows once its values are loaded for this URL

    def _may_write(self, session) -> bool:
        return permissions.has_perm(acting_user(self, session), Perm.SUPPLIER_WRITE)

    @rx.event
    def load_new(self):
        if not self.is_authenticated:
            return None
        self.editing, self.errors, self.values, self.loaded_path = "", {}, dict(NEW_SUPPLIER), ""
        with session_scope() as session:
            if not self._may_write(session):
                return [rx.redirect("/suppliers"), rx.toast.error("Your role may not create suppliers.")]
        self.form_key += 1
        self.loaded_path = self.router.url.path
        return None

    @rx.event
    def load_edit(self):
        if not self.is_authenticated:
            return None
        code = self.router.page.params.get("supplier_id", "")
        self.errors, self.loaded_path = {}, ""
        try:
            with session_scope() as session:
                if not self._may_write(session):
                    return [rx.redirect(f"/suppliers/{code}"), rx.toast.error("Your role may not edit suppliers.")]
                supplier = suppliers.get_supplier(session, code)
        except DomainError as exc:
            return [rx.redirect("/suppliers"), rx.toast.error(exc.message)]
        self.editing, self.values = supplier.supplier_id, _as_form(supplier)
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
                    data.pop("supplier_id", None)
                    supplier = suppliers.update_supplier(session, supplier_id=self.editing, changes=data,
                                                         user=user).supplier
                else:
                    supplier = suppliers.create_supplier(session, data=data, user=user)
                code = supplier.supplier_id
        except DomainError as exc:
            self.saving = False
            self.errors = field_errors(exc)
            message = "Please correct the highlighted fields." if isinstance(exc, ValidationFailed) else exc.message
            yield rx.toast.error(message)
            return
        self.saving, self.loaded_path = False, ""
        yield rx.toast.success(f"Supplier {code} {'updated' if self.editing else 'created'}.")
        yield rx.redirect(f"/suppliers/{code}")
