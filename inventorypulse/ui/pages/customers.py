"""Customer screens: the filtered list, one customer's page, the create and edit forms."""

import reflex as rx

from ..components.layout import page_shell
from ..states.auth import AuthState
from ..states.customers import CustomerDetailState, CustomerListState
from ..states.customers_form import CustomerFormState
from ..views.customers_detail import customer_detail
from ..views.customers_form import customer_form
from ..views.customers_list import customer_list


def customers_page() -> rx.Component:
    return page_shell("Customers", customer_list())


def customer_page() -> rx.Component:
    return page_shell("Customer", customer_detail())


def new_customer_page() -> rx.Component:
    return page_shell("New customer", customer_form())


def edit_customer_page() -> rx.Component:
    return page_shell("Edit customer", customer_form())


def register(app: rx.App) -> None:
    app.add_page(customers_page, route="/customers", title="Customers · InventoryPulse",
                 on_load=[AuthState.require_login, CustomerListState.load])
    app.add_page(new_customer_page, route="/customers/new", title="New customer · InventoryPulse",
                 on_load=[AuthState.require_login, CustomerFormState.load_new])
    app.add_page(customer_page, route="/customers/[customer_number]", title="Customer · InventoryPulse",
                 on_load=[AuthState.require_login, CustomerDetailState.load])
    app.add_page(edit_customer_page, route="/customers/[customer_number]/edit", title="Edit customer · InventoryPulse",
                 on_load=[AuthState.require_login, CustomerFormState.load_edit])
