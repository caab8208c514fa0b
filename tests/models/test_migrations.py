"""One Alembic history that builds exactly the schema the models describe, on SQLite and PostgreSQL."""

from datetime import UTC, datetime
from decimal import Decimal

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, SQLModel

import inventorypulse.models as m
from tests.utils import alembic_config


def _diff(engine):
    with engine.connect() as conn:
        ctx = MigrationContext.configure(conn, opts={"compare_type": True})
        return compare_metadata(ctx, SQLModel.metadata)


def test_migrated_schema_matches_models(any_engine):
    assert _diff(any_engine) == []
    tables = set(inspect(any_engine).get_table_names())
    assert set(SQLModel.metadata.tables) <= tables


def test_downgrade_to_base_and_back(any_engine):
    with any_engine.begin() as conn:
        command.downgrade(alembic_config(conn), "base")
    assert set(inspect(any_engine).get_table_names()) <= {"alembic_version"}
    with any_engine.begin() as conn:
        command.upgrade(alembic_config(conn), "head")
    assert _diff(any_engine) == []


def _catalogue(session: Session) -> tuple[m.Category, m.Warehouse]:
    category = m.Category(name="Tools")
    warehouse = m.Warehouse(code="WH-MAIN", name="Main")
    session.add_all([category, warehouse])
    session.flush()
    return category, warehouse


def _product(category, **kw) -> m.Product:
    base = dict(product_id="PRD-000001", name="Hammer", category_id=category.id, sku="TOOL-0001",
                cost_price=Decimal("5.00"), selling_price=Decimal("9.99"))
    return m.Product(**(base | kw))


@pytest.mark.parametrize(
    "overrides",
    [
        {"selling_price": Decimal("4.00")},  # selling below cost
        {"cost_price": Decimal("-1.00"), "selling_price": Decimal("1.00")},
        {"reorder_threshold": 0},
        {"current_stock": -1},
        {"current_stock": 2, "reserved_stock": 3},
    ],
)
def test_product_check_constraints(any_engine, overrides):
    with Session(any_engine) as session:
        category, _ = _catalogue(session)
        session.add(_product(category, **overrides))
        with pytest.raises(IntegrityError):
            session.flush()


def test_unique_business_keys(any_engine):
    with Session(any_engine) as session:
        category, _ = _catalogue(session)
        session.add(_product(category))
        session.flush()
        session.add(_product(category, product_id="PRD-000002"))  # same SKU
        with pytest.raises(IntegrityError):
            session.flush()


def test_ledger_row_must_be_arithmetically_consistent(any_engine):
    with Session(any_engine) as session:
        category, warehouse = _catalogue(session)
        product = _product(category)
        session.add(product)
        session.flush()
        now = datetime.now(UTC)
        ok = m.StockMovement(movement_id="MOV-1", product_id=product.id, warehouse_id=warehouse.id,
                             movement_type="inbound", quantity=5, stock_before=0, stock_after=5, timestamp=now)
        session.add(ok)
        session.flush()
        session.add(m.StockMovement(movement_id="MOV-2", product_id=product.id, warehouse_id=warehouse.id,
                                    movement_type="outbound", quantity=-7, stock_before=5, stock_after=-2,
                                    timestamp=now))
        with pytest.raises(IntegrityError):
            session.flush()
        session.rollback()


def test_foreign_keys_enforced(any_engine):
    with Session(any_engine) as session:
        session.add(m.StockLevel(product_id=999, warehouse_id=999, on_hand=1))
        with pytest.raises(IntegrityError):
            session.flush()
