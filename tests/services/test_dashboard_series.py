"""Dashboard series rebuilt from the ledger, checked against movements whose effect is computed by hand."""

import threading
from datetime import timedelta
from decimal import Decimal

import pytest
from sqlmodel import Session, select

from inventorypulse.models import Product
from inventorypulse.models.base import utcnow
from inventorypulse.services import dashboard_cache, ledger
from inventorypulse.services.dashboard import get_dashboard_stats
from inventorypulse.services.dashboard_series import (
    ledger_day_totals,
    stock_value_series,
    units_sold_series,
    window_start,
)
from inventorypulse.services.dates import day_start
from tests.factories import make_category, make_product, make_user, make_warehouse


@pytest.fixture
def session(any_db):
    dashboard_cache.clear()
    with Session(any_db) as s:
        yield s
    dashboard_cache.clear()


def _at(now, days_ago: int):
    """Noon `days_ago` UTC days before now (now itself for today)."""
    return now if days_ago == 0 else day_start(now.date() - timedelta(days=days_ago)) + timedelta(hours=12)


@pytest.fixture
def ledger_history(session):
    """Product A (cost 10, 100 on hand before the ledger starts) and B (cost 4, none), then:

    day -8: A sells 7 | day -5: B receives 50 | day -3: A receives 20 | day -2: A sells 5, B sells 10
    day -1: A loses 2 (damaged, not a sale) | today: A sells 3
    Now A = 100 - 7 + 20 - 5 - 2 - 3 = 103 (1030.00) and B = 40 (160.00): 1190.00 at cost.
    """
    now = utcnow()
    user, wh = make_user(session, "staff"), make_warehouse(session)
    tools, food = make_category(session, "Tools"), make_category(session, "Food")
    a = make_product(session, category=tools, stock=[(wh, 100)], cost_price=Decimal("10.00"),
                     selling_price=Decimal("15.00"))
    b = make_product(session, category=food, cost_price=Decimal("4.00"), selling_price=Decimal("5.00"))

    def move(product, kind, qty, days_ago, reason=None):
        ledger.record_movement(session, product_id=product.product_id, movement_type=kind, quantity=qty, user=user,
                               reason_code=reason, timestamp=_at(now, days_ago))

    move(a, "outbound", 7, 8)
    move(b, "inbound", 50, 5)
    move(a, "inbound", 20, 3)
    move(a, "outbound", 5, 2)
    move(b, "outbound", 10, 2)
    move(a, "adjustment", -2, 1, reason="damaged_goods")
    move(a, "outbound", 3, 0)
    session.flush()
    return now.date(), a


def test_stock_value_walks_back_from_todays_value(session, ledger_history):
    today, _ = ledger_history
    points = stock_value_series(session, days=7, today=today)
    assert [p.day for p in points] == [today - timedelta(days=n) for n in range(6, -1, -1)]
    # end of day:     -6       -5 (+200)  -4       -3 (+200)  -2 (-90)   -1 (-20)   today (-30)
    assert [p.value for p in points] == [Decimal(v) for v in
                                         ("930.00", "1130.00", "1130.00", "1330.00", "1240.00", "1220.00", "1190.00")]
    # Day -6 by hand: A had 100 - 7 = 93 units (930.00), B none.


def test_units_sold_per_day_with_trailing_seven_day_average(session, ledger_history):
    today, _ = ledger_history
    points = units_sold_series(session, days=3, today=today)
    assert [(p.day, p.units) for p in points] == [(today - timedelta(days=2), 15), (today - timedelta(days=1), 0),
                                                  (today, 3)]
    # Day -2 averages days -8..-2 (7 + 15); day -1 averages -7..-1 (15); today -6..0 (15 + 3).
    assert [round(p.average, 6) for p in points] == [round(22 / 7, 6), round(15 / 7, 6), round(18 / 7, 6)]


def test_day_totals_group_movement_values_and_sales(session, ledger_history):
    today, _ = ledger_history
    totals = ledger_day_totals(session, start=day_start(today - timedelta(days=10)))
    assert {d: (t.value_change, t.units_sold) for d, t in totals.items()} == {
        today - timedelta(days=8): (Decimal("-70.00"), 7),
        today - timedelta(days=5): (Decimal("200.00"), 0),
        today - timedelta(days=3): (Decimal("200.00"), 0),
        today - timedelta(days=2): (Decimal("-90.00"), 15),
        today - timedelta(days=1): (Decimal("-20.00"), 0),
        today: (Decimal("-30.00"), 3),
    }


def test_cached_day_totals_match_sql_after_late_rows_and_a_new_day(session, ledger_history):
    today, product = ledger_history
    first = window_start(today, 7)

    def fresh(day):
        return ledger_day_totals(session, start=day_start(first), end=day_start(day + timedelta(days=1)))

    assert dashboard_cache.day_totals(session, first_day=first, today=today) == fresh(today)

    # A back-dated correction lands in a cached (closed) day; it is picked up by ledger id.
    user = make_user(session, "manager")
    ledger.record_movement(session, product_id=product.product_id, movement_type="adjustment", quantity=-1,
                           user=user, reason_code="count_correction", timestamp=_at(utcnow(), 4))
    cached = dashboard_cache.day_totals(session, first_day=first, today=today)
    assert cached == fresh(today)
    assert cached[today - timedelta(days=4)].value_change == Decimal("-10.00")

    # The next day: today becomes a closed day and is taken from the ledger once.
    tomorrow = today + timedelta(days=1)
    assert dashboard_cache.day_totals(session, first_day=first, today=tomorrow) == fresh(tomorrow)


def test_dashboard_view_matches_the_uncached_figures(session, ledger_history):
    today, _ = ledger_history
    view = dashboard_cache.dashboard_view(session, days=7)
    assert view.stock_value == stock_value_series(session, days=7, today=today)
    assert view.units_sold == units_sold_series(session, days=7, today=today)
    assert view.stock_value[-1].value == view.stats.inventory_value_cost == Decimal("1190.00")


def test_value_by_category_sums_to_the_kpis(session, ledger_history):
    stats = get_dashboard_stats(session)
    assert [(c.category, c.products, c.value_cost, c.value_retail) for c in stats.value_by_category] == [
        ("Tools", 1, Decimal("1030.00"), Decimal("1545.00")),
        ("Food", 1, Decimal("160.00"), Decimal("200.00")),
    ]
    assert stats.inventory_value_cost == Decimal("1190.00") and stats.inventory_value_retail == Decimal("1745.00")
    units = sum(p.current_stock for p in session.exec(select(Product)))
    assert units > 0 and sum(c.units for c in stats.value_by_category) == units
    assert stats.product_count == 2 and stats.active_product_count == 2


def test_an_old_cache_is_rebuilt_in_the_background(session, ledger_history, monkeypatch):
    today, _ = ledger_history
    session.commit()  # the rebuild reads through its own session
    first = window_start(today, 7)
    expected = ledger_day_totals(session, start=day_start(first))
    assert dashboard_cache.day_totals(session, first_day=first, today=today) == expected
    key = str(session.get_bind().engine.url)
    held = dashboard_cache._closed[key]
    monkeypatch.setattr(dashboard_cache, "REBUILD_SECONDS", -1)
    assert dashboard_cache.day_totals(session, first_day=first, today=today) == expected  # served while rebuilding
    for thread in threading.enumerate():
        if thread.name == "rebuild-ledger-days":
            thread.join(timeout=30)
    rebuilt = dashboard_cache._closed[key]
    assert rebuilt is not held and rebuilt.days == {d: t for d, t in expected.items() if d < today}
