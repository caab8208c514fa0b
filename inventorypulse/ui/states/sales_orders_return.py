"""The Return dialog of a sales order: per line a quantity (up to shipped minus returned) and
whether it goes back on the shelf (restock) or is written off; a warehouse and a reason. Like
shipping, it previews the movements through a rolled-back run of the service and passes an
idempotency key."""

from __future__ import annotations

import uuid
from datetime import date

import reflex as rx

from ...db import session_scope
from ...models.status import ReasonCode
from ...services import products, sales
from ...services.errors import DomainError
from .auth import AuthState
from .common import whole_or_raw
from .sales_orders_detail import SalesOrderDetailState
from .sales_orders_ship import dry_run, item_errors, mark_lines, submit_once, units_text

LINE_FIELDS = {"quantity": "error", "lot_number": "error_lot", "expiration_date": "error_expiry"}


class ReturnState(AuthState):
    is_open: bool = False
    order_number_: str = ""
    warehouses: list[dict[str, str]] = []
    warehouse: str = ""
    # line_no, product_id, name, returnable, quantity, disposition, tracked ("lot"/""), lot, expiry, error*
    lines: list[dict[str, str]] = []
    reason: str = ""
    preview: list[dict[str, str]] = []
    problem: str = ""
    errors: dict[str, str] = {}  # "<line_no>.quantity", "<line_no>.lot_number", "reason", …
    saving: bool = False
    key: str = ""

    @rx.event
    def open_for(self, order_number: str):
        try:
            with session_scope() as session:
                d = sales.get_sales_order(session, order_number=order_number)
                whs = products.list_warehouses(session, include_inactive=False)
        except DomainError as exc:
            return rx.toast.error(exc.message)
        if not d.can_return:
            return rx.toast.error(f"{order_number} has nothing shipped to take back.")
        # A return goes back where the goods left from, into the lot they left from, by default.
        sold = {code: (m, wh) for m, code, wh in d.movements if m.reason_code == ReasonCode.SALE}
        self.order_number_ = d.order.order_number
        self.warehouses = [{"code": w.warehouse.code, "label": f"{w.warehouse.code} · {w.warehouse.name}"}
                           for w in whs]
        first = next(iter(sold.values()), None)
        self.warehouse = first[1] if first else (whs[0].warehouse.code if whs else "")
        lines = []
        for ln, p in d.lines:
            if ln.quantity_shipped <= ln.quantity_returned:
                continue
            m = sold.get(p.product_id, (None, ""))[0]
            lines.append({
                "line_no": str(ln.line_no), "product_id": p.product_id, "name": ln.name,
                "returnable": str(ln.quantity_shipped - ln.quantity_returned), "quantity": "",
                "disposition": "restock", "tracked": "lot" if p.lot_tracking or p.expiration_tracking else "",
                "lot": (m.lot_number or "") if m else "", "expiry": str(m.expiration_date or "") if m else "",
                "error": "", "error_lot": "", "error_expiry": ""})
        self.lines = lines
        self.reason, self.errors, self.saving, self.key = "", {}, False, uuid.uuid4().hex
        self.preview, self.problem, self.is_open = [], "Enter a quantity on at least one line.", True
        return None

    def _request(self) -> tuple[dict, list[int]]:
        items, sent = [], []
        for line in self.lines:
            if line["quantity"].strip() in ("", "0"):
                continue
            item = {"line_no": int(line["line_no"]), "quantity": whole_or_raw(line["quantity"]),
                    "disposition": line["disposition"]}
            if line["tracked"]:
                item["lot_number"] = line["lot"].strip() or None
                try:
                    item["expiration_date"] = date.fromisoformat(line["expiry"]) if line["expiry"] else None
                except ValueError:
                    item["expiration_date"] = None
            items.append(item)
            sent.append(int(line["line_no"]))
        return {"order_number": self.order_number_, "warehouse": self.warehouse or None, "items": items,
                "reason": self.reason.strip() or None}, sent

    @rx.event
    def refresh_preview(self):
        request, sent = self._request()
        self.preview, self.problem, self.errors = [], "", {}
        if not request["items"]:
            self.problem, self.lines = "Enter a quantity on at least one line.", mark_lines(self.lines, {}, LINE_FIELDS)
            return
        try:
            self.preview, _ = dry_run(self, sales.return_sales_order, **request)
        except DomainError as exc:
            self.errors, self.problem = item_errors(exc, sent), exc.message
        self.lines = mark_lines(self.lines, self.errors, LINE_FIELDS)

    @rx.event
    def close(self, value: bool = False):
        if not self.saving:
            self.is_open = value

    def _set(self, line_no: str, key: str, value: str):
        self.lines = [line | {key: value} if line["line_no"] == line_no else line for line in self.lines]
        return ReturnState.refresh_preview

    @rx.event
    def set_quantity(self, line_no: str, value: str):
        return self._set(line_no, "quantity", value)

    @rx.event
    def set_disposition(self, line_no: str, value: str):
        return self._set(line_no, "disposition", value)

    @rx.event
    def set_lot(self, line_no: str, value: str):
        return self._set(line_no, "lot", value)

    @rx.event
    def set_expiry(self, line_no: str, value: str):
        return self._set(line_no, "expiry", value)

    @rx.event
    def set_warehouse(self, value: str):
        self.warehouse = value
        return ReturnState.refresh_preview

    @rx.event
    def set_reason(self, value: str):
        self.reason = value

    @rx.event
    def confirm(self):
        if self.saving or not self.is_open:
            return
        self.saving = True
        yield
        request, sent = self._request()
        try:
            outcome = submit_once(self, sales.return_sales_order, request, "ui return")
        except DomainError as exc:
            self.saving, self.errors, self.problem = False, item_errors(exc, sent), exc.message
            self.lines = mark_lines(self.lines, self.errors, LINE_FIELDS)
            yield rx.toast.error("Nothing was returned: " + exc.message)
            return
        self.saving, self.is_open = False, False
        yield rx.toast.success(f"Return of {units_text(outcome['units'])} recorded on {self.order_number_}.")
        yield SalesOrderDetailState.load
