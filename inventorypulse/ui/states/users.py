"""Users (admins only): list, create, change role / status, unlock, reset password."""

from __future__ import annotations

from datetime import UTC, datetime

import reflex as rx

from ...db import session_scope
from ...services import auth, users
from ...services.errors import DomainError
from .. import format as fmt
from .auth import AuthState
from .common import acting_user, field_errors
from .paging import PagedMixin

PAGE_SIZE = 25
CREATE_FIELDS = ("username", "email", "first_name", "last_name", "role", "password")


def _row(user) -> dict[str, str]:
    locked = auth.is_locked(user, datetime.now(UTC))
    return {
        "user_id": user.user_id, "username": user.username, "email": user.email,
        "name": user.display_name or f"{user.first_name} {user.last_name}".strip(),
        "role": user.role, "status": user.status, "locked": "yes" if locked else "",
        "failed": str(user.failed_login_attempts or 0),
        "last_login": fmt.ago(user.last_login) if user.last_login else "never",
    }


class UsersState(PagedMixin, AuthState):
    rows: list[dict[str, str]] = []
    loading: bool = False

    dialog: str = ""  # "create" | "edit" | "password" | ""
    target_id: str = ""
    target_name: str = ""
    edit_role: str = ""
    edit_status: str = ""
    saving: bool = False
    errors: dict[str, str] = {}

    @rx.var
    def dialog_title(self) -> str:
        titles = {"create": "New user", "edit": f"Edit {self.target_name}",
                  "password": f"Reset the password of {self.target_name}"}
        return titles.get(self.dialog, "")

    @rx.event
    def load(self):
        if not self.is_authenticated:
            return None
        if not self.is_admin:
            return [rx.redirect("/"), rx.toast.error("Only an admin can manage users.")]
        self.dialog = ""
        return self._reload()

    def _reload(self):
        self.loading = True
        try:
            with session_scope() as session:
                result = users.list_users(session, page=self.page, limit=PAGE_SIZE)
                self.rows = [_row(u) for u in result.items]
        except DomainError as exc:
            self.loading = False
            return rx.toast.error(exc.message)
        self.total, self.total_pages, self.loading = result.total, result.total_pages, False
        return None

    def _show_page(self):
        return self._reload()

    # --- dialogs ------------------------------------------------------------------------------

    @rx.event
    def open_create(self):
        self.dialog, self.errors = "create", {}

    @rx.event
    def open_edit(self, user_id: str, username: str, role: str, status: str):
        self.dialog, self.target_id, self.target_name, self.errors = "edit", user_id, username, {}
        self.edit_role, self.edit_status = role, status

    @rx.event
    def open_password(self, user_id: str, username: str):
        self.dialog, self.target_id, self.target_name, self.errors = "password", user_id, username, {}

    @rx.event
    def close_dialog(self, open_: bool = False):
        if not open_ and not self.saving:
            self.dialog = ""

    @rx.event
    def set_edit_role(self, value: str):
        self.edit_role = value

    @rx.event
    def set_edit_status(self, value: str):
        self.edit_status = value

    def _run(self, action, success: str):
        """Run one admin action in its own transaction; field problems go next to the fields."""
        self.saving, self.errors = True, {}
        yield
        try:
            with session_scope() as session:
                action(session, acting_user(self, session))
        except DomainError as exc:
            self.saving = False
            self.errors = field_errors(exc)
            if not self.errors:
                yield rx.toast.error(exc.message)
            return
        self.saving, self.dialog = False, ""
        yield rx.toast.success(success)
        failed = self._reload()
        if failed is not None:
            yield failed

    @rx.event
    def create(self, form: dict):
        data = {k: (form.get(k) or "") for k in CREATE_FIELDS}
        data["role"] = data["role"] or None
        yield from self._run(lambda s, actor: users.create_user(s, data=data, actor=actor),
                             f"User {data['username'].strip()} created.")

    @rx.event
    def save_edit(self, _form: dict):
        changes = {"role": self.edit_role, "status": self.edit_status}
        yield from self._run(
            lambda s, actor: users.update_user(s, user_id=self.target_id, changes=changes, actor=actor),
            f"{self.target_name} updated.")

    @rx.event
    def reset_password(self, form: dict):
        password = form.get("new_password") or ""
        yield from self._run(
            lambda s, actor: users.reset_password(s, user_id=self.target_id, new_password=password, actor=actor),
            f"Password of {self.target_name} reset; their sessions were signed out.")

    @rx.event
    def unlock(self, user_id: str, username: str):
        yield from self._run(lambda s, actor: users.unlock_user(s, user_id=user_id, actor=actor),
                             f"{username} unlocked.")
