"""The authenticated shell: sidebar navigation with the alerts badge, header with the global search
and the user menu, page body."""

from __future__ import annotations

import reflex as rx

from ..states.auth import AuthState
from ..states.shell import BADGE_REFRESH_MS, ShellState
from .chat_panel import chat_launcher, chat_panel

NAV = [
    ("Dashboard", "/", "layout-dashboard"),
    ("Products", "/products", "package"),
    ("Suppliers", "/suppliers", "truck"),
    ("Purchase orders", "/purchase-orders", "clipboard-list"),
    ("Customers", "/customers", "contact"),
    ("Sales orders", "/sales-orders", "shopping-bag"),
    ("Invoices", "/invoices", "receipt"),
    ("Alerts", "/alerts", "bell"),
    ("Analytics", "/analytics", "chart-area"),
    ("Replenishment", "/replenishment", "shopping-cart"),
    ("Users", "/users", "users"),
    ("Jobs", "/jobs", "timer"),
    ("Assistant", "/assistant", "message-circle"),
]

ADMIN_ONLY = {"/users", "/jobs"}


def alerts_badge() -> rx.Component:
    return rx.cond(
        ShellState.open_alerts > 0,
        rx.badge(ShellState.open_alerts_label, color_scheme="red", variant="solid", radius="full", size="1",
                 data_testid="alerts-badge"),
    )


def nav_item(label: str, href: str, icon: str) -> rx.Component:
    path = rx.State.router.url.path
    active = (path == href) if href == "/" else path.startswith(href)
    link = rx.link(
        rx.hstack(
            rx.icon(icon, size=18),
            rx.text(label, size="3"),
            rx.spacer(),
            alerts_badge() if href == "/alerts" else rx.fragment(),
            spacing="3",
            align="center",
            width="100%",
        ),
        href=href,
        underline="none",
        width="100%",
        padding_x="12px",
        padding_y="8px",
        border_radius="8px",
        color=rx.cond(active, rx.color("accent", 11), rx.color("gray", 11)),
        background=rx.cond(active, rx.color("accent", 3), "transparent"),
        _hover={"background": rx.color("accent", 4), "color": rx.color("accent", 12)},
        data_testid=f"nav-{href.strip('/') or 'dashboard'}",
    )
    return rx.cond(AuthState.is_admin, link, rx.fragment()) if href in ADMIN_ONLY else link


def sidebar() -> rx.Component:
    nav = rx.vstack(
        rx.link(
            rx.hstack(
                rx.icon("activity", size=24, color=rx.color("accent", 9)),
                rx.heading("InventoryPulse", size="5", weight="bold", color=rx.color("gray", 12)),
                align="center",
                spacing="2",
            ),
            href="/",
            underline="none",
            padding_x="12px",
            padding_bottom="16px",
        ),
        *[nav_item(*item) for item in NAV],
        rx.spacer(),
        rx.text("v0.1 · SMB inventory", size="1", color=rx.color("gray", 9), padding_x="12px"),
        # Refreshes the alerts badge on every page mount and then once a minute.
        rx.moment(interval=BADGE_REFRESH_MS, on_change=ShellState.refresh_badge, display="none"),
        height="100vh",
        position="sticky",
        top="0",
        padding="20px 12px",
        spacing="1",
    )
    # The rail is as tall as the page (background and border to the bottom); its content stays in view.
    return rx.box(
        nav,
        width="232px",
        min_width="232px",
        align_self="stretch",
        border_right=f"1px solid {rx.color('gray', 5)}",
        background=rx.color("gray", 2),
    )


def search_box() -> rx.Component:
    return rx.form(
        rx.input(
            rx.input.slot(rx.icon("search", size=16)),
            name="q",
            placeholder="Search products, suppliers, POs…",
            type="search",
            size="2",
            width="100%",
            data_testid="global-search",
        ),
        on_submit=ShellState.search,
        reset_on_submit=False,
        width="340px",
        max_width="40vw",
    )


def user_menu() -> rx.Component:
    return rx.menu.root(
        rx.menu.trigger(
            rx.button(
                rx.icon("circle-user", size=18),
                rx.text(AuthState.display_name),
                rx.badge(AuthState.role, variant="soft"),
                variant="ghost",
                data_testid="user-menu",
            )
        ),
        rx.menu.content(
            rx.menu.item(
                rx.hstack(rx.icon("log-out", size=16), rx.text("Log out")),
                on_click=AuthState.logout,
                data_testid="logout",
            ),
        ),
    )


def header(title: str) -> rx.Component:
    return rx.hstack(
        rx.heading(title, size="6", white_space="nowrap"),
        rx.spacer(),
        search_box(),
        chat_launcher(),
        rx.color_mode.button(variant="ghost"),
        user_menu(),
        align="center",
        spacing="4",
        width="100%",
        padding_y="16px",
        border_bottom=f"1px solid {rx.color('gray', 4)}",
        margin_bottom="20px",
    )


def page_shell(title: str, *children: rx.Component) -> rx.Component:
    """Private page: nothing is shown until the login check has passed."""
    return rx.cond(
        AuthState.is_authenticated,
        rx.fragment(rx.hstack(
            sidebar(),
            rx.box(
                header(title),
                *children,
                flex="1",
                min_width="0",
                padding_x="32px",
                padding_bottom="40px",
            ),
            spacing="0",
            align="start",
            width="100%",
            min_height="100vh",
        ), chat_panel()),
        rx.center(rx.spinner(size="3"), height="100vh"),
    )
