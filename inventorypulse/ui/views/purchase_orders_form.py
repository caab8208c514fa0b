"""The new purchase order form: supplier, lines with a product search, live totals."""

from __future__ import annotations

import reflex as rx

from ..components.forms import field_error, form_field
from ..components.widgets import back_link, section
from ..states.purchase_orders_form import PurchaseOrderFormState as S

info = S.supplier_info
summary = S.summary


def supplier_card(edit: bool = False) -> rx.Component:
    """The supplier picker; when editing, the order's supplier read-only (it cannot change)."""
    fixed = rx.hstack(rx.text(info["name"], weight="bold", size="3"), rx.badge(S.supplier, variant="soft"),
                      rx.text("· cannot change on an existing order", size="1", color=rx.color("gray", 10)),
                      spacing="2", align="center", data_testid="po-supplier-fixed")
    return section(
        "Supplier",
        fixed if edit else rx.select.root(
            rx.select.trigger(placeholder="Choose a supplier…", width="100%", data_testid="po-supplier"),
            rx.select.content(rx.foreach(S.supplier_options,
                                         lambda o: rx.select.item(o["label"], value=o["value"]))),
            value=S.supplier,
            on_change=S.choose_supplier,
        ),
        field_error(S.errors, "supplier_id"),
        rx.cond(
            S.supplier != "",
            rx.hstack(
                rx.text("Currency ", rx.text.strong(info["currency"]), size="2"),
                rx.text("Terms ", rx.text.strong(info["terms"]), size="2"),
                rx.text("Lead time ", rx.text.strong(info["lead_time"], " days"), size="2"),
                rx.text("Minimum order ", rx.text.strong(info["minimum_text"]), size="2"),
                spacing="5", wrap="wrap", color=rx.color("gray", 11), data_testid="po-supplier-info",
            ),
        ),
        icon="truck",
        action=rx.cond(S.supplier != "", rx.link("Supplier page →", href="/suppliers/" + S.supplier, size="2")),
    )


def _result(r) -> rx.Component:
    return rx.hstack(
        rx.vstack(
            rx.hstack(rx.text(r["name"], weight="medium", size="2"),
                      rx.cond(r["offered"] == "yes", rx.badge("offered", color_scheme="green", variant="soft",
                                                              size="1")),
                      spacing="2", align="center"),
            rx.text(r["product_id"], " · SKU ", r["sku"], " · ", r["stock"], " available", size="1",
                    color=rx.color("gray", 10)),
            spacing="0",
        ),
        rx.spacer(),
        rx.text(r["cost"], size="2", white_space="nowrap"),
        rx.button(rx.cond(r["on_order"] == "yes", "On order", "Add"), size="1", variant="soft",
                  disabled=r["on_order"] == "yes", on_click=S.add_product(r["product_id"]),
                  data_testid="pick-" + r["product_id"]),
        align="center",
        spacing="3",
        width="100%",
        padding_x="12px",
        padding_y="8px",
        border_bottom=f"1px solid {rx.color('gray', 4)}",
    )


def product_search() -> rx.Component:
    return rx.vstack(
        rx.input(
            rx.input.slot(rx.icon("search", size=16)),
            value=S.search,
            on_change=S.search_products,
            debounce_timeout=300,
            placeholder=rx.cond(S.supplier == "", "Choose a supplier first",
                                "Search products by name, SKU or id to add a line…"),
            disabled=S.supplier == "",
            width="100%",
            data_testid="po-product-search",
        ),
        rx.cond(
            S.results.length() > 0,
            rx.box(rx.foreach(S.results, _result), width="100%", border=f"1px solid {rx.color('gray', 5)}",
                   border_radius="8px", overflow="hidden", data_testid="po-product-results"),
            rx.cond(S.search != "", rx.text("No products match.", size="2", color=rx.color("gray", 10))),
        ),
        spacing="2",
        width="100%",
    )


def _line(line, i) -> rx.Component:
    return rx.table.row(
        rx.table.cell(rx.vstack(
            rx.link(line["product_id"], href="/products/" + line["product_id"], weight="medium", size="2"),
            rx.text(line["name"], size="2"),
            rx.cond(line["note"] != "", rx.text(line["note"], size="1", color=rx.color("amber", 11))),
            rx.cond(line["error_product"] != "", rx.text(line["error_product"], size="1", color=rx.color("red", 11))),
            spacing="0")),
        rx.table.cell(rx.vstack(
            rx.input(value=line["quantity"], on_change=lambda val: S.set_quantity(i, val), debounce_timeout=250,
                     input_mode="numeric", width="96px", text_align="right", data_testid="line-quantity"),
            rx.text(line["unit"], " · MOQ ", line["moq"], size="1", color=rx.color("gray", 10)),
            rx.cond(line["error_quantity"] != "", rx.text(line["error_quantity"], size="1", color=rx.color("red", 11),
                                                          data_testid="line-quantity-error")),
            spacing="1")),
        rx.table.cell(rx.vstack(
            rx.input(value=line["unit_cost"], on_change=lambda val: S.set_unit_cost(i, val), debounce_timeout=250,
                     input_mode="decimal", width="110px", text_align="right", data_testid="line-unit-cost"),
            rx.text(line["cost_source"], size="1", color=rx.color("gray", 10), data_testid="line-cost-source"),
            rx.cond(line["error_cost"] != "", rx.text(line["error_cost"], size="1", color=rx.color("red", 11),
                                                      data_testid="line-cost-error")),
            spacing="1")),
        rx.table.cell(rx.text(line["line_total"], weight="medium", white_space="nowrap", data_testid="line-total"),
                      text_align="right", padding_top="18px"),
        rx.table.cell(rx.icon_button(rx.icon("trash-2", size=16), variant="ghost", color_scheme="red",
                                     on_click=S.remove_line(i), data_testid="remove-line", aria_label="Remove line"),
                      padding_top="16px"),
        vertical_align="top",
        data_testid="po-line",
    )


