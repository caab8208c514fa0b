"""Finding the product, supplier or category a person means, through the services' searches.

People type names ("the disinfecting wipes"), SKUs or ids; each resolver tries the exact forms
first, then a word match, and refuses (listing the candidates) rather than guessing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlmodel import Session

from ..models import Category, Product, Supplier
from ..services import categories, products, suppliers
from ..services.errors import NotFound, ValidationFailed
from ..services.products import ProductFilters

WORD_RE = re.compile(r"[a-z0-9][a-z0-9\-]*")
CANDIDATES = 100  # products fetched for the rarest word before scoring


def stem(word: str) -> str:
    """Plural to singular, enough for product nouns: wipes -> wipe, wrenches -> wrench."""
    word = word.lower()
    if len(word) > 4 and word.endswith(("ches", "shes", "sses", "xes")):
        return word[:-2]
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


def words_of(text: str) -> list[str]:
    return WORD_RE.findall(text.lower())


@dataclass
class ProductMatch:
    product: Product
    score: int  # how many of the searched words its name (or SKU) contains
    category: str


def _name_stems(product: Product) -> set[str]:
    return {stem(w) for w in words_of(f"{product.name} {product.sku}")}


def match_products(session: Session, terms: list[str]) -> list[ProductMatch]:
    """Products whose names contain the most of `terms` (already stemmed), best first.

    The rarest term (fewest products contain it) picks the candidates: a few cheap counts
    instead of scanning the catalogue."""
    terms = [t for t in dict.fromkeys(terms) if len(t) >= 3]
    counts = []
    for term in terms:
        page = products.list_products(session, filters=ProductFilters(search=term), limit=1)
        if page.total:
            counts.append((page.total, term))
    if not counts:
        return []
    _, rarest = min(counts)
    page = products.list_products(session, filters=ProductFilters(search=rarest), limit=CANDIDATES)
    matches = []
    for product, category, _supplier in page.items:
        stems = _name_stems(product)
        score = sum(1 for t in terms if t in stems or any(s.startswith(t) for s in stems))
        if score:
            matches.append(ProductMatch(product, score, category))
    matches.sort(key=lambda m: (-m.score, len(m.product.name), m.product.product_id))
    return matches


def best_match(matches: list[ProductMatch], searched: int) -> ProductMatch | None:
    """The one clear winner: the top score, unshared, covering at least half the searched words."""
    if not matches:
        return None
    top = matches[0]
    if top.score * 2 < searched or (len(matches) > 1 and matches[1].score == top.score):
        return None
    return top


def _candidates_text(matches: list[ProductMatch], limit: int = 5) -> str:
    return "; ".join(f"{m.product.name} ({m.product.product_id})" for m in matches[:limit])


def resolve_product(session: Session, ref: str, *, field: str = "product") -> Product:
    """A product by id, SKU, barcode or name; NotFound or a field error listing the candidates."""
    ref = (ref or "").strip()
    if not ref:
        raise ValidationFailed.for_field(field, "is required")
    try:
        return products.find_product(session, product_id=ref)
    except NotFound:
        pass
    page = products.list_products(session, filters=ProductFilters(search=ref), limit=10)
    lowered = ref.lower()
    for product, _, _ in page.items:
        if lowered in (product.sku.lower(), (product.barcode or "").lower(), product.name.lower()):
            return product
    if page.total == 1:
        return page.items[0][0]
    if page.total > 1:
        names = "; ".join(f"{p.name} ({p.product_id})" for p, _, _ in page.items[:5])
        raise ValidationFailed.for_field(field, f"'{ref}' matches {page.total} products ({names}); "
                                                "give the product id")
    terms = [stem(w) for w in words_of(ref)]
    matches = match_products(session, terms)
    winner = best_match(matches, len([t for t in terms if len(t) >= 3]))
    if winner is not None:
        return winner.product
    if matches:
        raise ValidationFailed.for_field(field, f"'{ref}' could be several products ({_candidates_text(matches)}); "
                                                "give the product id")
    raise NotFound(f"No product matches '{ref}'.")


def resolve_supplier(session: Session, ref: str, *, field: str = "supplier") -> Supplier:
    """A supplier by id (SUP-0001) or by a unique part of its name."""
    ref = (ref or "").strip()
    if not ref:
        raise ValidationFailed.for_field(field, "is required")
    try:
        return suppliers.get_supplier(session, ref)
    except NotFound:
        pass
    page = suppliers.list_suppliers(session, search=ref, limit=10)
    if page.total == 1:
        return page.items[0]
    if page.total > 1:
        names = "; ".join(f"{s.company_name} ({s.supplier_id})" for s in page.items[:5])
        raise ValidationFailed.for_field(field, f"'{ref}' matches {page.total} suppliers ({names})")
    raise NotFound(f"No supplier matches '{ref}'.")


def all_categories(session: Session) -> list[Category]:
    return [c for c, _ in categories.list_categories(session, limit=100).items]


def resolve_category(session: Session, ref: str, *, field: str = "category") -> str:
    """The exact category name for `ref` (case-insensitive, singular or plural)."""
    wanted = stem(ref.strip())
    for c in all_categories(session):
        if c.name.lower() == ref.strip().lower() or stem(c.name) == wanted:
            return c.name
    names = ", ".join(c.name for c in all_categories(session))
    raise ValidationFailed.for_field(field, f"no category '{ref}' (categories: {names})")
