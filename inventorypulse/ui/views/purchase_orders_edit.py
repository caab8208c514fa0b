"""Editing a draft purchase order: the new-order form holding the order, its supplier fixed."""

from __future__ import annotations

import reflex as rx

from ..components.widgets import back_link
from ..states.purchase_orders_edit import PurchaseOrderEditState as E
from ..states.purchase_orders_form import PurchaseOrderFormState as S
from .purchase_orders_form import form_layout, summary_card, supplier_card


def purchase_order_edit() -> rx.Component:
    save = rx.button(rx.icon("save", size=16), "Save changes", on_click=E.submit, loading=S.saving,
                     disabled=S.lines.length() == 0, width="100%", size="3", data_testid="save-po")
    return rx.cond(
        (E.order_number != "") & (S.supplier != ""),  # loaded (not being sent back to the order's page)
        form_layout(back_link(E.order_number, "/purchase-orders/" + E.order_number), supplier_card(edit=True),
                    summary_card(save, note="The order stays a draft; send it from its page.")),
        rx.center(rx.spinner(size="3"), padding="48px", width="100%"),
    )
