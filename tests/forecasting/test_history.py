"""daily_matrix: the demand history handed to the engine."""

import numpy as np
import pytest

from inventorypulse.forecasting import daily_matrix, first_sale


def test_zero_fills_and_sums_duplicates():
    m = daily_matrix(
        product_index=np.array([0, 0, 2, 0, 2]),
        day_index=np.array([1, 1, 0, 4, 0]),
        quantity=np.array([2, 3, 1.5, 7, 0.5]),
        n_products=3,
        n_days=5,
    )
    expected = np.array([[0, 5, 0, 0, 7], [0, 0, 0, 0, 0], [2, 0, 0, 0, 0]], dtype=float)
    assert m.shape == (3, 5)
    np.testing.assert_array_equal(m, expected)


def test_empty_input_is_all_zero():
    m = daily_matrix(np.array([], int), np.array([], int), np.array([]), 2, 3)
    np.testing.assert_array_equal(m, np.zeros((2, 3)))


@pytest.mark.parametrize(
    ("products", "days", "qty", "message"),
    [
        ([0, 3], [0, 0], [1, 1], "product_index"),
        ([0, 0], [0, 9], [1, 1], "day_index"),
        ([0, 0], [0, -1], [1, 1], "day_index"),
        ([0, 0], [0, 1], [1, -2], "non-negative"),
        ([0, 0], [0, 1], [1, np.nan], "finite"),
        ([0], [0, 1], [1, 1], "same length"),
    ],
)
def test_bad_input_is_refused(products, days, qty, message):
    with pytest.raises(ValueError, match=message):
        daily_matrix(np.array(products), np.array(days), np.array(qty, dtype=float), 3, 5)


def test_first_sale_marks_leading_zeros_and_never_sold_rows():
    h = np.array([[0, 0, 3, 0], [1, 0, 0, 0], [0, 0, 0, 0]], dtype=float)
    np.testing.assert_array_equal(first_sale(h), [2, 0, 4])
