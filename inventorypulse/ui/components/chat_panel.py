"""The assistant chat: the thread (answers, tool tables with links, confirmable actions), starter
questions and the question box; shown as a slide-over panel on every page and full-page on /assistant."""

from __future__ import annotations

import reflex as rx

from ..states.assistant import STARTERS, AssistantState, ChatMessage, ChatTable

PANEL_WIDTH = "520px"
# Markdown paragraphs inside a bubble: no outer margins, tight lists.
MARKDOWN_STYLE = {"font_size": "14px", "& p": {"margin": "0 0 6px 0"}, "& p:last-child": {"margin_bottom": "0"},
                  "& ul": {"margin": "4px 0", "padding_left": "18px"}}


def mode_badge() -> rx.Component:
    return rx.badge(
        rx.icon(rx.cond(AssistantState.offline, "wifi-off", "sparkles"), size=12),
        AssistantState.mode,
        color_scheme=rx.cond(AssistantState.offline, "gray", "green"),
        variant="soft",
        data_testid="chat-mode",
    )


def cell(c) -> rx.Component:
    return rx.table.cell(
        rx.cond(c.href != "", rx.link(c.text, href=c.href, size="1"), rx.text(c.text, size="1")),
        min_width=rx.cond(c.href != "", "150px", "auto"),  # names wrap, codes and figures stay on one line
        white_space=rx.cond(c.href != "", "normal", "nowrap"),
    )


def chat_table(t: ChatTable) -> rx.Component:
    return rx.vstack(
        rx.text(t.title, size="1", weight="medium", color=rx.color("gray", 11)),
        rx.box(
            rx.table.root(
                rx.table.header(rx.table.row(rx.foreach(t.columns, lambda col: rx.table.column_header_cell(
                    rx.text(col, size="1"), white_space="nowrap")))),
                rx.table.body(rx.foreach(t.rows, lambda row: rx.table.row(rx.foreach(row, cell)))),
                size="1",
                variant="surface",
                width="100%",
                data_testid="chat-table",
            ),
            width="100%",
            overflow_x="auto",
        ),
        rx.cond(t.more != "", rx.text(t.more, size="1", color=rx.color("gray", 10))),
        spacing="1",
        width="100%",
    )


def action_card(m: ChatMessage) -> rx.Component:
    pending = m.action_status == "pending"
    return rx.card(
        rx.vstack(
            rx.text(rx.cond(pending, "Create this draft purchase order?", "Draft purchase order"), size="2",
                    weight="medium"),
            rx.cond(
                pending,
                rx.cond(
                    AssistantState.can_edit,
                    rx.hstack(
                        rx.button(rx.icon("check", size=14), "Confirm", size="1",
                                  on_click=AssistantState.confirm_action(m.action_id), data_testid="chat-confirm"),
                        rx.button("Cancel", size="1", variant="soft", color_scheme="gray",
                                  on_click=AssistantState.cancel_action(m.action_id), data_testid="chat-cancel"),
                        spacing="2",
                    ),
                    rx.text("Your role cannot create purchase orders.", size="1", color=rx.color("gray", 10)),
                ),
                rx.hstack(
                    rx.badge(m.action_status, color_scheme=rx.cond(m.action_status == "confirmed", "green", "gray"),
                             data_testid="chat-action-status"),
                    rx.cond(m.action_reference != "",
                            rx.link(m.action_reference, href="/purchase-orders/" + m.action_reference, size="2",
                                    data_testid="chat-action-link")),
                    spacing="2",
                    align="center",
                ),
            ),
            spacing="2",
        ),
        size="1",
        width="100%",
        data_testid="chat-action",
    )


def bubble(m: ChatMessage) -> rx.Component:
    mine = m.role == "user"
    return rx.box(
        rx.vstack(
            rx.cond(mine, rx.text(m.text, size="2", white_space="pre-wrap"),
                    rx.box(rx.markdown(m.text), style=MARKDOWN_STYLE, width="100%")),
            rx.foreach(m.tables, chat_table),
            rx.cond(m.action_id != "", action_card(m)),
            spacing="2",
            width="100%",
        ),
        align_self=rx.cond(mine, "flex-end", "flex-start"),
        max_width=rx.cond(mine, "85%", "100%"),
        min_width="0",
        padding="10px 12px",
        border_radius="12px",
        background=rx.cond(mine, rx.color("accent", 3), rx.cond(m.error, rx.color("red", 3), rx.color("gray", 3))),
        border=rx.cond(m.error, f"1px solid {rx.color('red', 6)}", "1px solid transparent"),
        data_testid=rx.cond(mine, "chat-question", "chat-answer"),
    )


