"""Alert engine benchmark: one scan over a large demo catalogue, on SQLite and PostgreSQL.

    python bench/alert_bench.py                      # both databases, 100,000 products, 60 days
    python bench/alert_bench.py --db sqlite --products 20000

Each database is throwaway: a SQLite file under /tmp, or a fresh PostgreSQL database on
BENCH_POSTGRES_SERVER (dropped afterwards). It is filled with `python -m inventorypulse demo`, then
replenishment plans are computed (services.replenishment.refresh_plans) so the two plan-based rules
have work. Reported, median of --repeat runs, each its own committed transaction:
  cold    no alert open yet: every rule raises its alerts (the first scan of the day after a reset)
  steady  nothing changed since the last scan: every rule re-checks, nothing is written
  churn   1% of products changed stock since the last scan: refresh / raise / resolve a few
  resolve the auto-resolve job over the open alerts
Target (issue 5): a scan over 100k products in at most 2 s. On a shared machine the best run shows
what the scan costs without interference; the median is the figure to report.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("SCHEDULER_ENABLED", "false")

from sqlalchemy import create_engine, delete, func, select, text, update  # noqa: E402

PG_SERVER = os.environ.get("BENCH_POSTGRES_SERVER", "postgresql+psycopg://postgres@127.0.0.1:5432")


def build(url: str, products: int, days: int) -> None:
    env = os.environ | {"DATABASE_URL": url, "INVENTORYPULSE_ADMIN_PASSWORD": "bench-pass-123"}
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "inventorypulse", "demo", "--products", str(products), "--days", str(days)],
                   cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)
    print(f"  demo database built in {time.perf_counter() - started:.0f}s", flush=True)


def plan(engine) -> str:
    from inventorypulse.db import session_scope
    from inventorypulse.models import ReplenishmentPlan
    from inventorypulse.services.replenishment import refresh_plans

    started = time.perf_counter()
    with session_scope(engine) as session:
        refresh_plans(session)
        rows = session.execute(select(func.count()).select_from(ReplenishmentPlan)).scalar_one()
    if engine.dialect.name == "postgresql":
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.exec_driver_sql("VACUUM ANALYZE")
    return f"{rows:,} replenishment plans computed in {time.perf_counter() - started:.0f}s"


def timed(engine, work) -> tuple[float, object]:
    from inventorypulse.db import session_scope

    started = time.perf_counter()
    with session_scope(engine) as session:
        result = work(session)
    return time.perf_counter() - started, result


def churn(engine, share: float = 0.01) -> None:
    """Move the stock of `share` of the products (untimed), as a day of sales and receipts would."""
    from inventorypulse.models import Product

    step = max(1, round(1 / share))
    with engine.begin() as conn:
        conn.execute(update(Product).where(Product.id % step == int(time.time()) % step)
                     .values(current_stock=(Product.current_stock + Product.reorder_threshold) % 997,
                             reserved_stock=0))


def measure(engine, repeat: int) -> dict[str, list[float]]:
    from inventorypulse.models import Alert, AuditLog
    from inventorypulse.services import alerts

    out: dict[str, list[float]] = {"cold": [], "steady": [], "churn": [], "resolve": []}
    raised = 0
    for _ in range(repeat):
        with engine.begin() as conn:
            conn.execute(delete(Alert))
            conn.execute(delete(AuditLog).where(AuditLog.entity_type == "alert_scan"))
        seconds, result = timed(engine, alerts.scan_alerts)
        out["cold"].append(seconds)
        raised = result.raised
        out["steady"].append(timed(engine, alerts.scan_alerts)[0])
        churn(engine)
        out["churn"].append(timed(engine, alerts.scan_alerts)[0])
        out["resolve"].append(timed(engine, alerts.auto_resolve_alerts)[0])
    print(f"  a cold scan raised {raised:,} alerts: {result.summary()}")
    return out


def run(kind: str, products: int, days: int, repeat: int) -> dict[str, float]:
    print(f"{kind}: {products:,} products, {days} days of history", flush=True)
    name = f"ip_alert_bench_{uuid.uuid4().hex[:8]}"
    tmp = Path(tempfile.mkdtemp(prefix="ip-alert-bench-"))
    if kind == "sqlite":
        url = f"sqlite:///{tmp / (name + '.db')}"
    else:
        admin = create_engine(f"{PG_SERVER}/postgres", isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        url = f"{PG_SERVER}/{name}"
    try:
        build(url, products, days)
        from inventorypulse.db import make_engine

        engine = make_engine(url)
        print(f"  {plan(engine)}", flush=True)
        times = measure(engine, repeat)
        engine.dispose()
    finally:
        if kind == "postgres":
            with admin.connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            admin.dispose()
        for f in tmp.glob("*"):
            f.unlink()
        tmp.rmdir()
    medians = {k: statistics.median(v) for k, v in times.items()}
    for k, v in times.items():
        print(f"  {k:<8} median {medians[k]:.3f}s  best {min(v):.3f}s  (runs: {', '.join(f'{x:.3f}' for x in v)})",
              flush=True)
    return medians


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--db", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--products", type=int, default=100_000)
    parser.add_argument("--days", type=int, default=60)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    kinds = ["sqlite", "postgres"] if args.db == "both" else [args.db]
    results = {kind: run(kind, args.products, args.days, args.repeat) for kind in kinds}
    print(f"\nmedian of {args.repeat} (seconds) | " + " | ".join(results[kinds[0]]))
    for kind, medians in results.items():
        print(f"{kind:<8} | " + " | ".join(f"{v:.3f}" for v in medians.values()))


if __name__ == "__main__":
    main()
