"""Bulk inserts below the ORM: executemany on SQLite, COPY on PostgreSQL.

Rows carry explicit ids (the demo owns its empty tables), so on PostgreSQL the id
sequences are moved past them at the end. Values of the big tables are prepared
already in the database's own text formats; the small tables go through per-column
converters derived from the SQLModel table types.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime

from sqlalchemy import (
    JSON,
    Boolean,
    Connection,
    Date,
    DateTime,
    Integer,
    Numeric,
    Table,
    TypeDecorator,
    text,
)

log = logging.getLogger(__name__)
SQLITE_TIMESTAMP = "%Y-%m-%d %H:%M:%S.%f"  # what sqlmodel's UTCDateTime stores on SQLite


def _sqlite_timestamp(value: datetime) -> str:
    return value.astimezone(UTC).strftime(SQLITE_TIMESTAMP)


def _sql_literal(value: object) -> str:
    if isinstance(value, bool | int):
        return str(int(value))
    return "'" + str(value).replace("'", "''") + "'"


class BulkWriter:
    def __init__(self, connection: Connection) -> None:
        self.connection = connection
        self.sqlite = connection.dialect.name == "sqlite"
        self.dbapi = connection.connection.dbapi_connection
        self.tables_with_ids: list[str] = []

    @property
    def time_suffix(self) -> str:
        """Appended to "YYYY-MM-DD HH:MM:SS" to make a timestamp value for this database."""
        return ".000000" if self.sqlite else "+00"

    def _converter(self, column) -> Callable | None:
        kind = column.type
        if isinstance(kind, TypeDecorator):  # e.g. sqlmodel's UTCDateTime
            kind = kind.impl_instance
        if isinstance(kind, JSON):
            return json.dumps
        if isinstance(kind, DateTime):
            return _sqlite_timestamp if self.sqlite else None
        if isinstance(kind, Date):
            return date.isoformat
        if isinstance(kind, Boolean):
            return int if self.sqlite else bool
        if isinstance(kind, Integer):
            return int
        if isinstance(kind, Numeric):
            return float
        return None

    def insert_dicts(self, table: Table, rows: list[dict]) -> int:
        """Insert rows given as dicts of Python values (datetimes, dates, lists, numpy scalars)."""
        if not rows:
            return 0
        columns = list(rows[0])
        converters = [self._converter(table.c[name]) for name in columns]

        def convert(row: dict) -> tuple:
            return tuple(
                None if (v := row[name]) is None else (f(v) if f else v)
                for name, f in zip(columns, converters)
            )

        self.insert_rows(table, columns, (convert(r) for r in rows))
        return len(rows)

    def insert_rows(self, table: Table, columns: list[str], rows: Iterable[tuple], *,
                    constants: dict[str, object] | None = None, copies: dict[str, str] | None = None) -> None:
        """Insert tuples already in the database's formats (see `time_suffix`).

        `constants` are the same for every row; `copies` repeat another column's value
        ({"created_at": "timestamp"}). On SQLite both go into the statement, so the rows bind less.
        """
        constants, copies = constants or {}, copies or {}
        if "id" in columns and table.name not in self.tables_with_ids:
            self.tables_with_ids.append(table.name)
        names = ", ".join(f'"{c}"' for c in [*columns, *constants, *copies])
        cursor = self.dbapi.cursor()
        try:
            if self.sqlite:
                values = [f"?{i + 1}" for i in range(len(columns))]
                values += [_sql_literal(v) for v in constants.values()]
                values += [f"?{columns.index(source) + 1}" for source in copies.values()]
                cursor.executemany(f'INSERT INTO "{table.name}" ({names}) VALUES ({", ".join(values)})', rows)
            else:
                extra = tuple(constants.values())
                sources = [columns.index(source) for source in copies.values()]
                with cursor.copy(f'COPY "{table.name}" ({names}) FROM STDIN') as copy:
                    for row in rows:
                        copy.write_row((*row, *extra, *(row[i] for i in sources)) if extra or sources else row)
        finally:
            cursor.close()

    @contextmanager
    def tuned_for_bulk_load(self) -> Iterator[None]:
        """More memory for this connection's page cache / index builds while loading."""
        if not self.sqlite:
            self.connection.exec_driver_sql("SET LOCAL maintenance_work_mem = '256MB'")
            yield
            return
        previous = self.connection.exec_driver_sql("PRAGMA cache_size").scalar()
        self.connection.exec_driver_sql("PRAGMA cache_size = -262144")  # 256 MiB
        try:
            yield
        finally:
            self.connection.exec_driver_sql(f"PRAGMA cache_size = {int(previous)}")

    def _secondary_indexes(self, table: str) -> list[tuple[str, str]]:
        """(name, CREATE statement) of the plain indexes of `table` (not PK/UNIQUE constraints)."""
        if self.sqlite:
            sql = ("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = :t "
                   "AND sql IS NOT NULL")
        else:
            sql = ("SELECT ic.relname, pg_get_indexdef(ix.indexrelid) FROM pg_index ix "
                   "JOIN pg_class ic ON ic.oid = ix.indexrelid "
                   "WHERE ix.indrelid = CAST(:t AS regclass) AND NOT ix.indisprimary "
                   "AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = ix.indexrelid)")
        return [tuple(r) for r in self.connection.execute(text(sql), {"t": table})]

    def _foreign_keys(self, table: str) -> list[tuple[str, str]]:
        """(name, definition) of the table's foreign keys; none on SQLite, whose checks are cheap
        (and whose foreign keys cannot be dropped)."""
        if self.sqlite:
            return []
        sql = ("SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
               "WHERE conrelid = CAST(:t AS regclass) AND contype = 'f'")
        return [tuple(r) for r in self.connection.execute(text(sql), {"t": table})]

    @contextmanager
    def defer_indexes_and_foreign_keys(self, table: Table) -> Iterator[None]:
        """Drop the table's secondary indexes (and PostgreSQL foreign keys) during a bulk insert,
        then rebuild them.

        Building an index once from sorted data is much faster than updating it row by row,
        and one validating join per foreign key beats PostgreSQL's per-row trigger checks.
        DDL is transactional on both databases: a failure restores everything.
        """
        name = table.name
        started = time.perf_counter()
        indexes, foreign_keys = self._secondary_indexes(name), self._foreign_keys(name)
        for index, _ in indexes:
            self.connection.exec_driver_sql(f'DROP INDEX "{index}"')
        for constraint, _ in foreign_keys:
            self.connection.exec_driver_sql(f'ALTER TABLE "{name}" DROP CONSTRAINT "{constraint}"')
        yield
        loaded = time.perf_counter()
        for _, create in indexes:
            self.connection.exec_driver_sql(create)
        for constraint, definition in foreign_keys:
            self.connection.exec_driver_sql(f'ALTER TABLE "{name}" ADD CONSTRAINT "{constraint}" {definition}')
        log.info("demo data: %s loaded in %.1f s, indexes and foreign keys rebuilt in %.1f s", name,
                 loaded - started, time.perf_counter() - loaded)

    def finish(self) -> None:
        """Move PostgreSQL id sequences past the explicit ids; refresh planner statistics."""
        if self.sqlite:
            return
        for name in self.tables_with_ids:
            self.connection.execute(text(
                f"SELECT setval(pg_get_serial_sequence('{name}', 'id'), "
                f"(SELECT COALESCE(MAX(id), 0) + 1 FROM \"{name}\"), false)"
            ))
        for name in self.tables_with_ids:
            self.connection.execute(text(f'ANALYZE "{name}"'))
