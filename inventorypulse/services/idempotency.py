"""Idempotency-Key support: a retried request gets the first result and changes nothing."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from ..models import IdempotencyRecord
from .errors import Conflict, ValidationFailed


def request_hash(payload: Any) -> str:
    return hashlib.sha256(json.dumps(payload, sort_keys=True, default=str).encode()).hexdigest()


def _replay(record: IdempotencyRecord, scope: str, digest: str) -> tuple[int, dict]:
    if record.scope != scope or record.request_hash != digest:
        raise Conflict("This Idempotency-Key was already used for a different request.")
    return record.status_code, record.response


def run_once(session: Session, *, key: str | None, scope: str, payload: Any, user_id: int | None,
             action: Callable[[], tuple[int, dict]]) -> tuple[int, dict]:
    """Run `action` (returning status code and JSON body) at most once per key.

    Must be the first write of the caller's transaction: the key is claimed before the work, so a
    concurrent retry waits on the claim and then replays the stored result. If another request
    claimed the key first, this transaction (still empty) is rolled back and theirs is replayed.
    """
    if key is None:
        return action()
    if not 1 <= len(key) <= 100:
        raise ValidationFailed.for_field("Idempotency-Key", "must be 1-100 characters")
    digest = request_hash(payload)
    existing = session.exec(select(IdempotencyRecord).where(IdempotencyRecord.key == key)).first()
    if existing is not None:
        return _replay(existing, scope, digest)
    record = IdempotencyRecord(key=key, scope=scope, request_hash=digest, user_id=user_id, status_code=0)
    session.add(record)
    try:
        session.flush()
    except IntegrityError:
        session.rollback()
        existing = session.exec(select(IdempotencyRecord).where(IdempotencyRecord.key == key)).one()
        return _replay(existing, scope, digest)
    status, body = action()
    record.status_code, record.response = status, body
    session.add(record)
    return status, body
