"""Domain errors. Services raise these; the API and UI map them once to responses/messages."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class FieldIssue:
    field: str
    issue: str


class DomainError(Exception):
    code = "DOMAIN_ERROR"
    status = 400

    def __init__(self, message: str, details: list[FieldIssue] | None = None):
        super().__init__(message)
        self.message = message
        self.details = details or []

    def field_errors(self) -> dict[str, str]:
        return {d.field: d.issue for d in self.details}


class ValidationFailed(DomainError):
    code = "VALIDATION_ERROR"
    status = 422

    @classmethod
    def for_field(cls, field: str, issue: str) -> ValidationFailed:
        return cls(f"{field}: {issue}", [FieldIssue(field, issue)])


class NotFound(DomainError):
    code = "NOT_FOUND"
    status = 404


class Conflict(DomainError):
    code = "CONFLICT"
    status = 409


class InsufficientStock(Conflict):
    code = "INSUFFICIENT_STOCK"


class InvalidTransition(Conflict):
    code = "INVALID_TRANSITION"


class AuthError(DomainError):
    code = "INVALID_CREDENTIALS"
    status = 401


class AccountLocked(DomainError):
    code = "ACCOUNT_LOCKED"
    status = 423


class PermissionDenied(DomainError):
    code = "INSUFFICIENT_PERMISSIONS"
    status = 403
