"""The demo data loader: a small run checked against the invariants the app relies on."""

from __future__ import annotations

import hashlib
import re
import uuid
from collections import defaultdict
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import create_engine, insert, select, text
from sqlmodel import Session

from inventorypulse.db import make_engine
from inventorypulse.models import (
    Category,
    Customer,
    Invoice,
    InvoicePayment,
    Lot,
    Product,
    PurchaseOrder,
    SalesOrder,
    SalesOrderLine,
    StockMovement,
    User,
    Warehouse,
)
from inventorypulse.services import sales
from inventorypulse.services.auth import verify_password
from inventorypulse.services.customers import CREDIT_TERMS, TERMS_DAYS
from inventorypulse.services.demo import load_demo_data
from inventorypulse.services.invoices import billed_lines, effective_status
from inventorypulse.services.validation import to_cents
from tests.conftest import PG_ADMIN_URL, _pg_available
from tests.utils import migrate

PRODUCTS, DAYS, SEED = 60, 200, 7
TODAY = date(2026, 3, 15)
PASSWORD = "demo-password-1"
OPEN_PO = ("draft", "sent", "acknowledged", "shipped", "partially_received")


def _load(engine) -> dict:
    return load_demo_data(engine, products=PRODUCTS, days=DAYS, seed=SEED, password=PASSWORD, today=TODAY)


@pytest.fixture(scope="module", params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def demo(request, tmp_path_factory):
    """(engine, counts) of a database filled once per dialect for the whole module."""
    admin = None
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('demo') / 'demo.db'}"
    else:
        if problem := _pg_available():
            pytest.skip(f"PostgreSQL not available: {problem}")
        name = f"ip_demo_{uuid.uuid4().hex[:10]}"
        admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        url = PG_ADMIN_URL.rsplit("/", 1)[0] + f"/{name}"
    engine = make_engine(url)
    migrate(engine)
    counts = _load(engine)
    yield engine, counts
    engine.dispose()
    if admin is not None:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def rows(engine, sql: str, **params) -> list:
    with engine.connect() as conn:
        return conn.execute(text(sql), params).all()


def test_counts_describe_what_was_written(demo):
    engine, counts = demo
    for table, key in [("products", "products"), ("suppliers", "suppliers"), ("warehouses", "warehouses"),
                       ("categories", "categories"), ("customers", "customers"),
                       ("product_suppliers", "product_suppliers"), ("purchase_orders", "purchase_orders"),
                       ("purchase_order_lines", "purchase_order_lines"), ("stock_movements", "movements"),
                       ("stock_levels", "stock_levels"), ("lots", "lots"), ("sales_orders", "sales_orders"),
                       ("sales_order_lines", "sales_order_lines"), ("invoices", "invoices"),
                       ("invoice_payments", "invoice_payments")]:
        assert rows(engine, f"SELECT count(*) FROM {table}")[0][0] == counts[key], table
    assert counts["products"] == PRODUCTS and counts["categories"] == 10 and counts["suppliers"] == 15
    assert counts["warehouses"] == 3 and counts["customers"] == 40
    assert counts["movements"] == counts["opening_movements"] + counts["receipt_movements"] + counts["sales_movements"]
    assert counts["last_day"] == (TODAY - timedelta(days=1)).isoformat()


def test_refuses_a_database_that_has_products(demo):
    engine, _ = demo
    with pytest.raises(ValueError, match="empty database.*products"):
        _load(engine)


def test_refuses_other_demo_tables_with_rows_and_bad_arguments(engine):
    with engine.begin() as conn:
        conn.execute(insert(Warehouse).values(code="WH-X", name="Existing", is_default=True, is_active=True,
                                              created_at=datetime.now(UTC), updated_at=datetime.now(UTC)))
    with pytest.raises(ValueError, match="warehouses"):
        _load(engine)
    with pytest.raises(ValueError, match="at least"):
        load_demo_data(engine, products=5, days=DAYS, password=PASSWORD)
    with pytest.raises(ValueError, match="password"):
        load_demo_data(engine, products=PRODUCTS, days=DAYS, password="")


