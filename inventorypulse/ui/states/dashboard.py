"""Dashboard: headline figures, sales of shipped orders, four charts and the recent activity feed."""

from __future__ import annotations

from datetime import date
from urllib.parse import quote

import reflex as rx

from ...db import session_scope
from ...services.dashboard import ActivityEvent
from ...services.dashboard_cache import DashboardView, dashboard_view
from ...services.errors import DomainError
from ...services.sales.stats import PERIODS, SalesStats, sales_stats
from .. import format as fmt
from ..components.charts import plain_figure
from ..views import dashboard_charts as charts
from .auth import AuthState

SEVERITIES = ("critical", "high", "medium", "low")
ACTIVITY_SHOWN = 12
ACTIVITY_ICONS = {"stock_movement": "arrow-left-right", "purchase_order": "clipboard-list",
                  "sales_order": "shopping-bag", "invoice": "receipt", "alert": "bell"}
RECORD_PAGES = {"purchase_order": "/purchase-orders", "sales_order": "/sales-orders", "invoice": "/invoices"}


def activity_href(link: dict[str, str]) -> str:
    kind, ident = link.get("kind"), quote(link.get("id", ""))
    if kind == "product":
        return f"/products/{ident}"
    if kind in RECORD_PAGES:
        return f"{RECORD_PAGES[kind]}/{ident}"
    return "/alerts?status=open"


def _activity_row(event: ActivityEvent) -> dict[str, str]:
    return {"text": event.text, "when": fmt.ago(event.timestamp), "at": fmt.date_time(event.timestamp),
            "href": activity_href(event.link), "icon": ACTIVITY_ICONS.get(event.type, "dot"), "type": event.type}


def _sales_cards(stats: SalesStats) -> dict[str, str]:
    """Revenue of each period, and its units and orders as the card's subtitle."""
    cards = {}
    for p in stats.periods:
        cards[p.period] = fmt.money(p.revenue)
        cards[f"{p.period}_hint"] = (f"{fmt.count(p.units)} unit{'s' * (p.units != 1)} · "
                                     f"{fmt.count(p.orders)} order{'s' * (p.orders != 1)}")
    return cards


def _top_seller_row(rank: int, seller) -> dict[str, str]:
    return {"rank": str(rank), "product_id": seller.product_id, "name": seller.name,
            "units": f"{fmt.count(seller.units)} sold", "revenue": fmt.money(seller.revenue),
            "href": f"/products/{quote(seller.product_id)}"}


def _trim_before_history(view: DashboardView) -> tuple[list, list, date | None]:
    """Drop the leading days before the ledger's first movement (a young database); also return
    that first day when something was dropped."""
    values, sales = view.stock_value, view.units_sold
    first = next((i for i, p in enumerate(values) if p.value or sales[i].units), len(values))
    first = min(first, max(len(values) - 2, 0))
    return values[first:], sales[first:], values[first].day if first and values else None


class DashboardState(AuthState):
    loading: bool = False
    loaded: bool = False
    error: str = ""

    products: str = "—"
    active_products: str = ""
    value_cost: str = "—"
    value_retail: str = "—"
    margin_hint: str = ""
    low_stock: str = "—"
    out_of_stock: str = "—"
    open_pos: str = "—"
    open_po_value: str = "—"
    active_alerts: str = "—"
    alerts_by_severity: list[dict[str, str]] = []

    # Figures as plain JSON dicts: a go.Figure default costs ~20 ms to copy into every new session's state.
    value_figure: dict = {}
    sales_figure: dict = {}
    movers_figure: dict = {}
    category_figure: dict = {}
    value_change: str = ""
    has_history: bool = False
    mover_ids: list[str] = []
    category_names: list[str] = []
    activity: list[dict[str, str]] = []
    # Sales of shipped orders: {"today": "$1,234.00", "today_hint": "12 units · 3 orders", ...}.
    sales: dict[str, str] = {k: "—" for k in PERIODS} | {f"{k}_hint": "" for k in PERIODS}
    top_sellers: list[dict[str, str]] = []

    @rx.event
    def load(self):
        if not self.is_authenticated:
            return None
        self.loading = True
        try:
            with session_scope() as session:
                view = dashboard_view(session)
                sold = sales_stats(session)
        except DomainError as exc:
            self.error, self.loading = exc.message, False
            return rx.toast.error(f"Could not load the dashboard: {exc.message}")
        self._show(view)
        self.sales = _sales_cards(sold)
        self.top_sellers = [_top_seller_row(n, s) for n, s in enumerate(sold.top_sellers, start=1)]
        self.error, self.loading, self.loaded = "", False, True
        return None

    def _show(self, view: DashboardView) -> None:
        stats = view.stats
        self.products = fmt.count(stats.product_count)
        self.active_products = f"{stats.active_product_count:,} not discontinued"
        self.value_cost = fmt.money(stats.inventory_value_cost)
        self.value_retail = fmt.money(stats.inventory_value_retail)
        margin = stats.inventory_value_retail - stats.inventory_value_cost
        self.margin_hint = f"{fmt.money_short(margin)} above cost"
        self.low_stock = fmt.count(stats.low_stock_count)
        self.out_of_stock = fmt.count(stats.out_of_stock_count)
        self.open_pos = fmt.count(stats.open_po_count)
        self.open_po_value = fmt.money(stats.open_po_value)
        self.active_alerts = fmt.count(stats.active_alert_count)
        self.alerts_by_severity = [
            {"severity": s, "count": fmt.count(stats.alerts_by_severity.get(s, 0)),
             "href": f"/alerts?status=open&severity={s}"}
            for s in SEVERITIES
        ]
        values, sales, history_from = _trim_before_history(view)
        self.has_history = len(values) > 1 and any(p.value for p in values)
        self.value_figure = plain_figure(charts.stock_value_figure(values))
        self.sales_figure = plain_figure(charts.units_sold_figure(sales, history_from))
        first, last = (values[0].value, values[-1].value) if values else (0, 0)
        self.value_change = f"{(last - first) / first:+.1%} since {values[0].day:%b %d}" if first else ""
        self.movers_figure = plain_figure(charts.top_movers_figure(stats.top_sellers))
        self.mover_ids = [s.product_id for s in stats.top_sellers]
        categories = [c for c in stats.value_by_category if c.products]
        self.category_figure = plain_figure(charts.category_value_figure(categories))
        self.category_names = [c.category for c in categories]
        self.activity = [_activity_row(e) for e in stats.recent_activity[:ACTIVITY_SHOWN]]

    @rx.event
    def open_mover(self, points: list[dict]):
        index = points[0].get("pointIndex") if points else None
        if isinstance(index, int) and 0 <= index < len(self.mover_ids):
            return rx.redirect(f"/products/{quote(self.mover_ids[index])}")
        return None

    @rx.event
    def open_category(self, points: list[dict]):
        index = points[0].get("pointIndex") if points else None
        if isinstance(index, int) and 0 <= index < len(self.category_names):
            return rx.redirect(f"/products?category={quote(self.category_names[index])}")
        return None
