"""CSV import from the products list: all rows or none, with every problem listed by row."""

from __future__ import annotations

import reflex as rx

from ....db import session_scope
from ....services import product_csv
from ....services.errors import DomainError, ValidationFailed
from ..auth import AuthState
from ..common import acting_user
from .listing import ProductListState


def _split(field: str) -> tuple[str, str]:
    """"row 3: sku" -> ("3", "sku"); file-level problems have no row."""
    head, _, rest = field.partition(":")
    if head.startswith("row ") and head[4:].isdigit():
        return head[4:], rest.strip() or "—"
    return "—", field


class ProductImportState(AuthState):
    open: bool = False
    importing: bool = False
    file_name: str = ""
    summary: str = ""
    succeeded: bool = False
    issues: list[dict[str, str]] = []  # row, field, issue

    def _reset(self) -> None:
        self.file_name, self.summary, self.succeeded, self.issues = "", "", False, []

    @rx.event
    def set_open(self, value: bool):
        self.open = value
        if value:
            self._reset()

    @rx.event
    async def handle_upload(self, files: list[rx.UploadFile]):
        self._reset()
        if not files:
            return
        upload = files[0]
        self.file_name = upload.name or "upload.csv"
        self.importing = True
        yield  # show the spinner while the file is checked and written
        raw = await upload.read(product_csv.MAX_BYTES + 1)
        try:
            if len(raw) > product_csv.MAX_BYTES:
                raise ValidationFailed.for_field("file", f"must be at most {product_csv.MAX_BYTES // 2**20} MB")
            try:
                text = raw.decode("utf-8-sig")
            except UnicodeDecodeError:
                raise ValidationFailed.for_field("file", "must be UTF-8 text (save it as CSV UTF-8)") from None
            with session_scope() as session:
                report = product_csv.parse_and_import(session, text=text, user=acting_user(self, session))
        except DomainError as exc:
            self.importing = False
            self.summary = exc.message
            self.issues = [dict(zip(("row", "field"), _split(i.field), strict=True), issue=i.issue)
                           for i in exc.details]
            return
        self.importing, self.succeeded = False, True
        self.summary = (f"Imported {len(report.product_ids)} row(s): {report.created} created, "
                        f"{report.updated} updated, {report.unchanged} unchanged.")
        yield [ProductListState.refresh, rx.toast.success(self.summary)]
