"""Customer routes (seed 002): list and search, detail, create, edit, deactivate."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Annotated, Literal

from fastapi import APIRouter, Query
from pydantic import BaseModel, Field, WithJsonSchema

from ...services import customers
from ...services.permissions import Perm
from ..deps import Reader, SessionDep, allowed
from ..schemas import ERRORS, PageLimit, PageNumber, Pagination

router = APIRouter(prefix="/customers", tags=["customers"])
Writer = allowed(Perm.CUSTOMER_WRITE)
Terms = Literal["Net15", "Net30", "Net45", "Net60", "COD", "Prepaid"]
Money = Annotated[Decimal, Field(ge=0, max_digits=14, decimal_places=2), WithJsonSchema(
    {"anyOf": [{"type": "number", "minimum": 0, "maximum": 999_999_999_999.99, "multipleOf": 0.01},
               {"type": "string", "pattern": r"^\d{1,12}(\.\d{1,2})?$"}]})]


class Address(BaseModel):
    street: str | None = Field(default=None, max_length=200)
    city: str | None = Field(default=None, max_length=100)
    state: str | None = Field(default=None, max_length=100)
    postal_code: str | None = Field(default=None, max_length=20)
    country: str | None = Field(default=None, pattern=r"^[A-Za-z]{2}$", description="ISO 3166-1 alpha-2")


class CustomerEdit(BaseModel):
    """Send only the fields to change."""

    type: Literal["individual", "business"] | None = None
    name: str | None = Field(default=None, min_length=1, max_length=200)
    email: str | None = Field(default=None, max_length=254)
    phone: str | None = Field(default=None, max_length=16, description="E.164, like +15551234567")
    address: Address | None = None
    billing_address: Address | None = None
    tax_id: str | None = Field(default=None, max_length=50)
    payment_terms: Terms | None = None
    credit_limit: Money | None = None
    is_active: bool | None = None
    notes: str | None = Field(default=None, max_length=1000)


class CustomerIn(CustomerEdit):
    name: str = Field(min_length=1, max_length=200)


class CustomerOut(BaseModel):
    customer_number: str
    type: str
    name: str
    email: str | None
    phone: str | None
    address: Address
    billing_address: Address
    tax_id: str | None
    payment_terms: str
    credit_limit: Decimal
    current_balance: Decimal
    is_active: bool
    notes: str | None
    created_at: datetime
    updated_at: datetime


class CustomerList(BaseModel):
    customers: list[CustomerOut]
    pagination: Pagination


def _columns(body: CustomerEdit) -> dict:
    data = body.model_dump(exclude_unset=True, exclude={"type", "address", "billing_address"})
    if "type" in body.model_fields_set:
        data["customer_type"] = body.type
    for key, prefix in (("address", ""), ("billing_address", "billing_")):
        part = getattr(body, key)
        if part is not None:
            data |= {f"{prefix}{k}": v for k, v in part.model_dump(exclude_unset=True).items()}
    return data


def out(c) -> CustomerOut:
    keys = ("street", "city", "state", "postal_code", "country")
    return CustomerOut(
        **c.model_dump(include={"customer_number", "name", "email", "phone", "tax_id", "payment_terms",
                                "credit_limit", "current_balance", "is_active", "notes", "created_at",
                                "updated_at"}),
        type=c.customer_type, address=Address(**{k: getattr(c, k) for k in keys}),
        billing_address=Address(**{k: getattr(c, f"billing_{k}") for k in keys}))


@router.get("", response_model=CustomerList, responses=ERRORS, summary="List and search customers")
def list_customers(
    session: SessionDep, _: Reader, page: PageNumber = 1, limit: PageLimit = 20,
    search: Annotated[str | None, Query(max_length=100, description="Name, email, phone or number")] = None,
    type: Literal["individual", "business"] | None = None,
    active: bool | None = None,
) -> CustomerList:
    result = customers.list_customers(session, search=search, customer_type=type, active=active, page=page,
                                      limit=limit)
    return CustomerList(customers=[out(c) for c in result.items], pagination=Pagination.of(result))


@router.get("/{customer_number}", response_model=CustomerOut, responses=ERRORS, summary="One customer")
def get_customer(customer_number: str, session: SessionDep, _: Reader) -> CustomerOut:
    return out(customers.find_customer(session, customer_number))


@router.post("", status_code=201, response_model=CustomerOut, responses=ERRORS,
             summary="Create a customer (numbered CUST-YYYY-NNNN)")
def create_customer(body: CustomerIn, session: SessionDep, user: Writer) -> CustomerOut:
    return out(customers.create_customer(session, user=user, data=_columns(body)))


@router.put("/{customer_number}", response_model=CustomerOut, responses=ERRORS, summary="Edit a customer")
def update_customer(customer_number: str, body: CustomerEdit, session: SessionDep, user: Writer) -> CustomerOut:
    return out(customers.update_customer(session, customer_number=customer_number, user=user,
                                         changes=_columns(body)))


@router.delete("/{customer_number}", response_model=CustomerOut, responses=ERRORS,
               summary="Deactivate a customer (orders and invoices keep pointing at it)")
def deactivate_customer(customer_number: str, session: SessionDep, user: Writer) -> CustomerOut:
    return out(customers.deactivate_customer(session, customer_number=customer_number, user=user))
