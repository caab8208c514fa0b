"""forecast_all: model choice per product, fallbacks, intervals, determinism."""

import json

import numpy as np
import pytest

from inventorypulse.forecasting import MODEL_VERSION, SERIES_CLASSES, ForecastResult, engine, forecast_all

from .series import DAYS, catalogue, intermittent, weekly_seasonal

CROSTON_FAMILY = {"croston", "sba", "tsb"}


@pytest.fixture(scope="module")
def mixed() -> tuple[np.ndarray, list[ForecastResult]]:
    h = catalogue(28, seed=3)
    return h, forecast_all(h, horizon=90, workers=1)


def bands(r: ForecastResult) -> np.ndarray:
    return np.vstack([r.lo95, r.lo80, r.mean, r.hi80, r.hi95])


def test_weekly_seasonal_series_gets_a_seasonal_model_that_beats_naive():
    [r] = forecast_all(weekly_seasonal(1)[None, :], horizon=90)
    scores = r.features["backtest"]["mase"]
    assert r.model_name == "holt_winters"
    assert r.features["params"]["seasonal"] == "add"
    assert r.mase == scores["holt_winters"] < scores["seasonal_naive"]
    assert r.series_class == "smooth"
    # The forecast keeps the weekly shape: the busiest weekday is ~3x the quietest.
    week = r.mean[:7]
    assert week.max() / week.min() > 2


@pytest.mark.parametrize("seed", range(5))
def test_intermittent_series_gets_croston_sba_or_tsb(seed):
    y = intermittent(seed, zeros=0.85)
    [r] = forecast_all(y[None, :])
    assert r.series_class == "intermittent"
    assert r.model_name in CROSTON_FAMILY
    assert np.allclose(r.mean, r.mean[0])  # a flat demand rate
    rate = y[-364:].mean()  # TSB reacts to the last few sales, so only the order of magnitude
    assert 0.3 * rate < r.mean[0] < 2 * rate


def test_too_short_series_falls_back_to_its_mean():
    y = np.zeros(DAYS)
    y[-20:] = [3, 0, 5, 4, 0, 6, 2, 3, 4, 0, 5, 3, 2, 4, 6, 0, 3, 4, 5, 1]
    [r] = forecast_all(y[None, :], horizon=30)
    assert (r.series_class, r.model_name, r.mase) == ("too_short", "mean", None)
    np.testing.assert_allclose(r.mean, np.full(30, y[-20:].mean()))
    assert r.hi95[0] >= 5 and r.lo95[0] == 0  # the spread of the few days seen
    assert r.features["intervals"] == "history_quantiles"


def test_a_single_day_of_history_does_not_crash():
    y = np.zeros(10)
    y[-1] = 4
    [r] = forecast_all(y[None, :], horizon=5)
    assert r.model_name == "mean" and np.allclose(r.mean, 4)


def test_all_zero_series_forecasts_zero():
    [r] = forecast_all(np.zeros((1, DAYS)), horizon=90)
    assert (r.series_class, r.model_name, r.mase) == ("no_demand", "zero", None)
    assert not bands(r).any()


def test_intervals_are_ordered_and_non_negative(mixed):
    _, results = mixed
    for r in results:
        b = bands(r)
        assert b.shape == (5, 90)
        assert (b >= 0).all()
        assert (np.diff(b, axis=0) >= -1e-12).all(), r.model_name  # lo95 ≤ lo80 ≤ mean ≤ hi80 ≤ hi95


def test_chosen_model_never_loses_to_seasonal_naive_on_the_backtest(mixed):
    _, results = mixed
    backtested = [r for r in results if r.mase is not None]
    assert len(backtested) >= 20
    for r in backtested:
        scores = r.features["backtest"]["mase"]
        assert r.mase == scores[r.model_name]
        assert r.mase <= scores["seasonal_naive"]


def test_a_selling_product_never_gets_a_blank_forecast_from_an_empty_last_week():
    # MASE rewards all-zero forecasts on intermittent series; seasonal naive repeats an empty last
    # week as zero demand for 90 days, which would hide the product from replenishment.
    rows = []
    for seed in range(40):
        y = intermittent(seed, zeros=0.9)
        y[-7:] = 0
        y[-20] = max(y[-20], 3)
        rows.append(y)
    results = forecast_all(np.array(rows), workers=1)
    assert all(r.mean.sum() > 0 for r in results)
    assert all(r.model_name != "seasonal_naive" for r in results)


def test_every_result_is_complete_and_json_ready(mixed):
    h, results = mixed
    assert len(results) == h.shape[0]
    for r in results:
        assert r.model_version == MODEL_VERSION
        assert r.series_class in SERIES_CLASSES
        json.dumps(r.features)  # stored as a JSON column
        assert {"history_days", "adi", "cv2", "backtest", "params", "intervals"} <= r.features.keys()


def test_intervals_cover_new_data_about_as_promised():
    rng = np.random.default_rng(11)
    levels = rng.uniform(5, 30, 40)
    weekly = np.array([0.7, 0.8, 0.9, 1.0, 1.2, 1.6, 0.8])[np.arange(DAYS + 28) % 7]
    full = rng.poisson(levels[:, None] * weekly[None, :]).astype(float)
    results = forecast_all(full[:, :DAYS], horizon=28, workers=1)
    future = full[:, DAYS:]
    inside80 = np.mean([(r.lo80 <= f) & (f <= r.hi80) for r, f in zip(results, future)])
    inside95 = np.mean([(r.lo95 <= f) & (f <= r.hi95) for r, f in zip(results, future)])
    assert 0.72 < inside80 < 0.88
    assert 0.90 < inside95 < 0.99


def test_intervals_widen_or_hold_beyond_the_backtest_horizon():
    [r] = forecast_all(weekly_seasonal(5)[None, :], horizon=90)
    width = r.hi95 - r.lo95
    # Same weekday, day 22–28 versus day 85–91 (week 13): never narrower.
    assert width[84:90].mean() >= width[21:27].mean() - 1e-9


def test_same_input_same_output_in_process_and_on_the_pool(monkeypatch):
    h = catalogue(14, seed=8)
    first = forecast_all(h, horizon=30, workers=1, seed=0)
    again = forecast_all(h, horizon=30, workers=1, seed=0)
    # Force the process pool on a small input: 2 spawned workers, blocks of 4 series.
    monkeypatch.setattr(engine, "MIN_PARALLEL_ROWS", 1)
    monkeypatch.setattr(engine, "BLOCK_ROWS", 4)
    pooled = forecast_all(h, horizon=30, workers=2, seed=0)
    for a, b, c in zip(first, again, pooled):
        assert a.model_name == b.model_name == c.model_name
        assert a.features == b.features == c.features
        for field in ("mean", "lo80", "hi80", "lo95", "hi95"):
            np.testing.assert_array_equal(getattr(a, field), getattr(b, field))
            np.testing.assert_array_equal(getattr(a, field), getattr(c, field))


def test_bad_history_is_refused():
    with pytest.raises(ValueError, match="non-negative"):
        forecast_all(-np.ones((2, 100)))
    with pytest.raises(ValueError, match="horizon"):
        forecast_all(np.ones((2, 100)), horizon=0)
    assert forecast_all(np.zeros((0, 100))) == []
