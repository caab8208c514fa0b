from __future__ import annotations

import reflex as rx

from ...db import session_scope
from ...services.dashboard import get_dashboard_stats
from .. import format as fmt
from .auth import AuthState


class DashboardState(AuthState):
    products: str = "—"
    value_cost: str = "—"
    value_retail: str = "—"
    low_stock: str = "—"
    out_of_stock: str = "—"
    open_pos: str = "—"
    open_po_value: str = "—"
    active_alerts: str = "—"
    alerts_by_severity: list[dict[str, str]] = []

    @rx.event
    def load(self):
        if not self.is_authenticated:
            return
        with session_scope() as session:
            stats = get_dashboard_stats(session)
        self.products = fmt.count(stats.product_count)
        self.value_cost = fmt.money(stats.inventory_value_cost)
        self.value_retail = fmt.money(stats.inventory_value_retail)
        self.low_stock = fmt.count(stats.low_stock_count)
        self.out_of_stock = fmt.count(stats.out_of_stock_count)
        self.open_pos = fmt.count(stats.open_po_count)
        self.open_po_value = fmt.money(stats.open_po_value)
        self.active_alerts = fmt.count(stats.active_alert_count)
        order = ["critical", "high", "medium", "low"]
        self.alerts_by_severity = [
            {"severity": s, "count": fmt.count(stats.alerts_by_severity.get(s, 0))} for s in order
        ]
