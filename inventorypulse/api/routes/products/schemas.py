"""Request and response bodies for the product routes (seed 000 shapes, seed 002 offers).

Request models check types and simple bounds so the OpenAPI documents them; the product service
then applies every business rule and reports all its problems together. "Required" is a service
rule (named in the descriptions), so a body missing a field still gets its other problems back.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Literal

from pydantic import AliasChoices, BaseModel, ConfigDict, Field

from ...schemas import Pagination

ProductStatusName = Literal["active", "discontinued", "pending"]
STOCK_NOTE = ("Create only: opening stock, recorded as an inbound ledger movement (reason opening_balance) "
              "in the default warehouse. Refused on update: stock changes go through POST /api/stock-movements.")


class _Strict(BaseModel):
    """Unknown fields are refused (422 naming them) rather than silently dropped."""

    model_config = ConfigDict(extra="forbid")


# --- requests --------------------------------------------------------------------------------

class PricingIn(_Strict):
    cost_price: Decimal | None = Field(None, ge=0, description="Required on create; ≥ 0, at most 2 decimals")
    selling_price: Decimal | None = Field(None, ge=0, description="Required on create; ≥ cost_price, 2 decimals")
    currency: str | None = Field(None, min_length=3, max_length=3, description="ISO 4217 code, default USD")


class InventoryIn(_Strict):
    current_stock: int | None = Field(None, ge=0, description=STOCK_NOTE)
    reserved_stock: int | None = Field(None, description="Not settable: reservations come from orders")
    reorder_threshold: int | None = Field(None, ge=1, description="Low-stock alert level, ≥ 1 (default 10)")
    reorder_quantity: int | None = Field(None, ge=1, description="Default quantity to reorder, ≥ 1 (default 50)")
    max_stock_level: int | None = Field(None, ge=1, description="≥ reorder_threshold when given")
    stock_unit: str | None = Field(None, max_length=20, description="e.g. pieces (default)")


class DimensionsIn(_Strict):
    length: Decimal | None = Field(None, ge=0, description="cm")
    width: Decimal | None = Field(None, ge=0, description="cm")
    height: Decimal | None = Field(None, ge=0, description="cm")


class SpecificationsIn(_Strict):
    weight: Decimal | None = Field(None, ge=0, description="grams")
    dimensions: DimensionsIn | None = None


class OfferIn(_Strict):
    supplier_id: str = Field(min_length=1, max_length=20)
    cost: Decimal | None = Field(None, ge=0, validation_alias=AliasChoices("cost", "cost_per_unit"),
                                 description="Unit cost (also accepted as cost_per_unit). Required for a new offer "
                                             "on POST /products/{id}/suppliers; in a product body it defaults to "
                                             "the product's cost price")
    currency: str | None = Field(None, min_length=3, max_length=3)
    lead_time_days: int | None = Field(None, ge=0, le=3650, description="Default: the supplier's lead time")
    min_order_quantity: int | None = Field(None, ge=1, description="Default 1")
    supplier_product_code: str | None = Field(None, max_length=50)
    is_primary: bool | None = Field(None, description="Makes this the product's only primary offer")
    is_active: bool | None = None


class ProductFields(_Strict):
    name: str | None = Field(None, max_length=200, description="Required on create")
    description: str | None = Field(None, max_length=1000)
    category: str | None = Field(None, max_length=100, description="Category name (must exist); required on create")
    subcategory: str | None = Field(None, max_length=100)
    sku: str | None = Field(None, max_length=30, description="Required on create; 6-30 of A-Z 0-9 - (upper-cased)")
    barcode: str | None = Field(None, max_length=32, description="Unique when present")
    supplier_id: str | None = Field(None, max_length=20, description="Primary supplier (an offer is created if needed)")
    supplier_product_code: str | None = Field(None, max_length=50)
    pricing: PricingIn | None = None
    inventory: InventoryIn | None = None
    specifications: SpecificationsIn | None = None
    suppliers: list[OfferIn] | None = Field(None, max_length=50, description="Supplier offers (added or updated)")
    warehouse_location: str | None = Field(None, max_length=100)
    storage_requirements: list[str] | None = Field(None, max_length=20)
    tags: list[str] | None = Field(None, max_length=20, description="At most 20, each at most 50 characters")
    seasonal: bool | None = None
    expiration_tracking: bool | None = None
    lot_tracking: bool | None = None
    status: ProductStatusName | None = Field(None, description="Default active")
    last_modified_by: str | None = Field(None, description="Ignored: the signed-in user is recorded")


class ProductCreate(ProductFields):
    product_id: str | None = Field(None, max_length=20,
                                   description="8-20 of A-Z 0-9 - (upper-cased); PRD-nnnnnn is generated if omitted")


class ProductUpdate(ProductFields):
    product_id: str | None = Field(None, max_length=20, description="Cannot be changed; may be repeated")


# --- responses -------------------------------------------------------------------------------

class ProductListItem(BaseModel):
    product_id: str
    name: str
    sku: str
    category: str
    current_stock: int
    available_stock: int
    reorder_threshold: int
    stock_status: Literal["ok", "low", "out", "over"]
    status: str
    unit_cost: Decimal
    selling_price: Decimal
    currency: str
    supplier_id: str | None
    updated_at: datetime


class ProductList(BaseModel):
    products: list[ProductListItem]
    pagination: Pagination


class PricingOut(BaseModel):
    cost_price: Decimal
    selling_price: Decimal
    currency: str
    last_updated: datetime | None


class InventoryOut(BaseModel):
    current_stock: int
    reserved_stock: int
    available_stock: int
    reorder_threshold: int
    reorder_quantity: int
    max_stock_level: int | None
    stock_unit: str
    stock_status: str


class OfferOut(BaseModel):
    supplier_id: str
    supplier_name: str
    supplier_status: str
    is_primary: bool
    is_active: bool
    cost: Decimal
    cost_per_unit: Decimal = Field(description="Same as cost (seed 000 name)")
    currency: str
    lead_time_days: int
    min_order_quantity: int
    supplier_product_code: str | None
    last_order_date: datetime | None


class DimensionsOut(BaseModel):
    length: Decimal | None
    width: Decimal | None
    height: Decimal | None


class SpecificationsOut(BaseModel):
    weight: Decimal | None
    dimensions: DimensionsOut


class WarehouseStockOut(BaseModel):
    code: str
    name: str
    on_hand: int
    reserved: int
    available: int


class LotOut(BaseModel):
    lot_number: str
    warehouse: str
    quantity: int
    expiry_date: date | None
    received_at: datetime


class ProductDetailOut(BaseModel):
    product_id: str
    name: str
    description: str | None
    category: str
    subcategory: str | None
    sku: str
    barcode: str | None
    supplier_id: str | None
    supplier_product_code: str | None
    pricing: PricingOut
    inventory: InventoryOut
    suppliers: list[OfferOut]
    specifications: SpecificationsOut
    warehouses: list[WarehouseStockOut]
    lots: list[LotOut]
    warehouse_location: str | None
    storage_requirements: list[str]
    status: str
    tags: list[str]
    seasonal: bool
    expiration_tracking: bool
    lot_tracking: bool
    created_at: datetime
    updated_at: datetime


class ProductCreated(BaseModel):
    message: str
    product_id: str
    id: int


class ProductUpdated(BaseModel):
    message: str
    product_id: str
    updated_fields: list[str]
    updated_at: datetime


class ProductDiscontinued(BaseModel):
    message: str
    product_id: str
    status: str


class ImportResult(BaseModel):
    message: str
    created: int
    updated: int
    unchanged: int


class ProductRef(BaseModel):
    product_id: str
    name: str
    sku: str


class OfferList(BaseModel):
    product: ProductRef
    suppliers: list[OfferOut]


class OfferSaved(BaseModel):
    message: str
    offer: OfferOut


class ScoredOfferOut(BaseModel):
    supplier_id: str
    supplier_name: str
    is_primary: bool
    cost: Decimal
    currency: str
    lead_time_days: int
    min_order_quantity: int
    order_quantity: int = Field(description="The requested quantity, raised to the MOQ")
    total_cost: Decimal
    score: float = Field(description="0-100")
    components: dict[str, float] = Field(description="Each criterion normalised to 0..1 (best candidate = 1)")
    reasons: list[str]
    within_budget: bool | None


class BestSupplierOut(BaseModel):
    product_id: str
    quantity: int
    urgency: Literal["normal", "high"]
    weights: dict[str, float]
    recommended: ScoredOfferOut | None
    candidates: list[ScoredOfferOut] = Field(description="Every active offer, best first")