def lines_card() -> rx.Component:
    return section(
        "Lines",
        product_search(),
        field_error(S.errors, "items"),
        rx.cond(
            S.lines.length() > 0,
            rx.table.root(
                rx.table.header(rx.table.row(
                    rx.table.column_header_cell("Product"), rx.table.column_header_cell("Quantity"),
                    rx.table.column_header_cell("Unit cost"),
                    rx.table.column_header_cell("Line total", text_align="right", white_space="nowrap"),
                    rx.table.column_header_cell(""))),
                rx.table.body(rx.foreach(S.lines, _line)),
                variant="surface", size="2", width="100%", data_testid="po-lines",
            ),
            rx.text("No lines yet: search for a product above.", size="2", color=rx.color("gray", 10)),
        ),
        icon="list",
    )


def money_row(label: str, value, testid: str, *, strong: bool = False) -> rx.Component:
    return rx.hstack(rx.text(label, size="2" if not strong else "3", weight="bold" if strong else "regular"),
                     rx.spacer(),
                     rx.text(value, size="2" if not strong else "4", weight="bold" if strong else "medium",
                             data_testid=testid),
                     width="100%", align="center")


def summary_card(save: rx.Component | None = None, note: str = "The order is saved as a draft; send it from "
                 "its page.") -> rx.Component:
    """Totals, tax, shipping, dates and notes over the save button (`save`: the new-order one by
    default); the default expected date applies only to a new order."""
    e, new = S.errors, save is None
    return section(
        "Summary",
        money_row("Subtotal", summary["subtotal"], "po-subtotal"),
        form_field("Tax rate (%)", "tax_rate",
                   rx.input(value=S.tax_pct, on_change=S.set_tax, debounce_timeout=250, placeholder="0",
                            input_mode="decimal", width="100%", data_testid="po-tax"), e),
        rx.cond(summary["tax_error"] != "", rx.text(summary["tax_error"], size="1", color=rx.color("red", 11))),
        money_row("Tax", summary["tax"], "po-tax-amount"),
        form_field("Shipping", "shipping_cost",
                   rx.input(value=S.shipping, on_change=S.set_shipping, debounce_timeout=250, placeholder="0.00",
                            input_mode="decimal", width="100%", data_testid="po-shipping"), e),
        rx.cond(summary["shipping_error"] != "",
                rx.text(summary["shipping_error"], size="1", color=rx.color("red", 11))),
        rx.divider(),
        money_row("Total", summary["total"], "po-total", strong=True),
        rx.cond(summary["minimum_note"] != "", rx.callout(summary["minimum_note"], icon="info", size="1",
                                                         color_scheme="amber", width="100%")),
        form_field("Expected delivery", "expected_delivery_date",
                   rx.input(type="date", value=S.expected, on_change=S.set_expected, width="100%",
                            data_testid="po-expected"), e,
                   hint="Blank: order date + the longest lead time." if new else ""),
        rx.cond(summary["default_expected"] != "",
                rx.text("Default: ", summary["default_expected"], size="1", color=rx.color("gray", 10)))
        if new else rx.fragment(),
        form_field("Notes", "notes", rx.text_area(value=S.notes, on_change=S.set_notes, debounce_timeout=300,
                                                  rows="3", width="100%", data_testid="po-notes"), e),
        save if save is not None else rx.button(
            rx.icon("save", size=16), "Create draft order", on_click=S.submit, loading=S.saving,
            disabled=(S.supplier == "") | (S.lines.length() == 0), width="100%", size="3", data_testid="create-po"),
        rx.text(note, size="1", color=rx.color("gray", 10)),
        icon="receipt",
    )


def form_layout(back: rx.Component, supplier: rx.Component, summary_side: rx.Component) -> rx.Component:
    """The form's grid, shared by the new-order and edit pages."""
    return rx.vstack(
        back,
        rx.grid(
            rx.vstack(supplier, lines_card(), spacing="4", width="100%"),
            summary_side,
            columns=rx.breakpoints(initial="1", lg="minmax(0, 2fr) minmax(300px, 1fr)"),
            spacing="4",
            width="100%",
            align_items="start",
        ),
        spacing="3",
        width="100%",
    )


def purchase_order_form() -> rx.Component:
    return form_layout(back_link("All purchase orders", "/purchase-orders"), supplier_card(), summary_card())
