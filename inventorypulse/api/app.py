"""The REST API: a FastAPI app mounted into Reflex through `api_transformer`."""

from __future__ import annotations

from fastapi import APIRouter, FastAPI

from .. import __version__
from .errors import ErrorResponse, install_error_handlers
from .routes import (
    agent,
    alert_settings,
    alerts,
    auth,
    barcode,
    categories,
    customers,
    dashboard,
    forecasts,
    health,
    invoices,
    jobs,
    predictions,
    products,
    purchase_orders,
    replenishment,
    reports,
    sales_orders,
    stock,
    suppliers,
    users,
    warehouses,
)

ROUTERS = (
    health,
    auth,
    dashboard,
    reports,
    products,
    categories,
    barcode,
    warehouses,
    suppliers,
    stock,
    purchase_orders,
    sales_orders,  # after purchase_orders: /orders/purchase must not be taken for a sales order number
    customers,
    invoices,
    alert_settings,  # before alerts: /alerts/settings must not be taken for an alert id
    alerts,
    forecasts,
    predictions,
    replenishment,
    users,
    jobs,
    agent,
)


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
    _document_errors(api)
    return api


# Every operation can answer with these, in the one error format.
COMMON_ERRORS = {
    "400": "Malformed request (e.g. a body that is not JSON)",
    "401": "Missing, invalid or expired token",
    "403": "Your role may not do this",
    "404": "Not found",
    "409": "Conflict with the current state (duplicate, insufficient stock, illegal transition)",
    "422": "Invalid input; `details` names each field",
}


def _document_errors(api: FastAPI) -> None:
    """Add the shared error responses to every operation of the generated OpenAPI schema."""
    build = api.openapi

    def openapi() -> dict:
        if api.openapi_schema:
            return api.openapi_schema
        schema = build()
        ref = {"$ref": "#/components/schemas/ErrorResponse"}
        components = schema.setdefault("components", {}).setdefault("schemas", {})
        components.setdefault(
            "ErrorResponse", ErrorResponse.model_json_schema(ref_template="#/components/schemas/{model}")
        )
        for name, sub in (
            ErrorResponse.model_json_schema(ref_template="#/components/schemas/{model}").get("$defs", {}).items()
        ):
            components.setdefault(name, sub)
        components["ErrorResponse"].pop("$defs", None)
        for path in schema["paths"].values():
            for operation in path.values():
                responses = operation.setdefault("responses", {})
                for code, text in COMMON_ERRORS.items():
                    responses.setdefault(code, {"description": text, "content": {"application/json": {"schema": ref}}})
        api.openapi_schema = schema
        return schema

    api.openapi = openapi
