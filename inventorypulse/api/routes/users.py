"""User routes (seed 000 §6): admins manage accounts; everyone may read and edit their own."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query
from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints, model_validator

from ...models import User
from ...services import auth, users
from ...services.permissions import Perm
from ...services.validation import EMAIL_RE, Checker
from ..deps import CurrentUser, SessionDep, allowed
from ..schemas import ERRORS, PageLimit, PageNumber, Pagination

router = APIRouter(tags=["users"])
Admin = allowed(Perm.USER_ADMIN)

RoleName = Literal["admin", "manager", "staff", "readonly"]
StatusName = Literal["active", "inactive", "suspended"]
PASSWORD_DOC = "At least 8 characters with a letter and a digit"


def _password_rules(value: str) -> str:
    # The same rule the service applies, here so it is reported together with other field errors.
    c = Checker()
    users.check_password(c, "password", value)
    if c.issues:
        raise ValueError(c.issues[0].issue)
    return value


Username = Annotated[str, StringConstraints(strip_whitespace=True, min_length=3, max_length=50,
                                            pattern=r"^[A-Za-z0-9_.-]+$")]
Email = Annotated[str, StringConstraints(strip_whitespace=True, max_length=254, pattern=EMAIL_RE.pattern)]
Password = Annotated[str, Field(min_length=8, max_length=72, description=PASSWORD_DOC), AfterValidator(_password_rules)]
Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=50)]


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid")  # no blanket stripping: passwords are taken as typed


class NotificationsIn(_In):
    email: bool = None
    in_app: bool = None
    low_stock_alerts: bool = None


class PreferencesIn(_In):
    """Sent preferences are merged into the stored ones."""

    timezone: str = Field(default=None, max_length=64, description="IANA zone, e.g. Europe/Paris")
    language: str = Field(default=None, max_length=5, description="e.g. en or en-GB")
    notifications: NotificationsIn = None


def _flatten_profile(data: Any) -> Any:
    """Accept profile fields either nested under `profile` (seed) or at the top level."""
    if isinstance(data, dict) and isinstance(data.get("profile"), dict):
        data = dict(data)
        data |= data.pop("profile")
    return data


class UserCreateIn(_In):
    username: Username
    email: Email
    password: Password
    first_name: Name
    last_name: Name
    role: RoleName
    display_name: str | None = Field(default=None, max_length=100)
    phone: str | None = Field(default=None, max_length=20)
    department: str | None = Field(default=None, max_length=100)
    job_title: str | None = Field(default=None, max_length=100)
    status: StatusName = "active"
    preferences: PreferencesIn = None
    warehouse_access: list[str] = Field(default=None, max_length=100)
    notes: str | None = Field(default=None, max_length=500)

    _flat = model_validator(mode="before")(_flatten_profile)


class UserUpdateIn(_In):
    """Profile fields may be sent flat or under `profile`. Role, status, username, email,
    warehouse_access and notes are admin-only; `password` (own account) needs `current_password`.
    Fields that cannot be empty are typed without null: leave them out rather than sending null."""

    username: Username = None
    email: Email = None
    first_name: Name = None
    last_name: Name = None
    display_name: str | None = Field(default=None, max_length=100)
    phone: str | None = Field(default=None, max_length=20)
    department: str | None = Field(default=None, max_length=100)
    job_title: str | None = Field(default=None, max_length=100)
    role: RoleName = None
    status: StatusName = None
    preferences: PreferencesIn = None
    warehouse_access: list[str] = Field(default=None, max_length=100)
    notes: str | None = Field(default=None, max_length=500)
    password: Password = None
    current_password: str = Field(default=None, max_length=200)

    _flat = model_validator(mode="before")(_flatten_profile)


class ResetPasswordIn(_In):
    new_password: Password


class Profile(BaseModel):
    first_name: str
    last_name: str
    display_name: str | None
    phone: str | None
    department: str | None
    job_title: str | None


class UserSummary(BaseModel):
    user_id: str
    username: str
    email: str
    profile: Profile
    role: str
    status: str
    last_login: datetime | None
    account_locked: bool


class UserDetail(UserSummary):
    permissions: list[str]
    warehouse_access: list[str]
    preferences: dict[str, Any]
    notes: str | None
    created_at: datetime
    updated_at: datetime


class UserList(BaseModel):
    users: list[UserSummary]
    pagination: Pagination


class UserCreated(BaseModel):
    message: str
    user_id: str
    id: int


class UserUpdated(BaseModel):
    message: str
    user_id: str
    updated_fields: list[str]
    updated_at: datetime


class UserUnlocked(BaseModel):
    message: str
    user_id: str
    account_locked: bool


class PasswordReset(BaseModel):
    message: str
    user_id: str
    revoked_refresh_tokens: int


def _summary(u: User) -> dict[str, Any]:
    return {"user_id": u.user_id, "username": u.username, "email": u.email, "role": u.role, "status": u.status,
            "last_login": u.last_login, "account_locked": auth.is_locked(u),
            "profile": Profile(**{f: getattr(u, f) for f in users.PROFILE_FIELDS})}


def _detail(u: User) -> UserDetail:
    return UserDetail(**_summary(u), permissions=users.role_permissions(u), warehouse_access=u.warehouse_access,
                      preferences=users.effective_preferences(u), notes=u.notes, created_at=u.created_at,
                      updated_at=u.updated_at)


def _path(name: str) -> str:
    return f"profile.{name}" if name in users.PROFILE_FIELDS else name


@router.get("/users", response_model=UserList, responses=ERRORS, summary="List users (admin)")
def list_users(
    session: SessionDep,
    _: Admin,
    page: PageNumber = 1,
    limit: PageLimit = 20,
    role: Annotated[RoleName | None, Query()] = None,
    status: Annotated[StatusName | None, Query()] = None,
) -> UserList:
    result = users.list_users(session, role=role, status=status, page=page, limit=limit)
    return UserList(users=[UserSummary(**_summary(u)) for u in result.items], pagination=Pagination.of(result))


@router.post("/users", status_code=201, response_model=UserCreated, responses=ERRORS, summary="Create a user (admin)")
def create_user(body: UserCreateIn, session: SessionDep, actor: Admin) -> UserCreated:
    user = users.create_user(session, data=body.model_dump(exclude_none=True), actor=actor)
    return UserCreated(message="User created successfully", user_id=user.user_id, id=user.id)


@router.get("/users/{user_id}", response_model=UserDetail, responses=ERRORS,
            summary="User details (admin, or your own account)")
def get_user(user_id: str, session: SessionDep, actor: CurrentUser) -> UserDetail:
    return _detail(users.get_user(session, user_id=user_id, actor=actor))


@router.put("/users/{user_id}", response_model=UserUpdated, responses=ERRORS,
            summary="Update a user (admin: anything; self: profile, preferences, password)")
def update_user(user_id: str, body: UserUpdateIn, session: SessionDep, actor: CurrentUser) -> UserUpdated:
    result = users.update_user(session, user_id=user_id, changes=body.model_dump(exclude_unset=True), actor=actor)
    return UserUpdated(message="User updated successfully" if result.updated_fields else "No changes",
                       user_id=result.user.user_id, updated_at=result.user.updated_at,
                       updated_fields=[_path(f) for f in result.updated_fields])


@router.post("/users/{user_id}/unlock", response_model=UserUnlocked, responses=ERRORS,
             summary="Unlock an account locked by failed logins (admin)")
def unlock_user(user_id: str, session: SessionDep, actor: Admin) -> UserUnlocked:
    user = users.unlock_user(session, user_id=user_id, actor=actor)
    return UserUnlocked(message="User unlocked", user_id=user.user_id, account_locked=auth.is_locked(user))


@router.post("/users/{user_id}/reset-password", response_model=PasswordReset, responses=ERRORS,
             summary="Set a new password for a user and sign them out everywhere (admin)")
def reset_password(user_id: str, body: ResetPasswordIn, session: SessionDep, actor: Admin) -> PasswordReset:
    revoked = users.reset_password(session, user_id=user_id, new_password=body.new_password, actor=actor)
    return PasswordReset(message="Password reset", user_id=user_id.strip().upper(), revoked_refresh_tokens=revoked)