def test_demo_users_share_the_password(demo):
    engine, counts = demo
    users = {r.username: r for r in rows(engine, "SELECT * FROM users")}
    assert {u: users[u].role for u in ("manager", "staff", "viewer")} == {
        "manager": "manager", "staff": "staff", "viewer": "readonly"}
    assert counts["users_created"] == 3
    for name in ("manager", "staff", "viewer"):
        assert re.fullmatch(r"USR\d{4}", users[name].user_id)
        assert verify_password(PASSWORD, users[name].password_hash)


def test_suppliers_warehouses_customers_are_valid(demo):
    engine, _ = demo
    suppliers = rows(engine, "SELECT * FROM suppliers")
    assert len({s.email for s in suppliers}) == len(suppliers)
    for s in suppliers:
        assert re.fullmatch(r"SUP-\d{4}", s.supplier_id)
        assert re.fullmatch(r"^\+[1-9]\d{1,14}$", s.phone)
        assert re.fullmatch(r"[A-Z]{2}", s.country)
        assert 2 <= s.lead_time_days <= 30
        assert 1 <= s.rating <= 5 and 1 <= s.quality_score <= 5 and 0 <= s.on_time_delivery_rate <= 100
    assert any(s.preferred for s in suppliers)
    warehouses = rows(engine, "SELECT * FROM warehouses ORDER BY id")
    assert [w.code for w in warehouses] == ["WH-MAIN", "WH-EAST", "WH-WEST"]
    assert [bool(w.is_default) for w in warehouses] == [True, False, False]
    assert all(w.street and w.city for w in warehouses)
    for c in rows(engine, "SELECT customer_number, payment_terms FROM customers"):
        assert re.fullmatch(r"CUST-\d{4}-\d{4}", c.customer_number)
        assert c.payment_terms in TERMS_DAYS  # the customer service's vocabulary


def _ean13_ok(code: str) -> bool:
    digits = [int(c) for c in code]
    return len(digits) == 13 and sum(d * (3 if i % 2 else 1) for i, d in enumerate(digits)) % 10 == 0


def test_products_are_well_formed(demo):
    engine, _ = demo
    products = rows(engine, "SELECT p.*, c.name AS category FROM products p JOIN categories c ON c.id = p.category_id")
    assert len({p.sku for p in products}) == len({p.barcode for p in products}) == len(products)
    for p in products:
        assert re.fullmatch(r"^[A-Z0-9-]{8,20}$", p.product_id) and p.product_id.startswith("PRD-")
        assert re.fullmatch(r"^[A-Z0-9-]{6,30}$", p.sku)
        assert _ean13_ok(p.barcode)
        assert Decimal(str(p.selling_price)) >= Decimal(str(p.cost_price)) > 0
        assert p.reorder_threshold >= 1 and p.reorder_quantity >= 1
        assert p.max_stock_level is None or p.max_stock_level >= 1
        assert re.fullmatch(r"[A-H]-\d{2}-S\d-B\d", p.warehouse_location)
        lotted = p.category in ("Food & Beverage", "Health & Personal Care")
        assert bool(p.lot_tracking) == bool(p.expiration_tracking) == lotted
    with engine.connect() as conn:  # tags through the ORM type (JSON)
        for product in Session(bind=conn).scalars(select(Product)).all():
            assert 1 <= len(product.tags) <= 20 and all(len(t) <= 50 for t in product.tags)
    statuses = {p.status for p in products}
    assert "active" in statuses and statuses <= {"active", "pending", "discontinued"}


