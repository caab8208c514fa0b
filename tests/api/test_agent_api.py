"""POST /api/agent/query (seed 000's contract), conversations and confirmable actions."""

from __future__ import annotations

import pytest

from inventorypulse.assistant.minimax import USER_MESSAGES
from inventorypulse.config import settings
from inventorypulse.db import session_scope
from tests.assistant.fake_minimax import FakeMiniMax, base_resp_error, completion, tool_call
from tests.factories import make_product, make_supplier, make_warehouse

SEED_FIELDS = {"answer", "structured_data", "confidence_score", "source_tools_used", "processing_time_ms"}


@pytest.fixture
def shop(db):
    with session_scope() as s:
        wh = make_warehouse(s, "WH001")
        supplier = make_supplier(s, company_name="Acme Parts")
        low = make_product(s, supplier=supplier, stock=[(wh, 2)], name="Industrial Sensor Unit")
        make_product(s, supplier=supplier, stock=[(wh, 500)], name="Standard Screws")
        return {"low": low.product_id, "supplier": supplier.supplier_id}


@pytest.fixture
def fake_llm(monkeypatch):
    server = FakeMiniMax().start()
    monkeypatch.setattr(settings, "minimax_api_key", "test-key")
    monkeypatch.setattr(settings, "minimax_base_url", server.base_url)
    yield server
    server.stop()


def ask(client, headers, query, **extra):
    return client.post("/api/agent/query", headers=headers, json={"query": query, **extra})


def test_offline_answer_has_the_seed_shape_and_the_facts(client, admin_headers, admin_user, shop):
    resp = ask(client, admin_headers, "Which products are low on stock?",
               user_context={"user_id": admin_user.user_id, "role": "admin", "preferred_warehouse": "WH001"})
    assert resp.status_code == 200, resp.text
    body = resp.json()
    assert set(body) == SEED_FIELDS
    assert body["source_tools_used"] == ["list_low_stock"]
    assert "Industrial Sensor Unit" in body["answer"] and "2 available" in body["answer"]
    assert "Standard Screws" not in body["answer"]
    assert 0.5 < body["confidence_score"] <= 1 and body["processing_time_ms"] >= 0
    data = body["structured_data"]
    assert data["mode"] == "offline" and isinstance(data["conversation_id"], int)
    assert data["tables"][0]["rows"][0][0] == {"text": "Industrial Sensor Unit", "href": f"/products/{shop['low']}"}


@pytest.mark.parametrize("query", ["", "   ", None, "x" * 2001, "low\x00stock"])
def test_empty_oversized_or_binary_queries_are_400(client, admin_headers, query):
    resp = client.post("/api/agent/query", headers=admin_headers, json={"query": query} if query is not None else {})
    assert resp.status_code == 400
    assert resp.json()["error"] == "INVALID_QUERY"


def test_user_context_must_describe_the_signed_in_user(client, admin_headers, shop):
    resp = ask(client, admin_headers, "what is low?", user_context={"user_id": "USR999", "role": "manager"})
    assert resp.status_code == 400
    assert resp.json()["details"][0]["field"] == "user_context.user_id"
    resp = ask(client, admin_headers, "what is low?", user_context={"preferred_warehouse": "WH-NOPE"})
    assert resp.status_code == 400 and resp.json()["details"][0]["field"] == "user_context.preferred_warehouse"


def test_llm_answer_through_the_api(client, admin_headers, shop, fake_llm):
    fake_llm.add(completion("", [tool_call("get_product", {"product": shop["low"]}, "c1")]),
                 lambda req: completion("Industrial Sensor Unit has 2 units available."))
    body = ask(client, admin_headers, "how many sensors do we have?").json()
    assert body["answer"] == "Industrial Sensor Unit has 2 units available."
    assert body["source_tools_used"] == ["get_product"] and body["structured_data"]["mode"] == "llm"
    assert fake_llm.requests[0]["headers"]["Authorization"] == "Bearer test-key"


@pytest.mark.parametrize(("reply", "kind"), [(base_resp_error(1008, "insufficient balance"), "balance"),
                                             (base_resp_error(1004, "invalid api key"), "auth"),
                                             (base_resp_error(1026, "input sensitive"), "content_filter")])
def test_llm_failure_is_a_502_json_error(client, admin_headers, shop, fake_llm, reply, kind):
    fake_llm.add(reply)
    resp = ask(client, admin_headers, "what is low?")
    assert resp.status_code == 502
    assert resp.json() == {"error": "ASSISTANT_UNAVAILABLE", "message": USER_MESSAGES[kind], "details": []}


def test_llm_timeout_is_a_502(client, admin_headers, shop, fake_llm, monkeypatch):
    monkeypatch.setattr(settings, "minimax_timeout", 0.3)
    fake_llm.add(completion("late") | {"sleep": 1.5})
    resp = ask(client, admin_headers, "what is low?")
    assert resp.status_code == 502 and resp.json()["message"] == USER_MESSAGES["timeout"]


def test_conversations_are_kept_per_user(client, admin_headers, role_headers, shop):
    first = ask(client, admin_headers, "what is low on stock?").json()
    conv = first["structured_data"]["conversation_id"]
    ask(client, admin_headers, "how much is our stock worth?", conversation_id=conv)
    detail = client.get(f"/api/agent/conversations/{conv}", headers=admin_headers).json()
    assert detail["title"] == "what is low on stock?"
    assert [(m["role"], m["tools_used"]) for m in detail["messages"]] == [
        ("user", []), ("assistant", ["list_low_stock"]), ("user", []), ("assistant", ["inventory_value"])]
    listed = client.get("/api/agent/conversations", headers=admin_headers).json()
    assert [c["id"] for c in listed] == [conv]

    staff = role_headers("staff")
    assert client.get(f"/api/agent/conversations/{conv}", headers=staff).status_code == 404
    assert client.get("/api/agent/conversations", headers=staff).json() == []
    assert ask(client, staff, "what is low?", conversation_id=conv).status_code == 404


def test_draft_order_is_created_only_on_confirm(client, admin_headers, role_headers, shop):
    body = ask(client, admin_headers, "create a purchase order for 30 Industrial Sensor Unit").json()
    action = body["structured_data"]["pending_action"]
    assert action["status"] == "pending" and action["preview"]["lines"][0]["quantity"] == 30
    orders = client.get("/api/orders/purchase", headers=admin_headers).json()
    assert orders["pagination"]["total_items"] == 0

    url = f"/api/agent/actions/{action['action_id']}/confirm"
    assert client.post(url, headers=role_headers("readonly")).status_code == 403
    done = client.post(url, headers=admin_headers)
    assert done.status_code == 200, done.text
    number = done.json()["result_reference"]
    order = client.get(f"/api/orders/purchase/{number}", headers=admin_headers).json()
    assert order["status"] == "draft" and order["supplier_id"] == shop["supplier"]
    assert order["items"][0]["quantity_ordered"] == 30
    assert client.post(url, headers=admin_headers).status_code == 409


def test_readonly_assistant_cannot_propose_orders(client, role_headers, shop):
    body = ask(client, role_headers("readonly"), "create a purchase order for 30 Industrial Sensor Unit").json()
    assert "pending_action" not in body["structured_data"]
    assert "readonly" in body["answer"]
