from __future__ import annotations

from decimal import Decimal

from fastapi import APIRouter
from pydantic import BaseModel

from ...services.dashboard import get_dashboard_stats
from ..deps import CurrentUser, SessionDep

router = APIRouter(tags=["reports"])


class DashboardStatsResponse(BaseModel):
    product_count: int
    active_product_count: int
    inventory_value_cost: Decimal
    inventory_value_retail: Decimal
    low_stock_count: int
    out_of_stock_count: int
    open_po_count: int
    open_po_value: Decimal
    active_alert_count: int
    alerts_by_severity: dict[str, int]


@router.get("/dashboard/stats", response_model=DashboardStatsResponse, summary="Dashboard figures")
def dashboard_stats(session: SessionDep, _: CurrentUser) -> DashboardStatsResponse:
    return DashboardStatsResponse(**get_dashboard_stats(session).as_dict())
