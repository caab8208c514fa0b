"""Jobs screen (placeholder until it is built)."""

import reflex as rx

from ..components.layout import page_shell
from ..states.auth import AuthState


def jobs_page() -> rx.Component:
    return page_shell("Jobs", rx.callout("Not built yet.", icon="info"))


def register(app: rx.App) -> None:
    app.add_page(jobs_page, route="/jobs", title="Jobs · InventoryPulse", on_load=AuthState.require_login)
