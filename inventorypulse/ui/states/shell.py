"""The shell around every private page: the open-alerts badge and the global search box."""

from __future__ import annotations

from urllib.parse import quote

import reflex as rx

from ...db import session_scope
from ...services import alerts
from ...services.errors import DomainError
from .auth import AuthState

BADGE_REFRESH_MS = 60_000


class ShellState(AuthState):
    open_alerts: int = 0

    @rx.var
    def open_alerts_label(self) -> str:
        return "99+" if self.open_alerts > 99 else str(self.open_alerts)

    @rx.event
    def refresh_badge(self, _tick: str = ""):
        """On every page mount and once a minute: one indexed COUNT."""
        if not self.is_authenticated:
            return
        try:
            with session_scope() as session:
                self.open_alerts = alerts.count_open_alerts(session)
        except DomainError:
            pass  # the badge keeps its last value; the page itself reports errors

    @rx.event
    def search(self, form: dict):
        query = (form.get("q") or "").strip()
        if not query:
            return rx.toast.info("Type a SKU, name, supplier or PO number to search.")
        return rx.redirect(f"/search?q={quote(query)}")
