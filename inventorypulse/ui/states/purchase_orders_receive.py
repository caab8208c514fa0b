"""The receive dialog of one order line: quantity (partial allowed), warehouse, lot and expiry when
the product tracks them, and a preview of what enters stock before anything is written."""

from __future__ import annotations

from datetime import date

import reflex as rx

from ...db import session_scope
from ...services import permissions, procurement, products, purchasing
from ...services.errors import DomainError, ValidationFailed
from ...services.permissions import Perm
from .auth import AuthState
from .common import acting_user, field_errors
from .purchase_orders_detail import PurchaseOrderDetailState
from .purchase_orders_lines import parse_quantity

RECEIPT_FIELDS = ("quantity", "warehouse", "lot_number", "expiration_date", "notes")


class ReceiveState(AuthState):
    is_open: bool = False
    order_number_: str = ""
    line: dict[str, str] = {}
    lot_tracked: bool = False
    expiry_tracked: bool = False
    warehouses: list[dict[str, str]] = []
    on_hand: dict[str, int] = {}
    other_lines_open: bool = False
    quantity: str = ""
    warehouse: str = ""
    lot_number: str = ""
    expiration_date: str = ""
    notes: str = ""
    preview: dict[str, str] = {}
    errors: dict[str, str] = {}
    saving: bool = False

    @rx.event
    def open_line(self, order_number: str, line_no: str):
        try:
            with session_scope() as session:
                if not permissions.has_perm(acting_user(self, session), Perm.PO_RECEIVE):
                    return rx.toast.error("Your role may not receive goods.")
                d = purchasing.get_purchase_order(session, order_number=order_number)
                match = [(ln, p) for ln, p in d.lines if str(ln.line_no) == str(line_no)]
                if not match or not d.can_receive:
                    return rx.toast.error(f"Line {line_no} of {order_number} cannot be received now.")
                line, product = match[0]
                self.on_hand = procurement.stock_by_warehouse_code(session, product_id=product.product_id)
                whs = products.list_warehouses(session, include_inactive=False)
        except DomainError as exc:
            return rx.toast.error(exc.message)
        remaining = line.quantity_ordered - line.quantity_received
        self.order_number_ = d.order.order_number
        self.line = {"line_no": str(line.line_no), "product_id": product.product_id, "name": product.name,
                     "unit": product.stock_unit, "ordered": str(line.quantity_ordered),
                     "received": str(line.quantity_received), "remaining": str(remaining)}
        self.lot_tracked, self.expiry_tracked = product.lot_tracking, product.expiration_tracking
        self.other_lines_open = any(ln.quantity_received < ln.quantity_ordered for ln, _ in d.lines if ln.id != line.id)
        self.warehouses = [{"code": w.warehouse.code, "label": f"{w.warehouse.code} · {w.warehouse.name}"}
                           for w in whs]
        self.warehouse = whs[0].warehouse.code if whs else ""  # the default warehouse comes first
        self.quantity, self.lot_number, self.expiration_date, self.notes = str(remaining), "", "", ""
        self.errors, self.saving, self.is_open = {}, False, True
        self._preview()
        return None

    def _preview(self) -> None:
        qty, problem = parse_quantity(self.quantity)
        remaining = int(self.line.get("remaining") or 0)
        if qty is not None and qty > remaining:
            qty, problem = None, f"only {remaining:,} outstanding on this line"
        self.errors = {k: v for k, v in self.errors.items() if k != "quantity"} | ({"quantity": problem}
                                                                                 if problem else {})
        if qty is None or not self.warehouse:
            self.preview = {}
            return
        before = self.on_hand.get(self.warehouse, 0)
        received = int(self.line["received"]) + qty
        complete = received == int(self.line["ordered"]) and not self.other_lines_open
        self.preview = {
            "adds": f"+{qty:,} {self.line['unit']} of {self.line['name']} into {self.warehouse}",
            "stock": f"{before:,} → {before + qty:,}",
            "line": f"{received:,} of {int(self.line['ordered']):,} received, {remaining - qty:,} outstanding",
            "order": "received" if complete else "partially received",
        }

    @rx.event
    def close(self, value: bool = False):
        if not self.saving:
            self.is_open = value

    @rx.event
    def set_quantity(self, value: str):
        self.quantity = value
        self._preview()

    @rx.event
    def set_warehouse(self, value: str):
        self.warehouse = value
        self._preview()

    @rx.event
    def set_lot(self, value: str):
        self.lot_number = value

    @rx.event
    def set_expiry(self, value: str):
        self.expiration_date = value

    @rx.event
    def set_notes(self, value: str):
        self.notes = value

    def _receipt(self) -> dict:
        qty, _ = parse_quantity(self.quantity)
        receipt = {"line_no": int(self.line["line_no"]), "quantity": qty if qty is not None else self.quantity,
                   "warehouse": self.warehouse or None, "lot_number": self.lot_number.strip() or None,
                   "notes": self.notes.strip() or None}
        if self.expiration_date:
            try:
                receipt["expiration_date"] = date.fromisoformat(self.expiration_date)
            except ValueError as exc:
                raise ValidationFailed.for_field("items[0].expiration_date", "must be a date (YYYY-MM-DD)") from exc
        return receipt

    @rx.event
    def confirm(self):
        if self.saving:
            return
        self.saving = True
        yield
        try:
            with session_scope() as session:
                result = purchasing.receive_purchase_order(
                    session, order_number=self.order_number_, receipts=[self._receipt()],
                    user=acting_user(self, session))
                status = result.order.status
        except DomainError as exc:
            self.saving = False
            issues = {k.removeprefix("items[0]."): v for k, v in field_errors(exc).items()}
            self.errors = {k: v for k, v in issues.items() if k in RECEIPT_FIELDS}
            yield rx.toast.error("Nothing was received: " + ("please correct the highlighted fields."
                                                             if self.errors else exc.message))
            return
        self.saving, self.is_open = False, False
        yield rx.toast.success(f"Received {self.preview.get('adds', 'the goods')}. "
                               f"The order is {status.replace('_', ' ')}.")
        yield PurchaseOrderDetailState.load
