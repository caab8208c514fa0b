"""Dashboard page: route, on_load, and the cache warm-up at start-up."""

import asyncio
import logging

import reflex as rx

from ...db import get_engine
from ...services.dashboard_cache import warm_up
from ..components.layout import page_shell
from ..states.auth import AuthState
from ..states.dashboard import DashboardState
from ..views.dashboard import dashboard_body, preload_plotly


def dashboard_page() -> rx.Component:
    return rx.fragment(preload_plotly(), page_shell("Dashboard", dashboard_body()))


ON_LOAD = [AuthState.require_login, DashboardState.load]


async def warm_dashboard_cache() -> None:
    """Aggregate the ledger once in the background, so the first visitor does not wait for it."""
    try:
        await asyncio.to_thread(warm_up, get_engine())
    except Exception:  # noqa: BLE001 - a cold cache only costs the first visitor time
        logging.getLogger(__name__).warning("Dashboard warm-up failed", exc_info=True)


def register(app: rx.App) -> None:
    app.add_page(dashboard_page, route="/", title="Dashboard · InventoryPulse", on_load=ON_LOAD)
    app.register_lifespan_task(warm_dashboard_cache)
