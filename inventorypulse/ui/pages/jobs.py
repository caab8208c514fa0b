"""Jobs page (admins only: others are sent to the dashboard, and every action is refused on the server)."""

import reflex as rx

from ..components.layout import page_shell
from ..states.auth import AuthState
from ..states.jobs import JobsState
from ..views.jobs import jobs_body


def jobs_page() -> rx.Component:
    return page_shell("Jobs", rx.cond(AuthState.is_admin, jobs_body(), rx.center(rx.spinner(), height="40vh")))


def register(app: rx.App) -> None:
    app.add_page(jobs_page, route="/jobs", title="Jobs · InventoryPulse",
                 on_load=[AuthState.require_login, JobsState.load])
