"""The assistant (seed 000 `POST /api/agent/query`), its conversations and confirmable actions."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Path
from pydantic import BaseModel, ConfigDict, Field

from ...assistant import history
from ...assistant.agent import MAX_QUERY_LENGTH, InvalidQuery
from ...assistant.chat import converse
from ...services import ledger
from ...services.errors import DomainError, FieldIssue
from ...services.permissions import Perm
from ..deps import Reader, SessionDep, allowed
from ..errors import ErrorResponse
from ..schemas import ERRORS

router = APIRouter(prefix="/agent", tags=["assistant"])
MAX_ID = 2**31 - 1
ActionId = Annotated[str, Path(max_length=40, description="e.g. ACT-1F2E3D4C5B6A7980")]
Orderer = allowed(Perm.PO_WRITE)
QUERY_ERRORS = ERRORS | {502: {"model": ErrorResponse, "description": "The LLM (MiniMax) failed; `message` says why "
                                                                       "in words a user can act on"}}


class UserContext(BaseModel):
    """Informational: the assistant always answers as the token's user, with that user's role."""

    model_config = ConfigDict(extra="allow")
    user_id: str | None = Field(None, max_length=20, description="Must be the signed-in user's id if given")
    role: str | None = Field(None, max_length=16, description="Must be the signed-in user's role if given")
    preferred_warehouse: str | None = Field(None, max_length=20, description="Warehouse code, e.g. WH-MAIN")


class AgentQuery(BaseModel):
    query: str | None = Field(None, description=f"The question, 1-{MAX_QUERY_LENGTH} characters",
                              examples=["Which products are most likely to stock out next month?"])
    user_context: UserContext | None = None
    conversation_id: int | None = Field(None, ge=1, le=MAX_ID, description="Continue this conversation "
                                                                          "(default: a new one)")


class AgentAnswerOut(BaseModel):
    answer: str
    structured_data: dict[str, Any] = Field(
        description="mode (llm/offline), conversation_id, tables, tool_results, pending_action (a draft order to "
                    "confirm) and product_recommendations")
    confidence_score: float = Field(ge=0, le=1)
    source_tools_used: list[str]
    processing_time_ms: int


def _check_context(session, user, ctx: UserContext | None) -> str | None:
    if ctx is None:
        return None
    if ctx.user_id is not None and ctx.user_id.strip().upper() != user.user_id:
        raise InvalidQuery("user_context.user_id is not the signed-in user: the assistant answers as the user "
                           "of the token.", [FieldIssue("user_context.user_id", "does not match the signed-in user")])
    if ctx.role is not None and ctx.role.strip().lower() != user.role:
        raise InvalidQuery("user_context.role is not the signed-in user's role.",
                           [FieldIssue("user_context.role", f"the signed-in user's role is {user.role}")])
    if not ctx.preferred_warehouse:
        return None
    try:
        return ledger.get_warehouse(session, ctx.preferred_warehouse.strip().upper()).code
    except DomainError as exc:
        raise InvalidQuery(exc.message, [FieldIssue("user_context.preferred_warehouse", exc.message)]) from exc


@router.post("/query", response_model=AgentAnswerOut, responses=QUERY_ERRORS, summary="Ask the inventory assistant")
def agent_query(body: AgentQuery, session: SessionDep, user: Reader) -> AgentAnswerOut:
    warehouse = _check_context(session, user, body.user_context)
    session.commit()  # no transaction stays open while the LLM works; tools open their own
    exchange = converse(body.query, user=user, conversation_id=body.conversation_id, preferred_warehouse=warehouse)
    a = exchange.answer
    return AgentAnswerOut(answer=a.answer, structured_data=a.structured_data() | {
        "conversation_id": exchange.conversation_id}, confidence_score=a.confidence,
        source_tools_used=a.tools_used, processing_time_ms=a.processing_time_ms)


class ActionOut(BaseModel):
    action_id: str
    kind: str
    summary: str
    status: str = Field(description="pending, confirmed or cancelled")
    result_reference: str | None = Field(description="The purchase order number once confirmed")


@router.post("/actions/{action_id}/confirm", response_model=ActionOut, responses=ERRORS,
             summary="Confirm an action the assistant proposed (creates the draft purchase order)")
def confirm_action(action_id: ActionId, session: SessionDep, user: Orderer) -> ActionOut:
    return ActionOut(**history.confirm_action(session, action_id=action_id, user=user))


@router.post("/actions/{action_id}/cancel", response_model=ActionOut, responses=ERRORS,
             summary="Decline an action the assistant proposed")
def cancel_action(action_id: ActionId, session: SessionDep, user: Reader) -> ActionOut:
    return ActionOut(**history.cancel_action(session, action_id=action_id, user=user))


class ConversationOut(BaseModel):
    id: int
    title: str
    updated_at: datetime


class MessageOut(BaseModel):
    role: str
    content: str
    mode: str | None
    tools_used: list[str]
    structured: dict[str, Any]
    created_at: datetime


class ConversationDetail(ConversationOut):
    messages: list[MessageOut]


@router.get("/conversations", response_model=list[ConversationOut], responses=ERRORS,
            summary="Your conversations with the assistant, newest first")
def list_conversations(session: SessionDep, user: Reader) -> list[ConversationOut]:
    return [ConversationOut(id=c.id, title=c.title, updated_at=c.updated_at)
            for c in history.list_conversations(session, user=user)]


@router.get("/conversations/{conversation_id}", response_model=ConversationDetail, responses=ERRORS,
            summary="One of your conversations with its messages")
def get_conversation(conversation_id: Annotated[int, Path(ge=1, le=MAX_ID)], session: SessionDep,
                     user: Reader) -> ConversationDetail:
    conv = history.get_conversation(session, user=user, conversation_id=conversation_id)
    messages = [MessageOut(role=m.role, content=m.content, mode=m.mode, tools_used=m.tools_used,
                           structured=m.structured, created_at=m.created_at)
                for m in history.list_messages(session, conversation_id=conv.id)]
    return ConversationDetail(id=conv.id, title=conv.title, updated_at=conv.updated_at, messages=messages)
