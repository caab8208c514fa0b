"""Product writes: create, partial update, discontinue. Each writes its audit row.

Stock is never set here: a new product's opening stock (`current_stock` / `inventory.current_stock`
on create) is recorded as an inbound ledger movement with reason `opening_balance` into the default
warehouse; after that only the ledger changes stock, and updates that try to set it are refused.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pydantic_core import PydanticUndefined
from sqlalchemy import insert
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from ...models import Product, ProductSupplier, User
from ...models.base import utcnow
from ...models.status import MovementType, ProductStatus, ReasonCode, ReferenceType
from .. import audit, ledger, offers, permissions
from ..errors import Conflict
from ..permissions import Perm
from ..validation import normalise_code, to_cents
from .lookup import Lookup
from .rules import Checked, check_product

PRODUCT_ID_PREFIX = "PRD-"


def as_dict(data: Mapping[str, Any] | Any) -> dict[str, Any]:
    """Pydantic models give only the fields the client sent, so updates stay partial."""
    if hasattr(data, "model_dump"):
        return data.model_dump(exclude_unset=True)
    return dict(data)


def next_product_id(session: Session, *, taken: set[str] | frozenset[str] = frozenset()) -> str:
    """The next free PRD-nnnnnn after the highest numeric one (skipping ids in `taken`)."""
    rows = session.exec(
        select(Product.product_id)
        .where(Product.product_id >= f"{PRODUCT_ID_PREFIX}000000", Product.product_id <= f"{PRODUCT_ID_PREFIX}999999")
        .order_by(Product.product_id.desc()).limit(1000)
    )
    highest = next((int(p[4:]) for p in rows if len(p) == 10 and p[4:].isdigit()), 0)
    number = highest + 1
    while f"{PRODUCT_ID_PREFIX}{number:06d}" in taken:
        number += 1
    return f"{PRODUCT_ID_PREFIX}{number:06d}"


def _flush(session: Session, what: str) -> None:
    """A concurrent writer may take the same unique value between our check and our insert."""
    try:
        session.flush()
    except IntegrityError as exc:
        raise Conflict(f"{what} was changed by someone else at the same time; please retry.") from exc


def insert_product(session: Session, checked: Checked, *, user: User, product_id: str | None = None) -> Product:
    """Write an already validated new product with its offers, audit row and opening stock."""
    values = dict(checked.values)
    values["product_id"] = values.get("product_id") or product_id or next_product_id(session)
    for money in ("cost_price", "selling_price"):
        values[money] = to_cents(values[money])
    now = utcnow()
    product = Product(**values, created_by=user.id, last_modified_by=user.id, price_updated_at=now)
    session.add(product)
    _flush(session, f"Product {product.product_id}")
    offer_log = _apply_offers(session, product, checked)
    audit.record(session, user_id=user.id, entity_type="product", entity_id=product.product_id, action="create",
                 changes={**values, **({"suppliers": offer_log} if offer_log else {}),
                          **({"opening_stock": checked.opening_stock} if checked.opening_stock else {})})
    if checked.opening_stock:
        ledger.record_movement(
            session, product_id=product.product_id, movement_type=MovementType.INBOUND,
            quantity=checked.opening_stock, user=user, reason_code=ReasonCode.OPENING_BALANCE,
            reference_type=ReferenceType.OPENING_BALANCE, reason_description="Opening stock at product creation",
        )
    return product


def _defaults(model) -> dict[str, Any]:
    """Column values a model would get by default (factories are called per row)."""
    out = {}
    for name, info in model.model_fields.items():
        if name == "id":
            continue
        out[name] = info.default_factory if info.default_factory else (
            None if info.default is PydanticUndefined else info.default)
    return out


def insert_products_bulk(session: Session, entries: list[tuple[Checked, str]], *, user: User,
                         batch: audit.AuditBatch) -> None:
    """Insert validated new products (no offers list, no opening stock) with a few multi-row INSERTs.

    A product with a primary supplier (`supplier_id`) gets that supplier's offer at its cost price.
    """
    if not entries:
        return
    now = utcnow()
    defaults = _defaults(Product)
    rows = []
    for checked, product_id in entries:
        row = {k: (v() if callable(v) else v) for k, v in defaults.items()}
        row.update(checked.values, product_id=product_id, created_by=user.id, last_modified_by=user.id,
                   price_updated_at=now, created_at=now, updated_at=now,
                   supplier_id=checked.primary.id if checked.primary else None)
        for money in ("cost_price", "selling_price"):
            row[money] = to_cents(row[money])
        rows.append(row)
    table = Product.__table__
    try:
        session.execute(insert(table), rows)  # executemany: no per-row round trip
    except IntegrityError as exc:
        raise Conflict("Products were changed by someone else during the import; please retry.") from exc
    with_primary = [row["product_id"] for row in rows if row["supplier_id"] is not None]
    ids: dict[str, int] = {}
    for start in range(0, len(with_primary), 500):
        chunk = with_primary[start:start + 500]
        ids.update({pid: pk for pk, pid in session.execute(
            select(table.c.id, table.c.product_id).where(table.c.product_id.in_(chunk)))})
    offer_defaults = _defaults(ProductSupplier)
    offer_rows = []
    for row, (checked, _) in zip(rows, entries, strict=True):
        changes = dict(row)
        if checked.primary is not None:
            changes["supplier_id"] = checked.primary.supplier_id
            offer = {k: (v() if callable(v) else v) for k, v in offer_defaults.items()}
            offer.update(product_id=ids[row["product_id"]], supplier_id=checked.primary.id, cost=row["cost_price"],
                         currency=row["currency"], lead_time_days=checked.primary.lead_time_days,
                         is_primary=True, created_at=now, updated_at=now)
            offer_rows.append(offer)
        batch.add("product", row["product_id"], "create",
                  {k: v for k, v in changes.items() if v is not None and k not in ("created_at", "updated_at")})
    if offer_rows:
        session.execute(insert(ProductSupplier.__table__), offer_rows)


def _apply_offers(session: Session, product: Product, checked: Checked) -> dict[str, Any]:
    """Upsert the offers sent with the product, then make the requested supplier primary."""
    log: dict[str, Any] = {}
    for values in checked.offers:
        _, changes = offers.apply_offer(session, product, values, default_cost=product.cost_price)
        if changes:
            log[values["supplier"].supplier_id] = changes
    if checked.primary is not None and product.supplier_id != checked.primary.id:
        _, changes = offers.apply_offer(session, product, {"supplier": checked.primary, "is_primary": True},
                                        default_cost=product.cost_price)
        log[checked.primary.supplier_id] = changes
    return log


def create_product(session: Session, *, data: Mapping[str, Any] | Any, user: User) -> Product:
    """Validate every field (all problems reported together), check uniqueness, insert, audit."""
    permissions.require(user, Perm.PRODUCT_WRITE)
    lookup = Lookup(session)
    checked = check_product(lookup, as_dict(data))
    checked.raise_if_invalid()
    product = insert_product(session, checked, user=user)
    session.flush()
    return product


def apply_update(session: Session, product: Product, checked: Checked, *, user: User,
                 batch: audit.AuditBatch | None = None) -> list[str]:
    """Write an already validated partial update; returns the changed fields as the client named them.

    With a `batch` (CSV import) the audit row is queued and nothing is flushed yet.
    """
    values = dict(checked.values)
    for money in ("cost_price", "selling_price"):
        if money in values:
            values[money] = to_cents(values[money])
    changes = audit.diff(product, values)
    offer_log = _apply_offers(session, product, checked)
    updated = [checked.name(column) for column in changes]
    if offer_log:
        changes["suppliers"] = offer_log
        primary_changed = any("is_primary" in c for c in offer_log.values())
        updated += [checked.name(f) for f in ("suppliers", "supplier_id")
                    if f in checked.paths and (f == "suppliers" or primary_changed)]
    if not changes:
        return []
    now = utcnow()
    product.updated_at = now
    product.last_modified_by = user.id
    if "cost_price" in changes or "selling_price" in changes:
        product.price_updated_at = now
    session.add(product)
    if batch is not None:
        batch.add("product", product.product_id, "update", changes)
    else:
        audit.record(session, user_id=user.id, entity_type="product", entity_id=product.product_id,
                     action="update", changes=changes)
        _flush(session, f"Product {product.product_id}")
    return list(dict.fromkeys(updated))


def update_product(session: Session, *, product_id: str, data: Mapping[str, Any] | Any, user: User) -> list[str]:
    """Partial update. Returns the names of the fields that changed (seed 000 `updated_fields`)."""
    permissions.require(user, Perm.PRODUCT_WRITE)
    product = ledger.get_product(session, normalise_code(product_id))
    checked = check_product(Lookup(session), as_dict(data), existing=product)
    checked.raise_if_invalid()
    return apply_update(session, product, checked, user=user)


def discontinue_product(session: Session, *, product_id: str, user: User) -> Product:
    """Soft delete: the product stays (history, orders and stock refer to it) but is discontinued."""
    permissions.require(user, Perm.PRODUCT_DELETE)
    product = ledger.get_product(session, normalise_code(product_id))
    if product.status != ProductStatus.DISCONTINUED:
        changes = audit.diff(product, {"status": ProductStatus.DISCONTINUED.value})
        product.updated_at = utcnow()
        product.last_modified_by = user.id
        session.add(product)
        audit.record(session, user_id=user.id, entity_type="product", entity_id=product.product_id,
                     action="discontinue", changes=changes)
        session.flush()
    return product
