"""Invoices: raised from shipped orders, due date from payment terms, payments, overdue by due date."""

from datetime import date, timedelta
from decimal import Decimal

import pytest

from inventorypulse.db import session_scope
from inventorypulse.models import Customer, SalesOrder
from inventorypulse.services import customers, invoices, sales
from inventorypulse.services.errors import Conflict, InvalidTransition, PermissionDenied, ValidationFailed
from tests.factories import make_product, make_user, make_warehouse
from tests.services.sales_helpers import customer, order, stock_in


@pytest.fixture
def shipped(db):
    """A Net30 customer's order of 3 × 20.00 + 8% tax + 5.00 shipping, shipped in full."""
    with session_scope() as s:
        make_warehouse(s, "WH-MAIN")
        manager, staff = make_user(s, "manager"), make_user(s, "staff")
        product = make_product(s, selling_price=Decimal("20.00"))
        stock_in(s, manager, product, 10)
        cust = customer(s, manager, payment_terms="Net30", credit_limit="1000")
        number = order(s, staff, cust, (product, 3), tax_rate="0.08", shipping_cost="5.00").order_number
        sales.transition_sales_order(s, order_number=number, status="confirmed", user=staff)
        sales.ship_sales_order(s, order_number=number, user=staff)
    return {"manager": manager, "staff": staff, "product": product, "cust": cust, "order": number}


def test_invoice_bills_the_shipped_order_with_due_date_from_terms(shipped):
    with session_scope() as s:
        inv = invoices.generate_invoice(s, order_number=shipped["order"], user=shipped["manager"])
        assert inv.invoice_number.startswith("INV-") and len(inv.invoice_number) == len("INV-2026-000001")
        assert (inv.subtotal, inv.tax_amount, inv.shipping_cost, inv.total_amount) == (
            Decimal("60.00"), Decimal("4.80"), Decimal("5.00"), Decimal("69.80"))
        assert inv.due_date == inv.issued_date.date() + timedelta(days=30)
        assert inv.payment_terms == "Net30" and inv.payment_status == "unpaid"
        assert s.get(Customer, shipped["cust"].id).current_balance == Decimal("69.80")
        with pytest.raises(Conflict):
            invoices.generate_invoice(s, order_number=shipped["order"], user=shipped["manager"])


def test_unshipped_orders_and_staff_cannot_be_invoiced(shipped):
    with session_scope() as s:
        pending = order(s, shipped["staff"], shipped["cust"], (shipped["product"], 1)).order_number
        with pytest.raises(InvalidTransition):
            invoices.generate_invoice(s, order_number=pending, user=shipped["manager"])
        with pytest.raises(PermissionDenied):
            invoices.generate_invoice(s, order_number=shipped["order"], user=shipped["staff"])


def test_returned_units_are_not_billed(shipped):
    with session_scope() as s:
        sales.return_sales_order(s, order_number=shipped["order"], user=shipped["staff"],
                                 items=[{"line_no": 1, "quantity": 1}])
        inv = invoices.generate_invoice(s, order_number=shipped["order"], user=shipped["manager"])
        assert (inv.subtotal, inv.total_amount) == (Decimal("40.00"), Decimal("48.20"))


def test_payments_move_status_and_balance(shipped):
    with session_scope() as s:
        number = invoices.generate_invoice(s, order_number=shipped["order"], user=shipped["manager"]).invoice_number
    with session_scope() as s:
        for amount, method, field in (("0", "cash", "amount"), ("-5", "cash", "amount"), ("1.001", "cash", "amount"),
                                      ("10", "barter", "method"), ("100.00", "cash", "amount")):
            with pytest.raises(ValidationFailed) as err:
                invoices.record_payment(s, invoice_number=number, user=shipped["manager"], amount=amount,
                                        method=method)
            assert field in err.value.field_errors()
        inv = invoices.record_payment(s, invoice_number=number, user=shipped["manager"], amount="30.00",
                                      method="card")
        assert (inv.payment_status, inv.amount_paid, inv.paid_date) == ("partial", Decimal("30.00"), None)
        assert s.get(SalesOrder, inv.sales_order_id).payment_status == "partial"
        inv = invoices.record_payment(s, invoice_number=number, user=shipped["manager"], amount="39.80",
                                      method="bank_transfer", reference="TX-1")
        assert inv.payment_status == "paid" and inv.paid_date is not None
        assert s.get(Customer, shipped["cust"].id).current_balance == 0
        with pytest.raises(Conflict):
            invoices.record_payment(s, invoice_number=number, user=shipped["manager"], amount="1", method="cash")
        detail = invoices.get_invoice(s, invoice_number=number)
        assert [p.amount for p in detail.payments] == [Decimal("30.00"), Decimal("39.80")]
        assert detail.balance_due == 0 and detail.lines[0]["quantity"] == 3


