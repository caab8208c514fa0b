"""Helpers shared by the screen states: who is acting, field errors, URLs with filters, number inputs."""

from __future__ import annotations

from urllib.parse import urlencode

from ...models import User
from ...services import auth
from ...services.errors import DomainError, PermissionDenied
from .auth import AuthState


def acting_user(state: AuthState, session) -> User:
    """The signed-in user, checked again on the server for every change (the account may have
    been disabled since the page loaded); an expired access token is rotated once."""
    try:
        return auth.user_from_access_token(session, state.access_token)
    except DomainError:
        if state._restore_session():
            return auth.user_from_access_token(session, state.access_token)
    raise PermissionDenied("Your session has ended. Sign in again.")


def field_errors(exc: DomainError) -> dict[str, str]:
    """Field issues keyed by the form's field names: `contact.email` -> `email`."""
    errors: dict[str, str] = {}
    for detail in exc.details:
        name = detail.field if detail.field.startswith("items[") else detail.field.rsplit(".", 1)[-1]
        errors.setdefault(name, detail.issue)
    return errors


def url_with(path: str, **params) -> str:
    """`path` with the non-empty params as a query string (filters live in the URL)."""
    query = urlencode({k: v for k, v in params.items() if v not in (None, "", False)})
    return f"{path}?{query}" if query else path


def whole_or_raw(text: str):
    """An int when the text is one, else the text itself (the service then names the problem)."""
    text = (text or "").strip()
    if not text:
        return None
    try:
        return int(text)
    except ValueError:
        return text
