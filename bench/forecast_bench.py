"""Forecasting engine benchmark: runtime and held-out accuracy on a retail-like catalogue.

    python bench/forecast_bench.py                      # 1,000 and 10,000 products × 730 days
    python bench/forecast_bench.py --products 1000
    python bench/forecast_bench.py --history demand.npy # a saved products × days matrix instead

The last 28 days are held out. `forecast_all` runs on the rest (90-day horizon, 2 workers) and
is timed; then the MASE on the held-out days (scaled by the in-sample seasonal-naive MAE since the
first sale) is printed for the chosen models, for seasonal naive everywhere and for statsmodels
Holt-Winters everywhere (ExponentialSmoothing(seasonal="add", seasonal_periods=7), default fit,
fitted since the first sale; on a random sample of 1,000 series when the catalogue is larger), with
the paired difference and its standard error, plus how often the held-out days fall inside the
80 % and 95 % intervals.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
import warnings
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
# One BLAS thread, as in forecast_all's workers, so the Holt-Winters-everywhere baseline is timed
# fairly (multi-threaded OpenBLAS spins on these tiny problems: ~4x the CPU per fit).
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import numpy as np  # noqa: E402

from inventorypulse.forecasting import (  # noqa: E402
    classify,
    first_sale,
    forecast_all,
    mase_scale,
    seasonal_naive,
)

HOLDOUT = 28
# Catalogue mix: share of products per behaviour (a long tail of slow movers, like most retailers).
MIX = {
    "seasonal": 0.14,
    "trending": 0.08,
    "flat": 0.08,
    "promo": 0.04,
    "intermittent": 0.30,
    "lumpy": 0.20,
    "new": 0.10,
    "dying": 0.04,
    "dead": 0.02,
}


def _weekly(rng: np.random.Generator, n: int, amp: np.ndarray) -> np.ndarray:
    """Multiplicative weekly profiles (n × 7), mean 1, busier towards the weekend."""
    base = np.array([-0.6, -0.5, -0.4, -0.1, 0.4, 1.0, 0.2])
    shape = base[None, :] + rng.normal(0, 0.25, (n, 7))
    prof = 1 + amp[:, None] * shape / np.abs(shape).max(axis=1, keepdims=True)
    prof = np.maximum(prof, 0.05)
    return prof / prof.mean(axis=1, keepdims=True)


def _counts(rng: np.random.Generator, rate: np.ndarray, dispersion: float = 4.0) -> np.ndarray:
    """Gamma-Poisson (negative binomial) draws: overdispersed like real unit sales."""
    return rng.poisson(rate * rng.gamma(dispersion, 1 / dispersion, rate.shape)).astype(float)


def synthetic_catalogue(n: int, days: int = 730, seed: int = 7) -> tuple[np.ndarray, np.ndarray]:
    """Deterministic n × days demand matrix and each row's generating behaviour."""
    rng = np.random.default_rng(seed)
    kinds = rng.choice(list(MIX), size=n, p=np.array(list(MIX.values())) / sum(MIX.values()))
    t = np.arange(days)
    year = 1 + rng.uniform(0, 0.3, (n, 1)) * np.sin(2 * np.pi * (t[None, :] / 365.25 + rng.uniform(0, 1, (n, 1))))
    weekly = _weekly(rng, n, rng.uniform(0.1, 0.7, n))[:, t % 7]
    level = np.exp(rng.uniform(np.log(3), np.log(60), (n, 1)))
    out = np.zeros((n, days))

    fast = np.isin(kinds, ["seasonal", "trending", "flat", "promo", "new", "dying"])
    rate = level * year * weekly
    flat = kinds == "flat"
    rate[flat] = (level[flat] * (1 + 0.15 * (weekly[flat] - 1))) * np.ones((1, days))
    trending = kinds == "trending"
    growth = rng.uniform(-1.2, 1.5, (n, 1))
    rate[trending] *= np.exp(growth[trending] * t[None, :] / days)
    promo = kinds == "promo"
    for i in np.flatnonzero(promo):
        for s in rng.choice(days - 7, size=rng.integers(3, 9), replace=False):
            rate[i, s : s + rng.integers(3, 8)] *= rng.uniform(2, 4)
    out[fast] = _counts(rng, rate[fast])

    slow = np.isin(kinds, ["intermittent", "lumpy"])
    p = np.where(kinds == "lumpy", rng.uniform(0.02, 0.3, n), rng.uniform(0.05, 0.5, n))
    weekday_bias = np.where(rng.uniform(size=n) < 0.3, 1.0, 0.0)[:, None] * (weekly - 1) + 1
    occurs = rng.uniform(size=(n, days)) < np.clip(p[:, None] * weekday_bias, 0, 1)
    small = 1 + rng.poisson(rng.uniform(0.1, 1.5, (n, 1)), (n, days))
    big = np.ceil(rng.lognormal(np.log(rng.uniform(2, 20, (n, 1))), 0.9, (n, days)))
    sizes = np.where((kinds == "lumpy")[:, None], big, small)
    out[slow] = (occurs * sizes)[slow]

    # New products launch late; dying ones fade out; dead ones never sell.
    launch = rng.integers(20, 400, n)
    out[(kinds == "new")[:, None] & (t[None, :] < days - launch[:, None])] = 0.0
    fade = rng.integers(100, days, n)
    dying = kinds == "dying"
    out[dying] *= rng.uniform(size=(dying.sum(), days)) < np.clip((fade[dying, None] - t) / 200 + 1, 0, 1)
    out[kinds == "dead"] = 0.0
    return out, kinds


def _holdout_mase(actual: np.ndarray, forecast: np.ndarray, scale: np.ndarray) -> np.ndarray:
    return np.abs(actual - forecast).mean(axis=1) / scale


