"""GET/PUT /api/alerts/settings: everyone reads, admins change, every wrong field is named."""

from sqlmodel import select

from inventorypulse.db import session_scope
from inventorypulse.models import AuditLog

DEFAULTS = {"low_stock_enabled": True, "out_of_stock_enabled": True, "overstock_enabled": True,
            "expiry_warning_enabled": True, "expiry_warning_days": 30, "reorder_suggestion_enabled": True,
            "predicted_stockout_enabled": True, "predicted_stockout_days": 7}


def test_read_defaults_then_change_some(client, admin_headers, role_headers):
    resp = client.get("/api/alerts/settings", headers=role_headers("readonly"))
    assert resp.status_code == 200 and resp.json() == DEFAULTS

    resp = client.put("/api/alerts/settings", headers=admin_headers,
                      json={"overstock_enabled": False, "expiry_warning_days": 14})
    assert resp.status_code == 200, resp.text
    assert resp.json() == DEFAULTS | {"overstock_enabled": False, "expiry_warning_days": 14}
    assert client.get("/api/alerts/settings", headers=admin_headers).json() == resp.json()
    with session_scope() as s:
        log = s.exec(select(AuditLog).where(AuditLog.entity_type == "app_setting")).one()
        assert set(log.changes) == {"overstock_enabled", "expiry_warning_days"}


def test_seed_001_names_are_accepted(client, admin_headers):
    body = {"alert_threshold_days": 14, "low_stock_enabled": True, "predicted_depletion_enabled": False}
    resp = client.put("/api/alerts/settings", headers=admin_headers, json=body)
    assert resp.status_code == 200, resp.text
    assert resp.json() | {} == DEFAULTS | {"predicted_stockout_days": 14, "predicted_stockout_enabled": False}


def test_validation_errors_name_the_field(client, admin_headers):
    def fields(body) -> dict[str, str]:
        resp = client.put("/api/alerts/settings", headers=admin_headers, json=body)
        assert resp.status_code == 422 and resp.json()["error"] == "VALIDATION_ERROR", resp.text
        return {d["field"]: d["issue"] for d in resp.json()["details"]}

    assert fields({"expiry_warning_days": 0, "predicted_stockout_days": 400}) == {
        "expiry_warning_days": "must be 1 or more", "predicted_stockout_days": "must be 365 or less"}
    assert set(fields({"low_stock_enabled": "yes", "expiry_warning_days": 2.5})) == {
        "low_stock_enabled", "expiry_warning_days"}
    assert set(fields({"sound_the_horn": True})) == {"sound_the_horn"}
    assert client.get("/api/alerts/settings", headers=admin_headers).json() == DEFAULTS


def test_only_admins_change_settings(client, role_headers):
    resp = client.put("/api/alerts/settings", headers=role_headers("manager"), json={"overstock_enabled": False})
    assert resp.status_code == 403 and resp.json()["error"] == "INSUFFICIENT_PERMISSIONS"
    assert client.get("/api/alerts/settings", headers=role_headers("manager")).json() == DEFAULTS
