"""Barcodes (seed 001): lookup, scan (reading only) and linking a barcode to a product."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated

from fastapi import APIRouter, Path
from pydantic import BaseModel, ConfigDict, Field

from ...services import barcode, products
from ...services.permissions import Perm
from ..deps import Reader, SessionDep, allowed
from ..schemas import ERRORS

router = APIRouter(tags=["barcode"])
Writer = allowed(Perm.PRODUCT_WRITE)
Code = Annotated[str, Path(min_length=1, max_length=64, description="4-32 letters, digits or hyphens")]


class ScanIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    barcode: str = Field(min_length=1, max_length=64)
    warehouse: str | None = Field(None, max_length=20, description="Warehouse code: adds the stock held there")


class LinkIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    barcode: str = Field(min_length=1, max_length=64)
    product_id: str = Field(min_length=1, max_length=20)


class ScannedProduct(BaseModel):
    product_id: str
    name: str
    sku: str
    category: str
    status: str
    selling_price: Decimal
    currency: str
    current_stock: int
    available_stock: int
    reorder_threshold: int
    stock_status: str
    warehouse_location: str | None


class StockHere(BaseModel):
    code: str
    name: str
    on_hand: int
    reserved: int
    available: int


class BarcodeResult(BaseModel):
    found: bool
    barcode: str
    product: ScannedProduct
    warehouses: list[StockHere]
    warehouse: StockHere | None = Field(None, description="Stock in the scanning warehouse (scan only)")


class Linked(BaseModel):
    message: str
    barcode: str
    product_id: str
    previous_barcode: str | None


def result_out(match: barcode.BarcodeMatch) -> BarcodeResult:
    p = match.product
    here = None
    if match.warehouse is not None:
        lvl = match.level
        here = StockHere(code=match.warehouse.code, name=match.warehouse.name, on_hand=lvl.on_hand if lvl else 0,
                         reserved=lvl.reserved if lvl else 0, available=lvl.available if lvl else 0)
    return BarcodeResult(
        found=True, barcode=match.barcode,
        product=ScannedProduct(product_id=p.product_id, name=p.name, sku=p.sku, category=match.category,
                               status=p.status, selling_price=p.selling_price, currency=p.currency,
                               current_stock=p.current_stock, available_stock=p.available_stock,
                               reorder_threshold=p.reorder_threshold, stock_status=products.stock_status(p),
                               warehouse_location=p.warehouse_location),
        warehouses=[StockHere(code=w.code, name=w.name, on_hand=lvl.on_hand, reserved=lvl.reserved,
                              available=lvl.available) for w, lvl in match.stock],
        warehouse=here,
    )


@router.get("/barcode/lookup/{code}", response_model=BarcodeResult, responses=ERRORS,
            summary="Find the product carrying a barcode, with its stock")
def lookup(code: Code, session: SessionDep, _: Reader) -> BarcodeResult:
    return result_out(barcode.lookup(session, code=code))


@router.post("/barcode/scan", response_model=BarcodeResult, responses=ERRORS,
             summary="Scan a barcode (reading only): the product and its stock, here and everywhere")
def scan(body: ScanIn, session: SessionDep, _: Reader) -> BarcodeResult:
    return result_out(barcode.scan(session, barcode=body.barcode, warehouse=body.warehouse))


@router.post("/barcode/link", response_model=Linked, responses=ERRORS,
             summary="Give a product this barcode (409 if another product has it)")
def link(body: LinkIn, session: SessionDep, user: Writer) -> Linked:
    product, previous = barcode.link(session, barcode=body.barcode, product_id=body.product_id, user=user)
    return Linked(message="Barcode linked", barcode=product.barcode, product_id=product.product_id,
                  previous_barcode=previous)
