"""Demand forecast of one product: the daily series with its 80/95 % bands, the chosen model and
its backtest MASE, the recent sales history and the product's replenishment numbers."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Annotated

from fastapi import APIRouter, Query
from pydantic import BaseModel

from ...services import forecasts, replenishment
from ...services.forecasts.queries import MAX_HISTORY_TAIL
from ..deps import Reader, SessionDep
from ..schemas import ERRORS

router = APIRouter(prefix="/forecasts", tags=["forecasts"])


class DailyPoint(BaseModel):
    date: date
    mean: float
    lo80: float
    hi80: float
    lo95: float
    hi95: float


class HistoryPoint(BaseModel):
    date: date
    quantity: float


class ForecastRun(BaseModel):
    forecast_id: str
    forecast_date: date
    forecast_period_start: date
    forecast_period_end: date
    predicted_demand_quantity: Decimal
    confidence_interval_lower: Decimal | None
    confidence_interval_upper: Decimal | None
    model_name: str | None
    model_version: str | None
    series_class: str | None
    accuracy_metric: Decimal | None
    accuracy_metric_name: str = "backtest MASE (below 1 beats a seasonal-naive forecast)"
    features_used: dict
    generated_by_agent_id: str | None
    generated_at: datetime
    daily: list[DailyPoint]


class PlanOut(BaseModel):
    warehouse: str
    supplier_id: str | None
    basis: str
    available: int
    avg_daily_demand: Decimal
    lead_time_days: int
    lead_time_demand: Decimal
    safety_stock: Decimal
    reorder_point: Decimal
    order_up_to: Decimal
    suggested_quantity: int
    days_of_cover: Decimal | None
    stockout_date: date | None
    service_level: Decimal
    computed_at: datetime


class ForecastOut(BaseModel):
    product_id: str
    product_name: str
    forecast: ForecastRun | None = None
    history: list[HistoryPoint]
    replenishment: list[PlanOut]


def plan_out(s: replenishment.Suggestion) -> PlanOut:
    p = s.plan
    return PlanOut(warehouse=s.warehouse.code, supplier_id=s.supplier.supplier_id if s.supplier else None,
                   **p.model_dump(include={"basis", "available", "avg_daily_demand", "lead_time_days",
                                           "lead_time_demand", "safety_stock", "reorder_point", "order_up_to",
                                           "suggested_quantity", "days_of_cover", "stockout_date", "service_level",
                                           "computed_at"}))


@router.get("/{product_id}", response_model=ForecastOut, responses=ERRORS,
            summary="A product's latest demand forecast, sales history tail and replenishment numbers")
def get_forecast(
    product_id: str,
    session: SessionDep,
    _: Reader,
    history_days: Annotated[int, Query(ge=1, le=MAX_HISTORY_TAIL, description="Days of sales history")] = 120,
) -> ForecastOut:
    view = forecasts.get_forecast(session, product_id=product_id, history_days=history_days)
    plans = replenishment.list_suggestions(session, product_id=view.product.product_id, only_needed=False,
                                           limit=100)
    fc = view.forecast
    run = None
    if fc is not None:
        run = ForecastRun(
            **fc.model_dump(exclude={"id", "product_id", "daily"}),
            series_class=(fc.features_used or {}).get("series_class"), daily=fc.daily,
        )
    return ForecastOut(product_id=view.product.product_id, product_name=view.product.name, forecast=run,
                       history=view.history_points, replenishment=[plan_out(s) for s in plans.items])
