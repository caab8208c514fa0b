"""One purchase order: its lifecycle as steps, only the transitions the service allows from the
current status (services.purchasing.TRANSITIONS) as actions, lines with receiving progress."""

from __future__ import annotations

import reflex as rx

from ...db import session_scope
from ...models.base import utcnow
from ...models.status import OPEN_PO_STATUSES
from ...models.status import PurchaseOrderStatus as S
from ...services import permissions, purchasing
from ...services.errors import DomainError
from ...services.permissions import Perm
from .. import format as fmt
from .auth import AuthState
from .common import acting_user
from .purchase_orders import status_label

# The happy path shown as steps; partially_received is the "Received" step in progress.
FLOW = (S.DRAFT, S.SENT, S.ACKNOWLEDGED, S.SHIPPED, S.RECEIVED)
# How each transition the service may allow is offered as a button: (label, icon, colour).
ACTIONS = {
    S.SENT: ("Send to supplier", "send", "blue"),
    S.ACKNOWLEDGED: ("Mark acknowledged", "circle-check", "cyan"),
    S.SHIPPED: ("Mark shipped", "truck", "indigo"),
    S.CANCELLED: ("Cancel order", "ban", "red"),
}


def _steps(order) -> list[dict[str, str]]:
    status = S(order.status)
    when = {S.DRAFT: order.order_date, S.SENT: order.sent_at, S.RECEIVED: order.actual_delivery_date}
    if status == S.CANCELLED:
        flow = [S.DRAFT] + ([S.SENT] if order.sent_at else [])
        return [*({"label": status_label(s), "state": "done", "when": fmt.date(when.get(s))} for s in flow),
                {"label": "Cancelled", "state": "cancelled", "when": fmt.date(order.updated_at)}]
    reached = FLOW.index(S.RECEIVED if status == S.PARTIALLY_RECEIVED else status)
    steps = []
    for i, s in enumerate(FLOW):
        state = "done" if i < reached or status == S.RECEIVED else "current" if i == reached else "todo"
        label = "Partially received" if s == S.RECEIVED and status == S.PARTIALLY_RECEIVED else status_label(s)
        steps.append({"label": label, "state": state,
                      "when": fmt.date(when.get(s)) if state != "todo" and when.get(s) else ""})
    return steps


class PurchaseOrderDetailState(AuthState):
    order: dict[str, str] = {}
    steps: list[dict[str, str]] = []
    actions: list[dict[str, str]] = []
    can_receive: bool = False
    may_edit: bool = False  # a draft, and the user may write purchase orders
    lines: list[dict[str, str]] = []
    receipts: list[dict[str, str]] = []
    not_found: str = ""
    busy: str = ""  # the transition being applied
    confirm_cancel: bool = False

    @rx.event
    def load(self):
        if not self.is_authenticated:
            return
        number = self.router.page.params.get("order_number", "")
        try:
            with session_scope() as session:
                d = purchasing.get_purchase_order(session, order_number=number)
                may_write = permissions.has_perm(acting_user(self, session), Perm.PO_WRITE)
        except DomainError as exc:
            self.not_found, self.order = exc.message, {}
            return
        self.not_found = ""
        po, s = d.order, d.supplier
        cur = po.currency
        ordered = sum(line.quantity_ordered for line, _ in d.lines)
        received = sum(line.quantity_received for line, _ in d.lines)
        overdue = po.status in OPEN_PO_STATUSES and po.status != S.DRAFT \
            and po.expected_delivery_date.date() < utcnow().date()
        ship_to = ", ".join(p for p in (po.ship_to_name, po.ship_to_street, po.ship_to_city, po.ship_to_state,
                                        po.ship_to_postal_code, po.ship_to_country) if p)
        self.order = {
            "order_number": po.order_number, "status": po.status, "status_label": status_label(po.status),
            "supplier": s.company_name, "supplier_id": s.supplier_id, "supplier_email": s.email,
            "order_date": fmt.date(po.order_date), "expected": fmt.date(po.expected_delivery_date),
            "delivered": fmt.date(po.actual_delivery_date), "sent": fmt.date(po.sent_at),
            "overdue": "yes" if overdue else "", "created_by": d.created_by or "—",
            "approved_by": d.approved_by or "—", "received_by": d.received_by or "—",
            "subtotal": fmt.money(po.subtotal, cur), "tax": fmt.money(po.tax_amount, cur),
            "shipping": fmt.money(po.shipping_cost, cur), "total": fmt.money(po.total_amount, cur),
            "currency": cur, "notes": po.notes or "", "ship_to": ship_to or "—",
            "progress": f"{received:,} of {ordered:,} units received",
        }
        self.steps = _steps(po)
        self.actions = [{"status": t, "label": ACTIONS[S(t)][0], "icon": ACTIONS[S(t)][1],
                         "color": ACTIONS[S(t)][2]} for t in d.allowed_transitions if S(t) in ACTIONS]
        self.can_receive = d.can_receive
        self.may_edit = may_write and po.status == S.DRAFT
        self.lines = [
            {"line_no": str(line.line_no), "product_id": p.product_id, "name": p.name, "unit": p.stock_unit,
             "ordered": fmt.count(line.quantity_ordered), "received": fmt.count(line.quantity_received),
             "remaining": fmt.count(line.quantity_ordered - line.quantity_received),
             "pct": str(round(100 * line.quantity_received / line.quantity_ordered)),
             "unit_cost": fmt.money(line.unit_cost, cur), "line_total": fmt.money(line.line_total, cur),
             "open": "yes" if d.can_receive and line.quantity_received < line.quantity_ordered else "",
             "tracking": " · ".join(t for t, on in (("lot", p.lot_tracking), ("expiry", p.expiration_tracking)) if on)}
            for line, p in d.lines
        ]
        self.receipts = [
            {"movement_id": m.movement_id, "date": fmt.date(m.timestamp), "product_id": pid,
             "quantity": fmt.count(m.quantity), "warehouse": wh, "lot": m.lot_number or "—",
             "expiry": fmt.date(m.expiration_date), "by": by or "—"}
            for m, pid, wh, by in d.receipts
        ]

    @rx.event
    def ask_cancel(self, value: bool):
        self.confirm_cancel = value

    @rx.event
    def transition(self, status: str):
        if self.busy:
            return
        self.busy, self.confirm_cancel = status, False
        yield
        number = self.order.get("order_number", "")
        try:
            with session_scope() as session:
                result = purchasing.transition_purchase_order(session, order_number=number, status=status,
                                                              user=acting_user(self, session))
                now = result.order.status
        except DomainError as exc:
            self.busy = ""
            yield rx.toast.error(exc.message)
            return
        self.busy = ""
        self.load()
        yield rx.toast.success(f"{number} is now {status_label(now).lower()}.")
