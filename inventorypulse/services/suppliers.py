"""Suppliers: list, create, update, deactivate, and performance computed from purchase orders."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from sqlalchemy import or_, text
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, func, select

from ..models import ProductSupplier, PurchaseOrder, Supplier, User
from ..models.base import utcnow
from ..models.status import OPEN_PO_STATUSES, SupplierStatus
from . import audit, permissions, supplier_metrics
from .errors import Conflict, FieldIssue, NotFound, ValidationFailed
from .pagination import Page, paginate
from .permissions import Perm
from .validation import (
    BUSINESS_ID_RE,
    COUNTRY_RE,
    CURRENCY_RE,
    EMAIL_RE,
    PHONE_RE,
    Checker,
    check_choice,
)

URL_RE = re.compile(r"^https?://[^\s/$.?#][^\s]*$", re.IGNORECASE)

# Where each flat column sits in the seed's nested request/response shape.
SECTIONS = {
    "contact": ("primary_contact", "email", "phone", "alternative_phone", "website"),
    "address": ("street", "city", "state", "postal_code", "country"),
    "business_info": ("tax_id", "payment_terms", "currency", "lead_time_days", "minimum_order_value"),
}
TOP_LEVEL = ("supplier_id", "company_name", "display_name", "rating", "on_time_delivery_rate",
             "quality_score", "status", "preferred", "notes")
FIELDS = TOP_LEVEL + tuple(f for names in SECTIONS.values() for f in names)
REQUIRED = ("company_name", "primary_contact", "email", "phone", "street", "city", "state", "postal_code",
            "country", "lead_time_days")
DEFAULTS: dict[str, Any] = {"payment_terms": 30, "currency": "USD", "minimum_order_value": Decimal("0.00"),
                            "rating": Decimal("3.0"), "status": SupplierStatus.ACTIVE, "preferred": False}
_MAX_LEN = {"company_name": 200, "display_name": 100, "primary_contact": 100, "email": 254, "website": 200,
            "street": 200, "city": 100, "state": 100, "postal_code": 20, "tax_id": 50, "notes": 1000}
_UPPER = ("supplier_id", "country", "currency")
_NEXT_SUP = text("INSERT INTO number_sequences (name, value) VALUES ('SUP', 1) "
                 "ON CONFLICT (name) DO UPDATE SET value = number_sequences.value + 1 RETURNING value")


def field_path(name: str) -> str:
    """`email` -> `contact.email`, as the API names fields."""
    for section, names in SECTIONS.items():
        if name in names:
            return f"{section}.{name}"
    return name


def list_suppliers(
    session: Session,
    *,
    status: str | None = None,
    preferred: bool | None = None,
    search: str | None = None,
    page: int = 1,
    limit: int = 20,
) -> Page:
    stmt = select(Supplier)
    check_choice("status", status, SupplierStatus)
    if status:
        stmt = stmt.where(Supplier.status == status)
    if preferred is not None:
        stmt = stmt.where(Supplier.preferred == preferred)
    if search:
        term = f"%{search.strip()}%"
        stmt = stmt.where(
            or_(Supplier.company_name.ilike(term), Supplier.display_name.ilike(term),
                Supplier.supplier_id.ilike(term), Supplier.email.ilike(term))
        )
    return paginate(session, stmt.order_by(Supplier.company_name, Supplier.id), page=page, limit=limit)


def get_supplier(session: Session, supplier_id: str) -> Supplier:
    code = (supplier_id or "").strip().upper()
    supplier = session.exec(select(Supplier).where(Supplier.supplier_id == code)).first()
    if supplier is None:
        raise NotFound(f"Supplier {code} not found.")
    return supplier


# --- validation -------------------------------------------------------------------------------

def _clean(values: dict[str, Any]) -> dict[str, Any]:
    """Trim strings, blank optional strings to None, upper-case codes, lower-case the email."""
    out = {}
    for name, value in values.items():
        if isinstance(value, str):
            value = value.strip() or None
            if value and name in _UPPER:
                value = value.upper()
            elif value and name == "email":
                value = value.lower()
        out[name] = value
    return out


def _number(c: Checker, field: str, value: Any, lo: Decimal, hi: Decimal | None, places: int) -> Decimal | None:
    if value is None:
        return None
    if isinstance(value, bool):
        c.add(field, "must be a number")
        return None
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        c.add(field, "must be a number")
        return None
    if not number.is_finite():
        c.add(field, "must be a number")
    elif number < lo or (hi is not None and number > hi):
        c.add(field, f"must be between {lo} and {hi}" if hi is not None else f"must be {lo} or more")
    elif number != round(number, places):
        c.add(field, f"must have at most {places} decimal place{'s' if places > 1 else ''}")
    else:
        return number
    return None


def _whole(c: Checker, field: str, value: Any, minimum: int) -> None:
    if value is None:
        return
    if isinstance(value, bool) or not isinstance(value, int):
        c.add(field, "must be a whole number")
    else:
        c.int_range(field, value, minimum, 100_000)


def _validate(values: dict[str, Any], *, required: tuple[str, ...]) -> dict[str, Any]:
    """Check every given field, report all problems together; returns the normalised values."""
    unknown = sorted(set(values) - set(FIELDS))
    if unknown:
        raise ValidationFailed("Unknown supplier fields.", [FieldIssue(f, "is not a supplier field") for f in unknown])
    v = _clean(values)
    c = Checker()
    for name in required:
        if name in v:
            c.require(name, v[name])
    for name, maximum in _MAX_LEN.items():
        if isinstance(v.get(name), str):
            c.length(name, v[name], maximum)
    c.pattern("supplier_id", v.get("supplier_id"), BUSINESS_ID_RE, "must be 3-20 characters: A-Z, 0-9 or -")
    if isinstance(v.get("email"), str) and len(v["email"]) <= 254:
        c.pattern("email", v["email"], EMAIL_RE, "must be a valid email address")
    for name in ("phone", "alternative_phone"):
        c.pattern(name, v.get(name), PHONE_RE, "must be in E.164 format, e.g. +15551234567")
    if isinstance(v.get("website"), str) and len(v["website"]) <= 200:
        c.pattern("website", v["website"], URL_RE, "must be an http(s) URL")
    c.pattern("country", v.get("country"), COUNTRY_RE, "must be an ISO 3166-1 alpha-2 code, e.g. US")
    c.pattern("currency", v.get("currency"), CURRENCY_RE, "must be a 3-letter ISO 4217 code, e.g. USD")
    _whole(c, "payment_terms", v.get("payment_terms"), 0)
    _whole(c, "lead_time_days", v.get("lead_time_days"), 1)
    if v.get("minimum_order_value") is not None:
        v["minimum_order_value"] = c.money("minimum_order_value", v["minimum_order_value"])
    for name, lo, hi, places in (("rating", 1, 5, 1), ("on_time_delivery_rate", 0, 100, 2),
                                 ("quality_score", 1, 5, 1)):
        if name in v:
            v[name] = _number(c, name, v[name], Decimal(lo), Decimal(hi), places)
    c.one_of("status", v.get("status"), list(SupplierStatus))
    if "preferred" in v and not isinstance(v["preferred"], bool):
        c.add("preferred", "must be true or false")
    for issue in c.issues:  # name fields as the API does (contact.email, address.country, ...)
        issue.field = field_path(issue.field)
    c.done("Invalid supplier.")
    return v


def _check_unique(session: Session, *, supplier_id: str | None, email: str | None, exclude: int | None) -> None:
    issues = []
    if supplier_id and session.exec(select(Supplier.id).where(Supplier.supplier_id == supplier_id)).first():
        issues.append(FieldIssue("supplier_id", f"{supplier_id} already exists"))
    if email:
        stmt = select(Supplier.supplier_id).where(func.lower(Supplier.email) == email.lower())
        if exclude is not None:
            stmt = stmt.where(Supplier.id != exclude)
        owner = session.exec(stmt).first()
        if owner:
            issues.append(FieldIssue("contact.email", f"{email} is already used by supplier {owner}"))
    if issues:
        raise Conflict("Supplier already exists: " + "; ".join(f"{i.field} {i.issue}" for i in issues), issues)


def _flush(session: Session) -> None:
    try:
        session.flush()
    except IntegrityError as exc:  # a concurrent writer took the id or email after our check
        raise Conflict("Supplier id or email already exists.",
                       [FieldIssue("supplier_id", "or email already exists")]) from exc


def _next_supplier_id(session: Session) -> str:
    while True:  # skip numbers already taken by hand-entered ids
        candidate = f"SUP-{session.execute(_NEXT_SUP).scalar_one():04d}"
        if session.exec(select(Supplier.id).where(Supplier.supplier_id == candidate)).first() is None:
            return candidate


def _open_po_count(session: Session, supplier: Supplier) -> int:
    return session.exec(
        select(func.count()).where(PurchaseOrder.supplier_id == supplier.id,
                                   PurchaseOrder.status.in_(OPEN_PO_STATUSES))
    ).one()


def _refuse_if_open_pos(session: Session, supplier: Supplier) -> None:
    open_pos = _open_po_count(session, supplier)
    if open_pos:
        raise Conflict(f"Supplier {supplier.supplier_id} has {open_pos} open purchase order(s); "
                       "receive or cancel them before deactivating.",
                       [FieldIssue("status", f"{open_pos} open purchase order(s)")])


# --- writes -----------------------------------------------------------------------------------

def create_supplier(session: Session, *, data: dict[str, Any], user: User) -> Supplier:
    """Create a supplier from flat field values (see FIELDS); supplier_id is generated if omitted."""
    permissions.require(user, Perm.SUPPLIER_WRITE)
    given = {k: v for k, v in data.items() if v is not None or k not in DEFAULTS}  # null means "the default"
    values = _validate({name: None for name in REQUIRED} | DEFAULTS | given, required=REQUIRED)
    _check_unique(session, supplier_id=values.get("supplier_id"), email=values["email"], exclude=None)
    values["supplier_id"] = values.get("supplier_id") or _next_supplier_id(session)
    values["preferred"] = bool(values.get("preferred"))
    supplier = Supplier(**values, created_by=user.id)
    session.add(supplier)
    _flush(session)
    audit.record(session, user_id=user.id, entity_type="supplier", entity_id=supplier.supplier_id,
                 action="create", changes={k: v for k, v in values.items() if v is not None})
    return supplier


@dataclass
class SupplierUpdate:
    supplier: Supplier
    updated_fields: list[str]


def update_supplier(session: Session, *, supplier_id: str, changes: dict[str, Any], user: User) -> SupplierUpdate:
    """Apply a partial update; only the fields present in `changes` are touched."""
    permissions.require(user, Perm.SUPPLIER_WRITE)
    supplier = get_supplier(session, supplier_id)
    if "supplier_id" in changes and _clean({"supplier_id": changes["supplier_id"]})["supplier_id"] != \
            supplier.supplier_id:
        raise ValidationFailed.for_field("supplier_id", "cannot be changed")
    changes = {k: v for k, v in changes.items() if k != "supplier_id"}
    values = _validate(changes, required=REQUIRED + ("status", "currency", "payment_terms", "rating",
                                                     "minimum_order_value", "preferred"))
    if values.get("email"):
        _check_unique(session, supplier_id=None, email=values["email"], exclude=supplier.id)
    if values.get("status") == SupplierStatus.INACTIVE and supplier.status != SupplierStatus.INACTIVE:
        _refuse_if_open_pos(session, supplier)
    changed = audit.diff(supplier, values)
    if changed:
        supplier.updated_at = utcnow()
        session.add(supplier)
        _flush(session)
        audit.record(session, user_id=user.id, entity_type="supplier", entity_id=supplier.supplier_id,
                     action="update", changes=changed)
    return SupplierUpdate(supplier, list(changed))


def deactivate_supplier(session: Session, *, supplier_id: str, user: User) -> Supplier:
    """Soft delete: the supplier becomes inactive; refused while it has open purchase orders."""
    permissions.require(user, Perm.SUPPLIER_DELETE)
    supplier = get_supplier(session, supplier_id)
    if supplier.status == SupplierStatus.INACTIVE:
        return supplier
    _refuse_if_open_pos(session, supplier)
    changed = audit.diff(supplier, {"status": SupplierStatus.INACTIVE.value})
    supplier.updated_at = utcnow()
    session.add(supplier)
    audit.record(session, user_id=user.id, entity_type="supplier", entity_id=supplier.supplier_id,
                 action="deactivate", changes=changed)
    session.flush()
    return supplier


# --- performance ------------------------------------------------------------------------------

@dataclass
class SupplierPerformance:
    total_orders: int  # purchase orders placed (not draft, not cancelled)
    last_order_date: datetime | None
    on_time_delivery_rate: Decimal | None  # % of received POs delivered on or before the expected day
    average_lead_time: Decimal | None  # days from sending (or ordering) to delivery, received POs
    fill_rate: Decimal | None  # % of ordered units received, over received + partially received POs
    quality_rating: Decimal | None
    reliability_score: Decimal | None  # mean of on-time rate and fill rate
    products_supplied: int


def supplier_performance(session: Session, supplier: Supplier) -> SupplierPerformance:
    """Every figure is an SQL aggregate over this supplier's purchase orders (see supplier_metrics)."""
    found = supplier_metrics.delivery_figures(session, supplier_ids=[supplier.id])
    f = found[0] if found else supplier_metrics.DeliveryFigures(supplier_id=supplier.id)
    products = session.exec(
        select(func.count()).where(ProductSupplier.supplier_id == supplier.id, ProductSupplier.is_active)
    ).one()
    on_time_rate = f.on_time_rate() if f.deliveries else supplier.on_time_delivery_rate
    fill = f.fill_rate()
    parts = [Decimal(p) for p in (on_time_rate, fill) if p is not None]
    return SupplierPerformance(
        total_orders=f.orders_placed, last_order_date=f.last_order_date, on_time_delivery_rate=on_time_rate,
        average_lead_time=f.average_lead_time(),
        fill_rate=fill, quality_rating=supplier.quality_score,
        reliability_score=(sum(parts) / len(parts)).quantize(Decimal("0.1")) if parts else None,
        products_supplied=products,
    )
