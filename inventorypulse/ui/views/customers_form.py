"""The customer create/edit form (all seed-002 fields). Fields are uncontrolled (one round trip on
save); the service's field issues appear under each field."""

from __future__ import annotations

import reflex as rx

from ..components.forms import form_field, record_form, text_input
from ..components.widgets import section
from ..states.customers_form import TERMS
from ..states.customers_form import CustomerFormState as S

v = S.values
e = S.errors


def _text(label: str, name: str, *, required: bool = False, hint: str = "", placeholder: str = "",
          **props) -> rx.Component:
    return form_field(label, name, text_input(name, v[name], placeholder=placeholder, **props), e, hint=hint,
                      required=required)


def _grid(*children: rx.Component, columns: str = "2") -> rx.Component:
    return rx.grid(*children, columns=rx.breakpoints(initial="1", md=columns), spacing="4", width="100%")


def _select(label: str, name: str, options: list[tuple[str, str]], **props) -> rx.Component:
    return form_field(label, name, rx.select.root(
        rx.select.trigger(width="100%", data_testid=f"field-{name}"),
        rx.select.content(*[rx.select.item(text, value=value) for value, text in options]),
        name=name, default_value=v[name]), e, **props)


def identity() -> rx.Component:
    return section(
        "Customer",
        _grid(
            _select("Type", "customer_type", [("business", "Business"), ("individual", "Individual")],
                    required=True),
            _text("Name", "name", required=True),
            _text("Email", "email", placeholder="orders@customer.com"),
            _text("Phone", "phone", placeholder="+15551234567", hint="International format."),
            _text("Tax id", "tax_id", hint="For business customers."),
            form_field("Status", "is_active",
                       rx.checkbox("Active (can place orders)", name="is_active",
                                   default_checked=v["is_active"] == "yes", data_testid="field-is_active"), e),
        ),
        icon="contact",
    )


def _address(title: str, prefix: str, icon: str, hint: str = "") -> rx.Component:
    return section(
        title,
        rx.text(hint, size="1", color=rx.color("gray", 10)) if hint else rx.fragment(),
        _grid(
            _text("Street", f"{prefix}street"),
            _text("City", f"{prefix}city"),
            _text("State / region", f"{prefix}state"),
            _text("Postal code", f"{prefix}postal_code"),
            _text("Country", f"{prefix}country", placeholder="US", hint="Two-letter ISO code."),
            columns="3",
        ),
        icon=icon,
    )


def terms() -> rx.Component:
    return section(
        "Terms",
        _grid(
            _select("Payment terms", "payment_terms", [(t, t) for t in TERMS], required=True,
                    hint="Net terms let a balance build up to the credit limit."),
            _text("Credit limit", "credit_limit", input_mode="decimal", hint="0 for none."),
            columns="3",
        ),
        form_field("Notes", "notes", rx.text_area(name="notes", default_value=v["notes"], rows="3", width="100%",
                                                  data_testid="field-notes"), e),
        icon="file-text",
    )


def customer_form() -> rx.Component:
    return record_form(
        S, identity(),
        _address("Shipping address", "", "truck"),
        _address("Billing address", "billing_", "receipt", hint="Leave blank to bill the shipping address."),
        terms(), noun="customer", list_url="/customers")