def _ets_everywhere(train: np.ndarray, rows: np.ndarray, start: np.ndarray) -> np.ndarray:
    from statsmodels.tsa.holtwinters import ExponentialSmoothing

    out = np.full((rows.size, HOLDOUT), np.nan)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for j, i in enumerate(rows):
            y = train[i, start[i] :]
            if y.size < 14:
                continue
            res = ExponentialSmoothing(y, seasonal="add", seasonal_periods=7).fit()
            out[j] = np.maximum(res.forecast(HOLDOUT), 0.0)
    return out


def _line(label: str, values: np.ndarray) -> str:
    return f"  {label:<30} mean {np.nanmean(values):7.4f}   median {np.nanmedian(values):7.4f}"


def _paired(label: str, a: np.ndarray, b: np.ndarray) -> str:
    d = a - b
    return f"  {label:<30} {d.mean():+.4f} ± {d.std(ddof=1) / np.sqrt(d.size):.4f} (mean difference ± its std. error)"


def run(history: np.ndarray, kinds: np.ndarray | None, workers: int, ets_sample: int, seed: int) -> None:
    n, days = history.shape
    train, test = history[:, :-HOLDOUT], history[:, -HOLDOUT:]
    print(f"\n== {n} products × {days} days (train {days - HOLDOUT}, hold-out {HOLDOUT}), {workers} workers")
    t0 = time.perf_counter()
    results = forecast_all(train, horizon=90, workers=workers, seed=seed)
    elapsed = time.perf_counter() - t0
    fitted = sum("holt_winters" in r.features["backtest"]["mase"] for r in results)
    print(f"forecast_all: {elapsed:.1f} s ({elapsed / n * 1000:.2f} ms/product, Holt-Winters fitted for {fitted})")
    print("classes:", dict(Counter(classify(train))))
    print("models: ", dict(Counter(r.model_name for r in results)))

    start = first_sale(train)
    scale = mase_scale(train, start)
    scored = np.flatnonzero(days - HOLDOUT - start >= 56)  # backtestable: a MASE is meaningful
    chosen = np.stack([r.mean[:HOLDOUT] for r in results])
    naive = seasonal_naive(train, HOLDOUT)
    m_chosen = _holdout_mase(test, chosen, scale)
    m_naive = _holdout_mase(test, naive, scale)
    print(f"hold-out MASE over {scored.size} backtestable series:")
    print(_line("chosen models", m_chosen[scored]))
    print(_line("seasonal naive everywhere", m_naive[scored]))

    rng = np.random.default_rng(seed)
    sample = scored if ets_sample <= 0 or ets_sample >= scored.size else np.sort(rng.choice(scored, ets_sample, False))
    t0 = time.perf_counter()
    ets = _ets_everywhere(train, sample, start)
    ets_time = time.perf_counter() - t0
    fitted_ok = ~np.isnan(ets).any(axis=1)
    rows = sample[fitted_ok]
    m_ets = _holdout_mase(test[rows], ets[fitted_ok], scale[rows])
    what = "all" if sample.size == scored.size else f"a random sample of {sample.size}"
    per = ets_time / max(sample.size, 1) * 1000
    print(f"Holt-Winters everywhere on {what} series ({ets_time:.1f} s in 1 process, {per:.0f} ms/series):")
    print(_line("chosen models (same series)", m_chosen[rows]))
    print(_line("seasonal naive (same series)", m_naive[rows]))
    print(_line("Holt-Winters everywhere", m_ets))
    print(_paired("chosen − Holt-Winters", m_chosen[rows], m_ets))

    lo80, hi80 = np.stack([r.lo80[:HOLDOUT] for r in results]), np.stack([r.hi80[:HOLDOUT] for r in results])
    lo95, hi95 = np.stack([r.lo95[:HOLDOUT] for r in results]), np.stack([r.hi95[:HOLDOUT] for r in results])
    cover80 = ((test >= lo80) & (test <= hi80))[scored].mean()
    cover95 = ((test >= lo95) & (test <= hi95))[scored].mean()
    print(f"hold-out interval coverage: 80 % → {cover80:.3f}, 95 % → {cover95:.3f}")

    classes = np.array([r.series_class for r in results])
    m_ets_all = np.full(n, np.nan)
    m_ets_all[rows] = m_ets
    groups = [("by class", classes, sorted(set(classes)))]
    if kinds is not None:
        groups.append(("by generating behaviour", kinds, list(MIX)))
    for title, labels, keys in groups:
        print(f"{title} (hold-out MASE; Holt-Winters everywhere on the series it was run on):")
        for k in keys:
            sel = np.intersect1d(np.flatnonzero(labels == k), scored)
            if sel.size:
                ran = m_ets_all[sel][np.isfinite(m_ets_all[sel])]
                c, nv, hw = m_chosen[sel].mean(), m_naive[sel].mean(), ran.mean() if ran.size else np.nan
                print(f"  {k:<13} n={sel.size:<5} chosen {c:.4f}  naive {nv:.4f}  Holt-Winters {hw:.4f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--products", default="1000,10000", help="comma-separated catalogue sizes")
    parser.add_argument("--days", type=int, default=730)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument(
        "--ets-sample", type=int, default=1000, help="series for Holt-Winters everywhere (0 = all; ~35 ms each)"
    )
    parser.add_argument("--history", type=Path, help=".npy products × days matrix to use instead of synthetic data")
    args = parser.parse_args()
    if args.history:
        run(np.load(args.history), None, args.workers, args.ets_sample, args.seed)
        return
    for n in (int(x) for x in args.products.split(",")):
        history, kinds = synthetic_catalogue(n, args.days, args.seed)
        run(history, kinds, args.workers, args.ets_sample, args.seed)


if __name__ == "__main__":
    main()
