"""Users page (admins only: others are sent to the dashboard, and every action is refused on the server)."""

import reflex as rx

from ..components.layout import page_shell
from ..states.auth import AuthState
from ..states.users import UsersState
from ..views.users import users_body


def users_page() -> rx.Component:
    return page_shell("Users", rx.cond(AuthState.is_admin, users_body(), rx.center(rx.spinner(), height="40vh")))


def register(app: rx.App) -> None:
    app.add_page(users_page, route="/users", title="Users · InventoryPulse",
                 on_load=[AuthState.require_login, UsersState.load])
