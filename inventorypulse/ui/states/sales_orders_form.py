"""The new sales order form: pick a customer, add lines through a product search that shows each
product's available stock, totals update live; save as a draft, or save and confirm at once
(confirming reserves the stock; a refusal names the short lines and nothing is saved)."""

from __future__ import annotations

import reflex as rx

from ...db import session_scope
from ...services import customers, products, sales
from ...services.errors import DomainError, InsufficientStock, ValidationFailed
from .. import format as fmt
from .auth import AuthState
from .common import acting_user, field_errors
from .sales_orders import may_sell
from .sales_orders_lines import customer_summary, new_line, order_request, recompute, shortage_lines, with_line_errors

PICKER_LIMIT = 8
ADDRESS = ("street", "city", "state", "postal_code", "country")


class SalesOrderFormState(AuthState):
    customer: str = ""
    customer_info: dict[str, str] = {}
    customer_search: str = ""
    customer_results: list[dict[str, str]] = []
    search: str = ""
    results: list[dict[str, str]] = []
    lines: list[dict[str, str]] = []
    tax_pct: str = ""
    shipping: str = ""
    required: str = ""
    address: dict[str, str] = {}
    notes: str = ""
    summary: dict[str, str] = {}
    errors: dict[str, str] = {}
    refusal: list[str] = []  # the short lines named by a refused confirmation
    saving: str = ""  # "draft" or "confirm" while saving

    @rx.event
    def load(self):
        if not self.is_authenticated:
            return None
        self._blank_form()
        code = self.router.url.query_parameters.get("customer", "")
        try:
            with session_scope() as session:
                if not may_sell(self, session):
                    return [rx.redirect("/sales-orders"), rx.toast.error("Your role may not create sales orders.")]
                if code:
                    self._use_customer(session, code)
        except DomainError as exc:
            self._refresh()
            return rx.toast.error(exc.message)
        self._refresh()
        return None

    def _blank_form(self) -> None:
        self.customer, self.customer_info, self.customer_search, self.customer_results = "", {}, "", []
        self.search, self.results, self.lines, self.address = "", [], [], {k: "" for k in ADDRESS}
        self.tax_pct = self.shipping = self.required = self.notes = ""
        self.errors, self.refusal, self.saving = {}, [], ""

    def _use_customer(self, session, code: str) -> None:
        c = customers.find_customer(session, code)
        if not c.is_active:
            raise ValidationFailed.for_field("customer_id", f"customer {c.customer_number} is inactive")
        self.customer, self.customer_info = c.customer_number, customer_summary(c)
        self.address = {k: getattr(c, k) or "" for k in ADDRESS}  # ships to the customer unless changed
        self.customer_search, self.customer_results = "", []
        self.errors = {k: v for k, v in self.errors.items() if k != "customer_id"}

    def _refresh(self) -> None:
        lines = [dict(line) for line in self.lines]
        self.summary = recompute(lines, currency="USD", shipping=self.shipping, tax_pct=self.tax_pct)
        self.lines = lines

    # --- customer and products -------------------------------------------------------------------

    @rx.event
    def search_customers(self, text: str):
        self.customer_search = text
        if not text.strip():
            self.customer_results = []
            return
        with session_scope() as session:
            found = customers.list_customers(session, search=text, active=True, limit=PICKER_LIMIT).items
        self.customer_results = [{"number": c.customer_number, "name": c.name, "city": c.city or "",
                                  "terms": c.payment_terms} for c in found]

    @rx.event
    def choose_customer(self, code: str):
        try:
            with session_scope() as session:
                self._use_customer(session, code)
        except DomainError as exc:
            return rx.toast.error(exc.message)
        return None

    @rx.event
    def change_customer(self):
        self.customer, self.customer_info = "", {}

    @rx.event
    def search_products(self, text: str):
        self.search = text
        if not text.strip():
            self.results = []
            return
        with session_scope() as session:
            found = products.list_products(session, filters=products.ProductFilters(search=text, status="active"),
                                           limit=PICKER_LIMIT).items
        on_order = {line["product_id"] for line in self.lines}
        self.results = [
            {"product_id": p.product_id, "name": p.name, "sku": p.sku, "available": fmt.count(p.available_stock),
             "out": "yes" if p.available_stock <= 0 else "", "price": fmt.money(p.selling_price),
             "on_order": "yes" if p.product_id in on_order else ""}
            for p, _category, _supplier in found
        ]

    @rx.event
    def add_product(self, product_id: str):
        if any(line["product_id"] == product_id for line in self.lines):
            return rx.toast.error(f"{product_id} is already on this order; change that line's quantity.")
        try:
            with session_scope() as session:
                line = new_line(products.find_product(session, product_id=product_id))
        except DomainError as exc:
            return rx.toast.error(exc.message)
        self.lines = [*self.lines, line]
        self.search, self.results = "", []
        self.errors = {k: v for k, v in self.errors.items() if k != "items"}
        self._refresh()
        return None

    @rx.event
    def remove_line(self, index: int):
        self.lines = [line for i, line in enumerate(self.lines) if i != index]
        self.refusal = []
        self._refresh()

    @rx.event
    def set_quantity(self, index: int, value: str):
        """The quantity changed: re-read the product's available stock too (others sell meanwhile)."""
        line = dict(self.lines[index]) | {"quantity": value}
        try:
            with session_scope() as session:
                available = products.find_product(session, product_id=line["product_id"]).available_stock
            line |= {"available": str(available), "available_text": fmt.count(available)}
        except DomainError:
            pass  # the line keeps the figure it had; saving names any problem
        self.lines[index] = line
        self.refusal = []
        self._refresh()

    @rx.event
    def set_unit_price(self, index: int, value: str):
        self.lines[index]["unit_price"] = value
        self._refresh()

    @rx.event
    def set_discount(self, index: int, value: str):
        self.lines[index]["discount"] = value
        self._refresh()

    # --- header fields ---------------------------------------------------------------------------

    @rx.event
    def set_tax(self, value: str):
        self.tax_pct = value
        self._refresh()

    @rx.event
    def set_shipping(self, value: str):
        self.shipping = value
        self._refresh()

    @rx.event
    def set_required(self, value: str):
        self.required = value

    @rx.event
    def set_address(self, key: str, value: str):
        self.address[key] = value

    @rx.event
    def set_notes(self, value: str):
        self.notes = value

    # --- saving ----------------------------------------------------------------------------------

    def _show_errors(self, exc: DomainError) -> None:
        self.errors = field_errors(exc)
        self.lines = with_line_errors(self.lines, self.errors)
        short = isinstance(exc, InsufficientStock)
        self.refusal = shortage_lines(exc, [ln["name"] for ln in self.lines]) if short else []

    @rx.event
    def submit(self, confirm: bool):
        yield from self._save(confirm, self._create)

    def _create(self, session, user, payload: dict) -> tuple[str, str]:
        order = sales.create_sales_order(session, user=user, status="draft", **payload)
        return order.order_number, "saved as a draft."

    def _save(self, confirm: bool, write):
        """Create or edit (`write(session, user, payload)` -> (order number, what happened)), then
        confirm if asked: one operation, all or nothing; the service's errors go next to the fields."""
        if self.saving:
            return
        self.saving, self.errors, self.refusal = "confirm" if confirm else "draft", {}, []
        yield
        try:
            payload = order_request(customer=self.customer, lines=self.lines, tax_pct=self.tax_pct,
                                    shipping=self.shipping, required=self.required, address=dict(self.address),
                                    notes=self.notes)
            with session_scope() as session:
                user = acting_user(self, session)
                number, done = write(session, user, payload)
                if confirm:
                    sales.transition_sales_order(session, order_number=number, status="confirmed", user=user)
        except ValueError:
            self.saving, self.errors = "", {"required_date": "must be a date"}
            return
        except DomainError as exc:
            self.saving = ""
            self._show_errors(exc)
            yield rx.toast.error("Nothing was saved: " + (
                "please correct the highlighted fields." if isinstance(exc, ValidationFailed) else
                "not enough stock to confirm the lines shown." if self.refusal else exc.message))
            return
        self.saving = ""
        yield rx.toast.success(f"Sales order {number} " + ("confirmed: its stock is reserved." if confirm else done))
        yield rx.redirect(f"/sales-orders/{number}")
