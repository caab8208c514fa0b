"""Replenishment screen: suggestions grouped by best supplier, selection, draft purchase orders."""

from __future__ import annotations

import dataclasses

import reflex as rx

from ...db import session_scope
from ...services import replenishment
from ...services.errors import DomainError
from ...services.replenishment import BASIS_FORECAST
from .. import format as fmt
from .auth import AuthState
from .common import acting_user
from .paging import PagedMixin

PAGE_SIZE = 50
ALL = "all"
SEP = "|"  # selection keys are "PRODUCT|WAREHOUSE"


@dataclasses.dataclass
class SuggestionRow:
    row_key: str
    product_id: str
    name: str
    warehouse: str
    basis: str
    available: str
    reorder_point: str
    safety_stock: str
    suggested: str
    cost: str
    days_of_cover: str
    stockout: str
    urgent: bool  # runs out within the supplier lead time


@dataclasses.dataclass
class SupplierGroupRow:
    supplier_id: str
    name: str
    lead_time: str
    lines_label: str
    total_quantity: str
    total_cost: str
    selection: list[str]
    lines: list[SuggestionRow]


def _row(s: replenishment.Suggestion) -> SuggestionRow:
    p = s.plan
    cover = p.days_of_cover
    return SuggestionRow(
        row_key=f"{s.product.product_id}{SEP}{s.warehouse.code}", product_id=s.product.product_id, name=s.product.name,
        warehouse=s.warehouse.code, basis="forecast" if p.basis == BASIS_FORECAST else "recent sales",
        available=fmt.count(p.available), reorder_point=f"{p.reorder_point:,.0f}",
        safety_stock=f"{p.safety_stock:,.0f}", suggested=fmt.count(p.suggested_quantity),
        cost=fmt.money(s.line_cost, s.currency) if s.line_cost is not None else "—",
        days_of_cover="—" if cover is None else ("none" if cover <= 0 else f"{cover:,.1f} d"),
        stockout=fmt.date(p.stockout_date),
        urgent=cover is not None and cover <= p.lead_time_days,
    )


def _group(g: replenishment.SupplierGroup) -> SupplierGroupRow:
    lines = [_row(s) for s in g.suggestions]
    currency = g.suggestions[0].currency if g.suggestions else "USD"
    lead = g.suggestions[0].plan.lead_time_days if g.suggestions else 0
    return SupplierGroupRow(
        supplier_id=g.supplier.supplier_id if g.supplier else "",
        name=(g.supplier.display_name or g.supplier.company_name) if g.supplier else "No supplier offer",
        lead_time=f"lead time {lead} d" if g.supplier else "add a supplier offer to order",
        lines_label=f"{len(lines)} line" + ("" if len(lines) == 1 else "s"),
        total_quantity=fmt.count(g.total_quantity), total_cost=fmt.money(g.total_cost, currency),
        selection=[r.row_key for r in lines] if g.supplier else [], lines=lines,
    )


class ReplenishmentState(PagedMixin, AuthState):
    groups: list[SupplierGroupRow] = []
    selected: list[str] = []
    supplier: str = ALL
    warehouse: str = ALL
    only_needed: bool = True
    search: str = ""
    supplier_options: list[dict[str, str]] = []
    warehouse_options: list[dict[str, str]] = []
    summary: dict[str, str] = {}
    loading: bool = False
    creating: bool = False
    error: str = ""
    created: list[dict[str, str]] = []  # the draft orders just made: number, supplier, total

    @rx.var
    def selected_count(self) -> int:
        return len(self.selected)

    @rx.var
    def full_groups(self) -> list[str]:
        """Suppliers whose every line on this page is selected (their group box shows ticked)."""
        chosen = set(self.selected)
        return [g.supplier_id for g in self.groups if g.selection and chosen.issuperset(g.selection)]

    def _reload(self) -> None:
        try:
            with session_scope() as session:
                result = replenishment.list_suggestions(
                    session, supplier_id=None if self.supplier == ALL else self.supplier,
                    warehouse=None if self.warehouse == ALL else self.warehouse, only_needed=self.only_needed,
                    search=self.search or None, page=self.page, limit=PAGE_SIZE)
                s = replenishment.plan_summary(session)
        except DomainError as exc:
            self.error, self.groups, self.total, self.total_pages = exc.message, [], 0, 1
            return
        self.error = ""
        self.groups = [_group(g) for g in replenishment.group_by_supplier(result.items)]
        self.total, self.total_pages = result.total, result.total_pages
        self.summary = {"lines": fmt.count(s.lines), "suppliers": fmt.count(s.suppliers), "units": fmt.count(s.units),
                        "cost": fmt.money_short(s.cost), "urgent": fmt.count(s.stockouts_within_lead_time),
                        "computed": fmt.ago(s.computed_at) if s.computed_at else "never"}

    @rx.event
    def load(self):
        if not self.is_authenticated:
            return
        self.page, self.created = 1, []
        with session_scope() as session:
            sups, whs = replenishment.filter_choices(session)
        self.supplier_options = [{"value": s.supplier_id, "label": s.company_name} for s in sups]
        self.warehouse_options = [{"value": w.code, "label": f"{w.name} ({w.code})"} for w in whs]
        self._reload()

    @rx.event
    def set_supplier(self, value: str):
        self.supplier, self.page = value, 1
        self._reload()

    @rx.event
    def set_warehouse(self, value: str):
        self.warehouse, self.page = value, 1
        self._reload()

    @rx.event
    def set_only_needed(self, value: bool):
        self.only_needed, self.page = value, 1
        self._reload()

    @rx.event
    def apply_search(self, form: dict):
        self.search, self.page = (form.get("search") or "").strip()[:100], 1
        self._reload()

    def _show_page(self):
        self._reload()

    @rx.event
    def toggle(self, key: str, checked: bool):
        self.selected = [k for k in self.selected if k != key] + ([key] if checked else [])

    @rx.event
    def toggle_group(self, keys: list[str], checked: bool):
        rest = [k for k in self.selected if k not in keys]
        self.selected = rest + (keys if checked else [])

    @rx.event
    def clear_selection(self):
        self.selected = []

    @rx.event
    def create_drafts(self):
        if not self.selected or self.creating:
            return None
        self.creating = True
        yield
        items = [dict(zip(("product_id", "warehouse"), k.split(SEP, 1), strict=True)) for k in self.selected]
        try:
            with session_scope() as session:
                drafts = replenishment.create_draft_orders(session, items=items, user=acting_user(self, session))
                self.created = [{"order_number": d.order.order_number,
                                 "supplier": d.supplier.display_name or d.supplier.company_name,
                                 "total": fmt.money(d.order.total_amount, d.order.currency),
                                 "lines": fmt.count(len(d.lines))} for d in drafts]
        except DomainError as exc:
            self.creating = False
            detail = "; ".join(f"{d.field}: {d.issue}" for d in exc.details[:3])
            yield rx.toast.error(exc.message + (f" ({detail})" if detail else ""), duration=8000)
            return None
        self.creating, self.selected = False, []
        self._reload()
        numbers = ", ".join(c["order_number"] for c in self.created)
        first = self.created[0]["order_number"]
        noun = "order" if len(self.created) == 1 else "orders"
        yield rx.toast.success(
            f"{len(self.created)} draft purchase {noun} created", description=numbers, duration=10000,
            action={"label": f"Open {first}", "on_click": rx.redirect(f"/purchase-orders/{first}")},
        )
        return None
