"""The printable invoice: an A4 sheet with no app chrome. The Print button calls window.print()
and is hidden on paper (@media print)."""

from __future__ import annotations

import reflex as rx

from ..states.invoices import InvoiceDetailState as S

inv = S.invoice
PAGE_CSS = "@page { size: A4; margin: 14mm; } @media print { body { background: white !important; } }"
HIDE_ON_PAPER = {"@media print": {"display": "none"}}
INK, FAINT, RULE = "#111827", "#6b7280", "#e5e7eb"


def _label(text: str) -> rx.Component:
    return rx.text(text, size="1", weight="bold", color=FAINT, text_transform="uppercase", letter_spacing="0.06em")


def _fact(label: str, value, testid: str = "") -> rx.Component:
    return rx.hstack(rx.text(label, size="2", color=FAINT, min_width="90px"),
                     rx.text(value, size="2", weight="medium", **({"data_testid": testid} if testid else {})),
                     spacing="3")


def _company() -> rx.Component:
    return rx.vstack(
        rx.hstack(rx.icon("activity", size=26, color="#2563eb"), rx.heading("InventoryPulse", size="6", color=INK),
                  align="center", spacing="2"),
        rx.text("Sales & invoicing", size="2", color=FAINT),
        spacing="1",
    )


def _heading() -> rx.Component:
    return rx.vstack(
        rx.heading("INVOICE", size="7", color=INK, letter_spacing="0.08em"),
        _fact("Number", inv["number"], "print-number"),
        _fact("Order", inv["order"]),
        _fact("Issued", inv["issued"]),
        _fact("Due", inv["due"], "print-due"),
        _fact("Terms", inv["terms"]),
        align="end",
        spacing="1",
    )


def _cell(value, *, right: bool = False, head: bool = False, wrap: bool = False, **props) -> rx.Component:
    style = {"padding": "8px 6px", "textAlign": "right" if right else "left", "borderBottom": f"1px solid {RULE}",
             "fontVariantNumeric": "tabular-nums", "whiteSpace": "normal" if wrap else "nowrap"}
    if head:
        return rx.el.th(value, style=style | {"fontSize": "12px", "color": FAINT, "textTransform": "uppercase"})
    return rx.el.td(value, style=style, **props)


def _lines() -> rx.Component:
    headers = [("#", False), ("Item", False), ("SKU", False), ("Qty", True), ("Price", True), ("Discount", True),
               ("Amount", True)]
    return rx.el.table(
        rx.el.thead(rx.el.tr(*[_cell(h, right=r, head=True) for h, r in headers])),
        rx.el.tbody(rx.foreach(S.lines, lambda ln: rx.el.tr(
            _cell(ln["line_no"]), _cell(ln["name"], wrap=True), _cell(ln["sku"]), _cell(ln["quantity"], right=True),
            _cell(ln["unit_price"], right=True), _cell(ln["discount"], right=True), _cell(ln["total"], right=True),
            data_testid="print-line"))),
        style={"width": "100%", "borderCollapse": "collapse", "fontSize": "14px", "color": INK},
    )


def _total(label: str, value, *, strong: bool = False, testid: str = "") -> rx.Component:
    return rx.hstack(rx.text(label, size="2", color=INK if strong else FAINT, weight="bold" if strong else "regular"),
                     rx.spacer(),
                     rx.text(value, size="3" if strong else "2", weight="bold" if strong else "medium", color=INK,
                             **({"data_testid": testid} if testid else {})),
                     width="100%")


def _totals() -> rx.Component:
    return rx.vstack(
        _total("Subtotal", inv["subtotal"]),
        rx.cond(inv["has_discount"] == "yes", _total("Discount", "−" + inv["discount"])),
        _total("Tax", inv["tax"]),
        _total("Shipping", inv["shipping"]),
        rx.box(height="1px", width="100%", background=INK),
        _total("Total", inv["total"], strong=True, testid="print-total"),
        _total("Paid", inv["paid"]),
        _total("Balance due", inv["balance"], strong=True, testid="print-balance"),
        spacing="2",
        width="300px",
        align_self="end",
    )


def _status() -> rx.Component:
    message = rx.match(inv["status"], ("paid", "Paid in full on " + inv["paid_date"] + ". Thank you."),
                       ("overdue", "OVERDUE: payment was due on " + inv["due"] + "."),
                       ("partial", "Partly paid: " + inv["balance"] + " remains due by " + inv["due"] + "."),
                       "Please pay " + inv["balance"] + " by " + inv["due"] + ".")
    return rx.box(
        rx.text(message, size="2", weight="medium", color=rx.cond(inv["status"] == "overdue", "#b91c1c", INK),
                data_testid="print-status"),
        padding="10px 14px", border=f"1px solid {RULE}", border_radius="6px", width="100%",
    )


def _sheet() -> rx.Component:
    return rx.vstack(
        rx.hstack(_company(), rx.spacer(), _heading(), width="100%", align="start"),
        rx.box(height="2px", width="100%", background=INK),
        rx.vstack(_label("Bill to"), rx.text(inv["customer"], weight="bold", color=INK, data_testid="print-bill-to"),
                  rx.text(inv["bill_to"], size="2", color=INK), rx.text(inv["customer_email"], size="2", color=FAINT),
                  spacing="1"),
        _lines(),
        _totals(),
        _status(),
        rx.cond(inv["notes"] != "", rx.text(inv["notes"], size="2", color=FAINT)),
        spacing="5",
        width="100%",
    )


def print_toolbar() -> rx.Component:
    return rx.hstack(
        rx.link(rx.hstack(rx.icon("arrow-left", size=14), rx.text("Back to invoice", size="2"), spacing="1",
                          align="center"), href="/invoices/" + inv["number"], color="#374151"),
        rx.spacer(),
        rx.button(rx.icon("printer", size=16), "Print", on_click=rx.call_script("window.print()"),
                  data_testid="print-button"),
        width="100%",
        max_width="210mm",
        margin="0 auto",
        padding="16px 0",
        style=HIDE_ON_PAPER,
    )


def invoice_print() -> rx.Component:
    sheet = rx.box(
        _sheet(),
        max_width="210mm", min_height="260mm", margin="0 auto", padding="18mm 16mm", background="white",
        box_shadow="0 1px 4px rgba(0,0,0,0.15)", data_testid="print-sheet",
        style={"@media print": {"boxShadow": "none", "padding": "0", "minHeight": "auto"}},
    )
    body = rx.cond(
        S.not_found != "",
        rx.center(rx.callout(S.not_found, icon="circle-x", color_scheme="red"), padding="48px"),
        rx.cond(inv.contains("number"), rx.fragment(print_toolbar(), sheet),
                rx.center(rx.spinner(size="3"), padding="48px")),
    )
    return rx.theme(
        rx.el.style(PAGE_CSS),
        rx.box(rx.cond(S.is_authenticated, body, rx.center(rx.spinner(size="3"), height="100vh")),
               background="#f3f4f6", min_height="100vh", padding_bottom="32px",
               style={"@media print": {"background": "white", "paddingBottom": "0"}}),
        appearance="light",
    )
