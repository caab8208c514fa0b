"""One exchange of a stored conversation: load its context, ask, save both messages.

No database session stays open while the LLM thinks: the context is read and the messages are
written in their own short transactions, and each tool opens its own.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..db import session_scope
from ..models import User
from . import history
from .agent import AgentAnswer, AssistantUnavailable, EventSink, ask, check_query
from .minimax import MiniMaxClient


@dataclass
class Exchange:
    conversation_id: int
    answer: AgentAnswer
    message_id: int  # the stored assistant message


def _open(user: User, conversation_id: int | None, query: str) -> tuple[int, list[dict[str, Any]]]:
    with session_scope() as session:
        if conversation_id is None:
            return history.start_conversation(session, user=user, first_question=query).id, []
        conv = history.get_conversation(session, user=user, conversation_id=conversation_id)
        return conv.id, history.context_turns(session, conversation_id=conv.id)


def _save(user: User, conversation_id: int, query: str, *, answer: AgentAnswer | None = None,
          error: str | None = None) -> int:
    with session_scope() as session:
        conv = history.get_conversation(session, user=user, conversation_id=conversation_id)
        history.add_message(session, conversation=conv, role="user", content=query)
        if answer is None:
            return history.add_message(session, conversation=conv, role="assistant", content=error or "",
                                       mode="error").id
        return history.add_message(session, conversation=conv, role="assistant", content=answer.answer,
                                   mode=answer.mode, tools_used=answer.tools_used,
                                   structured=answer.structured_data(), confidence=answer.confidence).id


def converse(query: str, *, user: User, conversation_id: int | None = None, preferred_warehouse: str | None = None,
             on_event: EventSink | None = None, client: MiniMaxClient | None = None) -> Exchange:
    """Ask within a conversation (a new one when `conversation_id` is None) and store the exchange.
    An LLM failure is stored as an error message too, then raised (AssistantUnavailable)."""
    query = check_query(query)
    conv_id, turns = _open(user, conversation_id, query)
    try:
        answer = ask(query, user=user, history=turns, preferred_warehouse=preferred_warehouse,
                     conversation_id=conv_id, on_event=on_event, client=client)
    except AssistantUnavailable as exc:
        _save(user, conv_id, query, error=exc.message)
        raise
    return Exchange(conv_id, answer, _save(user, conv_id, query, answer=answer))
