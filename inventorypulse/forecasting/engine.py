"""forecast_all: split the catalogue into blocks and forecast them on a small process pool."""

from __future__ import annotations

import contextlib
import multiprocessing
import os
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor

import numpy as np

from .history import as_history
from .result import ForecastResult
from .selection import forecast_block

BLOCK_ROWS = 256
# Below this many series a pool costs more (worker start-up imports statsmodels) than it saves.
MIN_PARALLEL_ROWS = BLOCK_ROWS
# OpenBLAS otherwise starts a thread per core in every worker; on tiny per-series problems those
# threads only spin: measured 4x the CPU per Holt-Winters fit.
_THREAD_VARS = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")


@contextlib.contextmanager
def _single_threaded_children() -> Iterator[None]:
    """Spawned children inherit the environment at start: pin their math libraries to 1 thread
    (unless the caller set these variables), then put the parent's environment back."""
    added = [k for k in _THREAD_VARS if k not in os.environ]
    os.environ.update(dict.fromkeys(added, "1"))
    try:
        yield
    finally:
        for k in added:
            os.environ.pop(k, None)


def forecast_all(history: np.ndarray, horizon: int = 90, workers: int = 2, seed: int = 0) -> list[ForecastResult]:
    """Forecast every row of `history` (products × days, zero-filled daily sales) `horizon` days on.

    Results are in row order and identical for any `workers`: every block is computed
    independently and no model draws random numbers (`seed` is accepted for API stability and
    used by nothing yet). Workers are spawned, not forked, so calling this from a threaded server
    or scheduler is safe (a calling *script* needs the usual `if __name__ == "__main__":` guard);
    at most `workers` (capped at the CPU count) processes are started, and a catalogue of fewer
    than MIN_PARALLEL_ROWS series is done in-process.
    """
    del seed  # every model and interval here is deterministic
    h = as_history(history)
    if horizon < 1:
        raise ValueError("horizon must be at least 1")
    n = h.shape[0]
    workers = max(1, min(int(workers), os.cpu_count() or 1))
    if n < MIN_PARALLEL_ROWS:
        return forecast_block(h, horizon) if n else []
    blocks = [h[i : i + BLOCK_ROWS] for i in range(0, n, BLOCK_ROWS)]
    ctx = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=workers, mp_context=ctx) as pool:
        # Workers start during submit(), so the environment only needs changing around it.
        with _single_threaded_children():
            futures = [pool.submit(forecast_block, block, horizon) for block in blocks]
        out: list[ForecastResult] = []
        for future in futures:
            out.extend(future.result())
    return out
