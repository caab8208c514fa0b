"""User endpoints: admin-only management, self-service, last-admin guard, unlock, password reset."""

from datetime import timedelta

import pytest
from sqlmodel import select

from inventorypulse.db import session_scope
from inventorypulse.models import AuditLog, User
from inventorypulse.models.base import utcnow
from tests.factories import PASSWORD, make_user

NEW = {"username": "newuser", "email": "new.user@example.com", "password": "StrongPassword!123",
       "first_name": "New", "last_name": "User", "role": "staff", "department": "Warehouse"}


def _me(client, headers) -> str:
    return client.get("/api/auth/status", headers=headers).json()["user"]["user_id"]


def _login(client, username, password):
    return client.post("/api/auth/login", json={"username": username, "password": password})


def test_admin_creates_lists_and_reads_users(client, admin_headers):
    resp = client.post("/api/users", json=NEW, headers=admin_headers)
    assert resp.status_code == 201, resp.text
    created = resp.json()
    assert created["message"] == "User created successfully" and created["user_id"].startswith("USR")

    listing = client.get("/api/users", headers=admin_headers, params={"role": "staff"})
    assert listing.status_code == 200
    assert [u["username"] for u in listing.json()["users"]] == ["newuser"]
    assert listing.json()["users"][0]["profile"]["first_name"] == "New"
    assert listing.json()["pagination"]["total_items"] == 1

    detail = client.get(f"/api/users/{created['user_id']}", headers=admin_headers).json()
    assert detail["profile"]["department"] == "Warehouse" and detail["role"] == "staff"
    assert detail["permissions"] == ["alert:acknowledge", "purchase_order:receive", "read", "sales_order:write",
                                     "stock:move"]
    assert detail["preferences"] == {"timezone": "UTC", "language": "en",
                                     "notifications": {"email": True, "in_app": True, "low_stock_alerts": True}}
    assert detail["account_locked"] is False and detail["status"] == "active"
    assert _login(client, "newuser", "StrongPassword!123").status_code == 200
    for text in (resp.text, listing.text, str(detail)):
        assert "password" not in text and "$2b$" not in text


def test_create_reports_every_problem_and_conflicts(client, admin_headers):
    bad = NEW | {"username": "x", "email": "nope", "password": "lettersonly", "first_name": "", "role": "boss"}
    resp = client.post("/api/users", json=bad, headers=admin_headers)
    assert resp.status_code == 422
    issues = {d["field"]: d["issue"] for d in resp.json()["details"]}
    assert set(issues) == {"username", "email", "password", "first_name", "role"}
    assert "letter and one digit" in issues["password"]

    assert client.post("/api/users", json=NEW, headers=admin_headers).status_code == 201
    dup = client.post("/api/users", json=NEW | {"username": "NewUser"}, headers=admin_headers)
    assert dup.status_code == 409 and {d["field"] for d in dup.json()["details"]} == {"username", "email"}


@pytest.mark.parametrize("role", ["manager", "staff", "readonly"])
def test_non_admins_cannot_manage_users(client, role_headers, admin_user, role):
    headers = role_headers(role)
    assert client.get("/api/users", headers=headers).status_code == 403
    assert client.post("/api/users", json=NEW, headers=headers).status_code == 403
    assert client.get(f"/api/users/{admin_user.user_id}", headers=headers).status_code == 403
    assert client.put(f"/api/users/{admin_user.user_id}", json={"department": "X"}, headers=headers).status_code == 403
    assert client.post(f"/api/users/{admin_user.user_id}/unlock", headers=headers).status_code == 403
    assert client.post(f"/api/users/{admin_user.user_id}/reset-password", json={"new_password": "Abcdefg12"},
                       headers=headers).status_code == 403


def test_self_read_and_update_but_not_own_role(client, role_headers):
    headers = role_headers("staff")
    me = _me(client, headers)
    detail = client.get(f"/api/users/{me}", headers=headers)
    assert detail.status_code == 200 and detail.json()["role"] == "staff"

    resp = client.put(f"/api/users/{me}", headers=headers, json={
        "profile": {"department": "Logistics", "job_title": "Picker"},
        "preferences": {"timezone": "America/New_York", "notifications": {"low_stock_alerts": False}}})
    assert resp.status_code == 200, resp.text
    assert sorted(resp.json()["updated_fields"]) == ["preferences", "profile.department", "profile.job_title"]
    after = client.get(f"/api/users/{me}", headers=headers).json()
    assert after["profile"]["department"] == "Logistics"
    assert after["preferences"]["timezone"] == "America/New_York"
    assert after["preferences"]["notifications"] == {"email": True, "in_app": True, "low_stock_alerts": False}

    for change in ({"role": "admin"}, {"status": "inactive"}, {"email": "me@else.example"}):
        refused = client.put(f"/api/users/{me}", headers=headers, json=change)
        assert refused.status_code == 403, change
        assert refused.json()["error"] == "INSUFFICIENT_PERMISSIONS"
    with session_scope() as s:
        assert s.exec(select(User.role).where(User.user_id == me)).one() == "staff"
    bad = client.put(f"/api/users/{me}", headers=headers, json={"first_name": None, "preferences": {"language": 7}})
    assert bad.status_code == 422 and {d["field"] for d in bad.json()["details"]} == {"first_name",
                                                                                       "preferences.language"}


