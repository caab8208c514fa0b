"""The embedded target: the seed tables in a local SQLAlchemy database, nothing to set up.

By default a SQLite file next to the operational SQLite database (`<name>-analytics.db`), or an
`analytics` schema inside the operational PostgreSQL database: either way Alembic never sees
these tables. Loads are `INSERT … ON CONFLICT (key) DO UPDATE`, MERGE's semantics.
"""

from __future__ import annotations

import threading
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, MetaData, Table, create_engine, delete, event, inspect, text
from sqlalchemy.dialects import postgresql, sqlite

from ...config import settings
from ...db import make_engine
from ..schema import ALL_TABLES, SYNC_STATE, TableSpec, sa_table
from .base import Row, TargetBase

PG_SCHEMA = "analytics"
CHUNK = 5000


def default_url() -> str:
    configured = settings.analytics_database_url
    if configured:
        return configured
    url = settings.database_url
    if url.startswith("sqlite") and ":///" in url and not url.endswith(":memory:"):
        path = Path(url.split(":///", 1)[1])
        return f"sqlite:///{path.with_name(path.stem + '-analytics' + (path.suffix or '.db'))}"
    return url  # PostgreSQL: same database, own schema


_engines: dict[str, Engine] = {}
_engines_lock = threading.Lock()


def _engine(url: str) -> Engine:
    with _engines_lock:
        return _engines[url] if url in _engines else _engines.setdefault(url, _make(url))


def _make(url: str) -> Engine:
    if url.startswith("sqlite"):
        return make_engine(url)
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url.removeprefix("postgresql://")
    engine = create_engine(url, pool_size=2, max_overflow=4, pool_pre_ping=True)

    @event.listens_for(engine, "connect")
    def _search_path(dbapi_conn, _record) -> None:
        with dbapi_conn.cursor() as cur:
            cur.execute(f"CREATE SCHEMA IF NOT EXISTS {PG_SCHEMA}")
            cur.execute(f"SET search_path TO {PG_SCHEMA}")
        dbapi_conn.commit()

    return engine


class EmbeddedTarget(TargetBase):
    kind = "embedded"

    def __init__(self, url: str | None = None) -> None:
        self.url = url or default_url()
        self.engine = _engine(self.url)
        self.dialect = self.engine.dialect.name
        self.label = (f"SQLite file {Path(self.url.split(':///', 1)[1]).name}" if self.dialect == "sqlite"
                      else f"PostgreSQL schema {PG_SCHEMA}")
        self.metadata = MetaData()
        self.tables: dict[str, Table] = {spec.name: sa_table(spec, self.metadata) for spec in ALL_TABLES}

    def ensure_tables(self) -> None:
        self.metadata.create_all(self.engine)

    def has_tables(self) -> bool:
        return inspect(self.engine).has_table(SYNC_STATE.name)

    def upsert(self, spec: TableSpec, rows: list[Row]) -> int:
        if not rows:
            return 0
        table = self.tables[spec.name]
        insert = (sqlite if self.dialect == "sqlite" else postgresql).insert
        stmt = insert(table)
        stmt = stmt.on_conflict_do_update(
            index_elements=[spec.key],
            set_={name: stmt.excluded[name] for name in spec.names if name != spec.key},
        )
        with self.engine.begin() as conn:
            for i in range(0, len(rows), CHUNK):
                conn.execute(stmt, rows[i:i + CHUNK])
        return len(rows)

    def delete_stale(self, spec: TableSpec, column: str, values: list[Any], keep: list[str]) -> int:
        if not values:
            return 0
        table = self.tables[spec.name]
        with self.engine.begin() as conn:
            stmt = delete(table).where(table.c[column].in_(values))
            if keep:
                stmt = stmt.where(table.c[spec.key].notin_(keep))
            return conn.execute(stmt).rowcount

    def clear(self, spec: TableSpec) -> None:
        with self.engine.begin() as conn:
            conn.execute(delete(self.tables[spec.name]))

    def fetch(self, sql: str, params: dict[str, Any] | None = None) -> list[Row]:
        params = {k: self._param(v) for k, v in (params or {}).items()}
        with self.engine.connect() as conn:
            result = conn.execute(text(sql), params)
            names = [k.lower() for k in result.keys()]
            return [dict(zip(names, row, strict=True)) for row in result]

    def _param(self, value: Any) -> Any:
        # SQLite keeps dates as ISO text; compare like with like.
        if self.dialect == "sqlite" and isinstance(value, (date, datetime)):
            return value.isoformat(sep=" ") if isinstance(value, datetime) else value.isoformat()
        return value

    def close(self) -> None:
        """Engines are shared per URL for the life of the process: nothing to release."""
