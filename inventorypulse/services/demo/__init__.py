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
* sales.py / invoicing.py: each day's sales dealt out to customers' sales orders, shipped the
  same day; invoices and payments of the shipped orders, customer balances; a few open orders
  (confirmed ones reserve stock). Numbers continue through services/numbering.py's counters.
* rows.py / ledger_rows.py / sales_rows.py / writer.py: one transaction, explicit ids, indexes
  rebuilt after the load, executemany (SQLite) or COPY (PostgreSQL). counts.py: what was written.

Ledger conventions: opening balances are `adjustment` movements (reason and reference type
`opening_balance`); sales are one `outbound` movement per product and day (reason `sale`,
reference type `sales_order`, reference id the order number: each is one line of an order);
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
    Invoice,
    InvoicePayment,
    Lot,
    NumberSequence,
    Product,
    ProductSupplier,
    PurchaseOrder,
    PurchaseOrderLine,
    SalesOrder,
    SalesOrderLine,
    StockLevel,
    StockMovement,
    Supplier,
    User,
    Warehouse,
)
from ..auth import hash_password, next_user_id
from . import ledger_rows, rows, sales_rows
from .catalogue import (
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
from .counts import counts
from .demand import DemandModel
from .invoicing import Invoices, issue_invoices
from .ledger_rows import Clock, LedgerRows
from .lots import Lots, build_lots
from .purchasing import PurchaseOrders, finish_purchase_orders
from .sales import Customers, SalesBook, build_sales
from .simulation import SimulationResult, StockSimulation, plan_disruptions
from .vocab import USERS
from .writer import BulkWriter

__all__ = ["load_demo_data"]

# Tables the demo fills with explicit ids: they must all be empty.
MUST_BE_EMPTY = (Product, Category, Supplier, Warehouse, Customer, PurchaseOrder, StockMovement, SalesOrder,
                 Invoice)


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
    sales: SalesBook
    invoices: Invoices
    details_rng: np.random.Generator  # cosmetic product details drawn when writing


def build_business(*, products: int, days: int, seed: int, today: date) -> DemoBusiness:
    """Everything in memory; no database access. Each stage has its own random stream."""
    streams = [np.random.default_rng(s) for s in np.random.SeedSequence(seed).spawn(10)]
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
    buyers = Customers.from_rows(streams[8], customers, start)
    sales = build_sales(streams[8], sim, catalogue, buyers, start, days)
    invoices = issue_invoices(streams[9], sales, buyers, start, days)
    for i, row in enumerate(customers):  # what services/invoices.py would have left on the account
        row["current_balance"] = invoices.balance_cents[i] / 100
        row["credit_limit"] = max(row["credit_limit"], float(invoices.credit_limit[i]))
    return DemoBusiness(start, days, suppliers, catalogue, seasonal, sim, lots, pos, customers,
                        customer_sequences, sales, invoices, streams[7])


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
        row["reserved_stock"] = int(biz.sales.reserved[row["id"] - 1])
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
    clock = Clock(biz.start, biz.days, writer.time_suffix)
    _write_sales(writer, biz, product_rows, clock, users)
    with bulk(StockMovement.__table__):
        locations = np.array([row["warehouse_location"] for row in product_rows], dtype=object)
        references = biz.sales.reference_of_rows(len(sim.ledger["kind"]))
        _write_ledger(writer, LedgerRows(sim, p, pos, biz.lots, locations, biz.start, clock, references, users))
    with bulk(StockLevel.__table__):
        writer.insert_dicts(StockLevel.__table__, rows.stock_level_rows(sim, p, datetime.now(UTC)))
    with bulk(Lot.__table__):
        writer.insert_dicts(Lot.__table__, rows.lot_rows(biz.lots, sim, biz.start))
    sequences = dict(pos.sequences)
    sequences.update({f"CUST-{year}": last for year, last in biz.customer_sequences.items()})
    sequences.update(biz.sales.sequences | biz.invoices.sequences)
    writer.insert_dicts(NumberSequence.__table__, [{"name": k, "value": v} for k, v in sequences.items()])
    writer.finish()


def _write_sales(writer: BulkWriter, biz: DemoBusiness, product_rows: list[dict], clock: Clock,
                 users: dict[str, int]) -> None:
    names = np.array([row["name"] for row in product_rows], dtype=object)
    skus = np.array([row["sku"] for row in product_rows], dtype=object)
    book, invoices = biz.sales, biz.invoices
    for table, batch in (
        (SalesOrder.__table__, sales_rows.order_rows(book, invoices, biz.customers, clock, users)),
        (SalesOrderLine.__table__, sales_rows.line_rows(book, names, skus)),
        (Invoice.__table__, sales_rows.invoice_rows(book, invoices, biz.customers, clock, biz.start, biz.days, users)),
        (InvoicePayment.__table__, sales_rows.payment_rows(invoices, clock, users)),
    ):
        with writer.defer_indexes_and_foreign_keys(table):
            writer.insert_rows(table, batch.columns, batch.rows, constants=batch.constants, copies=batch.copies)


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
    return counts(biz, users_created)
