from __future__ import annotations

from datetime import datetime

from fastapi import APIRouter, Depends
from pydantic import BaseModel, Field

from ...db import session_scope
from ...models import User
from ...services import auth
from ..deps import CurrentUser, SessionDep, bearer
from ..errors import ErrorResponse

router = APIRouter(prefix="/auth", tags=["auth"])


class LoginRequest(BaseModel):
    username: str = Field(min_length=1, max_length=254, description="Username or email")
    password: str = Field(min_length=1, max_length=200)


class UserSummary(BaseModel):
    user_id: str
    username: str
    email: str
    role: str

    @classmethod
    def of(cls, user: User) -> UserSummary:
        return cls(user_id=user.user_id, username=user.username, email=user.email, role=user.role)


class TokenResponse(BaseModel):
    access_token: str
    refresh_token: str
    token_type: str = "bearer"
    expires_in: int
    user: UserSummary


class RefreshRequest(BaseModel):
    refresh_token: str = Field(min_length=1, max_length=2000)


class StatusResponse(BaseModel):
    is_authenticated: bool
    user: UserSummary
    expires_at: datetime


class MessageResponse(BaseModel):
    message: str


AUTH_ERRORS = {401: {"model": ErrorResponse}, 423: {"model": ErrorResponse}}


@router.post("/login", response_model=TokenResponse, responses=AUTH_ERRORS, summary="Log in")
def login(body: LoginRequest) -> TokenResponse:
    # Own transaction: a failed attempt's counter must be stored even though we raise.
    with session_scope() as session:
        user = auth.authenticate(session, login=body.username, password=body.password)
        tokens = auth.issue_tokens(session, user)
        return TokenResponse(
            access_token=tokens.access_token,
            refresh_token=tokens.refresh_token,
            expires_in=tokens.expires_in,
            user=UserSummary.of(user),
        )


@router.get("/status", response_model=StatusResponse, responses=AUTH_ERRORS, summary="Who am I")
def status(user: CurrentUser, credentials=Depends(bearer)) -> StatusResponse:
    claims = auth.decode_token(credentials.credentials)
    return StatusResponse(
        is_authenticated=True,
        user=UserSummary.of(user),
        expires_at=datetime.fromtimestamp(claims["exp"]).astimezone(),
    )


@router.post("/refresh", response_model=TokenResponse, responses=AUTH_ERRORS, summary="Rotate tokens")
def refresh(body: RefreshRequest, session: SessionDep) -> TokenResponse:
    user, tokens = auth.refresh_tokens(session, refresh_token=body.refresh_token)
    return TokenResponse(
        access_token=tokens.access_token,
        refresh_token=tokens.refresh_token,
        expires_in=tokens.expires_in,
        user=UserSummary.of(user),
    )


@router.post("/logout", response_model=MessageResponse, responses=AUTH_ERRORS, summary="Revoke a refresh token")
def logout(body: RefreshRequest, session: SessionDep, _: CurrentUser) -> MessageResponse:
    auth.revoke_refresh_token(session, refresh_token=body.refresh_token)
    return MessageResponse(message="Logged out.")
