"""Order-form arithmetic on the form's text values: line totals and order totals update as the
user types, with purchasing's own `totals` (the service recomputes everything on save)."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal, InvalidOperation

from ...models.base import utcnow
from ...services.purchasing.lines import totals
from ...services.validation import to_cents
from .. import format as fmt
from .common import whole_or_raw

# Service field of a line -> the key of that line's error in the form.
LINE_FIELDS = {"product_id": "error_product", "quantity_ordered": "error_quantity", "unit_cost": "error_cost"}


def parse_quantity(text: str) -> tuple[int | None, str]:
    """(quantity, problem) from the quantity box."""
    text = (text or "").strip()
    if not text:
        return None, "is required"
    try:
        value = int(text)
    except ValueError:
        return None, "must be a whole number"
    return (value, "") if value >= 1 else (None, "must be 1 or more")


def parse_amount(text: str, *, blank_ok: bool = True) -> tuple[Decimal | None, str]:
    text = (text or "").strip()
    if not text:
        return None, "" if blank_ok else "is required"
    try:
        value = Decimal(text)
    except InvalidOperation:
        return None, "must be a number"
    if not value.is_finite() or value < 0:
        return None, "must be 0 or more"
    if value != value.quantize(Decimal("0.01")):
        return None, "must have at most 2 decimal places"
    return value, ""


def new_line(defaults, currency: str) -> dict[str, str]:
    """A form line from procurement.LineDefaults."""
    p, offer = defaults.product, defaults.offer
    return {
        "product_id": p.product_id, "name": p.name, "sku": p.sku, "unit": p.stock_unit,
        "quantity": str(defaults.quantity), "unit_cost": "" if defaults.unit_cost is None else f"{defaults.unit_cost}",
        "cost_source": defaults.cost_source if defaults.unit_cost is not None else "enter a cost",
        "cost_edited": "", "offered": "yes" if offer else "",
        "moq": str(offer.min_order_quantity if offer else 1),
        "lead_time": str(offer.lead_time_days if offer else 0), "note": defaults.issue or "",
        "line_total": "—", "error_product": "", "error_quantity": "", "error_cost": "", "currency": currency,
    }


def recompute(lines: list[dict[str, str]], *, currency: str, shipping: str, tax_pct: str,
              minimum_order: Decimal | None, supplier_lead_days: int) -> dict[str, str]:
    """Fill each line's total and quick checks in place; returns the order summary."""
    subtotal, complete = Decimal(0), True
    for line in lines:
        qty, line["error_quantity"] = parse_quantity(line["quantity"])
        cost, line["error_cost"] = parse_amount(line["unit_cost"], blank_ok=False)
        if qty is None or cost is None:
            line["line_total"], complete = "—", False
            continue
        total = to_cents(cost * qty)
        subtotal += total
        line["line_total"] = fmt.money(total, currency)
    ship, ship_problem = parse_amount(shipping)
    rate, rate_problem = parse_amount(tax_pct)
    if rate is not None and rate > 100:
        rate, rate_problem = None, "must be between 0 and 100"
    money = totals(subtotal, tax_amount=Decimal(0), tax_rate=(rate / 100) if rate is not None else None,
                   shipping_cost=ship or Decimal(0))
    lead = max([int(ln["lead_time"]) for ln in lines if ln["lead_time"].isdigit()] or [supplier_lead_days])
    below = minimum_order is not None and bool(lines) and money["subtotal"] < minimum_order
    return {
        "subtotal": fmt.money(money["subtotal"], currency), "tax": fmt.money(money["tax_amount"], currency),
        "shipping": fmt.money(money["shipping_cost"], currency),
        "total": fmt.money(money["total_amount"], currency) + ("" if complete else " (incomplete)"),
        "shipping_error": ship_problem, "tax_error": rate_problem,
        "default_expected": fmt.date(utcnow() + timedelta(days=lead)) if lines else "",
        "minimum_note": f"Below the supplier's minimum order of {fmt.money(minimum_order, currency)}."
        if below else "",
    }


def order_request(*, supplier: str, lines: list[dict[str, str]], expected: str, shipping: str, tax_pct: str,
                  notes: str) -> dict:
    """The form's values as create_purchase_order's arguments; values that do not parse are passed
    as typed, so the service names the problem next to the field. Raises ValueError for a bad date.
    A blank tax rate is 0 (an edit would otherwise keep the old tax amount)."""
    tax = parse_amount(tax_pct)[0]
    due = None
    if expected:  # the end of the chosen day, so "today" is never before the order time
        due = datetime.combine(date.fromisoformat(expected), time(23, 59), tzinfo=UTC)
    return {
        "supplier_id": supplier,
        "lines": [{"product_id": ln["product_id"], "quantity_ordered": whole_or_raw(ln["quantity"]),
                   "unit_cost": ln["unit_cost"].strip() or None, "notes": ln.get("line_notes") or None}
                  for ln in lines],
        "expected_delivery_date": due, "shipping_cost": shipping.strip() or None,
        "tax_rate": tax / 100 if tax is not None else (tax_pct.strip() or 0),
        "notes": notes.strip() or None,
    }


def with_line_errors(lines: list[dict[str, str]], errors: dict[str, str]) -> list[dict[str, str]]:
    """Copies of the lines with the service's `items[i].field` issues next to their inputs."""
    out = [dict(line) for line in lines]
    for name, issue in errors.items():
        if name.startswith("items[") and "]." in name:
            index, field = name[6:].split("].", 1)
            if index.isdigit() and int(index) < len(out) and field in LINE_FIELDS:
                out[int(index)][LINE_FIELDS[field]] = issue
    return out
