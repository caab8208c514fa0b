"""Create / edit product form. Each field shows the service's message for it right underneath."""

from __future__ import annotations

import reflex as rx

from ..components.forms import field_error, form_field
from ..components.widgets import back_link, section
from ..states.products import ProductFormState as S
from ..states.products.common import ALL

V, E = S.values, S.errors


def _input(name: str, *, placeholder: str = "", type_: str = "text", **props) -> rx.Component:
    return rx.input(name=name, default_value=V[name], placeholder=placeholder, type=type_, width="100%",
                    data_testid=f"field-{name}", **props)


def _field(label: str, name: str, *, required: bool = False, hint: str = "", **props) -> rx.Component:
    return form_field(label, name, _input(name, **props), E, required=required, hint=hint)


def _select(name: str, items, placeholder: str = "Choose…") -> rx.Component:
    return rx.select.root(
        rx.select.trigger(placeholder=placeholder, width="100%", data_testid=f"field-{name}"),
        rx.select.content(*items),
        name=name,
        default_value=V[name],
    )


def _flag(label: str, name: str) -> rx.Component:
    return rx.text(
        rx.hstack(rx.checkbox(name=name, default_checked=V[name] == "true", data_testid=f"field-{name}"),
                  label, spacing="2", align="center"),
        as_="label", size="2",
    )


def _grid(*children, columns: str = "3") -> rx.Component:
    return rx.grid(*children, columns=rx.breakpoints(initial="1", md=columns), spacing="4", width="100%")


def identity() -> rx.Component:
    category = _select("category", [rx.foreach(S.category_names, lambda n: rx.select.item(n, value=n))],
                       "Choose a category")
    status = _select("status", [rx.select.item(s.title(), value=s) for s in ("active", "pending",
                                                                             "discontinued")])
    return section(
        "Product", _grid(
            rx.cond(S.creating, _field("Product id", "product_id", placeholder="generated (PRD-nnnnnn)",
                                       hint="Leave empty to number it automatically.")),
            _field("Name", "name", required=True),
            _field("SKU", "sku", required=True, placeholder="e.g. ABC-12345", hint="6-30 letters, digits, '-'"),
            _field("Barcode", "barcode"),
            form_field("Category", "category", category, E, required=True),
            _field("Subcategory", "subcategory"),
            form_field("Status", "status", status, E),
        ),
        form_field("Description", "description",
                   rx.text_area(name="description", default_value=V["description"], rows="3", width="100%",
                                data_testid="field-description"), E),
        icon="package",
    )


def pricing_and_stock() -> rx.Component:
    return _grid(
        section("Pricing", _grid(
            _field("Cost price", "cost_price", required=True, placeholder="0.00", input_mode="decimal"),
            _field("Selling price", "selling_price", required=True, placeholder="0.00", input_mode="decimal"),
            _field("Currency", "currency", placeholder="USD"),
        ), icon="tag"),
        section("Stock rules", _grid(
            _field("Reorder threshold", "reorder_threshold", required=True, input_mode="numeric"),
            _field("Reorder quantity", "reorder_quantity", required=True, input_mode="numeric"),
            _field("Maximum stock", "max_stock_level", input_mode="numeric", hint="Empty: no maximum"),
            _field("Stock unit", "stock_unit"),
            _field("Location", "warehouse_location", placeholder="Aisle / bin"),
            rx.cond(S.creating, _field("Opening stock", "current_stock", input_mode="numeric", placeholder="0",
                                       hint="Received into the default warehouse.")),
        ), icon="boxes"),
        columns="2",
    )


def supplier_and_more() -> rx.Component:
    supplier = _select("supplier_id", [rx.select.item("No primary supplier", value=ALL),
                                       rx.foreach(S.supplier_choices,
                                                  lambda o: rx.select.item(o["label"], value=o["value"]))])
    return _grid(
        section("Supplier", _grid(
            form_field("Primary supplier", "supplier_id", supplier, E),
            _field("Supplier's product code", "supplier_product_code"),
            columns="2",
        ), icon="truck"),
        section("More", _grid(
            _field("Tags", "tags", placeholder="comma, separated", hint="Up to 20 tags."),
            _field("Weight (g)", "weight", input_mode="decimal"),
            columns="2",
        ), rx.hstack(_flag("Seasonal", "seasonal"), _flag("Track lots", "lot_tracking"),
                     _flag("Track expiry", "expiration_tracking"), spacing="5", wrap="wrap"),
            *[field_error(E, f) for f in ("seasonal", "lot_tracking", "expiration_tracking")],
            icon="sliders-horizontal"),
        columns="2",
    )


def product_form() -> rx.Component:
    back = rx.cond(S.creating, back_link("Products", "/products"), back_link(S.code, "/products/" + S.code))
    buttons = rx.hstack(
        rx.cond(S.message != "", rx.callout(S.message, icon="circle-alert", color_scheme="red", size="1",
                                            data_testid="form-message")),
        rx.spacer(),
        rx.link(rx.button("Cancel", variant="soft", color_scheme="gray", type="button"),
                href=rx.cond(S.creating, "/products", "/products/" + S.code)),
        rx.button(rx.cond(S.saving, rx.spinner(size="1"), rx.icon("save", size=16)),
                  rx.cond(S.creating, "Create product", "Save changes"), type="submit", disabled=S.saving,
                  data_testid="save-product"),
        align="center",
        width="100%",
        spacing="3",
    )
    form = rx.form(
        rx.vstack(identity(), pricing_and_stock(), supplier_and_more(), buttons, spacing="4", width="100%"),
        on_submit=S.save,
        key=S.form_key,
        width="100%",
        data_testid="product-form",
    )
    return rx.vstack(back, rx.cond(S.loaded, form, rx.center(rx.spinner(size="3"), width="100%", height="200px")),
                     spacing="3", width="100%")
