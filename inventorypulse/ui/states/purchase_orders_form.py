"""The new purchase order form: pick a supplier, add lines through a product search (the unit
cost defaults as the service would default it), totals update live, the service validates."""

from __future__ import annotations

import reflex as rx

from ...db import session_scope
from ...models.status import SupplierStatus
from ...services import offers, permissions, procurement, products, purchasing, suppliers
from ...services.errors import DomainError, ValidationFailed
from ...services.permissions import Perm
from .. import format as fmt
from .auth import AuthState
from .common import acting_user, field_errors, whole_or_raw
from .purchase_orders import supplier_choices
from .purchase_orders_lines import new_line, order_request, parse_amount, recompute, with_line_errors


class PurchaseOrderFormState(AuthState):
    supplier_options: list[dict[str, str]] = []
    supplier: str = ""
    supplier_info: dict[str, str] = {}
    search: str = ""
    results: list[dict[str, str]] = []
    lines: list[dict[str, str]] = []
    expected: str = ""
    shipping: str = ""
    tax_pct: str = ""
    notes: str = ""
    summary: dict[str, str] = {}
    errors: dict[str, str] = {}
    saving: bool = False
    pending_product: str = ""  # asked for by the link, added once a supplier is chosen
    pending_quantity: str = ""

    # --- loading -------------------------------------------------------------------------------

    @rx.event
    def load(self):
        if not self.is_authenticated:
            return None
        self._blank_form()
        note = ""
        q = self.router.url.query_parameters
        try:
            with session_scope() as session:
                if not permissions.has_perm(acting_user(self, session), Perm.PO_WRITE):
                    return [rx.redirect("/purchase-orders"),
                            rx.toast.error("Your role may not create purchase orders.")]
                self.supplier_options = supplier_choices(session, active_only=True)
                product, quantity = q.get("product", ""), q.get("quantity", "")
                if product and not q.get("supplier"):
                    note = self._use_best_supplier(session, product, quantity)
                elif q.get("supplier"):
                    self._use_supplier(session, q["supplier"])
                if product and self.supplier:
                    self._add_line(session, product, quantity)
        except DomainError as exc:
            self._refresh()
            return rx.toast.error(exc.message)
        self._refresh()
        return rx.toast.info(note) if note else None

    def _blank_form(self) -> None:
        self.supplier, self.supplier_info, self.search, self.results, self.lines = "", {}, "", [], []
        self.expected = self.shipping = self.tax_pct = self.notes = ""
        self.errors, self.saving, self.pending_product, self.pending_quantity = {}, False, "", ""

    def _use_best_supplier(self, session, product_id: str, quantity: str) -> str:
        """Only a product was given (an alert's "order" link): take its best-scored supplier."""
        qty = whole_or_raw(quantity)
        best = offers.best_supplier(session, product_id=product_id,
                                    quantity=qty if isinstance(qty, int) and qty > 0 else None).recommended
        if best is None:
            self.pending_product = products.find_product(session, product_id=product_id).product_id
            self.pending_quantity = quantity
            return f"No active supplier offers {self.pending_product}: choose a supplier to add it."
        self._use_supplier(session, best.candidate.supplier_id)
        return f"Supplier {best.candidate.supplier_name} chosen: the best score for this product."

    def _use_supplier(self, session, code: str) -> None:
        s = suppliers.get_supplier(session, code)
        if s.status != SupplierStatus.ACTIVE:
            raise ValidationFailed.for_field("supplier_id", f"supplier {s.supplier_id} is {s.status}")
        self._show_supplier(session, s)

    def _show_supplier(self, session, s) -> None:
        self.supplier = s.supplier_id
        self.supplier_info = {
            "name": s.company_name, "currency": s.currency, "lead_time": str(s.lead_time_days),
            "terms": f"Net {s.payment_terms} days", "minimum_order": str(s.minimum_order_value),
            "minimum_text": fmt.money(s.minimum_order_value, s.currency), "email": s.email,
        }
        # Lines keep what the user typed; defaulted costs follow the new supplier's offers.
        lines = []
        for line in self.lines:
            if not line["cost_edited"]:
                fresh = new_line(procurement.line_defaults(session, supplier_id=s.supplier_id,
                                                           product_id=line["product_id"]), s.currency)
                line = line | {k: fresh[k] for k in ("unit_cost", "cost_source", "offered", "moq", "lead_time",
                                                     "note", "currency")}
            lines.append(line)
        self.lines = lines

    def _add_line(self, session, product_id: str, quantity: str = "") -> None:
        defaults = procurement.line_defaults(session, supplier_id=self.supplier, product_id=product_id)
        if any(line["product_id"] == defaults.product.product_id for line in self.lines):
            raise ValidationFailed.for_field(
                "items", f"{defaults.product.product_id} is already on this order; change that line's quantity")
        line = new_line(defaults, self.supplier_info.get("currency", "USD"))
        if quantity.strip():
            line["quantity"] = quantity.strip()
        self.lines = [*self.lines, line]

    def _refresh(self) -> None:
        lines = [dict(line) for line in self.lines]
        minimum = parse_amount(self.supplier_info.get("minimum_order", ""))[0]
        self.summary = recompute(lines, currency=self.supplier_info.get("currency", "USD"), shipping=self.shipping,
                                 tax_pct=self.tax_pct, minimum_order=minimum or None,
                                 supplier_lead_days=int(self.supplier_info.get("lead_time") or 0))
        self.lines = lines

    # --- editing ---------------------------------------------------------------------------------

    @rx.event
    def choose_supplier(self, code: str):
        try:
            with session_scope() as session:
                self._use_supplier(session, code)
                if self.pending_product:
                    product, self.pending_product = self.pending_product, ""
                    self._add_line(session, product, self.pending_quantity)
        except DomainError as exc:
            self._refresh()
            return rx.toast.error(exc.message)
        self.errors.pop("supplier_id", None)
        self.results = []
        self._refresh()
        return None

    @rx.event
    def search_products(self, text: str):
        self.search = text
        if not text.strip() or not self.supplier:
            self.results = []
            return
        with session_scope() as session:
            found = procurement.pick_products(session, search=text, supplier_id=self.supplier)
        on_order = {line["product_id"] for line in self.lines}
        self.results = [
            {"product_id": p.product_id, "name": p.name, "sku": p.sku, "stock": fmt.count(p.available_stock),
             "cost": fmt.money(o.cost, o.currency) if o else "no offer", "offered": "yes" if o else "",
             "on_order": "yes" if p.product_id in on_order else ""}
            for p, o in found
        ]

    @rx.event
    def add_product(self, product_id: str):
        try:
            with session_scope() as session:
                self._add_line(session, product_id)
        except DomainError as exc:
            return rx.toast.error(exc.message)
        self.search, self.results = "", []
        self.errors.pop("items", None)
        self._refresh()
        return None

    @rx.event
    def remove_line(self, index: int):
        self.lines = [line for i, line in enumerate(self.lines) if i != index]
        self._refresh()

    @rx.event
    def set_quantity(self, index: int, value: str):
        self.lines[index]["quantity"] = value
        self._refresh()

    @rx.event
    def set_unit_cost(self, index: int, value: str):
        self.lines[index]["unit_cost"] = value
        self.lines[index]["cost_edited"] = "yes"
        self.lines[index]["cost_source"] = "entered"
        self._refresh()

    @rx.event
    def set_shipping(self, value: str):
        self.shipping = value
        self._refresh()

    @rx.event
    def set_tax(self, value: str):
        self.tax_pct = value
        self._refresh()

    @rx.event
    def set_expected(self, value: str):
        self.expected = value

    @rx.event
    def set_notes(self, value: str):
        self.notes = value

    # --- saving ----------------------------------------------------------------------------------

    @rx.event
    def submit(self):
        yield from self._save(self._create)

    def _create(self, session, user, payload: dict) -> tuple[str, str]:
        number = purchasing.create_purchase_order(session, user=user, **payload).order_number
        return number, f"Purchase order {number} created as a draft."

    def _save(self, write):
        """Create or edit (`write(session, user, payload)` -> (order number, message)) in one
        transaction; the service's field errors go next to the fields and lines."""
        if self.saving:
            return
        self.saving, self.errors = True, {}
        yield
        try:
            payload = order_request(supplier=self.supplier, lines=self.lines, expected=self.expected,
                                    shipping=self.shipping, tax_pct=self.tax_pct, notes=self.notes)
            with session_scope() as session:
                number, message = write(session, acting_user(self, session), payload)
        except ValueError:
            self.saving, self.errors = False, {"expected_delivery_date": "must be a date"}
            return
        except DomainError as exc:
            self.saving, self.errors = False, field_errors(exc)
            self.lines = with_line_errors(self.lines, self.errors)
            yield rx.toast.error("Please correct the highlighted fields."
                                 if isinstance(exc, ValidationFailed) else exc.message)
            return
        self.saving = False
        yield rx.toast.success(message)
        yield rx.redirect(f"/purchase-orders/{number}")
