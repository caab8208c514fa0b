"""What the create/edit forms of a record (customer, supplier) share: loading blank or stored
values, refusing users who may not write, saving through the service and showing its field issues
next to the fields. Each form says which record it edits and how its values map to the service."""

from __future__ import annotations

from typing import ClassVar

import reflex as rx

from ...db import session_scope
from ...services.errors import DomainError, ValidationFailed
from .common import acting_user, field_errors


class RecordFormMixin(rx.State, mixin=True):
    noun: ClassVar[str] = "record"  # "customer": used in messages
    list_url: ClassVar[str] = "/"  # "/customers"; a record's page is list_url/<key>
    key_param: ClassVar[str] = ""  # the route parameter holding the record's key

    editing: str = ""  # key of the record being edited; "" on the create page
    values: dict[str, str] = {}
    errors: dict[str, str] = {}
    saving: bool = False
    form_key: int = 0  # bumped to re-mount the form with freshly loaded values
    loaded_path: str = ""  # the form shows once its values are loaded for this URL

    def _may_write(self, session) -> bool:
        raise NotImplementedError

    def _blank(self) -> dict[str, str]:
        raise NotImplementedError

    def _stored(self, session, key: str) -> tuple[str, dict[str, str]]:
        """(the record's key as stored, its form values); raises NotFound."""
        raise NotImplementedError

    def _from_form(self, form: dict) -> dict:
        raise NotImplementedError

    def _write(self, session, user, data: dict) -> str:
        """Create (editing == "") or update the record; returns its key."""
        raise NotImplementedError

    def _show_form(self) -> None:
        self.form_key += 1
        self.loaded_path = self.router.url.path

    @rx.event
    def load_new(self):
        if not self.is_authenticated:
            return None
        self.editing, self.errors, self.values, self.loaded_path = "", {}, self._blank(), ""
        with session_scope() as session:
            if not self._may_write(session):
                return [rx.redirect(self.list_url), rx.toast.error(f"Your role may not create {self.noun}s.")]
        self._show_form()
        return None

    @rx.event
    def load_edit(self):
        if not self.is_authenticated:
            return None
        key = self.router.page.params.get(self.key_param, "")
        self.errors, self.loaded_path = {}, ""
        try:
            with session_scope() as session:
                if not self._may_write(session):
                    return [rx.redirect(f"{self.list_url}/{key}"),
                            rx.toast.error(f"Your role may not edit {self.noun}s.")]
                self.editing, self.values = self._stored(session, key)
        except DomainError as exc:
            return [rx.redirect(self.list_url), rx.toast.error(exc.message)]
        self._show_form()
        return None

    @rx.event
    def save(self, form: dict):
        if self.saving:
            return None
        self.saving, self.errors = True, {}
        yield
        data = self._from_form(form)
        try:
            with session_scope() as session:
                key = self._write(session, acting_user(self, session), data)
        except DomainError as exc:
            self.saving = False
            self.errors = field_errors(exc)
            message = "Please correct the highlighted fields." if isinstance(exc, ValidationFailed) else exc.message
            yield rx.toast.error(message)
            return
        self.saving, self.loaded_path = False, ""
        yield rx.toast.success(f"{self.noun.capitalize()} {key} {'updated' if self.editing else 'created'}.")
        yield rx.redirect(f"{self.list_url}/{key}")
