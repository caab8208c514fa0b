"""Invoice screens: the list, one invoice's page (with payments), the printable invoice."""

import reflex as rx

from ..components.layout import page_shell
from ..states.auth import AuthState
from ..states.invoices import InvoiceDetailState, InvoiceListState
from ..views.invoices_detail import invoice_detail
from ..views.invoices_list import invoice_list
from ..views.invoices_print import invoice_print


def invoices_page() -> rx.Component:
    return page_shell("Invoices", invoice_list())


def invoice_page() -> rx.Component:
    return page_shell("Invoice", invoice_detail())


def register(app: rx.App) -> None:
    app.add_page(invoices_page, route="/invoices", title="Invoices · InventoryPulse",
                 on_load=[AuthState.require_login, InvoiceListState.load])
    app.add_page(invoice_page, route="/invoices/[invoice_number]", title="Invoice · InventoryPulse",
                 on_load=[AuthState.require_login, InvoiceDetailState.load])
    # Printable: no sidebar, header or chat, but still behind the login.
    app.add_page(invoice_print, route="/invoices/[invoice_number]/print", title="Invoice · InventoryPulse",
                 on_load=[AuthState.require_login, InvoiceDetailState.load])
