"""Sales order screens: the list, the new-order form, one order's page (ship, return, invoice), and
the same form editing a draft or pending order."""

import reflex as rx

from ..components.layout import page_shell
from ..states.auth import AuthState
from ..states.sales_orders import SalesOrderListState
from ..states.sales_orders_detail import SalesOrderDetailState
from ..states.sales_orders_edit import SalesOrderEditState
from ..states.sales_orders_form import SalesOrderFormState
from ..views.sales_orders_detail import sales_order_detail
from ..views.sales_orders_edit import sales_order_edit
from ..views.sales_orders_form import sales_order_form
from ..views.sales_orders_list import sales_order_list


def sales_orders_page() -> rx.Component:
    return page_shell("Sales orders", sales_order_list())


def new_sales_order_page() -> rx.Component:
    return page_shell("New sales order", sales_order_form())


def sales_order_page() -> rx.Component:
    return page_shell("Sales order", sales_order_detail())


def edit_sales_order_page() -> rx.Component:
    return page_shell("Edit sales order", sales_order_edit())


def register(app: rx.App) -> None:
    app.add_page(sales_orders_page, route="/sales-orders", title="Sales orders · InventoryPulse",
                 on_load=[AuthState.require_login, SalesOrderListState.load])
    app.add_page(new_sales_order_page, route="/sales-orders/new", title="New sales order · InventoryPulse",
                 on_load=[AuthState.require_login, SalesOrderFormState.load])
    app.add_page(sales_order_page, route="/sales-orders/[order_number]", title="Sales order · InventoryPulse",
                 on_load=[AuthState.require_login, SalesOrderDetailState.load])
    app.add_page(edit_sales_order_page, route="/sales-orders/[order_number]/edit",
                 title="Edit sales order · InventoryPulse",
                 on_load=[AuthState.require_login, SalesOrderEditState.load])
