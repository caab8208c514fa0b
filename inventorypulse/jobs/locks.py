"""Cross-process locks: which process leads the scheduler, and that a job never runs twice at once.

PostgreSQL: a session-level advisory lock on a dedicated connection. The server drops it when the
connection goes, so a crashed process never leaves it behind.
SQLite: a lease row in `app_settings` (key `lock:<name>`) naming its owner and expiry, taken with a
compare-and-set UPDATE. A lease is taken over when its holder's process is gone (same host) or, for a
holder on another host, once it has expired without renewal.
"""

from __future__ import annotations

import hashlib
import logging
import os
import socket
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Protocol

import sqlalchemy as sa
from sqlalchemy import Engine
from sqlalchemy.dialects import sqlite
from sqlalchemy.exc import DBAPIError

from ..models import AppSetting
from ..models.base import utcnow

log = logging.getLogger(__name__)
SETTINGS = AppSetting.__table__
HOST = socket.gethostname()


class Lock(Protocol):
    name: str

    @property
    def held(self) -> bool: ...

    def acquire(self) -> bool: ...

    def renew(self) -> bool: ...

    def release(self) -> None: ...


def make_lock(engine: Engine, name: str, *, ttl: float = 90.0) -> Lock:
    if engine.dialect.name == "postgresql":
        return AdvisoryLock(engine, name)
    return LeaseLock(engine, name, ttl=ttl)


def lock_key(name: str) -> int:
    """A stable signed 64-bit key for pg_advisory_lock, distinct per lock name."""
    digest = hashlib.blake2b(f"inventorypulse:{name}".encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)


class AdvisoryLock:
    def __init__(self, engine: Engine, name: str):
        self.engine, self.name, self.key = engine, name, lock_key(name)
        self._conn: sa.Connection | None = None

    @property
    def held(self) -> bool:
        return self._conn is not None

    def acquire(self) -> bool:
        if self._conn is not None:
            return self.renew()
        conn = self.engine.connect().execution_options(isolation_level="AUTOCOMMIT")
        try:
            got = conn.execute(sa.text("SELECT pg_try_advisory_lock(:k)"), {"k": self.key}).scalar()
        except BaseException:
            conn.close()
            raise
        if got:
            self._conn = conn
            return True
        conn.close()
        return False

    def renew(self) -> bool:
        """Still held while its connection is alive (the server keeps the lock until it closes)."""
        if self._conn is None:
            return False
        try:
            self._conn.execute(sa.text("SELECT 1"))
            return True
        except DBAPIError:
            log.warning("lost the connection holding lock %s", self.name)
            self._discard()
            return False

    def release(self) -> None:
        if self._conn is None:
            return
        try:
            self._conn.execute(sa.text("SELECT pg_advisory_unlock(:k)"), {"k": self.key})
            self._conn.close()
            self._conn = None
        except DBAPIError:
            self._discard()

    def _discard(self) -> None:
        # Never return a connection that may still hold the lock to the pool: close it for good.
        conn, self._conn = self._conn, None
        if conn is not None:
            conn.invalidate()
            conn.close()


def _pid_alive(pid) -> bool:
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return False
    except (PermissionError, TypeError, ValueError, OverflowError):
        return True
    return True


class LeaseLock:
    def __init__(self, engine: Engine, name: str, *, ttl: float = 90.0):
        self.engine, self.name, self.ttl = engine, name, ttl
        self.key = f"lock:{name}"
        self.owner = f"{HOST}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
        self._valid_until = 0.0

    @property
    def held(self) -> bool:
        return self._valid_until > time.time()

    def _value(self, now: float) -> dict:
        return {"owner": self.owner, "host": HOST, "pid": os.getpid(), "expires_at": now + self.ttl}

    def _can_take(self, value: dict, now: float) -> bool:
        if value.get("owner") == self.owner:
            return True
        if value.get("host") == HOST:
            return not _pid_alive(value.get("pid"))
        return float(value.get("expires_at") or 0) < now

    def acquire(self) -> bool:
        now = time.time()
        owner = SETTINGS.c.value["owner"].as_string()
        with self.engine.begin() as conn:
            current = conn.execute(sa.select(SETTINGS.c.value).where(SETTINGS.c.key == self.key)).scalar()
            if current is None:
                stmt = sqlite.insert(SETTINGS).values(key=self.key, value=self._value(now), updated_at=utcnow())
                won = conn.execute(stmt.on_conflict_do_nothing(index_elements=["key"]),
                                   execution_options={"preserve_rowcount": True}).rowcount == 1
            elif self._can_take(current, now):
                # Compare-and-set: only if nobody took it since we read it.
                won = conn.execute(
                    sa.update(SETTINGS).where(SETTINGS.c.key == self.key, owner == current.get("owner"))
                    .values(value=self._value(now), updated_at=utcnow())
                ).rowcount == 1
            else:
                won = False
        self._valid_until = now + self.ttl if won else 0.0
        return won

    def renew(self) -> bool:
        now = time.time()
        try:
            with self.engine.begin() as conn:
                renewed = conn.execute(
                    sa.update(SETTINGS)
                    .where(SETTINGS.c.key == self.key, SETTINGS.c.value["owner"].as_string() == self.owner)
                    .values(value=self._value(now), updated_at=utcnow())
                ).rowcount == 1
        except DBAPIError:
            # Busy database (a long write elsewhere): keep the lease until it runs out on its own.
            log.warning("could not renew lease %s; it stays valid until it expires", self.name)
            return self.held
        self._valid_until = now + self.ttl if renewed else 0.0
        return renewed

    def release(self) -> None:
        self._valid_until = 0.0
        with self.engine.begin() as conn:
            conn.execute(sa.delete(SETTINGS).where(SETTINGS.c.key == self.key,
                                                   SETTINGS.c.value["owner"].as_string() == self.owner))


@contextmanager
def kept_alive(lock: Lock, every: float) -> Iterator[None]:
    """Renew `lock` in a background thread while the block runs (long jobs outlive a lease)."""
    stop = threading.Event()

    def beat() -> None:
        while not stop.wait(every):
            try:
                lock.renew()
            except Exception:  # noqa: BLE001 - a failed renewal must not kill the job
                log.exception("renewing lock %s failed", lock.name)

    thread = threading.Thread(target=beat, name=f"lock-{lock.name}", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join(timeout=5)
