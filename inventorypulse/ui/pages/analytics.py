"""Analytics page: the warehouse's figures (turnover, margins, supplier scorecards, history charts)."""

import reflex as rx

from ..components.layout import page_shell
from ..states.analytics import AnalyticsState
from ..states.auth import AuthState
from ..views.analytics import analytics_body


def analytics_page() -> rx.Component:
    return page_shell("Analytics", analytics_body())


def register(app: rx.App) -> None:
    app.add_page(analytics_page, route="/analytics", title="Analytics · InventoryPulse",
                 on_load=[AuthState.require_login, AnalyticsState.load])
