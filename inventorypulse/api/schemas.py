"""Response pieces shared by the routes."""

from __future__ import annotations

from typing import Annotated

from fastapi import Query
from pydantic import BaseModel

from ..services.pagination import MAX_LIMIT, Page
from .errors import ErrorResponse


class Pagination(BaseModel):
    total_items: int
    total_pages: int
    current_page: int
    items_per_page: int
    has_next: bool
    has_prev: bool

    @classmethod
    def of(cls, page: Page) -> Pagination:
        return cls(**page.pagination())


class Message(BaseModel):
    message: str


PageNumber = Annotated[int, Query(ge=1, le=1_000_000, description="Page number, from 1")]
PageLimit = Annotated[int, Query(ge=1, le=MAX_LIMIT, description=f"Items per page (max {MAX_LIMIT})")]

# Documented error responses for routes (the body is always ErrorResponse).
ERRORS = {code: {"model": ErrorResponse} for code in (400, 401, 403, 404, 409, 422)}
