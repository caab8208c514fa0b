"""Per-product model choice for one block of series (runs inside a worker process).

Order of play: classify every series; score seasonal naive and Croston/SBA/TSB on the
rolling-origin backtest, all vectorised; fit Holt-Winters (one statsmodels fit per series) where
the cheap screen sees a weekly pattern or a trend; pick per series by backtest MASE.

The pick: the candidate with the lowest backtest MASE, except that each class has a default
model that another candidate must beat by more than SWITCH_MARGIN: TSB for intermittent and
lumpy series, Holt-Winters (where fitted) for smooth and erratic ones. Backtest MASE differences
of a few per cent are mostly luck, above all on slow movers whose backtest rests on a few dozen
sales: measured on the bench catalogue, free switching between Croston, SBA and TSB made the
hold-out MASE of lumpy series ~2 % worse than TSB alone. TSB because it keeps learning between
sales (its forecast decays when a product stops selling) and is unbiased. Seasonal naive is
never beaten on the backtest: if the pick loses to it, the best candidate on the raw scores
(seasonal naive, or one that beats it) is taken. One exception: when seasonal naive would forecast
nothing at all (its last week had no sales) for a product that sold within RECENT_DAYS, it is not
taken. Absolute-error scores such as MASE reward all-zero forecasts on intermittent series, but a
zero forecast for a selling product means no reorder point and no stockout warning.

Holt-Winters screen: a weekly seasonal strength ≥ SEASON_SCREEN, sale days clustered on some
weekdays (chi-square), or a trend; plus 12 weeks of history. Without such a signal it does not
beat the cheap models on average, and on intermittent noise it "wins" the backtest by luck.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from . import backtest as bt
from . import classification as cl
from . import intervals
from .history import first_sale
from .models_ets import INIT_WEEKS, MIN_FIT_DAYS, fit_holt_winters, forecast_at, states
from .models_intermittent import ALPHA, BETA, METHODS, level_path
from .models_naive import seasonal_naive, seasonal_naive_at
from .result import MODEL_VERSION, ForecastResult

MIN_FIT_SALE_DAYS = 8
SEASON_SCREEN = 0.05  # weekly seasonal strength
WEEKDAY_SCREEN = 16.8  # chi-square of sale days per weekday, 6 d.o.f., 1 %
TREND_SCREEN = 0.50  # R² of a line through the weekly totals (adds the damped trend)
CLASS_DEFAULTS = (((cl.INTERMITTENT, cl.LUMPY), "tsb"), ((cl.SMOOTH, cl.ERRATIC), "holt_winters"))
SWITCH_MARGIN = 0.10
NAIVE = "seasonal_naive"
RECENT_DAYS = 28


def _r(x: float) -> float | None:
    return round(float(x), 4) if x is not None and np.isfinite(x) else None


@dataclass
class _Candidate:
    """One model's backtest and forecast for the rows it was fitted on."""

    name: str
    rows: np.ndarray
    mase: np.ndarray  # len(rows)
    errors: np.ndarray  # len(rows) × K × BT_HORIZON (actual − forecast)
    final: np.ndarray  # len(rows) × horizon
    params: list[dict]


def _cheap_candidates(h, start, at, actual, valid, scale, horizon) -> list[_Candidate]:
    rows = np.arange(h.shape[0])
    fc = seasonal_naive_at(h, at, bt.BT_HORIZON)
    out = [
        _Candidate(
            NAIVE,
            rows,
            bt.backtest_mase(actual, fc, scale, valid),
            actual - fc,
            seasonal_naive(h, horizon),
            [{}] * rows.size,
        )
    ]
    record = np.append(at, h.shape[1])
    for method in METHODS:
        path = level_path(h, method, ALPHA, record, start)  # n × (K + 1), flat forecasts
        params = {"alpha": ALPHA, "beta": BETA} if method == "tsb" else {"alpha": ALPHA}
        out.append(
            _Candidate(
                method,
                rows,
                bt.backtest_mase(actual, path[:, :-1, None], scale, valid),
                actual - path[:, :-1, None],
                np.repeat(path[:, -1:], horizon, axis=1),
                [params] * rows.size,
            )
        )
    return out


def _holt_winters(h, start, at, actual, valid, scale, rows, trend, init_weeks, horizon) -> _Candidate:
    """One statsmodels fit per series on its whole history; the backtest replays the recursion
    with those parameters from each origin (states out-of-sample, parameters not)."""
    mase, errs, finals, params = [], [], [], []
    for i, damped, weeks in zip(rows, trend, init_weeks):
        y = h[i, start[i] :]
        fit = fit_holt_winters(y, trend=bool(damped), seasonal=True, init_weeks=int(weeks))
        level, slope, season = states(y, fit)
        rel = np.maximum(at - start[i], 0)  # origins before the first sale are masked out anyway
        err = actual[i] - np.maximum(forecast_at(fit, level, slope, season, rel, bt.BT_HORIZON), 0.0)
        mase.append(bt.backtest_mase(err[None], 0.0, scale[i : i + 1], valid[i : i + 1])[0])
        errs.append(err)
        finals.append(np.maximum(forecast_at(fit, level, slope, season, np.array([y.size]), horizon)[0], 0.0))
        params.append(fit.as_features())
    k = at.size
    return _Candidate(
        "holt_winters",
        rows,
        np.array(mase, dtype=float),
        np.stack(errs) if errs else np.zeros((0, k, bt.BT_HORIZON)),
        np.stack(finals) if finals else np.zeros((0, horizon)),
        params,
    )


