"""The loaders on a PostgreSQL operational database give the same rows as on SQLite."""

from __future__ import annotations

from datetime import timedelta

import pytest

from inventorypulse.warehouse import EmbeddedTarget, sync_warehouse
from inventorypulse.warehouse.schema import TABLES
from tests.warehouse.conftest import build_shop

pytestmark = pytest.mark.postgres
LOAD_TIME = {"recorded_at", "loaded_at", "sale_record_id"}  # movement ids are random per database


def _contents(target) -> dict[str, list[tuple]]:
    out = {}
    for spec in TABLES:
        names = [c for c in spec.names if c not in LOAD_TIME]
        out[spec.name] = sorted(tuple(str(r[c]) for c in names) for r in target.fetch(f"SELECT * FROM {spec.name}"))
    return out


def test_same_rows_from_postgres_and_sqlite(engine, pg_engine, tmp_path):
    results = []
    for n, operational in enumerate((engine, pg_engine)):
        shop = build_shop(operational)
        target = EmbeddedTarget(f"sqlite:///{tmp_path / f'analytics-{n}.db'}")
        summary = sync_warehouse(target=target, engine=operational, today=shop.today, settle=timedelta(0))
        assert summary.ok, summary.error
        results.append(_contents(target))
    sqlite_rows, pg_rows = results
    assert len(sqlite_rows["inventory_history"]) == 22 and len(sqlite_rows["supplier_performance"]) == 2
    assert pg_rows == sqlite_rows
