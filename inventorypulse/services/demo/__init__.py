"""Demo data: a believable small retail/wholesale business, generated deterministically.

How it is simulated
* catalogue.py: 10 categories, 15 suppliers, 3 warehouses, N products named from category
  word lists (brand + adjective + noun + variant), each with 1-3 supplier offers (one primary).
* demand.py: every product is a fast mover (15 %), intermittent (35 %) or slow/lumpy (50 %);
  its daily rate has a trend, weekly and yearly seasonality and short promotions. Drawn with
  numpy for all products at once, one day at a time, for `days` days ending yesterday (UTC).
* simulation.py: opening balances on day 0, then each day purchase deliveries, sales capped by
  the stock on the shelf (lost sales are not recorded), and reorders of every product whose
  on-hand + on-order is at or below its reorder point, on its supplier's ordering weekdays,
  grouped into one purchase order per supplier and destination warehouse. A failing supplier,
  forgotten reorders and discontinued items leave a few products short at the end.
* purchasing.py / lots.py: PO statuses, amounts and numbers; lots kept first-expired-first-out.
* rows.py / ledger_rows.py / writer.py: one transaction, explicit ids, indexes rebuilt after
  the load, executemany (SQLite) or COPY (PostgreSQL).

Ledger conventions: opening balances are `adjustment` movements (reason and reference type
`opening_balance`); sales are one `outbound` movement per product and day (reason `sale`);
total_value = quantity x unit_cost, negative for stock going out (as in services/ledger.py).

The same seed and the same `today` give the same data.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

import numpy as np
from sqlalchemy import Connection, Engine, func, select
from sqlmodel import Session

from ...models import (
    Category,
    Customer,
    Lot,
    NumberSequence,
    Product,
    ProductSupplier,
    PurchaseOrder,
    PurchaseOrderLine,
    StockLevel,
    StockMovement,
    Supplier,
    User,
    Warehouse,
)
from ...models.status import OPEN_PO_STATUSES
from ..auth import hash_password, next_user_id
from . import ledger_rows, rows
from .catalogue import (
    ACTIVE,
    Products,
    SupplierTable,
    at,
    category_rows,
    customer_rows,
    make_products,
    make_suppliers,
    plan_replenishment,
    warehouse_rows,
)
from .demand import DemandModel
from .ledger_rows import LedgerRows
from .lots import Lots, build_lots
from .purchasing import PurchaseOrders, finish_purchase_orders
from .simulation import (
    OPENING,
    RECEIPT,
    SALE,
    SimulationResult,
    StockSimulation,
    plan_disruptions,
)
from .vocab import CATEGORIES, USERS, WAREHOUSES
from .writer import BulkWriter

__all__ = ["load_demo_data"]

# Tables the demo fills with explicit ids: they must all be empty.
MUST_BE_EMPTY = (Product, Category, Supplier, Warehouse, Customer, PurchaseOrder, StockMovement)


@dataclass
class DemoBusiness:
    start: date
    days: int
    suppliers: SupplierTable
    products: Products
    seasonal: np.ndarray
    sim: SimulationResult
    lots: Lots
    purchase_orders: PurchaseOrders
    customers: list[dict]
    customer_sequences: dict[int, int]
    details_rng: np.random.Generator  # cosmetic product details drawn when writing


def build_business(*, products: int, days: int, seed: int, today: date) -> DemoBusiness:
    """Everything in memory; no database access. Each stage has its own random stream."""
    streams = [np.random.default_rng(s) for s in np.random.SeedSequence(seed).spawn(8)]
    start = today - timedelta(days=days)
    suppliers = make_suppliers(streams[0], start)
    catalogue = make_products(streams[1], products)
    demand = DemandModel(streams[2], catalogue, start, days)
    plan_replenishment(streams[3], catalogue, suppliers, demand.mean_daily, demand.lump)
    disruptions = plan_disruptions(streams[4], catalogue, suppliers, days)
    seasonal = demand.season_amplitude > 0.4
    sim = StockSimulation(streams[4], catalogue, suppliers, demand, disruptions, days,
                          start.weekday()).run()
    lots = build_lots(streams[5], sim.ledger, catalogue, sim.on_hand, start, days)
    pos = finish_purchase_orders(streams[6], catalogue, suppliers, sim, start, days)
    customers, customer_sequences = customer_rows(streams[0], start, days)
    return DemoBusiness(start, days, suppliers, catalogue, seasonal, sim, lots, pos, customers,
                        customer_sequences, streams[7])


def _refuse_unless_empty(conn: Connection) -> None:
    used = {m.__tablename__: conn.execute(select(func.count()).select_from(m)).scalar_one()
            for m in MUST_BE_EMPTY}
    if used["products"]:
        raise ValueError(
            f"Demo data can only be loaded into an empty database: the products table already "
            f"has {used['products']} rows."
        )
    if busy := [name for name, count in used.items() if count]:
        raise ValueError(
            "Demo data can only be loaded into an empty database: these tables already have rows: "
            + ", ".join(busy) + "."
        )


def _demo_users(conn: Connection, password_hash: str, created: datetime) -> tuple[dict[str, int], int]:
    """Ids of the manager/staff/viewer accounts, created unless those usernames exist."""
    ids, added = {}, 0
    with Session(bind=conn) as session:
        for username, role, first, last, title, department in USERS:
            user = session.scalars(select(User).where(User.username == username)).first()
            if user is None:
                user = User(
                    user_id=next_user_id(session), username=username,
                    email=f"{username}@inventorypulse.local", password_hash=password_hash,
                    role=role, first_name=first, last_name=last, display_name=f"{first} {last}",
                    job_title=title, department=department, password_changed_at=created,
                    created_at=created, updated_at=created,
                )
                session.add(user)
                session.flush()
                added += 1
            ids[username] = user.id
    return ids, added


def _write(writer: BulkWriter, biz: DemoBusiness, users: dict[str, int], seed: int) -> None:
    p, sim, pos = biz.products, biz.sim, biz.purchase_orders
    opened = at(biz.start - timedelta(days=30), 9 * 3600)
    writer.insert_dicts(Category.__table__, category_rows(opened))
    writer.insert_dicts(Supplier.__table__, [dict(r, created_by=users["manager"]) for r in biz.suppliers.rows])
    writer.insert_dicts(Warehouse.__table__, warehouse_rows(opened))
    writer.insert_dicts(Customer.__table__, biz.customers)

    product_rows = rows.product_rows(biz.details_rng, p, biz.seasonal, biz.start, seed, users["manager"])
    current = sim.on_hand.sum(axis=1)
    for row in product_rows:
        row["current_stock"] = int(current[row["id"] - 1])
    # The big tables load with their indexes (and PostgreSQL foreign keys) rebuilt afterwards.
    bulk = writer.defer_indexes_and_foreign_keys
    with bulk(Product.__table__):
        writer.insert_dicts(Product.__table__, product_rows)
    with bulk(ProductSupplier.__table__):
        writer.insert_dicts(ProductSupplier.__table__, rows.offer_rows(p, pos, biz.start))
    with bulk(PurchaseOrder.__table__):
        writer.insert_dicts(PurchaseOrder.__table__, rows.purchase_order_rows(pos, biz.start, users))
    with bulk(PurchaseOrderLine.__table__):
        writer.insert_rows(PurchaseOrderLine.__table__, rows.PO_LINE_COLUMNS, rows.purchase_order_line_rows(pos))
    with bulk(StockMovement.__table__):
        locations = np.array([row["warehouse_location"] for row in product_rows], dtype=object)
        _write_ledger(writer, LedgerRows(sim, p, pos, biz.lots, locations, biz.start, biz.days,
                                         writer.time_suffix, users))
    with bulk(StockLevel.__table__):
        writer.insert_dicts(StockLevel.__table__, rows.stock_level_rows(sim, p, datetime.now(UTC)))
    with bulk(Lot.__table__):
        writer.insert_dicts(Lot.__table__, rows.lot_rows(biz.lots, sim, biz.start))
    sequences = dict(pos.sequences)
    sequences.update({f"CUST-{year}": last for year, last in biz.customer_sequences.items()})
    writer.insert_dicts(NumberSequence.__table__, [{"name": k, "value": v} for k, v in sequences.items()])
    writer.finish()


def _write_ledger(writer: BulkWriter, ledger: LedgerRows) -> None:
    table = StockMovement.__table__
    if not writer.sqlite:  # one COPY stream
        writer.insert_rows(table, ledger_rows.COLUMNS, ledger.all_rows())
        return
    # SQLite: sales rows bind only what varies; the rest are constants in the statement.
    for block in ledger.blocks():
        if block.sales:
            writer.insert_rows(table, ledger_rows.SALE_COLUMNS, ledger.sale_rows(block),
                               constants=ledger.sale_constants, copies={"created_at": "timestamp"})
        else:
            writer.insert_rows(table, ledger_rows.COLUMNS, ledger.rows(block.lo, block.hi))


def _counts(biz: DemoBusiness, users_created: int) -> dict:
    p, sim, pos = biz.products, biz.sim, biz.purchase_orders
    kind = sim.ledger["kind"]
    current = sim.on_hand.sum(axis=1)
    status = np.array(pos.statuses, dtype=object)
    open_lines = np.isin(status[pos.lines["po"]], list(OPEN_PO_STATUSES))
    has_open_po = np.zeros(p.n, dtype=bool)
    has_open_po[pos.lines["product"][open_lines]] = True
    active = p.status == ACTIVE
    return {
        "users_created": users_created,
        "categories": len(CATEGORIES),
        "suppliers": len(biz.suppliers.rows),
        "warehouses": len(WAREHOUSES),
        "customers": len(biz.customers),
        "products": p.n,
        "product_suppliers": int(p.offers["product"].size),
        "purchase_orders": len(pos.statuses),
        "purchase_order_lines": int(pos.lines["po"].size),
        "purchase_orders_by_status": {s: int((status == s).sum()) for s in sorted(set(pos.statuses))},
        "movements": int(kind.size),
        "opening_movements": int((kind == OPENING).sum()),
        "receipt_movements": int((kind == RECEIPT).sum()),
        "sales_movements": int((kind == SALE).sum()),
        "units_sold": sim.units_sold,
        "units_lost": sim.units_lost,
        "stock_levels": int(p.n + (p.second_warehouse >= 0).sum()),
        "lots": int(biz.lots.event.size),
        "lots_expiring_30d": biz.lots.expiring_within(biz.days, 30),
        "low_stock_without_open_po": int((active & (current <= p.threshold) & ~has_open_po).sum()),
        "out_of_stock": int((active & (current == 0)).sum()),
        "first_day": biz.start.isoformat(),
        "last_day": (biz.start + timedelta(days=biz.days - 1)).isoformat(),
    }


def load_demo_data(engine: Engine, *, products: int = 300, days: int = 730, seed: int = 42,
                   password: str, today: date | None = None) -> dict:
    """Fill an empty, migrated database with a simulated business; return row counts.

    Raises ValueError if the database already holds products (or other demo tables have rows).
    `today` defaults to the current UTC date; sales history ends the day before.
    """
    if products < 10 or days < 60:
        raise ValueError("Demo data needs at least 10 products and 60 days.")
    if not password:
        raise ValueError("A password for the demo users is required.")
    with engine.connect() as conn:
        _refuse_unless_empty(conn)
    today = today or datetime.now(UTC).date()
    biz = build_business(products=products, days=days, seed=seed, today=today)
    password_hash = hash_password(password)  # once: bcrypt is slow on purpose
    with engine.begin() as conn:
        _refuse_unless_empty(conn)
        users, users_created = _demo_users(conn, password_hash, at(biz.start - timedelta(days=60), 9 * 3600))
        writer = BulkWriter(conn)
        with writer.tuned_for_bulk_load():
            _write(writer, biz, users, seed)
    if engine.dialect.name == "sqlite":  # hand the big write-ahead log back to the file system
        with engine.connect() as conn:
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    return _counts(biz, users_created)
