"""Purchase order screens: the list, the new-order form, one order's page (with receiving), and
the same form editing a draft."""

import reflex as rx

from ..components.layout import page_shell
from ..states.auth import AuthState
from ..states.purchase_orders import PurchaseOrderListState
from ..states.purchase_orders_detail import PurchaseOrderDetailState
from ..states.purchase_orders_edit import PurchaseOrderEditState
from ..states.purchase_orders_form import PurchaseOrderFormState
from ..views.purchase_orders_detail import purchase_order_detail
from ..views.purchase_orders_edit import purchase_order_edit
from ..views.purchase_orders_form import purchase_order_form
from ..views.purchase_orders_list import purchase_order_list


def purchase_orders_page() -> rx.Component:
    return page_shell("Purchase orders", purchase_order_list())


def new_purchase_order_page() -> rx.Component:
    return page_shell("New purchase order", purchase_order_form())


def purchase_order_page() -> rx.Component:
    return page_shell("Purchase order", purchase_order_detail())


def edit_purchase_order_page() -> rx.Component:
    return page_shell("Edit purchase order", purchase_order_edit())


def register(app: rx.App) -> None:
    app.add_page(purchase_orders_page, route="/purchase-orders", title="Purchase orders · InventoryPulse",
                 on_load=[AuthState.require_login, PurchaseOrderListState.load])
    app.add_page(new_purchase_order_page, route="/purchase-orders/new", title="New purchase order · InventoryPulse",
                 on_load=[AuthState.require_login, PurchaseOrderFormState.load])
    app.add_page(purchase_order_page, route="/purchase-orders/[order_number]",
                 title="Purchase order · InventoryPulse",
                 on_load=[AuthState.require_login, PurchaseOrderDetailState.load])
    app.add_page(edit_purchase_order_page, route="/purchase-orders/[order_number]/edit",
                 title="Edit purchase order · InventoryPulse",
                 on_load=[AuthState.require_login, PurchaseOrderEditState.load])
