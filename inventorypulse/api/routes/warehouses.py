"""Warehouses (read only): where stock is held, with product counts and units on hand."""

from __future__ import annotations

from fastapi import APIRouter
from pydantic import BaseModel

from ...services import products
from ..deps import Reader, SessionDep
from ..schemas import ERRORS


class AddressOut(BaseModel):
    street: str | None
    city: str | None
    state: str | None
    postal_code: str | None
    country: str | None


class WarehouseOut(BaseModel):
    code: str
    name: str
    address: AddressOut
    is_default: bool
    is_active: bool
    product_count: int
    total_units: int


class WarehouseList(BaseModel):
    warehouses: list[WarehouseOut]


router = APIRouter(tags=["warehouses"])


@router.get("/warehouses", response_model=WarehouseList, responses=ERRORS,
            summary="List warehouses with product counts and units on hand (default first)")
def list_warehouses(session: SessionDep, _: Reader, include_inactive: bool = True) -> WarehouseList:
    rows = products.list_warehouses(session, include_inactive=include_inactive)
    return WarehouseList(warehouses=[
        WarehouseOut(code=r.warehouse.code, name=r.warehouse.name,
                     address=AddressOut(street=r.warehouse.street, city=r.warehouse.city, state=r.warehouse.state,
                                        postal_code=r.warehouse.postal_code, country=r.warehouse.country),
                     is_default=r.warehouse.is_default, is_active=r.warehouse.is_active,
                     product_count=r.product_count, total_units=r.total_units)
        for r in rows
    ])
