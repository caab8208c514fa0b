"""Product CSV export (same filters as the list) and all-or-nothing import."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import StreamingResponse
from starlette.datastructures import UploadFile

from ....models.base import utcnow
from ....services import product_csv
from ....services.errors import FieldIssue, ValidationFailed
from ....services.permissions import Perm
from ...deps import Reader, SessionDep, allowed
from ...schemas import ERRORS
from .items import Filters
from .schemas import ImportResult

router = APIRouter(tags=["products"])
Writer = allowed(Perm.PRODUCT_WRITE)
MAX_MB = product_csv.MAX_BYTES // (1024 * 1024)
IMPORT_BODY = {
    "required": True,
    "content": {
        "text/csv": {"schema": {"type": "string"}},
        "multipart/form-data": {"schema": {"type": "object", "required": ["file"],
                                           "properties": {"file": {"type": "string", "format": "binary"}}}},
    },
}


@router.get("/products/export", responses={**ERRORS, 200: {"content": {"text/csv": {}},
                                                          "description": "CSV with a header row"}},
            response_class=StreamingResponse, summary="Export products as CSV (same filters as the list)")
def export_products(session: SessionDep, _: Reader, filters: Filters) -> StreamingResponse:
    chunks = product_csv.export_csv(session, filters=filters)
    filename = f"products-{utcnow():%Y%m%d-%H%M%S}.csv"
    return StreamingResponse(chunks, media_type="text/csv; charset=utf-8",
                             headers={"Content-Disposition": f'attachment; filename="{filename}"'})


def _too_large() -> product_csv.PayloadTooLarge:
    return product_csv.PayloadTooLarge(f"The file is larger than {MAX_MB} MB; split it into smaller files.",
                                       [FieldIssue("file", f"must be at most {MAX_MB} MB")])


async def _read_upload(request: Request) -> str:
    """The CSV text from a multipart `file` field or from the raw body, at most MAX_BYTES."""
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > product_csv.MAX_BYTES + 64 * 1024:  # room for multipart framing
        raise _too_large()
    if request.headers.get("content-type", "").startswith("multipart/form-data"):
        form = await request.form(max_files=1, max_fields=5)
        upload = form.get("file")
        if not isinstance(upload, UploadFile):
            raise ValidationFailed.for_field("file", "attach the CSV as the multipart field 'file'")
        raw = await upload.read(product_csv.MAX_BYTES + 1)
    else:
        body = bytearray()
        async for chunk in request.stream():
            body += chunk
            if len(body) > product_csv.MAX_BYTES:
                break
        raw = bytes(body)
    if len(raw) > product_csv.MAX_BYTES:
        raise _too_large()
    if not raw.strip():
        raise ValidationFailed.for_field("file", "is empty: send a CSV with a header row")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ValidationFailed.for_field("file", "must be UTF-8 text") from exc


@router.post("/products/import", response_model=ImportResult, openapi_extra={"requestBody": IMPORT_BODY},
             responses={**ERRORS, 413: {"model": ERRORS[422]["model"]}},
             summary="Import products from CSV: upsert by product_id, all rows or none")
async def import_products(request: Request, session: SessionDep, user: Writer) -> ImportResult:
    text = await _read_upload(request)
    report = await run_in_threadpool(product_csv.parse_and_import, session, text=text, user=user)
    return ImportResult(message=f"Imported {report.created + report.updated + report.unchanged} row(s)",
                        created=report.created, updated=report.updated, unchanged=report.unchanged)
