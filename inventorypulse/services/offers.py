"""Supplier offers for products (seed 002 product_suppliers) and best-supplier selection.

A product has at most one primary offer, and `products.supplier_id` always names that offer's
supplier. Scoring is a pure function (`score_offers`) so it can be tested with hand-computed numbers.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from sqlmodel import Session, select

from ..models import Product, ProductSupplier, Supplier, User
from ..models.base import utcnow
from ..models.status import SupplierStatus
from . import audit, permissions
from .errors import NotFound, ValidationFailed
from .ledger import get_product
from .permissions import Perm
from .validation import CURRENCY_RE, Checker, normalise_code, to_cents

OFFER_FIELDS = ("supplier_id", "cost", "currency", "lead_time_days", "min_order_quantity",
                "supplier_product_code", "is_primary", "is_active")
MAX_LEAD_TIME_DAYS = 3650
MAX_MOQ = 10_000_000


# --- validation and writes -------------------------------------------------------------------

def whole_number(c: Checker, name: str, value: Any, minimum: int, maximum: int) -> int | None:
    """A whole number (also from a digit string, as CSV cells arrive) within bounds."""
    if isinstance(value, bool) or value is None:
        c.add(name, "must be a whole number")
        return None
    if isinstance(value, str):
        try:
            value = int(value.strip())
        except ValueError:
            c.add(name, "must be a whole number")
            return None
    if isinstance(value, float):
        if not value.is_integer():
            c.add(name, "must be a whole number")
            return None
        value = int(value)
    if not isinstance(value, int):
        c.add(name, "must be a whole number")
        return None
    c.int_range(name, value, minimum, maximum)
    return value


def money(c: Checker, name: str, value: Any, *, required: bool = True) -> Decimal | None:
    """Checker.money, plus huge numbers (beyond Decimal's 28 digits) reported instead of raising."""
    try:
        return c.money(name, value, required=required)
    except InvalidOperation:
        c.add(name, "is too large")
        return None


def flag(c: Checker, name: str, value: Any) -> bool | None:
    if not isinstance(value, bool):
        c.add(name, "must be true or false")
        return None
    return value


def check_offer(c: Checker, data: Mapping[str, Any], *, find_supplier: Callable[[str], Supplier | None],
                prefix: str = "", creating: bool = True) -> dict[str, Any]:
    """Validate one offer; issues go to `c` named `prefix + field`. Returns the values given.

    `cost_per_unit` (seed 000's name) is accepted for `cost`; `creating` makes cost required.
    apply_offer fills the rest of a new offer: the product's currency, the supplier's lead time, MOQ 1.
    """
    data = dict(data)
    if "cost_per_unit" in data and "cost" not in data:
        data["cost"] = data.pop("cost_per_unit")
    for key in data:
        if key not in OFFER_FIELDS:
            c.add(prefix + key, "is not an offer field")
    values: dict[str, Any] = {}
    code = normalise_code(data.get("supplier_id"))
    if c.require(prefix + "supplier_id", code):
        supplier = find_supplier(code) if isinstance(code, str) else None
        if supplier is None:
            c.add(prefix + "supplier_id", f"no supplier {code}")
        values["supplier"] = supplier
    if "cost" in data or creating:
        values["cost"] = money(c, prefix + "cost", data.get("cost"))
    if data.get("currency") is not None:
        currency = normalise_code(data["currency"])
        if not isinstance(currency, str) or not CURRENCY_RE.match(currency):
            c.add(prefix + "currency", "must be a 3-letter ISO 4217 code")
        else:
            values["currency"] = currency
    if data.get("lead_time_days") is not None:
        values["lead_time_days"] = whole_number(c, prefix + "lead_time_days", data["lead_time_days"], 0,
                                                MAX_LEAD_TIME_DAYS)
    if data.get("min_order_quantity") is not None:
        values["min_order_quantity"] = whole_number(c, prefix + "min_order_quantity", data["min_order_quantity"],
                                                    1, MAX_MOQ)
    if "supplier_product_code" in data:
        spc = data["supplier_product_code"]
        if spc is not None and not isinstance(spc, str):
            c.add(prefix + "supplier_product_code", "must be text")
        else:
            spc = (spc or "").strip() or None
            c.length(prefix + "supplier_product_code", spc, 50)
            values["supplier_product_code"] = spc
    for name in ("is_primary", "is_active"):
        if data.get(name) is not None:
            values[name] = flag(c, prefix + name, data[name])
    return values


def _offers_of(session: Session, product: Product) -> list[ProductSupplier]:
    return list(session.exec(select(ProductSupplier).where(ProductSupplier.product_id == product.id)).all())


def set_primary(session: Session, product: Product, offer: ProductSupplier | None) -> None:
    """Make `offer` the product's only primary offer (None: the product has no primary supplier)."""
    for other in _offers_of(session, product):
        if other.is_primary and (offer is None or other.id != offer.id):
            other.is_primary = False
            session.add(other)
    if offer is not None:
        offer.is_primary = True
        offer.is_active = True
        session.add(offer)
    product.supplier_id = offer.supplier_id if offer is not None else None
    session.add(product)


def apply_offer(session: Session, product: Product, values: dict[str, Any], *,
                default_cost: Decimal | None = None) -> tuple[ProductSupplier, dict[str, Any]]:
    """Create or update the offer of `values["supplier"]`; returns it and what changed.

    An offer marked primary replaces the old primary; a product without a primary supplier takes
    its first active offer as primary, so a product with offers always has exactly one.
    """
    supplier: Supplier = values["supplier"]
    offer = session.exec(
        select(ProductSupplier).where(ProductSupplier.product_id == product.id,
                                      ProductSupplier.supplier_id == supplier.id)
    ).first()
    updates = {k: v for k, v in values.items() if k not in ("supplier", "is_primary")}
    if updates.get("cost") is not None:
        updates["cost"] = to_cents(updates["cost"])
    if offer is None:
        def given(key, default):
            return updates[key] if updates.get(key) is not None else default

        offer = ProductSupplier(
            product_id=product.id, supplier_id=supplier.id,
            cost=given("cost", to_cents(default_cost or Decimal(0))), currency=given("currency", product.currency),
            lead_time_days=given("lead_time_days", supplier.lead_time_days),
            min_order_quantity=given("min_order_quantity", 1),
            supplier_product_code=updates.get("supplier_product_code"), is_active=given("is_active", True),
        )
        changes: dict[str, Any] = {"created": True, "cost": str(offer.cost), "lead_time_days": offer.lead_time_days,
                                   "min_order_quantity": offer.min_order_quantity}
        session.add(offer)
        session.flush()
    else:
        changes = audit.diff(offer, updates)
        if changes:
            offer.updated_at = utcnow()
    if values.get("is_primary") is True or (product.supplier_id is None and offer.is_active):
        if product.supplier_id != supplier.id or not offer.is_primary:
            changes["is_primary"] = {"from": offer.is_primary, "to": True}
        set_primary(session, product, offer)
    session.add(offer)
    return offer, changes


def _check_primary_rules(product: Product, offer: ProductSupplier | None, values: dict[str, Any]) -> None:
    """The primary offer can only stop being primary by another offer becoming primary."""
    if offer is None or product.supplier_id != offer.supplier_id:
        return
    if values.get("is_primary") is False:
        raise ValidationFailed.for_field(
            "is_primary", "a product keeps one primary supplier: mark another offer primary instead")
    if values.get("is_active") is False:
        raise ValidationFailed.for_field(
            "is_active", "the primary offer cannot be deactivated: mark another offer primary first")


def find_supplier(session: Session) -> Callable[[str], Supplier | None]:
    return lambda code: session.exec(select(Supplier).where(Supplier.supplier_id == code)).first()


@dataclass
class SavedOffer:
    offer: ProductSupplier
    supplier: Supplier
    created: bool


def upsert_offer(session: Session, *, product_id: str, data: Mapping[str, Any] | Any, user: User) -> SavedOffer:
    """Add or update a supplier's offer for a product."""
    permissions.require(user, Perm.PRODUCT_WRITE)
    if hasattr(data, "model_dump"):
        data = data.model_dump(exclude_unset=True)
    product = get_product(session, normalise_code(product_id))
    existing_codes = {s.supplier_id: o for o, s in list_offers(session, product_id=product.product_id)}
    code = normalise_code(data.get("supplier_id"))
    creating = code not in existing_codes
    c = Checker()
    values = check_offer(c, data, find_supplier=find_supplier(session), creating=creating)
    c.done("Invalid supplier offer.")
    _check_primary_rules(product, existing_codes.get(code), values)
    offer, changes = apply_offer(session, product, values, default_cost=product.cost_price)
    if changes:
        audit.record(session, user_id=user.id, entity_type="product_supplier",
                     entity_id=f"{product.product_id}/{code}"[:40], action="create" if creating else "update",
                     changes=changes)
    session.flush()
    return SavedOffer(offer, values["supplier"], creating)


def remove_offer(session: Session, *, product_id: str, supplier_id: str, user: User) -> None:
    """Delete an offer. Removing the primary promotes the cheapest remaining active offer."""
    permissions.require(user, Perm.PRODUCT_WRITE)
    product = get_product(session, normalise_code(product_id))
    code = normalise_code(supplier_id)
    offers = list_offers(session, product_id=product.product_id)
    match = [o for o, s in offers if s.supplier_id == code]
    if not match:
        raise NotFound(f"Product {product.product_id} has no offer from supplier {code}.")
    offer = match[0]
    was_primary = product.supplier_id == offer.supplier_id
    session.delete(offer)
    session.flush()
    promoted = None
    if was_primary:
        rest = sorted((o for o, s in offers if o.id != offer.id and o.is_active
                       and s.status == SupplierStatus.ACTIVE),
                      key=lambda o: (o.cost, o.lead_time_days, o.id))
        promoted = rest[0] if rest else None
        set_primary(session, product, promoted)
    audit.record(session, user_id=user.id, entity_type="product_supplier",
                 entity_id=f"{product.product_id}/{code}"[:40], action="delete",
                 changes={"cost": offer.cost, "was_primary": was_primary,
                          "new_primary_offer_id": promoted.id if promoted else None})
    session.flush()


def list_offers(session: Session, *, product_id: str) -> list[tuple[ProductSupplier, Supplier]]:
    """A product's offers with their suppliers, primary first then cheapest."""
    return product_offers(session, product_id=product_id)[1]


def product_offers(session: Session, *,
                   product_id: str) -> tuple[Product, list[tuple[ProductSupplier, Supplier]]]:
    """The product and its offers with their suppliers, primary first then cheapest."""
    product = get_product(session, normalise_code(product_id))
    return product, list(session.exec(
        select(ProductSupplier, Supplier).join(Supplier, Supplier.id == ProductSupplier.supplier_id)
        .where(ProductSupplier.product_id == product.id)
        .order_by(ProductSupplier.is_primary.desc(), ProductSupplier.cost, Supplier.supplier_id)
    ).all())


# --- best supplier (seed 002 "Supplier Selection Logic") -------------------------------------

NORMAL_WEIGHTS = {"cost": 0.4, "lead_time": 0.3, "reliability": 0.2, "moq": 0.1}
# Seed 002 raises lead time to 0.6 and lowers cost to 0.2 for urgent orders but keeps reliability
# 0.2 and MOQ 0.1, which sums to 1.1; we divide by that sum so a score still tops out at 100.
_HIGH_RAW = {"cost": 0.2, "lead_time": 0.6, "reliability": 0.2, "moq": 0.1}
HIGH_WEIGHTS = {k: v / sum(_HIGH_RAW.values()) for k, v in _HIGH_RAW.items()}
WEIGHTS = {"normal": NORMAL_WEIGHTS, "high": HIGH_WEIGHTS}


@dataclass(frozen=True)
class Candidate:
    supplier_id: str
    supplier_name: str
    cost: Decimal
    lead_time_days: int
    min_order_quantity: int
    reliability: float  # 0..1 in absolute terms (on-time rate, else rating / 5)
    reliability_note: str = ""
    currency: str = "USD"
    is_primary: bool = False


@dataclass
class ScoredOffer:
    candidate: Candidate
    score: float  # 0..100
    components: dict[str, float]  # each criterion normalised to 0..1 (best candidate = 1)
    order_quantity: int  # the requested quantity raised to the MOQ
    total_cost: Decimal
    reasons: list[str] = field(default_factory=list)
    within_budget: bool | None = None


def money_text(amount: Decimal, currency: str) -> str:
    return f"${amount:,.2f}" if currency == "USD" else f"{amount:,.2f} {currency}"


def _ratio(best: float, value: float) -> float:
    """best/value, so the best candidate scores 1 and one twice as bad scores 0.5."""
    if value <= 0:
        return 1.0
    return best / value


def score_offers(candidates: list[Candidate], *, quantity: int, urgency: str = "normal",
                 budget: Decimal | None = None) -> list[ScoredOffer]:
    """Score offers on cost, lead time, reliability and MOQ fit; best first.

    Cost: cheapest / cost. Lead time: (fastest + 1) / (days + 1), the +1 so same-day suppliers
    don't divide by zero. Reliability: relative to the most reliable candidate. MOQ: 1 when the
    requested quantity meets it, otherwise quantity / MOQ (you would have to buy more).
    """
    if urgency not in WEIGHTS:
        raise ValidationFailed.for_field("urgency", f"must be one of: {', '.join(WEIGHTS)}")
    if quantity < 1:
        raise ValidationFailed.for_field("quantity", "must be 1 or more")
    if not candidates:
        return []
    weights = WEIGHTS[urgency]
    cheapest = min(float(c.cost) for c in candidates)
    fastest = min(c.lead_time_days for c in candidates)
    most_reliable = max(c.reliability for c in candidates)
    scored = []
    for cand in candidates:
        cost = float(cand.cost)
        components = {
            "cost": 1.0 if cost == cheapest else (0.0 if cheapest == 0 else _ratio(cheapest, cost)),
            "lead_time": (fastest + 1) / (cand.lead_time_days + 1),
            "reliability": cand.reliability / most_reliable if most_reliable > 0 else 1.0,
            "moq": 1.0 if quantity >= cand.min_order_quantity else quantity / cand.min_order_quantity,
        }
        score = 100 * sum(weights[k] * components[k] for k in weights)
        order_qty = max(quantity, cand.min_order_quantity)
        total = to_cents(cand.cost * order_qty)
        reasons = _reasons(cand, components, quantity=quantity, cheapest=Decimal(str(cheapest)), fastest=fastest)
        within = None
        if budget is not None:
            within = total <= budget
            reasons.append("within budget" if within else
                           f"over budget by {money_text(total - budget, cand.currency)}")
        scored.append(ScoredOffer(cand, score, components, order_qty, total, reasons, within))
    scored.sort(key=lambda s: (-round(s.score, 9), not s.candidate.is_primary, s.candidate.cost,
                               s.candidate.supplier_id))
    return scored


def _reasons(cand: Candidate, comp: dict[str, float], *, quantity: int, cheapest: Decimal,
             fastest: int) -> list[str]:
    reasons = ["primary supplier"] if cand.is_primary else []
    if comp["cost"] == 1.0:
        reasons.append(f"cheapest at {money_text(cand.cost, cand.currency)}")
    else:
        extra = (cand.cost / cheapest - 1) * 100 if cheapest else Decimal(0)
        reasons.append(f"costs {money_text(cand.cost, cand.currency)}, {extra:.0f}% more than the cheapest "
                       f"({money_text(to_cents(cheapest), cand.currency)})")
    if cand.lead_time_days == fastest:
        reasons.append(f"fastest delivery ({cand.lead_time_days} days)")
    else:
        reasons.append(f"lead time {cand.lead_time_days} days, {cand.lead_time_days - fastest} more than the fastest")
    if cand.reliability_note:
        reasons.append(cand.reliability_note)
    if quantity >= cand.min_order_quantity:
        reasons.append(f"meets MOQ of {cand.min_order_quantity}")
    else:
        reasons.append(f"MOQ {cand.min_order_quantity} exceeds requested {quantity}")
    return reasons


def reliability_of(supplier: Supplier) -> tuple[float, str]:
    """On-time delivery rate when known, otherwise the 1-5 rating."""
    if supplier.on_time_delivery_rate is not None:
        rate = float(supplier.on_time_delivery_rate)
        return rate / 100, f"on-time delivery {rate:g}%"
    rating = float(supplier.rating or 3)
    return rating / 5, f"rating {rating:g}/5"


def offer_candidate(supplier: Supplier, *, cost: Decimal, lead_time_days: int, min_order_quantity: int,
                    currency: str, is_primary: bool) -> Candidate | None:
    """A supplier's (active) offer as a candidate for `score_offers`; None when the supplier is not active."""
    if supplier.status != SupplierStatus.ACTIVE:
        return None
    reliability, note = reliability_of(supplier)
    return Candidate(supplier_id=supplier.supplier_id, supplier_name=supplier.display_name or supplier.company_name,
                     cost=cost, lead_time_days=lead_time_days, min_order_quantity=min_order_quantity,
                     reliability=reliability, reliability_note=note, currency=currency, is_primary=is_primary)


@dataclass
class BestSupplier:
    product: Product
    quantity: int
    urgency: str
    weights: dict[str, float]
    ranked: list[ScoredOffer]

    @property
    def recommended(self) -> ScoredOffer | None:
        return self.ranked[0] if self.ranked else None


def best_supplier(session: Session, *, product_id: str, quantity: int | None = None, urgency: str = "normal",
                  budget: Decimal | None = None) -> BestSupplier:
    """Rank a product's active offers from active suppliers (quantity defaults to the reorder quantity)."""
    product, rows = product_offers(session, product_id=product_id)
    qty = quantity if quantity is not None else product.reorder_quantity
    candidates = [c for offer, supplier in rows if offer.is_active and (c := offer_candidate(
        supplier, cost=offer.cost, lead_time_days=offer.lead_time_days, min_order_quantity=offer.min_order_quantity,
        currency=offer.currency, is_primary=offer.supplier_id == product.supplier_id)) is not None]
    ranked = score_offers(candidates, quantity=qty, urgency=urgency, budget=budget)
    return BestSupplier(product, qty, urgency, WEIGHTS[urgency], ranked)
