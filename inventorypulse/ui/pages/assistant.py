import reflex as rx

from ..components.layout import page_shell


def assistant_page() -> rx.Component:
    return page_shell(
        "Assistant",
        rx.callout(
            "The inventory assistant is not available in this version yet. "
            "Use the dashboard and the lists meanwhile.",
            icon="info",
        ),
    )
