"""Products screens: the filtered list, one product's page, the create and edit forms."""

import reflex as rx

from ..components.layout import page_shell
from ..states.auth import AuthState
from ..states.products import ProductDetailState, ProductFormState, ProductListState
from ..views.products_detail import product_detail
from ..views.products_form import product_form
from ..views.products_list import product_list


def products_page() -> rx.Component:
    return page_shell("Products", product_list())


def product_page() -> rx.Component:
    return page_shell("Product", product_detail())


def new_product_page() -> rx.Component:
    return page_shell("New product", product_form())


def edit_product_page() -> rx.Component:
    return page_shell("Edit product", product_form())


def register(app: rx.App) -> None:
    app.add_page(products_page, route="/products", title="Products · InventoryPulse",
                 on_load=[AuthState.require_login, ProductListState.load])
    app.add_page(new_product_page, route="/products/new", title="New product · InventoryPulse",
                 on_load=[AuthState.require_login, ProductFormState.load_new])
    # The detail state's load chains ProductForecastState.load_forecast(<id>) once it knows the id.
    app.add_page(product_page, route="/products/[product_id]", title="Product · InventoryPulse",
                 on_load=[AuthState.require_login, ProductDetailState.load])
    app.add_page(edit_product_page, route="/products/[product_id]/edit", title="Edit product · InventoryPulse",
                 on_load=[AuthState.require_login, ProductFormState.load_edit])