def test_each_product_has_one_primary_offer_matching_its_supplier(demo):
    engine, _ = demo
    offers = defaultdict(list)
    for o in rows(engine, "SELECT * FROM product_suppliers"):
        offers[o.product_id].append(o)
    for p in rows(engine, "SELECT id, supplier_id FROM products"):
        mine = offers[p.id]
        assert 1 <= len(mine) <= 3 and len({o.supplier_id for o in mine}) == len(mine)
        primary = [o for o in mine if o.is_primary]
        assert len(primary) == 1 and primary[0].supplier_id == p.supplier_id
        assert all(o.min_order_quantity >= 1 and o.lead_time_days >= 1 for o in mine)


def test_ledger_chains_and_totals(demo):
    engine, _ = demo
    last = {}
    previous_time = {}
    ids = set()
    for m in rows(engine, "SELECT * FROM stock_movements ORDER BY id"):
        key = (m.product_id, m.warehouse_id)
        assert re.fullmatch(r"MOV-\d{10}", m.movement_id) and m.movement_id not in ids
        ids.add(m.movement_id)
        assert m.stock_before == last.get(key, 0), m.movement_id
        assert m.stock_after == m.stock_before + m.quantity >= 0
        assert m.timestamp >= previous_time.get(key, m.timestamp)  # ids follow time
        last[key], previous_time[key] = m.stock_after, m.timestamp
    levels = rows(engine, "SELECT product_id, warehouse_id, on_hand, reserved FROM stock_levels")
    assert {(r.product_id, r.warehouse_id) for r in levels} >= set(last)
    totals = defaultdict(int)
    for r in levels:
        assert r.on_hand == last.get((r.product_id, r.warehouse_id), 0) and r.reserved == 0
        totals[r.product_id] += r.on_hand
    for p in rows(engine, "SELECT id, current_stock FROM products"):
        assert p.current_stock == totals[p.id]


def test_sales_are_shipments_of_sales_orders(demo):
    """Each sale movement is one line of an order, recorded as ship_sales_order records it."""
    engine, _ = demo
    cost = {r.id: Decimal(str(r.cost_price)) for r in rows(engine, "SELECT id, cost_price FROM products")}
    staff = rows(engine, "SELECT id FROM users WHERE username = 'staff'")[0][0]
    orders = {o.order_number: o for o in rows(engine, "SELECT * FROM sales_orders")}
    lines = {(ln.sales_order_id, ln.product_id): ln for ln in rows(engine, "SELECT * FROM sales_order_lines")}
    seen, moved = set(), defaultdict(int)
    with engine.connect() as conn:
        sold = Session(bind=conn).scalars(select(StockMovement).where(StockMovement.reason_code == "sale")).all()
    assert sold
    for m in sold:
        day = m.timestamp.astimezone(UTC).date()
        assert (m.movement_type, m.reference_type) == ("outbound", "sales_order") and m.quantity < 0
        order = orders[m.reference_id]
        line = lines[(order.id, m.product_id)]  # the movement is a line of the order it names
        assert m.timestamp == _utc(order.shipped_date) and order.status in ("shipped", "delivered", "completed")
        assert (m.product_id, day) not in seen
        seen.add((m.product_id, day))
        assert time(9) <= m.timestamp.astimezone(UTC).time() < time(19)
        assert (m.created_at, m.processed_by, m.status) == (m.timestamp, staff, "completed")
        assert m.unit_cost == cost[m.product_id]
        assert m.total_value == m.quantity * m.unit_cost  # signed, like the app's ledger
        moved[m.product_id] -= m.quantity
        assert line.quantity_shipped == line.quantity == -m.quantity
    shipped = defaultdict(int)
    for line in lines.values():
        shipped[line.product_id] += line.quantity_shipped
    assert moved == {k: v for k, v in shipped.items() if v}  # per product: movements = shipped lines
    assert max(d for _, d in seen) == TODAY - timedelta(days=1)
    assert rows(engine, "SELECT count(*) FROM stock_movements WHERE reference_id LIKE 'POS-%'")[0][0] == 0
    openings = rows(engine, "SELECT * FROM stock_movements WHERE reason_code = 'opening_balance'")
    assert openings and all(o.movement_type == "inbound" and o.reference_type == "opening_balance"
                            and o.quantity > 0 for o in openings)


