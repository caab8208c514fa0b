"""Users: queries (CRUD comes with the inventory core)."""

from __future__ import annotations

from sqlmodel import Session, select

from ..models import User
from ..models.status import Role, UserStatus
from .errors import ValidationFailed
from .pagination import Page, paginate


def list_users(
    session: Session, *, role: str | None = None, status: str | None = None, page: int = 1, limit: int = 20
) -> Page:
    stmt = select(User)
    if role:
        if role not in Role.__members__.values():
            raise ValidationFailed.for_field("role", f"must be one of {', '.join(Role)}")
        stmt = stmt.where(User.role == role)
    if status:
        if status not in UserStatus.__members__.values():
            raise ValidationFailed.for_field("status", f"must be one of {', '.join(UserStatus)}")
        stmt = stmt.where(User.status == status)
    return paginate(session, stmt.order_by(User.username), page=page, limit=limit)
