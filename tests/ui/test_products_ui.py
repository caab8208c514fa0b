"""The products screens through the real pages: list filters in the URL, sort, search, pages, the create
form's field errors, the product page with a previewed stock action, roles, and CSV import/export."""

from __future__ import annotations

import csv
import io
import re

import pytest
from sqlmodel import Session, select

from inventorypulse.db import make_engine
from inventorypulse.models import Product, StockMovement
from inventorypulse.services import products
from tests.ui.conftest import DEMO_PASSWORD, login, screenshot

pytestmark = pytest.mark.browser


@pytest.fixture
def db(live_db_url):
    engine = make_engine(live_db_url)
    with Session(engine) as session:
        yield session
    engine.dispose()


def _signed_in(page, user: str = "manager", path: str = "/products") -> None:
    login(page, user, DEMO_PASSWORD)
    page.get_by_test_id("user-menu").wait_for()
    page.goto(path)


def _rows(page):
    return page.locator("[data-testid=products-table] [data-testid=product-row]")


def _wait_query(page, fragment: str) -> None:
    page.wait_for_function("f => location.search.includes(f)", arg=fragment)


def _pick(page, testid: str, option: str) -> None:
    page.get_by_test_id(testid).click()
    page.get_by_role("option", name=option, exact=True).click()


def _ids(page) -> list[str]:
    return [t.split()[0] for t in _rows(page).locator("[data-testid=cell-product]").all_inner_texts()]


def _stock_figures(page) -> list[int]:
    return [int(t.replace(",", "")) for t in _rows(page).locator("[data-testid=cell-stock]").all_inner_texts()]


def test_filters_sort_search_and_pages_live_in_the_url_and_survive_reload(page, db):
    everything = products.list_products(db, filters=products.ProductFilters(), limit=25)
    assert everything.total_pages >= 3
    _signed_in(page)
    _rows(page).first.wait_for()
    page.get_by_text(f"{everything.total:,} records").wait_for()
    assert _ids(page) == [p.product_id for p, _, _ in everything.items]
    screenshot(page, "products-list")

    low = products.list_products(db, filters=products.ProductFilters(stock="low"), limit=100)
    assert 0 < low.total < 25
    _pick(page, "filter-stock", "Low")
    _wait_query(page, "stock=low")
    page.get_by_text(f"{low.total:,} records").wait_for()
    assert sorted(_ids(page)) == sorted(p.product_id for p, _, _ in low.items)
    assert set(_rows(page).locator("[data-testid=cell-stock-status]").all_inner_texts()) == {"low"}

    page.get_by_test_id("sort-current_stock").click()
    _wait_query(page, "sort=current_stock&dir=asc")
    page.wait_for_function("() => document.querySelector('[data-testid=sort-current_stock]')"
                           ".getAttribute('aria-sort') === 'ascending'")
    page.get_by_test_id("sort-current_stock").click()
    _wait_query(page, "dir=desc")
    page.wait_for_function("() => document.querySelector('[data-testid=sort-current_stock]')"
                           ".getAttribute('aria-sort') === 'descending'")
    figures = _stock_figures(page)
    assert figures == sorted(figures, reverse=True) and figures[0] > figures[-1]

    page.reload()  # the same view comes back from the URL alone
    _rows(page).first.wait_for()
    page.get_by_text(f"{low.total:,} records").wait_for()
    assert _stock_figures(page) == figures
    assert "Low" in page.get_by_test_id("filter-stock").inner_text()
    assert re.search(r"stock=low.*sort=current_stock&dir=desc", page.url)

    # Search by SKU, on top of a cleared view.
    page.get_by_test_id("clear-filters").click()
    page.wait_for_function("() => !location.search.includes('stock=')")
    target = db.exec(select(Product).order_by(Product.id.desc())).first()
    page.get_by_test_id("product-search").fill(target.sku.lower())
    page.get_by_test_id("product-search").press("Enter")
    _wait_query(page, f"search={target.sku.lower()}")
    page.get_by_text("1 records").wait_for()
    assert _ids(page) == [target.product_id]

    # Page flips, and a reload keeps the page.
    page.goto("/products")
    _rows(page).first.wait_for()
    first_page = _ids(page)
    page.get_by_test_id("next-page").click()
    _wait_query(page, "page=2")
    page.get_by_text(f"Page 2 of {everything.total_pages}").wait_for()
    second_page = _ids(page)
    assert len(second_page) == 25 and not set(first_page) & set(second_page)
    page.reload()
    page.get_by_text(f"Page 2 of {everything.total_pages}").wait_for()
    assert _ids(page) == second_page

    # The dashboard's older link still means "low stock".
    page.goto("/products?low_stock=true")
    page.get_by_text(f"{low.total:,} records").wait_for()
    _wait_query(page, "stock=low")
    assert "low_stock" not in page.url


