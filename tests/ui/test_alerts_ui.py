"""The alerts screen in a browser: filters live in the URL, acknowledge and resolve with notes (the
sidebar badge follows), the next step of a low-stock alert is a pre-filled purchase order, roles."""

from urllib.parse import parse_qs, urlsplit

import pytest
from sqlmodel import Session

from inventorypulse.db import make_engine
from inventorypulse.services import alerts, offers, reports
from tests.ui.conftest import DEMO_PASSWORD, login, screenshot

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def seeded(live_db_url):
    """Three open alerts on products that really are out of stock / low (a scan keeps them open),
    and what the create-PO link of the low-stock one must carry."""
    engine = make_engine(live_db_url)
    with Session(engine) as session:
        items = reports.low_stock_report(session, limit=100).page.items
        out = next(i for i in items if i.status == "out" and i.supplier_id)
        low = [i for i in items if i.status == "low" and i.supplier_id]
        made = {
            "ack": alerts.create_alert(session, alert_type="out_of_stock", severity="critical",
                                       title=f"Out of stock: {out.name}", message="UI test", product_id=out.product_id),
            "order": alerts.create_alert(session, alert_type="low_stock", severity="high",
                                         title=f"Low stock: {low[0].name}", message="UI test",
                                         product_id=low[0].product_id),
            "resolve": alerts.create_alert(session, alert_type="reorder_suggestion", severity="medium",
                                           title=f"Reorder: {low[1].name}", message="UI test",
                                           product_id=low[1].product_id),
        }
        for alert in made.values():  # open, whatever an earlier run left behind
            alert.status = "active"
            session.add(alert)
        product = low[0]
        quantity = reports.suggested_quantity(available=product.available, threshold=product.threshold,
                                              reorder_quantity=product.reorder_quantity, min_order_quantity=1)
        best = offers.best_supplier(session, product_id=product.product_id, quantity=quantity).recommended
        expected_po = {"supplier": [best.candidate.supplier_id], "product": [product.product_id],
                       "quantity": [str(best.order_quantity)]}
        ids = {k: a.alert_id for k, a in made.items()} | {"ack_product": out.product_id}
        session.commit()
    yield ids, expected_po
    engine.dispose()


def _query(url: str) -> dict:
    return parse_qs(urlsplit(url).query)


def _badge(page) -> int:
    return int(page.get_by_test_id("alerts-badge").inner_text())


def _pick(page, testid: str, option: str) -> None:
    page.get_by_test_id(testid).click()
    page.get_by_role("option", name=option, exact=True).click()


def test_filters_are_kept_in_the_url_and_survive_a_reload(page, seeded):
    ids, _ = seeded
    login(page, "manager", DEMO_PASSWORD)
    page.get_by_test_id("nav-alerts").click()
    page.get_by_test_id("alerts-table").wait_for()
    _pick(page, "filter-severity", "Critical")
    page.wait_for_url(lambda url: _query(url).get("severity") == ["critical"])
    _pick(page, "filter-type", "Out of stock")
    page.wait_for_url(lambda url: _query(url) == {"status": ["open"], "severity": ["critical"],
                                                  "type": ["out_of_stock"]})
    page.get_by_test_id(f"alert-row-{ids['ack']}").wait_for()
    severities = page.locator("[data-testid=alerts-table] tbody tr td:first-child").all_inner_texts()
    assert severities and set(severities) == {"critical"}

    page.reload()
    page.get_by_test_id(f"alert-row-{ids['ack']}").wait_for()
    assert page.get_by_test_id("filter-severity").inner_text() == "Critical"
    assert page.get_by_test_id("filter-type").inner_text() == "Out of stock"
    link = page.get_by_test_id(f"product-link-{ids['ack']}")
    assert link.get_attribute("href") == f"/products/{ids['ack_product']}"
    screenshot(page, "alerts-filtered")


def test_acknowledge_then_resolve_with_notes(page, seeded, live_db_url):
    ids, _ = seeded
    login(page, "manager", DEMO_PASSWORD)
    page.get_by_test_id("kpi-products").wait_for()
    page.goto("/alerts?status=open")
    page.get_by_test_id(f"alert-row-{ids['ack']}").wait_for()
    open_before = _badge(page)

    page.get_by_test_id(f"ack-{ids['ack']}").click()
    page.get_by_test_id("action-notes").fill("Supplier called, delivery Friday")
    screenshot(page, "alerts-acknowledge-dialog")
    page.get_by_test_id("action-confirm").click()
    page.get_by_text("Alert acknowledged").wait_for()
    page.wait_for_function(f"() => document.querySelector('[data-testid=status-{ids['ack']}]')?.innerText "
                           "=== 'acknowledged'")
    assert page.get_by_test_id(f"ack-{ids['ack']}").count() == 0  # only active alerts can be acknowledged
    assert _badge(page) == open_before  # acknowledged alerts are still open

    page.get_by_test_id(f"resolve-{ids['resolve']}").click()
    page.get_by_test_id("resolution-type").click()
    page.get_by_role("option", name="Stock replenished").click()
    page.get_by_test_id("action-notes").fill("Received PO, counted")
    page.get_by_test_id("action-confirm").click()
    page.get_by_text("Alert resolved").wait_for()
    page.get_by_test_id(f"alert-row-{ids['resolve']}").wait_for(state="detached")  # gone from the open list
    page.wait_for_function(f"() => document.querySelector('[data-testid=alerts-badge]')?.innerText == "
                           f"'{open_before - 1}'")

    engine = make_engine(live_db_url)
    with Session(engine) as session:
        acked, resolved = alerts.get_alert(session, ids["ack"]), alerts.get_alert(session, ids["resolve"])
        assert (acked.status, acked.notes) == ("acknowledged", "Supplier called, delivery Friday")
        assert (resolved.status, resolved.notes, resolved.resolution_type) == \
            ("resolved", "Received PO, counted", "stock_replenished")
    engine.dispose()


def test_low_stock_alert_offers_a_prefilled_purchase_order(page, seeded):
    ids, expected = seeded
    login(page, "manager", DEMO_PASSWORD)
    page.get_by_test_id("kpi-products").wait_for()
    page.goto("/alerts?status=open&type=low_stock&severity=high")
    link = page.get_by_test_id(f"create-po-{ids['order']}")
    link.wait_for()
    href = link.get_attribute("href")
    assert urlsplit(href).path == "/purchase-orders/new" and _query(href) == expected
    link.click()
    page.wait_for_url(lambda url: urlsplit(url).path.rstrip("/") == "/purchase-orders/new"
                      and _query(url) == expected)


@pytest.mark.parametrize(("user", "ack", "resolve", "order"), [
    ("viewer", 0, 0, 0),
    ("staff", 1, 0, 0),
])
def test_buttons_follow_the_role(page, seeded, user, ack, resolve, order):
    ids, _ = seeded
    login(page, user, DEMO_PASSWORD)
    page.get_by_test_id("kpi-products").wait_for()
    page.goto("/alerts?status=active&type=low_stock&severity=high")
    page.get_by_test_id(f"alert-row-{ids['order']}").wait_for()
    assert page.get_by_test_id(f"ack-{ids['order']}").count() == ack
    assert page.get_by_test_id(f"resolve-{ids['order']}").count() == resolve
    assert page.get_by_test_id(f"create-po-{ids['order']}").count() == order
