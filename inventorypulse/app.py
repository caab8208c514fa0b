"""The Reflex app: pages, the REST API under /api, and start-up tasks."""

from __future__ import annotations

import logging
from contextlib import asynccontextmanager

import reflex as rx

from .api.app import create_api
from .config import settings
from .db import session_scope
from .jobs.scheduler import start_scheduler, stop_scheduler
from .services.auth import ensure_configured_admin
from .ui.pages import lists
from .ui.pages.assistant import assistant_page
from .ui.pages.dashboard import ON_LOAD as DASHBOARD_ON_LOAD
from .ui.pages.dashboard import dashboard_page
from .ui.pages.login import login_page
from .ui.states import lists as list_states
from .ui.states.auth import AuthState

log = logging.getLogger(__name__)


@asynccontextmanager
async def lifespan():
    with session_scope() as session:
        ensure_configured_admin(session)
    if settings.scheduler_enabled:
        start_scheduler()
    try:
        yield
    finally:
        stop_scheduler()


app = rx.App(api_transformer=create_api(), stylesheets=[])
app.register_lifespan_task(lifespan)

app.add_page(login_page, route="/login", title="Sign in · InventoryPulse", on_load=AuthState.redirect_if_logged_in)
app.add_page(dashboard_page, route="/", title="Dashboard · InventoryPulse", on_load=DASHBOARD_ON_LOAD)
app.add_page(lists.products_page, route="/products", title="Products · InventoryPulse",
             on_load=lists.on_load(list_states.ProductListState))
app.add_page(lists.suppliers_page, route="/suppliers", title="Suppliers · InventoryPulse",
             on_load=lists.on_load(list_states.SupplierListState))
app.add_page(lists.purchase_orders_page, route="/purchase-orders", title="Purchase orders · InventoryPulse",
             on_load=lists.on_load(list_states.PurchaseOrderListState))
app.add_page(lists.alerts_page, route="/alerts", title="Alerts · InventoryPulse",
             on_load=lists.on_load(list_states.AlertListState))
app.add_page(lists.users_page, route="/users", title="Users · InventoryPulse",
             on_load=lists.on_load(list_states.UserListState))
app.add_page(assistant_page, route="/assistant", title="Assistant · InventoryPulse",
             on_load=AuthState.require_login)
