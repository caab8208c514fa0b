"""The Snowflake target (`snowflake-connector-python`, enabled by SNOWFLAKE_ACCOUNT and friends).

Each load goes to a temporary staging table (array-bound executemany, which the connector stages
as a file when large) and then one MERGE on the primary key, so re-running a load never adds a
row twice. Steps are individually idempotent (no multi-statement transaction): if a run dies
half-way, the watermark has not moved and the next run merges the same rows again.
"""

from __future__ import annotations

import re
from typing import Any

from ...config import settings
from ..schema import ALL_TABLES, SYNC_STATE, TableSpec, snowflake_ddl
from .base import Row, TargetBase, WarehouseUnavailable, as_text

CHUNK = 10_000
REQUIRED = ("snowflake_account", "snowflake_user", "snowflake_password", "snowflake_database",
            "snowflake_schema")
_PLACEHOLDER = re.compile(r"(?<![:\w]):([a-z_][a-z0-9_]*)", re.IGNORECASE)


def is_configured() -> bool:
    return bool(settings.snowflake_account)


def _stage_type(spec: TableSpec, name: str) -> str:
    return "BOOLEAN" if spec.col(name).type == "BOOLEAN" else "VARCHAR"


def _cast(spec: TableSpec, name: str) -> str:
    """Staged text back to the column's real type."""
    sf_type = spec.col(name).type
    if sf_type == "VARIANT":
        return f"PARSE_JSON({name}) AS {name}"
    if sf_type == "BOOLEAN" or sf_type.startswith("VARCHAR"):
        return name
    return f"CAST({name} AS {sf_type}) AS {name}"


def merge_sql(spec: TableSpec, stage: str) -> str:
    names = spec.names
    source = f"SELECT {', '.join(_cast(spec, n) for n in names)} FROM {stage}"
    updates = ", ".join(f"{n} = s.{n}" for n in names if n != spec.key)
    return (f"MERGE INTO {spec.name} AS t USING ({source}) AS s ON t.{spec.key} = s.{spec.key} "
            f"WHEN MATCHED THEN UPDATE SET {updates} "
            f"WHEN NOT MATCHED THEN INSERT ({', '.join(names)}) VALUES ({', '.join('s.' + n for n in names)})")


class SnowflakeTarget(TargetBase):
    kind = "snowflake"

    def __init__(self, **overrides: Any) -> None:
        """Connect with the SNOWFLAKE_* settings (keyword arguments override them, e.g. in tests)."""
        import snowflake.connector
        from snowflake.connector.errors import Error

        values = {name: getattr(settings, name) for name in
                  ("snowflake_account", "snowflake_user", "snowflake_password", "snowflake_warehouse",
                   "snowflake_database", "snowflake_schema", "snowflake_role")}
        values |= {f"snowflake_{k}": v for k, v in overrides.items()}
        missing = [name.upper() for name in REQUIRED if not values.get(name)]
        if missing:
            raise WarehouseUnavailable(f"Snowflake is not fully configured: set {', '.join(missing)}.")
        self.label = f"Snowflake {values['snowflake_account']} {values['snowflake_database']}." \
                     f"{values['snowflake_schema']}"
        params = {k.removeprefix("snowflake_"): v for k, v in values.items() if v}
        try:
            self.conn = snowflake.connector.connect(
                **params, paramstyle="qmark", login_timeout=30, network_timeout=120,
                application="InventoryPulse",
            )
        except Error as exc:
            raise WarehouseUnavailable(f"Cannot connect to Snowflake ({self.label}): {_first_line(exc)}") from exc

    def ensure_tables(self) -> None:
        with self.conn.cursor() as cur:
            for spec in ALL_TABLES:
                cur.execute(snowflake_ddl(spec))

    def has_tables(self) -> bool:
        with self.conn.cursor() as cur:
            cur.execute(f"SHOW TABLES LIKE '{SYNC_STATE.name.upper()}'")
            return bool(cur.fetchall())

    def _stage(self, spec: TableSpec, rows: list[Row]) -> str:
        stage = f"stg_{spec.name}"
        columns = ", ".join(f"{n} {_stage_type(spec, n)}" for n in spec.names)
        insert = f"INSERT INTO {stage} ({', '.join(spec.names)}) VALUES ({', '.join('?' * len(spec.names))})"
        with self.conn.cursor() as cur:
            cur.execute(f"CREATE OR REPLACE TEMPORARY TABLE {stage} ({columns})")
            booleans = {n for n in spec.names if spec.col(n).type == "BOOLEAN"}
            values = [tuple(r.get(n) if n in booleans else as_text(r.get(n)) for n in spec.names) for r in rows]
            for i in range(0, len(values), CHUNK):
                cur.executemany(insert, values[i:i + CHUNK])
        return stage

    def upsert(self, spec: TableSpec, rows: list[Row]) -> int:
        if not rows:
            return 0
        stage = self._stage(spec, rows)
        with self.conn.cursor() as cur:
            cur.execute(merge_sql(spec, stage))
            cur.execute(f"DROP TABLE IF EXISTS {stage}")
        return len(rows)

    def delete_stale(self, spec: TableSpec, column: str, values: list[Any], keep: list[str]) -> int:
        if not values:
            return 0
        sql = f"DELETE FROM {spec.name} WHERE {column} IN ({', '.join('?' * len(values))})"
        if keep:
            sql += f" AND {spec.key} NOT IN ({', '.join('?' * len(keep))})"
        with self.conn.cursor() as cur:
            cur.execute(sql, [as_text(v) for v in values] + list(keep))
            return cur.rowcount or 0

    def clear(self, spec: TableSpec) -> None:
        with self.conn.cursor() as cur:
            cur.execute(f"DELETE FROM {spec.name}")

    def fetch(self, sql: str, params: dict[str, Any] | None = None) -> list[Row]:
        params = params or {}
        order: list[str] = []

        def to_qmark(m: re.Match) -> str:
            order.append(m[1])
            return "?"

        qmark_sql = _PLACEHOLDER.sub(to_qmark, sql)
        with self.conn.cursor() as cur:
            cur.execute(qmark_sql, [params[name] for name in order] if order else None)
            names = [d[0].lower() for d in cur.description]
            return [dict(zip(names, row, strict=True)) for row in cur.fetchall()]

    def close(self) -> None:
        self.conn.close()


def _first_line(exc: Exception) -> str:
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0][:300]