def _utc(value: datetime | None) -> datetime | None:
    if isinstance(value, str):  # SQLite text through a raw query
        value = datetime.fromisoformat(value)
    return value.replace(tzinfo=UTC) if value is not None and value.tzinfo is None else value


def test_sales_orders_are_priced_like_the_service(demo):
    engine, counts = demo
    with engine.connect() as conn:
        session = Session(bind=conn)
        products = {p.id: p for p in session.scalars(select(Product))}
        customers = {c.id: c for c in session.scalars(select(Customer))}
        by_order = defaultdict(list)
        for line in session.scalars(select(SalesOrderLine).order_by(SalesOrderLine.sales_order_id,
                                                                     SalesOrderLine.line_no)):
            by_order[line.sales_order_id].append(line)
        orders = session.scalars(select(SalesOrder).order_by(SalesOrder.id)).all()
    numbers = [o.order_number for o in orders]
    assert len(orders) == counts["sales_orders"] and len(set(numbers)) == len(numbers)
    previous = None
    for o in orders:
        assert re.fullmatch(r"ORD-\d{4}-\d{6}", o.order_number) and o.order_number[4:8] == str(o.order_date.year)
        assert previous is None or _utc(o.order_date) >= previous  # ids and numbers follow the order date
        previous = _utc(o.order_date)
        assert _utc(o.order_date) <= _utc(o.updated_at) < datetime.combine(TODAY, time.min, UTC)
        assert _utc(o.order_date) >= _utc(customers[o.customer_id].created_at)
        lines = by_order[o.id]
        assert [ln.line_no for ln in lines] == list(range(1, len(lines) + 1)) and lines
        assert len({ln.product_id for ln in lines}) == len(lines)
        for ln in lines:
            assert (ln.name, ln.sku, ln.unit_price) == (products[ln.product_id].name, products[ln.product_id].sku,
                                                        products[ln.product_id].selling_price)
            assert ln.line_total == to_cents(ln.unit_price * ln.quantity) - ln.discount
        expected = SalesOrder(order_number="x", customer_id=o.customer_id, order_date=o.order_date,
                              tax_rate=o.tax_rate, shipping_cost=o.shipping_cost)
        sales.compute_totals(expected, lines)  # the service's own formula
        assert (o.subtotal, o.discount_amount, o.tax_amount, o.total_amount) == (
            expected.subtotal, expected.discount_amount, expected.tax_amount, expected.total_amount), o.order_number
        if o.status in ("shipped", "delivered", "completed"):
            assert all(ln.quantity_shipped == ln.quantity and ln.quantity_reserved == 0 for ln in lines)
            assert _utc(o.order_date) <= _utc(o.shipped_date) and o.shipped_date.date() == o.order_date.date()
            assert (o.delivered_date is None) == (o.status == "shipped")
        else:  # the last evening's open orders
            assert o.order_date.date() == TODAY - timedelta(days=1) and o.shipped_date is None
            assert all(ln.quantity_shipped == 0 for ln in lines)
            assert all(ln.quantity_reserved == (ln.quantity if o.status == "confirmed" else 0) for ln in lines)
    statuses = counts["sales_orders_by_status"]
    assert statuses["completed"] > statuses.get("delivered", 0) + statuses.get("shipped", 0) > 0
    assert statuses["confirmed"] >= 1 and statuses["pending"] >= 1
    recent = [o for o in orders if o.status in ("shipped", "delivered")]
    assert all(o.order_date.date() >= TODAY - timedelta(days=14) for o in recent)
    sequences = dict(rows(engine, "SELECT name, value FROM number_sequences"))
    for year in {n[4:8] for n in numbers}:  # services/numbering.next_number continues from these
        assert sequences[f"ORD-{year}"] == max(int(n[-6:]) for n in numbers if n[4:8] == year)


