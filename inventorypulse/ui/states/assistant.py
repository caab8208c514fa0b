"""The assistant chat: the signed-in user's latest conversation, answers streamed in as they come,
tool results as small tables, and proposed actions confirmed with a button."""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import itertools
from typing import Any

import reflex as rx

from ...assistant import history
from ...assistant.agent import check_query, llm_enabled, mode_label
from ...assistant.chat import converse
from ...db import session_scope
from ...services.errors import DomainError
from .auth import AuthState
from .common import acting_user

STARTERS = (
    "What is low on stock?",
    "Which products will run out before their next delivery?",
    "What should I reorder?",
    "How much is our stock worth?",
    "Open purchase orders",
    "Open alerts",
)
TOOL_LABELS = {
    "search_products": "Searching products", "get_product": "Looking up the product",
    "list_low_stock": "Checking low stock", "list_alerts": "Reading alerts", "stockout_risk": "Checking forecasts",
    "forecast_demand": "Reading the forecast", "recommend_restock": "Reading the replenishment plan",
    "compare_suppliers": "Comparing suppliers", "purchase_order_status": "Looking up purchase orders",
    "inventory_value": "Adding up stock value", "create_draft_purchase_order": "Preparing a draft order",
}
TABLE_ROWS = 10  # rows shown per table in the chat; the full list is one link away
_ids = itertools.count(1)


@dataclasses.dataclass
class Cell:
    text: str = ""
    href: str = ""


@dataclasses.dataclass
class ChatTable:
    title: str = ""
    columns: list[str] = dataclasses.field(default_factory=list)
    rows: list[list[Cell]] = dataclasses.field(default_factory=list)
    more: str = ""  # "Showing 10 of 25"


@dataclasses.dataclass
class ChatMessage:
    key: str = ""
    role: str = "assistant"
    text: str = ""
    error: bool = False
    mode: str = ""
    tables: list[ChatTable] = dataclasses.field(default_factory=list)
    action_id: str = ""
    action_summary: str = ""
    action_status: str = ""  # pending / confirmed / cancelled ("" when no action)
    action_reference: str = ""  # the purchase order created on confirmation


def _tables(structured: dict[str, Any]) -> list[ChatTable]:
    tables = []
    for t in structured.get("tables", []):
        rows = t.get("rows", [])
        shown = rows[:TABLE_ROWS]
        total = t.get("total") or len(rows)
        tables.append(ChatTable(t.get("title", ""), list(t.get("columns", [])),
                                [[Cell(c.get("text", ""), c.get("href", "")) for c in row] for row in shown],
                                f"Showing {len(shown)} of {total:,}" if total > len(shown) else ""))
    return tables


def _shown_text(text: str, mode: str | None, tables: list[ChatTable]) -> str:
    """Offline answers list their top rows as bullets for text-only clients; next to the table
    those bullets only repeat it."""
    if mode != "offline" or not tables:
        return text
    return "\n".join(line for line in text.splitlines() if not line.startswith("- ")).strip()


def _message(role: str, text: str, *, mode: str | None = None, structured: dict | None = None,
             action: dict | None = None) -> ChatMessage:
    structured = structured or {}
    action = action or structured.get("pending_action") or {}
    tables = _tables(structured)
    return ChatMessage(
        key=str(next(_ids)), role=role, text=_shown_text(text, mode, tables), error=mode == "error", mode=mode or "",
        tables=tables, action_id=action.get("action_id", ""), action_summary=action.get("summary", ""),
        action_status=action.get("status", ""), action_reference=action.get("result_reference") or "",
    )


