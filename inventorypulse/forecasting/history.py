"""Demand history as a dense products × days matrix, and where each series really starts."""

from __future__ import annotations

import numpy as np


def daily_matrix(
    product_index: np.ndarray,
    day_index: np.ndarray,
    quantity: np.ndarray,
    n_products: int,
    n_days: int,
) -> np.ndarray:
    """Sum sale quantities into a zero-filled (n_products × n_days) float matrix.

    One entry per outbound sale movement (transfers and adjustments are the caller's query to
    exclude); several movements on the same product and day add up. Quantities are units sold,
    so they must be non-negative: pass `-movement.quantity` for outbound ledger rows.
    """
    products = np.asarray(product_index, dtype=np.int64).ravel()
    days = np.asarray(day_index, dtype=np.int64).ravel()
    qty = np.asarray(quantity, dtype=np.float64).ravel()
    if not (products.size == days.size == qty.size):
        raise ValueError("product_index, day_index and quantity must have the same length")
    if n_products < 0 or n_days < 0:
        raise ValueError("n_products and n_days must be non-negative")
    if products.size:
        if products.min() < 0 or products.max() >= n_products:
            raise ValueError(f"product_index must lie in [0, {n_products})")
        if days.min() < 0 or days.max() >= n_days:
            raise ValueError(f"day_index must lie in [0, {n_days})")
        if not np.isfinite(qty).all() or qty.min() < 0:
            raise ValueError("quantity must be finite and non-negative (units sold)")
    # bincount on the flat cell index is the fast way to sum duplicates.
    flat = np.bincount(products * n_days + days, weights=qty, minlength=n_products * n_days)
    return flat.reshape(n_products, n_days)


def as_history(history: np.ndarray) -> np.ndarray:
    """Validate a demand matrix: 2-D, finite, non-negative; returned as float64."""
    h = np.asarray(history, dtype=np.float64)
    if h.ndim == 1:
        h = h[None, :]
    if h.ndim != 2:
        raise ValueError("history must be a 2-D array (products × days)")
    if h.size and (not np.isfinite(h).all() or h.min() < 0):
        raise ValueError("history must be finite and non-negative")
    return h


def first_sale(history: np.ndarray) -> np.ndarray:
    """Index of each row's first non-zero day; n_days for rows that never sold.

    Days before the first sale are treated as "not listed yet", not as zero demand.
    """
    sold = history > 0
    return np.where(sold.any(axis=1), sold.argmax(axis=1), history.shape[1])


def active_mask(history: np.ndarray, start: np.ndarray) -> np.ndarray:
    """Boolean (n × T): True from each row's first sale onwards."""
    return np.arange(history.shape[1])[None, :] >= start[:, None]
