"""Alerts list: filters kept in the URL, acknowledge / resolve with notes, and each alert's next step."""

from __future__ import annotations

from urllib.parse import quote

import reflex as rx

from ...db import session_scope
from ...models.status import OPEN_ALERT_STATUSES, AlertSeverity, AlertStatus, AlertType
from ...services import alerts, offers, reports
from ...services.errors import DomainError
from ...services.permissions import ROLE_PERMISSIONS, Perm
from .. import format as fmt
from .auth import AuthState
from .common import acting_user, field_errors, url_with
from .paging import PagedMixin
from .shell import ShellState

PAGE_SIZE = 20
STATUS_FILTERS = ("open", *[s.value for s in AlertStatus], "all")
# Alerts whose obvious next step is ordering more.
REORDER_TYPES = {AlertType.LOW_STOCK, AlertType.OUT_OF_STOCK, AlertType.REORDER_SUGGESTION,
                 AlertType.PREDICTED_STOCKOUT}


def _choice(value: str, allowed, default: str = "") -> str:
    value = (value or "").strip().lower()
    return value if value in allowed else default


def reorder_link(session, product) -> tuple[str, str]:
    """The pre-filled purchase order for a product: the suggested quantity from its best supplier.

    Returns (href, hint)."""
    quantity = reports.suggested_quantity(available=product.available_stock, threshold=product.reorder_threshold,
                                          reorder_quantity=product.reorder_quantity, min_order_quantity=1)
    best = offers.best_supplier(session, product_id=product.product_id, quantity=quantity).recommended
    if best is None:
        return url_with("/purchase-orders/new", product=product.product_id, quantity=quantity), \
            f"Order {quantity:,} (no active supplier offer yet)"
    supplier = best.candidate
    href = url_with("/purchase-orders/new", supplier=supplier.supplier_id, product=product.product_id,
                    quantity=best.order_quantity)
    return href, f"Order {best.order_quantity:,} from {supplier.supplier_name} (best offer)"


class AlertsState(PagedMixin, AuthState):
    status: str = "open"
    severity: str = ""
    alert_type: str = ""
    rows: list[dict[str, str]] = []
    loading: bool = False
    error: str = ""

    # The acknowledge / resolve dialog.
    action: str = ""  # "acknowledge" | "resolve" | ""
    action_alert: str = ""
    action_title: str = ""
    saving: bool = False
    form_errors: dict[str, str] = {}

    @rx.var
    def can_acknowledge(self) -> bool:
        return Perm.ALERT_ACKNOWLEDGE in ROLE_PERMISSIONS.get(self.role, frozenset())

    @rx.var
    def can_resolve(self) -> bool:
        return Perm.ALERT_RESOLVE in ROLE_PERMISSIONS.get(self.role, frozenset())

    @rx.var
    def can_order(self) -> bool:
        return Perm.PO_WRITE in ROLE_PERMISSIONS.get(self.role, frozenset())

    def _url(self, **changes) -> str:
        params = {"status": self.status, "severity": self.severity, "type": self.alert_type, "page": self.page}
        params |= changes
        if params["page"] == 1:
            params["page"] = None
        return url_with("/alerts", **params)

    @rx.event
    def load(self):
        """on_load: the URL holds the filters, so a shared or reloaded link shows the same list."""
        if not self.is_authenticated:
            return None
        q = self.router.url.query_parameters
        self.status = _choice(q.get("status", "open"), STATUS_FILTERS, "open")
        self.severity = _choice(q.get("severity", ""), [s.value for s in AlertSeverity])
        self.alert_type = _choice(q.get("type", ""), [t.value for t in AlertType])
        try:
            self.page = max(1, int(q.get("page", "1")))
        except ValueError:
            self.page = 1
        self.action = ""
        return self._reload()

    def _reload(self):
        self.loading = True
        try:
            with session_scope() as session:
                result = alerts.list_alerts(
                    session, status=None if self.status == "all" else self.status, severity=self.severity or None,
                    alert_type=self.alert_type or None, page=self.page, limit=PAGE_SIZE)
                if self.page > result.total_pages:  # past the end (e.g. after resolving the last row)
                    self.page = result.total_pages
                    result = alerts.list_alerts(
                        session, status=None if self.status == "all" else self.status,
                        severity=self.severity or None, alert_type=self.alert_type or None, page=self.page,
                        limit=PAGE_SIZE)
                rows = [self._row(session, alert, product) for alert, product in result.items]
        except DomainError as exc:
            self.error, self.loading, self.rows = exc.message, False, []
            return rx.toast.error(exc.message)
        self.rows, self.total, self.total_pages = rows, result.total, result.total_pages
        self.error, self.loading = "", False
        return None

    def _row(self, session, alert, product) -> dict[str, str]:
        is_open = alert.status in OPEN_ALERT_STATUSES
        href, hint = ("", "")
        if is_open and product is not None and alert.alert_type in REORDER_TYPES and self.can_order:
            href, hint = reorder_link(session, product)
        return {
            "alert_id": alert.alert_id, "type": alert.alert_type, "type_label": fmt.label(alert.alert_type),
            "severity": alert.severity, "title": alert.title, "message": alert.message, "status": alert.status,
            "created": fmt.ago(alert.created_at), "created_at": fmt.date_time(alert.created_at),
            "notes": alert.notes or "",
            "product_id": product.product_id if product else "", "product_name": product.name if product else "",
            "product_href": f"/products/{quote(product.product_id)}" if product else "",
            "can_ack": "yes" if alert.status == AlertStatus.ACTIVE else "",
            "can_resolve": "yes" if is_open else "",
            "po_href": href, "po_hint": hint,
        }

    @rx.event
    def set_filter(self, name: str, value: str):
        """`name` is the URL parameter: status, severity or type."""
        if name not in ("status", "severity", "type"):
            return None
        value = "" if value == "any" else value
        return rx.redirect(self._url(**{name: value, "page": 1}))

    def _show_page(self):
        return rx.redirect(self._url())

    @rx.event
    def open_action(self, action: str, alert_id: str, title: str):
        self.action, self.action_alert, self.action_title, self.form_errors = action, alert_id, title, {}

    @rx.event
    def close_action(self, open_: bool = False):
        if not open_ and not self.saving:
            self.action = ""

    @rx.event
    def submit_action(self, form: dict):
        """Acknowledge or resolve; the service checks the user's permission again."""
        if self.saving or self.action not in ("acknowledge", "resolve"):
            return None
        self.saving, self.form_errors = True, {}
        yield
        notes = (form.get("notes") or "").strip() or None
        try:
            with session_scope() as session:
                user = acting_user(self, session)
                if self.action == "acknowledge":
                    alerts.acknowledge_alert(session, alert_id=self.action_alert, user=user, notes=notes)
                    done = f"Alert acknowledged: {self.action_title}"
                else:
                    alerts.resolve_alert(session, alert_id=self.action_alert, user=user, resolution_notes=notes,
                                         resolution_type=form.get("resolution_type") or None)
                    done = f"Alert resolved: {self.action_title}"
        except DomainError as exc:
            self.saving = False
            errors = field_errors(exc)
            errors = {("notes" if k == "resolution_notes" else k): v for k, v in errors.items()}
            if errors:
                self.form_errors = errors
                return None
            yield rx.toast.error(exc.message)
            return None
        self.saving, self.action = False, ""
        yield rx.toast.success(done)
        yield ShellState.refresh_badge
        failed = self._reload()
        if failed is not None:
            yield failed
