"""Forecast section of the product detail page (placeholder until forecasting is wired)."""

from __future__ import annotations

import reflex as rx

from ..states.auth import AuthState


class ProductForecastState(AuthState):
    product_id: str = ""

    @rx.event
    def load_forecast(self, product_id: str):
        self.product_id = product_id


def forecast_panel() -> rx.Component:
    return rx.callout("No forecast yet for this product.", icon="info", data_testid="forecast-panel")
