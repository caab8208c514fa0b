"""Product detail: stock per warehouse, lots, supplier offers, movement history and the stock chart."""

from __future__ import annotations

import plotly.graph_objects as go
import reflex as rx

from ....db import session_scope
from ....models.base import utcnow
from ....services import ledger, offers, products, sales
from ....services.errors import DomainError
from ....services.products.history import stock_history
from ....services.products.stock_preview import active_warehouses
from ... import format as fmt
from ...components.charts import plain_figure
from ...views.product_forecast import ProductForecastState
from ..auth import AuthState
from .common import path_product_id

MOVEMENTS_PER_PAGE = 15
CHART_DAYS = ("30", "90", "180", "365")
EXPIRY_SOON_DAYS = 30


def _info(d: products.ProductDetail) -> dict[str, str]:
    p = d.product
    margin = (p.selling_price - p.cost_price) / p.selling_price * 100 if p.selling_price else None
    return {
        "product_id": p.product_id, "name": p.name, "sku": p.sku, "barcode": p.barcode or "—",
        "category": d.category.name, "subcategory": p.subcategory or "—", "status": str(p.status),
        "stock_status": products.stock_status(p), "description": p.description or "",
        "supplier": d.supplier.supplier_id if d.supplier else "—",
        "cost": fmt.money(p.cost_price, p.currency), "price": fmt.money(p.selling_price, p.currency),
        "margin": "—" if margin is None else f"{margin:.1f}%",
        "on_hand": fmt.count(p.current_stock), "available": fmt.count(p.available_stock),
        "reserved": fmt.count(p.reserved_stock), "threshold": fmt.count(p.reorder_threshold),
        "reorder_quantity": fmt.count(p.reorder_quantity), "max_stock": fmt.count(p.max_stock_level),
        "unit": p.stock_unit, "location": p.warehouse_location or "—",
        "tracking": ", ".join(n for n, on in (("lots", p.lot_tracking), ("expiry", p.expiration_tracking)) if on)
        or "none",
        "updated": fmt.date(p.updated_at),
    }


def _lot(lot, warehouse: str, today) -> dict[str, str]:
    days = (lot.expiry_date - today).days if lot.expiry_date else None
    tone = "gray" if days is None else "red" if days < 0 else "amber" if days <= EXPIRY_SOON_DAYS else "green"
    left = "no expiry" if days is None else "expired" if days < 0 else f"{days} days left"
    return {"lot": lot.lot_number, "warehouse": warehouse, "quantity": fmt.count(lot.quantity),
            "expiry": fmt.date(lot.expiry_date), "left": left, "tone": tone}


def _offer(offer, supplier, best_id: str | None, score: str) -> dict[str, str]:
    return {
        "supplier_id": supplier.supplier_id, "name": supplier.display_name or supplier.company_name,
        "cost": fmt.money(offer.cost, offer.currency), "lead_time": f"{offer.lead_time_days} days",
        "moq": fmt.count(offer.min_order_quantity), "primary": "yes" if offer.is_primary else "",
        "active": "active" if offer.is_active and supplier.status == "active" else "inactive",
        "best": "yes" if supplier.supplier_id == best_id else "", "score": score if supplier.supplier_id == best_id
        else "",
    }


def _movement(m, warehouse: str, username: str | None) -> dict[str, str]:
    return {
        "movement_id": m.movement_id, "when": m.timestamp.strftime("%Y-%m-%d %H:%M"), "type": m.movement_type,
        "quantity": f"{m.quantity:+,}", "direction": "in" if m.quantity > 0 else "out", "warehouse": warehouse,
        "before": fmt.count(m.stock_before), "after": fmt.count(m.stock_after),
        "reason": (m.reason_code or "—").replace("_", " "), "reference": m.reference_id or "—",
        "lot": m.lot_number or "—", "user": username or "—",
    }


TOTAL_COLOUR = "#12a594"  # the theme's teal accent
WAREHOUSE_COLOURS = ("#3e63dd", "#8e4ec6", "#e5484d", "#f76b15", "#46a758")


