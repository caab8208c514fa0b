"""Operational tables: job runs, audit log, idempotency, number sequences, settings."""

from datetime import datetime

from sqlalchemy import JSON, Column, Index, String, Text
from sqlmodel import Field, SQLModel

from .base import created_at, enum_str, updated_at
from .status import JobStatus


class JobRun(SQLModel, table=True):
    __tablename__ = "job_runs"
    __table_args__ = (Index("ix_job_runs_name_started", "job_name", "started_at"),)

    id: int | None = Field(default=None, primary_key=True)
    job_name: str = Field(sa_type=String(50), max_length=50)
    started_at: datetime = created_at()
    finished_at: datetime | None = None
    status: str = enum_str(JobStatus.RUNNING, 16)
    counts: dict = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    detail: str | None = Field(default=None, sa_type=Text())
    error: str | None = Field(default=None, sa_type=Text())
    triggered_by: str | None = Field(default=None, sa_type=String(50), max_length=50)


class AuditLog(SQLModel, table=True):
    __tablename__ = "audit_log"
    __table_args__ = (
        Index("ix_audit_log_entity", "entity_type", "entity_id"),
        Index("ix_audit_log_type_occurred", "entity_type", "occurred_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    occurred_at: datetime = created_at(index=True)
    user_id: int | None = Field(default=None, foreign_key="users.id")
    entity_type: str = Field(sa_type=String(40), max_length=40)
    entity_id: str = Field(sa_type=String(40), max_length=40)
    action: str = Field(sa_type=String(30), max_length=30)
    changes: dict = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))


class IdempotencyRecord(SQLModel, table=True):
    """The first response to a request sent with an Idempotency-Key, replayed on retries."""

    __tablename__ = "idempotency_records"

    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(sa_type=String(100), max_length=100, unique=True)
    scope: str = Field(sa_type=String(80), max_length=80)
    request_hash: str = Field(sa_type=String(64), max_length=64)
    user_id: int | None = Field(default=None, foreign_key="users.id")
    status_code: int = 200
    response: dict = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    created_at: datetime = created_at()


class NumberSequence(SQLModel, table=True):
    """Counters behind generated numbers such as PO-2026-000042 (one row per prefix and year)."""

    __tablename__ = "number_sequences"

    name: str = Field(sa_type=String(40), max_length=40, primary_key=True)
    value: int = 0


class AppSetting(SQLModel, table=True):
    """Admin-editable settings stored as JSON under a key (e.g. alert rules, job crons)."""

    __tablename__ = "app_settings"

    key: str = Field(sa_type=String(60), max_length=60, primary_key=True)
    value: dict = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    updated_by: int | None = Field(default=None, foreign_key="users.id")
    updated_at: datetime = updated_at()
