"""The supplier create/edit form. Fields are uncontrolled (one round trip on save); the service's
field issues appear under each field."""

from __future__ import annotations

import reflex as rx

from ..components.forms import form_field, record_form, text_input
from ..components.widgets import section
from ..states.suppliers_form import SupplierFormState as S

v = S.values
e = S.errors


def _text(label: str, name: str, *, required: bool = False, hint: str = "", placeholder: str = "",
          **props) -> rx.Component:
    return form_field(label, name, text_input(name, v[name], placeholder=placeholder, **props), e, hint=hint,
                      required=required)


def _grid(*children: rx.Component, columns: str = "2") -> rx.Component:
    return rx.grid(*children, columns=rx.breakpoints(initial="1", md=columns), spacing="4", width="100%")


def company() -> rx.Component:
    return section(
        "Company",
        _grid(
            rx.cond(
                S.editing == "",
                _text("Supplier id", "supplier_id", hint="Leave blank to number it automatically (SUP-0001).",
                      placeholder="SUP-0042"),
                form_field("Supplier id", "supplier_id",
                           rx.input(value=S.editing, read_only=True, variant="soft", width="100%"), e),
            ),
            _text("Company name", "company_name", required=True),
            _text("Display name", "display_name", hint="Short name used in lists (optional)."),
            form_field("Status", "status",
                       rx.select(["active", "pending", "inactive"], name="status", default_value=v["status"],
                                 width="100%", data_testid="field-status"), e),
            _text("Rating (1-5)", "rating", input_mode="decimal"),
            form_field("Preferred", "preferred",
                       rx.checkbox("Preferred supplier", name="preferred", default_checked=v["preferred"] == "yes",
                                   data_testid="field-preferred"), e),
        ),
        icon="building-2",
    )


def contact() -> rx.Component:
    return section(
        "Contact",
        _grid(
            _text("Primary contact", "primary_contact", required=True),
            _text("Email", "email", required=True, placeholder="orders@supplier.com"),
            _text("Phone", "phone", required=True, placeholder="+15551234567", hint="International format."),
            _text("Alternative phone", "alternative_phone", placeholder="+15557654321"),
            _text("Website", "website", placeholder="https://"),
        ),
        icon="contact",
    )


def address() -> rx.Component:
    return section(
        "Address",
        _grid(
            _text("Street", "street", required=True),
            _text("City", "city", required=True),
            _text("State / region", "state", required=True),
            _text("Postal code", "postal_code", required=True),
            _text("Country", "country", required=True, placeholder="US", hint="Two-letter ISO code."),
            columns="3",
        ),
        icon="map-pin",
    )


def terms() -> rx.Component:
    return section(
        "Terms",
        _grid(
            _text("Payment terms (days)", "payment_terms", input_mode="numeric"),
            _text("Currency", "currency", placeholder="USD"),
            _text("Lead time (days)", "lead_time_days", required=True, input_mode="numeric"),
            _text("Minimum order value", "minimum_order_value", input_mode="decimal"),
            _text("Tax id", "tax_id"),
            columns="3",
        ),
        form_field("Notes", "notes", rx.text_area(name="notes", default_value=v["notes"], rows="3", width="100%",
                                                  data_testid="field-notes"), e),
        icon="file-text",
    )


def supplier_form() -> rx.Component:
    return record_form(S, company(), contact(), address(), terms(), noun="supplier", list_url="/suppliers")
