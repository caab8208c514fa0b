"""Hand-made demand series for the forecasting tests (deterministic)."""

from __future__ import annotations

import numpy as np

DAYS = 730
WEEKLY = np.array([0.6, 0.7, 0.8, 0.9, 1.2, 1.8, 1.0])


def weekly_seasonal(seed: int = 0, level: float = 20.0, days: int = DAYS) -> np.ndarray:
    """Poisson sales with a strong weekend peak."""
    rng = np.random.default_rng(seed)
    return rng.poisson(level * WEEKLY[np.arange(days) % 7]).astype(float)


def intermittent(seed: int = 0, zeros: float = 0.85, days: int = DAYS) -> np.ndarray:
    """Sales on ~(1 - zeros) of days, at random, 1–4 units; no weekday pattern."""
    rng = np.random.default_rng(seed)
    return ((rng.uniform(size=days) >= zeros) * (1 + rng.poisson(1.0, days))).astype(float)


def trending(seed: int = 0, days: int = DAYS) -> np.ndarray:
    rng = np.random.default_rng(seed)
    return rng.poisson(np.linspace(5, 40, days) * WEEKLY[np.arange(days) % 7]).astype(float)


def catalogue(n: int = 24, seed: int = 0, days: int = DAYS) -> np.ndarray:
    """A small mix: seasonal, flat, trending, intermittent, lumpy, new, dead."""
    rng = np.random.default_rng(seed)
    rows = []
    for i in range(n):
        kind = i % 7
        if kind == 0:
            rows.append(weekly_seasonal(seed + i, level=rng.uniform(3, 30), days=days))
        elif kind == 1:
            rows.append(rng.poisson(rng.uniform(2, 15), days).astype(float))
        elif kind == 2:
            rows.append(trending(seed + i, days=days))
        elif kind == 3:
            rows.append(intermittent(seed + i, zeros=rng.uniform(0.6, 0.9), days=days))
        elif kind == 4:
            occurs = rng.uniform(size=days) < 0.05
            rows.append(occurs * np.ceil(rng.lognormal(2.0, 1.0, days)))
        elif kind == 5:
            new = np.zeros(days)
            new[-40:] = rng.poisson(4, 40)
            rows.append(new)
        else:
            rows.append(np.zeros(days))
    return np.vstack(rows)
