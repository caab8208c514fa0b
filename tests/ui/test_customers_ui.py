"""Customers through the real pages: create (with a field error first), the detail page, list search,
deactivation, and what a read-only user may not do."""

import re
from decimal import Decimal

import pytest
from sqlmodel import Session

from inventorypulse.db import make_engine
from inventorypulse.services import customers
from tests.ui.conftest import DEMO_PASSWORD, login, screenshot

pytestmark = pytest.mark.browser


def _signed_in(page, user: str = "manager") -> None:
    login(page, user, DEMO_PASSWORD)
    page.get_by_test_id("user-menu").wait_for()


def _db(live_db_url):
    return Session(make_engine(live_db_url))


def _choose(page, testid: str, option: str) -> None:
    page.get_by_test_id(testid).click()
    page.get_by_role("option", name=option, exact=True).click()


def test_create_customer_shows_the_field_error_then_saves_and_search_finds_it(page, live_db_url):
    _signed_in(page)
    page.goto("/customers")
    page.get_by_test_id("customer-row").first.wait_for()
    screenshot(page, "customers-list")
    page.get_by_test_id("new-customer").click()
    page.wait_for_url(re.compile(r".*/customers/new/?$"))
    page.get_by_test_id("field-name").wait_for()
    for name, value in {"name": "Harbor Lights Cafe", "email": "accounts@harbor-lights.example",
                        "phone": "555 0101", "street": "12 Quay St", "city": "Portland", "state": "ME",
                        "postal_code": "04101", "country": "US", "tax_id": "US-77-123",
                        "credit_limit": "2500"}.items():
        page.get_by_test_id(f"field-{name}").fill(value)
    _choose(page, "field-payment_terms", "Net15")
    page.get_by_test_id("save-customer").click()
    error = page.get_by_test_id("error-phone")
    error.wait_for()
    assert "international format" in error.inner_text()
    assert page.get_by_test_id("error-name").count() == 0  # only the wrong field is flagged
    assert re.search(r"/customers/new/?$", page.url)
    screenshot(page, "customers-form-error")

    page.get_by_test_id("field-phone").fill("+12075550101")
    page.get_by_test_id("save-customer").click()
    page.wait_for_url(re.compile(r".*/customers/CUST-\d{4}-\d{4}/?$"))
    page.get_by_test_id("customer-name").wait_for()
    assert page.get_by_test_id("customer-name").inner_text() == "Harbor Lights Cafe"
    assert page.get_by_test_id("customer-terms").inner_text() == "Net15"
    assert page.get_by_test_id("customer-credit-limit").inner_text() == "$2,500.00"
    assert page.get_by_test_id("customer-available").inner_text() == "$2,500.00"
    assert "12 Quay St, Portland, ME, 04101, US" == page.get_by_test_id("customer-billing").inner_text()
    assert page.get_by_test_id("customer-new-order").count() == 1
    screenshot(page, "customers-detail")

    number = page.url.rstrip("/").rsplit("/", 1)[1]
    with _db(live_db_url) as session:
        saved = customers.find_customer(session, number)
        assert (saved.phone, saved.payment_terms, saved.credit_limit, saved.customer_type) == (
            "+12075550101", "Net15", Decimal("2500.00"), "business")
    new_order = page.locator("a:has([data-testid=customer-new-order])")
    assert new_order.get_attribute("href") == f"/sales-orders/new?customer={number}"

    page.goto("/customers")
    page.get_by_test_id("customer-search").fill("harbor lights")
    page.get_by_test_id("customer-search").press("Enter")
    page.wait_for_url(re.compile(r".*/customers/?\?search=harbor\+lights$"))
    page.wait_for_function("() => document.querySelectorAll('[data-testid=customer-row]').length === 1")
    row = page.get_by_test_id("customer-row")
    assert number in row.inner_text() and "Harbor Lights Cafe" in row.inner_text()
    screenshot(page, "customers-list-search")
    row.get_by_role("link", name=number).click()
    page.wait_for_url(re.compile(rf".*/customers/{number}/?$"))

    # Edit: the form comes back filled in, a wrong value is flagged, then deactivate from the page.
    page.get_by_test_id("edit-customer").click()
    page.wait_for_url(re.compile(rf".*/customers/{number}/edit/?$"))
    page.wait_for_function("() => (document.querySelector('[data-testid=field-name]')?.value ?? '') !== ''")
    assert page.get_by_test_id("field-city").input_value() == "Portland"
    page.get_by_test_id("field-credit_limit").fill("-5")
    page.get_by_test_id("save-customer").click()
    page.get_by_test_id("error-credit_limit").wait_for()
    page.get_by_test_id("field-credit_limit").fill("4000")
    page.get_by_test_id("save-customer").click()
    page.wait_for_url(re.compile(rf".*/customers/{number}/?$"))
    page.wait_for_function("() => document.querySelector('[data-testid=customer-credit-limit]')?.innerText"
                           " === '$4,000.00'")
    page.get_by_test_id("deactivate-customer").click()
    page.get_by_test_id("confirm-deactivate").click()
    page.get_by_test_id("customer-inactive").wait_for()
    assert page.get_by_test_id("customer-new-order").count() == 0
    with _db(live_db_url) as session:
        assert customers.find_customer(session, number).is_active is False


def test_customer_list_filters_live_in_the_url(page, live_db_url):
    with _db(live_db_url) as session:
        individuals = customers.list_customers(session, customer_type="individual", limit=100).total
    _signed_in(page)
    page.goto("/customers")
    page.get_by_test_id("customer-row").first.wait_for()
    _choose(page, "customer-type-filter", "Individual")
    page.wait_for_url(re.compile(r".*/customers/?\?type=individual$"))
    page.wait_for_function(f"() => document.querySelectorAll('[data-testid=customer-row]').length === "
                           f"{min(individuals, 25)}")
    assert set(page.locator("[data-testid=customer-row] td:nth-child(3)").all_inner_texts()) == {"Individual"}
    page.reload()
    page.get_by_test_id("customer-row").first.wait_for()
    assert page.get_by_test_id("customer-type-filter").inner_text() == "Individual"
    page.get_by_test_id("clear-filters").click()
    page.wait_for_url(re.compile(r".*/customers/?$"))


def test_readonly_user_sees_no_changes_and_cannot_open_the_editor(page, live_db_url):
    with _db(live_db_url) as session:
        number = customers.list_customers(session, active=True, limit=1).items[0].customer_number
    _signed_in(page, "viewer")
    page.goto("/customers")
    page.get_by_test_id("customer-row").first.wait_for()
    assert page.get_by_test_id("new-customer").count() == 0
    page.goto(f"/customers/{number}")
    page.get_by_test_id("customer-name").wait_for()
    for testid in ("edit-customer", "deactivate-customer", "customer-new-order"):
        assert page.get_by_test_id(testid).count() == 0
    screenshot(page, "customers-detail-readonly")

    page.goto(f"/customers/{number}/edit")
    page.wait_for_url(re.compile(rf".*/customers/{number}/?$"))
    page.get_by_text("Your role may not edit customers.").wait_for()
    assert page.get_by_test_id("save-customer").count() == 0
    page.goto("/customers/new")
    page.wait_for_url(re.compile(r".*/customers/?$"))
    page.get_by_text("Your role may not create customers.").wait_for()
