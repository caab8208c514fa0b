"""Figures for the analytics screen, read from the warehouse tables (Snowflake or embedded).

The SQL is plain enough for Snowflake, SQLite and PostgreSQL alike; products' names and
categories come from the operational database (the warehouse keeps business ids only).

* gross margin: gross profit / revenue over the period
* turnover: cost of goods sold over the period / average inventory value at cost, annualised
* supplier scorecards: monthly figures added up (orders, value) or averaged weighted by each
  month's order count (on-time, lead time, fill rate)
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlmodel import Session, select

from ..models import Category, Product, Supplier
from .targets import Target, open_target
from .targets.base import as_date

DEFAULT_DAYS = 90
SLOW_MOVERS = 8


def _num(value) -> float:
    return float(value) if value is not None else 0.0


@dataclass
class CategoryFigures:
    category: str
    revenue: float = 0.0
    cogs: float = 0.0
    gross_profit: float = 0.0
    units: float = 0.0
    average_inventory: float = 0.0  # at cost

    @property
    def margin_pct(self) -> float | None:
        return self.gross_profit / self.revenue * 100 if self.revenue else None

    def turnover(self, days: int) -> float | None:
        return self.cogs / self.average_inventory * 365 / days if self.average_inventory else None


@dataclass
class SupplierScore:
    supplier_id: str
    name: str
    orders: int = 0
    value: float = 0.0
    on_time_rate: float | None = None
    lead_time_days: float | None = None
    fill_rate: float | None = None
    quality: float | None = None
    months: list[tuple[date, float | None]] = field(default_factory=list)  # (month, on-time rate)


@dataclass
class AnalyticsOverview:
    target: str
    label: str
    start: date
    end: date
    days: int
    totals: CategoryFigures
    daily: list[dict]  # {"day", "revenue", "gross_profit"}
    inventory: list[dict]  # {"day", "cost", "retail", "under", "over"}
    categories: list[CategoryFigures]
    suppliers: list[SupplierScore]
    slow_movers: list[dict]  # {"product_id", "name", "value", "turnover", "days_since_restock"}
    forecast_units: float = 0.0
    forecast_products: int = 0

    @property
    def has_data(self) -> bool:
        return bool(self.daily or self.inventory or self.suppliers)


def _latest_snapshot(target: Target) -> date | None:
    rows = target.fetch("SELECT MAX(snapshot_date) AS d FROM inventory_history")
    return as_date(rows[0]["d"]) if rows else None


def _categories(target: Target, p: dict, names: dict[str, tuple[str, str]],
                days: int) -> tuple[CategoryFigures, list[CategoryFigures]]:
    by_category: dict[str, CategoryFigures] = {}

    def slot(product_id: str) -> CategoryFigures:
        category = names.get(product_id, ("", "Unknown"))[1]
        return by_category.setdefault(category, CategoryFigures(category))

    for r in target.fetch(
        "SELECT product_id, SUM(quantity_sold) AS units, SUM(total_revenue_line) AS revenue, "
        "SUM(total_cost_of_goods_sold) AS cogs, SUM(gross_profit_line) AS gp FROM sales_analytics "
        "WHERE sale_date >= :start AND sale_date <= :end GROUP BY product_id", p):
        c = slot(r["product_id"])
        c.units += _num(r["units"])
        c.revenue += _num(r["revenue"])
        c.cogs += _num(r["cogs"])
        c.gross_profit += _num(r["gp"])
    for r in target.fetch(
        "SELECT product_id, SUM(total_value_at_cost) AS stock_value FROM inventory_history "
        "WHERE snapshot_date >= :start AND snapshot_date <= :end GROUP BY product_id", p):
        slot(r["product_id"]).average_inventory += _num(r["stock_value"]) / days
    totals = CategoryFigures("All categories")
    for c in by_category.values():
        for name in ("revenue", "cogs", "gross_profit", "units", "average_inventory"):
            setattr(totals, name, getattr(totals, name) + getattr(c, name))
    return totals, sorted(by_category.values(), key=lambda c: (-c.revenue, c.category))


def _suppliers(session: Session, target: Target, since: date) -> list[SupplierScore]:
    names = dict(session.exec(select(Supplier.supplier_id, Supplier.company_name)).all())
    scores: dict[str, SupplierScore] = {}
    weights: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    for r in target.fetch(
        "SELECT supplier_id, evaluation_period_start AS period_start, on_time_delivery_rate AS on_time, "
        "average_lead_time_days AS lead_days, order_fulfillment_rate AS fill, total_orders_in_period AS orders, "
        "total_value_in_period AS order_value, quality_score AS quality FROM supplier_performance "
        "WHERE evaluation_period_start >= :since ORDER BY supplier_id, evaluation_period_start", {"since": since}):
        code = r["supplier_id"]
        s = scores.setdefault(code, SupplierScore(code, names.get(code, code)))
        orders = int(_num(r["orders"]))
        s.orders += orders
        s.value += _num(r["order_value"])
        s.quality = _num(r["quality"]) if r["quality"] is not None else s.quality
        s.months.append((as_date(r["period_start"]), None if r["on_time"] is None else _num(r["on_time"])))
        w = weights[code]
        for key in ("on_time", "lead_days", "fill"):
            if r[key] is not None and orders:
                w[key] += _num(r[key]) * orders
                w[key + "_n"] += orders
    for code, s in scores.items():
        w = weights[code]
        s.on_time_rate = w["on_time"] / w["on_time_n"] if w["on_time_n"] else None
        s.lead_time_days = w["lead_days"] / w["lead_days_n"] if w["lead_days_n"] else None
        s.fill_rate = w["fill"] / w["fill_n"] if w["fill_n"] else None
    return sorted(scores.values(), key=lambda s: (-s.value, s.supplier_id))


def _forecast(target: Target) -> tuple[float, int]:
    rows = target.fetch(
        "SELECT COUNT(*) AS n, SUM(f.predicted_demand_quantity) AS units FROM demand_forecast f "
        "JOIN (SELECT product_id, MAX(generated_at) AS g FROM demand_forecast GROUP BY product_id) m "
        "ON f.product_id = m.product_id AND f.generated_at = m.g")
    return (_num(rows[0]["units"]), int(_num(rows[0]["n"]))) if rows else (0.0, 0)


def analytics_overview(session: Session, *, days: int = DEFAULT_DAYS, target: Target | None = None,
                       end: date | None = None) -> AnalyticsOverview:
    """The screen's figures over the `days` days up to the latest snapshot (or `end`).

    Opens the configured target unless one is given; raises WarehouseUnavailable if it cannot.
    """
    opened = None
    if target is None:
        target = opened = open_target()
    try:
        if not target.has_tables():  # never synced: nothing to show yet
            end = end or date.today() - timedelta(days=1)
            return AnalyticsOverview(target.kind, target.label, end - timedelta(days=days - 1), end, days,
                                     CategoryFigures("All categories"), [], [], [], [], [])
        end = end or _latest_snapshot(target) or date.today() - timedelta(days=1)
        start = end - timedelta(days=days - 1)
        p = {"start": start, "end": end}
        names = {code: (name, cat) for code, name, cat in session.exec(
            select(Product.product_id, Product.name, Category.name).join(Category, Category.id == Product.category_id))}
        totals, categories = _categories(target, p, names, days)
        daily = [{"day": as_date(r["d"]), "revenue": _num(r["revenue"]), "gross_profit": _num(r["gp"])}
                 for r in target.fetch(
                     "SELECT sale_date AS d, SUM(total_revenue_line) AS revenue, SUM(gross_profit_line) AS gp "
                     "FROM sales_analytics WHERE sale_date >= :start AND sale_date <= :end "
                     "GROUP BY sale_date ORDER BY sale_date", p)]
        inventory = [{"day": as_date(r["d"]), "cost": _num(r["cost"]), "retail": _num(r["retail"]),
                      "under": int(_num(r["understocked"])), "over": int(_num(r["overstocked"]))}
                     for r in target.fetch(
                         "SELECT snapshot_date AS d, SUM(total_value_at_cost) AS cost, "
                         "SUM(total_value_at_retail) AS retail, "
                         "SUM(CASE WHEN understock_flag THEN 1 ELSE 0 END) AS understocked, "
                         "SUM(CASE WHEN overstock_flag THEN 1 ELSE 0 END) AS overstocked FROM inventory_history "
                         "WHERE snapshot_date >= :start AND snapshot_date <= :end "
                         "GROUP BY snapshot_date ORDER BY snapshot_date", p)]
        slow = [{"product_id": r["product_id"], "name": names.get(r["product_id"], (r["product_id"], ""))[0],
                 "value": _num(r["stock_value"]),
                 "turnover": None if r["rate"] is None else _num(r["rate"]),
                 "days_since_restock": None if r["since"] is None else int(_num(r["since"]))}
                for r in target.fetch(
                    "SELECT product_id, total_value_at_cost AS stock_value, inventory_turnover_rate AS rate, "
                    "days_since_last_restock AS since FROM inventory_history "
                    "WHERE snapshot_date = :end AND total_value_at_cost > 0 "
                    f"ORDER BY COALESCE(inventory_turnover_rate, 0), total_value_at_cost DESC LIMIT {SLOW_MOVERS}",
                    {"end": end})]
        suppliers = _suppliers(session, target, date(start.year, start.month, 1))
        forecast_units, forecast_products = _forecast(target)
        return AnalyticsOverview(target.kind, target.label, start, end, days, totals, daily, inventory, categories,
                                 suppliers, slow, forecast_units, forecast_products)
    finally:
        if opened is not None:
            opened.close()
