"""Seasonal naive: next week repeats the last observed week."""

from __future__ import annotations

import numpy as np

from .classification import SEASON


def seasonal_naive(history: np.ndarray, horizon: int = 90, season: int = SEASON) -> np.ndarray:
    """(n × horizon) forecast repeating each row's last `season` days (zeros if shorter)."""
    history = np.asarray(history, dtype=np.float64)
    if history.shape[1] < season:
        return np.zeros((history.shape[0], horizon))
    return history[:, history.shape[1] - season + np.arange(horizon) % season]


def seasonal_naive_at(history: np.ndarray, at: np.ndarray, horizon: int, season: int = SEASON) -> np.ndarray:
    """Seasonal naive forecasts made at each origin in `at` (days observed): (n × K × horizon)."""
    idx = at[:, None] - season + np.arange(horizon)[None, :] % season
    return history[:, idx]
