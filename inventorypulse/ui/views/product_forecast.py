"""Forecast section of the product detail page: the chart, the chosen model and its accuracy,
and the replenishment numbers (reorder point, safety stock, days of cover, stockout date)."""

from __future__ import annotations

import reflex as rx

from ...db import session_scope
from ...services import forecasts, replenishment
from ...services.errors import DomainError
from .. import format as fmt
from ..components.charts import figure_data, plain_figure
from ..components.widgets import empty_state
from ..states.auth import AuthState
from .replenishment_forecast_chart import forecast_figure

HISTORY_DAYS = 120


def _model_label(name: str | None) -> str:
    labels = {"tsb": "TSB (intermittent)", "sba": "SBA (intermittent)", "croston": "Croston (intermittent)",
              "holt_winters": "Holt-Winters", "seasonal_naive": "Seasonal naive", "zero": "No demand"}
    return labels.get(name or "", name or "—")


class ProductForecastState(AuthState):
    product_id: str = ""
    loaded: bool = False
    has_forecast: bool = False
    figure: dict = {}  # plain JSON (see components/charts.py)
    facts: dict[str, str] = {}
    plans: list[dict[str, str]] = []
    error: str = ""

    @rx.event
    def load_forecast(self, product_id: str):
        self.product_id, self.loaded, self.error = product_id, False, ""
        if not self.is_authenticated or not product_id:
            return
        try:
            with session_scope() as session:
                view = forecasts.get_forecast(session, product_id=product_id, history_days=HISTORY_DAYS)
                (pred,) = replenishment.predict(session, [view.product])
                plans = replenishment.list_suggestions(session, product_id=view.product.product_id,
                                                       only_needed=False, limit=100).items
        except DomainError as exc:
            self.error, self.loaded = exc.message, True
            return
        fc = view.forecast
        self.has_forecast = fc is not None
        self.figure = plain_figure(forecast_figure(view.history_points, fc.daily if fc else []))
        mase = float(fc.accuracy_metric) if fc and fc.accuracy_metric is not None else None

        def total(attr: str) -> float:
            return sum(float(getattr(s.plan, attr)) for s in plans)

        self.facts = {
            "model": _model_label(fc.model_name) if fc else "Recent sales average",
            "mase": f"{mase:.2f}" if mase is not None else "—",
            "mase_hint": ("beats a seasonal-naive forecast" if mase < 1 else "no better than seasonal naive")
            if mase is not None else "too little history to backtest",
            "generated": fmt.ago(fc.generated_at) if fc else "not yet",
            "demand": f"{fc.predicted_demand_quantity:,.0f} units" if fc else "—",
            "interval": f"95 %: {fc.confidence_interval_lower:,.0f}–{fc.confidence_interval_upper:,.0f}" if fc else "",
            "avg_daily": f"{pred.avg_daily_demand:,.2f}",
            "reorder_point": f"{total('reorder_point'):,.0f}" if plans else "—",
            "safety_stock": f"{total('safety_stock'):,.0f}" if plans else "—",
            "days_of_cover": f"{pred.days_until_stockout:,.1f} days" if pred.days_until_stockout is not None
            else "no demand expected",
            "stockout": fmt.date(pred.stockout_date),
            "stockout_range": f"likely {fmt.date(pred.earliest_stockout_date)} to {fmt.date(pred.latest_stockout_date)}"
            if pred.stockout_date else "",
            "confidence": f"{pred.confidence} confidence",
        }
        self.plans = [{"warehouse": s.warehouse.code, "reorder_point": f"{s.plan.reorder_point:,.0f}",
                       "safety_stock": f"{s.plan.safety_stock:,.0f}", "suggested": fmt.count(s.plan.suggested_quantity),
                       "lead_time": f"{s.plan.lead_time_days} d", "basis": s.plan.basis.replace("_", " ")}
                      for s in plans]
        self.loaded = True


S = ProductForecastState


def _fact(label: str, key: str, hint: str | None = None) -> rx.Component:
    return rx.vstack(
        rx.text(label, size="1", color=rx.color("gray", 11)),
        rx.text(S.facts[key], size="4", weight="bold", data_testid=f"forecast-{key}", white_space="nowrap"),
        rx.text(S.facts[hint], size="1", color=rx.color("gray", 10)) if hint else rx.fragment(),
        spacing="0",
        min_width="0",
    )


def _plans_table() -> rx.Component:
    cols = [("Warehouse", "warehouse"), ("Basis", "basis"), ("Lead time", "lead_time"),
            ("Reorder point", "reorder_point"), ("Safety stock", "safety_stock"), ("Suggested", "suggested")]
    return rx.cond(S.plans.length() > 1, rx.table.root(
        rx.table.header(rx.table.row(*[rx.table.column_header_cell(c) for c, _ in cols])),
        rx.table.body(rx.foreach(S.plans, lambda p: rx.table.row(*[rx.table.cell(p[k]) for _, k in cols]))),
        size="1", variant="surface", width="100%",
    ))


def forecast_panel() -> rx.Component:
    body = rx.vstack(
        rx.cond(~S.has_forecast, rx.callout(
            "No forecast yet for this product: the nightly forecast run computes one. The figures below use the "
            "average of its recent sales.", icon="info", width="100%")),
        rx.plotly(data=figure_data(S.figure), width="100%", height="320px",
                  config={"displayModeBar": False, "responsive": True}),
        rx.grid(
            _fact("Model", "model", "generated"),
            _fact("Backtest MASE", "mase", "mase_hint"),
            _fact("Demand, next 90 days", "demand", "interval"),
            _fact("Reorder point", "reorder_point"),
            _fact("Safety stock", "safety_stock"),
            _fact("Days of cover", "days_of_cover", "confidence"),
            _fact("Stockout date", "stockout", "stockout_range"),
            columns=rx.breakpoints(initial="2", sm="4"),
            spacing="4",
            width="100%",
        ),
        _plans_table(),
        spacing="4",
        width="100%",
    )
    return rx.box(
        rx.cond(
            S.error != "",
            rx.vstack(rx.callout(S.error, icon="triangle-alert", color_scheme="red", width="100%"),
                      empty_state("The forecast could not be loaded.", "chart-line"), width="100%"),
            rx.cond(S.loaded, body, rx.skeleton(rx.box(height="320px", width="100%"), loading=True)),
        ),
        width="100%",
        data_testid="forecast-panel",
    )
