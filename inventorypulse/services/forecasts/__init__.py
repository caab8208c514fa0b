"""Demand forecasts: sales history from the ledger in, one stored forecast per product out.

The engine (inventorypulse.forecasting) is pure; this package reads the history with one
GROUP BY product, day query, runs the engine and replaces each product's stored forecast.
"""

from .history import daily_sales, is_sale, sales_matrix
from .queries import ForecastView, get_forecast, latest_forecasts
from .run import HISTORY_DAYS, ForecastRunSummary, forecast_products, generate_forecasts
from .store import AGENT_ID, forecast_code, period_interval

__all__ = [
    "AGENT_ID", "HISTORY_DAYS", "ForecastRunSummary", "ForecastView", "daily_sales", "forecast_code",
    "forecast_products", "generate_forecasts", "get_forecast", "is_sale", "latest_forecasts", "period_interval",
    "sales_matrix",
]
