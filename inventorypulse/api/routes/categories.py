"""Product categories: list with product counts, create, read, update, delete (only when empty)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Path, Query
from pydantic import BaseModel, ConfigDict, Field

from ...models import Category
from ...services import categories
from ...services.permissions import Perm
from ..deps import Reader, SessionDep, allowed
from ..schemas import ERRORS, Message, PageLimit, PageNumber, Pagination

router = APIRouter(tags=["categories"])
Writer = allowed(Perm.CATEGORY_WRITE)
CategoryId = Annotated[int, Path(ge=1, le=2**31 - 1)]


class CategoryIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str = Field(min_length=1, max_length=100, description="Unique (case-insensitive)")
    description: str | None = Field(None, max_length=500)
    is_active: bool = True


class CategoryUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str | None = Field(None, min_length=1, max_length=100)
    description: str | None = Field(None, max_length=500)
    is_active: bool | None = Field(None, description="Inactive categories take no new products")


class CategoryOut(BaseModel):
    id: int
    name: str
    description: str | None
    is_active: bool
    product_count: int
    created_at: datetime
    updated_at: datetime


class CategoryList(BaseModel):
    categories: list[CategoryOut]
    pagination: Pagination


class CategorySaved(BaseModel):
    message: str
    category: CategoryOut
    updated_fields: list[str] = []


def category_out(category: Category, count: int) -> CategoryOut:
    return CategoryOut(product_count=count, **category.model_dump(exclude={"product_count"}))


@router.get("/categories", response_model=CategoryList, responses=ERRORS, summary="List categories")
def list_categories(
    session: SessionDep,
    _: Reader,
    page: PageNumber = 1,
    limit: PageLimit = 100,
    search: Annotated[str | None, Query(max_length=100)] = None,
    is_active: bool | None = None,
) -> CategoryList:
    result = categories.list_categories(session, search=search, is_active=is_active, page=page, limit=limit)
    return CategoryList(categories=[category_out(c, n) for c, n in result.items], pagination=Pagination.of(result))


@router.post("/categories", status_code=201, response_model=CategorySaved, responses=ERRORS,
             summary="Create a category")
def create_category(body: CategoryIn, session: SessionDep, user: Writer) -> CategorySaved:
    category = categories.create_category(session, data=body.model_dump(), user=user)
    return CategorySaved(message="Category created successfully", category=category_out(category, 0))


@router.get("/categories/{category_id}", response_model=CategoryOut, responses=ERRORS, summary="Get a category")
def get_category(category_id: CategoryId, session: SessionDep, _: Reader) -> CategoryOut:
    return category_out(*categories.get_category(session, category_id=category_id))


@router.put("/categories/{category_id}", response_model=CategorySaved, responses=ERRORS,
            summary="Update a category partially")
def update_category(category_id: CategoryId, body: CategoryUpdate, session: SessionDep,
                    user: Writer) -> CategorySaved:
    updated = categories.update_category(session, category_id=category_id, data=body, user=user)
    category, count = categories.get_category(session, category_id=category_id)
    return CategorySaved(message="Category updated successfully" if updated else "No changes",
                         category=category_out(category, count), updated_fields=updated)


@router.delete("/categories/{category_id}", response_model=Message, responses=ERRORS,
               summary="Delete an empty category (409 while it still has products)")
def delete_category(category_id: CategoryId, session: SessionDep, user: Writer) -> Message:
    categories.delete_category(session, category_id=category_id, user=user)
    return Message(message="Category deleted")
