"""Generated document numbers (PO-2026-000042, ORD-…, CUST-…), gap-tolerant and race-free.

One atomic upsert per number: the database serialises concurrent callers on the counter row.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import text
from sqlmodel import Session

from ..models.base import utcnow

_NEXT = text(
    "INSERT INTO number_sequences (name, value) VALUES (:name, 1) "
    "ON CONFLICT (name) DO UPDATE SET value = number_sequences.value + 1 RETURNING value"
)


def next_number(session: Session, prefix: str, *, width: int = 6, at: datetime | None = None) -> str:
    year = (at or utcnow()).year
    value = session.execute(_NEXT, {"name": f"{prefix}-{year}"}).scalar_one()
    return f"{prefix}-{year}-{value:0{width}d}"
