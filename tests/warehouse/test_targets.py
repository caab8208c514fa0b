"""Both targets (embedded SQLite, Snowflake through fakesnow): tables, MERGE-keyed loads, watermarks."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from sqlalchemy import inspect
from sqlmodel import Session

from inventorypulse.warehouse import sync_warehouse
from inventorypulse.warehouse.schema import ALL_TABLES, INVENTORY_HISTORY, TABLES, snowflake_ddl
from tests.warehouse.conftest import move

SETTLED = timedelta(0)
LOAD_TIME = {"recorded_at", "loaded_at"}  # stamped by each load; everything else must match


def _contents(target) -> dict[str, set[tuple]]:
    out = {}
    for spec in TABLES:
        rows = target.fetch(f"SELECT * FROM {spec.name}")
        out[spec.name] = {tuple(str(r[c]) for c in spec.names if c not in LOAD_TIME) for r in rows}
    return out


def _counts(target) -> dict[str, tuple[int, int]]:
    """(rows, distinct keys) per table."""
    return {spec.name: tuple(int(v) for v in target.fetch(
        f"SELECT COUNT(*) AS n, COUNT(DISTINCT {spec.key}) AS k FROM {spec.name}")[0].values()) for spec in TABLES}


def test_seed_ddl_with_clustering():
    ddl = snowflake_ddl(INVENTORY_HISTORY)
    assert ddl.startswith("CREATE TABLE IF NOT EXISTS inventory_history (")
    assert "    record_id VARCHAR(255) PRIMARY KEY," in ddl
    assert "    product_id VARCHAR(255) NOT NULL," in ddl
    assert "    inventory_turnover_rate NUMBER(8,4)," in ddl
    assert "    overstock_flag BOOLEAN DEFAULT FALSE," in ddl
    assert "    recorded_at TIMESTAMP_NTZ DEFAULT CURRENT_TIMESTAMP()" in ddl
    assert ddl.endswith(") CLUSTER BY (snapshot_date, product_id)")
    assert "VARIANT" in snowflake_ddl(TABLES[1]) and "CLUSTER BY (sale_date, product_id, sales_channel)" in \
        snowflake_ddl(TABLES[1])


def test_tables_are_created_with_the_seed_columns(open_target):
    target = open_target()
    target.ensure_tables()
    target.ensure_tables()  # "if missing": a second time is harmless
    for spec in ALL_TABLES:
        if target.kind == "snowflake":
            found = {r["column_name"].lower() for r in target.fetch(
                "SELECT column_name FROM information_schema.columns WHERE table_name = :t",
                {"t": spec.name.upper()})}
        else:
            found = {c["name"] for c in inspect(target.engine).get_columns(spec.name)}
        assert found == set(spec.names), spec.name


def test_a_rerun_never_duplicates(shop, open_target):
    first = sync_warehouse(target=open_target(), today=shop.today)
    assert first.ok, first.error
    assert first.rows["sales_analytics"] == 4 and first.rows["supplier_performance"] == 2
    counts = _counts(open_target())
    # With the default settle time everything just written is merged again: same rows, no duplicates.
    again = sync_warehouse(target=open_target(), today=shop.today)
    assert again.ok, again.error
    assert again.rows["sales_analytics"] == 4
    assert _counts(open_target()) == counts
    assert all(n == k and n > 0 for n, k in counts.values() if n) and counts["sales_analytics"] == (4, 4)


def test_incremental_loads_only_new_days_and_sales(db, shop, open_target):
    early = sync_warehouse(target=open_target(), today=shop.today - timedelta(days=2), settle=SETTLED)
    assert early.ok, early.error
    # Products PRD-WA and PRD-WB exist from day -1; the PO products were created today (no complete day yet).
    assert early.rows["inventory_history"] == 2 * (10 - 1)
    with Session(db) as session:
        move(session, shop, "PRD-WA", "outbound", 1, "WH-A", 9)
        session.commit()
    later = sync_warehouse(target=open_target(), today=shop.today, settle=SETTLED)
    assert later.ok, later.error
    assert later.rows == {"inventory_history": 2 * 2, "sales_analytics": 1, "demand_forecast": 0,
                          "supplier_performance": 0}
    states = open_target().read_states()
    assert states["inventory_history"].watermark["through"] == str(shop.today - timedelta(days=1))
    assert states["sales_analytics"].rows_loaded == 5
    nothing = sync_warehouse(target=open_target(), today=shop.today, settle=SETTLED)
    assert sum(nothing.rows.values()) == 0


def test_full_rebuild_equals_the_incremental_result(db, shop, open_target):
    for days_back in (6, 3):
        assert sync_warehouse(target=open_target(), today=shop.today - timedelta(days=days_back),
                              settle=SETTLED).ok
    with Session(db) as session:
        move(session, shop, "PRD-WA", "outbound", 3, "WH-A", 1, 18)  # backdated into loaded days
        move(session, shop, "PRD-WA", "inbound", 7, "WH-B", 8, unit_cost=Decimal("10"))
        session.commit()
    assert sync_warehouse(target=open_target(), today=shop.today, settle=SETTLED).ok
    incremental = _contents(open_target())
    rebuilt = sync_warehouse(target=open_target(), today=shop.today, full=True, settle=SETTLED)
    assert rebuilt.ok and rebuilt.full
    assert rebuilt.rows["sales_analytics"] == 5
    assert _contents(open_target()) == incremental
    assert len(incremental["inventory_history"]) == 2 * 11 and len(incremental["supplier_performance"]) == 2


def test_a_full_rebuild_drops_rows_that_no_longer_exist(db, shop, open_target):
    assert sync_warehouse(target=open_target(), today=shop.today, settle=SETTLED).ok
    stale = {spec.name: [] for spec in TABLES}
    stale["sales_analytics"] = [{"sale_record_id": "MOV-GONE", "product_id": "PRD-WA", "sale_date": shop.base,
                                 "sale_timestamp": shop.day(0).replace(tzinfo=None), "quantity_sold": 1,
                                 "unit_price_at_sale": 1, "total_revenue_line": 1, "promotion_applied": False}]
    target = open_target()
    spec = TABLES[1]
    target.upsert(spec, [{name: row.get(name) for name in spec.names} for row in stale["sales_analytics"]])
    assert _counts(open_target())["sales_analytics"] == (5, 5)
    assert sync_warehouse(target=open_target(), today=shop.today, full=True, settle=SETTLED).ok
    assert _counts(open_target())["sales_analytics"] == (4, 4)
