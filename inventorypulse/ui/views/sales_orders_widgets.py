"""Small pieces of the sales order sections: status and payment pills in their own colours."""

from __future__ import annotations

import reflex as rx

ORDER_COLORS = {"draft": "gray", "pending": "amber", "confirmed": "blue", "processing": "cyan",
                "shipped": "indigo", "delivered": "teal", "completed": "green", "cancelled": "red"}
PAYMENT_COLORS = {"unpaid": "gray", "partial": "amber", "paid": "green", "refunded": "violet"}


def order_pill(value, label, **props) -> rx.Component:
    return rx.badge(label, color_scheme=rx.match(value, *ORDER_COLORS.items(), "gray"), variant="soft", **props)


def payment_pill(value, label, **props) -> rx.Component:
    return rx.badge(label, color_scheme=rx.match(value, *PAYMENT_COLORS.items(), "gray"), variant="outline",
                    **props)
