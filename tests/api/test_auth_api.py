import time

import jwt

from inventorypulse.config import settings


def test_health_reports_database_and_scheduler(client):
    body = client.get("/api/health").json()
    assert body["status"] == "ok"
    assert body["dependencies"]["database"] == "connected"
    assert body["dependencies"]["scheduler"] in {"running", "stopped"}


def test_login_status_refresh_logout(client, admin_user):
    resp = client.post("/api/auth/login", json={"username": "admin", "password": "admin-test-pw"})
    assert resp.status_code == 200
    tokens = resp.json()
    assert tokens["token_type"] == "bearer" and tokens["expires_in"] == 3600
    assert tokens["user"]["role"] == "admin"
    headers = {"Authorization": f"Bearer {tokens['access_token']}"}

    status = client.get("/api/auth/status", headers=headers).json()
    assert status["is_authenticated"] is True and status["user"]["username"] == "admin"

    rotated = client.post("/api/auth/refresh", json={"refresh_token": tokens["refresh_token"]})
    assert rotated.status_code == 200
    replay = client.post("/api/auth/refresh", json={"refresh_token": tokens["refresh_token"]})
    assert replay.status_code == 401 and replay.json()["error"] == "INVALID_CREDENTIALS"

    new = rotated.json()
    out = client.post("/api/auth/logout", json={"refresh_token": new["refresh_token"]},
                      headers={"Authorization": f"Bearer {new['access_token']}"})
    assert out.status_code == 200
    after = client.post("/api/auth/refresh", json={"refresh_token": new["refresh_token"]})
    assert after.status_code == 401


def test_wrong_password_is_401_with_error_format(client, admin_user):
    resp = client.post("/api/auth/login", json={"username": "admin", "password": "nope"})
    assert resp.status_code == 401
    assert resp.json() == {"error": "INVALID_CREDENTIALS", "message": "Username or password incorrect.",
                           "details": []}


def test_missing_fields_name_the_field(client):
    resp = client.post("/api/auth/login", json={"username": "admin"})
    assert resp.status_code == 422
    assert {"field": "password", "issue": "Field required"} in resp.json()["details"]


def test_protected_route_refuses_missing_garbage_and_expired_tokens(client, admin_user):
    assert client.get("/api/dashboard/stats").status_code == 401
    assert client.get("/api/dashboard/stats", headers={"Authorization": "Bearer garbage"}).status_code == 401
    expired = jwt.encode({"sub": admin_user.user_id, "type": "access", "exp": int(time.time()) - 5},
                         settings.jwt_secret, algorithm="HS256")
    resp = client.get("/api/dashboard/stats", headers={"Authorization": f"Bearer {expired}"})
    assert resp.status_code == 401 and "expired" in resp.json()["message"].lower()
    forged = jwt.encode({"sub": admin_user.user_id, "type": "access", "exp": int(time.time()) + 60},
                        "another-secret", algorithm="HS256")
    assert client.get("/api/dashboard/stats", headers={"Authorization": f"Bearer {forged}"}).status_code == 401


def test_openapi_and_docs_are_served(client):
    schema = client.get("/api/openapi.json").json()
    assert "/api/auth/login" in schema["paths"] and "/api/health" in schema["paths"]
    assert "HTTPBearer" in schema["components"]["securitySchemes"]
    assert client.get("/api/docs").status_code == 200


def test_malformed_json_body_is_a_clear_422(client):
    body = b"{\"username\": \"a\", \"password\""
    resp = client.post("/api/auth/login", content=body, headers={"content-type": "application/json"})
    assert resp.status_code == 422
    assert resp.json()["details"] == [{"field": "body", "issue": "is not valid JSON"}]


def test_database_races_map_to_409_not_500(client, admin_headers, monkeypatch):
    from sqlalchemy.exc import IntegrityError

    from inventorypulse.api.routes import dashboard

    def boom(session):
        raise IntegrityError("INSERT ...", {}, Exception("UNIQUE constraint failed: products.sku"))

    monkeypatch.setattr(dashboard, "get_dashboard_stats", boom)
    resp = client.get("/api/dashboard/stats", headers=admin_headers)
    assert resp.status_code == 409 and resp.json()["error"] == "CONFLICT"
