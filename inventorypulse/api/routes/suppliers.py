"""Supplier routes (seed 000 §3): list, detail with performance, create, update, deactivate."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query
from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, model_validator

from ...models import Supplier
from ...services import suppliers
from ...services.permissions import Perm
from ...services.validation import CURRENCY_RE, EMAIL_RE, PHONE_RE
from ..deps import Reader, SessionDep, allowed
from ..schemas import ERRORS, PageLimit, PageNumber, Pagination

router = APIRouter(tags=["suppliers"])
Writer = allowed(Perm.SUPPLIER_WRITE)
Deleter = allowed(Perm.SUPPLIER_DELETE)



def _upper(value: Any) -> Any:
    return value.strip().upper() if isinstance(value, str) else value


# Create models name every rule (so the OpenAPI documents them and all problems come back in one
# 422); the *Patch twins make every field optional. In those, non-nullable columns are typed without
# `| None` and default to None: leaving a field out is fine, sending null for it is refused.
Text20 = Annotated[str, Field(min_length=1, max_length=20)]
Text100 = Annotated[str, Field(min_length=1, max_length=100)]
Text200 = Annotated[str, Field(min_length=1, max_length=200)]
Phone = Annotated[str, Field(pattern=PHONE_RE.pattern, max_length=16, description="E.164, e.g. +15551234567")]
Email = Annotated[str, Field(max_length=254, pattern=EMAIL_RE.pattern)]
Url = Annotated[str, Field(max_length=200, pattern=r"^https?://\S+$", description="http(s) URL")]
Country = Annotated[str, BeforeValidator(_upper), Field(pattern=r"^[A-Z]{2}$",
                                                        description="ISO 3166-1 alpha-2 (lower case is accepted)")]
Currency = Annotated[str, BeforeValidator(_upper), Field(pattern=CURRENCY_RE.pattern, description="ISO 4217")]
Days = Annotated[int, Field(ge=0, le=100_000, description="Days")]
LeadDays = Annotated[int, Field(ge=1, le=100_000, description="Days")]
Money = Annotated[Decimal, Field(ge=0, decimal_places=2, max_digits=14)]
Rating = Annotated[Decimal, Field(ge=1, le=5, decimal_places=1)]
Percent = Annotated[Decimal, Field(ge=0, le=100, decimal_places=2)]
Status = Literal["active", "inactive", "pending"]


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class ContactIn(_In):
    primary_contact: Text100
    email: Email
    phone: Phone
    alternative_phone: Phone | None = None
    website: Url | None = None


class ContactPatch(_In):
    primary_contact: Text100 = None
    email: Email = None
    phone: Phone = None
    alternative_phone: Phone | None = None
    website: Url | None = None


class AddressIn(_In):
    street: Text200
    city: Text100
    state: Text100
    postal_code: Text20
    country: Country


class AddressPatch(_In):
    street: Text200 = None
    city: Text100 = None
    state: Text100 = None
    postal_code: Text20 = None
    country: Country = None


class BusinessInfoIn(_In):
    tax_id: str | None = Field(default=None, max_length=50)
    payment_terms: Days = Field(default=None, description="Days; default 30")
    currency: Currency = Field(default=None, description="ISO 4217; default USD")
    lead_time_days: LeadDays
    minimum_order_value: Money = Field(default=None, description="Default 0")


class BusinessInfoPatch(BusinessInfoIn):
    lead_time_days: LeadDays = None


def _nest_flat_fields(data: Any) -> Any:
    """Flat field names (e.g. `email`) are accepted and moved into their seed section."""
    if not isinstance(data, dict):
        return data
    data = dict(data)
    for section, names in suppliers.SECTIONS.items():
        flat = {n: data.pop(n) for n in names if n in data}
        if flat:
            nested = data.get(section)
            data[section] = (nested if isinstance(nested, dict) else {}) | flat
    return data


class _SupplierBody(_In):
    display_name: str | None = Field(default=None, max_length=100)
    rating: Rating = Field(default=None, description="1-5; default 3")
    on_time_delivery_rate: Percent | None = None
    quality_score: Rating | None = None
    status: Status = Field(default=None, description="Default active")
    preferred: bool = Field(default=None, description="Default false")
    notes: str | None = Field(default=None, max_length=1000)

    _nest = model_validator(mode="before")(_nest_flat_fields)

    def flat(self) -> dict[str, Any]:
        """Only the fields the client sent, flattened to column names."""
        values = self.model_dump(exclude_unset=True)
        for section in suppliers.SECTIONS:
            values |= values.pop(section, None) or {}
        return values


class SupplierIn(_SupplierBody):
    """Seed 000's nested shape; flat field names are accepted too."""

    supplier_id: Annotated[str, BeforeValidator(_upper)] | None = Field(
        default=None, pattern=r"^[A-Z0-9-]{3,20}$", description="Generated as SUP-nnnn when omitted")
    company_name: Text200
    contact: ContactIn
    address: AddressIn
    business_info: BusinessInfoIn


class SupplierUpdateIn(_SupplierBody):
    """Only the fields sent are changed (nested or flat)."""

    company_name: Text200 = None
    contact: ContactPatch | None = None
    address: AddressPatch | None = None
    business_info: BusinessInfoPatch | None = None


class Contact(BaseModel):
    primary_contact: str
    email: str
    phone: str
    alternative_phone: str | None = None
    website: str | None = None


