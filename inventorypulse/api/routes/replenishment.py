"""Replenishment suggestions grouped by best supplier, and draft purchase orders from them."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from ...services import replenishment
from ...services.idempotency import run_once
from ...services.permissions import Perm
from ...services.purchasing.lines import MAX_LINE_QUANTITY, MAX_LINES
from ..deps import IdempotencyKey, Reader, SessionDep, allowed
from ..schemas import ERRORS, PageLimit, PageNumber, Pagination

router = APIRouter(prefix="/replenishment", tags=["replenishment"])
Writer = allowed(Perm.PO_WRITE)


class SuggestionOut(BaseModel):
    product_id: str
    product_name: str
    sku: str
    warehouse: str
    basis: str = Field(description="forecast, or recent_sales when the product has no forecast yet")
    available: int
    avg_daily_demand: Decimal
    lead_time_days: int
    lead_time_demand: Decimal
    safety_stock: Decimal
    reorder_point: Decimal
    order_up_to: Decimal
    max_stock_level: int | None
    suggested_quantity: int
    unit_cost: Decimal | None
    line_cost: Decimal | None
    currency: str
    days_of_cover: Decimal | None
    stockout_date: date | None
    service_level: Decimal
    computed_at: datetime


class SupplierGroupOut(BaseModel):
    supplier_id: str | None
    supplier_name: str | None
    total_quantity: int
    total_cost: Decimal
    suggestions: list[SuggestionOut]


class SuggestionsOut(BaseModel):
    suppliers: list[SupplierGroupOut]
    pagination: Pagination


class SelectedIn(BaseModel):
    product_id: str = Field(min_length=1, max_length=20)
    warehouse: str = Field(min_length=1, max_length=20, description="Warehouse code")
    quantity: int | None = Field(default=None, ge=1, le=MAX_LINE_QUANTITY,
                                 description="Defaults to the suggested quantity")


class DraftOrdersIn(BaseModel):
    items: list[SelectedIn] = Field(min_length=1, max_length=MAX_LINES)


class DraftLineOut(BaseModel):
    product_id: str
    quantity_ordered: int


class DraftOrderOut(BaseModel):
    order_number: str
    supplier_id: str
    supplier_name: str
    warehouse: str
    status: str
    total_amount: Decimal
    currency: str
    items: list[DraftLineOut]


class DraftOrdersOut(BaseModel):
    message: str
    purchase_orders: list[DraftOrderOut]


def _suggestion(s: replenishment.Suggestion) -> SuggestionOut:
    return SuggestionOut(
        product_id=s.product.product_id, product_name=s.product.name, sku=s.product.sku, warehouse=s.warehouse.code,
        max_stock_level=s.product.max_stock_level, unit_cost=s.unit_cost, line_cost=s.line_cost, currency=s.currency,
        **s.plan.model_dump(include={"basis", "available", "avg_daily_demand", "lead_time_days", "lead_time_demand",
                                     "safety_stock", "reorder_point", "order_up_to", "suggested_quantity",
                                     "days_of_cover", "stockout_date", "service_level", "computed_at"}),
    )


@router.get("/suggestions", response_model=SuggestionsOut, responses=ERRORS,
            summary="Replenishment suggestions grouped by best supplier, soonest stockout first")
def list_suggestions(
    session: SessionDep,
    _: Reader,
    page: PageNumber = 1,
    limit: PageLimit = 50,
    supplier_id: Annotated[str | None, Query(max_length=20, description="Best supplier code")] = None,
    warehouse: Annotated[str | None, Query(max_length=20, description="Warehouse code")] = None,
    only_needed: Annotated[bool, Query(description="Only rows with a quantity to order")] = True,
    search: Annotated[str | None, Query(max_length=100, description="Product name, code or SKU")] = None,
) -> SuggestionsOut:
    result = replenishment.list_suggestions(session, supplier_id=supplier_id, warehouse=warehouse,
                                            only_needed=only_needed, search=search, page=page, limit=limit)
    groups = [
        SupplierGroupOut(
            supplier_id=g.supplier.supplier_id if g.supplier else None,
            supplier_name=(g.supplier.display_name or g.supplier.company_name) if g.supplier else None,
            total_quantity=g.total_quantity, total_cost=g.total_cost,
            suggestions=[_suggestion(s) for s in g.suggestions],
        )
        for g in replenishment.group_by_supplier(result.items)
    ]
    return SuggestionsOut(suppliers=groups, pagination=Pagination.of(result))


@router.post("/purchase-orders", status_code=201, response_model=DraftOrdersOut, responses=ERRORS,
             summary="Create draft purchase orders from selected suggestions (one per supplier and warehouse)")
def create_purchase_orders(body: DraftOrdersIn, session: SessionDep, user: Writer,
                           idempotency_key: IdempotencyKey = None):
    def action():
        drafts = replenishment.create_draft_orders(session, user=user,
                                                   items=[i.model_dump() for i in body.items])
        orders = [
            DraftOrderOut(order_number=d.order.order_number, supplier_id=d.supplier.supplier_id,
                          supplier_name=d.supplier.display_name or d.supplier.company_name,
                          warehouse=d.warehouse.code, status=d.order.status, total_amount=d.order.total_amount,
                          currency=d.order.currency,
                          items=[DraftLineOut(product_id=p, quantity_ordered=q) for p, q in d.lines])
            for d in drafts
        ]
        noun = "order" if len(orders) == 1 else "orders"
        return 201, DraftOrdersOut(message=f"{len(orders)} draft purchase {noun} created",
                                   purchase_orders=orders).model_dump(mode="json")

    status, payload = run_once(session, key=idempotency_key, scope="POST /api/replenishment/purchase-orders",
                               payload=body.model_dump(mode="json"), user_id=user.id, action=action)
    return JSONResponse(payload, status_code=status)