def test_export_downloads_the_current_filtered_view(page, db):
    _signed_in(page, path="/products?stock=out")
    out = products.list_products(db, filters=products.ProductFilters(stock="out"), limit=100)
    page.get_by_text(f"{out.total:,} records").wait_for()
    with page.expect_download() as download:
        page.get_by_test_id("export-csv").click()
    with open(download.value.path(), encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert sorted(r["product_id"] for r in rows) == sorted(p.product_id for p, _, _ in out.items)
    assert all(int(r["available_stock"]) <= 0 for r in rows)


def test_create_product_shows_the_field_error_then_saves(page, db):
    _signed_in(page, path="/products/new")
    page.get_by_test_id("field-name").fill("Test Harbor Lantern")
    page.get_by_test_id("field-sku").fill("UIT-LANTERN-1")
    _pick(page, "field-category", "Garden")
    page.get_by_test_id("field-cost_price").fill("12.50")
    page.get_by_test_id("field-selling_price").fill("9.99")
    page.get_by_test_id("save-product").click()
    error = page.get_by_test_id("error-selling_price")
    error.wait_for()
    assert "at least the cost price" in error.inner_text()
    assert "highlighted" in page.get_by_test_id("form-message").inner_text()
    assert re.search(r"/products/new/?$", page.url)
    screenshot(page, "products-form-error")

    page.get_by_test_id("field-selling_price").fill("19.99")
    page.get_by_test_id("field-current_stock").fill("7")
    page.get_by_test_id("save-product").click()
    page.wait_for_url(re.compile(r"/products/PRD-\d{6}/?$"))
    page.get_by_test_id("product-name").wait_for()
    assert page.get_by_test_id("product-name").inner_text() == "Test Harbor Lantern"
    assert page.get_by_test_id("figure-on-hand").inner_text() == "7"
    db.expire_all()
    created = db.exec(select(Product).where(Product.sku == "UIT-LANTERN-1")).one()
    assert created.product_id in page.url
    assert str(created.selling_price) == "19.99" and created.current_stock == 7

    # Edit: the form opens filled in; a cleared required field is named, then the change is saved.
    page.get_by_test_id("edit-product").click()
    page.wait_for_url(re.compile(rf"/products/{created.product_id}/edit/?$"))
    name = page.get_by_test_id("field-name")
    name.wait_for()
    assert name.input_value() == "Test Harbor Lantern"
    assert page.get_by_test_id("field-sku").input_value() == "UIT-LANTERN-1"
    name.fill("")
    page.get_by_test_id("save-product").click()
    page.get_by_test_id("error-name").wait_for()
    assert "required" in page.get_by_test_id("error-name").inner_text()
    name.fill("Test Harbor Lantern XL")
    page.get_by_test_id("save-product").click()
    page.wait_for_function("t => document.querySelector('[data-testid=product-name]')?.innerText === t",
                           arg="Test Harbor Lantern XL")
    db.expire_all()
    assert db.get(Product, created.id).name == "Test Harbor Lantern XL"


def test_product_page_and_a_previewed_issue_updates_stock_and_ledger(page, db):
    product = db.exec(select(Product).where(Product.lot_tracking.is_(False), Product.current_stock >= 20,
                                            Product.reserved_stock == 0).order_by(Product.id)).first()
    detail = products.get_product_detail(db, product_id=product.product_id)
    _signed_in(page, "staff", f"/products/{product.product_id}")
    page.get_by_test_id("product-name").wait_for()
    rows = page.locator("[data-testid=warehouse-stock] [data-testid=warehouse-row]")
    assert rows.count() == len(detail.stock)
    assert {r.split("\t")[0].strip() for r in rows.all_inner_texts()} == {w.code for w, _ in detail.stock}
    assert page.locator("[data-testid=movement-row]").count() > 0
    assert page.get_by_test_id("edit-product").count() == 0  # staff moves stock but does not edit the catalogue

    warehouse, level = max(detail.stock, key=lambda pair: pair[1].on_hand)
    code, on_hand, before_total = warehouse.code, level.on_hand, product.current_stock
    page.get_by_test_id("action-issue").click()
    _pick(page, "stock-warehouse", code)
    page.get_by_test_id("stock-quantity").fill("3")
    page.get_by_test_id("stock-preview").wait_for()
    assert page.get_by_test_id("preview-after-0").inner_text() == f"{on_hand - 3:,}"
    assert page.get_by_test_id("preview-total-after").inner_text() == f"{before_total - 3:,}"
    screenshot(page, "products-stock-dialog")
    page.get_by_test_id("stock-confirm").click()
    page.get_by_test_id("stock-dialog").wait_for(state="hidden")
    page.wait_for_function("t => document.querySelector('[data-testid=figure-on-hand]')?.innerText === t",
                           arg=f"{before_total - 3:,}")
    first = page.locator("[data-testid=movement-row]").first
    assert "-3" in first.inner_text() and code in first.inner_text()

    db.expire_all()
    assert db.get(Product, product.id).current_stock == before_total - 3
    newest = db.exec(select(StockMovement).where(StockMovement.product_id == product.id)
                     .order_by(StockMovement.id.desc())).first()
    assert (newest.movement_type, newest.quantity, newest.stock_after) == ("outbound", -3, on_hand - 3)
    screenshot(page, "products-detail")

    # An adjustment needs a reason: the service's message shows next to the reason field.
    page.get_by_test_id("action-adjust").click()
    page.get_by_test_id("stock-quantity").fill("-1")
    page.get_by_test_id("stock-preview").wait_for()
    page.get_by_test_id("stock-confirm").click()
    page.get_by_test_id("error-reason_code").wait_for()
    assert "required" in page.get_by_test_id("error-reason_code").inner_text()
    page.keyboard.press("Escape")
    page.get_by_test_id("stock-dialog").wait_for(state="hidden")
    db.expire_all()
    assert db.get(Product, product.id).current_stock == before_total - 3  # nothing recorded

    page.emulate_media(color_scheme="dark")
    page.get_by_test_id("tab-chart").click()
    page.locator("[data-testid=stock-chart] .js-plotly-plot").wait_for()
    screenshot(page, "products-detail-dark")


def test_readonly_user_sees_no_changing_buttons_and_cannot_open_the_editor(page, db):
    product = db.exec(select(Product).order_by(Product.id)).first()
    _signed_in(page, "viewer")
    _rows(page).first.wait_for()
    assert page.get_by_test_id("export-csv").is_visible()
    for testid in ("new-product", "import-csv"):
        assert page.get_by_test_id(testid).count() == 0
    page.goto(f"/products/{product.product_id}")
    page.get_by_test_id("product-name").wait_for()
    for testid in ("edit-product", "action-receive", "action-issue", "action-adjust", "action-transfer"):
        assert page.get_by_test_id(testid).count() == 0
    screenshot(page, "products-detail-readonly")

    page.goto(f"/products/{product.product_id}/edit")
    page.wait_for_url(re.compile(rf"/products/{product.product_id}/?$"))
    page.get_by_text("Your role may not create or edit products.").wait_for()
    assert page.get_by_test_id("product-form").count() == 0
    page.goto("/products/new")
    page.wait_for_url(re.compile(r"/products/?$"))


def _csv(rows: list[dict]) -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=["product_id", "sku", "name", "category", "cost_price", "selling_price"])
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode()