def test_own_password_change(client, db):
    with session_scope() as s:
        user = make_user(s, "manager")
    tokens = _login(client, user.username, PASSWORD).json()
    headers = {"Authorization": f"Bearer {tokens['access_token']}"}
    wrong = client.put(f"/api/users/{user.user_id}", headers=headers,
                       json={"password": "Newpass123", "current_password": "nope"})
    assert wrong.status_code == 422 and wrong.json()["details"][0]["field"] == "current_password"
    ok = client.put(f"/api/users/{user.user_id}", headers=headers,
                    json={"password": "Newpass123", "current_password": PASSWORD})
    assert ok.status_code == 200 and ok.json()["updated_fields"] == ["password"]
    assert client.post("/api/auth/refresh", json={"refresh_token": tokens["refresh_token"]}).status_code == 401
    assert _login(client, user.username, "Newpass123").status_code == 200


def test_last_admin_cannot_demote_or_deactivate_self(client, admin_headers, admin_user):
    for change in ({"role": "manager"}, {"status": "inactive"}):
        resp = client.put(f"/api/users/{admin_user.user_id}", headers=admin_headers, json=change)
        assert resp.status_code == 409 and "last active admin" in resp.json()["message"]
    other = client.post("/api/users", headers=admin_headers, json=NEW | {"role": "admin"}).json()["user_id"]
    resp = client.put(f"/api/users/{admin_user.user_id}", headers=admin_headers, json={"role": "manager"})
    assert resp.status_code == 200 and resp.json()["updated_fields"] == ["role"]
    with session_scope() as s:
        assert s.exec(select(User.role).where(User.user_id == other)).one() == "admin"


def test_admin_updates_role_and_status_of_others(client, admin_headers, db):
    with session_scope() as s:
        user = make_user(s, "staff")
    resp = client.put(f"/api/users/{user.user_id.lower()}", headers=admin_headers,
                      json={"role": "manager", "status": "suspended", "notes": "On leave"})
    assert resp.status_code == 200 and sorted(resp.json()["updated_fields"]) == ["notes", "role", "status"]
    assert _login(client, user.username, PASSWORD).status_code == 401  # suspended
    with session_scope() as s:
        row = s.exec(select(AuditLog).where(AuditLog.entity_id == user.user_id)).one()
        assert row.changes["role"] == {"from": "staff", "to": "manager"}
    assert client.get("/api/users/USR7777", headers=admin_headers).status_code == 404
    assert client.put("/api/users/USR7777", headers=admin_headers, json={"role": "staff"}).status_code == 404


def test_unlock(client, admin_headers, db):
    with session_scope() as s:
        user = make_user(s, "staff", failed_login_attempts=2, locked_until=utcnow() + timedelta(minutes=15))
    assert _login(client, user.username, PASSWORD).status_code == 423
    assert client.get(f"/api/users/{user.user_id}", headers=admin_headers).json()["account_locked"] is True
    resp = client.post(f"/api/users/{user.user_id}/unlock", headers=admin_headers)
    assert resp.status_code == 200 and resp.json()["account_locked"] is False
    assert _login(client, user.username, PASSWORD).status_code == 200
    assert client.post("/api/users/USR7777/unlock", headers=admin_headers).status_code == 404


def test_reset_password_revokes_sessions_and_new_password_works(client, admin_headers, db):
    with session_scope() as s:
        user = make_user(s, "staff")
    refresh = _login(client, user.username, PASSWORD).json()["refresh_token"]
    weak = client.post(f"/api/users/{user.user_id}/reset-password", headers=admin_headers,
                       json={"new_password": "12345678"})
    assert weak.status_code == 422 and weak.json()["details"][0]["field"] == "new_password"
    resp = client.post(f"/api/users/{user.user_id}/reset-password", headers=admin_headers,
                       json={"new_password": "Reset-pass-9"})
    assert resp.status_code == 200, resp.text
    assert resp.json()["revoked_refresh_tokens"] == 1
    assert client.post("/api/auth/refresh", json={"refresh_token": refresh}).status_code == 401
    assert _login(client, user.username, PASSWORD).status_code == 401
    assert _login(client, user.username, "Reset-pass-9").status_code == 200
    assert "password_hash" not in resp.text and "$2b$" not in resp.text
