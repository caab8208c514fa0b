"""Stock ledger routes: movements, transfers, adjustments."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Literal

from fastapi import APIRouter, Query
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from ...services import ledger
from ...services.idempotency import run_once
from ...services.permissions import Perm
from ..deps import IdempotencyKey, Reader, SessionDep, allowed
from ..schemas import ERRORS, PageLimit, PageNumber, Pagination

router = APIRouter(tags=["stock"])
Mover = allowed(Perm.STOCK_MOVE)


class MovementOut(BaseModel):
    movement_id: str
    product_id: str
    warehouse: str
    movement_type: str
    quantity: int
    unit_cost: Decimal | None
    total_value: Decimal | None
    stock_before: int
    stock_after: int
    reference_type: str | None
    reference_id: str | None
    reason_code: str | None
    reason_description: str | None
    lot_number: str | None
    expiration_date: date | None
    transfer_id: str | None
    timestamp: datetime
    processed_by: str | None
    status: str
    notes: str | None


class MovementList(BaseModel):
    stock_movements: list[MovementOut]
    pagination: Pagination


class MovementIn(BaseModel):
    product_id: str = Field(min_length=1, max_length=20)
    movement_type: Literal["inbound", "outbound", "adjustment"]
    quantity: int = Field(description="Positive for inbound; outbound always takes stock out; "
                                      "adjustments are signed (negative lowers stock)")
    warehouse: str | None = Field(default=None, max_length=20,
                                  description="Warehouse code; default warehouse if omitted")
    unit_cost: Decimal | None = Field(default=None, ge=0, description="Defaults to the product's cost price")
    reason_code: str | None = Field(default=None, max_length=32)
    reason_description: str | None = Field(default=None, max_length=500)
    reference_type: str | None = Field(default=None, max_length=24)
    reference_id: str | None = Field(default=None, max_length=40)
    lot_number: str | None = Field(default=None, max_length=50)
    expiration_date: date | None = None
    warehouse_location: str | None = Field(default=None, max_length=100)
    timestamp: datetime | None = None
    notes: str | None = Field(default=None, max_length=500)


class MovementCreated(BaseModel):
    message: str
    movement_id: str
    movement_ids: list[str]
    new_stock_level: int
    warehouse_stock_level: int
    id: int


class MovementBatchIn(BaseModel):
    movements: list[MovementIn] = Field(min_length=1, max_length=1000)


class MovementBatchCreated(BaseModel):
    message: str
    count: int
    movements: list[MovementCreated]


class TransferIn(BaseModel):
    product_id: str = Field(min_length=1, max_length=20)
    from_warehouse: str = Field(min_length=1, max_length=20)
    to_warehouse: str = Field(min_length=1, max_length=20)
    quantity: int = Field(gt=0)
    lot_number: str | None = Field(default=None, max_length=50)
    reason_description: str | None = Field(default=None, max_length=500)
    notes: str | None = Field(default=None, max_length=500)


class TransferCreated(BaseModel):
    message: str
    transfer_id: str
    movement_ids: list[str]
    source_stock_level: int
    destination_stock_level: int


class AdjustIn(BaseModel):
    product_id: str = Field(min_length=1, max_length=20)
    quantity: int = Field(description="Signed change: negative lowers stock")
    reason_code: str = Field(max_length=32, description=", ".join(ledger.ADJUSTMENT_REASONS))
    reason_description: str | None = Field(default=None, max_length=500)
    warehouse: str | None = Field(default=None, max_length=20)
    lot_number: str | None = Field(default=None, max_length=50)
    expiration_date: date | None = None
    notes: str | None = Field(default=None, max_length=500)


def movement_out(row) -> MovementOut:
    m, product_id, warehouse, username = row
    return MovementOut(product_id=product_id, warehouse=warehouse, processed_by=username,
                       **m.model_dump(exclude={"product_id", "processed_by"}))


@router.get("/stock-movements", response_model=MovementList, responses=ERRORS, summary="List stock movements")
def list_movements(
    session: SessionDep,
    _: Reader,
    page: PageNumber = 1,
    limit: PageLimit = 20,
    product_id: str | None = None,
    movement_type: Annotated[Literal["inbound", "outbound", "adjustment", "transfer"] | None, Query()] = None,
    warehouse: str | None = None,
    start_date: date | None = None,
    end_date: date | None = None,
) -> MovementList:
    result = ledger.list_movements(session, product_id=product_id, movement_type=movement_type,
                                   warehouse=warehouse, start_date=start_date, end_date=end_date,
                                   page=page, limit=limit)
    return MovementList(stock_movements=[movement_out(r) for r in result.items],
                        pagination=Pagination.of(result))


def _created(result: ledger.MovementResult) -> dict:
    return MovementCreated(
        message="Stock movement recorded successfully", movement_id=result.movement_id,
        movement_ids=[m.movement_id for m in result.movements], new_stock_level=result.product_stock,
        warehouse_stock_level=result.warehouse_stock, id=result.movements[0].id,
    ).model_dump(mode="json")


@router.post("/stock-movements", status_code=201, response_model=MovementCreated, responses=ERRORS,
             summary="Record a stock movement (inbound, outbound, adjustment)")
def create_movement(body: MovementIn, session: SessionDep, user: Mover, idempotency_key: IdempotencyKey = None):
    def action():
        result = ledger.record_movement(session, user=user, idempotency_key=idempotency_key,
                                        **body.model_dump())
        return 201, _created(result)

    status, payload = run_once(session, key=idempotency_key, scope="POST /api/stock-movements",
                               payload=body.model_dump(mode="json"), user_id=user.id, action=action)
    return JSONResponse(payload, status_code=status)


@router.post("/stock-movements/batch", status_code=201, response_model=MovementBatchCreated, responses=ERRORS,
             summary="Record up to 1,000 movements at once (all or nothing), e.g. a till's daily sales")
def create_movements(body: MovementBatchIn, session: SessionDep, user: Mover,
                     idempotency_key: IdempotencyKey = None):
    def action():
        specs = [ledger.MovementSpec(**m.model_dump()) for m in body.movements]
        results = ledger.record_movements(session, specs=specs, user=user)
        created = [_created(r) for r in results]
        return 201, {"message": f"{len(created)} stock movements recorded", "count": len(created),
                     "movements": created}

    status, payload = run_once(session, key=idempotency_key, scope="POST /api/stock-movements/batch",
                               payload=body.model_dump(mode="json"), user_id=user.id, action=action)
    return JSONResponse(payload, status_code=status)


@router.post("/inventory/adjust", status_code=201, response_model=MovementCreated, responses=ERRORS,
             summary="Adjust stock with a reason (count correction, damage, theft, expiry, return)")
def adjust(body: AdjustIn, session: SessionDep, user: Mover, idempotency_key: IdempotencyKey = None):
    def action():
        result = ledger.record_movement(session, user=user, movement_type="adjustment",
                                        idempotency_key=idempotency_key, **body.model_dump())
        return 201, _created(result)

    status, payload = run_once(session, key=idempotency_key, scope="POST /api/inventory/adjust",
                               payload=body.model_dump(mode="json"), user_id=user.id, action=action)
    return JSONResponse(payload, status_code=status)


@router.post("/stock-transfers", status_code=201, response_model=TransferCreated, responses=ERRORS,
             summary="Transfer stock between warehouses (two linked movements)")
def transfer(body: TransferIn, session: SessionDep, user: Mover, idempotency_key: IdempotencyKey = None):
    def action():
        result = ledger.transfer_stock(session, user=user, **body.model_dump())
        return 201, TransferCreated(
            message="Stock transferred successfully", transfer_id=result.transfer_id,
            movement_ids=[m.movement_id for m in result.outbound + result.inbound],
            source_stock_level=result.source_stock, destination_stock_level=result.destination_stock,
        ).model_dump(mode="json")

    status, payload = run_once(session, key=idempotency_key, scope="POST /api/stock-transfers",
                               payload=body.model_dump(mode="json"), user_id=user.id, action=action)
    return JSONResponse(payload, status_code=status)
