"""Stock level over time (the product page's chart), rebuilt from the ledger on SQLite and PostgreSQL."""

from datetime import UTC, datetime, time, timedelta

import pytest

from inventorypulse.db import session_scope
from inventorypulse.models.base import utcnow
from inventorypulse.services import ledger
from inventorypulse.services.errors import NotFound, ValidationFailed
from inventorypulse.services.products.history import stock_history
from tests.factories import make_product, make_user, make_warehouse


def _noon(days_ago: int) -> datetime:
    return datetime.combine(utcnow().date() - timedelta(days=days_ago), time(12), tzinfo=UTC)


@pytest.fixture
def moved(any_db):
    """10 opening units in MAIN (no ledger row), then movements in two warehouses over a week."""
    with session_scope() as s:
        main = make_warehouse(s, "WH-MAIN")
        make_warehouse(s, "WH-EAST", default=False)
        user = make_user(s, "staff")
        product = make_product(s, stock=[(main, 10)], reorder_threshold=5)
        other = make_product(s, stock=[(main, 99)])
    pid = product.product_id
    with session_scope() as s:
        ledger.record_movement(s, product_id=pid, movement_type="inbound", quantity=20, warehouse="WH-MAIN",
                               timestamp=_noon(5), user=user)
        ledger.record_movement(s, product_id=pid, movement_type="outbound", quantity=5, warehouse="WH-MAIN",
                               timestamp=_noon(3), user=user)
        ledger.record_movement(s, product_id=pid, movement_type="inbound", quantity=7, warehouse="WH-EAST",
                               timestamp=_noon(1), user=user)
        ledger.transfer_stock(s, product_id=pid, from_warehouse="WH-MAIN", to_warehouse="WH-EAST", quantity=4,
                              user=user)
        # Another product's movements must not leak into this one's history.
        ledger.record_movement(s, product_id=other.product_id, movement_type="outbound", quantity=9,
                               timestamp=_noon(2), user=user)
    return pid


def test_levels_per_warehouse_and_total_walk_back_from_today(moved):
    with session_scope() as s:
        history = stock_history(s, product_id=moved, days=7)
    today = utcnow().date()
    assert history.days == [today - timedelta(days=6 - i) for i in range(7)]
    assert history.by_warehouse == {
        "WH-EAST": [0, 0, 0, 0, 0, 7, 11],
        "WH-MAIN": [10, 30, 30, 25, 25, 25, 21],
    }
    assert history.total == [10, 30, 30, 25, 25, 32, 32]


def test_a_short_window_starts_from_the_level_before_it(moved):
    with session_scope() as s:
        history = stock_history(s, product_id=moved.lower(), days=2)
    assert history.by_warehouse["WH-MAIN"] == [25, 21] and history.total == [32, 32]


def test_product_without_stock_rows_gives_a_flat_zero_line(any_db):
    with session_scope() as s:
        make_warehouse(s, "WH-MAIN")
        product = make_product(s)
    with session_scope() as s:
        history = stock_history(s, product_id=product.product_id, days=3)
    assert history.by_warehouse == {} and history.total == [0, 0, 0]


def test_bad_window_and_unknown_product_are_refused(moved):
    with session_scope() as s:
        with pytest.raises(ValidationFailed) as err:
            stock_history(s, product_id=moved, days=0)
        assert err.value.details[0].field == "days"
        with pytest.raises(NotFound):
            stock_history(s, product_id="PRD-999999", days=7)
