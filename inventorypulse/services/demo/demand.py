"""Daily customer demand per product, drawn one day at a time for all products at once.

rate = level x trend x weekly x yearly x promotion
* fast movers (15 %): Poisson(rate) units every day;
* intermittent (35 %) and slow/lumpy (50 %) items: a sale happens with probability
  min(level x multipliers, 0.95) and is 1 + Poisson(lump) units (Croston-style demand).
"""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np

from .catalogue import FAST, INTERMITTENT, PENDING, Products
from .vocab import CATEGORIES, WEEKLY_PROFILES


class DemandModel:
    def __init__(self, rng: np.random.Generator, products: Products, start: date, days: int) -> None:
        n = products.n
        self.rng, self.n, self.start, self.days = rng, n, start, days
        cls = products.demand_class
        self.fast = cls == FAST
        # Cheaper items sell more: scale both daily volume and sale probability by price.
        price_factor = np.clip((1000 / products.cost_cents) ** 0.25, 0.4, 2.0)
        fast_level = np.clip(np.exp(np.log(12) + 0.7 * rng.standard_normal(n)), 2, 200) * price_factor
        probability = np.where(cls == INTERMITTENT, rng.uniform(0.08, 0.35, n), rng.uniform(0.01, 0.07, n))
        self.level = np.where(self.fast, fast_level, np.minimum(probability * price_factor, 0.6))
        lump_intermittent = np.clip(np.exp(0.6 * rng.standard_normal(n)), 0.2, 8)
        lump_slow = np.clip(np.exp(np.log(2) + 0.9 * rng.standard_normal(n)), 0.3, 30)
        self.lump = np.where(self.fast, 0.0, np.where(cls == INTERMITTENT, lump_intermittent, lump_slow))
        self.growth = np.clip(rng.normal(0.05, 0.2, n), -0.4, 0.8)  # per year

        profiles = {k: np.array(v) / np.mean(v) for k, v in WEEKLY_PROFILES.items()}
        category_weekly = np.stack([profiles[c.weekly] for c in CATEGORIES])[products.category]
        amplitude = rng.uniform(0.5, 1.2, (n, 1))
        self.weekly = (1 + amplitude * (category_weekly - 1)).T.copy()  # [weekday, product]

        season = np.array([c.seasonality for c in CATEGORIES])[products.category]
        self.season_amplitude = np.clip(season + rng.normal(0, 0.08, n), 0, 0.85)
        self.season_peak = np.array([c.peak_day for c in CATEGORIES])[products.category] + rng.normal(0, 15, n)

        # A few short promotions a year (fewer for slow movers).
        self.promo_rate = np.where(cls == FAST, 6, np.where(cls == INTERMITTENT, 4, 1.5)) / 365
        self.promo_days_left = np.zeros(n, dtype=np.int64)
        self.promo_uplift = np.ones(n)
        self.sellable = products.status != PENDING

    @property
    def mean_daily(self) -> np.ndarray:
        """Expected units per day, averaged over the year (used to size reorder points)."""
        return np.where(self.fast, self.level, self.level * (1 + self.lump))

    def _promotion(self) -> np.ndarray:
        starting = (self.promo_days_left == 0) & (self.rng.random(self.n) < self.promo_rate)
        count = int(starting.sum())
        self.promo_days_left[starting] = self.rng.integers(3, 11, count)
        self.promo_uplift[starting] = self.rng.uniform(1.5, 3.5, count)
        running = self.promo_days_left > 0
        self.promo_days_left[running] -= 1
        return np.where(running, self.promo_uplift, 1.0)

    def sample(self, day_index: int) -> np.ndarray:
        """Units customers want on day `day_index` (0 = first simulated day)."""
        day = self.start + timedelta(days=day_index)
        years_from_middle = (day_index - self.days / 2) / 365
        yearly = 1 + self.season_amplitude * np.cos(
            2 * np.pi * (day.timetuple().tm_yday - self.season_peak) / 365.25
        )
        multiplier = (np.exp(self.growth * years_from_middle) * self.weekly[day.weekday()] * yearly
                      * self._promotion())
        rate = self.level * multiplier
        counts = self.rng.poisson(np.where(self.fast, rate, self.lump))
        occurs = self.rng.random(self.n) < np.minimum(rate, 0.95)
        demand = np.where(self.fast, counts, occurs * (1 + counts))
        return np.where(self.sellable, demand, 0)
