import reflex as rx

from ..components.layout import page_shell
from ..components.widgets import kpi_card, status_badge
from ..states.auth import AuthState
from ..states.dashboard import DashboardState as S


def dashboard_page() -> rx.Component:
    return page_shell(
        "Dashboard",
        rx.grid(
            kpi_card("Products", S.products, "package", testid="kpi-products", href="/products"),
            kpi_card("Inventory value (cost)", S.value_cost, "wallet", testid="kpi-value-cost"),
            kpi_card("Inventory value (retail)", S.value_retail, "tag", testid="kpi-value-retail"),
            kpi_card("Below threshold", S.low_stock, "triangle-alert", testid="kpi-low-stock",
                     href="/products?low_stock=true", tone="amber"),
            kpi_card("Out of stock", S.out_of_stock, "circle-x", testid="kpi-out-of-stock", tone="red"),
            kpi_card("Open purchase orders", S.open_pos, "clipboard-list", testid="kpi-open-pos",
                     href="/purchase-orders", tone="blue"),
            kpi_card("Open PO value", S.open_po_value, "banknote", testid="kpi-open-po-value", tone="blue"),
            kpi_card("Active alerts", S.active_alerts, "bell", testid="kpi-alerts", href="/alerts",
                     tone="orange"),
            columns=rx.breakpoints(initial="1", sm="2", lg="4"),
            spacing="4",
            width="100%",
        ),
        rx.card(
            rx.heading("Alerts by severity", size="4", margin_bottom="12px"),
            rx.hstack(
                rx.foreach(
                    S.alerts_by_severity,
                    lambda a: rx.hstack(status_badge(a["severity"]), rx.text(a["count"], weight="bold")),
                ),
                spacing="6",
            ),
            margin_top="20px",
            width="100%",
        ),
    )


ON_LOAD = [AuthState.require_login, S.load]


def register(app: rx.App) -> None:
    app.add_page(dashboard_page, route="/", title="Dashboard · InventoryPulse", on_load=ON_LOAD)
