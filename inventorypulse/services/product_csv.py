"""Product CSV export and all-or-nothing import (usable from the API and the UI).

Import upserts by product_id (known id: update, new or empty id: create with the next PRD-nnnnnn)
using the same rules as the API. Every row is checked before anything is written: one bad row
rejects the whole file with every problem named "row N: field" (the header is row 1).
Empty cells mean "leave as is" on updates and "use the default" on creates. The stock columns
are exported for reference and ignored on import: stock changes only through the ledger.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass, field

from sqlmodel import Session, select

from ..models import Category, Product, Supplier, User
from ..models.base import utcnow
from . import permissions
from .audit import AuditBatch
from .errors import DomainError, FieldIssue, ValidationFailed
from .permissions import Perm
from .products import (
    Lookup,
    ProductFilters,
    apply_update,
    check_product,
    filtered_query,
    next_product_id,
)
from .products.write import insert_products_bulk
from .validation import normalise_code

EXPORT_COLUMNS = (
    "product_id", "sku", "name", "category", "subcategory", "barcode", "cost_price", "selling_price", "currency",
    "reorder_threshold", "reorder_quantity", "max_stock_level", "status", "current_stock", "available_stock",
    "supplier_id", "tags",
)
IGNORED_COLUMNS = ("current_stock", "available_stock")
EXTRA_COLUMNS = (
    "description", "supplier_product_code", "stock_unit", "weight", "length_cm", "width_cm", "height_cm",
    "warehouse_location", "storage_requirements", "seasonal", "expiration_tracking", "lot_tracking",
)
IMPORT_COLUMNS = EXPORT_COLUMNS + EXTRA_COLUMNS
LIST_COLUMNS = ("tags", "storage_requirements")  # ";"-joined in a cell
BOOL_COLUMNS = ("seasonal", "expiration_tracking", "lot_tracking")
TRUE, FALSE = ("true", "yes", "1", "y"), ("false", "no", "0", "n")
MAX_ROWS = 10_000
MAX_BYTES = 5 * 1024 * 1024
MAX_LISTED_ISSUES = 1000
EXPORT_BATCH = 1000


class PayloadTooLarge(DomainError):
    code = "PAYLOAD_TOO_LARGE"
    status = 413


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0  # existing products that changed
    unchanged: int = 0  # rows matching an existing product exactly
    product_ids: list[str] = field(default_factory=list)  # in file order


# --- export ----------------------------------------------------------------------------------

def export_csv(session: Session, *, filters: ProductFilters) -> Iterator[str]:
    """The filtered list as CSV text chunks (header first), read in batches, never all at once.

    Bad filters raise here, before the first chunk, so an HTTP response can still be an error.
    """
    stmt = filtered_query(filters).with_only_columns(
        Product.product_id, Product.sku, Product.name, Category.name, Product.subcategory, Product.barcode,
        Product.cost_price, Product.selling_price, Product.currency, Product.reorder_threshold,
        Product.reorder_quantity, Product.max_stock_level, Product.status, Product.current_stock,
        Product.current_stock - Product.reserved_stock, Supplier.supplier_id, Product.tags,
        maintain_column_froms=True,
    )
    return _csv_chunks(session, stmt)


def _csv_chunks(session: Session, stmt) -> Iterator[str]:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(EXPORT_COLUMNS)
    result = session.execute(stmt.execution_options(yield_per=EXPORT_BATCH))
    for rows in result.partitions():
        for row in rows:
            cells = list(row)
            cells[-1] = ";".join(cells[-1] or [])
            writer.writerow("" if v is None else v for v in cells)
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
    if buffer.tell():
        yield buffer.getvalue()


# --- import ----------------------------------------------------------------------------------

def _cell_values(cells: dict[str, str]) -> dict:
    """Cells to product input: empty cells are left out, lists split on ';', yes/no to booleans."""
    data: dict = {}
    for column, raw in cells.items():
        value = (raw or "").strip()
        if column in IGNORED_COLUMNS or value == "":
            continue
        if column in LIST_COLUMNS:
            data[column] = [part.strip() for part in value.split(";") if part.strip()]
        elif column in BOOL_COLUMNS:
            lowered = value.lower()
            data[column] = True if lowered in TRUE else False if lowered in FALSE else value
        else:
            data[column] = value
    return data


def _read(text: str) -> tuple[list[tuple[int, dict[str, str]]], list[FieldIssue]]:
    """([(row number, {column: cell})], problems with the file's shape). The header is row 1."""
    if len(text.encode("utf-8")) > MAX_BYTES:
        raise PayloadTooLarge(f"The file is larger than {MAX_BYTES // (1024 * 1024)} MB; split it into smaller files.",
                              [FieldIssue("file", f"must be at most {MAX_BYTES // (1024 * 1024)} MB")])
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff")))  # Excel writes a byte-order mark
    problems: list[FieldIssue] = []
    try:
        header = [h.strip().lower() for h in next(reader, [])]
        if not any(header):
            raise ValidationFailed.for_field("file", "is empty: the first row must name the columns")
        for position, column in enumerate(header, start=1):
            if column not in IMPORT_COLUMNS:
                problems.append(FieldIssue(f"row 1: {column or f'column {position}'}",
                                           f"unknown column; use: {', '.join(IMPORT_COLUMNS)}"))
            elif header.index(column) != position - 1:
                problems.append(FieldIssue(f"row 1: {column}", "appears twice"))
        rows = []
        for number, record in enumerate(reader, start=2):
            if not any(cell.strip() for cell in record):
                continue
            if len(rows) >= MAX_ROWS:
                raise PayloadTooLarge(f"The file has more than {MAX_ROWS:,} rows; split it into smaller files.",
                                      [FieldIssue("file", f"must have at most {MAX_ROWS:,} rows")])
            if len(record) > len(header):
                problems.append(FieldIssue(f"row {number}",
                                           f"has {len(record)} cells but the header has {len(header)}"))
            rows.append((number, dict(zip(header, record, strict=False))))
    except csv.Error as exc:
        raise ValidationFailed.for_field(f"row {reader.line_num}", f"is not valid CSV: {exc}") from exc
    return rows, problems


def _id_generator(session: Session, *, taken: set[str]) -> Iterator[str]:
    """PRD-nnnnnn ids for rows without one: one query, then counting up past ids the file uses."""
    number = int(next_product_id(session, taken=taken)[4:])
    while True:
        pid = f"PRD-{number:06d}"
        if pid not in taken:
            yield pid
        number += 1


def parse_and_import(session: Session, *, text: str, user: User) -> ImportReport:
    """Validate every row, then create/update them all in the caller's transaction, or nothing."""
    permissions.require(user, Perm.PRODUCT_WRITE)
    rows, issues = _read(text)
    lookup = Lookup(session)
    entries = [(number, _cell_values(cells)) for number, cells in rows]
    ids = [normalise_code(d.get("product_id")) for _, d in entries if d.get("product_id")]
    existing: dict[str, Product] = {}
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        existing.update({p.product_id: p for p in session.exec(select(Product).where(Product.product_id.in_(chunk)))})
    lookup.preload("product_id", ids)
    lookup.preload("sku", [str(d["sku"]).strip().upper() for _, d in entries if d.get("sku")])
    lookup.preload("barcode", [str(d["barcode"]).strip() for _, d in entries if d.get("barcode")])
    lookup.preload_suppliers([normalise_code(d["supplier_id"]) for _, d in entries if d.get("supplier_id")])

    seen: dict[tuple[str, str], int] = {}  # (field, value) -> first row using it
    planned = []
    for number, data in entries:
        product = existing.get(normalise_code(data.get("product_id")) or "")
        checked = check_product(lookup, data, existing=product, check_stock=False)
        row_issues = checked.issues + checked.conflicts
        for name in ("product_id", "sku", "barcode"):
            value = checked.values.get(name) or (product.product_id if product and name == "product_id" else None)
            if value and (name, value) in seen:
                row_issues.append(FieldIssue(name, f"{value} is also on row {seen[(name, value)]}"))
            elif value:
                seen[(name, value)] = number
        issues += [FieldIssue(f"row {number}: {i.field}", i.issue) for i in row_issues]
        planned.append((product, checked))
    if issues:
        bad_rows = len({i.field.split(":")[0] for i in issues})
        listed = "" if len(issues) <= MAX_LISTED_ISSUES else f" (the first {MAX_LISTED_ISSUES} are listed)"
        raise ValidationFailed(f"Import rejected: {len(issues)} problem(s) in {bad_rows} row(s){listed}; "
                               "nothing was imported.", issues[:MAX_LISTED_ISSUES])

    report = ImportReport()
    batch = AuditBatch(user.id)
    new_ids = _id_generator(session, taken=set(ids))
    creates = []
    for product, checked in planned:
        if product is None:
            pid = checked.values.get("product_id") or next(new_ids)
            creates.append((checked, pid))
            report.created += 1
            report.product_ids.append(pid)
            continue
        if apply_update(session, product, checked, user=user, batch=batch):
            report.updated += 1
        else:
            report.unchanged += 1
        report.product_ids.append(product.product_id)
    session.flush()  # updates first, so a freed SKU or barcode can be taken by a new row
    insert_products_bulk(session, creates, user=user, batch=batch)
    batch.add("product_import", f"{utcnow():%Y%m%dT%H%M%S}", "import",
              {"created": report.created, "updated": report.updated, "unchanged": report.unchanged,
               "rows": len(planned)})
    batch.write(session)
    return report
