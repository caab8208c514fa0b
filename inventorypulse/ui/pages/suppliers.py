"""Suppliers screens: the filtered list, one supplier's page, the create and edit forms."""

import reflex as rx

from ..components.layout import page_shell
from ..states.auth import AuthState
from ..states.suppliers import SupplierDetailState, SupplierListState
from ..states.suppliers_form import SupplierFormState
from ..views.suppliers_detail import supplier_detail
from ..views.suppliers_form import supplier_form
from ..views.suppliers_list import supplier_list


def suppliers_page() -> rx.Component:
    return page_shell("Suppliers", supplier_list())


def supplier_page() -> rx.Component:
    return page_shell("Supplier", supplier_detail())


def new_supplier_page() -> rx.Component:
    return page_shell("New supplier", supplier_form())


def edit_supplier_page() -> rx.Component:
    return page_shell("Edit supplier", supplier_form())


def register(app: rx.App) -> None:
    app.add_page(suppliers_page, route="/suppliers", title="Suppliers · InventoryPulse",
                 on_load=[AuthState.require_login, SupplierListState.load])
    app.add_page(new_supplier_page, route="/suppliers/new", title="New supplier · InventoryPulse",
                 on_load=[AuthState.require_login, SupplierFormState.load_new])
    app.add_page(supplier_page, route="/suppliers/[supplier_id]", title="Supplier · InventoryPulse",
                 on_load=[AuthState.require_login, SupplierDetailState.load])
    app.add_page(edit_supplier_page, route="/suppliers/[supplier_id]/edit", title="Edit supplier · InventoryPulse",
                 on_load=[AuthState.require_login, SupplierFormState.load_edit])
