"""What the engine returns for one product."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

MODEL_VERSION = "1.0.0"


@dataclass
class ForecastResult:
    """Daily forecast for one product: point (mean) and 80 %/95 % intervals, all ≥ 0.

    `mase` is the chosen model's rolling-origin backtest MASE (None when the history was too short
    to backtest); `features` is a JSON-ready dict of what the choice was based on.
    """

    model_name: str
    model_version: str
    series_class: str
    mase: float | None
    mean: np.ndarray
    lo80: np.ndarray
    hi80: np.ndarray
    lo95: np.ndarray
    hi95: np.ndarray
    features: dict = field(default_factory=dict)
