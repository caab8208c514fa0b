"""Create and edit a product. The service validates every field; its messages show next to the fields."""

from __future__ import annotations

import uuid

import reflex as rx

from ....db import session_scope
from ....services import products
from ....services.errors import DomainError
from ..auth import AuthState
from ..common import acting_user, field_errors
from .common import ALL, category_options, path_product_id, supplier_options

TEXT_FIELDS = ("product_id", "name", "sku", "barcode", "subcategory", "description", "supplier_product_code",
               "currency", "stock_unit", "warehouse_location", "cost_price", "selling_price", "reorder_threshold",
               "reorder_quantity", "max_stock_level", "current_stock", "weight")
FLAGS = ("seasonal", "lot_tracking", "expiration_tracking")
FORM_FIELDS = (*TEXT_FIELDS, "category", "supplier_id", "status", "tags", *FLAGS)
DEFAULTS = {"currency": "USD", "stock_unit": "pieces", "reorder_threshold": "10", "reorder_quantity": "50",
            "status": "active", "supplier_id": ALL, "category": ""}
DENIED = "Your role may not create or edit products."


def _text(value) -> str:
    return "" if value is None else str(value)


def _payload(form: dict, *, creating: bool) -> dict:
    """Form strings to service input. Empty means "default" on create and "clear" on edit."""
    data: dict = {}
    for name in TEXT_FIELDS:
        if name not in form:  # product_id and opening stock exist on the create form only
            continue
        value = str(form.get(name) or "").strip()
        if value:
            data[name] = value
        elif not creating:
            data[name] = None
    tags = [t.strip() for t in str(form.get("tags") or "").replace(";", ",").split(",") if t.strip()]
    if tags or not creating:
        data["tags"] = tags
    data["category"] = str(form.get("category") or "").strip() or None
    if form.get("supplier_id") not in (None, "", ALL):
        data["supplier_id"] = form["supplier_id"]
    data["status"] = form.get("status") or "active"
    for name in FLAGS:
        data[name] = form.get(name) in ("on", "true", True)
    return data


def _values(product, category: str, supplier: str | None) -> dict[str, str]:
    values = {name: _text(getattr(product, name, None)) for name in TEXT_FIELDS}
    values |= {"category": category, "supplier_id": supplier or ALL, "status": str(product.status),
               "tags": ", ".join(product.tags or [])}
    values |= {name: "true" if getattr(product, name) else "" for name in FLAGS}
    return values


class ProductFormState(AuthState):
    creating: bool = True
    code: str = ""  # the product being edited
    values: dict[str, str] = {}
    errors: dict[str, str] = {}
    message: str = ""  # shown beside the save button (a toast there would cover the button)
    form_key: str = ""  # a new key remounts the form, so its default values apply
    saving: bool = False
    loaded: bool = False
    category_names: list[str] = []
    supplier_choices: list[dict[str, str]] = []

    def _start(self, creating: bool, code: str, values: dict[str, str]) -> None:
        with session_scope() as session:
            self.category_names = [o["label"] for o in category_options(session)]
            self.supplier_choices = supplier_options(session)
        self.creating, self.code, self.values, self.errors, self.message = creating, code, values, {}, ""
        self.form_key, self.loaded, self.saving = uuid.uuid4().hex, True, False

    @rx.event
    def load_new(self):
        if not self.is_authenticated:
            return None
        if not self.can_edit:
            return [rx.toast.error(DENIED), rx.redirect("/products", replace=True)]
        self._start(True, "", dict(DEFAULTS))
        return None

    @rx.event
    def load_edit(self):
        if not self.is_authenticated:
            return None
        code = path_product_id(self)
        if not self.can_edit:
            return [rx.toast.error(DENIED), rx.redirect(f"/products/{code}", replace=True)]
        try:
            with session_scope() as session:
                detail = products.get_product_detail(session, product_id=code)
                values = _values(detail.product, detail.category.name,
                                 detail.supplier.supplier_id if detail.supplier else None)
        except DomainError as exc:
            return [rx.toast.error(exc.message), rx.redirect("/products", replace=True)]
        self._start(False, detail.product.product_id, values)
        return None

    @rx.event
    def save(self, form: dict):
        if not self.can_edit:
            return rx.toast.error(DENIED)
        data = _payload(form, creating=self.creating)
        self.saving = True
        try:
            with session_scope() as session:
                user = acting_user(self, session)
                if self.creating:
                    code = products.create_product(session, data=data, user=user).product_id
                    changed = ["product"]
                else:
                    code = self.code
                    changed = products.update_product(session, product_id=code, data=data, user=user)
        except DomainError as exc:
            self.saving = False
            self.errors = field_errors(exc)
            shown = all(name in FORM_FIELDS for name in self.errors) and self.errors
            self.message = "Please correct the highlighted fields." if shown else exc.message
            return None
        self.saving, self.errors, self.message = False, {}, ""
        message = (f"Product {code} created." if self.creating else
                   f"Product {code} saved ({', '.join(changed)})." if changed else "Nothing changed.")
        return [rx.toast.success(message), rx.redirect(f"/products/{code}")]
