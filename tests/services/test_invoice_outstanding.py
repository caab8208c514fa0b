"""outstanding_invoices: what is still owed (or overdue), oldest due first, with count and total."""

from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import update

from inventorypulse.db import session_scope
from inventorypulse.models import Invoice
from inventorypulse.services import invoices, sales
from tests.factories import make_product, make_user, make_warehouse
from tests.services.sales_helpers import customer, order, stock_in

TODAY = date(2026, 3, 11)


def _invoiced(s, user, cust, product, qty: int, due: date) -> str:
    number = order(s, user, cust, (product, qty)).order_number
    sales.transition_sales_order(s, order_number=number, status="confirmed", user=user)
    sales.ship_sales_order(s, order_number=number, user=user)
    inv = invoices.generate_invoice(s, order_number=number, user=user)
    s.execute(update(Invoice).where(Invoice.id == inv.id).values(due_date=due))
    return inv.invoice_number


def test_unpaid_and_overdue_invoices_with_their_totals(any_db):
    """Acme: 3 × 10.00 overdue 5 days (10.00 paid), 2 × 10.00 due in 10 days, 1 × 10.00 paid in full
    (overdue date, but paid); Bolt: 4 × 10.00 overdue 20 days."""
    with session_scope() as s:
        make_warehouse(s, "WH-MAIN")
        manager = make_user(s, "manager")
        product = make_product(s, selling_price=Decimal("10.00"))
        stock_in(s, manager, product, 50)
        acme = customer(s, manager, payment_terms="Net30", credit_limit="1000")
        bolt = customer(s, manager, name="Bolt Hardware", email="ap@bolt.example", payment_terms="Net15",
                        credit_limit="1000")
        late = _invoiced(s, manager, acme, product, 3, TODAY - timedelta(days=5))
        not_due = _invoiced(s, manager, acme, product, 2, TODAY + timedelta(days=10))
        paid = _invoiced(s, manager, acme, product, 1, TODAY - timedelta(days=40))
        oldest = _invoiced(s, manager, bolt, product, 4, TODAY - timedelta(days=20))
        invoices.record_payment(s, invoice_number=late, user=manager, amount="10.00", method="cash")
        invoices.record_payment(s, invoice_number=paid, user=manager, amount="10.00", method="cash")

    with session_scope() as s:
        owed = invoices.outstanding_invoices(s, today=TODAY)
        assert [inv.invoice_number for inv, _ in owed.items] == [oldest, late, not_due]
        assert (owed.count, owed.balance_due) == (3, Decimal("80.00"))  # 40 + 20 + 20

        overdue = invoices.outstanding_invoices(s, overdue_only=True, today=TODAY)
        assert [(inv.invoice_number, c.name) for inv, c in overdue.items] == [(oldest, "Bolt Hardware"),
                                                                               (late, "Acme Retail")]
        assert (overdue.count, overdue.balance_due) == (2, Decimal("60.00"))

        mine = invoices.outstanding_invoices(s, customer_id=acme.customer_number.lower(), overdue_only=True,
                                             today=TODAY)
        assert ([inv.invoice_number for inv, _ in mine.items], mine.count, mine.balance_due) == (
            [late], 1, Decimal("20.00"))

        first = invoices.outstanding_invoices(s, limit=1, today=TODAY)
        assert len(first.items) == 1 and first.count == 3  # the count and total are of all, not the page

        # The day the Acme invoice falls due it is not overdue yet.
        assert invoices.outstanding_invoices(s, overdue_only=True, today=TODAY - timedelta(days=5)).count == 1
        assert invoices.outstanding_invoices(s, customer_id="CUST-1999-0001").count == 0
