"""Products (seed 000): list, detail, create, partial update, discontinue (soft delete)."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Query

from ....services import products
from ....services.permissions import Perm
from ...deps import Reader, SessionDep, allowed
from ...schemas import ERRORS, PageLimit, PageNumber, Pagination
from .offers import offer_out
from .schemas import (
    DimensionsOut,
    InventoryOut,
    LotOut,
    PricingOut,
    ProductCreate,
    ProductCreated,
    ProductDetailOut,
    ProductDiscontinued,
    ProductList,
    ProductListItem,
    ProductStatusName,
    ProductUpdate,
    ProductUpdated,
    SpecificationsOut,
    WarehouseStockOut,
)

router = APIRouter(tags=["products"])
Writer = allowed(Perm.PRODUCT_WRITE)
Deleter = allowed(Perm.PRODUCT_DELETE)
SortField = Literal["name", "sku", "product_id", "current_stock", "available_stock", "selling_price", "cost_price",
                    "updated_at", "created_at"]


def product_filters(
    category: Annotated[str | None, Query(max_length=100, description="Category name")] = None,
    status: Annotated[ProductStatusName | None, Query()] = None,
    low_stock: Annotated[bool, Query(description="Only products at or below their reorder threshold")] = False,
    supplier_id: Annotated[str | None, Query(max_length=20, description="Primary supplier")] = None,
    search: Annotated[str | None, Query(max_length=100, description="In name, SKU, barcode, id, description")] = None,
    min_price: Annotated[Decimal | None, Query(ge=0, description="Selling price at least")] = None,
    max_price: Annotated[Decimal | None, Query(ge=0, description="Selling price at most")] = None,
    sort: SortField = "name",
    order: Literal["asc", "desc"] = "asc",
) -> products.ProductFilters:
    return products.ProductFilters(category=category, status=status, low_stock=low_stock, supplier_id=supplier_id,
                                   search=search, min_price=min_price, max_price=max_price, sort=sort, order=order)


Filters = Annotated[products.ProductFilters, Depends(product_filters)]


@router.get("/products", response_model=ProductList, responses=ERRORS, summary="List products with stock levels")
def list_products(session: SessionDep, _: Reader, filters: Filters, page: PageNumber = 1,
                  limit: PageLimit = 20) -> ProductList:
    result = products.list_products(session, filters=filters, page=page, limit=limit)
    items = [
        ProductListItem(
            product_id=p.product_id, name=p.name, sku=p.sku, category=category, current_stock=p.current_stock,
            available_stock=p.available_stock, reorder_threshold=p.reorder_threshold,
            stock_status=products.stock_status(p), status=p.status, unit_cost=p.cost_price,
            selling_price=p.selling_price, currency=p.currency, supplier_id=supplier_id, updated_at=p.updated_at,
        )
        for p, category, supplier_id in result.items
    ]
    return ProductList(products=items, pagination=Pagination.of(result))


def detail_out(d: products.ProductDetail) -> ProductDetailOut:
    p = d.product
    return ProductDetailOut(
        product_id=p.product_id, name=p.name, description=p.description, category=d.category.name,
        subcategory=p.subcategory, sku=p.sku, barcode=p.barcode,
        supplier_id=d.supplier.supplier_id if d.supplier else None, supplier_product_code=p.supplier_product_code,
        pricing=PricingOut(cost_price=p.cost_price, selling_price=p.selling_price, currency=p.currency,
                           last_updated=p.price_updated_at),
        inventory=InventoryOut(current_stock=p.current_stock, reserved_stock=p.reserved_stock,
                               available_stock=p.available_stock, reorder_threshold=p.reorder_threshold,
                               reorder_quantity=p.reorder_quantity, max_stock_level=p.max_stock_level,
                               stock_unit=p.stock_unit, stock_status=products.stock_status(p)),
        suppliers=[offer_out(o, s) for o, s in d.offers],
        specifications=SpecificationsOut(weight=p.weight, dimensions=DimensionsOut(
            length=p.length_cm, width=p.width_cm, height=p.height_cm)),
        warehouses=[WarehouseStockOut(code=w.code, name=w.name, on_hand=lvl.on_hand, reserved=lvl.reserved,
                                      available=lvl.available) for w, lvl in d.stock],
        lots=[LotOut(lot_number=lot.lot_number, warehouse=code, quantity=lot.quantity, expiry_date=lot.expiry_date,
                     received_at=lot.received_at) for lot, code in d.lots],
        warehouse_location=p.warehouse_location, storage_requirements=p.storage_requirements, status=p.status,
        tags=p.tags, seasonal=p.seasonal, expiration_tracking=p.expiration_tracking, lot_tracking=p.lot_tracking,
        created_at=p.created_at, updated_at=p.updated_at,
    )


@router.get("/products/{product_id}", response_model=ProductDetailOut, responses=ERRORS,
            summary="Product detail: pricing, stock per warehouse, lots, supplier offers")
def get_product(product_id: str, session: SessionDep, _: Reader) -> ProductDetailOut:
    return detail_out(products.get_product_detail(session, product_id=product_id))


@router.post("/products", status_code=201, response_model=ProductCreated, responses=ERRORS,
             summary="Create a product (nested seed shape; all problems reported together)")
def create_product(body: ProductCreate, session: SessionDep, user: Writer) -> ProductCreated:
    product = products.create_product(session, data=body, user=user)
    return ProductCreated(message="Product created successfully", product_id=product.product_id, id=product.id)


@router.put("/products/{product_id}", response_model=ProductUpdated, responses=ERRORS,
            summary="Update a product partially (stock is changed only through /api/stock-movements)")
def update_product(product_id: str, body: ProductUpdate, session: SessionDep, user: Writer) -> ProductUpdated:
    updated = products.update_product(session, product_id=product_id, data=body, user=user)
    product = products.find_product(session, product_id=product_id)
    return ProductUpdated(message="Product updated successfully" if updated else "No changes",
                          product_id=product.product_id, updated_fields=updated, updated_at=product.updated_at)


@router.delete("/products/{product_id}", response_model=ProductDiscontinued, responses=ERRORS,
               summary="Discontinue a product (soft delete: history and stock are kept)")
def discontinue_product(product_id: str, session: SessionDep, user: Deleter) -> ProductDiscontinued:
    product = products.discontinue_product(session, product_id=product_id, user=user)
    return ProductDiscontinued(message="Product discontinued", product_id=product.product_id, status=product.status)
