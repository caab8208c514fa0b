"""The demo business's reference data: suppliers, warehouses, customers and the product
catalogue with each product's supplier offers and replenishment parameters.

Products are held column-wise (numpy arrays, index = product number - 1) because the
simulation works on whole columns; text columns are plain lists.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

import numpy as np

from .vocab import (
    BUSINESS_CUSTOMERS,
    CATEGORIES,
    CUSTOMER_CITIES,
    INDIVIDUAL_CUSTOMERS,
    STREET_NAMES,
    SUPPLIERS,
    WAREHOUSES,
)

ACTIVE, PENDING, DISCONTINUED = 0, 1, 2
STATUS_NAMES = ("active", "pending", "discontinued")
FAST, INTERMITTENT, SLOW = 0, 1, 2
PACK_SIZES = np.array([1, 2, 4, 5, 6, 10, 12, 20, 24, 25, 48, 50, 100, 200, 250, 500])


def at(day: date, seconds: int = 0) -> datetime:
    """A UTC timestamp `seconds` after midnight of `day`."""
    return datetime.combine(day, time.min, tzinfo=UTC) + timedelta(seconds=int(seconds))


def ean13(twelve_digits: str) -> str:
    """Append the EAN-13 check digit (weights 1,3,1,3... from the left)."""
    total = sum(int(c) * (3 if i % 2 else 1) for i, c in enumerate(twelve_digits))
    return twelve_digits + str((10 - total % 10) % 10)


@dataclass
class SupplierTable:
    rows: list[dict]
    lead_time: np.ndarray  # days promised
    on_time_rate: np.ndarray  # 0..1
    tax_rate: np.ndarray  # 0..0.08 applied to the PO subtotal
    shipping_fee_cents: np.ndarray
    free_shipping_cents: np.ndarray  # subtotal above which shipping is free
    order_weekdays: np.ndarray  # [supplier, weekday] True when the buyer orders from it
    by_category: dict[int, np.ndarray]  # category index -> supplier indexes


@dataclass
class Products:
    n: int
    category: np.ndarray
    demand_class: np.ndarray  # FAST / INTERMITTENT / SLOW
    status: np.ndarray  # ACTIVE / PENDING / DISCONTINUED
    cost_cents: np.ndarray
    price_cents: np.ndarray
    home_warehouse: np.ndarray
    lot_tracked: np.ndarray
    shelf_life: np.ndarray  # days, lot-tracked products only
    names: list[str]
    subcategories: list[str]
    descriptions: list[str]
    brands: list[str]
    # Filled by plan_replenishment once the expected demand is known.
    threshold: np.ndarray = field(default=None)
    reorder_qty: np.ndarray = field(default=None)
    max_stock: np.ndarray = field(default=None)  # 0 = no maximum
    primary_supplier: np.ndarray = field(default=None)
    lead_time: np.ndarray = field(default=None)  # primary offer's lead time
    moq: np.ndarray = field(default=None)  # primary offer's minimum order quantity (case pack)
    opening_home: np.ndarray = field(default=None)
    opening_second: np.ndarray = field(default=None)
    second_warehouse: np.ndarray = field(default=None)  # -1 = none
    offers: dict[str, np.ndarray] = field(default=None)
    offer_codes: list[str] = field(default=None)


def make_suppliers(rng: np.random.Generator, created: date) -> SupplierTable:
    rows, lead, on_time, tax, fee, free = [], [], [], [], [], []
    # Buyers order from each supplier on fixed weekdays: 2-3 a week domestic, weekly overseas.
    schedules = ((0, 2, 4), (1, 3), (0, 3), (1, 4), (0,), (1,))
    order_weekdays = np.zeros((len(SUPPLIERS), 7), dtype=bool)
    preferred = set(rng.choice(len(SUPPLIERS), size=5, replace=False).tolist())
    for i, spec in enumerate(SUPPLIERS):
        lead_days = int(rng.integers(spec.lead_time[0], spec.lead_time[1] + 1))
        rate = float(np.clip(rng.normal(0.92, 0.05), 0.72, 0.995))
        # Sales tax only on domestic suppliers; imports are quoted tax-free.
        tax_rate = round(float(rng.uniform(0.04, 0.08)), 4) if spec.country == "US" else 0.0
        first = str(rng.integers(2, 10))
        national = first + "".join(str(d) for d in rng.integers(0, 10, spec.national_digits - 1))
        rows.append({
            "id": i + 1,
            "supplier_id": f"SUP-{i + 1:04d}",
            "company_name": spec.company,
            "display_name": spec.company.split(" ")[0] + " " + spec.company.split(" ")[1].rstrip(","),
            "primary_contact": spec.contact,
            "email": f"orders@{spec.domain}",
            "phone": f"+{spec.dial_code}{national}",
            "website": f"https://www.{spec.domain}",
            "street": spec.street, "city": spec.city, "state": spec.state,
            "postal_code": spec.postal_code, "country": spec.country,
            "tax_id": f"{spec.country}{rng.integers(10**8, 10**9)}",
            "payment_terms": int(rng.choice([15, 30, 30, 45, 60])),
            "currency": "USD",
            "lead_time_days": lead_days,
            "minimum_order_value": float(rng.choice([0, 100, 250, 500])),
            "rating": round(float(np.clip(rng.normal(4.0, 0.6), 1.0, 5.0)), 1),
            "on_time_delivery_rate": round(rate * 100, 2),
            "quality_score": round(float(np.clip(rng.normal(4.1, 0.5), 1.0, 5.0)), 1),
            "status": "active",
            "preferred": i in preferred,
            "notes": None,
            "created_at": at(created - timedelta(days=int(rng.integers(30, 400))), 36000),
        })
        rows[-1]["updated_at"] = rows[-1]["created_at"]
        weekly = lead_days >= 10
        schedule = schedules[int(rng.integers(4, 6)) if weekly else int(rng.integers(0, 4))]
        order_weekdays[i, list(schedule)] = True
        lead.append(lead_days)
        on_time.append(rate)
        tax.append(tax_rate)
        fee.append(int(rng.integers(15, 120)) * 100)
        free.append(int(rng.choice([500, 1000, 2500])) * 100)
    codes = [c.code for c in CATEGORIES]
    by_category = {
        k: np.array([i for i, s in enumerate(SUPPLIERS) if code in s.categories])
        for k, code in enumerate(codes)
    }
    return SupplierTable(rows, np.array(lead), np.array(on_time), np.array(tax), np.array(fee),
                         np.array(free), order_weekdays, by_category)


def warehouse_rows(created: datetime) -> list[dict]:
    return [
        {"id": i + 1, "code": code, "name": name, "street": street, "city": city, "state": state,
         "postal_code": postal, "country": "US", "is_default": i == 0, "is_active": True,
         "created_at": created, "updated_at": created}
        for i, (code, name, street, city, state, postal, _share) in enumerate(WAREHOUSES)
    ]


def category_rows(created: datetime) -> list[dict]:
    return [
        {"id": i + 1, "name": c.name, "description": c.description, "is_active": True,
         "created_at": created, "updated_at": created}
        for i, c in enumerate(CATEGORIES)
    ]


def customer_rows(rng: np.random.Generator, start: date, days: int,
                  count: int = 40) -> tuple[list[dict], dict[int, int]]:
    """Customers (most already trading at the start, the rest joining over the period); also
    returns the last CUST number used per year. Payment terms are the customer service's
    vocabulary: businesses buy on account (Net15/30/45), individuals pay at once (COD/Prepaid)."""
    names = [(n, "business") for n in BUSINESS_CUSTOMERS] + [(n, "individual") for n in INDIVIDUAL_CUSTOMERS]
    pick = rng.permutation(len(names))
    rows, per_year = [], {}
    joined_later = rng.random(count) < 0.3
    joined_later[:3] = False  # someone is there to buy on the first day
    offsets = np.sort(np.where(joined_later, rng.integers(0, max(days, 1), count), rng.integers(-400, -1, count)))
    for i in range(count):
        name, kind = names[pick[i % len(names)]]
        created = start + timedelta(days=int(offsets[i]))
        per_year[created.year] = per_year.get(created.year, 0) + 1
        city, state, zip3 = CUSTOMER_CITIES[int(rng.integers(len(CUSTOMER_CITIES)))]
        street = f"{rng.integers(10, 9999)} {STREET_NAMES[int(rng.integers(len(STREET_NAMES)))]}"
        slug = "".join(ch for ch in name.lower() if ch.isalnum() or ch == " ").split()
        business = kind == "business"
        email = f"orders@{''.join(slug)[:30]}.com" if business else f"{'.'.join(slug)}@example.com"
        terms = rng.choice(["Net30", "Net30", "Net15", "Net45"]) if business else rng.choice(["COD"] * 5 + ["Prepaid"])
        rows.append({
            "id": i + 1,
            "customer_number": f"CUST-{created.year}-{per_year[created.year]:04d}",
            "customer_type": kind, "name": name,
            "email": email,
            "phone": "+1" + str(rng.integers(2, 10)) + "".join(str(d) for d in rng.integers(0, 10, 9)),
            "street": street, "city": city, "state": state,
            "postal_code": f"{zip3}{rng.integers(0, 100):02d}", "country": "US",
            "billing_street": street, "billing_city": city, "billing_state": state,
            "billing_postal_code": None, "billing_country": "US",
            # Businesses with a tax id buy for resale: no sales tax on their orders.
            "tax_id": f"US{rng.integers(10**8, 10**9)}" if business and rng.random() < 0.75 else None,
            "payment_terms": str(terms),
            # Raised later to cover what the account actually owes (sales.set_credit_limits).
            "credit_limit": float(rng.choice([5000, 10000, 25000])) if business else 0.0,
            "current_balance": 0.0, "is_active": True, "notes": None,
            "created_at": at(created, 39600), "updated_at": at(created, 39600),
        })
        rows[-1]["billing_postal_code"] = rows[-1]["postal_code"]
    return rows, per_year


def make_products(rng: np.random.Generator, n: int) -> Products:
    n_cat = len(CATEGORIES)
    category = rng.integers(0, n_cat, size=n)
    demand_class = rng.choice([FAST, INTERMITTENT, SLOW], size=n, p=[0.15, 0.35, 0.50])
    status = rng.choice([ACTIVE, PENDING, DISCONTINUED], size=n, p=[0.94, 0.02, 0.04])
    median = np.array([c.cost_median for c in CATEGORIES])[category]
    sigma = np.array([c.cost_sigma for c in CATEGORIES])[category]
    cost = np.clip(np.exp(np.log(median) + sigma * rng.standard_normal(n)), 0.5, 900.0)
    cost_cents = np.round(cost * 100).astype(np.int64)
    # Markup 20-120 %; prices above $3 end in .99 (still >= cost: markup >= 20 %).
    price = cost_cents * (1.2 + rng.uniform(0, 1.0, n))
    price_cents = np.where(price > 300, np.ceil(price / 100) * 100 - 1, np.ceil(price)).astype(np.int64)
    shares = np.array([w[-1] for w in WAREHOUSES])
    home = rng.choice(len(WAREHOUSES), size=n, p=shares / shares.sum())
    lot = np.array([c.lot_tracked for c in CATEGORIES])[category]
    low = np.array([c.shelf_life_days[0] for c in CATEGORIES])[category]
    high = np.array([c.shelf_life_days[1] for c in CATEGORIES])[category]
    shelf_life = np.where(lot, rng.integers(0, 10**6, n) % np.maximum(high - low, 1) + low, 0)

    names, subs, descs, brands = [], [], [], []
    picks = rng.integers(0, 10**6, size=(n, 5))  # subcategory, noun, adjective, variant, brand
    for i in range(n):
        spec = CATEGORIES[category[i]]
        sub = list(spec.ranges)[picks[i, 0] % len(spec.ranges)]
        words = spec.ranges[sub]
        noun = words.nouns[picks[i, 1] % len(words.nouns)]
        adjectives = spec.adjectives + words.adjectives
        adj = adjectives[picks[i, 2] % len(adjectives)]
        variant = words.variants[picks[i, 3] % len(words.variants)]
        brand = spec.brands[picks[i, 4] % len(spec.brands)]
        names.append(f"{brand} {adj} {noun}, {variant}")
        subs.append(sub)
        brands.append(brand)
        descs.append(f"{adj} {noun.lower()} by {brand} ({variant}). "
                     f"Part of our {sub.lower()} range in {spec.name}.")
    return Products(n, category, demand_class, status, cost_cents, price_cents, home, lot,
                    shelf_life, names, subs, descs, brands)


def _pack_size(rng: np.random.Generator, quantity: np.ndarray) -> np.ndarray:
    """A case pack no larger than a third of `quantity` (1 for a third of the offers)."""
    limit = np.maximum(quantity // 3, 1)
    largest = np.searchsorted(PACK_SIZES, limit, side="right") - 1
    pick = PACK_SIZES[np.minimum((rng.uniform(0.5, 1.0, quantity.size) * (largest + 1)).astype(int), largest)]
    return np.where(rng.uniform(size=quantity.size) < 0.33, 1, pick)


def plan_replenishment(rng: np.random.Generator, p: Products, suppliers: SupplierTable,
                       mean_daily: np.ndarray, lump: np.ndarray) -> None:
    """Offers, reorder points, order quantities and opening stock from the expected demand."""
    n = p.n
    # 1-3 offers per product from distinct suppliers of its category; the first is primary.
    n_offers = rng.choice([1, 2, 3], size=n, p=[0.35, 0.40, 0.25])
    offer_product, offer_supplier, offer_rank = [], [], []
    for k, candidates in suppliers.by_category.items():
        idx = np.flatnonzero(p.category == k)
        order = np.argsort(rng.uniform(size=(idx.size, candidates.size)), axis=1)
        for rank in range(3):
            has = idx[n_offers[idx] > rank]
            offer_product.append(has)
            offer_supplier.append(candidates[order[n_offers[idx] > rank, rank]])
            offer_rank.append(np.full(has.size, rank))
    prod = np.concatenate(offer_product)
    sup = np.concatenate(offer_supplier)
    rank = np.concatenate(offer_rank)
    order = np.lexsort((rank, prod))
    prod, sup, rank = prod[order], sup[order], rank[order]
    primary = rank == 0
    p.primary_supplier = np.empty(n, dtype=np.int64)
    p.primary_supplier[prod[primary]] = sup[primary]
    p.lead_time = suppliers.lead_time[p.primary_supplier]

    # The reorder point covers the lead time, the wait for the next ordering day and some
    # safety days; lumpy items keep one extra lump.
    review = 7 / suppliers.order_weekdays.sum(axis=1)[p.primary_supplier]
    safety = rng.uniform(3, 10, n)
    extra = np.where(p.demand_class == FAST, 0, np.ceil(lump))
    p.threshold = np.maximum(
        1, np.ceil(mean_daily * (p.lead_time + review + safety)) + extra).astype(np.int64)
    cover = np.select([p.demand_class == FAST, p.demand_class == INTERMITTENT],
                      [rng.uniform(10, 35, n), rng.uniform(30, 75, n)], rng.uniform(60, 180, n))
    reorder = np.maximum(np.ceil(mean_daily * cover), np.ceil(lump) + 1).astype(np.int64)
    p.moq = _pack_size(rng, reorder)
    p.reorder_qty = -(-reorder // p.moq) * p.moq
    top = p.threshold + p.reorder_qty + np.ceil(mean_daily * rng.uniform(5, 20, n)).astype(np.int64) + 2
    p.max_stock = np.where(rng.uniform(size=n) < 0.85, top, 0)

    stocked = p.status != PENDING
    opening = p.threshold + np.ceil(rng.uniform(0.2, 1.0, n) * p.reorder_qty).astype(np.int64)
    overstock = rng.uniform(size=n) < 0.02  # a clearance buy that went too far
    opening = np.where(overstock, np.maximum(top, opening) * 2, opening)
    p.opening_home = np.where(stocked, opening, 0)
    has_second = stocked & (rng.uniform(size=n) < 0.15)
    p.second_warehouse = np.where(has_second, (p.home_warehouse + rng.integers(1, 3, n)) % 3, -1)
    p.opening_second = np.where(
        has_second, np.maximum(1, np.ceil(p.threshold * rng.uniform(0.2, 0.8, n))), 0
    ).astype(np.int64)

    # Alternative offers cost a little more or less and have their supplier's lead time.
    base = p.cost_cents[prod]
    cost = np.where(primary, base, np.round(base * rng.uniform(0.92, 1.15, prod.size))).astype(np.int64)
    lead = np.where(primary, p.lead_time[prod],
                    np.maximum(1, suppliers.lead_time[sup] + rng.integers(-1, 4, prod.size)))
    moq = np.where(primary, p.moq[prod], _pack_size(rng, p.reorder_qty[prod]))
    p.offers = {"product": prod, "supplier": sup, "cost_cents": cost, "lead_time": lead,
                "moq": moq, "is_primary": primary}
    prefixes = [s["company_name"][:3].upper() for s in suppliers.rows]
    numbers = rng.integers(10000, 99999, prod.size)
    p.offer_codes = [f"{prefixes[s]}-{num}" for s, num in zip(sup.tolist(), numbers.tolist())]
