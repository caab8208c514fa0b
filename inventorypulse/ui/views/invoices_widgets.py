"""Small pieces shared by the customer and invoice screens: status badges, code links, money rows."""

from __future__ import annotations

import reflex as rx

INVOICE_COLORS = {"unpaid": "amber", "partial": "blue", "paid": "green", "overdue": "red"}
ORDER_COLORS = {"draft": "gray", "pending": "amber", "confirmed": "cyan", "processing": "blue", "shipped": "indigo",
                "delivered": "teal", "completed": "green", "cancelled": "red"}


def invoice_badge(status, label, **props) -> rx.Component:
    """Overdue is solid red so it stands out in a list; the other statuses are soft."""
    return rx.badge(label, color_scheme=rx.match(status, *INVOICE_COLORS.items(), "gray"),
                    variant=rx.cond(status == "overdue", "solid", "soft"), **props)


def order_badge(status, label) -> rx.Component:
    return rx.badge(label, color_scheme=rx.match(status, *ORDER_COLORS.items(), "gray"), variant="soft")


def code_link(text, href, **props) -> rx.Component:
    """A business code linking to its page; codes never wrap."""
    return rx.link(text, href=href, **{"white_space": "nowrap", "weight": "medium"} | props)


def muted(text) -> rx.Component:
    return rx.text(text, size="2", color=rx.color("gray", 10))


def amount_row(label: str, value, *, testid: str = "", strong: bool = False) -> rx.Component:
    """One line of a totals block: label left, figure right."""
    return rx.hstack(
        rx.text(label, size="2", color=rx.color("gray", 11), weight="bold" if strong else "regular"),
        rx.spacer(),
        rx.text(value, size="3" if strong else "2", weight="bold" if strong else "medium", white_space="nowrap",
                style={"fontVariantNumeric": "tabular-nums"}, **({"data_testid": testid} if testid else {})),
        width="100%",
    )