def in_progress() -> rx.Component:
    return rx.cond(
        AssistantState.busy,
        rx.box(
            rx.cond(
                AssistantState.streaming != "",
                rx.box(rx.markdown(AssistantState.streaming), style=MARKDOWN_STYLE),
                rx.hstack(rx.spinner(size="1"), rx.text(AssistantState.activity, "…", size="2",
                                                        color=rx.color("gray", 11)), align="center"),
            ),
            padding="10px 12px",
            border_radius="12px",
            background=rx.color("gray", 3),
            data_testid="chat-pending",
        ),
    )


def starters() -> rx.Component:
    return rx.cond(
        AssistantState.messages.length() == 0,
        rx.vstack(
            rx.text("Ask about stock, suppliers, orders and forecasts. Try:", size="2", color=rx.color("gray", 11)),
            *[rx.button(q, variant="surface", size="1", on_click=AssistantState.ask_starter(q),
                        disabled=AssistantState.busy, data_testid="chat-starter") for q in STARTERS],
            align="start",
            spacing="2",
        ),
    )


def question_box() -> rx.Component:
    return rx.form(
        rx.hstack(
            rx.input(value=AssistantState.draft, on_change=AssistantState.set_draft, placeholder="Ask a question…",
                     max_length=2000, size="2", width="100%", data_testid="chat-input"),
            rx.button(rx.icon("send", size=16), type="submit", size="2", loading=AssistantState.busy,
                      aria_label="Send", data_testid="chat-send"),
            width="100%",
            spacing="2",
        ),
        on_submit=AssistantState.send,
        reset_on_submit=False,
        width="100%",
    )


def chat_header(closable: bool) -> rx.Component:
    title = [rx.icon("message-circle", size=18, color=rx.color("accent", 10)), rx.heading("Assistant", size="4")]
    return rx.hstack(
        *(title if closable else []),  # the full page already has the title in its header
        mode_badge(),
        rx.spacer(),
        rx.tooltip(rx.icon_button(rx.icon("square-pen", size=16), variant="ghost", size="1",
                                  on_click=AssistantState.new_conversation, data_testid="chat-new"),
                   content="New conversation"),
        rx.icon_button(rx.icon("x", size=16), variant="ghost", size="1", on_click=AssistantState.toggle_panel,
                       data_testid="chat-close") if closable else rx.fragment(),
        align="center",
        spacing="2",
        width="100%",
    )


def chat_view(*, closable: bool = False, height: str = "100%") -> rx.Component:
    thread = rx.auto_scroll(
        rx.vstack(starters(), rx.foreach(AssistantState.messages, bubble), in_progress(), spacing="3",
                  width="100%", padding_right="4px"),
        flex="1",
        min_height="0",
        width="100%",
        data_testid="chat-thread",
    )
    return rx.vstack(chat_header(closable), rx.separator(), thread, question_box(), height=height, width="100%",
                     spacing="3", data_testid="chat-view")


def chat_launcher() -> rx.Component:
    """The header's "Ask" button (a header button, not a floating one: that covered Save buttons)."""
    on_page = rx.State.router.url.path.startswith("/assistant")
    return rx.cond(
        AssistantState.panel_open | on_page,
        rx.fragment(),
        rx.button(rx.icon("message-circle", size=16), "Ask", on_click=AssistantState.toggle_panel,
                  variant="soft", data_testid="chat-open"),
    )


def chat_panel() -> rx.Component:
    """Slide-over panel for page_shell (hidden on /assistant itself)."""
    on_page = rx.State.router.url.path.startswith("/assistant")
    panel = rx.cond(
        AssistantState.panel_open & ~on_page,
        rx.box(
            chat_view(closable=True),
            position="fixed", top="0", right="0", height="100vh", width=PANEL_WIDTH, max_width="100vw",
            padding="16px", z_index="50", background=rx.color("gray", 1),
            border_left=f"1px solid {rx.color('gray', 5)}", box_shadow="-8px 0 24px rgba(0,0,0,0.12)",
            data_testid="chat-panel",
        ),
    )
    return panel
