"""Load the analytics tables into the target, incrementally (a watermark per table) or from scratch.

Watermarks live in the target's `inventorypulse_sync_state` table, so they always describe the
data really there. Each table is loaded with MERGE on its primary key, then its watermark moves:
a run that stops half-way is simply redone by the next one, never duplicating a row.

* inventory_history: complete UTC days after the last one loaded; days hit by backdated movements
  (ledger rows added since the last run with an older timestamp) are recomputed for their products.
* sales_analytics: sale lines with a ledger id above the watermark.
* demand_forecast: stored forecasts with an id above the watermark. The forecaster keeps only each
  product's latest run, so earlier runs live on only here: a full rebuild re-merges, never deletes.
* supplier_performance: the months of every purchase order changed since the last run.

Rows inserted less than SETTLE ago are loaded but not counted as settled: their id may have been
taken by a transaction that commits later, so the next run looks at them again.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import Engine, func, select
from sqlmodel import Session

from ..db import get_engine, session_scope
from ..models import DemandForecast, Product, StockMovement
from ..models.base import utcnow
from . import history, sales, scorecards
from .schema import DEMAND_FORECAST, INVENTORY_HISTORY, SALES_ANALYTICS, SUPPLIER_PERFORMANCE
from .targets import TableState, Target, open_target

log = logging.getLogger(__name__)
HISTORY_DAYS = 365  # days of snapshots rebuilt from the ledger on a first (or full) load...
ROW_BUDGET = 3_000_000  # ...fewer for very large catalogues, keeping a first load under this many rows
MIN_HISTORY_DAYS = 30
CELLS_PER_CHUNK = 60_000  # product-days built and merged at a time
READ_CHUNK = 20_000
SETTLE = timedelta(minutes=10)
Progress = Callable[[float, str], None]


@dataclass
class SyncSummary:
    target: str  # "snowflake" | "embedded"
    label: str = ""
    full: bool = False
    rows: dict[str, int] = field(default_factory=dict)  # rows merged per table
    error: str | None = None
    started_at: datetime = field(default_factory=utcnow)
    finished_at: datetime | None = None

    @property
    def ok(self) -> bool:
        return self.error is None

    def counts(self) -> dict[str, int]:
        return dict(self.rows)

    def line(self) -> str:
        what = "full rebuild" if self.full else "incremental sync"
        loaded = ", ".join(f"{k}={v:,}" for k, v in self.rows.items()) or "nothing loaded"
        head = f"Warehouse {what} to {self.label or self.target}: {loaded}"
        return head + (f"\nFAILED: {self.error}" if self.error else "")


def _aware(ts: datetime | None) -> datetime | None:
    return ts.replace(tzinfo=UTC) if ts is not None and ts.tzinfo is None else ts


def _settled_id(session: Session, table, created, after: int, cutoff: datetime) -> int:
    found = session.execute(select(func.max(table.id)).where(table.id > after, created < cutoff)).scalar()
    return max(after, found or 0)


class _Run:
    def __init__(self, target: Target, engine: Engine, *, full: bool, today: date, now: datetime,
                 settle: timedelta, progress: Progress) -> None:
        self.target, self.engine, self.full, self.today, self.now = target, engine, full, today, now
        self.settle = settle
        self.loaded_at = now.replace(tzinfo=None)
        self.progress = progress
        self.states = target.read_states()

    def _state(self, name: str) -> dict[str, Any] | None:
        state = self.states.get(name)
        return None if self.full or state is None else state.watermark

    def _save(self, name: str, watermark: dict[str, Any], rows: int) -> int:
        previous = self.states.get(name)
        total = rows + (previous.rows_loaded if previous and not self.full else 0)
        self.target.write_state(TableState(name, watermark, total, self.loaded_at))
        return rows

    # -- inventory_history ------------------------------------------------------------------------
    def load_history(self) -> int:
        end = self.today - timedelta(days=1)  # complete days only
        wm = self._state(INVENTORY_HISTORY.name)
        with session_scope(self.engine) as session:
            settled = _settled_id(session, StockMovement, StockMovement.created_at, wm["movement_id"] if wm else 0,
                                  self.now - self.settle)
            products = history.load_products(session)
            if wm is None:
                floor = self._history_floor(session, len(products), end)
                starts = [floor] * len(products)
                if self.full:
                    self.target.clear(INVENTORY_HISTORY)
            else:
                floor, through = date.fromisoformat(wm["first_day"]), date.fromisoformat(wm["through"])
                late = dict(session.execute(
                    select(StockMovement.product_id, func.min(StockMovement.timestamp))
                    .where(StockMovement.id > wm["movement_id"]).group_by(StockMovement.product_id)).all())
                starts = [min(through + timedelta(days=1), max(_day(late[p.id]), floor)) if p.id in late
                          else through + timedelta(days=1) for p in products]
            todo = [(p, s) for p, s in zip(products, starts, strict=True) if s <= end and p.created <= end]
            rows = 0
            if todo:
                span = (end - min(s for _, s in todo)).days + 1 + history.TURNOVER_DAYS
                size = max(1, CELLS_PER_CHUNK // span)
                for i in range(0, len(todo), size):
                    part = todo[i:i + size]
                    rows += self.target.upsert(INVENTORY_HISTORY, history.history_rows(
                        session, [p for p, _ in part], [s for _, s in part], end, self.loaded_at))
                    self.progress(0.05 + 0.5 * (i + len(part)) / len(todo), "Inventory snapshots")
        through = end if wm is None else max(end, date.fromisoformat(wm["through"]))
        return self._save(INVENTORY_HISTORY.name, {"first_day": floor.isoformat(), "through": through.isoformat(),
                                                   "movement_id": settled}, rows)

    def _history_floor(self, session: Session, products: int, end: date) -> date:
        days = max(MIN_HISTORY_DAYS, min(HISTORY_DAYS, ROW_BUDGET // max(products, 1)))
        first = [session.execute(select(func.min(StockMovement.timestamp))).scalar(),
                 session.execute(select(func.min(Product.created_at))).scalar()]
        first_day = min((_day(t) for t in first if t is not None), default=end)
        return max(first_day, end - timedelta(days=days - 1))

    # -- sales_analytics / demand_forecast --------------------------------------------------------
    def _load_by_id(self, spec, model, created, build) -> int:
        wm = self._state(spec.name)
        after = 0 if wm is None else wm["last_id"]
        if self.full and spec is SALES_ANALYTICS:
            self.target.clear(spec)
        rows = 0
        with session_scope(self.engine) as session:
            settled = _settled_id(session, model, created, after, self.now - self.settle)
            cursor = after
            while True:
                found, cursor = build(session, cursor)
                if not found:
                    break
                rows += self.target.upsert(spec, found)
        return self._save(spec.name, {"last_id": settled}, rows)

    def load_sales(self) -> int:
        return self._load_by_id(SALES_ANALYTICS, StockMovement, StockMovement.created_at,
                                lambda s, after: sales.sale_rows(s, after_id=after, limit=READ_CHUNK,
                                                                 loaded_at=self.loaded_at))

    def load_forecasts(self) -> int:
        return self._load_by_id(DEMAND_FORECAST, DemandForecast, DemandForecast.generated_at,
                                lambda s, after: sales.forecast_rows(s, after_id=after, limit=READ_CHUNK))

    # -- supplier_performance ---------------------------------------------------------------------
    def load_scorecards(self) -> int:
        wm = self._state(SUPPLIER_PERFORMANCE.name)
        with session_scope(self.engine) as session:
            latest = _aware(scorecards.latest_change(session))
            if wm is None:
                months = scorecards.months_of_orders(session)
                if self.full:
                    self.target.clear(SUPPLIER_PERFORMANCE)
            else:
                months = scorecards.months_of_orders(session, changed_after=datetime.fromisoformat(wm["changed_after"]))
            found = scorecards.scorecard_rows(session, months=months, loaded_at=self.loaded_at)
        rows = self.target.upsert(SUPPLIER_PERFORMANCE, found)
        if wm is not None:  # months recomputed: drop suppliers that no longer have orders in them
            self.target.delete_stale(SUPPLIER_PERFORMANCE, "evaluation_period_start",
                                     [scorecards.month_bounds(m)[0] for m in months],
                                     [r["performance_record_id"] for r in found])
        # Orders changed within SETTLE of now may still have company in flight: look at them again next time.
        mark = min(latest or self.now, self.now - self.settle)
        if wm is not None:
            mark = max(mark, datetime.fromisoformat(wm["changed_after"]))
        return self._save(SUPPLIER_PERFORMANCE.name, {"changed_after": mark.isoformat()}, rows)


def _day(ts: datetime | str) -> date:
    return (ts if isinstance(ts, datetime) else datetime.fromisoformat(str(ts))).date()


def sync_warehouse(*, full: bool = False, today: date | None = None, target: Target | None = None,
                   engine: Engine | None = None, progress: Progress | None = None,
                   settle: timedelta = SETTLE) -> SyncSummary:
    """One sync run. Never raises: a failure (credentials, network, a bad row) is in `summary.error`.

    `target` defaults to the configured one (Snowflake when SNOWFLAKE_ACCOUNT is set, else embedded),
    `today` to the current UTC day (snapshots go up to the day before). Rows younger than `settle`
    are loaded again by the next run (see the module's docstring).
    """
    from .targets import target_kind

    summary = SyncSummary(target=target.kind if target else target_kind(), full=full)
    progress = progress or (lambda _f, _m: None)
    now = utcnow()
    opened = None
    try:
        if target is None:
            target = opened = open_target()
        summary.label = target.label
        progress(0.0, f"Connecting to {target.label}")
        target.ensure_tables()
        run = _Run(target, engine or get_engine(), full=full, today=today or now.date(), now=now,
                   settle=settle, progress=progress)
        for name, step, at in ((INVENTORY_HISTORY.name, run.load_history, 0.05),
                               (SALES_ANALYTICS.name, run.load_sales, 0.6),
                               (DEMAND_FORECAST.name, run.load_forecasts, 0.85),
                               (SUPPLIER_PERFORMANCE.name, run.load_scorecards, 0.9)):
            progress(at, f"Loading {name}")
            summary.rows[name] = step()
    except Exception as exc:  # noqa: BLE001 - reported on the summary (and so in job_runs and /api/health)
        log.exception("warehouse sync failed")
        summary.error = f"{type(exc).__name__}: {str(exc).strip().splitlines()[0] if str(exc).strip() else ''}"
    finally:
        if opened is not None:
            try:
                opened.close()
            except Exception:  # noqa: BLE001 - closing a broken connection must not hide the real error
                log.warning("closing the warehouse connection failed", exc_info=True)
        summary.finished_at = utcnow()
    progress(1.0, "Done" if summary.ok else "Failed")
    return summary
