"""Forecasts as a service: sales history from the ledger, stored forecast rows."""

from datetime import UTC, date, datetime, time, timedelta

import numpy as np
import pytest
from sqlalchemy import insert
from sqlmodel import select

from inventorypulse.db import session_scope
from inventorypulse.models import DemandForecast, StockMovement
from inventorypulse.models.base import utcnow
from inventorypulse.services import forecasts, ledger
from inventorypulse.services.errors import ValidationFailed
from tests.factories import make_product, make_user, make_warehouse

TODAY = utcnow().date()
_ids = iter(range(10**6))


def add_sales(session, product, warehouse, daily: dict[int, int], *, today: date = TODAY, hour: int = 12):
    """Sale movements straight into the ledger table: {days before today: units sold}."""
    rows = []
    for back, qty in daily.items():
        ts = datetime.combine(today - timedelta(days=back), time(hour), tzinfo=UTC)
        rows.append(dict(movement_id=f"MOV-T{next(_ids):010d}", product_id=product.id, warehouse_id=warehouse.id,
                         movement_type="outbound", quantity=-qty, stock_before=qty, stock_after=0,
                         reference_type="sale", reason_code="sale", timestamp=ts, status="completed",
                         created_at=ts))
    if rows:
        session.execute(insert(StockMovement.__table__), rows)


def _history(session, product, days=10):
    matrix, _ = forecasts.sales_matrix(session, product_ids=np.array([product.id]), end=TODAY, days=days,
                                       restrict=True)
    return matrix[0].tolist()


def test_history_counts_only_sales(any_db):
    """Through the real ledger: sales count, per UTC day; receipts, returns, adjustments and
    transfers do not; a sale late in the evening (UTC) stays on its own day."""
    def at(back: int, hh: int = 10, mm: int = 0):
        return datetime.combine(TODAY - timedelta(days=back), time(hh, mm), tzinfo=UTC)

    with session_scope() as s:
        main, east = make_warehouse(s, "WH-MAIN"), make_warehouse(s, "WH-EAST", default=False)
        user = make_user(s, "manager")
        product = make_product(s, stock=[(main, 500), (east, 100)])
        other = make_product(s, stock=[(main, 50)])
        code = product.product_id
        mv = ledger.record_movement
        mv(s, user=user, product_id=code, movement_type="outbound", quantity=5, timestamp=at(3))
        mv(s, user=user, product_id=code, movement_type="outbound", quantity=-2, timestamp=at(3, 23, 59))
        mv(s, user=user, product_id=code, movement_type="outbound", quantity=4, warehouse="WH-EAST", timestamp=at(3))
        mv(s, user=user, product_id=code, movement_type="outbound", quantity=7, timestamp=at(1, 0, 1))
        mv(s, user=user, product_id=code, movement_type="inbound", quantity=30, timestamp=at(2))
        mv(s, user=user, product_id=code, movement_type="inbound", quantity=3, reason_code="return", timestamp=at(2))
        mv(s, user=user, product_id=code, movement_type="adjustment", quantity=-6, reason_code="damaged_goods",
           timestamp=at(1))
        mv(s, user=user, product_id=code, movement_type="adjustment", quantity=2, reason_code="return",
           timestamp=at(1))
        mv(s, user=user, product_id=other.product_id, movement_type="outbound", quantity=9, timestamp=at(1))
        ledger.transfer_stock(s, product_id=code, from_warehouse="WH-MAIN", to_warehouse="WH-EAST", quantity=20,
                              user=user)
        # Today's sales are not history yet (the forecast starts today).
        mv(s, user=user, product_id=code, movement_type="outbound", quantity=8)
    with session_scope() as s:
        assert _history(s, product, days=5) == [0, 0, 11, 0, 7]
        pid, day, qty = forecasts.daily_sales(s, start=TODAY - timedelta(days=5), end=TODAY)
        assert sorted(zip(pid.tolist(), day.tolist(), qty.tolist(), strict=True)) == \
            sorted([(product.id, 2, 11), (product.id, 4, 7), (other.id, 4, 9)])


@pytest.fixture
def catalogue(any_db):
    with session_scope() as s:
        wh = make_warehouse(s)
        seller = make_product(s, stock=[(wh, 100)])
        quiet = make_product(s)
        gone = make_product(s, status="discontinued")
        rng = np.random.default_rng(3)
        add_sales(s, seller, wh, {b: int(q) for b, q in enumerate(rng.poisson(6, 200), start=1) if q})
        add_sales(s, gone, wh, {1: 5, 2: 5})
    return seller, quiet, gone


