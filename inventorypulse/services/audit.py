"""Audit trail: who changed what, when. Written in the same transaction as the change."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlmodel import Session

from ..models import AuditLog


def _plain(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    return value


def record(session: Session, *, user_id: int | None, entity_type: str, entity_id: str, action: str,
           changes: dict[str, Any] | None = None) -> None:
    session.add(AuditLog(user_id=user_id, entity_type=entity_type, entity_id=entity_id, action=action,
                         changes={k: _plain(v) for k, v in (changes or {}).items()}))


def diff(obj: Any, updates: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Apply `updates` to `obj` and return {field: {"from", "to"}} for what really changed."""
    changed = {}
    for field, new in updates.items():
        old = getattr(obj, field)
        if old != new:
            changed[field] = {"from": _plain(old), "to": _plain(new)}
            setattr(obj, field, new)
    return changed