def test_reserved_stock_is_what_confirmed_lines_hold(demo):
    engine, _ = demo
    held = dict(rows(engine, "SELECT product_id, SUM(quantity_reserved) FROM sales_order_lines GROUP BY product_id"))
    products = rows(engine, "SELECT id, current_stock, reserved_stock FROM products")
    assert sum(p.reserved_stock for p in products) > 0
    for p in products:
        assert p.reserved_stock == held.get(p.id, 0) <= p.current_stock
    assert rows(engine, "SELECT SUM(reserved) FROM stock_levels")[0][0] == 0  # reservations are per product


def test_invoices_bill_shipped_orders_and_balances_reconcile(demo):
    engine, counts = demo
    with engine.connect() as conn:
        session = Session(bind=conn)
        orders = {o.id: o for o in session.scalars(select(SalesOrder))}
        customers = {c.id: c for c in session.scalars(select(Customer))}
        lines = defaultdict(list)
        for line in session.scalars(select(SalesOrderLine)):
            lines[line.sales_order_id].append(line)
        invoices = session.scalars(select(Invoice).order_by(Invoice.id)).all()
        paid = defaultdict(Decimal)
        for payment in session.scalars(select(InvoicePayment)):
            paid[payment.invoice_id] += payment.amount
    shipped = {i for i, o in orders.items() if o.status in ("shipped", "delivered", "completed")}
    assert {inv.sales_order_id for inv in invoices} == shipped and len(invoices) == len(shipped)
    owed = defaultdict(Decimal)
    statuses = defaultdict(int)
    for inv in invoices:
        order, customer = orders[inv.sales_order_id], customers[inv.customer_id]
        assert re.fullmatch(r"INV-\d{4}-\d{6}", inv.invoice_number) and inv.customer_id == order.customer_id
        billed = billed_lines(lines[order.id])  # what generate_invoice bills
        subtotal = sum((to_cents(ln["unit_price"] * ln["quantity"]) for ln in billed), Decimal("0"))
        discount = sum((ln["discount"] for ln in billed), Decimal("0"))
        tax = to_cents(order.tax_rate * (subtotal - discount))
        assert (inv.subtotal, inv.discount_amount, inv.tax_amount, inv.shipping_cost, inv.total_amount) == (
            subtotal, discount, tax, order.shipping_cost, subtotal - discount + tax + order.shipping_cost)
        assert inv.total_amount == order.total_amount
        assert inv.payment_terms == customer.payment_terms
        assert inv.due_date == inv.issued_date.date() + timedelta(days=TERMS_DAYS[customer.payment_terms])
        assert _utc(inv.issued_date) >= _utc(order.shipped_date)
        assert inv.amount_paid == paid[inv.id] <= inv.total_amount
        expected = "paid" if inv.amount_paid == inv.total_amount else "partial" if inv.amount_paid else "unpaid"
        assert inv.payment_status == expected == order.payment_status
        assert (inv.paid_date is not None) == (expected == "paid")
        if expected != "paid":
            owed[inv.customer_id] += inv.total_amount - inv.amount_paid
        statuses[effective_status(inv, TODAY)] += 1
    assert statuses == counts["invoices_by_status"]
    assert statuses["paid"] > 0.9 * len(invoices) and min(statuses.values()) >= 1  # some partial, unpaid, overdue
    for c in customers.values():  # as generate_invoice / record_payment keep it
        assert c.current_balance == owed.get(c.id, Decimal("0.00")), c.customer_number
        if c.payment_terms in CREDIT_TERMS:
            open_orders = sum((o.total_amount for o in orders.values()
                               if o.customer_id == c.id and o.status == "confirmed"), Decimal("0"))
            assert c.current_balance + open_orders <= c.credit_limit
        else:
            assert c.current_balance == 0
    sequences = dict(rows(engine, "SELECT name, value FROM number_sequences"))
    numbers = [inv.invoice_number for inv in invoices]
    for year in {n[4:8] for n in numbers}:
        assert sequences[f"INV-{year}"] == max(int(n[-6:]) for n in numbers if n[4:8] == year)


