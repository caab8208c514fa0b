"""Editing a draft purchase order in the new-order form: the order's header and lines are loaded
into the form (a substate, so the form's vars and handlers are shared), and saving sends them to
purchasing.update_purchase_order. The supplier stays as it is: another supplier means a new order."""

from __future__ import annotations

from decimal import Decimal

import reflex as rx

from ...db import session_scope
from ...models.status import PurchaseOrderStatus
from ...services import permissions, procurement, purchasing
from ...services.errors import DomainError
from ...services.permissions import Perm
from ...services.validation import to_cents
from .. import format as fmt
from .common import acting_user
from .purchase_orders_form import PurchaseOrderFormState
from .purchase_orders_lines import new_line


def tax_percent(subtotal: Decimal, tax_amount: Decimal) -> str:
    """The simplest tax rate (in %, at most 2 decimals, as the form takes it) that gives the stored
    `tax_amount`: orders keep only the rounded amount (8% of 48.30 is 3.86, which is also 7.99%)."""
    if not subtotal or not tax_amount:
        return ""
    exact = 100 * tax_amount / subtotal
    for places in ("1", "0.1", "0.01"):
        pct = exact.quantize(Decimal(places))
        if to_cents(subtotal * pct / 100) == tax_amount:
            break
    return f"{pct.normalize():f}"


def order_line(session, line, product, *, supplier_id: str, currency: str) -> dict[str, str]:
    """A form line holding what the order has (quantity, cost, notes) with the offer's hints."""
    fresh = new_line(procurement.line_defaults(session, supplier_id=supplier_id, product_id=product.product_id,
                                               currency=currency), currency)
    cost = f"{line.unit_cost}"
    return fresh | {"quantity": str(line.quantity_ordered), "unit_cost": cost, "cost_edited": "yes",
                    "cost_source": fresh["cost_source"] if fresh["unit_cost"] == cost else "on the order",
                    "line_notes": line.notes or ""}


class PurchaseOrderEditState(PurchaseOrderFormState):
    order_number: str = ""
    loaded_expected: str = ""  # left out of the changes unless the user picks another date

    @rx.event
    def load(self):
        if not self.is_authenticated:
            return None
        self._blank_form()
        number = self.router.page.params.get("order_number", "")
        self.order_number = number
        page = f"/purchase-orders/{number}"
        try:
            with session_scope() as session:
                if not permissions.has_perm(acting_user(self, session), Perm.PO_WRITE):
                    return [rx.redirect(page), rx.toast.error("Your role may not edit purchase orders.")]
                d = purchasing.get_purchase_order(session, order_number=number)
                if d.order.status != PurchaseOrderStatus.DRAFT:
                    return [rx.redirect(page), rx.toast.error(
                        f"{d.order.order_number} is {fmt.label(d.order.status).lower()}: "
                        "only draft orders can be edited.")]
                self._fill(session, d)
        except DomainError as exc:
            return [rx.redirect("/purchase-orders"), rx.toast.error(exc.message)]
        self._refresh()
        return None

    def _fill(self, session, d) -> None:
        po, s = d.order, d.supplier
        self.order_number = po.order_number
        self._show_supplier(session, s)
        self.supplier_info = self.supplier_info | {"currency": po.currency}  # the order's, fixed at creation
        self.lines = [order_line(session, line, p, supplier_id=s.supplier_id, currency=po.currency)
                      for line, p in d.lines]
        self.expected = self.loaded_expected = po.expected_delivery_date.date().isoformat()
        self.tax_pct = tax_percent(po.subtotal, po.tax_amount)
        self.shipping = f"{po.shipping_cost}" if po.shipping_cost else ""
        self.notes = po.notes or ""

    @rx.event
    def submit(self):
        yield from self._save(self._update)

    def _update(self, session, user, payload: dict) -> tuple[str, str]:
        changes = {k: v for k, v in payload.items() if k not in ("supplier_id", "lines")}
        changes["items"] = payload["lines"]
        if self.expected == self.loaded_expected:  # keep the stored time of day
            changes.pop("expected_delivery_date")
        purchasing.update_purchase_order(session, order_number=self.order_number, user=user, changes=changes)
        return self.order_number, f"Purchase order {self.order_number} saved."
