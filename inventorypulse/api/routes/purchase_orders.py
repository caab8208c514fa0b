"""Purchase order routes: list, detail, create, edit, status changes, receiving."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Literal

from fastapi import APIRouter, Query
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field, WithJsonSchema

from ...services import purchasing
from ...services.idempotency import run_once
from ...services.permissions import Perm
from ...services.purchasing.lines import MAX_LINE_QUANTITY, MAX_LINES
from ..deps import IdempotencyKey, Reader, SessionDep, allowed
from ..schemas import ERRORS, PageLimit, PageNumber, Pagination

router = APIRouter(prefix="/orders/purchase", tags=["purchase orders"])
Writer = allowed(Perm.PO_WRITE)
Receiver = allowed(Perm.PO_RECEIVE)
STATUSES = "draft, sent, acknowledged (alias: confirmed), shipped, partially_received, received, cancelled"
Status = Literal["draft", "sent", "acknowledged", "confirmed", "shipped", "partially_received", "received",
                 "cancelled"]
StatusFilter = Literal["open", "draft", "sent", "acknowledged", "confirmed", "shipped", "partially_received",
                       "received", "cancelled"]
# Decimal fields would otherwise advertise "any string" in the OpenAPI schema.
Money = Annotated[Decimal, Field(ge=0, max_digits=14, decimal_places=2), WithJsonSchema(
    {"anyOf": [{"type": "number", "minimum": 0, "maximum": 999_999_999_999.99, "multipleOf": 0.01},
               {"type": "string", "pattern": r"^\d{1,12}(\.\d{1,2})?$"}]})]
Rate = Annotated[Decimal, Field(ge=0, le=1), WithJsonSchema(
    {"anyOf": [{"type": "number", "minimum": 0, "maximum": 1},
               {"type": "string", "pattern": r"^(0(\.\d{1,8})?|1(\.0{1,8})?)$"}]})]


# --- input -------------------------------------------------------------------------------------


class ShippingAddress(BaseModel):
    name: str | None = Field(default=None, max_length=100)
    street: str | None = Field(default=None, max_length=200)
    city: str | None = Field(default=None, max_length=100)
    state: str | None = Field(default=None, max_length=100)
    postal_code: str | None = Field(default=None, max_length=20)
    country: str | None = Field(default=None, pattern=r"^[A-Za-z]{2}$", description="ISO 3166-1 alpha-2, like US")


class LineIn(BaseModel):
    product_id: str = Field(min_length=1, max_length=20)
    quantity_ordered: int = Field(ge=1, le=MAX_LINE_QUANTITY)
    unit_cost: Money | None = Field(default=None, description="Defaults to the supplier's offer for the product, "
                                                              "else the product's cost price")
    notes: str | None = Field(default=None, max_length=200)


class PurchaseOrderIn(BaseModel):
    """Totals are computed by the server; any sent by the client are ignored."""

    order_number: str | None = Field(default=None, pattern=r"^[A-Za-z0-9-]{3,30}$",
                                     description="Generated (PO-YYYY-NNNNNN) if omitted; stored upper-case")
    supplier_id: str = Field(min_length=1, max_length=20)
    order_date: datetime | None = Field(default=None, description="Defaults to now")
    expected_delivery_date: datetime | None = Field(
        default=None, description="Defaults to order_date + the longest lead time of the lines")
    status: Literal["draft"] | None = Field(default=None, description="New orders are always drafts")
    items: list[LineIn] = Field(min_length=1, max_length=MAX_LINES, description="A product may appear once")
    shipping_address: ShippingAddress | None = Field(default=None, description="Defaults to the default warehouse")
    notes: str | None = Field(default=None, max_length=1000)
    tax_amount: Money | None = None
    tax_rate: Rate | None = Field(default=None, description="0.08 = 8% of the subtotal; instead of tax_amount")
    shipping_cost: Money | None = None
    currency: str | None = Field(default=None, pattern=r"^[A-Za-z]{3}$", description="ISO 4217; defaults to the "
                                                                                      "supplier's")


class LineEdit(BaseModel):
    product_id: str = Field(min_length=1, max_length=20)
    quantity_ordered: int | None = Field(default=None, ge=1, le=MAX_LINE_QUANTITY, description="Required")
    unit_cost: Money | None = None
    notes: str | None = Field(default=None, max_length=200)
    quantity_received: int | None = Field(default=None, description="Refused: use POST …/receive")


class PurchaseOrderEdit(BaseModel):
    """Send only the fields to change. Draft orders only, except status and actual_delivery_date."""

    supplier_id: str | None = Field(default=None, description="Cannot be changed (refused)")
    order_date: datetime | None = None
    expected_delivery_date: datetime | None = None
    items: list[LineEdit] | None = Field(default=None, min_length=1, max_length=MAX_LINES,
                                         description="Replaces all lines")
    shipping_address: ShippingAddress | None = Field(default=None, description="Only the given keys change")
    notes: str | None = Field(default=None, max_length=1000)
    tax_amount: Money | None = None
    tax_rate: Rate | None = None
    shipping_cost: Money | None = None
    currency: str | None = Field(default=None, pattern=r"^[A-Za-z]{3}$")
    status: Status | None = Field(default=None, description="Changed through the transition rules")
    status_notes: str | None = Field(default=None, max_length=500)
    actual_delivery_date: datetime | None = None


class StatusIn(BaseModel):
    status: Status = Field(description=STATUSES)
    notes: str | None = Field(default=None, max_length=500)


class ReceiptIn(BaseModel):
    line_no: int | None = Field(default=None, ge=1, description="The line to receive (or give product_id)")
    product_id: str | None = Field(default=None, max_length=20)
    quantity: int = Field(ge=1, le=MAX_LINE_QUANTITY)
    warehouse: str | None = Field(default=None, max_length=20, description="Warehouse code; default warehouse "
                                                                           "if omitted")
    lot_number: str | None = Field(default=None, max_length=50, description="Required for lot-tracked products")
    expiration_date: date | None = None
    notes: str | None = Field(default=None, max_length=500)


class ReceiveIn(BaseModel):
    items: list[ReceiptIn] = Field(min_length=1, max_length=MAX_LINES)
    notes: str | None = Field(default=None, max_length=500)


# --- output ------------------------------------------------------------------------------------


class LineSummary(BaseModel):
    product_id: str
    product_name: str
    quantity_ordered: int
    unit_cost: Decimal
    line_total: Decimal


class PurchaseOrderSummary(BaseModel):
    order_number: str
    supplier_id: str
    supplier_name: str
    status: str
    order_date: datetime
    expected_delivery_date: datetime
    total_amount: Decimal
    currency: str
    items: list[LineSummary]


class PurchaseOrderList(BaseModel):
    purchase_orders: list[PurchaseOrderSummary]
    pagination: Pagination


class LineOut(LineSummary):
    line_no: int
    sku: str
    quantity_received: int
    quantity_outstanding: int
    notes: str | None


class Financial(BaseModel):
    subtotal: Decimal
    tax_amount: Decimal
    shipping_cost: Decimal
    total_amount: Decimal
    currency: str


class ReceiptOut(BaseModel):
    movement_id: str
    product_id: str
    warehouse: str
    quantity: int
    unit_cost: Decimal | None
    stock_before: int
    stock_after: int
    lot_number: str | None
    expiration_date: date | None
    timestamp: datetime
    processed_by: str | None


class PurchaseOrderOut(BaseModel):
    order_number: str
    supplier_id: str
    supplier_name: str
    status: str
    order_date: datetime
    expected_delivery_date: datetime
    actual_delivery_date: datetime | None
    sent_at: datetime | None
    total_amount: Decimal
    currency: str
    items: list[LineOut]
    financial: Financial
    shipping_address: ShippingAddress
    created_by: str | None
    approved_by: str | None
    received_by: str | None
    created_at: datetime
    updated_at: datetime
    notes: str | None
    allowed_transitions: list[str] = Field(description="Statuses POST …/status accepts next")
    can_receive: bool
    receipts: list[ReceiptOut]


class Created(BaseModel):
    message: str
    order_number: str
    id: int


class Updated(BaseModel):
    message: str
    order_number: str
    status: str
    updated_fields: list[str]
    updated_at: datetime


class StatusChanged(BaseModel):
    message: str
    order_number: str
    previous_status: str
    status: str
    allowed_transitions: list[str]


class ReceivedLineOut(BaseModel):
    line_no: int
    product_id: str
    received_now: int
    quantity_received: int
    quantity_ordered: int
    quantity_outstanding: int


class ReceivedMovement(BaseModel):
    movement_id: str
    product_id: str
    warehouse: str
    quantity: int
    stock_before: int
    stock_after: int
    lot_number: str | None


class Received(BaseModel):
    message: str
    order_number: str
    previous_status: str
    status: str
    lines: list[ReceivedLineOut]
    movement_ids: list[str]
    movements: list[ReceivedMovement]


# --- routes ------------------------------------------------------------------------------------


@router.get("", response_model=PurchaseOrderList, responses=ERRORS, summary="List purchase orders")
def list_orders(
    session: SessionDep,
    _: Reader,
    page: PageNumber = 1,
    limit: PageLimit = 20,
    status: Annotated[StatusFilter | None,
                      Query(description=STATUSES + "; open = every status not yet received or cancelled")] = None,
    supplier_id: Annotated[str | None, Query(max_length=20)] = None,
    start_date: Annotated[date | None, Query(description="Ordered on or after (YYYY-MM-DD)")] = None,
    end_date: Annotated[date | None, Query(description="Ordered on or before (YYYY-MM-DD)")] = None,
) -> PurchaseOrderList:
    result = purchasing.list_purchase_orders(session, status=status, supplier_id=supplier_id,
                                             start_date=start_date, end_date=end_date, page=page, limit=limit)
    lines = purchasing.lines_by_order(session, [po.id for po, _ in result.items])
    return PurchaseOrderList(
        purchase_orders=[
            PurchaseOrderSummary(
                **po.model_dump(include={"order_number", "status", "order_date", "expected_delivery_date",
                                         "total_amount", "currency"}),
                supplier_id=s.supplier_id, supplier_name=s.display_name or s.company_name,
                items=[_summary_line(line, product) for line, product in lines[po.id]],
            )
            for po, s in result.items
        ],
        pagination=Pagination.of(result),
    )


@router.get("/{order_number}", response_model=PurchaseOrderOut, responses=ERRORS,
            summary="A purchase order with its lines, allowed next statuses and receipts")
def get_order(order_number: str, session: SessionDep, _: Reader) -> PurchaseOrderOut:
    return _detail(purchasing.get_purchase_order(session, order_number=order_number))


@router.post("", status_code=201, response_model=Created, responses=ERRORS, summary="Create a draft purchase order")
def create_order(body: PurchaseOrderIn, session: SessionDep, user: Writer) -> Created:
    data = body.model_dump(exclude={"status", "items"})
    address = body.shipping_address.model_dump(exclude_unset=True) if body.shipping_address else None
    order = purchasing.create_purchase_order(session, user=user, lines=[i.model_dump() for i in body.items],
                                             **(data | {"shipping_address": address}))
    return Created(message="Purchase order created successfully", order_number=order.order_number, id=order.id)


@router.put("/{order_number}", response_model=Updated, responses=ERRORS,
            summary="Edit a draft purchase order, change its status or record its delivery date")
def update_order(order_number: str, body: PurchaseOrderEdit, session: SessionDep, user: Writer) -> Updated:
    changes = body.model_dump(exclude_unset=True)
    if body.items is not None:
        changes["items"] = [i.model_dump(exclude_unset=True) for i in body.items]
    if "shipping_address" in changes and body.shipping_address is not None:
        changes["shipping_address"] = body.shipping_address.model_dump(exclude_unset=True)
    result = purchasing.update_purchase_order(session, order_number=order_number, user=user, changes=changes)
    return Updated(message="Purchase order updated successfully" if result.updated_fields else "Nothing changed",
                   order_number=result.order.order_number, status=result.order.status,
                   updated_fields=result.updated_fields, updated_at=result.order.updated_at)


@router.post("/{order_number}/status", response_model=StatusChanged, responses=ERRORS,
             summary="Move a purchase order to its next status (sent, acknowledged, shipped, cancelled)")
def change_status(order_number: str, body: StatusIn, session: SessionDep, user: Writer) -> StatusChanged:
    result = purchasing.transition_purchase_order(session, order_number=order_number, status=body.status,
                                                  user=user, notes=body.notes)
    return StatusChanged(message=f"Purchase order is now {result.order.status}",
                         order_number=result.order.order_number, previous_status=result.previous_status,
                         status=result.order.status, allowed_transitions=result.allowed_transitions)


@router.post("/{order_number}/receive", response_model=Received, responses=ERRORS,
             summary="Receive goods into stock (partial or full), one ledger movement per receipt")
def receive(order_number: str, body: ReceiveIn, session: SessionDep, user: Receiver,
            idempotency_key: IdempotencyKey = None):
    def action():
        result = purchasing.receive_purchase_order(
            session, order_number=order_number, user=user, idempotency_key=idempotency_key, notes=body.notes,
            receipts=[r.model_dump() for r in body.items])
        return 200, Received(
            message="Goods received" + (": the order is complete" if result.order.status == "received" else ""),
            order_number=result.order.order_number, previous_status=result.previous_status,
            status=result.order.status,
            lines=[ReceivedLineOut(line_no=ln.line_no, product_id=ln.product_id, received_now=ln.received_now,
                                   quantity_received=ln.quantity_received, quantity_ordered=ln.quantity_ordered,
                                   quantity_outstanding=ln.remaining) for ln in result.lines],
            movement_ids=[m.movement_id for m, _, _ in result.movements],
            movements=[ReceivedMovement(movement_id=m.movement_id, product_id=pid, warehouse=wh, quantity=m.quantity,
                                        stock_before=m.stock_before, stock_after=m.stock_after,
                                        lot_number=m.lot_number) for m, pid, wh in result.movements],
        ).model_dump(mode="json")

    status, payload = run_once(session, key=idempotency_key,
                               scope=f"POST /api/orders/purchase/{order_number.strip().upper()}/receive",
                               payload=body.model_dump(mode="json"), user_id=user.id, action=action)
    return JSONResponse(payload, status_code=status)


# --- mapping -----------------------------------------------------------------------------------


def _summary_line(line, product) -> LineSummary:
    return LineSummary(product_id=product.product_id, product_name=product.name,
                       quantity_ordered=line.quantity_ordered, unit_cost=line.unit_cost, line_total=line.line_total)


def _detail(d: purchasing.PurchaseOrderDetail) -> PurchaseOrderOut:
    po = d.order
    return PurchaseOrderOut(
        **po.model_dump(include={"order_number", "status", "order_date", "expected_delivery_date",
                                 "actual_delivery_date", "sent_at", "total_amount", "currency", "created_at",
                                 "updated_at", "notes"}),
        supplier_id=d.supplier.supplier_id, supplier_name=d.supplier.display_name or d.supplier.company_name,
        items=[LineOut(line_no=line.line_no, sku=product.sku, quantity_received=line.quantity_received,
                       quantity_outstanding=line.quantity_ordered - line.quantity_received, notes=line.notes,
                       **_summary_line(line, product).model_dump()) for line, product in d.lines],
        financial=Financial(**po.model_dump(include={"subtotal", "tax_amount", "shipping_cost", "total_amount",
                                                     "currency"})),
        shipping_address=ShippingAddress(name=po.ship_to_name, street=po.ship_to_street, city=po.ship_to_city,
                                         state=po.ship_to_state, postal_code=po.ship_to_postal_code,
                                         country=po.ship_to_country),
        created_by=d.created_by, approved_by=d.approved_by, received_by=d.received_by,
        allowed_transitions=d.allowed_transitions, can_receive=d.can_receive,
        receipts=[ReceiptOut(movement_id=m.movement_id, product_id=pid, warehouse=wh, quantity=m.quantity,
                             unit_cost=m.unit_cost, stock_before=m.stock_before, stock_after=m.stock_after,
                             lot_number=m.lot_number, expiration_date=m.expiration_date, timestamp=m.timestamp,
                             processed_by=username) for m, pid, wh, username in d.receipts],
    )
