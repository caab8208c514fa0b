"""Suppliers through the real pages: the filtered list, a supplier's page, create and edit."""

import re

import pytest
from sqlmodel import Session, select

from inventorypulse.db import make_engine
from inventorypulse.models import Supplier
from inventorypulse.services import procurement, suppliers
from tests.ui.conftest import DEMO_PASSWORD, login, screenshot

pytestmark = pytest.mark.browser


def _signed_in(page, user: str = "manager") -> None:
    login(page, user, DEMO_PASSWORD)
    page.get_by_test_id("kpi-products").wait_for()


def _db(live_db_url):
    return Session(make_engine(live_db_url))


def _fill(page, values: dict[str, str]) -> None:
    for name, value in values.items():
        page.get_by_test_id(f"field-{name}").fill(value)


def test_create_supplier_shows_the_field_error_then_saves(page, live_db_url):
    _signed_in(page)
    page.goto("/suppliers")
    page.get_by_test_id("new-supplier").click()
    page.wait_for_url(re.compile(r".*/suppliers/new/?$"))
    _fill(page, {"company_name": "Lakeside Fasteners Inc", "primary_contact": "Ruth Baker",
                 "email": "orders-at-lakeside", "phone": "+15553330000", "street": "5 Dock Rd",
                 "city": "Duluth", "state": "MN", "postal_code": "55802", "country": "US", "lead_time_days": "4",
                 "payment_terms": "45"})
    page.get_by_test_id("save-supplier").click()
    error = page.get_by_test_id("error-email")
    error.wait_for()
    assert "valid email" in error.inner_text()
    assert page.get_by_test_id("error-company_name").count() == 0  # only the wrong field is flagged
    assert re.search(r"/suppliers/new/?$", page.url)
    screenshot(page, "suppliers-form-error")
    page.emulate_media(color_scheme="dark")
    screenshot(page, "suppliers-form-error-dark")
    page.emulate_media(color_scheme="light")

    page.get_by_test_id("field-email").fill("orders@lakeside-fasteners.example")
    page.get_by_test_id("save-supplier").click()
    page.wait_for_url(re.compile(r".*/suppliers/SUP-\d{4}/?$"))
    page.get_by_test_id("supplier-name").wait_for()
    assert page.get_by_test_id("supplier-name").inner_text() == "Lakeside Fasteners Inc"
    assert page.get_by_test_id("supplier-terms").inner_text() == "Net 45 days"

    code = page.url.rstrip("/").rsplit("/", 1)[1]
    with _db(live_db_url) as session:
        saved = suppliers.get_supplier(session, code)
        assert (saved.email, saved.lead_time_days, saved.payment_terms) == \
            ("orders@lakeside-fasteners.example", 4, 45)

    # Edit: the form comes back filled in; a change is saved.
    page.get_by_test_id("edit-supplier").click()
    page.wait_for_url(re.compile(rf".*/suppliers/{code}/edit/?$"))
    company = page.get_by_test_id("field-company_name")
    page.wait_for_function("() => (document.querySelector('[data-testid=field-company_name]')?.value ?? '') !== ''")
    assert company.input_value() == "Lakeside Fasteners Inc"
    page.get_by_test_id("field-lead_time_days").fill("zero")
    page.get_by_test_id("save-supplier").click()
    page.get_by_test_id("error-lead_time_days").wait_for()
    assert "whole number" in page.get_by_test_id("error-lead_time_days").inner_text()
    page.get_by_test_id("field-lead_time_days").fill("9")
    page.get_by_test_id("save-supplier").click()
    page.wait_for_url(re.compile(rf".*/suppliers/{code}/?$"))
    with _db(live_db_url) as session:
        assert suppliers.get_supplier(session, code).lead_time_days == 9


def test_supplier_page_shows_performance_products_and_orders(page, live_db_url):
    with _db(live_db_url) as session:
        supplier = session.exec(select(Supplier).where(Supplier.supplier_id == "SUP-0001")).one()
        perf = suppliers.supplier_performance(session, supplier)
        offers = procurement.products_supplied(session, supplier_id="SUP-0001")
        first_product = offers.items[0][1].product_id
    assert perf.fill_rate is not None and perf.total_orders > 0 and offers.total > 0

    _signed_in(page)
    page.goto("/suppliers/SUP-0001")
    page.get_by_test_id("supplier-name").wait_for()
    assert page.get_by_test_id("supplier-name").inner_text() == supplier.company_name
    assert page.get_by_test_id("perf-on-time").inner_text() == f"{perf.on_time_delivery_rate}%"
    assert page.get_by_test_id("perf-fill-rate").inner_text() == f"{perf.fill_rate}%"
    assert page.get_by_test_id("perf-lead-time").inner_text() == f"{perf.average_lead_time} days"
    assert page.get_by_test_id("perf-orders").inner_text() == f"{perf.total_orders:,}"
    assert page.get_by_test_id("supplied-row").count() == min(offers.total, 50)
    assert first_product in page.get_by_test_id("supplier-products").inner_text()
    assert page.get_by_test_id("supplier-po-row").count() > 0
    screenshot(page, "suppliers-detail")
    page.emulate_media(color_scheme="dark")
    screenshot(page, "suppliers-detail-dark")

    page.get_by_test_id("supplier-all-orders").click()
    page.wait_for_url(re.compile(r".*/purchase-orders/?\?supplier=SUP-0001$"))
    page.get_by_test_id("po-row").first.wait_for()
    assert all(text == supplier.display_name or text == supplier.company_name
               for text in page.locator("[data-testid=po-row] td:nth-child(2)").all_inner_texts())


def test_supplier_list_filters_live_in_the_url(page, live_db_url):
    with _db(live_db_url) as session:
        preferred = suppliers.list_suppliers(session, preferred=True, limit=100).total
    _signed_in(page)
    page.goto("/suppliers")
    page.get_by_test_id("supplier-row").first.wait_for()
    page.get_by_test_id("preferred-filter").click()
    page.wait_for_url(re.compile(r".*/suppliers/?\?preferred=true$"))
    page.wait_for_function(f"() => document.querySelectorAll('[data-testid=supplier-row]').length === {preferred}")

    page.get_by_test_id("supplier-search").fill("northwind")
    page.get_by_test_id("supplier-search").press("Enter")
    page.wait_for_url(re.compile(r".*search=northwind.*"))
    assert "preferred=true" in page.url
    page.reload()
    page.wait_for_function("() => document.querySelectorAll('[data-testid=supplier-row]').length === 1")
    assert "Northwind" in page.get_by_test_id("suppliers-table").inner_text()
    assert page.get_by_test_id("supplier-search").input_value() == "northwind"
    screenshot(page, "suppliers-list-filtered")


def test_readonly_user_sees_no_changes_and_cannot_open_the_editor(page):
    _signed_in(page, "viewer")
    page.goto("/suppliers")
    page.get_by_test_id("supplier-row").first.wait_for()
    assert page.get_by_test_id("new-supplier").count() == 0
    page.goto("/suppliers/SUP-0001")
    page.get_by_test_id("supplier-name").wait_for()
    assert page.get_by_test_id("edit-supplier").count() == 0
    assert page.get_by_test_id("supplier-new-po").count() == 0
    screenshot(page, "suppliers-detail-readonly")

    page.goto("/suppliers/SUP-0001/edit")
    page.wait_for_url(re.compile(r".*/suppliers/SUP-0001/?$"))
    page.get_by_text("Your role may not edit suppliers.").wait_for()
    assert page.get_by_test_id("save-supplier").count() == 0
    page.goto("/suppliers/new")
    page.wait_for_url(re.compile(r".*/suppliers/?$"))
