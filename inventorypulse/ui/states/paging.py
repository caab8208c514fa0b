"""Paging shared by the list screens: a mixin, so each list keeps its own page counters."""

from __future__ import annotations

import reflex as rx


def page_param(query: dict) -> int:
    """The `page` query parameter when it is a positive whole number, else 1."""
    text = query.get("page", "")
    return int(text) if text.isdigit() and int(text) > 0 else 1


class PagedMixin(rx.State, mixin=True):
    page: int = 1
    total: int = 0
    total_pages: int = 1

    def _show_page(self):
        """Show `self.page`: reload in place, or redirect to the list URL with the new page."""
        raise NotImplementedError

    @rx.event
    def next_page(self):
        if self.page < self.total_pages:
            self.page += 1
            return self._show_page()
        return None

    @rx.event
    def prev_page(self):
        if self.page > 1:
            self.page -= 1
            return self._show_page()
        return None
