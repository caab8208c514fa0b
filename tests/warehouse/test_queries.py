"""The analytics screen's figures, read back from each target after a sync of the hand-built shop."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlmodel import Session

from inventorypulse.warehouse import sync_warehouse
from inventorypulse.warehouse.queries import analytics_overview


def test_overview_figures(db, shop, open_target):
    assert sync_warehouse(target=open_target(), today=shop.today).ok
    with Session(db) as session:
        o = analytics_overview(session, target=open_target(), days=30)
    assert o.end == shop.today - timedelta(days=1) and o.start == o.end - timedelta(days=29)
    assert o.has_data
    t = o.totals
    assert (t.revenue, t.cogs, t.gross_profit, t.units) == (2275, 915, 1360, 91)
    assert t.margin_pct == pytest.approx(1360 / 2275 * 100)
    # Average inventory at cost over the 30 days (days before a product existed count as nothing).
    wa_value = (50 + 40 + 85 + 80 + 4 * 6) * 10
    wb_value = 20 * 5 * 11
    assert t.average_inventory == pytest.approx((wa_value + wb_value) / 30)
    assert t.turnover(30) == pytest.approx(915 / ((wa_value + wb_value) / 30) * 365 / 30)
    assert [c.category for c in o.categories] == ["Tools", "Paint"]
    assert o.categories[1].revenue == 0 and o.categories[1].margin_pct is None

    by_day = {d["day"]: d for d in o.daily}
    assert by_day[shop.base + timedelta(days=4)]["revenue"] == 1900
    assert by_day[shop.base + timedelta(days=4)]["gross_profit"] == 1140
    last = o.inventory[-1]
    assert (last["day"], last["cost"], last["retail"], last["under"], last["over"]) == (o.end, 140, 260, 1, 1)

    assert [m["product_id"] for m in o.slow_movers] == ["PRD-WB", "PRD-WA"]  # WB never sells
    assert o.slow_movers[0]["turnover"] == 0 and o.slow_movers[0]["value"] == 100
    assert o.suppliers == []  # the shop's orders are from 2025, outside the 30 days
    with Session(db) as session:
        year = analytics_overview(session, target=open_target(), days=61, end=date(2025, 4, 30))
    [score] = year.suppliers
    assert (score.supplier_id, score.orders, score.value) == ("SUP-WH01", 4, 3200)
    assert score.on_time_rate == pytest.approx((50 * 3 + 100 * 1) / 4)  # monthly rates weighted by orders
    assert score.fill_rate == pytest.approx((60 * 3 + 100) / 4)
    assert [m for m, _ in score.months] == [date(2025, 3, 1), date(2025, 4, 1)]
    assert o.forecast_products == 0


def test_empty_warehouse_reads_as_no_data(db, open_target):
    target = open_target()
    assert not target.has_tables()
    with Session(db) as session:
        assert not analytics_overview(session, target=target).has_data  # never synced: no tables at all
        target.ensure_tables()
        assert target.has_tables()
        o = analytics_overview(session, target=target)
    assert not o.has_data and o.totals.revenue == 0 and o.categories == []
