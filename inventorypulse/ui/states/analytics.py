"""Analytics screen: figures read from the warehouse (embedded or Snowflake), and the admin's sync button."""

from __future__ import annotations

import asyncio
import logging

import reflex as rx

from ...db import session_scope
from ...jobs.runner import run_job
from ...services import permissions
from ...services.errors import DomainError
from ...services.permissions import Perm
from ...warehouse.queries import AnalyticsOverview, analytics_overview
from ...warehouse.status import SyncStatus, request_full_rebuild, sync_status
from ...warehouse.targets import WarehouseUnavailable
from .. import format as fmt
from ..components.charts import plain_figure
from ..views import analytics_charts as charts
from .auth import AuthState
from .common import acting_user

log = logging.getLogger(__name__)
PERIODS = ("30", "90", "365")
JOB = "warehouse_sync"


def _pct(value: float | None) -> str:
    return "—" if value is None else f"{value:.1f}%"


def _times(value: float | None) -> str:
    return "—" if value is None else f"{value:.1f}×"


LOADED = (("inventory_history", "snapshots"), ("sales_analytics", "sale lines"), ("demand_forecast", "forecasts"),
          ("supplier_performance", "scorecards"))


def _loaded_text(counts: dict[str, int]) -> str:
    return "Warehouse synced: " + ", ".join(f"{counts.get(k, 0):,} {label}" for k, label in LOADED) + " loaded."


def _fetch(days: int) -> tuple[SyncStatus, AnalyticsOverview | None, str]:
    """(sync status, figures or None, error) — never raises: the page shows what went wrong."""
    with session_scope() as session:
        status = sync_status(session)
        try:
            return status, analytics_overview(session, days=days), ""
        except WarehouseUnavailable as exc:
            return status, None, str(exc)
        except Exception as exc:  # noqa: BLE001 - a broken warehouse must not break the page
            log.exception("reading the analytics warehouse failed")
            return status, None, f"The analytics warehouse could not be read: {type(exc).__name__}: {exc}"[:400]


