"""Passwords, login with lockout, JWT access/refresh tokens, and the ensured admin account."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import bcrypt
import jwt
from sqlmodel import Session, func, or_, select

from ..config import settings
from ..models import RefreshToken, User
from ..models.base import utcnow
from ..models.status import Role, UserStatus
from .errors import AccountLocked, AuthError

MAX_FAILED_LOGINS = 5
LOCKOUT = timedelta(minutes=15)
ALGORITHM = "HS256"


def hash_password(password: str) -> str:
    rounds = max(settings.bcrypt_rounds, 4)
    return bcrypt.hashpw(password.encode(), bcrypt.gensalt(rounds)).decode()


def verify_password(password: str, password_hash: str) -> bool:
    try:
        return bcrypt.checkpw(password.encode(), password_hash.encode())
    except ValueError:
        return False


def _aware(ts: datetime | None) -> datetime | None:
    return ts.replace(tzinfo=UTC) if ts is not None and ts.tzinfo is None else ts


def is_locked(user: User, now: datetime | None = None) -> bool:
    locked_until = _aware(user.locked_until)
    return locked_until is not None and locked_until > (now or utcnow())


def find_user_by_login(session: Session, login: str) -> User | None:
    login = login.strip()
    return session.exec(
        select(User).where(or_(User.username == login, func.lower(User.email) == login.lower()))
    ).first()


def authenticate(session: Session, *, login: str, password: str) -> User:
    """Check a username-or-email and password; count failures and lock after too many.

    The caller's transaction must be committed even on failure so the counter sticks:
    this function commits its own bookkeeping before raising.
    """
    user = find_user_by_login(session, login)
    if user is None:
        # Same cost as a real check, so timing does not reveal which usernames exist.
        verify_password(password, _DUMMY_HASH)
        raise AuthError("Username or password incorrect.")
    now = utcnow()
    if is_locked(user, now):
        raise AccountLocked("Account locked after repeated failed logins. Try again later.")
    if not verify_password(password, user.password_hash):
        user.failed_login_attempts += 1
        if user.failed_login_attempts >= MAX_FAILED_LOGINS:
            user.locked_until = now + LOCKOUT
            user.failed_login_attempts = 0
        session.add(user)
        session.commit()
        raise AuthError("Username or password incorrect.")
    if user.status != UserStatus.ACTIVE:
        raise AuthError(f"Account is {user.status}.")
    user.failed_login_attempts = 0
    user.locked_until = None
    user.last_login = now
    session.add(user)
    return user


_DUMMY_HASH = bcrypt.hashpw(b"not-a-password", bcrypt.gensalt(4)).decode()


@dataclass
class TokenPair:
    access_token: str
    refresh_token: str
    expires_in: int
    expires_at: datetime


def issue_tokens(session: Session, user: User) -> TokenPair:
    now = utcnow()
    expires_at = now + timedelta(minutes=settings.access_token_minutes)
    access = jwt.encode(
        {
            "sub": user.user_id,
            "username": user.username,
            "role": user.role,
            "type": "access",
            "iat": now,
            "exp": expires_at,
        },
        settings.jwt_secret,
        algorithm=ALGORITHM,
    )
    jti = secrets.token_hex(16)
    refresh_expires = now + timedelta(days=settings.refresh_token_days)
    session.add(RefreshToken(jti=jti, user_id=user.id, expires_at=refresh_expires))
    refresh = jwt.encode(
        {"sub": user.user_id, "type": "refresh", "jti": jti, "iat": now, "exp": refresh_expires},
        settings.jwt_secret,
        algorithm=ALGORITHM,
    )
    return TokenPair(access, refresh, settings.access_token_minutes * 60, expires_at)


def decode_token(token: str, expected_type: str = "access") -> dict:
    try:
        claims = jwt.decode(token, settings.jwt_secret, algorithms=[ALGORITHM])
    except jwt.ExpiredSignatureError as exc:
        raise AuthError("Token expired. Please log in again.") from exc
    except jwt.PyJWTError as exc:
        raise AuthError("Token invalid. Please log in again.") from exc
    if claims.get("type") != expected_type:
        raise AuthError("Token invalid. Please log in again.")
    return claims


def user_from_access_token(session: Session, token: str) -> User:
    claims = decode_token(token, "access")
    user = session.exec(select(User).where(User.user_id == claims["sub"])).first()
    if user is None or user.status != UserStatus.ACTIVE:
        raise AuthError("Token invalid. Please log in again.")
    return user


def _refresh_row(session: Session, token: str) -> RefreshToken:
    claims = decode_token(token, "refresh")
    row = session.exec(
        select(RefreshToken).where(RefreshToken.jti == claims["jti"]).with_for_update()
    ).first()
    if row is None or row.revoked_at is not None:
        raise AuthError("Refresh token revoked. Please log in again.")
    return row


def refresh_tokens(session: Session, *, refresh_token: str) -> tuple[User, TokenPair]:
    """Rotate: the presented refresh token is revoked and a new pair is issued."""
    row = _refresh_row(session, refresh_token)
    row.revoked_at = utcnow()
    session.add(row)
    user = session.get(User, row.user_id)
    if user is None or user.status != UserStatus.ACTIVE:
        raise AuthError("Account is not active.")
    return user, issue_tokens(session, user)


def revoke_refresh_token(session: Session, *, refresh_token: str) -> None:
    row = _refresh_row(session, refresh_token)
    row.revoked_at = utcnow()
    session.add(row)


def next_user_id(session: Session) -> str:
    """USRnnnn after the highest row id, skipping ids taken by imported or hand-made accounts."""
    number = (session.exec(select(func.max(User.id))).one() or 0) + 1
    while session.exec(select(User.id).where(User.user_id == f"USR{number:04d}")).first() is not None:
        number += 1
    return f"USR{number:04d}"


def ensure_admin(session: Session, *, username: str, password: str, email: str | None = None) -> User:
    """Create the configured admin account if that username does not exist yet."""
    user = session.exec(select(User).where(User.username == username)).first()
    if user is not None:
        return user
    user = User(
        user_id=next_user_id(session),
        username=username,
        email=email or f"{username}@inventorypulse.local",
        password_hash=hash_password(password),
        role=Role.ADMIN,
        first_name="System",
        last_name="Administrator",
        display_name="Administrator",
        password_changed_at=utcnow(),
    )
    session.add(user)
    session.flush()
    return user


def ensure_configured_admin(session: Session) -> User | None:
    if settings.inventorypulse_admin_username and settings.inventorypulse_admin_password:
        return ensure_admin(
            session,
            username=settings.inventorypulse_admin_username,
            password=settings.inventorypulse_admin_password,
            email=settings.inventorypulse_admin_email,
        )
    return None