def test_overdue_is_derived_from_the_due_date(shipped):
    with session_scope() as s:
        inv = invoices.generate_invoice(s, order_number=shipped["order"], user=shipped["manager"])
        number, due = inv.invoice_number, inv.due_date
    with session_scope() as s:
        assert invoices.effective_status(invoices.find_invoice(s, number), due) == "unpaid"
        later = due + timedelta(days=1)
        assert invoices.effective_status(invoices.find_invoice(s, number), later) == "overdue"
        assert [i.invoice_number for i, _ in invoices.list_invoices(s, status="overdue", today=later).items] == [
            number]
        assert invoices.list_invoices(s, status="unpaid", today=later).total == 0
        assert invoices.list_invoices(s, status="unpaid", today=date.today()).total == 1
        invoices.record_payment(s, invoice_number=number, user=shipped["manager"], amount="69.80", method="cash")
        assert invoices.effective_status(invoices.find_invoice(s, number), later) == "paid"
        with pytest.raises(ValidationFailed) as err:
            invoices.list_invoices(s, status="lost")
        assert "status" in err.value.field_errors()


def test_counts_by_status_match_the_filtered_lists(shipped):
    with session_scope() as s:
        first = invoices.generate_invoice(s, order_number=shipped["order"], user=shipped["manager"])
        second = order(s, shipped["staff"], shipped["cust"], (shipped["product"], 2)).order_number
        sales.transition_sales_order(s, order_number=second, status="confirmed", user=shipped["staff"])
        sales.ship_sales_order(s, order_number=second, user=shipped["staff"])
        invoices.generate_invoice(s, order_number=second, user=shipped["manager"])
        invoices.record_payment(s, invoice_number=first.invoice_number, user=shipped["manager"], amount="10",
                                method="cash")
        later = first.due_date + timedelta(days=1)
    with session_scope() as s:
        for today in (date.today(), later):
            counts = invoices.count_invoices_by_status(s, today=today)
            for status in ("unpaid", "partial", "paid", "overdue"):
                assert counts[status] == invoices.list_invoices(s, status=status, today=today).total
        assert invoices.count_invoices_by_status(s, today=date.today()) == {
            "unpaid": 1, "partial": 1, "paid": 0, "overdue": 0}
        assert invoices.count_invoices_by_status(s, today=later)["overdue"] == 2
        number = shipped["cust"].customer_number
        assert sum(invoices.count_invoices_by_status(s, customer_id=number.lower()).values()) == 2
        page = [inv for inv, _ in invoices.list_invoices(s).items]
        assert invoices.order_numbers(s, page) == {first.id: shipped["order"], page[0].id: second}
        assert invoices.order_numbers(s, []) == {}
        assert sum(invoices.count_invoices_by_status(s, customer_id="CUST-1999-0001").values()) == 0


def test_credit_position_counts_uninvoiced_orders_and_the_balance(shipped):
    with session_scope() as s:
        cust = s.get(Customer, shipped["cust"].id)
        pos = customers.credit_position(s, cust)  # shipped, not invoiced yet: exposure only
        assert (pos.balance, pos.exposure, pos.limit, pos.on_credit) == (
            Decimal("0"), Decimal("69.80"), Decimal("1000.00"), True)
        assert pos.available == Decimal("930.20")
        number = invoices.generate_invoice(s, order_number=shipped["order"], user=shipped["manager"]).invoice_number
        invoices.record_payment(s, invoice_number=number, user=shipped["manager"], amount="30", method="cash")
        pos = customers.credit_position(s, s.get(Customer, cust.id))
        assert (pos.balance, pos.exposure, pos.available) == (Decimal("39.80"), Decimal("39.80"), Decimal("960.20"))
        tight = customers.update_customer(s, customer_number=cust.customer_number, user=shipped["manager"],
                                          changes={"credit_limit": "20", "payment_terms": "COD"})
        pos = customers.credit_position(s, tight)
        assert pos.available == 0 and not pos.on_credit
