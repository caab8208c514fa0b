"""The header search in a browser: a SKU finds its product, a PO number its order, each links to the record."""

from urllib.parse import parse_qs, urlsplit

import pytest
from sqlmodel import Session, select

from inventorypulse.db import make_engine
from inventorypulse.models import Product, PurchaseOrder
from tests.ui.conftest import DEMO_PASSWORD, login, screenshot

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def records(live_db_url):
    engine = make_engine(live_db_url)
    with Session(engine) as session:
        product = session.exec(select(Product).order_by(Product.id.desc())).first()
        order = session.exec(select(PurchaseOrder).order_by(PurchaseOrder.id)).first()
        found = {"sku": product.sku, "product_id": product.product_id, "name": product.name,
                 "order_number": order.order_number}
    engine.dispose()
    return found


def _search(page, text: str) -> None:
    box = page.get_by_test_id("global-search")
    box.fill(text)
    box.press("Enter")
    page.wait_for_url(lambda url: urlsplit(url).path.rstrip("/") == "/search"
                      and parse_qs(urlsplit(url).query).get("q") == [text])


def test_a_sku_finds_its_product_and_links_to_it(page, records):
    login(page, "staff", DEMO_PASSWORD)
    page.get_by_test_id("kpi-products").wait_for()
    _search(page, records["sku"].lower())
    hit = page.get_by_test_id("hit-product").first
    hit.wait_for()
    assert page.get_by_test_id("hit-product").count() == 1
    assert records["name"] in hit.inner_text() and records["sku"] in hit.inner_text()
    screenshot(page, "search-sku")
    hit.click()
    page.wait_for_url(lambda url: urlsplit(url).path.rstrip("/") == f"/products/{records['product_id']}")


def test_a_po_number_finds_its_order_and_links_to_it(page, records):
    login(page, "staff", DEMO_PASSWORD)
    page.get_by_test_id("kpi-products").wait_for()
    _search(page, records["order_number"])
    hit = page.get_by_test_id("hit-po").first
    hit.wait_for()
    assert records["order_number"] in hit.inner_text()
    hit.click()
    page.wait_for_url(lambda url: urlsplit(url).path.rstrip("/") == f"/purchase-orders/{records['order_number']}")


def test_a_reload_repeats_the_search_and_nonsense_finds_nothing(page, records):
    login(page, "staff", DEMO_PASSWORD)
    page.get_by_test_id("kpi-products").wait_for()
    page.goto(f"/search?q={records['sku']}")
    page.get_by_test_id("hit-product").first.wait_for()
    _search(page, "zzqx-nothing")
    page.get_by_text("Nothing matches").wait_for()
    assert page.get_by_test_id("hit-product").count() == 0