class AnalyticsState(AuthState):
    loading: bool = False
    loaded: bool = False
    syncing: bool = False
    error: str = ""
    days: str = "90"

    has_data: bool = False
    source: str = ""
    period: str = ""
    sync_state: str = ""  # never | running | ok | failed
    sync_text: str = ""
    sync_error: str = ""

    revenue: str = "—"
    units_hint: str = ""
    gross_profit: str = "—"
    margin_hint: str = ""
    turnover: str = "—"
    stock_value: str = "—"
    stock_retail_hint: str = ""
    understocked: str = "—"
    overstocked_hint: str = ""
    forecast: str = "—"
    forecast_hint: str = ""

    # Figures as plain JSON dicts (see components/charts.py).
    sales_figure: dict = {}
    inventory_figure: dict = {}
    margin_figure: dict = {}
    supplier_figure: dict = {}
    supplier_chart_height: str = "200px"
    has_margins: bool = False
    categories: list[dict[str, str]] = []
    suppliers: list[dict[str, str]] = []
    slow_movers: list[dict[str, str]] = []

    @rx.event(background=True)
    async def load(self):
        async with self:
            if not self.is_authenticated or self.loading:
                return
            self.loading = True
            days = int(self.days) if self.days in PERIODS else 90
        status, overview, error = await asyncio.to_thread(_fetch, days)
        async with self:
            self._show_status(status)
            self.error = error
            if overview is not None:
                self._show(overview)
            self.loading, self.loaded = False, True

    @rx.event
    def set_days(self, value: str | list[str]):
        value = value[0] if isinstance(value, list) and value else value
        if not isinstance(value, str) or value not in PERIODS or value == self.days:
            return None
        self.days = value
        return AnalyticsState.load

    def _show_status(self, status: SyncStatus) -> None:
        self.sync_state = status.state
        where = "Snowflake" if status.target == "snowflake" else "embedded database"
        self.sync_text = {
            "never": f"Never synced to the {where}",
            "running": "Sync running…",
            "ok": f"Synced {fmt.ago(status.last_run_at)}",
            "failed": f"Last sync failed {fmt.ago(status.last_run_at)}",
        }.get(status.state, status.state)
        if status.state == "failed" and status.last_success_at:
            self.sync_text += f" · last success {fmt.ago(status.last_success_at)}"
        self.sync_error = status.error or ""

    def _show(self, o: AnalyticsOverview) -> None:
        self.has_data = o.has_data
        self.source = ("Snowflake · " if o.target == "snowflake" else "Embedded · ") + o.label
        self.period = f"{o.start:%b %d, %Y} – {o.end:%b %d, %Y}"
        t = o.totals
        self.revenue, self.units_hint = fmt.money(t.revenue), f"{t.units:,.0f} units sold"
        self.gross_profit, self.margin_hint = fmt.money(t.gross_profit), f"Gross margin {_pct(t.margin_pct)}"
        self.turnover = _times(t.turnover(o.days))
        last = o.inventory[-1] if o.inventory else None
        self.stock_value = fmt.money(last["cost"]) if last else "—"
        self.stock_retail_hint = f"{fmt.money_short(last['retail'])} at retail" if last else ""
        self.understocked = fmt.count(last["under"]) if last else "—"
        self.overstocked_hint = f"{last['over']:,} overstocked" if last else ""
        self.forecast = f"{o.forecast_units:,.0f} units" if o.forecast_products else "—"
        self.forecast_hint = (f"Latest forecasts of {o.forecast_products:,} products" if o.forecast_products
                              else "No forecasts loaded yet")
        self.sales_figure = plain_figure(charts.sales_figure(o.daily))
        self.inventory_figure = plain_figure(charts.inventory_figure(o.inventory))
        self.has_margins = any(c.revenue for c in o.categories)
        self.margin_figure = plain_figure(charts.margin_figure(o.categories))
        on_time = charts.on_time_figure(o.suppliers)
        self.supplier_figure = plain_figure(on_time)
        self.supplier_chart_height = f"{on_time.layout.height}px"
        self.categories = [{
            "category": c.category, "revenue": fmt.money(c.revenue), "cogs": fmt.money(c.cogs),
            "profit": fmt.money(c.gross_profit), "margin": _pct(c.margin_pct), "turnover": _times(c.turnover(o.days)),
        } for c in o.categories]
        self.suppliers = [{
            "supplier_id": s.supplier_id, "name": s.name, "orders": fmt.count(s.orders), "value": fmt.money(s.value),
            "on_time": _pct(s.on_time_rate), "lead": "—" if s.lead_time_days is None else f"{s.lead_time_days:.1f} d",
            "fill": _pct(s.fill_rate), "quality": "—" if s.quality is None else f"{s.quality:.1f} / 5",
            "tone": "gray" if s.on_time_rate is None else "green" if s.on_time_rate >= 90
            else "amber" if s.on_time_rate >= 75 else "red",
        } for s in o.suppliers]
        self.slow_movers = [{
            "product_id": m["product_id"], "name": m["name"], "value": fmt.money(m["value"]),
            "turnover": _times(m["turnover"]),
            "restock": "never" if m["days_since_restock"] is None else f"{m['days_since_restock']} d ago",
        } for m in o.slow_movers]

    @rx.event(background=True)
    async def sync_now(self, full: bool = False):
        """Admins only (job:admin): run the warehouse sync (a full rebuild with `full`) and reload."""
        async with self:
            if self.syncing:
                return
            refused = ""
            try:
                with session_scope() as session:
                    user = acting_user(self, session)
                    permissions.require(user, Perm.JOB_ADMIN)
                    if full:
                        request_full_rebuild(session, user_id=user.id)
            except DomainError as exc:
                refused = exc.message
            if not refused:
                self.syncing, self.sync_state, self.sync_text = True, "running", "Sync running…"
                who = f"ui:{self.username}"[:50]
        if refused:
            yield rx.toast.error(refused)
            return
        try:
            run = await asyncio.to_thread(run_job, JOB, triggered_by=who)
        except DomainError as exc:  # already running elsewhere, or the job is not registered
            async with self:
                self.syncing = False
            yield rx.toast.error(exc.message)
            yield AnalyticsState.load
            return
        async with self:
            self.syncing = False
        if run.status == "succeeded":
            yield rx.toast.success(_loaded_text(run.counts))
        else:
            yield rx.toast.error(f"Warehouse sync failed: {(run.error or '').splitlines()[0] if run.error else ''}")
        yield AnalyticsState.load
