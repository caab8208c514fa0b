"""Editing a draft or pending sales order in the new-order form: the order is loaded into the form
(a substate, so the form's vars and handlers are shared), and saving sends it to
sales.update_sales_order (`items` replaces every line), then confirms if asked, in the same
transaction. The customer stays as it is: another customer means a new order."""

from __future__ import annotations

import reflex as rx

from ...db import session_scope
from ...services import sales
from ...services.errors import DomainError
from .. import format as fmt
from .sales_orders import may_sell
from .sales_orders_form import ADDRESS, SalesOrderFormState
from .sales_orders_lines import customer_summary, new_line


def order_line(line, product) -> dict[str, str]:
    """A form line holding what the order has (quantity, price, discount), with today's stock."""
    return new_line(product) | {"quantity": str(line.quantity), "unit_price": f"{line.unit_price}",
                                "discount": f"{line.discount}" if line.discount else ""}


class SalesOrderEditState(SalesOrderFormState):
    order_number: str = ""
    status: str = ""
    loaded_required: str = ""  # left out of the changes unless the user picks another date

    @rx.event
    def load(self):
        if not self.is_authenticated:
            return None
        self._blank_form()
        number = self.router.page.params.get("order_number", "")
        self.order_number, self.status = number, ""
        page = f"/sales-orders/{number}"
        try:
            with session_scope() as session:
                if not may_sell(self, session):
                    return [rx.redirect(page), rx.toast.error("Your role may not edit sales orders.")]
                d = sales.get_sales_order(session, order_number=number)
                if d.order.status not in sales.EDITABLE:
                    return [rx.redirect(page), rx.toast.error(
                        f"{d.order.order_number} is {fmt.label(d.order.status).lower()}: only draft or pending "
                        "orders can be edited.")]
                self._fill(d)
        except DomainError as exc:
            return [rx.redirect("/sales-orders"), rx.toast.error(exc.message)]
        self._refresh()
        return None

    def _fill(self, d) -> None:
        o, c = d.order, d.customer
        self.order_number, self.status = o.order_number, o.status
        self.customer, self.customer_info = c.customer_number, customer_summary(c)
        self.lines = [order_line(line, p) for line, p in d.lines]
        self.tax_pct = f"{(o.tax_rate * 100).normalize():f}" if o.tax_rate else ""
        self.shipping = f"{o.shipping_cost}" if o.shipping_cost else ""
        self.required = self.loaded_required = o.required_date.date().isoformat() if o.required_date else ""
        self.address = {k: getattr(o, f"ship_{k}") or "" for k in ADDRESS}
        self.notes = o.notes or ""

    @rx.event
    def submit(self, confirm: bool):
        yield from self._save(confirm, self._update)

    def _update(self, session, user, payload: dict) -> tuple[str, str]:
        changes = {k: v for k, v in payload.items() if k != "customer_id"}
        if self.required == self.loaded_required:  # keep the stored time of day
            changes.pop("required_date")
        sales.update_sales_order(session, order_number=self.order_number, user=user, changes=changes)
        return self.order_number, "saved."
