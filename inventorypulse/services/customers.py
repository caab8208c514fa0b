"""Customers (seed 002): numbered CUST-YYYY-NNNN, with payment terms and a credit limit."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy import or_
from sqlmodel import Session, select

from ..models import Customer, User
from ..models.base import utcnow
from ..models.status import CustomerType
from . import audit, permissions
from .errors import NotFound, ValidationFailed
from .numbering import next_number
from .pagination import Page, paginate
from .permissions import Perm
from .validation import COUNTRY_RE, EMAIL_RE, PHONE_RE, Checker, normalise_code

ENTITY = "customer"
# Days until an invoice is due, per payment terms (seed 002: customers and invoices).
TERMS_DAYS = {"COD": 0, "Prepaid": 0, "Net15": 15, "Net30": 30, "Net45": 45, "Net60": 60}
CREDIT_TERMS = ("Net15", "Net30", "Net45", "Net60")  # terms that let a balance build up
ADDRESS = ("street", "city", "state", "postal_code", "country")
TEXT_LIMITS = {"name": 200, "street": 200, "city": 100, "state": 100, "postal_code": 20, "tax_id": 50,
               "notes": 1000}
FIELDS = ("customer_type", "name", "email", "phone", *ADDRESS, *(f"billing_{k}" for k in ADDRESS), "tax_id",
          "payment_terms", "credit_limit", "is_active", "notes")


def parse_terms(value: str | None, field: str = "payment_terms") -> str:
    by_lower = {t.lower(): t for t in TERMS_DAYS}
    text = (value or "").strip().lower()
    if text not in by_lower:
        raise ValidationFailed.for_field(field, f"must be one of: {', '.join(TERMS_DAYS)}")
    return by_lower[text]


def _clean(data: dict[str, Any]) -> dict[str, Any]:
    """Validated column values from a create/update payload (only the keys given)."""
    unknown = sorted(set(data) - set(FIELDS))
    c = Checker()
    for key in unknown:
        c.add(key, "is not a customer field")
    out: dict[str, Any] = {}
    for key, value in data.items():
        if key in unknown:
            continue
        if isinstance(value, str):
            value = value.strip() or None
        if key in ("name", "customer_type", "payment_terms", "is_active") and value is None:
            c.add(key, "is required")
            continue
        base = key.removeprefix("billing_")
        if base in TEXT_LIMITS and value is not None:
            c.length(key, value, TEXT_LIMITS[base])
        if key == "customer_type":
            value = str(value).lower()
            c.one_of(key, value, CustomerType)
        elif key == "email" and value is not None:
            value = value.lower()
            c.length(key, value, 254)
            c.pattern(key, value, EMAIL_RE, "must be a valid email address")
        elif key == "phone":
            c.pattern(key, value, PHONE_RE, "must be in international format, like +15551234567")
        elif base == "country" and value is not None:
            value = value.upper()
            c.pattern(key, value, COUNTRY_RE, "must be a 2-letter ISO country code, like US")
        elif key == "payment_terms":
            try:
                value = parse_terms(value)
            except ValidationFailed as exc:
                c.issues.extend(exc.details)
        elif key == "credit_limit":
            value = c.money(key, value if value is not None else Decimal("0"))
        elif key == "is_active" and not isinstance(value, bool):
            c.add(key, "must be true or false")
        out[key] = value
    c.done()
    return out


def find_customer(session: Session, customer_number: str, *, lock: bool = False) -> Customer:
    number = normalise_code(customer_number) or ""
    stmt = select(Customer).where(Customer.customer_number == number)
    if lock:
        stmt = stmt.with_for_update().execution_options(populate_existing=True)
    customer = session.exec(stmt).first()
    if customer is None:
        raise NotFound(f"Customer {number} not found.")
    return customer


def create_customer(session: Session, *, user: User, data: dict[str, Any]) -> Customer:
    permissions.require(user, Perm.CUSTOMER_WRITE)
    values = _clean({"customer_type": CustomerType.INDIVIDUAL, "payment_terms": "COD"} | data)
    if "name" not in values:
        raise ValidationFailed.for_field("name", "is required")
    customer = Customer(customer_number=next_number(session, "CUST", width=4), **values)
    session.add(customer)
    session.flush()
    audit.record(session, user_id=user.id, entity_type=ENTITY, entity_id=customer.customer_number,
                 action="create", changes={k: v for k, v in values.items() if v is not None})
    return customer


def update_customer(session: Session, *, customer_number: str, user: User, changes: dict[str, Any]) -> Customer:
    permissions.require(user, Perm.CUSTOMER_WRITE)
    values = _clean(changes)
    customer = find_customer(session, customer_number, lock=True)
    changed = audit.diff(customer, values)
    if changed:
        customer.updated_at = utcnow()
        session.add(customer)
        audit.record(session, user_id=user.id, entity_type=ENTITY, entity_id=customer.customer_number,
                     action="update", changes=changed)
    session.flush()
    return customer


def deactivate_customer(session: Session, *, customer_number: str, user: User) -> Customer:
    """Customers are never deleted: their orders and invoices keep pointing at them."""
    return update_customer(session, customer_number=customer_number, user=user, changes={"is_active": False})


def list_customers(session: Session, *, search: str | None = None, customer_type: str | None = None,
                   active: bool | None = None, page: int = 1, limit: int = 20) -> Page[Customer]:
    stmt = select(Customer)
    if search and search.strip():
        like = f"%{search.strip().lower()}%"
        stmt = stmt.where(or_(Customer.name.ilike(like), Customer.email.ilike(like),
                              Customer.customer_number.ilike(like), Customer.phone.ilike(like)))
    if customer_type:
        if customer_type not in [str(t) for t in CustomerType]:
            raise ValidationFailed.for_field("type", f"must be one of: {', '.join(CustomerType)}")
        stmt = stmt.where(Customer.customer_type == customer_type)
    if active is not None:
        stmt = stmt.where(Customer.is_active == active)
    return paginate(session, stmt.order_by(Customer.name, Customer.id), page=page, limit=limit)


@dataclass
class CreditPosition:
    balance: Decimal  # invoiced and not yet paid
    exposure: Decimal  # the balance plus confirmed orders not invoiced yet
    limit: Decimal
    on_credit: bool  # the terms let a balance build up; COD/Prepaid pay upfront

    @property
    def available(self) -> Decimal:
        """What a new order may still add before confirming it hits the credit limit."""
        return max(Decimal("0"), self.limit - self.exposure)


def credit_position(session: Session, customer: Customer) -> CreditPosition:
    from .sales.lifecycle import open_exposure  # imported here: the sales package imports this module

    return CreditPosition(Decimal(customer.current_balance), open_exposure(session, customer),
                          Decimal(customer.credit_limit), customer.payment_terms in CREDIT_TERMS)
