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


def register(app: rx.App) -> None:
    from ..states.auth import AuthState

    app.add_page(assistant_page, route="/assistant", title="Assistant · InventoryPulse",
                 on_load=AuthState.require_login)
