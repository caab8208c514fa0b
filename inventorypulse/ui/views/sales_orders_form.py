"""The new sales order form: customer, lines with a product search showing available stock,
delivery details, live totals, and Save as draft / Save & confirm."""

from __future__ import annotations

import reflex as rx

from ..components.forms import field_error, form_field
from ..components.widgets import back_link, section
from ..states.sales_orders_form import ADDRESS
from ..states.sales_orders_form import SalesOrderFormState as S
from .purchase_orders_form import money_row
from .sales_orders_lines import lines_card

info = S.customer_info
summary = S.summary


def _customer_result(c) -> rx.Component:
    return rx.hstack(
        rx.vstack(rx.text(c["name"], weight="medium", size="2"),
                  rx.text(c["number"], " · ", c["city"], " · ", c["terms"], size="1", color=rx.color("gray", 10)),
                  spacing="0"),
        rx.spacer(),
        rx.button("Choose", size="1", variant="soft", on_click=S.choose_customer(c["number"]),
                  data_testid="pick-customer-" + c["number"]),
        align="center", width="100%", padding_x="12px", padding_y="8px",
        border_bottom=f"1px solid {rx.color('gray', 4)}",
    )


def customer_card(edit: bool = False) -> rx.Component:
    """The customer picker; when editing, the order's customer read-only (it cannot change)."""
    change = rx.text("Cannot change on an existing order", size="1", color=rx.color("gray", 10)) if edit else \
        rx.button("Change", variant="ghost", size="2", on_click=S.change_customer, data_testid="so-change-customer")
    chosen = rx.hstack(
        rx.vstack(
            rx.hstack(rx.text(info["name"], weight="bold", size="3", data_testid="so-customer-name"),
                      rx.badge(info["number"], variant="soft"), spacing="2", align="center"),
            rx.hstack(rx.text("Terms ", rx.text.strong(info["terms"]), size="2"),
                      rx.text("Credit limit ", rx.text.strong(info["credit"]), size="2"),
                      rx.text("Balance ", rx.text.strong(info["balance"]), size="2"),
                      spacing="4", wrap="wrap", color=rx.color("gray", 11)),
            spacing="1",
        ),
        rx.spacer(),
        change,
        align="center", width="100%", data_testid="so-customer",
    )
    search = rx.vstack(
        rx.input(rx.input.slot(rx.icon("search", size=16)), value=S.customer_search, on_change=S.search_customers,
                 debounce_timeout=300, placeholder="Search customers by name, email or number…", width="100%",
                 data_testid="so-customer-search"),
        rx.cond(S.customer_results.length() > 0,
                rx.box(rx.foreach(S.customer_results, _customer_result), width="100%", overflow="hidden",
                       border=f"1px solid {rx.color('gray', 5)}", border_radius="8px"),
                rx.cond(S.customer_search != "", rx.text("No active customer matches.", size="2",
                                                         color=rx.color("gray", 10)))),
        spacing="2", width="100%",
    )
    return section(
        "Customer",
        chosen if edit else rx.cond(S.customer != "", chosen, search),
        field_error(S.errors, "customer_id"),
        icon="contact",
        action=rx.cond(S.customer != "", rx.link("Customer page →", href="/customers/" + S.customer, size="2")),
    )


def delivery_card() -> rx.Component:
    e = S.errors
    labels = {"street": "Street", "city": "City", "state": "State / region", "postal_code": "Postal code",
              "country": "Country (2 letters)"}
    return section(
        "Delivery",
        rx.grid(
            form_field("Required by", "required_date",
                       rx.input(type="date", value=S.required, on_change=S.set_required, width="100%",
                                data_testid="so-required"), e),
            *[form_field(labels[k], k, rx.input(value=S.address[k], on_change=lambda v, k=k: S.set_address(k, v),
                                                 debounce_timeout=250, width="100%", data_testid=f"so-ship-{k}"), e)
              for k in ADDRESS],
            columns=rx.breakpoints(initial="1", md="2"), spacing="3", width="100%",
        ),
        rx.text("The address defaults to the customer's; change it for this order only.", size="1",
                color=rx.color("gray", 10)),
        form_field("Notes", "notes", rx.text_area(value=S.notes, on_change=S.set_notes, debounce_timeout=300,
                                                  rows="3", width="100%", data_testid="so-notes"), e),
        icon="truck",
    )


def save_buttons(submit, *, draft_label: str = "Save as draft", testid: str = "so-save-draft") -> rx.Component:
    """Save & confirm (reserves the stock) and a plain save; `submit(confirm)` is the form's or the edit's."""
    ready = (S.customer != "") & (S.lines.length() > 0)
    return rx.fragment(
        rx.button(rx.icon("circle-check", size=16), "Save & confirm", on_click=submit(True),
                  loading=S.saving == "confirm", disabled=~ready | (S.saving != ""), width="100%", size="3",
                  data_testid="so-save-confirm"),
        rx.button(rx.icon("save", size=16), draft_label, on_click=submit(False), variant="soft",
                  loading=S.saving == "draft", disabled=~ready | (S.saving != ""), width="100%", size="3",
                  data_testid=testid),
    )


def summary_card(buttons: rx.Component | None = None, note=None) -> rx.Component:
    """Totals, tax and shipping over the save buttons (the new order's unless given)."""
    e = S.errors
    return section(
        "Summary",
        money_row("Subtotal", summary["subtotal"], "so-subtotal"),
        money_row("Discounts", summary["discount"], "so-discount"),
        form_field("Tax rate (%)", "tax_rate",
                   rx.input(value=S.tax_pct, on_change=S.set_tax, debounce_timeout=250, placeholder="0",
                            input_mode="decimal", width="100%", data_testid="so-tax"), e),
        rx.cond(summary["tax_error"] != "", rx.text(summary["tax_error"], size="1", color=rx.color("red", 11))),
        money_row("Tax", summary["tax"], "so-tax-amount"),
        form_field("Shipping cost", "shipping_cost",
                   rx.input(value=S.shipping, on_change=S.set_shipping, debounce_timeout=250, placeholder="0.00",
                            input_mode="decimal", width="100%", data_testid="so-shipping"), e),
        rx.cond(summary["shipping_error"] != "",
                rx.text(summary["shipping_error"], size="1", color=rx.color("red", 11))),
        rx.divider(),
        money_row("Total", summary["total"], "so-total", strong=True),
        field_error(e, "total_amount"),
        buttons if buttons is not None else save_buttons(S.submit),
        rx.text(note if note is not None else "Confirming reserves the stock now; a draft reserves nothing until "
                "it is confirmed.", size="1", color=rx.color("gray", 10)),
        icon="receipt",
    )


def form_layout(back: rx.Component, customer: rx.Component, summary_side: rx.Component) -> rx.Component:
    """The form's grid, shared by the new-order and edit pages."""
    return rx.vstack(
        back,
        rx.grid(
            rx.vstack(customer, lines_card(), delivery_card(), spacing="4", width="100%"),
            summary_side,
            columns=rx.breakpoints(initial="1", lg="minmax(0, 2fr) minmax(300px, 1fr)"),
            spacing="4",
            width="100%",
            align_items="start",
        ),
        spacing="3",
        width="100%",
    )


def sales_order_form() -> rx.Component:
    return form_layout(back_link("All sales orders", "/sales-orders"), customer_card(), summary_card())
