"""Search screen (placeholder until it is built)."""

import reflex as rx

from ..components.layout import page_shell
from ..states.auth import AuthState


def search_page() -> rx.Component:
    return page_shell("Search", rx.callout("Not built yet.", icon="info"))


def register(app: rx.App) -> None:
    app.add_page(search_page, route="/search", title="Search · InventoryPulse", on_load=AuthState.require_login)
