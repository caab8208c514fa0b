"""Demand forecasts (seed 000 `demand_forecast` columns plus the daily series)."""

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import JSON, Column, Index, Numeric, String
from sqlmodel import Field, SQLModel

from .base import created_at


class DemandForecast(SQLModel, table=True):
    """One forecast run for one product: totals over the period and the daily series.

    `daily` holds [{"date", "mean", "lo80", "hi80", "lo95", "hi95"}, ...].
    """

    __tablename__ = "demand_forecasts"
    __table_args__ = (
        Index("ix_demand_forecasts_product_date", "product_id", "forecast_date"),
    )

    id: int | None = Field(default=None, primary_key=True)
    forecast_id: str = Field(sa_type=String(40), max_length=40, unique=True)
    product_id: int = Field(foreign_key="products.id")
    forecast_date: date
    forecast_period_start: date
    forecast_period_end: date
    predicted_demand_quantity: Decimal = Field(sa_type=Numeric(12, 2))
    confidence_interval_lower: Decimal | None = Field(default=None, sa_type=Numeric(12, 2))
    confidence_interval_upper: Decimal | None = Field(default=None, sa_type=Numeric(12, 2))
    model_name: str | None = Field(default=None, sa_type=String(100), max_length=100)
    model_version: str | None = Field(default=None, sa_type=String(50), max_length=50)
    accuracy_metric: Decimal | None = Field(default=None, sa_type=Numeric(10, 4))
    features_used: dict = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    daily: list = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    generated_by_agent_id: str | None = Field(default=None, sa_type=String(100), max_length=100)
    generated_at: datetime = created_at()
