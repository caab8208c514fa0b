"""One sales order: its lifecycle as steps, only the transitions the service allows from the
current status (sales.TRANSITIONS) as actions, lines with reserved / shipped / returned, the stock
movements of the order, and raising its invoice."""

from __future__ import annotations

import reflex as rx

from ...db import session_scope
from ...models.status import ReasonCode
from ...models.status import SalesOrderStatus as S
from ...services import invoices, permissions, sales
from ...services.errors import DomainError, InsufficientStock
from ...services.permissions import Perm
from .. import format as fmt
from .auth import AuthState
from .common import acting_user
from .sales_orders import status_label
from .sales_orders_lines import shortage_lines

# The happy path shown as steps; shipping is the only way into "shipped" (the Ship dialog).
FLOW = (S.DRAFT, S.PENDING, S.CONFIRMED, S.PROCESSING, S.SHIPPED, S.DELIVERED, S.COMPLETED)
# How each transition the service may allow is offered as a button: (label, icon, colour).
ACTIONS = {
    S.PENDING: ("Submit as pending", "send", "blue"),
    S.CONFIRMED: ("Confirm & reserve stock", "circle-check", "green"),
    S.PROCESSING: ("Start processing", "loader", "cyan"),
    S.DELIVERED: ("Mark delivered", "package-check", "indigo"),
    S.COMPLETED: ("Complete", "badge-check", "green"),
    S.CANCELLED: ("Cancel order", "ban", "red"),
}
MOVEMENT_KINDS = {ReasonCode.SALE: "sale", ReasonCode.RETURN: "return", ReasonCode.DAMAGED_GOODS: "write-off"}


def steps(order, times: dict | None = None) -> list[dict[str, str]]:
    """The lifecycle as steps (label, state done/current/skipped/cancelled/todo, when). With the
    audit trail's `times`, a step the order jumped over (draft straight to confirmed) is skipped."""
    when = {S.DRAFT: order.order_date, S.SHIPPED: order.shipped_date, S.DELIVERED: order.delivered_date}
    when |= {S(k): v for k, v in (times or {}).items() if k in S.__members__.values()}
    if order.status == S.CANCELLED:
        return [{"label": "Ordered", "state": "done", "when": fmt.date(order.order_date)},
                {"label": "Cancelled", "state": "cancelled", "when": fmt.date(order.updated_at)}]
    reached = FLOW.index(S(order.status))
    first = min((FLOW.index(S(k)) for k in times or {} if k in FLOW), default=0)
    out = []
    for i, s in enumerate(FLOW):
        state = "done" if i < reached or s == S.COMPLETED == order.status else "current" if i == reached else "todo"
        if state == "done" and times is not None and s not in times and i > first:
            state = "skipped"
        out.append({"label": status_label(s), "state": state,
                    "when": "skipped" if state == "skipped" else
                    fmt.date(when.get(s)) if state != "todo" and when.get(s) else ""})
    return out


def movement_row(m, product_code: str, warehouse: str) -> dict[str, str]:
    """A stock movement of the order as a table row (sale / return / write-off)."""
    return {"movement_id": m.movement_id, "date": fmt.date_time(m.timestamp),
            "kind": MOVEMENT_KINDS.get(m.reason_code, fmt.label(m.reason_code)), "product_id": product_code,
            "warehouse": warehouse, "quantity": f"{m.quantity:+,}", "lot": m.lot_number or "—",
            "stock": f"{m.stock_before:,} → {m.stock_after:,}",
            "expiry": fmt.date(m.expiration_date)}