def test_generate_forecasts_stores_seed_columns(catalogue):
    seller, quiet, gone = catalogue
    with session_scope() as s:
        summary = forecasts.generate_forecasts(s, today=TODAY, horizon=30, workers=1)
    assert summary.products == 2 and sum(summary.models.values()) == 2
    assert summary.sales_rows > 150 and summary.forecast_date == TODAY
    with session_scope() as s:
        rows = {f.product_id: f for f in s.exec(select(DemandForecast)).all()}
    assert set(rows) == {seller.id, quiet.id}  # discontinued products are not forecast
    fc = rows[seller.id]
    assert fc.forecast_id == f"FC-{TODAY:%Y%m%d}-{seller.product_id}"
    assert (fc.forecast_date, fc.forecast_period_start, fc.forecast_period_end) == \
        (TODAY, TODAY, TODAY + timedelta(days=29))
    assert fc.model_name and fc.model_version == "1.0.0" and fc.generated_by_agent_id == forecasts.AGENT_ID
    assert fc.accuracy_metric is not None and fc.accuracy_metric > 0  # backtest MASE over 200 days
    assert fc.features_used["series_class"] and "sale" in fc.features_used["history_source"]
    assert [d["date"] for d in fc.daily] == [(TODAY + timedelta(days=k)).isoformat() for k in range(30)]
    for d in fc.daily:
        assert 0 <= d["lo95"] <= d["lo80"] <= d["mean"] <= d["hi80"] <= d["hi95"]
    total = sum(d["mean"] for d in fc.daily)
    assert float(fc.predicted_demand_quantity) == pytest.approx(total, abs=0.15)  # daily values are rounded
    assert 4 * 30 < total < 8 * 30  # Poisson(6) a day
    assert fc.confidence_interval_lower < fc.predicted_demand_quantity < fc.confidence_interval_upper
    assert rows[quiet.id].model_name == "zero" and float(rows[quiet.id].predicted_demand_quantity) == 0


def test_a_new_run_replaces_each_products_rows(catalogue):
    seller, quiet, _ = catalogue
    with session_scope() as s:
        forecasts.generate_forecasts(s, today=TODAY - timedelta(days=1), horizon=10, workers=1)
    with session_scope() as s:
        forecasts.generate_forecasts(s, today=TODAY, horizon=10, workers=1, product_ids=[seller.product_id.lower()])
    with session_scope() as s:
        rows = s.exec(select(DemandForecast).order_by(DemandForecast.product_id)).all()
        assert [(r.product_id, r.forecast_date) for r in rows] == \
            [(seller.id, TODAY), (quiet.id, TODAY - timedelta(days=1))]
        assert forecasts.latest_forecasts(s, [seller.id])[seller.id].forecast_date == TODAY


@pytest.mark.parametrize("kwargs, field", [
    ({"horizon": 0}, "horizon"), ({"horizon": 366}, "horizon"), ({"workers": 0}, "workers"),
    ({"product_ids": ["PRD-NOPE0001"]}, "product_ids"),
])
def test_bad_arguments_name_the_field(catalogue, kwargs, field):
    with session_scope() as s, pytest.raises(ValidationFailed) as err:
        forecasts.generate_forecasts(s, **kwargs)
    assert err.value.field_errors().keys() == {field}


def test_get_forecast_returns_the_history_tail(catalogue):
    seller, _, _ = catalogue
    with session_scope() as s:
        view = forecasts.get_forecast(s, product_id=seller.product_id, history_days=5)
        assert view.forecast is None and len(view.history) == 5
        assert view.history_points[-1]["date"] == (TODAY - timedelta(days=1)).isoformat()
        assert view.history == _history(s, seller, days=5)
        with pytest.raises(ValidationFailed):
            forecasts.get_forecast(s, product_id=seller.product_id, history_days=0)


def test_an_empty_catalogue_is_a_no_op(db):
    with session_scope() as s:
        summary = forecasts.generate_forecasts(s)
    assert (summary.products, summary.sales_rows, summary.models, summary.median_mase) == (0, 0, {}, None)
    assert summary.as_dict()["forecast_date"] == TODAY.isoformat()
