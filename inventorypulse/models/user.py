"""Users, their refresh tokens."""

from datetime import datetime

from sqlalchemy import CheckConstraint, Index, String
from sqlmodel import Field, SQLModel

from .base import created_at, enum_str, json_dict, json_list, updated_at
from .status import Role, UserStatus


class User(SQLModel, table=True):
    __tablename__ = "users"
    __table_args__ = (
        CheckConstraint("failed_login_attempts >= 0", name="failed_attempts_nonneg"),
        Index("ix_users_status_role", "status", "role"),
    )

    id: int | None = Field(default=None, primary_key=True)
    user_id: str = Field(sa_type=String(20), max_length=20, unique=True)
    username: str = Field(sa_type=String(50), max_length=50, unique=True)
    email: str = Field(sa_type=String(254), max_length=254, unique=True)
    password_hash: str = Field(sa_type=String(100), max_length=100)
    role: str = enum_str(Role.STAFF, 16)
    status: str = enum_str(UserStatus.ACTIVE, 16)

    first_name: str = Field(default="", sa_type=String(50), max_length=50)
    last_name: str = Field(default="", sa_type=String(50), max_length=50)
    display_name: str | None = Field(default=None, sa_type=String(100), max_length=100)
    phone: str | None = Field(default=None, sa_type=String(20), max_length=20)
    department: str | None = Field(default=None, sa_type=String(100), max_length=100)
    job_title: str | None = Field(default=None, sa_type=String(100), max_length=100)
    permissions: list = json_list()
    warehouse_access: list = json_list()
    preferences: dict = json_dict()

    failed_login_attempts: int = 0
    locked_until: datetime | None = None
    last_login: datetime | None = None
    password_changed_at: datetime | None = None
    notes: str | None = Field(default=None, sa_type=String(500), max_length=500)
    created_by: int | None = Field(default=None, foreign_key="users.id")
    created_at: datetime = created_at()
    updated_at: datetime = updated_at()


class RefreshToken(SQLModel, table=True):
    """One row per issued refresh token; rotation revokes the old row."""

    __tablename__ = "refresh_tokens"

    id: int | None = Field(default=None, primary_key=True)
    jti: str = Field(sa_type=String(64), max_length=64, unique=True)
    user_id: int = Field(foreign_key="users.id", index=True)
    expires_at: datetime
    revoked_at: datetime | None = None
    created_at: datetime = created_at()
