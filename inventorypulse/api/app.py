"""The REST API: a FastAPI app mounted into Reflex through `api_transformer`."""

from __future__ import annotations

from fastapi import APIRouter, FastAPI

from .. import __version__
from .errors import install_error_handlers
from .routes import (
    alerts,
    auth,
    barcode,
    categories,
    dashboard,
    health,
    products,
    purchase_orders,
    reports,
    stock,
    suppliers,
    users,
    warehouses,
)

ROUTERS = (health, auth, dashboard, reports, products, categories, barcode, warehouses, suppliers, stock,
           purchase_orders, alerts, users)


def create_api() -> FastAPI:
    api = FastAPI(
        title="InventoryPulse API",
        version=__version__,
        description="Stock ledger, suppliers, purchase orders, alerts and forecasts. "
        "Authenticate with POST /api/auth/login and send `Authorization: Bearer <access_token>`.",
        docs_url="/api/docs",
        redoc_url=None,
        openapi_url="/api/openapi.json",
    )
    install_error_handlers(api)
    root = APIRouter(prefix="/api")
    for module in ROUTERS:
        root.include_router(module.router)
    api.include_router(root)
    return api
