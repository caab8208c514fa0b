"""End-to-end benchmark of the nightly forecast + replenishment run on demo data.

    python bench/replenishment_bench.py                         # 10,000 products × 730 days, 3 runs
    python bench/replenishment_bench.py --products 1000 --runs 5
    python bench/replenishment_bench.py --products 100000 --days 90 --refresh-only

A throwaway SQLite database is filled once with `python -m inventorypulse demo` (kept under /tmp
and reused by later runs with the same size), then each run calls, in one transaction as the
nightly job does, services.forecasts.generate_forecasts (ledger read with GROUP BY product, day;
the engine on 2 worker processes; bulk replace of demand_forecasts) and
services.replenishment.refresh_plans (bulk reads, numpy, bulk replace of replenishment_plans),
and rolls back so every run starts from the same data. Prints each phase and the median.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import func, select  # noqa: E402
from sqlmodel import Session  # noqa: E402

from inventorypulse.db import make_engine  # noqa: E402
from inventorypulse.models import ReplenishmentPlan  # noqa: E402
from inventorypulse.models.base import utcnow  # noqa: E402
from inventorypulse.services import forecasts, replenishment  # noqa: E402


def demo_database(products: int, days: int, directory: Path) -> str:
    path = directory / f"ip-bench-{products}x{days}.db"
    url = f"sqlite:///{path}"
    if not path.exists():
        print(f"loading demo data into {path} ...", flush=True)
        t0 = time.perf_counter()
        subprocess.run([sys.executable, "-m", "inventorypulse", "demo", "--products", str(products), "--days",
                        str(days)], cwd=ROOT, env=os.environ | {"DATABASE_URL": url}, check=True)
        print(f"demo data loaded in {time.perf_counter() - t0:.1f} s")
    return url


def run_once(url: str, *, refresh_only: bool, workers: int) -> dict[str, float]:
    engine = make_engine(url)
    today = utcnow().date()
    out: dict[str, float] = {}
    with Session(engine) as session:
        t0 = time.perf_counter()
        if not refresh_only:
            summary = forecasts.generate_forecasts(session, today=today, workers=workers)
            out |= {"read": summary.read_seconds, "forecast": summary.forecast_seconds,
                    "store": summary.store_seconds, "forecasts": summary.seconds}
            out["products"] = summary.products
        t1 = time.perf_counter()
        out["plan_rows"] = replenishment.refresh_plans(session, today=today)
        t2 = time.perf_counter()
        session.flush()
        out |= {"refresh": t2 - t1, "total": t2 - t0}
        soon = select(func.count()).where(ReplenishmentPlan.stockout_date <= today + timedelta(days=14))
        out["stockouts_14d"] = session.execute(soon).scalar_one()
        session.rollback()
    engine.dispose()
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--products", type=int, default=10_000)
    parser.add_argument("--days", type=int, default=730)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--refresh-only", action="store_true", help="time refresh_plans alone (no forecasts: "
                                                                   "every plan falls back to recent sales)")
    parser.add_argument("--dir", type=Path, default=Path("/tmp"))
    args = parser.parse_args()
    url = demo_database(args.products, args.days, args.dir)
    runs = []
    for i in range(args.runs):
        r = run_once(url, refresh_only=args.refresh_only, workers=args.workers)
        runs.append(r)
        phases = "  ".join(f"{k} {v:.1f} s" for k, v in r.items() if k in
                           ("read", "forecast", "store", "forecasts", "refresh", "total"))
        print(f"run {i + 1}: {phases}  ({r['plan_rows']:,} plan rows, {r['stockouts_14d']:,} stock out within "
              f"14 days)", flush=True)
    keys = [k for k in ("read", "forecast", "store", "forecasts", "refresh", "total") if k in runs[0]]
    median = "  ".join(f"{k} {statistics.median(r[k] for r in runs):.1f} s" for k in keys)
    print(f"median of {len(runs)} ({args.products:,} products × {args.days} days, {args.workers} workers): {median}")


if __name__ == "__main__":
    main()
