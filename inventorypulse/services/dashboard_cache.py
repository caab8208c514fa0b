"""What keeps the dashboard fast on a big ledger (seconds of aggregation at 100k products).

Closed days: the per-day ledger totals of days before today, kept per database. Ledger rows are
never updated or deleted, so a closed day only changes when a movement is recorded with a past
timestamp; such rows are found by id (above the last id seen) and added. Today is always live.
A rebuild in the background every hour bounds any drift (on PostgreSQL a lower id can commit
after a higher one was seen).

Top sellers: kept for a minute; after that the old list is served while one thread recomputes it.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import Engine
from sqlmodel import Session, func, select

from ..models import StockMovement
from .dashboard import DashboardStats, TopSeller, get_dashboard_stats, top_sellers
from .dashboard_series import (
    SERIES_DAYS,
    ZERO,
    DayTotals,
    SalesPoint,
    ValuePoint,
    ledger_day_totals,
    stock_value_series,
    today_utc,
    units_sold_series,
    window_start,
)
from .dates import day_start

log = logging.getLogger(__name__)

REBUILD_SECONDS = 3600
TOP_SELLERS_TTL = 60


def _db_key(session: Session) -> str:
    return str(session.get_bind().engine.url)


def _add(into: dict[date, DayTotals], late: dict[date, DayTotals]) -> None:
    for day, t in late.items():
        old = into.get(day, ZERO)
        into[day] = DayTotals(old.value_change + t.value_change, old.units_sold + t.units_sold)


@dataclass
class _ClosedDays:
    first_day: date
    end_day: date  # days before this one are held
    last_id: int  # the highest ledger id included
    days: dict[date, DayTotals]
    built_at: float


_closed: dict[str, _ClosedDays] = {}
_closed_lock = threading.Lock()
_rebuilding: set[str] = set()


def _build(session: Session, first_day: date, today: date) -> _ClosedDays:
    last_id = session.exec(select(func.coalesce(func.max(StockMovement.id), 0))).one()
    days = ledger_day_totals(session, start=day_start(first_day), end=day_start(today), upto_id=last_id)
    return _ClosedDays(first_day, today, last_id, days, time.monotonic())


def _rebuild_in_background(engine: Engine, key: str, first_day: date, today: date) -> None:
    """The hourly rebuild: the held days keep serving (and updating) until the new ones replace them."""
    if key in _rebuilding:
        return
    _rebuilding.add(key)

    def run() -> None:
        try:
            with Session(engine) as session:
                fresh = _build(session, first_day, today)
            with _closed_lock:
                _closed[key] = fresh
        except Exception:  # the held days stay; the next request tries again
            log.exception("Rebuilding the dashboard's ledger days failed")
        finally:
            _rebuilding.discard(key)

    threading.Thread(target=run, name="rebuild-ledger-days", daemon=True).start()


def day_totals(session: Session, *, first_day: date, today: date) -> dict[date, DayTotals]:
    """Ledger totals per day from `first_day` to today: closed days from the cache, today live."""
    key = _db_key(session)
    with _closed_lock:
        held = _closed.get(key)
        last_id = session.exec(select(func.coalesce(func.max(StockMovement.id), 0))).one()
        if held is None or held.first_day > first_day or held.last_id > last_id:  # none yet, or a reset database
            held = _closed[key] = _build(session, first_day, today)
        else:
            if last_id > held.last_id:  # rows recorded since, dated in the held days (back-dated)
                _add(held.days, ledger_day_totals(session, start=day_start(held.first_day),
                                                  end=day_start(held.end_day), after_id=held.last_id,
                                                  upto_id=last_id))
            if held.end_day < today:  # days that closed since
                held.days.update(ledger_day_totals(session, start=day_start(held.end_day), end=day_start(today),
                                                   upto_id=last_id))
                held.end_day = today
            held.last_id = last_id
            if time.monotonic() - held.built_at > REBUILD_SECONDS:
                _rebuild_in_background(session.get_bind().engine, key, first_day, today)
        result = {d: t for d, t in held.days.items() if first_day <= d < today}
    live = ledger_day_totals(session, start=day_start(today), end=day_start(today + timedelta(days=1)))
    return result | live


@dataclass
class _Kept:
    value: Any
    at: float
    refreshing: bool = False


_kept: dict[tuple, _Kept] = {}
_kept_lock = threading.Lock()


def kept(key: tuple, ttl: float, compute: Callable[[], Any]) -> Any:
    """`compute()` cached for `ttl` seconds; a stale value is served while a thread refreshes it."""
    with _kept_lock:
        entry = _kept.get(key)
        if entry is not None and (time.monotonic() - entry.at < ttl or entry.refreshing):
            return entry.value
        if entry is not None:
            entry.refreshing = True

    def refresh() -> Any:
        try:
            value = compute()
        except Exception:
            with _kept_lock:
                if key in _kept:
                    _kept[key].refreshing = False
            raise
        with _kept_lock:
            _kept[key] = _Kept(value, time.monotonic())
        return value

    def refresh_quietly() -> None:
        try:
            refresh()
        except Exception:  # the old value stays; the next request tries again
            log.exception("Refreshing %s failed", key[0])

    if entry is None:
        return refresh()
    threading.Thread(target=refresh_quietly, name=f"refresh-{key[0]}", daemon=True).start()
    return entry.value


def _own_session_top_sellers(engine: Engine) -> list[TopSeller]:
    with Session(engine) as session:
        return top_sellers(session)


def cached_top_sellers(session: Session) -> list[TopSeller]:
    engine = session.get_bind().engine
    return kept(("top_sellers", str(engine.url)), TOP_SELLERS_TTL, lambda: _own_session_top_sellers(engine))


@dataclass
class DashboardView:
    stats: DashboardStats
    stock_value: list[ValuePoint]
    units_sold: list[SalesPoint]


def dashboard_view(session: Session, *, days: int = SERIES_DAYS) -> DashboardView:
    """Everything the dashboard shows, with the slow aggregates taken from the caches above."""
    today = today_utc()
    totals = day_totals(session, first_day=window_start(today, days), today=today)
    stats = get_dashboard_stats(session, sellers=cached_top_sellers(session))
    values = stock_value_series(session, days=days, today=today, totals=totals,
                                current_value=stats.inventory_value_cost)
    return DashboardView(stats, values, units_sold_series(session, days=days, today=today, totals=totals))


def warm_up(engine: Engine) -> None:
    """Fill the caches (at start-up, so the first visitor does not wait)."""
    with Session(engine) as session:
        dashboard_view(session)


def clear() -> None:
    """Forget everything (tests; after a database reset)."""
    with _closed_lock:
        _closed.clear()
    with _kept_lock:
        _kept.clear()