class SalesOrderDetailState(AuthState):
    order: dict[str, str] = {}
    steps: list[dict[str, str]] = []
    actions: list[dict[str, str]] = []
    lines: list[dict[str, str]] = []
    movements: list[dict[str, str]] = []
    can_ship: bool = False
    can_return: bool = False
    may_sell: bool = False
    may_edit: bool = False  # draft or pending, and the user may write sales orders
    can_invoice: bool = False
    not_found: str = ""
    refusal: list[str] = []  # the short lines named by a refused confirmation
    busy: str = ""  # the transition being applied, or "invoice"
    confirm_cancel: bool = False

    @rx.event
    def load(self):
        if not self.is_authenticated:
            return
        number = self.router.page.params.get("order_number", "")
        try:
            with session_scope() as session:
                d = sales.get_sales_order(session, order_number=number)
                times = sales.status_times(session, order_number=d.order.order_number)
                user = acting_user(self, session)
        except DomainError as exc:
            self.not_found, self.order = exc.message, {}
            return
        self.not_found = ""
        o, c, cur = d.order, d.customer, d.order.currency
        ordered = sum(ln.quantity for ln, _ in d.lines)
        shipped = sum(ln.quantity_shipped for ln, _ in d.lines)
        self.order = {
            "order_number": o.order_number, "status": o.status, "status_label": status_label(o.status),
            "payment_status": o.payment_status, "payment_label": status_label(o.payment_status),
            "customer": c.name, "customer_id": c.customer_number, "terms": c.payment_terms,
            "order_date": fmt.date(o.order_date), "required": fmt.date(o.required_date),
            "shipped": fmt.date(o.shipped_date), "delivered": fmt.date(o.delivered_date),
            "subtotal": fmt.money(o.subtotal, cur), "discount": fmt.money(o.discount_amount, cur),
            "tax": fmt.money(o.tax_amount, cur), "tax_rate": f"{(o.tax_rate * 100).normalize():f}%",
            "shipping": fmt.money(o.shipping_cost, cur), "total": fmt.money(o.total_amount, cur),
            "ship_to": ", ".join(p for p in (o.ship_street, o.ship_city, o.ship_state, o.ship_postal_code,
                                             o.ship_country) if p) or "—",
            "tracking": o.tracking_number or "—", "notes": o.notes or "", "invoice": d.invoice_number or "",
            "progress": f"{shipped:,} of {ordered:,} units shipped",
        }
        self.steps = steps(o, times)
        self.actions = [{"status": t, "label": ACTIONS[S(t)][0], "icon": ACTIONS[S(t)][1], "color": ACTIONS[S(t)][2]}
                        for t in d.allowed_transitions if S(t) in ACTIONS]
        self.lines = [
            {"line_no": str(ln.line_no), "product_id": p.product_id, "name": ln.name, "sku": ln.sku,
             "ordered": fmt.count(ln.quantity), "reserved": fmt.count(ln.quantity_reserved),
             "shipped": fmt.count(ln.quantity_shipped), "returned": fmt.count(ln.quantity_returned),
             "pct": str(round(100 * ln.quantity_shipped / ln.quantity)),
             "unit_price": fmt.money(ln.unit_price, cur), "discount": fmt.money(ln.discount, cur),
             "line_total": fmt.money(ln.line_total, cur)}
            for ln, p in d.lines
        ]
        self.movements = [movement_row(m, code, wh) for m, code, wh in d.movements]
        self.may_sell = permissions.has_perm(user, Perm.SALES_WRITE)
        self.can_ship, self.can_return = self.may_sell and d.can_ship, self.may_sell and d.can_return
        self.may_edit = self.may_sell and o.status in sales.EDITABLE
        self.can_invoice = (permissions.has_perm(user, Perm.INVOICE_WRITE) and d.invoice_number is None
                            and o.status in invoices.INVOICEABLE)

    @rx.event
    def ask_cancel(self, value: bool):
        self.confirm_cancel = value

    @rx.event
    def transition(self, status: str):
        if self.busy:
            return
        self.busy, self.confirm_cancel, self.refusal = status, False, []
        yield
        number = self.order.get("order_number", "")
        try:
            with session_scope() as session:
                result = sales.transition_sales_order(session, order_number=number, status=status,
                                                      user=acting_user(self, session))
                now = result.order.status
        except DomainError as exc:
            self.busy = ""
            if isinstance(exc, InsufficientStock):
                self.refusal = shortage_lines(exc, [line["name"] for line in self.lines])
            yield rx.toast.error("Not confirmed: not enough stock for some lines." if self.refusal else exc.message)
            return
        self.busy = ""
        self.load()
        yield rx.toast.success(f"{number} is now {status_label(now).lower()}."
                               + (" Its stock is reserved." if now == S.CONFIRMED else ""))

    @rx.event
    def create_invoice(self):
        if self.busy:
            return
        self.busy = "invoice"
        yield
        number = self.order.get("order_number", "")
        try:
            with session_scope() as session:
                invoice = invoices.generate_invoice(session, order_number=number, user=acting_user(self, session))
                invoice_number = invoice.invoice_number
        except DomainError as exc:
            self.busy = ""
            yield rx.toast.error(exc.message)
            return
        self.busy = ""
        yield rx.toast.success(f"Invoice {invoice_number} raised for {number}.")
        yield rx.redirect(f"/invoices/{invoice_number}")