def test_the_services_carry_on_from_the_demo_orders(demo):
    """New orders and invoices get fresh numbers; an open order ships and shows its movements."""
    engine, _ = demo
    with Session(engine) as session:
        manager = session.scalars(select(User).where(User.username == "manager")).one()
        confirmed = session.scalars(select(SalesOrder).where(SalesOrder.status == "confirmed")).first()
        customer = session.get(Customer, confirmed.customer_id)
        line = session.scalars(select(SalesOrderLine).where(SalesOrderLine.sales_order_id == confirmed.id)).first()
        product = session.get(Product, line.product_id)
        new = sales.create_sales_order(session, user=manager, customer_id=customer.customer_number,
                                       items=[{"product_id": product.product_id, "quantity": 1}])
        year = new.order_date.year
        last = session.execute(text("SELECT value FROM number_sequences WHERE name = :n"),
                               {"n": f"ORD-{year}"}).scalar_one()
        assert new.order_number == f"ORD-{year}-{last:06d}"
        assert session.scalars(select(SalesOrder).where(SalesOrder.order_number == new.order_number)).all() == [new]
        shipped = sales.ship_sales_order(session, order_number=confirmed.order_number, user=manager,
                                         warehouse="WH-MAIN")
        assert shipped.order.status == "shipped"
        detail = sales.get_sales_order(session, order_number=confirmed.order_number)
        assert len(detail.movements) >= len(detail.lines)
        session.rollback()


def test_receipts_match_purchase_orders(demo):
    engine, _ = demo
    orders = {o.order_number: o for o in rows(engine, "SELECT * FROM purchase_orders")}
    lines = defaultdict(dict)
    for line in rows(engine, "SELECT * FROM purchase_order_lines"):
        lines[line.purchase_order_id][line.product_id] = line
    received = defaultdict(int)
    for m in rows(engine, "SELECT * FROM stock_movements WHERE reference_type = 'purchase_order'"):
        assert (m.movement_type, m.reason_code) == ("inbound", "purchase_receipt") and m.quantity > 0
        order = orders[m.reference_id]
        line = lines[order.id][m.product_id]
        assert Decimal(str(m.unit_cost)) == Decimal(str(line.unit_cost))
        assert m.reason_description == f"Receipt against {order.order_number} line {line.line_no}"
        received[(order.id, m.product_id)] += m.quantity
    statuses = set()
    for number, o in orders.items():
        assert re.fullmatch(r"PO-\d{4}-\d{6}", number)
        statuses.add(o.status)
        subtotal = Decimal(0)
        for line in lines[o.id].values():
            assert Decimal(str(line.line_total)) == line.quantity_ordered * Decimal(str(line.unit_cost))
            assert received[(o.id, line.product_id)] == line.quantity_received
            if o.status == "received":
                assert line.quantity_received == line.quantity_ordered
            subtotal += Decimal(str(line.line_total))
        assert Decimal(str(o.subtotal)) == subtotal
        assert Decimal(str(o.total_amount)) == subtotal + Decimal(str(o.tax_amount)) + Decimal(str(o.shipping_cost))
        complete = o.status == "received"  # like the app: set once every line is in
        assert (o.actual_delivery_date is not None) == complete == (o.received_by is not None)
    assert {"received", "draft", "cancelled", "partially_received"} <= statuses
    assert statuses & {"sent", "acknowledged", "shipped"}
    sequences = dict(rows(engine, "SELECT name, value FROM number_sequences"))
    for year in {n[3:7] for n in orders}:
        assert sequences[f"PO-{year}"] == max(int(n[-6:]) for n in orders if n[3:7] == year)


