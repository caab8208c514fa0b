"""One question in, one answer out: the MiniMax tool loop when a key is configured, otherwise the
offline intent router. The API and the chat panel both call `ask`."""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import Any

from ..config import settings
from ..models import User
from ..models.base import utcnow
from ..services import permissions
from ..services.errors import DomainError
from ..services.permissions import Perm
from .minimax import MiniMaxClient, MiniMaxError
from .results import ToolResult, plain
from .tools import ToolContext, run_tool, tool_schemas

log = logging.getLogger(__name__)

MAX_QUERY_LENGTH = 2000
MAX_ROUNDS = 6  # model turns per question; the last one gets no tools, so it must answer
# Called as on_event(kind, text): "delta" (answer text to append), "reset" (drop the text shown so
# far: the model went on to call tools), "tool" (a tool is running; text is its name).
EventSink = Callable[[str, str], None]

SYSTEM_PROMPT = """You are the inventory assistant of InventoryPulse, used by a small business.
You answer questions about products, stock levels, suppliers, purchase orders, alerts and demand forecasts,
and about sales figures, customers' accounts, sales orders and invoices (these you can only read).
Rules:
- Take every fact from the tools. Never invent products, quantities, prices or dates; if the tools do not give
  an answer, say so and say what you can answer instead.
- Quote the numbers (units, money, dates) and name products with their ids, e.g. "Wall Charger (PRD-000012)".
- Be brief: one or two sentences, then a short list when useful. The app shows each tool's table under your
  answer, so do not repeat whole tables.
- To order stock, call create_draft_purchase_order. It only prepares a draft: tell the user to press Confirm
  to create it. Never say an order has been created.
- Today is {today}. You are talking to {name} (role: {role}){rights}."""


class InvalidQuery(DomainError):
    code = "INVALID_QUERY"
    status = 400


class AssistantUnavailable(DomainError):
    """The LLM failed (auth, balance, filter, timeout...): a 502 with a message a person can act on."""

    code = "ASSISTANT_UNAVAILABLE"
    status = 502


def check_query(query: Any) -> str:
    if not isinstance(query, str) or not query.strip():
        raise InvalidQuery("Ask a question: the query is empty.")
    if len(query) > MAX_QUERY_LENGTH:
        raise InvalidQuery(f"The question is too long ({len(query):,} characters; at most {MAX_QUERY_LENGTH:,}).")
    if any(ord(ch) < 32 and ch not in "\t\n\r" for ch in query):
        raise InvalidQuery("The question contains control characters; send plain text.")
    return query.strip()


def llm_enabled() -> bool:
    return bool(settings.minimax_api_key)


def mode_label() -> str:
    return f"MiniMax ({settings.minimax_model})" if llm_enabled() else "Offline mode"


@dataclass
class AgentAnswer:
    answer: str
    mode: str  # "llm" or "offline"
    results: list[ToolResult] = field(default_factory=list)
    confidence: float = 0.0
    processing_time_ms: int = 0

    @property
    def tools_used(self) -> list[str]:
        return list(dict.fromkeys(r.tool for r in self.results))

    @property
    def action(self) -> dict[str, Any] | None:
        return next((r.action for r in reversed(self.results) if r.action), None)

    def structured_data(self) -> dict[str, Any]:
        recommendations = [rec for r in self.results if r.ok for rec in r.data.get("recommendations", [])]
        data: dict[str, Any] = {
            "mode": self.mode,
            "tables": [asdict(r.table) for r in self.results if r.ok and r.table is not None and r.table.rows],
            "tool_results": [r.as_dict() for r in self.results],
        }
        if recommendations:
            data["product_recommendations"] = recommendations
        if self.action:
            data["pending_action"] = self.action
        return plain(data)


def ask(query: str, *, user: User, history: list[dict[str, Any]] | None = None,
        preferred_warehouse: str | None = None, conversation_id: int | None = None,
        on_event: EventSink | None = None, client: MiniMaxClient | None = None) -> AgentAnswer:
    """Answer `query` for `user` (tools run with their permissions). Raises InvalidQuery, or
    AssistantUnavailable when the LLM fails."""
    query = check_query(query)
    started = time.perf_counter()
    ctx = ToolContext(user, preferred_warehouse, conversation_id)
    if client is None and llm_enabled():
        client = MiniMaxClient.from_settings()
    if client is None:
        from .router import answer_offline

        answer = answer_offline(query, ctx, history=history or [])
        if on_event:
            on_event("delta", answer.answer)
    else:
        try:
            answer = _llm_answer(client, query, ctx, history or [], on_event or (lambda kind, text: None))
        except MiniMaxError as exc:
            log.warning("assistant LLM failed: %s", exc)
            raise AssistantUnavailable(exc.user_message) from exc
    answer.processing_time_ms = round((time.perf_counter() - started) * 1000)
    return answer


def _system_message(user: User) -> dict[str, str]:
    rights = "" if permissions.has_perm(user, Perm.PO_WRITE) else "; this role may not create purchase orders"
    name = user.display_name or user.username
    return {"role": "system", "content": SYSTEM_PROMPT.format(today=utcnow().date().isoformat(), name=name,
                                                              role=user.role, rights=rights)}


def _arguments(raw: str) -> dict[str, Any] | None:
    try:
        value = json.loads(raw or "{}")
    except ValueError:
        return None
    return value if isinstance(value, dict) else None


def _llm_answer(client: MiniMaxClient, query: str, ctx: ToolContext, history: list[dict[str, Any]],
                on_event: EventSink) -> AgentAnswer:
    earlier = [{"role": m["role"], "content": m["content"]} for m in history]
    messages = [_system_message(ctx.user), *earlier, {"role": "user", "content": query}]
    schemas = tool_schemas()
    results: list[ToolResult] = []

    def delta(text: str) -> None:
        on_event("delta", text)

    for round_no in range(MAX_ROUNDS):
        last = round_no == MAX_ROUNDS - 1
        completion = client.chat(messages, None if last else schemas, on_delta=delta)
        if not completion.tool_calls or last:
            text = completion.text or "I could not find an answer to that in the inventory data."
            return AgentAnswer(text, "llm", results, _llm_confidence(results))
        on_event("reset", "")
        messages.append(completion.assistant_message())
        for call in completion.tool_calls:
            on_event("tool", call.name)
            args = _arguments(call.arguments)
            result = (ToolResult(call.name, {}, error="The arguments were not a JSON object; send valid JSON.")
                      if args is None else run_tool(call.name, args, ctx))
            results.append(result)
            messages.append({"role": "tool", "tool_call_id": call.id, "content": result.for_model()})
    raise AssertionError("unreachable: the last round always answers")


def _llm_confidence(results: list[ToolResult]) -> float:
    """0.9 when the answer rests on tool results that all succeeded, 0.7 when some tool refused,
    0.5 when no tool was used (the model answered from the conversation alone)."""
    if not results:
        return 0.5
    return 0.9 if all(r.ok for r in results) else 0.7
