"""Users: the admin's account management and each user's own profile, preferences and password."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, func, select

from ..models import RefreshToken, User, Warehouse
from ..models.base import utcnow
from ..models.status import Role, UserStatus
from . import audit, auth, permissions
from .errors import Conflict, FieldIssue, NotFound, PermissionDenied, ValidationFailed
from .pagination import Page, paginate
from .permissions import Perm
from .validation import EMAIL_RE, PHONE_RE, Checker, check_choice

USERNAME_RE = re.compile(r"^[A-Za-z0-9_.-]{3,50}$")
LANGUAGE_RE = re.compile(r"^[a-z]{2}(-[A-Z]{2})?$")
PROFILE_FIELDS = ("first_name", "last_name", "display_name", "phone", "department", "job_title")
ADMIN_FIELDS = ("username", "email", "role", "status", "warehouse_access", "notes")
SELF_FIELDS = PROFILE_FIELDS + ("preferences",)
_MAX_LEN = {"first_name": 50, "last_name": 50, "display_name": 100, "phone": 20, "department": 100,
            "job_title": 100, "notes": 500, "email": 254}
NOTIFICATIONS = ("email", "in_app", "low_stock_alerts")
DEFAULT_PREFERENCES = {"timezone": "UTC", "language": "en",
                       "notifications": {name: True for name in NOTIFICATIONS}}


def list_users(
    session: Session, *, role: str | None = None, status: str | None = None, page: int = 1, limit: int = 20
) -> Page:
    stmt = select(User)
    check_choice("role", role, Role)
    check_choice("status", status, UserStatus)
    if role:
        stmt = stmt.where(User.role == role)
    if status:
        stmt = stmt.where(User.status == status)
    return paginate(session, stmt.order_by(User.username), page=page, limit=limit)


def role_permissions(user: User) -> list[str]:
    return sorted(str(p) for p in permissions.ROLE_PERMISSIONS.get(user.role, frozenset()))


def effective_preferences(user: User) -> dict[str, Any]:
    """Stored preferences over the defaults."""
    stored = user.preferences or {}
    return {
        "timezone": stored.get("timezone", DEFAULT_PREFERENCES["timezone"]),
        "language": stored.get("language", DEFAULT_PREFERENCES["language"]),
        "notifications": DEFAULT_PREFERENCES["notifications"] | (stored.get("notifications") or {}),
    }


def _find(session: Session, user_id: str) -> User:
    user = session.exec(select(User).where(User.user_id == (user_id or "").strip().upper())).first()
    if user is None:
        raise NotFound(f"User {user_id} not found.")
    return user


def _may_see(actor: User, user_id: str) -> None:
    # Non-admins get 403 for anyone else, whether or not that user exists.
    if not permissions.has_perm(actor, Perm.USER_ADMIN) and actor.user_id != (user_id or "").strip().upper():
        raise PermissionDenied("You may only view and edit your own account.")


def get_user(session: Session, *, user_id: str, actor: User) -> User:
    _may_see(actor, user_id)
    return _find(session, user_id)


# --- validation -------------------------------------------------------------------------------

def check_password(c: Checker, field: str, password: Any) -> None:
    if not isinstance(password, str) or not password:
        c.add(field, "is required")
    elif len(password) < 8:
        c.add(field, "must be at least 8 characters")
    elif len(password.encode()) > 72:  # bcrypt only uses the first 72 bytes
        c.add(field, "must be at most 72 bytes")
    elif not (re.search(r"[A-Za-z]", password) and re.search(r"\d", password)):
        c.add(field, "must contain at least one letter and one digit")


def _check_preferences(c: Checker, prefs: Any) -> dict[str, Any] | None:
    if not isinstance(prefs, dict):
        c.add("preferences", "must be an object")
        return None
    out: dict[str, Any] = {}
    for key, value in prefs.items():
        if key == "timezone":
            try:
                ZoneInfo(str(value))
                out[key] = str(value)
            except (ZoneInfoNotFoundError, ValueError):
                c.add("preferences.timezone", "must be an IANA time zone, e.g. Europe/Paris")
        elif key == "language":
            if isinstance(value, str) and LANGUAGE_RE.match(value):
                out[key] = value
            else:
                c.add("preferences.language", "must be a language code such as en or en-GB")
        elif key == "notifications" and isinstance(value, dict):
            for name, flag in value.items():
                if name not in NOTIFICATIONS:
                    c.add(f"preferences.notifications.{name}", "is not a notification setting")
                elif not isinstance(flag, bool):
                    c.add(f"preferences.notifications.{name}", "must be true or false")
            out[key] = dict(value)
        else:
            c.add(f"preferences.{key}", "is not a preference")
    return out


def _check_fields(session: Session, c: Checker, values: dict[str, Any]) -> dict[str, Any]:
    """Validate (and normalise) whichever fields are present."""
    v = {k: (val.strip() if isinstance(val, str) and k != "password" else val) for k, val in values.items()}
    for name in ("first_name", "last_name"):
        if name in v:
            c.require(name, v[name])
    for name in ("display_name", "phone", "department", "job_title", "notes"):
        if name in v and v[name] == "":
            v[name] = None
    for name, maximum in _MAX_LEN.items():
        if isinstance(v.get(name), str):
            c.length(name, v[name], maximum)
    if "username" in v and c.require("username", v["username"]):
        c.pattern("username", v["username"], USERNAME_RE, "must be 3-50 characters: letters, digits, _ . -")
    if "email" in v and c.require("email", v["email"]):
        v["email"] = v["email"].lower()
        c.pattern("email", v["email"], EMAIL_RE, "must be a valid email address")
    c.pattern("phone", v.get("phone"), PHONE_RE, "must be in E.164 format, e.g. +15551234567")
    for name, choices in (("role", Role), ("status", UserStatus)):
        if name in v and c.require(name, v[name]):
            c.one_of(name, v[name], list(choices))
    if "preferences" in v:
        v["preferences"] = _check_preferences(c, v["preferences"])
    if "warehouse_access" in v:
        codes = v["warehouse_access"]
        if not isinstance(codes, list) or not all(isinstance(x, str) for x in codes):
            c.add("warehouse_access", "must be a list of warehouse codes")
        else:
            codes = sorted({x.strip().upper() for x in codes})
            known = set(session.exec(select(Warehouse.code).where(Warehouse.code.in_(codes))).all())
            if set(codes) - known:
                c.add("warehouse_access", f"unknown warehouse(s): {', '.join(sorted(set(codes) - known))}")
            v["warehouse_access"] = codes
    return v


def _check_unique(session: Session, values: dict[str, Any], exclude: int | None) -> None:
    issues = []
    for name, column in (("username", User.username), ("email", User.email)):
        if values.get(name):
            stmt = select(User.user_id).where(func.lower(column) == values[name].lower())
            if exclude is not None:
                stmt = stmt.where(User.id != exclude)
            if session.exec(stmt).first():
                issues.append(FieldIssue(name, f"{values[name]} is already taken"))
    if issues:
        raise Conflict("; ".join(f"{i.field}: {i.issue}" for i in issues), issues)


def _flush(session: Session) -> None:
    try:
        session.flush()
    except IntegrityError as exc:  # a concurrent request took the username or email
        raise Conflict("Username or email already taken.", [FieldIssue("username", "or email already taken")]) \
            from exc


# --- writes -----------------------------------------------------------------------------------

def create_user(session: Session, *, data: dict[str, Any], actor: User) -> User:
    """Admin creates an account. `data`: username, email, password, first_name, last_name, role,
    and optionally display_name, phone, department, job_title, status, preferences, warehouse_access, notes."""
    permissions.require(actor, Perm.USER_ADMIN)
    allowed = {"password"} | set(SELF_FIELDS) | set(ADMIN_FIELDS)
    unknown = sorted(set(data) - allowed)
    if unknown:
        raise ValidationFailed("Unknown user fields.", [FieldIssue(f, "is not a user field") for f in unknown])
    c = Checker()
    values = _check_fields(session, c, {"username": None, "email": None, "first_name": None, "last_name": None,
                                        "role": None} | data)
    check_password(c, "password", data.get("password"))
    c.done("Invalid user.")
    _check_unique(session, values, exclude=None)
    password = values.pop("password")
    values.setdefault("status", UserStatus.ACTIVE.value)
    user = User(user_id=auth.next_user_id(session), password_hash=auth.hash_password(password),
                password_changed_at=utcnow(), created_by=actor.id, **values)
    session.add(user)
    _flush(session)
    audit.record(session, user_id=actor.id, entity_type="user", entity_id=user.user_id, action="create",
                 changes={k: v for k, v in values.items() if v is not None})
    return user


def _active_admins_besides(session: Session, user: User) -> int:
    return session.exec(
        select(func.count()).where(User.role == Role.ADMIN, User.status == UserStatus.ACTIVE, User.id != user.id)
    ).one()


def revoke_refresh_tokens(session: Session, user: User) -> int:
    result = session.execute(
        update(RefreshToken).where(RefreshToken.user_id == user.id, RefreshToken.revoked_at.is_(None))
        .values(revoked_at=utcnow())
    )
    return result.rowcount or 0


@dataclass
class UserUpdate:
    user: User
    updated_fields: list[str]


def update_user(session: Session, *, user_id: str, changes: dict[str, Any], actor: User) -> UserUpdate:
    """Admins may change anything; users may change their own profile, preferences and password.

    `changes` holds flat field names; a new own password needs `current_password` too.
    `preferences` are merged into the stored ones (notifications key by key).
    """
    _may_see(actor, user_id)
    user = _find(session, user_id)
    is_admin = permissions.has_perm(actor, Perm.USER_ADMIN)
    is_self = actor.id == user.id
    allowed = set(SELF_FIELDS) | {"password", "current_password"} | (set(ADMIN_FIELDS) if is_admin else set())
    unknown = sorted(set(changes) - allowed - set(ADMIN_FIELDS))
    if unknown:
        raise ValidationFailed("Unknown user fields.", [FieldIssue(f, "is not a user field") for f in unknown])
    forbidden = [f for f in changes if f not in allowed and changes[f] != getattr(user, f)]
    if forbidden:
        raise PermissionDenied(f"Only an admin may change {', '.join(sorted(forbidden))}.",
                               [FieldIssue(f, "only an admin may change this") for f in sorted(forbidden)])

    c = Checker()
    values = _check_fields(session, c, {k: v for k, v in changes.items() if k not in ("password", "current_password")
                                        and (k in allowed)})
    new_password = changes.get("password")
    if new_password is not None:
        if not is_self:
            c.add("password", "set another user's password with POST /api/users/{user_id}/reset-password")
        else:
            check_password(c, "password", new_password)
            if not auth.verify_password(changes.get("current_password") or "", user.password_hash):
                c.add("current_password", "is incorrect")
    c.done("Invalid user.")
    _check_unique(session, values, exclude=user.id)

    demoted = values.get("role", user.role) != Role.ADMIN or values.get("status", user.status) != UserStatus.ACTIVE
    if user.role == Role.ADMIN and user.status == UserStatus.ACTIVE and demoted \
            and _active_admins_besides(session, user) == 0:
        raise Conflict(f"{user.username} is the last active admin and must stay an active admin.",
                       [FieldIssue("role" if "role" in values else "status", "last active admin")])

    if "preferences" in values:
        prefs = dict(user.preferences or {})
        new = values["preferences"]
        if "notifications" in new:
            new["notifications"] = (prefs.get("notifications") or {}) | new["notifications"]
        values["preferences"] = prefs | new
    changed = audit.diff(user, values)
    if new_password is not None:
        user.password_hash = auth.hash_password(new_password)
        user.password_changed_at = utcnow()
        revoke_refresh_tokens(session, user)  # other sessions must log in again
        changed["password"] = {"from": "***", "to": "***"}
    if changed:
        user.updated_at = utcnow()
        session.add(user)
        _flush(session)
        audit.record(session, user_id=actor.id, entity_type="user", entity_id=user.user_id, action="update",
                     changes=changed)
    return UserUpdate(user, list(changed))


def unlock_user(session: Session, *, user_id: str, actor: User) -> User:
    permissions.require(actor, Perm.USER_ADMIN)
    user = _find(session, user_id)
    changed = audit.diff(user, {"locked_until": None, "failed_login_attempts": 0})
    user.updated_at = utcnow()
    session.add(user)
    audit.record(session, user_id=actor.id, entity_type="user", entity_id=user.user_id, action="unlock",
                 changes=changed)
    session.flush()
    return user


def reset_password(session: Session, *, user_id: str, new_password: str, actor: User) -> int:
    """Admin sets a new password; every refresh token of that user is revoked. Returns how many."""
    permissions.require(actor, Perm.USER_ADMIN)
    user = _find(session, user_id)
    c = Checker()
    check_password(c, "new_password", new_password)
    c.done("Invalid password.")
    user.password_hash = auth.hash_password(new_password)
    user.password_changed_at = user.updated_at = utcnow()
    user.failed_login_attempts, user.locked_until = 0, None
    session.add(user)
    revoked = revoke_refresh_tokens(session, user)
    audit.record(session, user_id=actor.id, entity_type="user", entity_id=user.user_id, action="reset_password",
                 changes={"password": "reset", "revoked_tokens": revoked})
    session.flush()
    return revoked
