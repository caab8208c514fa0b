"""Report routes: low stock with reorder suggestions."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated

from fastapi import APIRouter, Query
from pydantic import BaseModel, Field

from ...services import reports
from ..deps import Reader, SessionDep
from ..schemas import ERRORS, PageLimit, PageNumber, Pagination

router = APIRouter(prefix="/reports", tags=["reports"])


class PrimarySupplier(BaseModel):
    supplier_id: str
    name: str
    cost: Decimal
    lead_time_days: int | None
    min_order_quantity: int


class LowStockProduct(BaseModel):
    product_id: str
    name: str
    sku: str
    category: str
    current_stock: int
    reserved_stock: int
    available: int
    threshold: int
    shortfall: int = Field(description="threshold - available")
    reorder_quantity: int
    suggested_reorder_quantity: int = Field(
        description="max(reorder_quantity, supplier MOQ, threshold - available + 1)")
    unit_cost: Decimal
    estimated_cost: Decimal
    status: str = Field(description="out or low")
    primary_supplier: PrimarySupplier | None


class LowStockSummary(BaseModel):
    total_low_stock_items: int
    out_of_stock_items: int
    estimated_reorder_cost: Decimal


class LowStockResponse(BaseModel):
    products: list[LowStockProduct]
    pagination: Pagination
    summary: LowStockSummary


def _row(item: reports.LowStockItem) -> LowStockProduct:
    supplier = None
    if item.supplier_id:
        supplier = PrimarySupplier(supplier_id=item.supplier_id, name=item.supplier_name, cost=item.unit_cost,
                                   lead_time_days=item.lead_time_days, min_order_quantity=item.min_order_quantity)
    return LowStockProduct(suggested_reorder_quantity=item.suggested_quantity, primary_supplier=supplier,
                           **{f: getattr(item, f) for f in LowStockProduct.model_fields
                              if f not in ("suggested_reorder_quantity", "primary_supplier")})


@router.get("/low-stock", response_model=LowStockResponse, responses=ERRORS,
            summary="Products at or below their reorder threshold, most urgent first, with reorder suggestions")
def low_stock(
    session: SessionDep,
    _: Reader,
    page: PageNumber = 1,
    limit: PageLimit = 20,
    category: Annotated[str | None, Query(max_length=100, description="Category name")] = None,
) -> LowStockResponse:
    report = reports.low_stock_report(session, category=category, page=page, limit=limit)
    s = report.summary
    return LowStockResponse(
        products=[_row(i) for i in report.page.items], pagination=Pagination.of(report.page),
        summary=LowStockSummary(total_low_stock_items=s.total_items, out_of_stock_items=s.out_of_stock_items,
                                estimated_reorder_cost=s.estimated_reorder_cost),
    )
