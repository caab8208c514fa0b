"""API and ledger benchmark on a large demo catalogue (SQLite or PostgreSQL).

    python bench/api_bench.py --db sqlite --products 100000
    python bench/api_bench.py --db postgres --products 100000

Prints p50/p95 latency of product list pages (plain, searched, filtered) and product detail through
the REST API (in-process ASGI client, so no network), and sustained stock movements per second
through the service layer and through the API. The demo database is built once and reused.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("SCHEDULER_ENABLED", "false")
os.environ.setdefault("BCRYPT_ROUNDS", "4")

from sqlalchemy import create_engine, text  # noqa: E402
from sqlmodel import func, select  # noqa: E402

PG_SERVER = os.environ.get("BENCH_POSTGRES_SERVER", "postgresql+psycopg://postgres@127.0.0.1:5432")
PASSWORD = "bench-pass-123"


def database_url(kind: str, products: int, days: int) -> str:
    name = f"ip_bench_{products}_{days}"
    if kind == "sqlite":
        return f"sqlite:///{ROOT / 'data' / (name + '.db')}"
    admin = create_engine(f"{PG_SERVER}/test", isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        if not conn.execute(text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name}).first():
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return f"{PG_SERVER}/{name}"


def prepare(url: str, products: int, days: int) -> None:
    from inventorypulse.__main__ import migrate, vacuum_if_postgres
    from inventorypulse.db import get_engine, session_scope
    from inventorypulse.models import Product
    from inventorypulse.services.auth import ensure_admin
    from inventorypulse.services.demo import load_demo_data

    migrate()
    with session_scope() as session:
        count = session.exec(select(func.count()).select_from(Product)).one()
        ensure_admin(session, username="bench", password=PASSWORD)
    if count == 0:
        started = time.perf_counter()
        load_demo_data(get_engine(), products=products, days=days, seed=1, password=PASSWORD)
        vacuum_if_postgres()
        print(f"demo data: {products:,} products × {days} days in {time.perf_counter() - started:.0f}s")


def percentiles(samples: list[float]) -> str:
    ordered = sorted(samples)
    p95 = ordered[int(len(ordered) * 0.95) - 1]
    return f"p50 {statistics.median(ordered):7.1f} ms   p95 {p95:7.1f} ms   (n={len(ordered)})"


def timed(fn, n: int) -> list[float]:
    out = []
    for _ in range(n):
        start = time.perf_counter()
        fn()
        out.append((time.perf_counter() - start) * 1000)
    return out


def bench_reads(client, headers, n: int) -> None:
    rng = random.Random(7)
    first = client.get("/api/products", params={"limit": 50}, headers=headers).json()
    pages = first["pagination"]["total_pages"]
    ids = [p["product_id"] for p in first["products"]]
    categories = sorted({p["category"] for p in first["products"]})
    words = [p["name"].split()[0] for p in first["products"]]

    def call(params):
        resp = client.get("/api/products", params=params, headers=headers)
        assert resp.status_code == 200, resp.text

    scenarios = {
        "list page (limit 50)": lambda: call({"page": rng.randint(1, pages), "limit": 50}),
        "list + search": lambda: call({"search": rng.choice(words), "limit": 50}),
        "list + category + low_stock": lambda: call({"category": rng.choice(categories), "low_stock": "true",
                                                     "limit": 50}),
        "list sorted by stock desc": lambda: call({"sort": "current_stock", "order": "desc",
                                                   "page": rng.randint(1, 50), "limit": 50}),
        "product detail": lambda: client.get(f"/api/products/{rng.choice(ids)}", headers=headers),
    }
    for name, fn in scenarios.items():
        fn()  # warm caches
        print(f"  {name:30s} {percentiles(timed(fn, n))}")


def bench_movements_service(threads: int, count: int, batch: int = 1) -> float:
    """Movements per second, each transaction carrying `batch` movements."""
    from inventorypulse.db import session_scope
    from inventorypulse.models import Product, StockLevel, User, Warehouse
    from inventorypulse.services import ledger

    with session_scope() as session:
        user = session.exec(select(User).where(User.username == "bench")).one()
        # Products with plenty of stock, each in the warehouse that holds it.
        ids = session.exec(
            select(Product.product_id, Warehouse.code).join(StockLevel, StockLevel.product_id == Product.id)
            .join(Warehouse, Warehouse.id == StockLevel.warehouse_id)
            .where(StockLevel.on_hand > 200, Product.lot_tracking.is_(False), Product.expiration_tracking.is_(False))
            .limit(500)
        ).all()
    rng = random.Random(threads)
    lock = threading.Lock()

    def work(i: int) -> None:
        with lock:
            chosen = [rng.choice(ids) for _ in range(batch)]
        specs = [ledger.MovementSpec(product_id=pid, warehouse=wh, quantity=1,
                                     movement_type="inbound" if (i + n) % 2 else "outbound")
                 for n, (pid, wh) in enumerate(chosen)]
        with session_scope() as session:
            ledger.record_movements(session, specs=specs, user=user)

    transactions = max(1, count // batch)
    start = time.perf_counter()
    with ThreadPoolExecutor(threads) as pool:
        list(pool.map(work, range(transactions)))
    return transactions * batch / (time.perf_counter() - start)


def bench_movements_api(client, headers, threads: int, count: int) -> float:
    ids = []
    for p in client.get("/api/products", params={"limit": 100, "sort": "current_stock", "order": "desc",
                                                   "category": "Office Supplies"},
                        headers=headers).json()["products"]:
        detail = client.get(f"/api/products/{p['product_id']}", headers=headers).json()
        home = max(detail["warehouses"], key=lambda w: w["on_hand"])
        ids.append((p["product_id"], home["code"]))

    def work(i: int) -> None:
        pid, wh = ids[i % len(ids)]
        body = {"product_id": pid, "warehouse": wh, "movement_type": "inbound" if i % 2 else "outbound",
                "quantity": 1}
        resp = client.post("/api/stock-movements", json=body, headers=headers)
        assert resp.status_code == 201, resp.text

    start = time.perf_counter()
    with ThreadPoolExecutor(threads) as pool:
        list(pool.map(work, range(count)))
    return count / (time.perf_counter() - start)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--products", type=int, default=100_000)
    parser.add_argument("--days", type=int, default=60)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--movements", type=int, default=2000)
    args = parser.parse_args()

    os.environ["DATABASE_URL"] = database_url(args.db, args.products, args.days)
    from fastapi.testclient import TestClient

    from inventorypulse.api.app import create_api

    prepare(os.environ["DATABASE_URL"], args.products, args.days)
    client = TestClient(create_api())
    client.__enter__()  # one event loop for all requests, as a server has
    token = client.post("/api/auth/login", json={"username": "bench", "password": PASSWORD}).json()["access_token"]
    headers = {"Authorization": f"Bearer {token}"}

    print(f"\n{args.db}: {args.products:,} products — REST API latency (in-process client)")
    bench_reads(client, headers, args.requests)
    print(f"\n{args.db}: stock movements per second")
    for threads in (1, 4, 8):
        rate = bench_movements_service(threads, args.movements)
        print(f"  service layer, one per transaction, {threads} thread(s): {rate:8.0f} movements/s")
    for threads in (1, 4):
        rate = bench_movements_service(threads, args.movements * 5, batch=100)
        print(f"  service layer, batches of 100,      {threads} thread(s): {rate:8.0f} movements/s")
    for threads in (1, 8):
        rate = bench_movements_api(client, headers, threads, args.movements // 2)
        print(f"  REST API, one per request,          {threads} thread(s): {rate:8.0f} movements/s")


if __name__ == "__main__":
    main()
