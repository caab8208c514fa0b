"""Stock depletion predictions (seed 001): when a product's available stock runs out."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

from fastapi import APIRouter, Body
from pydantic import BaseModel, Field

from ...services import replenishment
from ...services.ledger import get_product
from ...services.replenishment import MAX_BATCH
from ...services.validation import normalise_code
from ..deps import Reader, SessionDep
from ..schemas import ERRORS

router = APIRouter(prefix="/predictions", tags=["predictions"])


class PredictionOut(BaseModel):
    product_id: str
    product_name: str
    current_stock: int
    available_stock: int
    basis: str = Field(description="forecast, or recent_sales when the product has no forecast yet")
    avg_daily_demand: float
    days_until_stockout: float | None = Field(description="None: no expected demand, the stock lasts")
    predicted_stockout_date: date | None
    earliest_stockout_date: date | None = Field(description="If demand runs at the top of the daily 80 % band")
    latest_stockout_date: date | None = Field(description="If demand runs at the bottom of the daily 80 % band")
    confidence: str = Field(description="high (MASE < 0.8), medium (< 1.2) or low")
    confidence_score: float
    model_name: str | None
    model_accuracy_mase: float | None
    forecast_generated_at: datetime | None
    reorder_point: float | None
    suggested_reorder_quantity: int | None
    lead_time_days: int | None
    recommended_order_date: date | None = Field(description="Stockout date minus the supplier lead time")


class PredictionList(BaseModel):
    predictions: list[PredictionOut]
    count: int


class BatchIn(BaseModel):
    product_ids: list[Annotated[str, Field(min_length=1, max_length=20)]] | None = Field(
        default=None, min_length=1, max_length=MAX_BATCH,
        description="Product codes; omit for the products that run out soonest")
    limit: int = Field(default=20, ge=1, le=MAX_BATCH, description="How many at-risk products when product_ids "
                                                                   "is omitted")


def _out(p: replenishment.Prediction) -> PredictionOut:
    return PredictionOut(
        product_id=p.product.product_id, product_name=p.product.name, current_stock=p.product.current_stock,
        available_stock=p.available, basis=p.basis, avg_daily_demand=p.avg_daily_demand,
        days_until_stockout=p.days_until_stockout, predicted_stockout_date=p.stockout_date,
        earliest_stockout_date=p.earliest_stockout_date, latest_stockout_date=p.latest_stockout_date,
        confidence=p.confidence, confidence_score=p.confidence_score, model_name=p.model_name,
        model_accuracy_mase=p.accuracy_mase, forecast_generated_at=p.generated_at, reorder_point=p.reorder_point,
        suggested_reorder_quantity=p.suggested_quantity, lead_time_days=p.lead_time_days,
        recommended_order_date=p.recommended_order_date,
    )


@router.post("/batch", response_model=PredictionList, responses=ERRORS,
             summary="Depletion predictions for several products, or for those that run out soonest")
def batch(session: SessionDep, _: Reader, body: Annotated[BatchIn | None, Body()] = None) -> PredictionList:
    body = body or BatchIn()
    result = replenishment.predict_products(session, product_ids=body.product_ids, limit=body.limit)
    return PredictionList(predictions=[_out(p) for p in result], count=len(result))


@router.get("/{product_id}", response_model=PredictionOut, responses=ERRORS,
            summary="When a product's available stock runs out, with confidence")
def get_prediction(product_id: str, session: SessionDep, _: Reader) -> PredictionOut:
    product = get_product(session, normalise_code(product_id))
    return _out(replenishment.predict(session, [product])[0])
