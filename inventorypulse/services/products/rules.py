"""Product field rules (seed 000): one validator for the API, the UI and CSV import.

Input may be flat (`cost_price`, as CSV columns and the UI send it) or the seed's nested shape
(`pricing.cost_price`, `inventory.reorder_threshold`, `specifications.dimensions.length`).
Issues are named the way the caller wrote the field, so an API client sees `pricing.selling_price`
and a CSV row sees `selling_price`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from ...models import Product, Supplier
from ...models.status import ProductStatus
from .. import offers
from ..errors import Conflict, FieldIssue, ValidationFailed
from ..validation import (
    BARCODE_RE,
    CURRENCY_RE,
    PRODUCT_ID_RE,
    SKU_RE,
    Checker,
    normalise_code,
)
from .lookup import Lookup

NESTED: dict[str, dict[str, Any]] = {
    "pricing": {"cost_price": "cost_price", "selling_price": "selling_price", "currency": "currency"},
    "inventory": {k: k for k in ("current_stock", "reserved_stock", "available_stock", "reorder_threshold",
                                 "reorder_quantity", "max_stock_level", "stock_unit")},
    "specifications": {"weight": "weight",
                       "dimensions": {"length": "length_cm", "width": "width_cm", "height": "height_cm"}},
}
TEXT_LIMITS = {"name": 200, "description": 1000, "subcategory": 100, "supplier_product_code": 50,
               "stock_unit": 20, "warehouse_location": 100}
FLAGS = ("seasonal", "expiration_tracking", "lot_tracking")
MEASURES = {"weight": Decimal("1e10"), "length_cm": Decimal("1e8"), "width_cm": Decimal("1e8"),
            "height_cm": Decimal("1e8")}
STOCK_FIELDS = ("current_stock", "reserved_stock", "available_stock")
WRITABLE = (
    "product_id", "name", "description", "category", "subcategory", "sku", "barcode", "supplier_id",
    "supplier_product_code", "cost_price", "selling_price", "currency", "reorder_threshold", "reorder_quantity",
    "max_stock_level", "stock_unit", *MEASURES, "warehouse_location", "storage_requirements", "tags", *FLAGS,
    "status", "suppliers",
)
IGNORED = ("last_modified_by",)  # seed 000 sends it; the signed-in user is recorded instead
UNIQUE = ("product_id", "sku", "barcode")
MAX_QUANTITY = 1_000_000_000
STOCK_REFUSAL = ("cannot be set on a product: stock changes only through the stock ledger "
                 "(POST /api/stock-movements or /api/inventory/adjust)")


def flatten(data: Mapping[str, Any]) -> tuple[dict[str, Any], dict[str, str], list[FieldIssue]]:
    """(flat values, flat name -> name as sent, shape problems)."""
    flat: dict[str, Any] = {}
    paths: dict[str, str] = {}
    problems: list[FieldIssue] = []

    def walk(mapping: Mapping[str, Any], spec: Mapping[str, Any] | None, prefix: str) -> None:
        for key, value in mapping.items():
            path = prefix + str(key)
            target = spec.get(key) if spec is not None else None
            if isinstance(target, dict):
                if value is None:
                    continue
                if not isinstance(value, Mapping):
                    problems.append(FieldIssue(path, "must be an object"))
                    continue
                walk(value, target, path + ".")
            elif prefix and target is None:
                problems.append(FieldIssue(path, "is not a product field"))
            else:
                name = target or key
                flat[name] = value
                paths[name] = path

    walk(data, NESTED, "")
    return flat, paths, problems


@dataclass
class Checked:
    """A validated product input: column values to write plus what goes around them."""

    values: dict[str, Any]
    paths: dict[str, str]
    issues: list[FieldIssue] = field(default_factory=list)
    conflicts: list[FieldIssue] = field(default_factory=list)
    offers: list[dict[str, Any]] = field(default_factory=list)
    primary: Supplier | None = None  # supplier to make primary (top-level supplier_id)
    opening_stock: int = 0

    def name(self, column: str) -> str:
        column = "category" if column == "category_id" else column
        return self.paths.get(column, column)

    def raise_if_invalid(self) -> None:
        if self.issues:
            summary = "; ".join(f"{i.field} {i.issue}" for i in self.issues[:3])
            raise ValidationFailed(f"Invalid product. {summary}", self.issues)
        if self.conflicts:
            raise Conflict("; ".join(i.issue for i in self.conflicts), self.conflicts)


def _whole(c: Checker, name: str, value: Any, minimum: int, maximum: int = MAX_QUANTITY) -> int | None:
    return offers.whole_number(c, name, value, minimum, maximum)


def _text(c: Checker, name: str, value: Any, maximum: int) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str):
        c.add(name, "must be text")
        return None
    value = value.strip() or None
    c.length(name, value, maximum)
    return value


def _string_list(c: Checker, name: str, value: Any, *, max_items: int = 20, max_len: int = 50) -> list[str]:
    if value is None:
        return []
    if not isinstance(value, (list, tuple)):
        c.add(name, "must be a list of text")
        return []
    items: list[str] = []
    for item in value:
        if not isinstance(item, str) or not item.strip():
            c.add(name, "each entry must be non-empty text")
            return []
        if len(item.strip()) > max_len:
            c.add(name, f"each entry must be at most {max_len} characters")
            return []
        if ";" in item:
            c.add(name, "entries cannot contain ';' (it separates them in CSV files)")
            return []
        if item.strip() not in items:
            items.append(item.strip())
    if len(items) > max_items:
        c.add(name, f"at most {max_items} entries")
    return items


def check_product(lookup: Lookup, data: Mapping[str, Any], *, existing: Product | None = None,
                  check_stock: bool = True) -> Checked:
    """Validate a create (existing=None) or a partial update of `existing`; never raises.

    `check_stock=False` ignores the stock columns (CSV import carries them for reference).
    """
    flat, paths, shape = flatten(data)
    out = Checked(values={}, paths=paths)
    c = Checker()
    c.issues.extend(shape)
    creating = existing is None
    n = out.name
    for key in flat:
        if key not in WRITABLE and key not in STOCK_FIELDS and key not in IGNORED:
            c.add(n(key), "is not a product field")
    given = {k: v for k, v in flat.items() if k in WRITABLE}
    v = out.values

    if check_stock:
        _check_stock(c, lookup, flat, out, creating)

    if "product_id" in given or creating:
        pid = normalise_code(given.get("product_id")) or None
        if not creating and pid is not None and pid != existing.product_id:
            c.add(n("product_id"), "cannot be changed")
        elif creating and pid is not None:
            if not isinstance(pid, str) or not PRODUCT_ID_RE.match(pid):
                c.add(n("product_id"), "must be 8-20 characters: letters, digits and hyphens")
            else:
                v["product_id"] = pid

    if "name" in given or creating:
        value = _text(c, n("name"), given.get("name"), TEXT_LIMITS["name"])
        if value is None and not _flagged(c, n("name")):
            c.add(n("name"), "is required")
        elif value is not None:
            v["name"] = value
    if "sku" in given or creating:
        value = _text(c, n("sku"), given.get("sku"), 100)
        if value is None and not _flagged(c, n("sku")):
            c.add(n("sku"), "is required")
        elif value is not None:
            value = value.upper()
            if SKU_RE.match(value):
                v["sku"] = value
            else:
                c.add(n("sku"), "must be 6-30 characters: letters, digits and hyphens")

    for name in ("description", "subcategory", "supplier_product_code", "warehouse_location"):
        if name in given:
            v[name] = _text(c, n(name), given[name], TEXT_LIMITS[name])
    if "stock_unit" in given:
        unit = _text(c, n("stock_unit"), given["stock_unit"], TEXT_LIMITS["stock_unit"])
        if unit is None:
            c.add(n("stock_unit"), "cannot be empty")
        else:
            v["stock_unit"] = unit

    if "barcode" in given:
        barcode = _text(c, n("barcode"), given["barcode"], 100)
        if barcode is not None and not BARCODE_RE.match(barcode):
            c.add(n("barcode"), "must be 4-32 letters, digits or hyphens")
        elif not _flagged(c, n("barcode")):
            v["barcode"] = barcode

    if "category" in given or creating:
        name = _text(c, n("category"), given.get("category"), 100)
        if name is None:
            c.add(n("category"), "is required")
        else:
            category = lookup.category(name)
            if category is None:
                c.add(n("category"), f"no category named '{name}': create it first (POST /api/categories)")
            elif not category.is_active and (creating or category.id != existing.category_id):
                c.add(n("category"), f"category '{category.name}' is inactive")
            else:
                v["category_id"] = category.id

    _check_prices(c, given, out, existing)
    _check_levels(c, given, out, existing)

    for name, limit in MEASURES.items():
        if name in given:
            amount = offers.money(c, n(name), given[name], required=False)
            if amount is not None and amount >= limit:
                c.add(n(name), "is too large")
            if not _flagged(c, n(name)):
                v[name] = amount
    for name in ("tags", "storage_requirements"):
        if name in given:
            v[name] = _string_list(c, n(name), given[name])
    for name in FLAGS:
        if name in given:
            flag = offers.flag(c, n(name), given[name])
            if flag is not None:
                v[name] = flag
    if "status" in given or creating:
        status = given.get("status")
        if status is None and creating:
            status = ProductStatus.ACTIVE
        if status not in list(ProductStatus):
            c.add(n("status"), f"must be one of: {', '.join(ProductStatus)}")
        else:
            v["status"] = status

    _check_suppliers(c, lookup, given, out)
    out.issues = c.issues
    for name in UNIQUE:  # only values that passed their format rules are in `v`
        value = v.get(name)
        owner = lookup.owner(name, value) if value else None
        if owner is not None and (creating or owner[0] != existing.id):
            what = "already exists" if name == "product_id" else f"is already used by product {owner[1]}"
            out.conflicts.append(FieldIssue(n(name), f"{name} {value} {what}"))
    return out


def _flagged(c: Checker, name: str) -> bool:
    return any(i.field == name for i in c.issues)


def _check_stock(c: Checker, lookup: Lookup, flat: dict, out: Checked, creating: bool) -> None:
    for name in STOCK_FIELDS:
        if name not in flat or flat[name] is None:
            continue
        if not creating or name != "current_stock":
            if creating and flat[name] in (0, "0"):
                continue  # a new product has nothing reserved: "0" says the same
            c.add(out.name(name), STOCK_REFUSAL)
            continue
        qty = _whole(c, out.name(name), flat[name], 0)
        if qty:
            if flat.get("lot_tracking") or flat.get("expiration_tracking"):
                c.add(out.name(name), "opening stock of lot- or expiry-tracked products must be received "
                                      "with its lot through POST /api/stock-movements")
            elif lookup.default_warehouse() is None:
                c.add(out.name(name), "no active warehouse to hold the opening stock")
            else:
                out.opening_stock = qty


def _check_prices(c: Checker, given: dict, out: Checked, existing: Product | None) -> None:
    n, v = out.name, out.values
    creating = existing is None
    for name in ("cost_price", "selling_price"):
        if name in given or creating:
            amount = offers.money(c, n(name), given.get(name))
            if amount is not None and not _flagged(c, n(name)):
                v[name] = amount
    if "currency" in given:
        currency = normalise_code(given["currency"])
        if not isinstance(currency, str) or not CURRENCY_RE.match(currency):
            c.add(n("currency"), "must be a 3-letter ISO 4217 code")
        else:
            v["currency"] = currency
    cost = v.get("cost_price", None if creating else existing.cost_price)
    selling = v.get("selling_price", None if creating else existing.selling_price)
    if cost is not None and selling is not None and selling < cost and ("cost_price" in v or "selling_price" in v):
        c.add(n("selling_price"), f"must be at least the cost price ({cost})")


def _check_levels(c: Checker, given: dict, out: Checked, existing: Product | None) -> None:
    n, v = out.name, out.values
    for name in ("reorder_threshold", "reorder_quantity"):
        if name in given:
            value = _whole(c, n(name), given[name], 1)
            if value is not None:
                v[name] = value
    if "max_stock_level" in given:
        if given["max_stock_level"] is None or given["max_stock_level"] == "":
            v["max_stock_level"] = None
        else:
            value = _whole(c, n("max_stock_level"), given["max_stock_level"], 1)
            if value is not None:
                v["max_stock_level"] = value
    threshold = v.get("reorder_threshold", existing.reorder_threshold if existing else 10)
    maximum = v.get("max_stock_level", existing.max_stock_level if existing else None)
    if maximum is not None and threshold is not None and maximum < threshold:
        c.add(n("max_stock_level"), f"must be at least the reorder threshold ({threshold})")


def _check_suppliers(c: Checker, lookup: Lookup, given: dict, out: Checked) -> None:
    """Offers given with the product, and the primary supplier (`supplier_id`)."""
    n = out.name
    primary_code = None
    if given.get("supplier_id") is not None:
        primary_code = normalise_code(given["supplier_id"])
        out.primary = lookup.supplier(primary_code) if isinstance(primary_code, str) else None
        if out.primary is None:
            c.add(n("supplier_id"), f"no supplier {given['supplier_id']}")
    if "suppliers" not in given or given["suppliers"] is None:
        return
    if not isinstance(given["suppliers"], (list, tuple)):
        c.add(n("suppliers"), "must be a list of offers")
        return
    seen: set[str] = set()
    marked = []
    for i, raw in enumerate(given["suppliers"]):
        prefix = f"{n('suppliers')}[{i}]."
        if not isinstance(raw, Mapping):
            c.add(prefix[:-1], "must be an object")
            continue
        # cost may be left out here: a new offer then takes the product's cost price
        values = offers.check_offer(c, raw, find_supplier=lookup.supplier, prefix=prefix, creating=False)
        supplier = values.get("supplier")
        if supplier is None:
            continue
        if supplier.supplier_id in seen:
            c.add(prefix + "supplier_id", f"supplier {supplier.supplier_id} is listed twice")
        seen.add(supplier.supplier_id)
        if values.get("is_primary"):
            marked.append(supplier)
        out.offers.append(values)
    if len(marked) > 1:
        c.add(n("suppliers"), "only one offer can be primary")
    elif marked and primary_code and marked[0].supplier_id != primary_code:
        c.add(n("supplier_id"), f"must be the primary offer's supplier ({marked[0].supplier_id})")
