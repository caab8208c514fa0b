"""The assistant, full page (the same chat as the slide-over panel of every page)."""

import reflex as rx

from ..components.chat_panel import chat_view
from ..components.layout import page_shell
from ..states.assistant import AssistantState


def assistant_page() -> rx.Component:
    return page_shell(
        "Assistant",
        rx.box(
            chat_view(height="calc(100vh - 140px)"),
            max_width="900px",
            margin_x="auto",
            width="100%",
        ),
    )


def register(app: rx.App) -> None:
    from ..states.auth import AuthState

    app.add_page(assistant_page, route="/assistant", title="Assistant · InventoryPulse",
                 on_load=[AuthState.require_login, AssistantState.load])
