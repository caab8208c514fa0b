"""Offset pagination shared by every list (API `pagination` object, UI pagers)."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from sqlalchemy import Select
from sqlmodel import Session, func, select

from .errors import ValidationFailed

T = TypeVar("T")
MAX_LIMIT = 100


@dataclass
class Page(Generic[T]):
    items: list[T]
    total: int
    page: int
    limit: int

    @property
    def total_pages(self) -> int:
        return max(1, math.ceil(self.total / self.limit)) if self.limit else 1

    @property
    def has_next(self) -> bool:
        return self.page < self.total_pages

    @property
    def has_prev(self) -> bool:
        return self.page > 1

    def pagination(self) -> dict[str, Any]:
        return {
            "total_items": self.total,
            "total_pages": self.total_pages,
            "current_page": self.page,
            "items_per_page": self.limit,
            "has_next": self.has_next,
            "has_prev": self.has_prev,
        }


def check_page(page: int, limit: int) -> None:
    if page < 1:
        raise ValidationFailed.for_field("page", "must be 1 or more")
    if not 1 <= limit <= MAX_LIMIT:
        raise ValidationFailed.for_field("limit", f"must be between 1 and {MAX_LIMIT}")


def paginate(session: Session, stmt: Select, *, page: int, limit: int, scalars: bool = True) -> Page:
    """Run `stmt` for one page; `total` counts the unpaged rows of the same query."""
    check_page(page, limit)
    total = session.exec(select(func.count()).select_from(stmt.order_by(None).subquery())).one()
    result = session.exec(stmt.offset((page - 1) * limit).limit(limit))
    items = list(result.all()) if scalars else [tuple(r) for r in result.all()]
    return Page(items=items, total=total, page=page, limit=limit)
