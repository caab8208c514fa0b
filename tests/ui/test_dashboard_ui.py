"""The dashboard in a browser: real KPI figures, sales of shipped orders, the four charts drawn, KPIs open
the filtered lists."""

from urllib.parse import parse_qs, urlsplit

import pytest
from sqlmodel import Session

from inventorypulse.db import make_engine
from inventorypulse.models.base import utcnow
from inventorypulse.services.dashboard import get_dashboard_stats
from inventorypulse.services.sales.stats import sales_stats
from tests.ui.conftest import DEMO_PASSWORD, login, screenshot

pytestmark = pytest.mark.browser

CHARTS = ("chart-stock-value", "chart-units-sold", "chart-top-movers", "chart-category-value")


def _stats(live_db_url):
    engine = make_engine(live_db_url)
    with Session(engine) as session:
        stats = get_dashboard_stats(session)
    engine.dispose()
    return stats


def _open_dashboard(page, user="manager"):
    login(page, user, DEMO_PASSWORD)
    page.wait_for_url(lambda url: "/login" not in url)
    for chart in CHARTS:  # plotly has drawn its SVG inside each chart box
        page.locator(f"[data-testid={chart}] .main-svg").first.wait_for()


def test_kpis_show_the_real_figures_and_all_charts_draw(page, live_db_url):
    stats = _stats(live_db_url)
    _open_dashboard(page)
    expected = {
        "kpi-products": f"{stats.product_count:,}",
        "kpi-value-cost": f"${stats.inventory_value_cost:,.2f}",
        "kpi-value-retail": f"${stats.inventory_value_retail:,.2f}",
        "kpi-low-stock": f"{stats.low_stock_count:,}",
        "kpi-out-of-stock": f"{stats.out_of_stock_count:,}",
        "kpi-open-pos": f"{stats.open_po_count:,}",
        "kpi-open-po-value": f"${stats.open_po_value:,.2f}",
    }
    page.wait_for_function("t => document.querySelector('[data-testid=kpi-products]')?.innerText === t",
                           arg=expected["kpi-products"])
    assert {k: page.get_by_test_id(k).inner_text() for k in expected} == expected
    # Each chart has data: bars or a line path were drawn.
    assert page.locator("[data-testid=chart-top-movers] .bars .point").count() == len(stats.top_sellers) > 0
    assert page.locator("[data-testid=chart-category-value] .bars .point").count() == \
        len([c for c in stats.value_by_category if c.products])
    assert page.locator("[data-testid=chart-stock-value] .scatterlayer .js-line").count() == 1
    # The activity feed links each event to its record.
    first = page.get_by_test_id("activity-item").first
    assert first.get_attribute("href").startswith(("/products/", "/purchase-orders/", "/alerts"))
    screenshot(page, "dashboard-light")


def test_sales_cards_and_top_sellers_come_from_shipped_orders(page, live_db_url):
    engine = make_engine(live_db_url)
    with Session(engine) as session:
        sold = sales_stats(session)
    engine.dispose()
    # The demo's history ends yesterday, so today may be empty; this month or year is not (but on 1 January).
    assert sold.period("year").revenue > 0 or utcnow().date().timetuple().tm_yday == 1
    assert sold.period("month").revenue > 0 or utcnow().day == 1
    _open_dashboard(page)
    year = f"${sold.period('year').revenue:,.2f}"
    page.wait_for_function("t => document.querySelector('[data-testid=kpi-sales-year]')?.innerText === t", arg=year)
    assert {p: page.get_by_test_id(f"kpi-sales-{p}").inner_text() for p in ("today", "week", "month", "year")} == \
        {p.period: f"${p.revenue:,.2f}" for p in sold.periods}
    month = sold.period("month")
    hint = page.get_by_test_id("kpi-sales-month").locator("xpath=following-sibling::*[1]").inner_text()
    assert hint == f"{month.units:,} unit{'s' * (month.units != 1)} · {month.orders:,} order{'s' * (month.orders != 1)}"
    rows = page.get_by_test_id("top-seller")
    assert rows.count() == len(sold.top_sellers) == 5
    revenues = page.get_by_test_id("top-seller-revenue").all_inner_texts()
    assert revenues == [f"${t.revenue:,.2f}" for t in sold.top_sellers]
    first = sold.top_sellers[0]
    assert first.name in rows.first.inner_text()
    screenshot(page, "dashboard-sales")
    rows.first.click()
    page.wait_for_url(lambda now: urlsplit(now).path.rstrip("/") == f"/products/{first.product_id}")


def test_dark_mode_keeps_charts_readable(browser, live_app):
    context = browser.new_context(viewport={"width": 1400, "height": 900}, base_url=live_app, color_scheme="dark")
    page = context.new_page()
    page.set_default_timeout(20_000)
    _open_dashboard(page)
    # Reflex applies plotly's dark template in dark mode: axis labels are light on the dark card.
    tick = page.locator("[data-testid=chart-stock-value] .ytick text").first
    fill = tick.evaluate("e => getComputedStyle(e).fill")
    channels = [int(c) for c in fill[fill.index("(") + 1:fill.index(")")].split(",")[:3]]
    assert sum(channels) / 3 > 150, fill
    screenshot(page, "dashboard-dark")
    context.close()


@pytest.mark.parametrize(("testid", "url"), [
    ("kpi-low-stock-link", "/products?stock=low"),
    ("kpi-out-of-stock-link", "/products?stock=out"),
    ("kpi-open-pos-link", "/purchase-orders?status=open"),
    ("kpi-alerts-critical", "/alerts?status=open&severity=critical"),
])
def test_a_kpi_click_opens_the_filtered_list(page, testid, url):
    _open_dashboard(page)
    page.get_by_test_id(testid).click()
    want = urlsplit(url)
    page.wait_for_url(lambda now: urlsplit(now).path.rstrip("/") == want.path
                      and parse_qs(urlsplit(now).query) == parse_qs(want.query))
