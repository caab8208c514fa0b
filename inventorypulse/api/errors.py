"""The one error format: {"error": CODE, "message": text, "details": [{"field", "issue"}]}."""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from sqlalchemy.exc import IntegrityError, OperationalError
from starlette.exceptions import HTTPException as StarletteHTTPException

from ..services.errors import AuthError, DomainError

log = logging.getLogger(__name__)


class ErrorDetail(BaseModel):
    field: str
    issue: str


class ErrorResponse(BaseModel):
    error: str
    message: str
    details: list[ErrorDetail] = []


def error_json(status: int, code: str, message: str, details: list | None = None, headers=None):
    body = {"error": code, "message": message, "details": details or []}
    return JSONResponse(status_code=status, content=body, headers=headers)


HTTP_CODES = {400: "BAD_REQUEST", 401: "UNAUTHORIZED", 403: "FORBIDDEN", 404: "NOT_FOUND",
              405: "METHOD_NOT_ALLOWED", 409: "CONFLICT", 422: "VALIDATION_ERROR",
              429: "RATE_LIMITED"}


def _field_name(loc: tuple) -> str:
    """("body", "items", 0, "quantity") -> "items[0].quantity", as the services name fields."""
    name = ""
    for part in loc:
        if part in ("body", "query", "path", "header"):
            continue
        name += f"[{part}]" if isinstance(part, int) else (f".{part}" if name else str(part))
    return name or "body"


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(DomainError)
    async def domain_error(_: Request, exc: DomainError):
        headers = {"WWW-Authenticate": "Bearer"} if isinstance(exc, AuthError) else None
        details = [{"field": d.field, "issue": d.issue} for d in exc.details]
        return error_json(exc.status, exc.code, exc.message, details, headers)

    @app.exception_handler(RequestValidationError)
    async def request_validation(_: Request, exc: RequestValidationError):
        details = [
            {"field": "body", "issue": "is not valid JSON"} if e.get("type") == "json_invalid"
            else {"field": _field_name(tuple(e["loc"])), "issue": e["msg"]}
            for e in exc.errors()
        ]
        summary = "; ".join(f"{d['field']}: {d['issue']}" for d in details[:3])
        return error_json(422, "VALIDATION_ERROR", f"Invalid input. {summary}", details)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(_: Request, exc: StarletteHTTPException):
        code = HTTP_CODES.get(exc.status_code, "ERROR")
        return error_json(exc.status_code, code, str(exc.detail), headers=exc.headers)

    @app.exception_handler(IntegrityError)
    async def integrity_error(_: Request, exc: IntegrityError):
        # A concurrent request won a race the service's own checks could not see (e.g. two
        # creates with the same SKU at once): the database constraint refused this one.
        log.info("integrity error: %s", exc.orig)
        return error_json(409, "CONFLICT", "This conflicts with data saved meanwhile by another request. "
                                           "Reload and try again.")

    @app.exception_handler(OperationalError)
    async def operational_error(_: Request, exc: OperationalError):
        code = getattr(getattr(exc, "orig", None), "sqlstate", None)
        if code in ("40P01", "40001"):  # deadlock / serialization failure: safe to retry
            return error_json(409, "RETRY", "Another request changed the same stock at the same moment. Retry.")
        log.exception("database unavailable")
        return error_json(503, "SERVICE_UNAVAILABLE", "The database is busy or unavailable. Try again shortly.")

    @app.exception_handler(Exception)
    async def unexpected(request: Request, exc: Exception):
        log.exception("unhandled error on %s %s", request.method, request.url.path)
        return error_json(500, "INTERNAL_ERROR", "An unexpected error occurred. It has been logged.")
