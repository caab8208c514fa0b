"""GET /api/forecasts/{product_id}, GET /api/predictions/{product_id}, POST /api/predictions/batch."""

from datetime import timedelta

import pytest

from inventorypulse.db import session_scope
from inventorypulse.services import forecasts, replenishment
from tests.factories import make_product, make_supplier, make_warehouse
from tests.services.test_forecasts import TODAY, add_sales
from tests.services.test_replenishment import put_forecast


@pytest.fixture
def products(db):
    with session_scope() as s:
        wh = make_warehouse(s)
        supplier = make_supplier(s, lead_time_days=4)
        seller = make_product(s, supplier=supplier, stock=[(wh, 30)])
        quiet = make_product(s, supplier=supplier, stock=[(wh, 12)])
        add_sales(s, seller, wh, {b: 6 + b % 3 for b in range(1, 150)})
        add_sales(s, quiet, wh, {b: 1 for b in range(1, 91, 3)})
    return seller, quiet


def test_forecast_before_and_after_a_run(client, role_headers, products):
    seller, _ = products
    headers = role_headers("readonly")
    url = f"/api/forecasts/{seller.product_id.lower()}"
    before = client.get(url, headers=headers).json()
    assert before["forecast"] is None and before["replenishment"] == []
    assert len(before["history"]) == 120 and before["history"][-1]["quantity"] == 6 + 1 % 3
    with session_scope() as s:
        forecasts.generate_forecasts(s, today=TODAY, workers=1)
        replenishment.refresh_plans(s, today=TODAY)
    body = client.get(url, params={"history_days": 30}, headers=headers).json()
    fc = body["forecast"]
    assert body["product_id"] == seller.product_id and len(body["history"]) == 30
    assert len(fc["daily"]) == 90 and fc["daily"][0]["date"] == TODAY.isoformat()
    assert set(fc["daily"][0]) == {"date", "mean", "lo80", "hi80", "lo95", "hi95"}
    assert fc["model_name"] and fc["series_class"] and float(fc["accuracy_metric"]) > 0
    assert "MASE" in fc["accuracy_metric_name"]
    (plan,) = body["replenishment"]
    assert plan["warehouse"] == "WH-MAIN" and plan["basis"] == "forecast" and float(plan["reorder_point"]) > 0


@pytest.mark.parametrize("path, params, status, field", [
    ("/api/forecasts/PRD-NOPE0001", {}, 404, None),
    ("/api/forecasts/{code}", {"history_days": 0}, 422, "history_days"),
    ("/api/forecasts/{code}", {"history_days": "lots"}, 422, "history_days"),
    ("/api/forecasts/{code}", {"history_days": 731}, 422, "history_days"),
    ("/api/predictions/PRD-NOPE0001", {}, 404, None),
])
def test_forecast_errors(client, admin_headers, products, path, params, status, field):
    resp = client.get(path.format(code=products[0].product_id), params=params, headers=admin_headers)
    assert resp.status_code == status
    if field:
        assert [d["field"] for d in resp.json()["details"]] == [field]


def test_prediction_from_a_forecast(client, role_headers, products):
    seller, quiet = products
    with session_scope() as s:
        put_forecast(s, seller, mean=10, sigma=2, mase=1.0)
        replenishment.refresh_plans(s, today=TODAY)
    body = client.get(f"/api/predictions/{seller.product_id}", headers=role_headers("staff")).json()
    assert (body["available_stock"], body["basis"], body["days_until_stockout"]) == (30, "forecast", 3.0)
    assert body["predicted_stockout_date"] == (TODAY + timedelta(days=3)).isoformat()
    assert (body["confidence"], body["confidence_score"], body["model_accuracy_mase"]) == ("medium", 0.5, 1.0)
    assert body["lead_time_days"] == 4 and body["suggested_reorder_quantity"] > 0
    # Without a forecast: average daily sales over the last 90 days (30 sales of 1).
    other = client.get(f"/api/predictions/{quiet.product_id}", headers=role_headers("staff")).json()
    assert (other["basis"], other["avg_daily_demand"], other["days_until_stockout"]) == ("recent_sales", 0.3333, 36.0)
    assert other["confidence"] == "low" and other["model_name"] is None


def test_prediction_batch(client, admin_headers, products):
    seller, quiet = products
    with session_scope() as s:
        put_forecast(s, seller, mean=10, sigma=2)
        replenishment.refresh_plans(s, today=TODAY)
    resp = client.post("/api/predictions/batch", json={"product_ids": [quiet.product_id, seller.product_id]},
                       headers=admin_headers)
    assert [p["product_id"] for p in resp.json()["predictions"]] == [quiet.product_id, seller.product_id]
    soonest = client.post("/api/predictions/batch", json={"limit": 1}, headers=admin_headers).json()
    assert [p["product_id"] for p in soonest["predictions"]] == [seller.product_id]
    assert client.post("/api/predictions/batch", headers=admin_headers).json()["count"] == 2
    missing = client.post("/api/predictions/batch", json={"product_ids": [seller.product_id, "PRD-NOPE0001"]},
                          headers=admin_headers)
    assert missing.status_code == 404 and missing.json()["details"][0]["field"] == "product_ids[1]"
    for body, field in (({"product_ids": []}, "product_ids"), ({"product_ids": [""]}, "product_ids[0]"),
                        ({"limit": 0}, "limit"), ({"product_ids": ["P"] * 101}, "product_ids")):
        resp = client.post("/api/predictions/batch", json=body, headers=admin_headers)
        assert resp.status_code == 422 and resp.json()["details"][0]["field"] == field, resp.json()
