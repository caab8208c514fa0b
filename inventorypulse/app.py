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
from .ui.pages import (
    alerts,
    analytics,
    assistant,
    customers,
    dashboard,
    invoices,
    jobs,
    login,
    products,
    purchase_orders,
    replenishment,
    sales_orders,
    search,
    suppliers,
    users,
)

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


# Toasts at the bottom centre: bottom-right would cover the forms' Save buttons and the chat launcher.
app = rx.App(api_transformer=create_api(), stylesheets=[],
             toaster=rx.toast.provider(position="bottom-center", rich_colors=True, close_button=True))
app.register_lifespan_task(lifespan)

# Each screen module registers its own routes, so screens can change without touching this file.
for screen in (login, dashboard, products, suppliers, purchase_orders, alerts, analytics, replenishment, users, jobs,
               search, assistant, customers, sales_orders, invoices):
    screen.register(app)
