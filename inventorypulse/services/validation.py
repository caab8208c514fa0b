"""Field rules shared by the services (seed 000 "Global Validation Patterns")."""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from .errors import FieldIssue, ValidationFailed

EMAIL_RE = re.compile(r"^[^\s@]+@[^\s@]+\.[^\s@]+$")
PHONE_RE = re.compile(r"^\+[1-9]\d{1,14}$")  # E.164
CURRENCY_RE = re.compile(r"^[A-Z]{3}$")  # ISO 4217
COUNTRY_RE = re.compile(r"^[A-Z]{2}$")  # ISO 3166-1 alpha-2
PRODUCT_ID_RE = re.compile(r"^[A-Z0-9-]{8,20}$")
SKU_RE = re.compile(r"^[A-Z0-9-]{6,30}$")
BUSINESS_ID_RE = re.compile(r"^[A-Z0-9-]{3,20}$")
BARCODE_RE = re.compile(r"^[0-9A-Za-z-]{4,32}$")
CENT = Decimal("0.01")


class Checker:
    """Collects every field problem of one input, then raises them together."""

    def __init__(self) -> None:
        self.issues: list[FieldIssue] = []

    def add(self, field: str, issue: str) -> None:
        self.issues.append(FieldIssue(field, issue))

    def require(self, field: str, value: Any) -> bool:
        if value is None or (isinstance(value, str) and not value.strip()):
            self.add(field, "is required")
            return False
        return True

    def length(self, field: str, value: str | None, maximum: int, minimum: int = 0) -> None:
        if value is not None and not minimum <= len(value) <= maximum:
            self.add(field, f"must be {minimum}-{maximum} characters" if minimum else
                     f"must be at most {maximum} characters")

    def pattern(self, field: str, value: str | None, regex: re.Pattern, description: str) -> None:
        if value is not None and value != "" and not regex.match(value):
            self.add(field, description)

    def money(self, field: str, value: Any, *, required: bool = True) -> Decimal | None:
        """Non-negative amount with at most 2 decimals."""
        if value is None:
            if required:
                self.add(field, "is required")
            return None
        try:
            amount = Decimal(str(value))
        except (InvalidOperation, ValueError):
            self.add(field, "must be a number")
            return None
        if not amount.is_finite():
            self.add(field, "must be a number")
            return None
        if amount < 0:
            self.add(field, "must be 0 or more")
        elif amount >= Decimal("1e12"):  # before quantize, which fails on huge values
            self.add(field, "is too large")
        elif amount != amount.quantize(CENT):
            self.add(field, "must have at most 2 decimal places")
        return amount

    def int_range(self, field: str, value: int | None, minimum: int | None = None,
                  maximum: int | None = None) -> None:
        if value is None:
            return
        if minimum is not None and value < minimum:
            self.add(field, f"must be {minimum} or more")
        if maximum is not None and value > maximum:
            self.add(field, f"must be {maximum} or less")

    def one_of(self, field: str, value: str | None, allowed) -> None:
        allowed = [str(a) for a in allowed]
        if value is not None and value not in allowed:
            self.add(field, f"must be one of: {', '.join(allowed)}")

    def done(self, message: str = "Invalid input.") -> None:
        if self.issues:
            summary = "; ".join(f"{i.field} {i.issue}" for i in self.issues[:3])
            raise ValidationFailed(f"{message} {summary}", self.issues)


def check_choice(field: str, value: str | None, choices) -> None:
    """Refuse a filter/field value outside an enum (None and "" mean "not given")."""
    if value and value not in [str(c) for c in choices]:
        raise ValidationFailed.for_field(field, f"must be one of {', '.join(choices)}")


def to_cents(value: Decimal) -> Decimal:
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


def normalise_code(value: str | None) -> str | None:
    """Business codes are stored upper-case without surrounding spaces."""
    return value.strip().upper() if isinstance(value, str) else value
