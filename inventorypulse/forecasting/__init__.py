"""Demand forecasting engine: pure functions, daily history matrix in, per-product forecasts out.

No database and no UI here: services build the history with `daily_matrix` and store the
`ForecastResult`s. Models: seasonal naive, Croston/SBA/TSB (vectorised numpy), Holt-Winters
(statsmodels); each product gets the one with the best rolling-origin backtest MASE (see
selection.py for the exact rule). Series classes: see SERIES_CLASSES.
"""

from .backtest import BT_HORIZON, BT_ORIGINS, backtest_mase, mase_scale, origins, windows
from .classification import SERIES_CLASSES, adi_cv2, classify, season_strength, trend_strength, weekday_chi2
from .engine import forecast_all
from .history import daily_matrix, first_sale
from .models_ets import HoltWintersFit, fit_holt_winters, holt_winters
from .models_intermittent import croston, level_path, sba, tsb
from .models_naive import seasonal_naive, seasonal_naive_at
from .result import MODEL_VERSION, ForecastResult
from .selection import forecast_block

__all__ = [
    "BT_HORIZON",
    "BT_ORIGINS",
    "MODEL_VERSION",
    "SERIES_CLASSES",
    "ForecastResult",
    "HoltWintersFit",
    "adi_cv2",
    "backtest_mase",
    "classify",
    "croston",
    "daily_matrix",
    "first_sale",
    "fit_holt_winters",
    "forecast_all",
    "forecast_block",
    "holt_winters",
    "level_path",
    "mase_scale",
    "origins",
    "sba",
    "season_strength",
    "seasonal_naive",
    "seasonal_naive_at",
    "trend_strength",
    "tsb",
    "weekday_chi2",
    "windows",
]