class AssistantState(AuthState):
    messages: list[ChatMessage] = []
    draft: str = ""
    streaming: str = ""  # the answer arriving, shown until it is complete
    activity: str = ""  # what the assistant is doing ("Checking low stock…")
    busy: bool = False
    panel_open: bool = False
    conversation_id: int = 0
    loaded: bool = False
    mode: str = ""
    offline: bool = True

    @rx.event
    def load(self):
        """The user's latest conversation (once per session; "New chat" starts another)."""
        self.mode, self.offline = mode_label(), not llm_enabled()
        if not self.is_authenticated or self.loaded:
            return None
        try:
            with session_scope() as session:
                user = acting_user(self, session)
                conv = history.latest_conversation(session, user=user)
                rows = history.list_messages(session, conversation_id=conv.id) if conv else []
                ids = [(m.structured or {}).get("pending_action", {}).get("action_id") for m in rows]
                states = history.action_states(session, user=user, action_ids=[i for i in ids if i])
        except DomainError as exc:
            return rx.toast.error(exc.message)
        self.conversation_id = conv.id if conv else 0
        self.messages = [_message(m.role, m.content, mode=m.mode, structured=m.structured,
                                  action=states.get(i) if i else None) for m, i in zip(rows, ids, strict=True)]
        self.loaded = True
        return None

    @rx.event
    def toggle_panel(self):
        self.panel_open = not self.panel_open
        if self.panel_open:
            return AssistantState.load
        return None

    @rx.event
    def set_draft(self, value: str):
        self.draft = value

    @rx.event
    def new_conversation(self):
        if not self.busy:
            self.conversation_id, self.messages, self.loaded = 0, [], True

    @rx.event
    def ask_starter(self, question: str):
        self.draft = question
        return AssistantState.send

    @rx.event(background=True)
    async def send(self, _form: dict | None = None):
        async with self:
            if self.busy:
                return
            try:
                query = check_query(self.draft)
                with session_scope() as session:
                    user = acting_user(self, session)
            except DomainError as exc:
                yield rx.toast.error(exc.message)
                return
            self.messages.append(_message("user", query))
            self.draft, self.streaming, self.activity, self.busy = "", "", "Thinking", True
            conversation = self.conversation_id or None
        events: asyncio.Queue = asyncio.Queue()
        loop = asyncio.get_running_loop()

        def on_event(kind: str, text: str) -> None:  # called from the worker thread
            loop.call_soon_threadsafe(events.put_nowait, (kind, text))

        work = asyncio.create_task(asyncio.to_thread(converse, query, user=user, conversation_id=conversation,
                                                     on_event=on_event))
        while not work.done() or not events.empty():
            with contextlib.suppress(TimeoutError):
                first = await asyncio.wait_for(events.get(), timeout=0.2)
                batch = [first] + [events.get_nowait() for _ in range(events.qsize())]
                async with self:
                    for kind, text in batch:
                        if kind == "delta":
                            self.streaming += text
                        elif kind == "reset":
                            self.streaming = ""
                        elif kind == "tool":
                            self.activity = TOOL_LABELS.get(text, "Working")
        try:
            exchange = work.result()
            reply = _message("assistant", exchange.answer.answer, mode=exchange.answer.mode,
                             structured=exchange.answer.structured_data())
            conversation = exchange.conversation_id
        except DomainError as exc:  # the LLM failed (stored as an error message) or a bad question
            reply = _message("assistant", exc.message, mode="error")
        async with self:
            self.messages.append(reply)
            self.conversation_id = conversation or self.conversation_id
            self.streaming, self.activity, self.busy = "", "", False

    def _set_action(self, action: dict) -> None:
        for m in self.messages:
            if m.action_id == action["action_id"]:
                m.action_status, m.action_reference = action["status"], action.get("result_reference") or ""
        self.messages = list(self.messages)

    @rx.event
    def confirm_action(self, action_id: str):
        """Create the proposed draft order, as the signed-in user (purchasing checks the permission)."""
        try:
            with session_scope() as session:
                action = history.confirm_action(session, action_id=action_id, user=acting_user(self, session))
        except DomainError as exc:
            return rx.toast.error(exc.message)
        self._set_action(action)
        return rx.toast.success(f"Draft purchase order {action['result_reference']} created.")

    @rx.event
    def cancel_action(self, action_id: str):
        try:
            with session_scope() as session:
                action = history.cancel_action(session, action_id=action_id, user=acting_user(self, session))
        except DomainError as exc:
            return rx.toast.error(exc.message)
        self._set_action(action)
        return None
