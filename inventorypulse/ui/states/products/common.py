"""Helpers shared by the product states: who is acting, route params, field errors, options."""

from __future__ import annotations

from sqlmodel import Session, select

from ....db import session_scope
from ....models import User
from ....models.status import SupplierStatus
from ....services import auth, categories, suppliers
from ....services.errors import AuthError, DomainError

ALL = "all"  # the "no filter" choice of a select (Radix selects cannot hold an empty value)


def acting_user(state, session: Session) -> User:
    """The signed-in user as a row of `session`, checked on the server for every write.

    An expired access token is rotated with the refresh token in its own transaction, so a failed
    business operation cannot roll the new tokens back.
    """
    try:
        with session_scope() as auth_session:
            user_pk = auth.user_from_access_token(auth_session, state.access_token).id
    except DomainError:
        if not state.refresh_token:
            raise AuthError("Your session has expired. Please log in again.") from None
        with session_scope() as auth_session:
            user, tokens = auth.refresh_tokens(auth_session, refresh_token=state.refresh_token)
            user_pk = user.id
        state.access_token, state.refresh_token = tokens.access_token, tokens.refresh_token
    return session.exec(select(User).where(User.id == user_pk)).one()


def field_errors(exc: DomainError) -> dict[str, str]:
    """Issues by field name, first issue per field (a field shows one message)."""
    out: dict[str, str] = {}
    for issue in exc.details:
        out.setdefault(issue.field, issue.issue)
    return out


def path_product_id(state) -> str:
    """The business id in /products/<id> or /products/<id>/edit."""
    parts = [p for p in state.router.url.path.split("/") if p]
    return parts[1].upper() if len(parts) >= 2 and parts[0] == "products" else ""


def category_options(session: Session) -> list[dict[str, str]]:
    rows = categories.list_categories(session, limit=100).items
    return [{"value": str(c.id), "label": c.name} for c, _count in rows]


def supplier_options(session: Session, *, active_only: bool = False) -> list[dict[str, str]]:
    """Suppliers by name (the first 100: small businesses have far fewer)."""
    status = SupplierStatus.ACTIVE if active_only else None
    rows = suppliers.list_suppliers(session, status=status, limit=100).items
    return [{"value": s.supplier_id, "label": f"{s.display_name or s.company_name} ({s.supplier_id})"}
            for s in rows]
