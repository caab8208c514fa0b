"""The assistant's conversations (per user), their messages, and actions awaiting confirmation."""

from datetime import datetime
from decimal import Decimal

from sqlalchemy import CheckConstraint, Index, Numeric, String, Text
from sqlmodel import Field, SQLModel

from .base import created_at, json_dict, json_list, updated_at


class AssistantConversation(SQLModel, table=True):
    __tablename__ = "assistant_conversations"
    __table_args__ = (Index("ix_assistant_conversations_user_updated", "user_id", "updated_at"),)

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="users.id")
    title: str = Field(sa_type=String(200), max_length=200)
    created_at: datetime = created_at()
    updated_at: datetime = updated_at()


class AssistantMessage(SQLModel, table=True):
    """One turn. `structured` keeps what the panel renders next to the text (tables, links, action)."""

    __tablename__ = "assistant_messages"
    __table_args__ = (
        CheckConstraint("role IN ('user', 'assistant')", name="role_known"),
        Index("ix_assistant_messages_conversation_id", "conversation_id", "id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    conversation_id: int = Field(foreign_key="assistant_conversations.id")
    role: str = Field(sa_type=String(16), max_length=16)
    content: str = Field(sa_type=Text)
    # "llm" (MiniMax), "offline" (the intent router) or "error" (the answer is an error message).
    mode: str | None = Field(default=None, sa_type=String(16), max_length=16)
    tools_used: list = json_list()
    structured: dict = json_dict()
    confidence: Decimal | None = Field(default=None, sa_type=Numeric(4, 3))
    created_at: datetime = created_at()


class AssistantAction(SQLModel, table=True):
    """Something the assistant proposed that changes data: it runs only when the user confirms.

    The payload is kept on the server so a confirmation can only run what was shown.
    """

    __tablename__ = "assistant_actions"
    __table_args__ = (
        CheckConstraint("status IN ('pending', 'confirmed', 'cancelled', 'failed')", name="status_known"),
        Index("ix_assistant_actions_user_status", "user_id", "status"),
    )

    id: int | None = Field(default=None, primary_key=True)
    action_id: str = Field(sa_type=String(40), max_length=40, unique=True)
    user_id: int = Field(foreign_key="users.id")
    conversation_id: int | None = Field(default=None, foreign_key="assistant_conversations.id")
    kind: str = Field(sa_type=String(40), max_length=40)
    summary: str = Field(sa_type=String(500), max_length=500)
    payload: dict = json_dict()
    status: str = Field(default="pending", sa_type=String(16), max_length=16)
    result_reference: str | None = Field(default=None, sa_type=String(40), max_length=40)
    error: str | None = Field(default=None, sa_type=String(500), max_length=500)
    created_at: datetime = created_at()
    decided_at: datetime | None = None
