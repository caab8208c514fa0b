"""Create and edit a supplier. The service validates; its field issues show next to the fields."""

from __future__ import annotations

from typing import ClassVar

from ...models.status import SupplierStatus
from ...services import permissions, suppliers
from ...services.permissions import Perm
from .auth import AuthState
from .common import acting_user, whole_or_raw
from .record_form import RecordFormMixin

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


class SupplierFormState(RecordFormMixin, AuthState):
    noun: ClassVar[str] = "supplier"
    list_url: ClassVar[str] = "/suppliers"
    key_param: ClassVar[str] = "supplier_id"

    def _may_write(self, session) -> bool:
        return permissions.has_perm(acting_user(self, session), Perm.SUPPLIER_WRITE)

    def _blank(self) -> dict[str, str]:
        return dict(NEW_SUPPLIER)

    def _stored(self, session, key: str) -> tuple[str, dict[str, str]]:
        supplier = suppliers.get_supplier(session, key)
        return supplier.supplier_id, _as_form(supplier)

    def _from_form(self, form: dict) -> dict:
        return _from_form(form)

    def _write(self, session, user, data: dict) -> str:
        if self.editing:
            data.pop("supplier_id", None)
            return suppliers.update_supplier(session, supplier_id=self.editing, changes=data,
                                             user=user).supplier.supplier_id
        return suppliers.create_supplier(session, data=data, user=user).supplier_id
