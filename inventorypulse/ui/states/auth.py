"""Login state. Every page state inherits from AuthState, so handlers know who is asking."""

from __future__ import annotations

import reflex as rx

from ...db import session_scope
from ...models.status import Role
from ...services import auth
from ...services.errors import DomainError

EDIT_ROLES = (Role.ADMIN, Role.MANAGER)
STOCK_ROLES = (Role.ADMIN, Role.MANAGER, Role.STAFF)


class AuthState(rx.State):
    # Kept in the browser so a reload keeps the session; checked on the server each page load.
    access_token: str = rx.LocalStorage("", name="ip_access_token", sync=True)
    refresh_token: str = rx.LocalStorage("", name="ip_refresh_token", sync=True)

    user_id: str = ""
    username: str = ""
    display_name: str = ""
    role: str = ""
    login_error: str = ""
    login_pending: bool = False

    @rx.var
    def is_authenticated(self) -> bool:
        return self.user_id != ""

    @rx.var
    def is_admin(self) -> bool:
        return self.role == Role.ADMIN

    @rx.var
    def can_edit(self) -> bool:
        """May change catalogue, suppliers and purchase orders."""
        return self.role in EDIT_ROLES

    @rx.var
    def can_move_stock(self) -> bool:
        return self.role in STOCK_ROLES

    def _set_user(self, user) -> None:
        self.user_id = user.user_id
        self.username = user.username
        self.display_name = user.display_name or f"{user.first_name} {user.last_name}".strip() or user.username
        self.role = user.role

    def _clear(self) -> None:
        self.user_id = self.username = self.display_name = self.role = ""
        self.access_token = self.refresh_token = ""

    def _restore_session(self) -> bool:
        """Validate the stored access token, or rotate with the refresh token."""
        if not self.access_token and not self.refresh_token:
            return False
        with session_scope() as session:
            try:
                self._set_user(auth.user_from_access_token(session, self.access_token))
                return True
            except DomainError:
                pass
            if not self.refresh_token:
                return False
            try:
                user, tokens = auth.refresh_tokens(session, refresh_token=self.refresh_token)
            except DomainError:
                return False
            self._set_user(user)
            self.access_token, self.refresh_token = tokens.access_token, tokens.refresh_token
            return True

    @rx.event
    def require_login(self):
        """on_load of every private page: send strangers to the login page."""
        if self._restore_session():
            return None
        self._clear()
        return rx.redirect(f"/login?next={self.router.url.path}")

    @rx.event
    def redirect_if_logged_in(self):
        if self._restore_session():
            return rx.redirect("/")
        return None

    @rx.event
    def login(self, form: dict):
        self.login_error = ""
        login, password = (form.get("username") or "").strip(), form.get("password") or ""
        if not login or not password:
            self.login_error = "Enter your username (or email) and password."
            return None
        try:
            with session_scope() as session:
                user = auth.authenticate(session, login=login, password=password)
                tokens = auth.issue_tokens(session, user)
                self._set_user(user)
        except DomainError as exc:
            self.login_error = exc.message
            return None
        self.access_token, self.refresh_token = tokens.access_token, tokens.refresh_token
        target = self.router.url.query_parameters.get("next") or "/"
        return rx.redirect(target if target.startswith("/") and not target.startswith("//") else "/")

    @rx.event
    def logout(self):
        if self.refresh_token:
            try:
                with session_scope() as session:
                    auth.revoke_refresh_token(session, refresh_token=self.refresh_token)
            except DomainError:
                pass  # already expired or revoked: logging out anyway
        self._clear()
        return rx.redirect("/login")
