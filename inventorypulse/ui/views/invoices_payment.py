"""The "Record payment" dialog: amount (the balance due by default), method, reference, date."""

from __future__ import annotations

import reflex as rx

from ..components.forms import form_field
from ..states.invoices_payment import METHODS
from ..states.invoices_payment import PaymentState as P


def payment_dialog() -> rx.Component:
    e = P.errors
    return rx.dialog.root(
        rx.dialog.content(
            rx.dialog.title("Record payment"),
            rx.dialog.description("Invoice ", P.invoice_number, " · balance due ",
                                  rx.text.strong(P.balance, data_testid="payment-balance"),
                                  size="2", color=rx.color("gray", 11)),
            rx.vstack(
                rx.grid(
                    form_field("Amount", "amount",
                               rx.input(value=P.amount, on_change=P.set_amount, input_mode="decimal", width="100%",
                                        data_testid="payment-amount"), e, required=True),
                    form_field("Method", "method",
                               rx.select.root(
                                   rx.select.trigger(width="100%", data_testid="payment-method"),
                                   rx.select.content(*[rx.select.item(m["label"], value=m["value"]) for m in METHODS]),
                                   value=P.method, on_change=P.set_method,
                               ), e, required=True),
                    form_field("Reference", "reference",
                               rx.input(value=P.reference, on_change=P.set_reference, width="100%",
                                        placeholder="Cheque no., transfer id…", data_testid="payment-reference"), e),
                    form_field("Date received", "paid_at",
                               rx.input(type="date", value=P.paid_on, on_change=P.set_paid_on, width="100%",
                                        data_testid="payment-date"), e),
                    columns="2",
                    spacing="4",
                    width="100%",
                ),
                rx.hstack(
                    rx.dialog.close(rx.button("Cancel", variant="soft", color_scheme="gray", disabled=P.saving)),
                    rx.button(rx.icon("banknote", size=16), "Record payment", on_click=P.confirm, loading=P.saving,
                              data_testid="confirm-payment"),
                    justify="end",
                    spacing="3",
                    width="100%",
                ),
                spacing="4",
                width="100%",
                margin_top="12px",
            ),
            max_width="520px",
        ),
        open=P.is_open,
        on_open_change=P.close,
    )
