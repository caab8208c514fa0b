"""Column helpers shared by the tables."""

from datetime import UTC, datetime
from decimal import Decimal

from sqlalchemy import JSON, Column, Numeric, String
from sqlmodel import Field, SQLModel

# Stable constraint names, so Alembic sees the same schema on SQLite and PostgreSQL.
SQLModel.metadata.naming_convention = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> datetime:
    """Timestamps are timezone-aware UTC everywhere (sqlmodel stores them as such)."""
    return datetime.now(UTC)


def money(default: Decimal | None = Decimal("0.00"), *, nullable: bool = False, **kw) -> Decimal:
    """A 2-decimal money column stored as NUMERIC(14, 2)."""
    return Field(default=default, sa_type=Numeric(14, 2), nullable=nullable, **kw)


def created_at(**kw) -> datetime:
    return Field(default_factory=utcnow, nullable=False, **kw)


def updated_at() -> datetime:
    return Field(
        default_factory=utcnow,
        nullable=False,
        sa_column_kwargs={"onupdate": utcnow},
    )


def json_list() -> list:
    return Field(default_factory=list, sa_column=Column(JSON, nullable=False))


def json_dict() -> dict:
    return Field(default_factory=dict, sa_column=Column(JSON, nullable=False))


def enum_str(default, length: int = 24, **kw):
    """An enum stored as its readable string value (no DB enum type: easier migrations)."""
    return Field(default=default, sa_type=String(length), max_length=length, **kw)