class Address(BaseModel):
    street: str
    city: str
    state: str
    postal_code: str
    country: str


class BusinessInfo(BaseModel):
    tax_id: str | None
    payment_terms: int
    currency: str
    lead_time_days: int
    minimum_order_value: Decimal


class Performance(BaseModel):
    total_orders: int
    last_order_date: datetime | None
    on_time_delivery_rate: Decimal | None = Field(description="% of received POs delivered by the expected day")
    average_lead_time: Decimal | None = Field(description="Days from sending (or ordering) to delivery")
    fill_rate: Decimal | None = Field(description="% of ordered units received (received + partial POs)")
    quality_rating: Decimal | None
    reliability_score: Decimal | None = Field(description="Mean of on-time rate and fill rate")


class SupplierSummary(BaseModel):
    supplier_id: str
    company_name: str
    display_name: str | None
    contact: dict[str, str | None]
    country: str
    lead_time_days: int
    status: str
    preferred: bool
    rating: Decimal


class SupplierList(BaseModel):
    suppliers: list[SupplierSummary]
    pagination: Pagination


class SupplierDetail(BaseModel):
    supplier_id: str
    company_name: str
    display_name: str | None
    contact: Contact
    address: Address
    business_info: BusinessInfo
    performance: Performance
    products_supplied: int
    rating: Decimal
    on_time_delivery_rate: Decimal | None = Field(description="Stored figure (e.g. from an import)")
    quality_score: Decimal | None
    status: str
    preferred: bool
    notes: str | None
    created_at: datetime
    updated_at: datetime


class SupplierCreated(BaseModel):
    message: str
    supplier_id: str
    id: int


class SupplierUpdated(BaseModel):
    message: str
    supplier_id: str
    updated_fields: list[str]
    updated_at: datetime


class SupplierDeactivated(BaseModel):
    message: str
    supplier_id: str
    status: str


def _section(s: Supplier, name: str) -> dict[str, Any]:
    return {f: getattr(s, f) for f in suppliers.SECTIONS[name]}


def _detail(session, s: Supplier) -> SupplierDetail:
    perf = suppliers.supplier_performance(session, s)
    perf_fields = {k: v for k, v in vars(perf).items() if k != "products_supplied"}
    return SupplierDetail(
        contact=Contact(**_section(s, "contact")), address=Address(**_section(s, "address")),
        business_info=BusinessInfo(**_section(s, "business_info")), performance=Performance(**perf_fields),
        products_supplied=perf.products_supplied,
        **{f: getattr(s, f) for f in SupplierDetail.model_fields if hasattr(s, f) and f not in
           ("contact", "address", "business_info", "performance")},
    )


@router.get("/suppliers", response_model=SupplierList, responses=ERRORS, summary="List suppliers")
def list_suppliers(
    session: SessionDep,
    _: Reader,
    page: PageNumber = 1,
    limit: PageLimit = 20,
    status: Annotated[Status | None, Query()] = None,
    preferred: bool | None = None,
    search: Annotated[str | None, Query(max_length=100, description="Name, id or email contains")] = None,
) -> SupplierList:
    result = suppliers.list_suppliers(session, status=status, preferred=preferred, search=search, page=page,
                                      limit=limit)
    rows = [
        SupplierSummary(contact={"primary_contact": s.primary_contact, "email": s.email, "phone": s.phone},
                        **{f: getattr(s, f) for f in SupplierSummary.model_fields if f != "contact"})
        for s in result.items
    ]
    return SupplierList(suppliers=rows, pagination=Pagination.of(result))


@router.get("/suppliers/{supplier_id}", response_model=SupplierDetail, responses=ERRORS,
            summary="Supplier details with performance from purchase orders")
def get_supplier(supplier_id: str, session: SessionDep, _: Reader) -> SupplierDetail:
    return _detail(session, suppliers.get_supplier(session, supplier_id))


@router.post("/suppliers", status_code=201, response_model=SupplierCreated, responses=ERRORS,
             summary="Create a supplier")
def create_supplier(body: SupplierIn, session: SessionDep, user: Writer) -> SupplierCreated:
    supplier = suppliers.create_supplier(session, data=body.flat(), user=user)
    return SupplierCreated(message="Supplier created successfully", supplier_id=supplier.supplier_id,
                           id=supplier.id)


@router.put("/suppliers/{supplier_id}", response_model=SupplierUpdated, responses=ERRORS,
            summary="Update a supplier (only the fields sent)")
def update_supplier(supplier_id: str, body: SupplierUpdateIn, session: SessionDep, user: Writer) -> SupplierUpdated:
    result = suppliers.update_supplier(session, supplier_id=supplier_id, changes=body.flat(), user=user)
    return SupplierUpdated(
        message="Supplier updated successfully" if result.updated_fields else "No changes",
        supplier_id=result.supplier.supplier_id, updated_at=result.supplier.updated_at,
        updated_fields=[suppliers.field_path(f) for f in result.updated_fields],
    )


@router.delete("/suppliers/{supplier_id}", response_model=SupplierDeactivated, responses=ERRORS,
               summary="Deactivate a supplier (refused while it has open purchase orders)")
def deactivate_supplier(supplier_id: str, session: SessionDep, user: Deleter) -> SupplierDeactivated:
    supplier = suppliers.deactivate_supplier(session, supplier_id=supplier_id, user=user)
    return SupplierDeactivated(message="Supplier deactivated", supplier_id=supplier.supplier_id,
                               status=supplier.status)
