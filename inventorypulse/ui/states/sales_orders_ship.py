"""The Ship dialog of a sales order: a warehouse, a quantity per line (up to what is reserved), and
a preview of exactly what leaves (which lots, stock before and after) before anything is written.

The preview runs the sales service itself in a throwaway transaction that is rolled back, so it
shows the lots the real shipment will take (earliest expiry first) and any refusal, with no
second copy of the picking rules. Shipping passes an idempotency key: a repeated click replays
the first result instead of shipping twice."""

from __future__ import annotations

import uuid
from collections.abc import Callable

import reflex as rx
from sqlmodel import Session

from ...db import get_engine, session_scope
from ...services import sales
from ...services.errors import DomainError
from ...services.idempotency import run_once
from .auth import AuthState
from .common import acting_user, field_errors, whole_or_raw
from .sales_orders_detail import SalesOrderDetailState, movement_row


def dry_run(state: AuthState, action: Callable, **kwargs) -> tuple[list[dict[str, str]], str]:
    """(movement rows, order status after) of a fulfilment service call, nothing kept."""
    with Session(get_engine(), expire_on_commit=False) as dry:
        try:
            result = action(dry, user=acting_user(state, dry), **kwargs)
            rows = [movement_row(m, code, wh) for m, code, wh in sales.describe_movements(dry, result.movements)]
            return rows, str(result.order.status)
        finally:
            dry.rollback()


def submit_once(state, action: Callable, request: dict, scope: str) -> dict:
    """Ship or return through the service under the dialog's idempotency key: a repeated click
    replays the first outcome ({"status", "units"}) instead of moving goods twice."""
    with session_scope() as session:
        user = acting_user(state, session)

        def call() -> tuple[int, dict]:
            result = action(session, user=user, idempotency_key=state.key, **request)
            return 200, {"status": str(result.order.status), "units": sum(q for _, q in result.lines)}

        _, outcome = run_once(session, key=state.key, scope=f"{scope} {request['order_number']}", payload=request,
                              user_id=user.id, action=call)
    return outcome


def item_errors(exc: DomainError, sent: list[int]) -> dict[str, str]:
    """Field errors keyed by line number: `items[k].quantity` of the k-th item sent."""
    out = {}
    for name, issue in field_errors(exc).items():
        index, _, field = name.removeprefix("items[").partition("].")
        if name.startswith("items[") and index.isdigit() and int(index) < len(sent):
            out[f"{sent[int(index)]}.{field}"] = issue
        else:
            out[name] = issue
    return out


def units_text(n: int) -> str:
    return f"{n:,} unit" + ("" if n == 1 else "s")


def mark_lines(lines: list[dict[str, str]], errors: dict[str, str], fields: dict[str, str]) -> list[dict[str, str]]:
    """Copy each line's errors (`errors["<line_no>.<field>"]`) into the line, under `fields[field]`."""
    return [line | {key: errors.get(f"{line['line_no']}.{field}", "") for field, key in fields.items()}
            for line in lines]


SHIP_FIELDS = {"quantity": "error"}


class ShipState(AuthState):
    is_open: bool = False
    order_number_: str = ""
    warehouses: list[dict[str, str]] = []
    warehouse: str = ""
    lines: list[dict[str, str]] = []  # line_no, product_id, name, reserved, quantity
    tracking: str = ""
    preview: list[dict[str, str]] = []
    preview_status: str = ""
    problem: str = ""  # why the shipment (as it stands) would be refused
    errors: dict[str, str] = {}  # "<line_no>.quantity" (copied into the lines), "warehouse", "tracking_number"
    saving: bool = False
    key: str = ""  # idempotency key of this dialog's shipment

    @rx.event
    def open_for(self, order_number: str):
        try:
            with session_scope() as session:
                d = sales.get_sales_order(session, order_number=order_number)
                whs = sales.shippable_by_warehouse(session, order_number=order_number)
        except DomainError as exc:
            return rx.toast.error(exc.message)
        if not d.can_ship:
            return rx.toast.error(f"{order_number} has nothing reserved to ship.")
        self.order_number_ = d.order.order_number
        reserved = sum(ln.quantity_reserved for ln, _ in d.lines)
        self.warehouses = [{"code": code, "label": f"{code} · can ship {units:,} of {reserved:,}"}
                           for code, units in whs]
        self.warehouse = whs[0][0] if whs else ""  # the one that can ship the most
        self.lines = [{"line_no": str(ln.line_no), "product_id": p.product_id, "name": ln.name,
                       "reserved": str(ln.quantity_reserved), "quantity": str(ln.quantity_reserved), "error": ""}
                      for ln, p in d.lines if ln.quantity_reserved > 0]
        self.tracking, self.errors, self.saving, self.key = "", {}, False, uuid.uuid4().hex
        self.is_open = True
        return ShipState.refresh_preview

    def _items(self) -> tuple[list[dict], list[int]]:
        """The items to ship (lines with a quantity) and the line number of each."""
        items, sent = [], []
        for line in self.lines:
            if line["quantity"].strip() in ("", "0"):
                continue
            items.append({"line_no": int(line["line_no"]), "quantity": whole_or_raw(line["quantity"])})
            sent.append(int(line["line_no"]))
        return items, sent

    def _request(self) -> dict:
        items, _ = self._items()
        return {"order_number": self.order_number_, "warehouse": self.warehouse or None, "items": items,
                "tracking_number": self.tracking.strip() or None}

    @rx.event
    def refresh_preview(self):
        items, sent = self._items()
        self.preview, self.preview_status, self.problem, self.errors = [], "", "", {}
        if not items:
            self.problem, self.lines = "Enter a quantity on at least one line.", mark_lines(self.lines, {}, SHIP_FIELDS)
            return
        try:
            self.preview, self.preview_status = dry_run(self, sales.ship_sales_order, **self._request())
        except DomainError as exc:
            self.errors = item_errors(exc, sent)
            self.problem = exc.message
        self.lines = mark_lines(self.lines, self.errors, SHIP_FIELDS)

    @rx.event
    def close(self, value: bool = False):
        if not self.saving:
            self.is_open = value

    @rx.event
    def set_quantity(self, line_no: str, value: str):
        self.lines = [line | {"quantity": value} if line["line_no"] == line_no else line for line in self.lines]
        return ShipState.refresh_preview

    @rx.event
    def set_warehouse(self, value: str):
        self.warehouse = value
        return ShipState.refresh_preview

    @rx.event
    def set_tracking(self, value: str):
        self.tracking = value

    @rx.event
    def confirm(self):
        if self.saving or not self.is_open:
            return
        self.saving = True
        yield
        request, (_, sent) = self._request(), self._items()
        try:
            outcome = submit_once(self, sales.ship_sales_order, request, "ui ship")
        except DomainError as exc:
            self.saving, self.errors, self.problem = False, item_errors(exc, sent), exc.message
            self.lines = mark_lines(self.lines, self.errors, SHIP_FIELDS)
            yield rx.toast.error("Nothing was shipped: " + exc.message)
            return
        self.saving, self.is_open = False, False
        yield rx.toast.success(f"Shipped {units_text(outcome['units'])}. "
                               f"{self.order_number_} is now {outcome['status']}.")
        yield SalesOrderDetailState.load