def _choose(
    cands: list[_Candidate], cls: np.ndarray, n: int, blank_naive: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Index of the chosen candidate per series, and the (n × C) raw backtest MASE table.

    `blank_naive` marks series where seasonal naive forecasts zero although the product sells."""
    raw = np.full((n, len(cands)), np.inf)
    for c, cand in enumerate(cands):
        raw[cand.rows, c] = np.where(np.isnan(cand.mase), np.inf, cand.mase)
    names = [cand.name for cand in cands]
    naive = names.index(NAIVE)
    eff = raw.copy()
    eff[:, naive] = np.inf
    for classes, default in CLASS_DEFAULTS:
        d = names.index(default)
        rows = np.isin(cls, classes) & np.isfinite(raw[:, d])
        others = [c for c in range(len(cands)) if c not in (d, naive)]
        eff[np.ix_(rows, others)] /= 1.0 - SWITCH_MARGIN  # must beat the default by the margin
    pick = np.argmin(eff, axis=1)
    rows = np.arange(n)
    loses = (raw[rows, pick] > raw[rows, naive]) & ~blank_naive
    pick = np.where(loses, np.argmin(raw, axis=1), pick)  # ties go to the earlier (naive first)
    return pick, raw


def forecast_block(history: np.ndarray, horizon: int = 90) -> list[ForecastResult]:
    """Choose a model and forecast `horizon` days for every row of `history` (n × days)."""
    h = np.asarray(history, dtype=np.float64)
    n, t_len = h.shape
    start = first_sale(h)
    cls = cl.classify(h)
    span = t_len - start
    feats = {
        "season_strength": cl.season_strength(h, start),
        "weekday_chi2": cl.weekday_chi2(h, start),
        "trend_strength": cl.trend_strength(h, start),
    }
    trend = feats["trend_strength"] >= TREND_SCREEN
    screen = (feats["season_strength"] >= SEASON_SCREEN) | (feats["weekday_chi2"] >= WEEKDAY_SCREEN) | trend
    hw = np.flatnonzero(screen & (span >= MIN_FIT_DAYS) & ((h > 0).sum(axis=1) >= MIN_FIT_SALE_DAYS))
    # Holt-Winters starts from its first weeks (at most half the history); for a fair, paired
    # comparison every candidate of such a series is scored only on origins after them.
    init_weeks = np.minimum(INIT_WEEKS, span[hw] // (2 * cl.SEASON))
    warmup = np.full(n, bt.MIN_TRAIN_DAYS)
    warmup[hw] = np.maximum(bt.MIN_TRAIN_DAYS, cl.SEASON * init_weeks)

    at = bt.origins(t_len)
    valid = at[None, :] - start[:, None] >= warmup[:, None]
    actual = bt.windows(h, at)
    scale = bt.mase_scale(h, start)
    cands = _cheap_candidates(h, start, at, actual, valid, scale, horizon)
    cands.append(_holt_winters(h, start, at, actual, valid, scale, hw, trend[hw], init_weeks, horizon))
    [naive] = [c for c in cands if c.name == NAIVE]
    blank_naive = (naive.final.sum(axis=1) == 0) & (h[:, -RECENT_DAYS:].sum(axis=1) > 0)
    pick, raw = _choose(cands, cls, n, blank_naive)

    errors = np.zeros((n, at.size, bt.BT_HORIZON))
    final = np.zeros((n, horizon))
    params: list[dict] = [{} for _ in range(n)]
    for c, cand in enumerate(cands):
        local = np.flatnonzero(pick[cand.rows] == c)
        rows = cand.rows[local]
        errors[rows], final[rows] = cand.errors[local], cand.final[local]
        for j, i in zip(local, rows):
            params[i] = dict(cand.params[j])

    backtested = valid.any(axis=1)
    bands = intervals.from_backtest(np.maximum(final, 0.0), errors, valid)
    short = np.flatnonzero(~backtested)
    if short.size:  # too short to backtest: mean daily demand since the first sale
        level = h[short].sum(axis=1) / np.maximum(span[short], 1)
        short_bands = intervals.from_values(np.repeat(level[:, None], horizon, axis=1), h[short], start[short])
        for full, part in zip(bands, short_bands):
            full[short] = part

    adi, cv2 = cl.adi_cv2(h, start)
    results = []
    for i in range(n):
        if backtested[i]:
            name, mase = cands[pick[i]].name, raw[i, pick[i]]
        else:
            name, mase = ("mean" if span[i] else "zero"), None
        features = {
            "history_days": int(span[i]),
            "adi": _r(adi[i]),
            "cv2": _r(cv2[i]),
            "zero_share": _r(1.0 - (h[i, start[i] :] > 0).mean()) if span[i] else None,
            **{k: _r(v[i]) for k, v in feats.items()},
            "params": params[i],
            "backtest": {
                "origins": int(valid[i].sum()),
                "horizon": bt.BT_HORIZON,
                "mase": {cand.name: _r(raw[i, c]) for c, cand in enumerate(cands) if np.isfinite(raw[i, c])},
            },
            "intervals": "backtest_quantiles" if backtested[i] else ("history_quantiles" if span[i] else "none"),
        }
        results.append(
            ForecastResult(
                model_name=name,
                model_version=MODEL_VERSION,
                series_class=str(cls[i]),
                mase=_r(mase),
                mean=bands[0][i],
                lo80=bands[1][i],
                hi80=bands[2][i],
                lo95=bands[3][i],
                hi95=bands[4][i],
                features=features,
            )
        )
    return results
