"""Dashboard figures (seed 002 "Dashboard & Analytics")."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from fastapi import APIRouter
from pydantic import BaseModel, Field

from ...services.dashboard import get_dashboard_stats
from ...services.sales.stats import SalesStats, sales_stats
from ..deps import Reader, SessionDep
from ..schemas import ERRORS

router = APIRouter(tags=["reports"])


class TopSellerOut(BaseModel):
    product_id: str
    name: str
    sku: str
    units_sold: int
    revenue: Decimal = Field(description="Units × current selling price")


class ActivityOut(BaseModel):
    type: str = Field(description="stock_movement, purchase_order or alert")
    timestamp: datetime
    text: str
    link: dict[str, str] = Field(description='What to open, e.g. {"kind": "product", "id": "PRD-000001"}')


class CategoryValueOut(BaseModel):
    category: str
    products: int
    units: int = Field(description="Units on hand")
    value_cost: Decimal
    value_retail: Decimal


class PeriodSalesOut(BaseModel):
    since: date = Field(description="First day of the period (UTC); weeks start on Monday")
    revenue: Decimal = Field(description="Goods shipped against sales orders at the lines' net prices, less returns "
                                         "(before tax and shipping)")
    units: int = Field(description="Units shipped less units returned")
    orders: int = Field(description="Orders with goods shipped in the period")


class ProductSalesOut(BaseModel):
    product_id: str
    name: str
    units: int
    revenue: Decimal


class SalesSummaryOut(BaseModel):
    today: PeriodSalesOut
    this_week: PeriodSalesOut
    this_month: PeriodSalesOut
    this_year: PeriodSalesOut
    top_sellers: list[ProductSalesOut] = Field(description="Last 30 days, by revenue (top 5)")

    @classmethod
    def of(cls, stats: SalesStats) -> SalesSummaryOut:
        def period(name: str) -> PeriodSalesOut:
            p = stats.period(name)
            return PeriodSalesOut(since=p.since, revenue=p.revenue, units=p.units, orders=p.orders)

        return cls(today=period("today"), this_week=period("week"), this_month=period("month"),
                   this_year=period("year"),
                   top_sellers=[ProductSalesOut(**vars(t)) for t in stats.top_sellers])


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
    open_pos_by_status: dict[str, int]
    top_sellers: list[TopSellerOut] = Field(description="Last 30 days, by units sold (top 10)")
    recent_activity: list[ActivityOut] = Field(description="Newest 20 events")
    value_by_category: list[CategoryValueOut] = Field(description="Stock value per category, highest at cost first")
    sales: SalesSummaryOut = Field(description="Sales from shipped orders: today, this week, month and year")


@router.get("/dashboard/stats", response_model=DashboardStatsResponse, responses=ERRORS,
            summary="Dashboard figures")
def dashboard_stats(session: SessionDep, _: Reader) -> DashboardStatsResponse:
    return DashboardStatsResponse(**get_dashboard_stats(session).as_dict(),
                                  sales=SalesSummaryOut.of(sales_stats(session)))
