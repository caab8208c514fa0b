"""Alerts page: `/alerts?status=…&severity=…&type=…&page=…` (filters live in the URL)."""

import reflex as rx

from ..components.layout import page_shell
from ..states.alerts import AlertsState
from ..states.auth import AuthState
from ..views.alerts import alerts_body


def alerts_page() -> rx.Component:
    return page_shell("Alerts", alerts_body())


def register(app: rx.App) -> None:
    app.add_page(alerts_page, route="/alerts", title="Alerts · InventoryPulse",
                 on_load=[AuthState.require_login, AlertsState.load])