def test_lots_hold_the_on_hand_of_lot_tracked_products(demo):
    engine, _ = demo
    lotted = {r.id for r in rows(engine, "SELECT id FROM products WHERE lot_tracking")}
    assert lotted
    lot_sum = defaultdict(int)
    for lot in rows(engine, "SELECT * FROM lots"):
        assert lot.product_id in lotted and lot.quantity >= 0
        lot_sum[(lot.product_id, lot.warehouse_id)] += lot.quantity
    for level in rows(engine, "SELECT * FROM stock_levels"):
        if level.product_id in lotted:
            assert lot_sum[(level.product_id, level.warehouse_id)] == level.on_hand
    inbound = rows(engine, "SELECT * FROM stock_movements WHERE quantity > 0")
    for m in inbound:
        assert (m.lot_number is not None) == (m.product_id in lotted)
        if m.lot_number:
            assert m.expiration_date is not None
    soon = rows(engine, "SELECT count(*) FROM lots WHERE quantity > 0 AND expiry_date BETWEEN :a AND :b",
                a=TODAY, b=TODAY + timedelta(days=30))[0][0]
    assert soon >= 1


def test_some_products_are_short_without_an_open_order(demo):
    engine, counts = demo
    short = rows(engine, f"""
        SELECT p.id, p.current_stock FROM products p
        WHERE p.status = 'active' AND p.current_stock <= p.reorder_threshold
          AND NOT EXISTS (SELECT 1 FROM purchase_order_lines l JOIN purchase_orders o ON o.id = l.purchase_order_id
                          WHERE l.product_id = p.id AND o.status IN {OPEN_PO})""")
    assert 1 <= len(short) <= PRODUCTS * 0.15
    assert len(short) == counts["low_stock_without_open_po"]
    assert sum(1 for r in short if r.current_stock == 0) >= 1


def _digest(engine) -> str:
    """A hash of the main tables read through their column types (same on every dialect)."""
    queries = [
        (Product, ("product_id", "name", "sku", "barcode", "cost_price", "selling_price", "current_stock",
                   "status", "created_at")),
        (StockMovement, tuple(StockMovement.__table__.c.keys())),  # SQLite and COPY paths differ
        (PurchaseOrder, ("order_number", "status", "order_date", "actual_delivery_date", "total_amount")),
        (Lot, ("lot_number", "expiry_date", "quantity", "received_at")),
        (SalesOrder, ("order_number", "customer_id", "status", "order_date", "shipped_date", "total_amount")),
        (SalesOrderLine, ("sales_order_id", "product_id", "quantity", "quantity_reserved", "line_total")),
        (Invoice, ("invoice_number", "payment_status", "due_date", "amount_paid", "updated_at")),
        (InvoicePayment, ("invoice_id", "amount", "method", "paid_at")),
        (Customer, ("customer_number", "current_balance", "credit_limit")),
    ]
    h = hashlib.sha256()
    with engine.connect() as conn:
        for model, columns in queries:
            table = model.__table__
            for r in conn.execute(select(*(table.c[c] for c in columns)).order_by(table.c.id)):
                h.update(repr(tuple(v.astimezone(UTC) if isinstance(v, datetime) else v for v in r)).encode())
    return h.hexdigest()


def test_same_seed_gives_the_same_data_on_every_database(demo, tmp_path):
    engine, _ = demo
    fresh = make_engine(f"sqlite:///{tmp_path / 'again.db'}")
    migrate(fresh)
    _load(fresh)
    assert _digest(fresh) == _digest(engine)
    fresh.dispose()


def test_ids_continue_after_the_demo_rows(demo):
    engine, counts = demo
    with engine.connect() as conn:
        new_id = conn.execute(insert(Category).values(
            name="Scratch", is_active=True, created_at=datetime.now(UTC), updated_at=datetime.now(UTC)
        ).returning(Category.id)).scalar_one()
        conn.rollback()
    assert new_id == counts["categories"] + 1