def _figure(history, threshold: int) -> go.Figure:
    fig = go.Figure()
    fig.add_trace(go.Scatter(x=history.days, y=history.total, name="All warehouses", mode="lines",
                             fill="tozeroy", line={"width": 2.5, "color": TOTAL_COLOUR},
                             fillcolor="rgba(18,165,148,0.15)"))
    if len(history.by_warehouse) > 1:  # with one warehouse its line is the total
        for i, (code, levels) in enumerate(history.by_warehouse.items()):
            fig.add_trace(go.Scatter(x=history.days, y=levels, name=code, mode="lines",
                                     line={"width": 1.5, "color": WAREHOUSE_COLOURS[i % len(WAREHOUSE_COLOURS)]}))
    fig.add_hline(y=threshold, line_dash="dash", line_color="#f59e0b", annotation_text="reorder threshold",
                  annotation_position="top left")
    fig.update_layout(height=340, margin={"l": 48, "r": 16, "t": 16, "b": 40}, hovermode="x unified",
                      paper_bgcolor="rgba(0,0,0,0)", plot_bgcolor="rgba(0,0,0,0)",
                      legend={"orientation": "h", "y": -0.18}, yaxis_title="units on hand")
    return fig


class ProductDetailState(AuthState):
    code: str = ""
    missing: str = ""  # set when the product does not exist
    info: dict[str, str] = {}
    threshold: int = 0
    max_level: int = 0  # 0: no maximum
    lot_tracked: bool = False
    expiry_tracked: bool = False
    warehouses: list[dict[str, str]] = []  # stock per warehouse, for the table
    levels: dict[str, list[int]] = {}  # warehouse code -> [on hand, reserved], for the stock dialogs
    warehouse_codes: list[str] = []  # active warehouses, default first
    lots: list[dict[str, str]] = []
    offers: list[dict[str, str]] = []
    reservations: list[dict[str, str]] = []  # the sales orders holding its reserved stock
    best_reason: str = ""
    movements: list[dict[str, str]] = []
    mv_page: int = 1
    mv_total: int = 0
    mv_total_pages: int = 1
    chart_days: str = "90"
    figure: dict = {}  # plain JSON (see components/charts.py)

    def _load_product(self, session) -> None:
        d = products.get_product_detail(session, product_id=self.code)
        p = d.product
        self.info, self.threshold, self.max_level = _info(d), p.reorder_threshold, p.max_stock_level or 0
        self.lot_tracked, self.expiry_tracked = p.lot_tracking, p.expiration_tracking
        self.warehouses = [{"code": w.code, "name": w.name, "on_hand": fmt.count(lv.on_hand)} for w, lv in d.stock]
        self.levels = {w.code: [lv.on_hand, lv.reserved] for w, lv in d.stock}
        self.warehouse_codes = [w.code for w in active_warehouses(session)]
        today = utcnow().date()
        self.lots = [_lot(lot, code, today) for lot, code in d.lots]
        best = offers.best_supplier(session, product_id=self.code).recommended
        best_id = best.candidate.supplier_id if best else None
        self.best_reason = "; ".join(best.reasons) if best else ""
        score = f"{best.score:.0f}" if best else ""
        self.offers = [_offer(o, s, best_id, score) for o, s in d.offers]
        self.reservations = [{"order": o.order_number, "customer": c.name, "units": fmt.count(n),
                              "status": o.status.capitalize()}
                             for o, c, n in sales.open_reservations(session, product_id=self.code)]

    def _load_movements(self, session) -> None:
        page = ledger.list_movements(session, product_id=self.code, page=self.mv_page, limit=MOVEMENTS_PER_PAGE)
        self.movements = [_movement(m, wh, user) for m, _pid, wh, user in page.items]
        self.mv_total, self.mv_total_pages = page.total, page.total_pages

    def _load_chart(self, session) -> None:
        history = stock_history(session, product_id=self.code, days=int(self.chart_days))
        self.figure = plain_figure(_figure(history, self.threshold))

    def _reload(self) -> None:
        """Everything on the page, after opening it or after a stock action."""
        with session_scope() as session:
            self._load_product(session)
            self._load_movements(session)
            self._load_chart(session)

    @rx.event
    def load(self):
        if not self.is_authenticated:
            return None
        self.code, self.missing, self.mv_page = path_product_id(self), "", 1
        try:
            self._reload()
        except DomainError as exc:
            self.missing, self.info = exc.message, {}
            return None
        return ProductForecastState.load_forecast(self.code)

    @rx.event
    def next_movements(self):
        if self.mv_page < self.mv_total_pages:
            self.mv_page += 1
            with session_scope() as session:
                self._load_movements(session)

    @rx.event
    def prev_movements(self):
        if self.mv_page > 1:
            self.mv_page -= 1
            with session_scope() as session:
                self._load_movements(session)

    @rx.event
    def set_chart_days(self, value: str | list[str]):
        value = value[0] if isinstance(value, list) else value
        if value in CHART_DAYS and self.code:
            self.chart_days = value
            with session_scope() as session:
                self._load_chart(session)
