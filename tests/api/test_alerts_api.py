"""Alert endpoints: list/detail shapes, the acknowledge/resolve state machine and the permission split."""

import pytest

from inventorypulse.db import session_scope
from inventorypulse.services import alerts
from tests.factories import make_product


def _alert(**kw) -> tuple[str, str]:
    with session_scope() as s:
        product = make_product(s)
        args = {"alert_type": "low_stock", "severity": "high", "title": f"Low stock: {product.name}",
                "message": "Current stock (15) is below reorder threshold (20).", "product_id": product.product_id,
                "current_value": 15, "threshold_value": 20}
        alert = alerts.create_alert(s, **(args | kw))
        return alert.alert_id, product.product_id


def test_list_and_detail(client, role_headers):
    first, p1 = _alert()
    second, p2 = _alert(alert_type="out_of_stock", severity="critical")
    headers = role_headers("readonly")
    body = client.get("/api/alerts", headers=headers).json()
    assert [a["alert_id"] for a in body["alerts"]] == [second, first]
    row = body["alerts"][1]
    assert row["created_at"] and row["product_name"].startswith("Widget")
    assert {k: v for k, v in row.items() if k not in ("created_at", "product_name", "title")} == {
        "alert_id": first, "alert_type": "low_stock", "severity": "high", "product_id": p1,
        "message": "Current stock (15) is below reorder threshold (20).", "current_value": "15.00",
        "threshold_value": "20.00", "status": "active", "action_required": False}
    assert body["pagination"]["total_items"] == 2
    only = client.get("/api/alerts", headers=headers, params={"product_id": p2}).json()["alerts"]
    assert [a["alert_id"] for a in only] == [second]
    assert client.get("/api/alerts", headers=headers, params={"severity": "high"}).json()["alerts"][0]["alert_id"] \
        == first
    assert client.get("/api/alerts", headers=headers, params={"status": "resolved"}).json()["alerts"] == []
    bad = client.get("/api/alerts", headers=headers, params={"severity": "apocalyptic", "alert_type": "x"})
    assert bad.status_code == 422 and {d["field"] for d in bad.json()["details"]} == {"severity", "alert_type"}

    detail = client.get(f"/api/alerts/{first}", headers=headers).json()
    assert detail["product_id"] == p1 and detail["acknowledged_by"] is None and detail["auto_generated"] is True
    assert client.get("/api/alerts/ALT-NOPE", headers=headers).status_code == 404


def test_acknowledge_then_resolve(client, role_headers):
    alert_id, _ = _alert()
    staff, manager = role_headers("staff"), role_headers("manager")
    resp = client.post(f"/api/alerts/{alert_id}/acknowledge", headers=staff,
                       json={"acknowledged_by": "USR001", "notes": "PO for this item is being created."})
    assert resp.status_code == 200, resp.text
    assert resp.json()["message"] == "Alert acknowledged successfully" and resp.json()["status"] == "acknowledged"
    assert resp.json()["acknowledged_at"]
    again = client.post(f"/api/alerts/{alert_id}/acknowledge", headers=staff)
    assert again.status_code == 409 and again.json()["error"] == "INVALID_TRANSITION"
    assert "acknowledged" in again.json()["message"]

    done = client.post(f"/api/alerts/{alert_id}/resolve", headers=manager, json={
        "resolution_notes": "Stock replenished via PO-2025-002.", "resolution_type": "stock_replenished",
        "reference_id": "PO-2025-002"})
    assert done.status_code == 200, done.text
    assert done.json()["status"] == "resolved" and done.json()["reference_id"] == "PO-2025-002"
    twice = client.post(f"/api/alerts/{alert_id}/resolve", headers=manager)
    assert twice.status_code == 409 and "already resolved" in twice.json()["message"]

    detail = client.get(f"/api/alerts/{alert_id}", headers=staff).json()
    assert detail["status"] == "resolved" and detail["resolution_type"] == "stock_replenished"
    assert detail["acknowledged_by"].startswith("staff") and detail["resolved_by"].startswith("manager")
    assert detail["notes"] == "Stock replenished via PO-2025-002."


def test_permission_split(client, role_headers):
    alert_id, _ = _alert()
    assert client.post(f"/api/alerts/{alert_id}/acknowledge", headers=role_headers("readonly")).status_code == 403
    assert client.post(f"/api/alerts/{alert_id}/resolve", headers=role_headers("readonly")).status_code == 403
    assert client.post(f"/api/alerts/{alert_id}/resolve", headers=role_headers("staff")).status_code == 403
    resolved = client.post(f"/api/alerts/{alert_id}/resolve", headers=role_headers("manager"))
    assert resolved.status_code == 200  # straight from active, no body needed


@pytest.mark.parametrize("body, field", [({"resolution_type": "magic"}, "resolution_type"),
                                         ({"resolution_notes": "x" * 501}, "resolution_notes")])
def test_resolve_input_is_checked(client, role_headers, body, field):
    alert_id, _ = _alert()
    resp = client.post(f"/api/alerts/{alert_id}/resolve", headers=role_headers("manager"), json=body)
    assert resp.status_code == 422 and resp.json()["details"][0]["field"] == field
    assert client.post("/api/alerts/ALT-NOPE/resolve", headers=role_headers("manager")).status_code == 404
