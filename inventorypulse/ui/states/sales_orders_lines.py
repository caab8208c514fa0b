"""Sales order form values: line totals and order totals as the user types, and the values as the
service's arguments.

The numbers come from the sales service's own `compute_totals` (and the parsing helpers of the
purchase order form); the service recomputes and validates everything again on save."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from decimal import Decimal

from ...models import Customer, Product, SalesOrder
from ...services.errors import DomainError
from ...services.sales import compute_totals
from ...services.validation import to_cents
from .. import format as fmt
from .common import whole_or_raw
from .purchase_orders_lines import parse_amount, parse_quantity

# Service field of a line -> the key of that line's error in the form.
LINE_ERRORS = {"product_id": "error_product", "quantity": "error_quantity", "unit_price": "error_price",
               "discount": "error_discount"}


def new_line(product: Product) -> dict[str, str]:
    """A form line for `product`: quantity 1 at its selling price, no discount."""
    return {
        "product_id": product.product_id, "name": product.name, "sku": product.sku, "unit": product.stock_unit,
        "available": str(product.available_stock), "available_text": fmt.count(product.available_stock),
        "quantity": "1", "unit_price": f"{product.selling_price}", "list_price": fmt.money(product.selling_price),
        "discount": "", "line_total": "—", "over": "",
        **{key: "" for key in LINE_ERRORS.values()},
    }


def clear_line_errors(line: dict[str, str]) -> dict[str, str]:
    return line | {key: "" for key in LINE_ERRORS.values()}


def with_line_errors(lines: list[dict[str, str]], errors: dict[str, str]) -> list[dict[str, str]]:
    """Copies of the lines with the service's `items[i].field` issues next to their inputs."""
    out = [clear_line_errors(dict(line)) for line in lines]
    for name, issue in errors.items():
        index, _, field = name.removeprefix("items[").partition("]")
        if name.startswith("items[") and index.isdigit() and int(index) < len(out):
            # "items[0]" alone is a confirmation refused for want of stock: a quantity problem.
            out[int(index)][LINE_ERRORS.get(field.lstrip("."), "error_quantity")] = issue
    return out


def customer_summary(customer: Customer) -> dict[str, str]:
    """What the form shows of the chosen customer."""
    c = customer
    return {"name": c.name, "number": c.customer_number, "terms": c.payment_terms,
            "credit": fmt.money(c.credit_limit), "balance": fmt.money(c.current_balance), "email": c.email or ""}


def recompute(lines: list[dict[str, str]], *, currency: str, shipping: str, tax_pct: str) -> dict[str, str]:
    """Fill each line's total and quick checks in place; returns the order summary."""
    priced, complete = [], True
    for line in lines:
        qty, problem_qty = parse_quantity(line["quantity"])
        price, problem_price = parse_amount(line["unit_price"], blank_ok=False)
        discount, problem_discount = parse_amount(line["discount"])
        line["error_quantity"], line["error_price"], line["error_discount"] = problem_qty, problem_price, \
            problem_discount
        line["over"] = "yes" if qty is not None and qty > int(line["available"] or 0) else ""
        if qty is None or price is None or problem_discount:
            line["line_total"], complete = "—", False
            continue
        gross = to_cents(price * qty)
        if (discount or 0) > gross:
            line["error_discount"] = f"cannot exceed the line amount {fmt.money(gross, currency)}"
            line["line_total"], complete = "—", False
            continue
        priced.append({"unit_price": price, "quantity": qty, "discount": discount or Decimal(0)})
        line["line_total"] = fmt.money(gross - (discount or 0), currency)
    ship, ship_problem = parse_amount(shipping)
    rate, rate_problem = parse_amount(tax_pct)
    if rate is not None and rate > 100:
        rate, rate_problem = None, "must be between 0 and 100"
    order = SalesOrder(order_number="", customer_id=0, tax_rate=(rate or Decimal(0)) / 100,
                       shipping_cost=ship or Decimal(0))
    compute_totals(order, priced)
    return {
        "subtotal": fmt.money(order.subtotal, currency), "discount": fmt.money(order.discount_amount, currency),
        "tax": fmt.money(order.tax_amount, currency), "shipping": fmt.money(order.shipping_cost, currency),
        "total": fmt.money(order.total_amount, currency) + ("" if complete else " (incomplete)"),
        "shipping_error": ship_problem, "tax_error": rate_problem,
    }


def shortage_lines(exc: DomainError, names: list[str]) -> list[str]:
    """A refused confirmation's short lines, readable: "Line 2 · Name: needs 5 of …, only 3 available"."""
    out = []
    for detail in exc.details:
        index = detail.field.removeprefix("items[").split("]", 1)[0]
        if detail.field.startswith("items[") and index.isdigit() and int(index) < len(names):
            out.append(f"Line {int(index) + 1} · {names[int(index)]}: {detail.issue}")
        else:
            out.append(f"{detail.field}: {detail.issue}")
    return out


def order_request(*, customer: str, lines: list[dict[str, str]], tax_pct: str, shipping: str, required: str,
                  address: dict[str, str], notes: str) -> dict:
    """The form's values as create_sales_order's arguments; values that do not parse are passed as
    typed, so the service names the problem next to the field. Raises ValueError for a bad date."""
    tax = parse_amount(tax_pct)[0]
    # The end of the chosen day, so "today" is never before the order time.
    due = datetime.combine(date.fromisoformat(required), time(23, 59), tzinfo=UTC) if required else None
    return {
        "customer_id": customer,
        "items": [{"product_id": ln["product_id"], "quantity": whole_or_raw(ln["quantity"]),
                   "unit_price": ln["unit_price"].strip() or None, "discount": ln["discount"].strip() or None}
                  for ln in lines],
        "tax_rate": tax / 100 if tax is not None else (tax_pct.strip() or None),
        "shipping_cost": shipping.strip() or None, "required_date": due, "shipping_address": address,
        "notes": notes.strip() or None,
    }
