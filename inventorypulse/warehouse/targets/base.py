"""What both targets offer, and the parts they share (watermarks, value conversion)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any, Protocol

from ..schema import SYNC_STATE, TableSpec

Row = dict[str, Any]


class WarehouseUnavailable(Exception):
    """The warehouse cannot be reached or refused us (credentials, network, configuration)."""


@dataclass
class TableState:
    table_name: str
    watermark: dict[str, Any]
    rows_loaded: int
    synced_at: datetime | None


class Target(Protocol):
    kind: str  # "snowflake" | "embedded"
    label: str  # where the data goes, without secrets

    def ensure_tables(self) -> None:
        """Create the seed tables (and the sync state table) when missing."""

    def has_tables(self) -> bool:
        """Whether a sync ever created the tables (reading needs no DDL rights)."""

    def upsert(self, spec: TableSpec, rows: list[Row]) -> int:
        """MERGE `rows` keyed by the table's primary key: re-loading a row replaces it."""

    def delete_stale(self, spec: TableSpec, column: str, values: list[Any], keep: list[str]) -> int:
        """Delete rows whose `column` is in `values` and whose key is not in `keep`."""

    def clear(self, spec: TableSpec) -> None:
        """Delete every row (full rebuild)."""

    def fetch(self, sql: str, params: dict[str, Any] | None = None) -> list[Row]:
        """Run a read query with `:name` placeholders; rows come back keyed by lower-case column name."""

    def close(self) -> None: ...


class TargetBase:
    """Watermarks are rows of the sync state table, read and written like any other table."""

    def read_states(self: Any) -> dict[str, TableState]:
        rows = self.fetch(f"SELECT table_name, watermark, rows_loaded, synced_at FROM {SYNC_STATE.name}")
        return {
            r["table_name"]: TableState(r["table_name"], json.loads(r["watermark"] or "{}"),
                                        int(r["rows_loaded"] or 0), as_datetime(r["synced_at"]))
            for r in rows
        }

    def write_state(self: Any, state: TableState) -> None:
        self.upsert(SYNC_STATE, [{"table_name": state.table_name,
                                  "watermark": json.dumps(state.watermark, sort_keys=True, default=str),
                                  "rows_loaded": state.rows_loaded, "synced_at": state.synced_at}])

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def as_date(value: Any) -> date | None:
    if value is None or (isinstance(value, date) and not isinstance(value, datetime)):
        return value
    if isinstance(value, datetime):
        return value.date()
    return date.fromisoformat(str(value)[:10])


def as_datetime(value: Any) -> datetime | None:
    if value is None or isinstance(value, datetime):
        return value
    return datetime.fromisoformat(str(value))


def as_text(value: Any) -> str | None:
    """A value as text for a VARCHAR staging column (cast to the real type inside the MERGE)."""
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, (date, Decimal, int, float)):
        return str(value)
    return json.dumps(value, sort_keys=True, default=str)
