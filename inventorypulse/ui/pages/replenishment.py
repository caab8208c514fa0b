"""Replenishment screen (placeholder until it is built)."""

import reflex as rx

from ..components.layout import page_shell
from ..states.auth import AuthState


def replenishment_page() -> rx.Component:
    return page_shell("Replenishment", rx.callout("Not built yet.", icon="info"))


def register(app: rx.App) -> None:
    app.add_page(replenishment_page, route="/replenishment", title="Replenishment · InventoryPulse", on_load=AuthState.require_login)
