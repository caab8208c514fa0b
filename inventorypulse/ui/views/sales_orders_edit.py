"""Editing a draft or pending sales order: the new-order form holding the order, its customer fixed."""

from __future__ import annotations

import reflex as rx

from ..components.widgets import back_link
from ..states.sales_orders_edit import SalesOrderEditState as E
from ..states.sales_orders_form import SalesOrderFormState as S
from .sales_orders_form import customer_card, form_layout, save_buttons, summary_card


def sales_order_edit() -> rx.Component:
    note = rx.text.span("Confirming reserves the stock now; saving keeps the order ", E.status, ".")
    return rx.cond(
        (E.order_number != "") & (S.customer != ""),  # loaded (not being sent back to the order's page)
        form_layout(back_link(E.order_number, "/sales-orders/" + E.order_number), customer_card(edit=True),
                    summary_card(save_buttons(E.submit, draft_label="Save", testid="so-save"), note=note)),
        rx.center(rx.spinner(size="3"), padding="48px", width="100%"),
    )