def test_csv_import_with_one_bad_row_imports_nothing_and_names_the_row(page, db):
    good = {"product_id": "", "sku": "UIT-CSV-0001", "name": "Imported Lamp", "category": "Garden",
            "cost_price": "4.00", "selling_price": "9.00"}
    bad = {"product_id": "", "sku": "UIT-CSV-0002", "name": "Imported Rake", "category": "Garden",
           "cost_price": "8.00", "selling_price": "5.00"}
    _signed_in(page)
    _rows(page).first.wait_for()
    page.get_by_test_id("import-csv").click()
    upload = page.locator("[data-testid=csv-upload] input[type=file]")
    upload.set_input_files(files=[{"name": "products.csv", "mimeType": "text/csv", "buffer": _csv([good, bad])}])
    page.get_by_test_id("import-issues").wait_for()
    issues = page.locator("[data-testid=import-issue]").all_inner_texts()
    assert len(issues) == 1 and issues[0].split("\t")[0].strip() == "3" and "selling_price" in issues[0]
    assert "nothing was imported" in page.get_by_test_id("import-summary").inner_text()
    screenshot(page, "products-import-errors")
    db.expire_all()
    assert db.exec(select(Product).where(Product.sku.in_(["UIT-CSV-0001", "UIT-CSV-0002"]))).all() == []

    bad["selling_price"] = "12.00"
    upload.set_input_files(files=[{"name": "fixed.csv", "mimeType": "text/csv", "buffer": _csv([good, bad])}])
    page.get_by_text("Imported 2 row(s): 2 created").first.wait_for()
    assert page.locator("[data-testid=import-issue]").count() == 0
    db.expire_all()
    assert len(db.exec(select(Product).where(Product.sku.in_(["UIT-CSV-0001", "UIT-CSV-0002"]))).all()) == 2
