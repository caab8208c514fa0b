"""Global search: products, suppliers and purchase orders matching one text."""

from datetime import UTC, datetime
from decimal import Decimal

import pytest
from sqlmodel import Session

from inventorypulse.models import PurchaseOrder
from inventorypulse.services.errors import ValidationFailed
from inventorypulse.services.search import search_everything
from tests.factories import make_product, make_supplier


@pytest.fixture
def session(any_db):
    with Session(any_db) as s:
        yield s


def _order(session, number, supplier, day):
    session.add(PurchaseOrder(order_number=number, supplier_id=supplier.id, status="sent", order_date=day,
                              expected_delivery_date=day, total_amount=Decimal("10.00")))
    session.flush()


def test_finds_each_kind_by_its_codes_and_names(session):
    acme = make_supplier(session, company_name="Acme Tapes Ltd")
    other = make_supplier(session, company_name="Borealis Paper")
    tape = make_product(session, name="Masking Tape 2 in", sku="TAPE-000777")
    make_product(session, name="Copy Paper", sku="PAPR-000001")
    _order(session, "PO-2026-000101", acme, datetime(2026, 1, 5, tzinfo=UTC))
    _order(session, "PO-2026-000102", other, datetime(2026, 1, 6, tzinfo=UTC))

    by_sku = search_everything(session, query="tape-000777")
    assert [p.product_id for p, _ in by_sku.products] == [tape.product_id] and by_sku.product_total == 1

    by_word = search_everything(session, query="tape")
    assert [s.supplier_id for s in by_word.suppliers] == [acme.supplier_id]
    # Orders match their supplier's name too.
    assert [po.order_number for po, _ in by_word.purchase_orders] == ["PO-2026-000101"]

    by_number = search_everything(session, query="PO-2026-00010")
    assert [po.order_number for po, _ in by_number.purchase_orders] == ["PO-2026-000102", "PO-2026-000101"]
    assert by_number.purchase_order_total == 2
    # The exact number comes first, whatever its date.
    exact = search_everything(session, query="po-2026-000101")
    assert exact.purchase_orders[0][0].order_number == "PO-2026-000101" and not exact.products


def test_refuses_a_too_short_query(session):
    with pytest.raises(ValidationFailed) as caught:
        search_everything(session, query=" a ")
    assert caught.value.field_errors() == {"q": "type at least 2 characters"}
