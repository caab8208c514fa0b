"""Product categories: names are unique (case-insensitively) and a category in use cannot be deleted."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlmodel import Session, func, or_, select

from ..models import Category, Product, User
from ..models.base import utcnow
from . import audit, permissions
from .errors import Conflict, FieldIssue, NotFound
from .pagination import Page, paginate
from .permissions import Perm
from .validation import Checker

FIELDS = ("name", "description", "is_active")


def _product_count():
    return (select(func.count(Product.id)).where(Product.category_id == Category.id)
            .correlate(Category).scalar_subquery())


def list_categories(session: Session, *, search: str | None = None, is_active: bool | None = None,
                    page: int = 1, limit: int = 100) -> Page:
    """Rows are (Category, product count), by name."""
    stmt = select(Category, _product_count())
    if search:
        stmt = stmt.where(Category.name.ilike(f"%{search.strip()}%"))
    if is_active is not None:
        stmt = stmt.where(Category.is_active == is_active)
    return paginate(session, stmt.order_by(Category.name, Category.id), page=page, limit=limit, scalars=False)


def get_category(session: Session, *, category_id: int) -> tuple[Category, int]:
    """The category and how many products it holds."""
    row = session.exec(select(Category, _product_count()).where(Category.id == category_id)).first()
    if row is None:
        raise NotFound(f"Category {category_id} not found.")
    return row[0], row[1]


def _check(session: Session, data: Mapping[str, Any], *, existing: Category | None) -> dict[str, Any]:
    c = Checker()
    for key in data:
        if key not in FIELDS:
            c.add(key, "is not a category field")
    values: dict[str, Any] = {}
    if "name" in data or existing is None:
        name = data.get("name")
        if not isinstance(name, str) or not name.strip():
            c.add("name", "is required")
        else:
            values["name"] = " ".join(name.split())
            c.length("name", values["name"], 100)
    if "description" in data:
        description = data["description"]
        if description is not None and not isinstance(description, str):
            c.add("description", "must be text")
        else:
            values["description"] = (description or "").strip() or None
            c.length("description", values["description"], 500)
    if "is_active" in data:
        if not isinstance(data["is_active"], bool):
            c.add("is_active", "must be true or false")
        else:
            values["is_active"] = data["is_active"]
    c.done("Invalid category.")
    if "name" in values:
        # SQLite's lower() only folds ASCII, so also match the exact name the unique index compares.
        clash = session.exec(
            select(Category).where(or_(Category.name == values["name"],
                                       func.lower(Category.name) == values["name"].lower()))
        ).first()
        if clash is not None and (existing is None or clash.id != existing.id):
            raise Conflict(f"A category named '{clash.name}' already exists.",
                           [FieldIssue("name", f"'{clash.name}' already exists")])
    return values


def _as_dict(data) -> dict[str, Any]:
    return data.model_dump(exclude_unset=True) if hasattr(data, "model_dump") else dict(data)


def create_category(session: Session, *, data: Mapping[str, Any] | Any, user: User) -> Category:
    permissions.require(user, Perm.CATEGORY_WRITE)
    values = _check(session, _as_dict(data), existing=None)
    category = Category(**values)
    session.add(category)
    session.flush()
    audit.record(session, user_id=user.id, entity_type="category", entity_id=str(category.id), action="create",
                 changes=values)
    return category


def update_category(session: Session, *, category_id: int, data: Mapping[str, Any] | Any,
                    user: User) -> list[str]:
    """Partial update; returns the names of the fields that changed."""
    permissions.require(user, Perm.CATEGORY_WRITE)
    category, _ = get_category(session, category_id=category_id)
    values = _check(session, _as_dict(data), existing=category)
    changes = audit.diff(category, values)
    if changes:
        category.updated_at = utcnow()
        session.add(category)
        audit.record(session, user_id=user.id, entity_type="category", entity_id=str(category.id),
                     action="update", changes=changes)
        session.flush()
    return list(changes)


def delete_category(session: Session, *, category_id: int, user: User) -> None:
    """Delete an unused category. Products keep their category, so one in use must be emptied first
    (or deactivated with is_active=false, which stops new products using it)."""
    permissions.require(user, Perm.CATEGORY_WRITE)
    category, count = get_category(session, category_id=category_id)
    if count:
        raise Conflict(f"Category '{category.name}' still has {count} product(s): move them first "
                       "or deactivate the category instead.")
    audit.record(session, user_id=user.id, entity_type="category", entity_id=str(category.id), action="delete",
                 changes={"name": category.name})
    session.delete(category)
    session.flush()
