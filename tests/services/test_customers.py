"""Customers: numbering, validation naming the field, search, updates and deactivation."""

from decimal import Decimal

import pytest

from inventorypulse.db import session_scope
from inventorypulse.models import AuditLog
from inventorypulse.services import customers
from inventorypulse.services.errors import NotFound, PermissionDenied, ValidationFailed
from tests.factories import make_user


@pytest.fixture
def manager(db):
    with session_scope() as s:
        return make_user(s, "manager")


def test_create_numbers_customers_and_normalises_fields(manager):
    with session_scope() as s:
        a = customers.create_customer(s, user=manager, data={
            "name": " Acme ", "email": "Buy@Acme.Example", "customer_type": "Business", "payment_terms": "net30",
            "credit_limit": "5000.00", "country": "us", "phone": "+15551234567"})
        b = customers.create_customer(s, user=manager, data={"name": "Jane Doe"})
        assert a.customer_number.startswith("CUST-") and len(a.customer_number) == len("CUST-2026-0001")
        assert int(b.customer_number[-4:]) == int(a.customer_number[-4:]) + 1
        assert (a.name, a.email, a.customer_type, a.payment_terms, a.country) == (
            "Acme", "buy@acme.example", "business", "Net30", "US")
        assert a.credit_limit == Decimal("5000.00")
        assert (b.customer_type, b.payment_terms, b.credit_limit, b.is_active) == ("individual", "COD", 0, True)
        assert s.query(AuditLog).filter_by(entity_type="customer", action="create").count() == 2


@pytest.mark.parametrize("data, field", [
    ({"name": ""}, "name"),
    ({"name": "X", "email": "not-an-email"}, "email"),
    ({"name": "X", "phone": "555-1234"}, "phone"),
    ({"name": "X", "payment_terms": "Net90"}, "payment_terms"),
    ({"name": "X", "credit_limit": "-1"}, "credit_limit"),
    ({"name": "X", "credit_limit": "1.234"}, "credit_limit"),
    ({"name": "X", "customer_type": "reseller"}, "customer_type"),
    ({"name": "X", "country": "USA"}, "country"),
    ({"name": "X", "billing_country": "1"}, "billing_country"),
    ({"name": "X" * 201}, "name"),
    ({"name": "X", "colour": "red"}, "colour"),
])
def test_invalid_input_names_the_field(manager, data, field):
    with session_scope() as s, pytest.raises(ValidationFailed) as err:
        customers.create_customer(s, user=manager, data=data)
    assert field in err.value.field_errors()


def test_search_filters_and_update(manager):
    with session_scope() as s:
        a = customers.create_customer(s, user=manager, data={"name": "Acme Retail", "customer_type": "business"})
        customers.create_customer(s, user=manager, data={"name": "Bob Smith", "email": "bob@example.com"})
        number = a.customer_number
    with session_scope() as s:
        assert [c.name for c in customers.list_customers(s, search="acme").items] == ["Acme Retail"]
        assert [c.name for c in customers.list_customers(s, search="bob@").items] == ["Bob Smith"]
        assert [c.name for c in customers.list_customers(s, customer_type="business").items] == ["Acme Retail"]
        updated = customers.update_customer(s, customer_number=number.lower(), user=manager,
                                            changes={"credit_limit": "250", "city": "Boston"})
        assert (updated.credit_limit, updated.city) == (Decimal("250"), "Boston")
        customers.deactivate_customer(s, customer_number=number, user=manager)
    with session_scope() as s:
        assert [c.name for c in customers.list_customers(s, active=True).items] == ["Bob Smith"]
        with pytest.raises(ValidationFailed) as err:
            customers.list_customers(s, customer_type="x")
        assert "type" in err.value.field_errors()
        with pytest.raises(NotFound):
            customers.update_customer(s, customer_number="CUST-1999-0001", user=manager, changes={"city": "X"})


def test_staff_and_readonly_may_not_write_customers(db):
    with session_scope() as s:
        for role in ("staff", "readonly"):
            with pytest.raises(PermissionDenied):
                customers.create_customer(s, user=make_user(s, role), data={"name": "X"})
