"""The alert rules as set-based SQL: each rule is one SELECT of the products whose condition holds now.

A rule's candidate query yields one row per product with the columns of CANDIDATE_COLUMNS; the scan
turns those rows into alerts with a handful of bulk statements (see scan.py). `cleared_note` explains,
for an open alert whose product no longer matches, why it was resolved.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa
from sqlalchemy.sql.elements import ColumnElement

from ...models import Lot, Product, ReplenishmentPlan
from ...models.status import AlertSeverity, AlertType, ProductStatus
from .settings import AlertSettings

P = Product.__table__
LOT = Lot.__table__
PLAN = ReplenishmentPlan.__table__

CANDIDATE_COLUMNS = ("product_id", "severity", "current_value", "threshold_value", "title", "message",
                     "supplier_id", "action_required")
AVAILABLE = P.c.current_stock - P.c.reserved_stock
LIVE = P.c.status != ProductStatus.DISCONTINUED.value


@dataclass(frozen=True)
class Context:
    dialect: str
    today: date
    settings: AlertSettings

    def days_until(self, column) -> ColumnElement[int]:
        """Whole days from today to a DATE column (negative once passed)."""
        today = sa.literal(self.today, sa.Date)
        if self.dialect == "postgresql":
            return sa.type_coerce(column - today, sa.Integer)
        return sa.cast(sa.func.julianday(column) - sa.func.julianday(today), sa.Integer)


def text_of(*parts) -> ColumnElement[str]:
    """SQL string concatenation of literal strings and numbers/dates (|| on both databases)."""
    out = None
    for part in parts:
        piece = sa.literal(part, sa.String) if isinstance(part, str) else sa.cast(part, sa.String)
        out = piece if out is None else out.concat(piece)
    return out


def whole(value) -> ColumnElement[int]:
    """A numeric rounded to an integer, so it prints the same on SQLite (12.0) and PostgreSQL (12.00)."""
    return sa.cast(sa.func.round(value), sa.Integer)


def _severity(*whens: tuple[ColumnElement[bool], AlertSeverity], default: AlertSeverity) -> ColumnElement[str]:
    return sa.case(*[(cond, sev.value) for cond, sev in whens], else_=default.value)


def _candidate(product_id, severity, current, threshold, title, message, supplier_id, action_required: bool):
    cols = (product_id, severity, current, threshold, sa.func.substr(title, 1, 200),
            sa.func.substr(message, 1, 1000), supplier_id, sa.literal(action_required, sa.Boolean))
    return [c.label(name) for c, name in zip(cols, CANDIDATE_COLUMNS, strict=True)]


OUT_NOW = "The product is out of stock now (see its out_of_stock alert)."


def _product_note(*parts, when_out: str | None = None) -> Callable[[Context, ColumnElement[int]], ColumnElement[str]]:
    """A cleared-note built from the product row (correlated on the alert's product id); `when_out`
    replaces it once nothing is available."""

    def note(_ctx: Context, product_id) -> ColumnElement[str]:
        whens = [(P.c.status == ProductStatus.DISCONTINUED.value, sa.literal("The product is discontinued."))]
        if when_out:
            whens.append((AVAILABLE <= 0, sa.literal(when_out)))
        reason = sa.case(*whens, else_=text_of(*parts))
        return sa.select(reason).where(P.c.id == product_id).scalar_subquery()

    return note


# --- stock level rules (products table only) -------------------------------------------------------

def out_of_stock(_ctx: Context) -> sa.Select:
    return sa.select(*_candidate(
        P.c.id, sa.literal(AlertSeverity.CRITICAL.value), AVAILABLE, P.c.reorder_threshold,
        text_of("Out of stock: ", P.c.name),
        text_of("No stock is available (on hand ", P.c.current_stock, ", reserved ", P.c.reserved_stock,
                "); reorder threshold ", P.c.reorder_threshold, "."),
        P.c.supplier_id, True,
    )).where(LIVE, AVAILABLE <= 0)


def low_stock(_ctx: Context) -> sa.Select:
    severity = _severity((AVAILABLE * 2 <= P.c.reorder_threshold, AlertSeverity.HIGH), default=AlertSeverity.MEDIUM)
    return sa.select(*_candidate(
        P.c.id, severity, AVAILABLE, P.c.reorder_threshold,
        text_of("Low stock: ", P.c.name),
        text_of("Available stock (", AVAILABLE, ") is at or below the reorder threshold (", P.c.reorder_threshold,
                ")."),
        P.c.supplier_id, True,
    )).where(LIVE, AVAILABLE > 0, AVAILABLE <= P.c.reorder_threshold)


def overstock(_ctx: Context) -> sa.Select:
    severity = _severity((P.c.current_stock * 2 > P.c.max_stock_level * 3, AlertSeverity.MEDIUM),
                         default=AlertSeverity.LOW)
    return sa.select(*_candidate(
        P.c.id, severity, P.c.current_stock, P.c.max_stock_level,
        text_of("Overstock: ", P.c.name),
        text_of("On-hand stock (", P.c.current_stock, ") is above the maximum stock level (", P.c.max_stock_level,
                ")."),
        P.c.supplier_id, False,
    )).where(LIVE, P.c.max_stock_level.is_not(None), P.c.current_stock > P.c.max_stock_level)


# --- lots ---------------------------------------------------------------------------------------------

def expiry_warning(ctx: Context) -> sa.Select:
    window = ctx.settings.expiry_warning_days
    days_left = ctx.days_until(LOT.c.expiry_date)
    lots = (
        sa.select(LOT.c.product_id.label("product_id"), sa.func.sum(LOT.c.quantity).label("units"),
                  sa.func.count().label("lots"), sa.func.min(LOT.c.expiry_date).label("earliest"),
                  sa.func.min(days_left).label("days_left"))
        .where(LOT.c.quantity > 0, LOT.c.expiry_date.is_not(None), days_left <= window)
        .group_by(LOT.c.product_id)
        .subquery("expiring")
    )
    severity = _severity((lots.c.days_left < 0, AlertSeverity.CRITICAL), (lots.c.days_left <= 7, AlertSeverity.HIGH),
                         default=AlertSeverity.MEDIUM)
    return sa.select(*_candidate(
        P.c.id, severity, lots.c.units, sa.literal(window, sa.Integer),
        text_of("Expiring stock: ", P.c.name),
        text_of(lots.c.units, " units in ", lots.c.lots, " lot(s) expire within ", str(window),
                " days; the earliest on ", lots.c.earliest, "."),
        P.c.supplier_id, True,
    )).select_from(lots.join(P, P.c.id == lots.c.product_id)).where(LIVE)


def _expiry_cleared(ctx: Context, _product_id) -> ColumnElement[str]:
    return sa.literal(f"No lot in stock expires within {ctx.settings.expiry_warning_days} days any more.", sa.String)


# --- replenishment plans (aggregated per product over its warehouses) ----------------------------------

def reorder_suggestion(_ctx: Context) -> sa.Select:
    plans = (
        sa.select(PLAN.c.product_id.label("product_id"), sa.func.sum(PLAN.c.reorder_point).label("reorder_point"),
                  sa.func.sum(PLAN.c.suggested_quantity).label("suggested"),
                  sa.func.min(PLAN.c.supplier_id).label("supplier_id"))
        .group_by(PLAN.c.product_id)
        .subquery("plans")
    )
    return sa.select(*_candidate(
        P.c.id, sa.literal(AlertSeverity.MEDIUM.value), AVAILABLE, plans.c.reorder_point,
        text_of("Reorder suggested: ", P.c.name),
        text_of("Available stock (", AVAILABLE, ") is at or below the reorder point (", whole(plans.c.reorder_point),
                "); suggested order: ", plans.c.suggested, " units."),
        sa.func.coalesce(plans.c.supplier_id, P.c.supplier_id), True,
    )).select_from(plans.join(P, P.c.id == plans.c.product_id)).where(
        LIVE, plans.c.reorder_point > 0, AVAILABLE <= plans.c.reorder_point)


def predicted_stockout(ctx: Context) -> sa.Select:
    margin = ctx.settings.predicted_stockout_days
    days_left = ctx.days_until(PLAN.c.stockout_date)
    plans = (
        sa.select(PLAN.c.product_id.label("product_id"), sa.func.min(PLAN.c.stockout_date).label("stockout_date"),
                  sa.func.min(days_left).label("days_left"), sa.func.max(PLAN.c.lead_time_days).label("lead_time"),
                  sa.func.max(sa.case((days_left <= PLAN.c.lead_time_days, 1), else_=0)).label("too_late"))
        .where(PLAN.c.stockout_date.is_not(None), days_left <= PLAN.c.lead_time_days + margin)
        .group_by(PLAN.c.product_id)
        .subquery("stockouts")
    )
    severity = _severity((plans.c.too_late == 1, AlertSeverity.HIGH), default=AlertSeverity.MEDIUM)
    return sa.select(*_candidate(
        P.c.id, severity, plans.c.days_left, plans.c.lead_time + margin,
        text_of("Predicted stockout: ", P.c.name),
        text_of("Stock is forecast to run out on ", plans.c.stockout_date, " (in ", plans.c.days_left,
                " days); the supplier lead time is ", plans.c.lead_time, " days."),
        P.c.supplier_id, True,
    )).select_from(plans.join(P, P.c.id == plans.c.product_id)).where(LIVE, AVAILABLE > 0)


def _stockout_cleared(ctx: Context, product_id) -> ColumnElement[str]:
    reason = sa.case(
        (P.c.status == ProductStatus.DISCONTINUED.value, sa.literal("The product is discontinued.")),
        (AVAILABLE <= 0, sa.literal(OUT_NOW)),
        else_=sa.literal(f"Stock is no longer forecast to run out within the lead time plus "
                         f"{ctx.settings.predicted_stockout_days} days."),
    )
    return sa.select(reason).where(P.c.id == product_id).scalar_subquery()


@dataclass(frozen=True)
class Rule:
    alert_type: AlertType
    candidates: Callable[[Context], sa.Select]
    cleared_note: Callable[[Context, ColumnElement[int]], ColumnElement[str]]


RULES: tuple[Rule, ...] = (
    Rule(AlertType.OUT_OF_STOCK, out_of_stock,
         _product_note("Stock is available again (", AVAILABLE, " units).")),
    Rule(AlertType.LOW_STOCK, low_stock,
         _product_note("Available stock (", AVAILABLE, ") is above the reorder threshold (", P.c.reorder_threshold,
                       ").", when_out=OUT_NOW)),
    Rule(AlertType.OVERSTOCK, overstock,
         _product_note("On-hand stock (", P.c.current_stock, ") is within the maximum stock level.")),
    Rule(AlertType.EXPIRY_WARNING, expiry_warning, _expiry_cleared),
    Rule(AlertType.REORDER_SUGGESTION, reorder_suggestion,
         _product_note("Available stock (", AVAILABLE, ") is above the reorder point of its replenishment plan.")),
    Rule(AlertType.PREDICTED_STOCKOUT, predicted_stockout, _stockout_cleared),
)
