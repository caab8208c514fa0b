"""Sales order routes: list, detail, create, edit, status changes (confirm reserves stock),
shipping and returns. Registered after the purchase order routes (/orders/purchase)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Literal

from fastapi import APIRouter, Query
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field, WithJsonSchema

from ...services import sales
from ...services.idempotency import run_once
from ...services.permissions import Perm
from ..deps import IdempotencyKey, Reader, SessionDep, allowed
from ..schemas import ERRORS, PageLimit, PageNumber, Pagination
from .customers import Address, Money

router = APIRouter(prefix="/orders", tags=["sales orders"])
Writer = allowed(Perm.SALES_WRITE)
STATUSES = "draft, pending, confirmed, processing, shipped, delivered, completed, cancelled"
Status = Literal["draft", "pending", "confirmed", "processing", "shipped", "delivered", "completed", "cancelled"]
Rate = Annotated[Decimal, Field(ge=0, le=1), WithJsonSchema(
    {"anyOf": [{"type": "number", "minimum": 0, "maximum": 1},
               {"type": "string", "pattern": r"^(0(\.\d{1,4})?|1(\.0{1,4})?)$"}]})]
Quantity = Annotated[int, Field(ge=1, le=sales.MAX_QUANTITY)]


class LineIn(BaseModel):
    product_id: str = Field(min_length=1, max_length=20)
    quantity: Quantity
    unit_price: Money | None = Field(default=None, description="Defaults to the product's selling price")
    discount: Money | None = Field(default=None, description="Amount off this line")


class OrderEdit(BaseModel):
    """Draft or pending orders only. Totals are computed by the server."""

    items: list[LineIn] | None = Field(default=None, min_length=1, max_length=sales.MAX_LINES,
                                       description="Replaces every line")
    tax_rate: Rate | None = Field(default=None, description="0.08 = 8% of subtotal minus discounts")
    shipping_cost: Money | None = None
    currency: str | None = Field(default=None, pattern=r"^[A-Za-z]{3}$")
    required_date: datetime | None = None
    shipping_address: Address | None = Field(default=None, description="Defaults to the customer's address")
    shipping_method: str | None = Field(default=None, max_length=50)
    sales_channel: str | None = Field(default=None, max_length=50)
    notes: str | None = Field(default=None, max_length=1000)


class OrderIn(OrderEdit):
    customer_id: str = Field(min_length=1, max_length=20, description="Customer number, like CUST-2026-0001")
    items: list[LineIn] = Field(min_length=1, max_length=sales.MAX_LINES)
    status: Literal["draft", "pending"] | None = Field(default=None, description="Pending unless draft")


class StatusIn(BaseModel):
    status: Status = Field(description=STATUSES + "; shipped is reached through POST …/ship")
    notes: str | None = Field(default=None, max_length=500)


class ShipItem(BaseModel):
    line_no: int | None = Field(default=None, ge=1, le=sales.MAX_LINES, description="Or give product_id")
    product_id: str | None = Field(default=None, max_length=20)
    quantity: Quantity


class ShipIn(BaseModel):
    warehouse: str | None = Field(default=None, max_length=20, description="Warehouse code; default warehouse "
                                                                           "if omitted")
    items: list[ShipItem] | None = Field(default=None, min_length=1, max_length=sales.MAX_LINES,
                                         description="Omit to ship everything still reserved")
    tracking_number: str | None = Field(default=None, max_length=100)
    notes: str | None = Field(default=None, max_length=500)


class ReturnItem(ShipItem):
    disposition: Literal["restock", "write_off"] = "restock"
    lot_number: str | None = Field(default=None, max_length=50, description="Required for lot-tracked products")
    expiration_date: date | None = None


class ReturnIn(BaseModel):
    warehouse: str | None = Field(default=None, max_length=20)
    items: list[ReturnItem] = Field(min_length=1, max_length=sales.MAX_LINES)
    reason: str | None = Field(default=None, max_length=500)


class LineOut(BaseModel):
    line_no: int
    product_id: str
    name: str
    sku: str
    quantity: int
    quantity_reserved: int
    quantity_shipped: int
    quantity_returned: int
    unit_price: Decimal
    discount: Decimal
    line_total: Decimal


class Pricing(BaseModel):
    subtotal: Decimal
    tax_rate: Decimal
    tax_amount: Decimal
    discount_amount: Decimal
    shipping_cost: Decimal
    total_amount: Decimal
    currency: str


class OrderSummary(BaseModel):
    order_number: str
    customer_id: str
    customer_name: str
    status: str
    payment_status: str
    order_date: datetime
    total_amount: Decimal
    currency: str
    item_count: int


class OrderList(BaseModel):
    orders: list[OrderSummary]
    pagination: Pagination


class MovementOut(BaseModel):
    movement_id: str
    movement_type: str
    reason_code: str | None
    product_id: str
    warehouse: str
    quantity: int
    lot_number: str | None
    timestamp: datetime


class OrderOut(BaseModel):
    order_number: str
    customer_id: str
    customer_name: str
    status: str
    payment_status: str
    order_date: datetime
    required_date: datetime | None
    shipped_date: datetime | None
    delivered_date: datetime | None
    items: list[LineOut]
    pricing: Pricing
    shipping_address: Address
    shipping_method: str | None
    tracking_number: str | None
    sales_channel: str | None
    notes: str | None
    invoice_number: str | None
    allowed_transitions: list[str]
    can_ship: bool
    can_return: bool
    movements: list[MovementOut]
    created_at: datetime
    updated_at: datetime


class StatusChanged(BaseModel):
    message: str
    order_number: str
    previous_status: str
    status: str
    allowed_transitions: list[str]


class FulfilledLine(BaseModel):
    line_no: int
    quantity: int


class Fulfilled(BaseModel):
    message: str
    order_number: str
    previous_status: str
    status: str
    lines: list[FulfilledLine]
    movements: list[MovementOut]


def _line(ln, code: str) -> LineOut:
    return LineOut(product_id=code, **ln.model_dump(include=set(LineOut.model_fields) - {"product_id"}))


def _detail(session, number: str) -> OrderOut:
    d = sales.get_sales_order(session, order_number=number)
    o = d.order
    return OrderOut(
        **o.model_dump(include={"order_number", "status", "payment_status", "order_date", "required_date",
                                "shipped_date", "delivered_date", "shipping_method", "tracking_number",
                                "sales_channel", "notes", "created_at", "updated_at"}),
        customer_id=d.customer.customer_number, customer_name=d.customer.name,
        items=[_line(ln, p.product_id) for ln, p in d.lines],
        pricing=Pricing(**o.model_dump(include=set(Pricing.model_fields))),
        shipping_address=Address(street=o.ship_street, city=o.ship_city, state=o.ship_state,
                                 postal_code=o.ship_postal_code, country=o.ship_country),
        invoice_number=d.invoice_number, allowed_transitions=d.allowed_transitions, can_ship=d.can_ship,
        can_return=d.can_return, movements=[_movement(m, pid, wh) for m, pid, wh in d.movements])


def _movement(m, product_code: str, warehouse: str) -> MovementOut:
    return MovementOut(product_id=product_code, warehouse=warehouse,
                       **m.model_dump(include={"movement_id", "movement_type", "reason_code", "quantity",
                                               "lot_number", "timestamp"}))


def _header(body: OrderEdit) -> dict:
    data = body.model_dump(exclude_unset=True, exclude={"items", "shipping_address", "customer_id", "status"})
    if body.shipping_address is not None:
        data["shipping_address"] = body.shipping_address.model_dump(exclude_unset=True)
    return data


@router.get("", response_model=OrderList, responses=ERRORS, summary="List sales orders")
def list_orders(
    session: SessionDep, _: Reader, page: PageNumber = 1, limit: PageLimit = 20,
    status: Annotated[Literal["open"] | Status | None, Query(description=STATUSES + "; open = not yet shipped")] = None,
    customer_id: Annotated[str | None, Query(max_length=20)] = None,
    search: Annotated[str | None, Query(max_length=100, description="Order number or customer name")] = None,
    start_date: date | None = None, end_date: date | None = None,
) -> OrderList:
    result = sales.list_sales_orders(session, status=status, customer_id=customer_id, search=search,
                                     start_date=start_date, end_date=end_date, page=page, limit=limit)
    lines = sales.lines_by_order(session, [o.id for o, _ in result.items])
    return OrderList(orders=[
        OrderSummary(**o.model_dump(include={"order_number", "status", "payment_status", "order_date",
                                             "total_amount", "currency"}),
                     customer_id=c.customer_number, customer_name=c.name, item_count=len(lines[o.id]))
        for o, c in result.items], pagination=Pagination.of(result))


@router.get("/{order_number}", response_model=OrderOut, responses=ERRORS,
            summary="A sales order with its lines, allowed next statuses and stock movements")
def get_order(order_number: str, session: SessionDep, _: Reader) -> OrderOut:
    return _detail(session, order_number)


@router.post("", status_code=201, response_model=OrderOut, responses=ERRORS,
             summary="Create a sales order (ORD-YYYY-NNNNNN); totals are computed by the server")
def create_order(body: OrderIn, session: SessionDep, user: Writer) -> OrderOut:
    order = sales.create_sales_order(session, user=user, customer_id=body.customer_id, status=body.status,
                                     items=[i.model_dump(exclude_none=True) for i in body.items],
                                     **_header(body))
    return _detail(session, order.order_number)


@router.put("/{order_number}", response_model=OrderOut, responses=ERRORS,
            summary="Edit a draft or pending sales order")
def update_order(order_number: str, body: OrderEdit, session: SessionDep, user: Writer) -> OrderOut:
    changes = _header(body)
    if body.items is not None:
        changes["items"] = [i.model_dump(exclude_none=True) for i in body.items]
    order = sales.update_sales_order(session, order_number=order_number, user=user, changes=changes)
    return _detail(session, order.order_number)


@router.patch("/{order_number}/status", response_model=StatusChanged, responses=ERRORS,
              summary="Change status: confirming reserves stock (and checks credit), cancelling releases it")
def change_status(order_number: str, body: StatusIn, session: SessionDep, user: Writer) -> StatusChanged:
    result = sales.transition_sales_order(session, order_number=order_number, status=body.status, user=user,
                                          notes=body.notes)
    return StatusChanged(message="Order status updated successfully", order_number=result.order.order_number,
                         previous_status=result.previous_status, status=result.order.status,
                         allowed_transitions=result.allowed_transitions)


def _fulfilled(session, result, message: str) -> dict:
    return Fulfilled(message=message, order_number=result.order.order_number,
                     previous_status=result.previous_status, status=result.order.status,
                     lines=[FulfilledLine(line_no=ln.line_no, quantity=q) for ln, q in result.lines],
                     movements=[_movement(m, code, wh) for m, code, wh in
                                sales.describe_movements(session, result.movements)]).model_dump(mode="json")


@router.post("/{order_number}/ship", response_model=Fulfilled, responses=ERRORS,
             summary="Ship reserved goods (partial or full) from a warehouse, earliest-expiry lots first")
def ship(order_number: str, body: ShipIn, session: SessionDep, user: Writer,
         idempotency_key: IdempotencyKey = None):
    def action():
        result = sales.ship_sales_order(
            session, order_number=order_number, user=user, warehouse=body.warehouse,
            items=[i.model_dump(exclude_none=True) for i in body.items] if body.items else None,
            tracking_number=body.tracking_number, notes=body.notes, idempotency_key=idempotency_key)
        done = result.order.status == "shipped"
        return 200, _fulfilled(session, result, "Order shipped" if done else "Goods shipped")

    status, payload = run_once(session, key=idempotency_key, scope=f"POST /api/orders/{order_number.upper()}/ship",
                               payload=body.model_dump(mode="json"), user_id=user.id, action=action)
    return JSONResponse(payload, status_code=status)


@router.post("/{order_number}/return", response_model=Fulfilled, responses=ERRORS,
             summary="Take shipped goods back: restock them or write them off")
def return_goods(order_number: str, body: ReturnIn, session: SessionDep, user: Writer,
                 idempotency_key: IdempotencyKey = None):
    def action():
        result = sales.return_sales_order(
            session, order_number=order_number, user=user, warehouse=body.warehouse, reason=body.reason,
            items=[i.model_dump(exclude_none=True) for i in body.items], idempotency_key=idempotency_key)
        return 200, _fulfilled(session, result, "Return recorded")

    status, payload = run_once(session, key=idempotency_key,
                               scope=f"POST /api/orders/{order_number.upper()}/return",
                               payload=body.model_dump(mode="json"), user_id=user.id, action=action)
    return JSONResponse(payload, status_code=status)
