"""Holt-Winters (additive weekly season, optional damped trend), estimated by statsmodels.

statsmodels estimates the smoothing parameters once per series, on its whole history; the same
recursion statsmodels uses is then replayed (`states`) so forecasts from every backtest origin
and from the end come from that one fit. Initial states come from the first weeks only, so the
states at an origin after them use no later data; the parameters do (a fixed-parameter backtest,
the price of one fit per series instead of one per origin). Additive seasonality always: daily
demand has zeros, and multiplicative Holt-Winters fails on them.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import numpy as np

from .classification import SEASON

MIN_FIT_DAYS = 84
INIT_WEEKS = 26


@dataclass(frozen=True)
class HoltWintersFit:
    """Estimated smoothing parameters and initial states of one series."""

    alpha: float
    beta: float
    gamma: float
    phi: float
    level0: float
    slope0: float
    season0: tuple[float, ...]
    trend: bool
    seasonal: bool

    def as_features(self) -> dict:
        out = {"trend": "damped" if self.trend else "none", "seasonal": "add" if self.seasonal else "none"}
        out |= {"alpha": round(self.alpha, 4)}
        if self.trend:
            out |= {"beta": round(self.beta, 4), "phi": round(self.phi, 4)}
        if self.seasonal:
            out |= {"gamma": round(self.gamma, 4)}
        return out


def initial_states(
    y: np.ndarray, *, trend: bool, seasonal: bool, weeks: int = INIT_WEEKS
) -> tuple[float, float, np.ndarray]:
    """Level, slope and weekday offsets from the first (up to) `weeks` full weeks.

    statsmodels' "heuristic" start looks at the first five weeks only; on noisy daily counts
    those offsets are poor and the optimiser then inflates gamma to correct them. Half a year
    of weekday means forecasts as well as statsmodels' "estimated" start (measured) at a fraction
    of the cost.
    """
    weeks = max(1, min(weeks, y.size // SEASON))
    head = y[: weeks * SEASON].reshape(weeks, SEASON)
    mean = float(head.mean())
    season0 = head.mean(axis=0) - mean if seasonal else np.zeros(SEASON)
    slope = 0.0
    if trend and weeks >= 2:
        slope = float(np.polyfit(np.arange(weeks), head.mean(axis=1), 1)[0]) / SEASON
    return mean - slope * (weeks * SEASON - 1) / 2, slope, season0


def statsmodels_fit(y: np.ndarray, *, trend: bool = False, seasonal: bool = True, init_weeks: int = INIT_WEEKS):
    """The statsmodels HoltWintersResults behind `fit_holt_winters`."""
    from statsmodels.tsa.holtwinters import ExponentialSmoothing

    y = np.asarray(y, dtype=np.float64)
    if y.size < MIN_FIT_DAYS:
        raise ValueError(f"Holt-Winters needs at least {MIN_FIT_DAYS} days, got {y.size}")
    level0, slope0, season0 = initial_states(y, trend=trend, seasonal=seasonal, weeks=init_weeks)
    model = ExponentialSmoothing(
        y,
        trend="add" if trend else None,
        damped_trend=trend,
        seasonal="add" if seasonal else None,
        seasonal_periods=SEASON if seasonal else None,
        initialization_method="known",
        initial_level=level0,
        initial_trend=slope0 if trend else None,
        initial_seasonal=season0 if seasonal else None,
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # ConvergenceWarning on flat series is harmless here
        return model.fit(use_brute=False)


def fit_holt_winters(
    y: np.ndarray, *, trend: bool = False, seasonal: bool = True, init_weeks: int = INIT_WEEKS
) -> HoltWintersFit:
    """Estimate the smoothing parameters on `y` with statsmodels, from `initial_states`."""
    p = statsmodels_fit(y, trend=trend, seasonal=seasonal, init_weeks=init_weeks).params
    phi = float(p["damping_trend"]) if trend else 1.0

    def num(key: str) -> float:
        v = p[key]
        return 0.0 if v is None or not np.isfinite(v) else float(v)

    return HoltWintersFit(
        alpha=num("smoothing_level"),
        beta=num("smoothing_trend") if trend else 0.0,
        gamma=num("smoothing_seasonal") if seasonal else 0.0,
        phi=phi,
        level0=num("initial_level"),
        slope0=num("initial_trend") if trend else 0.0,
        season0=tuple(float(v) for v in p["initial_seasons"]) if seasonal else (0.0,) * SEASON,
        trend=trend,
        seasonal=seasonal,
    )


def states(y: np.ndarray, fit: HoltWintersFit) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Run the Holt-Winters recursion over `y`: level[t], slope[t] after t observations
    (length T+1) and season[t] for day t (length T+SEASON)."""
    a, b, g, phi = fit.alpha, fit.beta, fit.gamma, fit.phi
    values = np.asarray(y, dtype=np.float64).tolist()
    n = len(values)
    lvl = [fit.level0] + [0.0] * n
    slope = [fit.slope0] + [0.0] * n
    seas = list(fit.season0) + [0.0] * n
    for i, obs in enumerate(values):
        base = lvl[i] + phi * slope[i]
        lvl[i + 1] = a * (obs - seas[i]) + (1 - a) * base
        slope[i + 1] = b * (lvl[i + 1] - lvl[i]) + (1 - b) * phi * slope[i]
        seas[i + SEASON] = g * (obs - base) + (1 - g) * seas[i]
    return np.array(lvl), np.array(slope), np.array(seas)


def forecast_at(
    fit: HoltWintersFit, level: np.ndarray, slope: np.ndarray, season: np.ndarray, at: np.ndarray, horizon: int
) -> np.ndarray:
    """Forecasts after observing `at[k]` days: (K × horizon)."""
    at = np.asarray(at, dtype=np.int64)
    steps = np.arange(1, horizon + 1)
    damp = np.cumsum(fit.phi**steps) if fit.trend else np.zeros(horizon)
    seas = season[at[:, None] + (steps[None, :] - 1) % SEASON]
    return level[at][:, None] + slope[at][:, None] * damp[None, :] + seas


def holt_winters(y: np.ndarray, horizon: int = 90, *, trend: bool = False, seasonal: bool = True) -> np.ndarray:
    """Fit on the whole of `y` and forecast `horizon` days (not clipped at zero)."""
    y = np.asarray(y, dtype=np.float64)
    fit = fit_holt_winters(y, trend=trend, seasonal=seasonal)
    level, slope, season = states(y, fit)
    return forecast_at(fit, level, slope, season, np.array([y.size]), horizon)[0]
