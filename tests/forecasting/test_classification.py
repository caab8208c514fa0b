"""ADI/CV² classification and the Holt-Winters screens."""

import numpy as np
import pytest

from inventorypulse.forecasting import adi_cv2, classify, first_sale, season_strength, trend_strength
from inventorypulse.forecasting.classification import weekday_chi2

from .series import trending, weekly_seasonal

DAYS = 120


def every(k: int, sizes: list[float], days: int = DAYS) -> np.ndarray:
    """A sale every k-th day (starting on day 0), cycling through `sizes`."""
    y = np.zeros(days)
    y[::k] = np.resize(sizes, len(y[::k]))
    return y


def test_adi_and_cv2_values():
    y = every(3, [2, 4])  # 40 sales over 120 days; sizes 2 and 4: mean 3, variance 1
    adi, cv2 = adi_cv2(y[None, :])
    assert adi[0] == pytest.approx(120 / 40)
    assert cv2[0] == pytest.approx(1 / 9)


def test_adi_counts_from_the_first_sale():
    y = np.concatenate([np.zeros(60), np.full(60, 5.0)])  # launched on day 60, sells daily
    adi, cv2 = adi_cv2(y[None, :])
    assert adi[0] == 1.0 and cv2[0] == 0.0


@pytest.mark.parametrize(
    ("series", "expected"),
    [
        (every(1, [5, 6, 5, 4]), "smooth"),  # ADI 1, CV² small
        (every(1, [1, 20, 2, 15]), "erratic"),  # ADI 1, CV² ≈ 0.66
        (every(3, [5, 6, 5, 4]), "intermittent"),  # ADI 3, CV² small
        (every(3, [1, 20, 2, 15]), "lumpy"),  # ADI 3, CV² large
        (np.concatenate([np.zeros(DAYS - 30), every(1, [3], 30)]), "too_short"),  # 30 days since first sale
        (np.zeros(DAYS), "no_demand"),
    ],
)
def test_hand_made_series_get_their_class(series, expected):
    assert classify(series[None, :])[0] == expected


def alternating(cv: float, days: int = 100) -> np.ndarray:
    """Daily sales alternating between 1 and x, with coefficient of variation `cv`."""
    return np.resize([1.0, (1 + cv) / (1 - cv)], days)


def test_cut_offs_are_adi_1_32_and_cv2_0_49():
    below = np.zeros(100)
    below[:76] = 5.0  # 76 sales in 100 days: ADI 1.316
    above = np.zeros(100)
    above[:75] = 5.0  # 75 sales: ADI 1.333
    h = np.vstack([below, above, alternating(0.69), alternating(0.71)])
    adi, cv2 = adi_cv2(h)
    assert adi[:2] == pytest.approx([100 / 76, 100 / 75])
    assert cv2[2:] == pytest.approx([0.69**2, 0.71**2])
    assert list(classify(h)) == ["smooth", "intermittent", "smooth", "erratic"]


def test_classify_returns_one_label_per_row():
    h = np.vstack([every(1, [5]), np.zeros(DAYS), every(4, [2])])
    assert classify(h).shape == (3,)


def test_screens_see_weekly_pattern_and_trend():
    seasonal = weekly_seasonal(0)
    flat = np.random.default_rng(1).poisson(20, 730).astype(float)
    growing = trending(2)
    h = np.vstack([seasonal, flat, growing])
    start = first_sale(h)
    s = season_strength(h, start)
    t = trend_strength(h, start)
    assert s[0] > 0.3 and s[1] < 0.05
    assert t[2] > 0.5 and t[1] < 0.5


def test_weekday_chi2_detects_weekend_only_sales():
    rng = np.random.default_rng(0)
    days = np.arange(364)
    weekend = ((days % 7 >= 5) & (rng.uniform(size=364) < 0.5)).astype(float)
    anyday = (rng.uniform(size=364) < 0.15).astype(float)
    stat = weekday_chi2(np.vstack([weekend, anyday]), np.array([0, 0]))
    assert stat[0] > 100 and stat[1] < 16.8
