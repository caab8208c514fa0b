"""Search results page: `/search?q=…` finds products, suppliers and purchase orders."""

import reflex as rx

from ..components.layout import page_shell
from ..components.widgets import empty_state, section_card, status_badge
from ..states.auth import AuthState
from ..states.search import SearchState as S


def _hit(item, title_key: str, code_key: str, detail, badge_key: str, testid: str) -> rx.Component:
    return rx.link(
        rx.hstack(
            rx.vstack(rx.text(item[title_key], size="2", weight="medium", color=rx.color("gray", 12)),
                      rx.hstack(rx.text(item[code_key], size="1", color=rx.color("gray", 10), white_space="nowrap",
                                        flex_shrink="0"), detail, spacing="2"),
                      spacing="0", min_width="0"),
            rx.spacer(),
            status_badge(item[badge_key]),
            align="center", width="100%", padding_y="8px", border_bottom=f"1px solid {rx.color('gray', 3)}",
        ),
        href=item["href"], underline="none", width="100%", data_testid=testid,
    )


def _section(title: str, icon: str, rows, render, count, more_href=None) -> rx.Component:
    more = rx.cond(count > rows.length(), rx.link("See all ", count, " →", href=more_href, size="2")) \
        if more_href is not None else None
    return section_card(
        title,
        rx.cond(rows.length() > 0, rx.vstack(rx.foreach(rows, render), spacing="0", width="100%"),
                rx.text("No matches.", size="2", color=rx.color("gray", 10))),
        subtitle=rx.hstack(rx.icon(icon, size=12), rx.text(count, " found"), spacing="1", align="center"),
        action=more,
    )


def _detail(*parts) -> rx.Component:
    return rx.text(*parts, size="1", color=rx.color("gray", 10))


def _product(p) -> rx.Component:
    return _hit(p, "name", "sku", _detail(p["category"], " · ", p["stock"], " available"), "stock_status",
                "hit-product")


def _supplier(s) -> rx.Component:
    return _hit(s, "name", "supplier_id", _detail(s["email"]), "status", "hit-supplier")


def _order(o) -> rx.Component:
    return _hit(o, "order_number", "date", _detail(o["supplier"], " · ", o["total"]), "status", "hit-po")


def search_page() -> rx.Component:
    return page_shell(
        "Search",
        rx.vstack(
            rx.cond(S.query != "", rx.heading("Results for “", S.query, "”", size="4", data_testid="search-title")),
            rx.cond(S.message != "", rx.callout(S.message, icon="info", width="100%")),
            rx.cond(S.nothing_found, empty_state(rx.text("Nothing matches “", S.query, "”."), "search-x")),
            rx.cond(S.loading, rx.spinner(size="3")),
            rx.cond(S.searched & ~S.nothing_found, rx.grid(
                _section("Products", "package", S.products, _product, S.product_total, S.all_products_href),
                _section("Suppliers", "truck", S.suppliers, _supplier, S.supplier_total, S.all_suppliers_href),
                _section("Purchase orders", "clipboard-list", S.purchase_orders, _order, S.purchase_order_total),
                columns=rx.breakpoints(initial="1", lg="3"), spacing="4", width="100%",
            )),
            spacing="4",
            width="100%",
        ),
    )


def register(app: rx.App) -> None:
    app.add_page(search_page, route="/search", title="Search · InventoryPulse",
                 on_load=[AuthState.require_login, S.load])
