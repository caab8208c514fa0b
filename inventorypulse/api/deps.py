"""FastAPI dependencies: a transactional session and the authenticated user."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, Header
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlmodel import Session

from ..db import session_scope
from ..models import User
from ..services import auth, permissions
from ..services.errors import AuthError
from ..services.permissions import Perm


def get_session() -> Iterator[Session]:
    with session_scope() as session:
        yield session


SessionDep = Annotated[Session, Depends(get_session)]

bearer = HTTPBearer(auto_error=False, description="JWT access token from POST /api/auth/login")


def get_current_user(
    session: SessionDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
) -> User:
    if credentials is None:
        raise AuthError("Access token is required.")
    return auth.user_from_access_token(session, credentials.credentials)


CurrentUser = Annotated[User, Depends(get_current_user)]


def requires(perm: Perm):
    """Dependency: the current user, who must hold `perm` (403 otherwise)."""

    def dependency(user: CurrentUser) -> User:
        permissions.require(user, perm)
        return user

    return Depends(dependency)


def allowed(perm: Perm):
    """`user: allowed(Perm.X)` in a route signature."""
    return Annotated[User, requires(perm)]


Reader = allowed(Perm.READ)
IdempotencyKey = Annotated[
    str | None,
    Header(alias="Idempotency-Key", min_length=1, max_length=100,
           description="Retries with the same key return the first result."),
]
