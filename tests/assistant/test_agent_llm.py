"""The LLM tool loop end to end against the fake MiniMax: tool calls run on the demo data with the
user's permissions, results go back in the wire format, and the answer carries their facts."""

from __future__ import annotations

import json

import pytest
from sqlmodel import select

from inventorypulse.assistant import history
from inventorypulse.assistant.agent import MAX_ROUNDS, AssistantUnavailable, ask
from inventorypulse.assistant.minimax import USER_MESSAGES
from inventorypulse.db import session_scope
from inventorypulse.models import AssistantAction, PurchaseOrder
from inventorypulse.models.status import PurchaseOrderStatus
from inventorypulse.services import reports
from inventorypulse.services.errors import Conflict, NotFound, PermissionDenied
from tests.assistant.conftest import demo_user
from tests.assistant.fake_minimax import base_resp_error, completion, stream, tool_call
from tests.factories import make_product as factory_product
from tests.factories import make_supplier, make_user, make_warehouse


def tool_messages(request: dict) -> list[dict]:
    return [m for m in request["json"]["messages"] if m["role"] == "tool"]


def answer_from_low_stock(request: dict) -> dict:
    """The fake model reads the tool result it was sent and answers from its data."""
    data = json.loads(tool_messages({"json": request})[0]["content"])["data"]
    first = data["products"][0]
    return completion(f"<think>summarise</think>{data['total']} products are low. The most urgent is "
                      f"{first['name']} ({first['product_id']}) with {first['available']} available; order "
                      f"{first['suggested_quantity']}.")


@pytest.fixture
def manager(demo):
    return demo_user("manager")


def test_tool_loop_answers_with_the_facts_the_tools_returned(fake_minimax, llm, manager):
    fake_minimax.add(completion("", [tool_call("list_low_stock", {"limit": 5}, "call_1")]), answer_from_low_stock)
    answer = ask("what is low on stock?", user=manager, client=llm)

    with session_scope() as s:
        report = reports.low_stock_report(s, limit=5)
    top = report.page.items[0]
    assert answer.mode == "llm" and answer.tools_used == ["list_low_stock"]
    assert answer.answer == (f"{report.summary.total_items} products are low. The most urgent is {top.name} "
                             f"({top.product_id}) with {top.available} available; order {top.suggested_quantity}.")
    assert answer.confidence == 0.9
    # The second request carries the assistant's tool call and the tool result, as MiniMax expects.
    second = fake_minimax.requests[1]["json"]["messages"]
    assert second[0]["role"] == "system" and "Maria Lopez" in second[0]["content"]
    assert second[-2]["role"] == "assistant" and second[-2]["tool_calls"][0]["id"] == "call_1"
    assert second[-1] == {"role": "tool", "tool_call_id": "call_1", "content": second[-1]["content"]}
    assert top.name in second[-1]["content"]
    tables = answer.structured_data()["tables"]
    assert tables[0]["rows"][0][0] == {"text": top.name, "href": f"/products/{top.product_id}"}


def test_streaming_events_reset_after_a_tool_round(fake_minimax, llm, manager):
    fake_minimax.add(stream(["Let me check. "], [tool_call("inventory_value", {}, "c1")]),
                     stream(["<think>add it up</think>", "Stock is worth ", "a lot."]))
    events: list[tuple[str, str]] = []
    answer = ask("how much is our stock worth?", user=manager, client=llm,
                 on_event=lambda kind, text: events.append((kind, text)))
    kinds = [k for k, _ in events]
    assert kinds.index("reset") < kinds.index("tool") < len(kinds) - 1
    after_reset = "".join(t for k, t in events[kinds.index("reset"):] if k == "delta")
    assert after_reset == "Stock is worth a lot." == answer.answer


def test_bad_arguments_and_unknown_tools_are_reported_to_the_model(fake_minimax, llm, manager):
    fake_minimax.add(completion("", [tool_call("drop_tables", {}, "a"), tool_call("get_product", "{not json", "b"),
                                     tool_call("get_product", {"product": "no such thing zzz"}, "c"),
                                     tool_call("list_low_stock", {"limit": 500}, "d")]),
                     completion("I could not find that product."))
    answer = ask("tell me about no such thing", user=manager, client=llm)
    contents = [json.loads(m["content"]) for m in tool_messages(fake_minimax.requests[1])]
    assert "no tool named 'drop_tables'" in contents[0]["error"]
    assert "JSON object" in contents[1]["error"]
    assert "No product matches" in contents[2]["error"]
    assert "limit: must be between 1 and 50" in contents[3]["error"]
    assert answer.answer == "I could not find that product." and answer.confidence == 0.7


def test_the_loop_is_bounded(fake_minimax, llm, manager):
    always_tools = completion("", [tool_call("list_alerts", {}, "x")])
    fake_minimax.add(*[always_tools] * (MAX_ROUNDS - 1), completion("Here is what I found."))
    answer = ask("alerts?", user=manager, client=llm)
    assert answer.answer == "Here is what I found."
    assert len(fake_minimax.requests) == MAX_ROUNDS
    assert "tools" not in fake_minimax.requests[-1]["json"]  # the last round must answer


def test_history_is_sent_without_local_keys(fake_minimax, llm, manager):
    fake_minimax.add(completion("Yes."))
    earlier = [{"role": "user", "content": "what is low?"},
               {"role": "assistant", "content": "Two products.", "product_ids": ["PRD-000001"]}]
    ask("and are they ordered?", user=manager, client=llm, history=earlier)
    sent = fake_minimax.requests[0]["json"]["messages"]
    assert sent[1:] == [*[{"role": m["role"], "content": m["content"]} for m in earlier],
                        {"role": "user", "content": "and are they ordered?"}]


@pytest.mark.parametrize(("code", "kind"), [(1004, "auth"), (1008, "balance"), (1027, "content_filter")])
def test_llm_errors_become_502_with_the_user_message(fake_minimax, llm, manager, code, kind):
    fake_minimax.add(base_resp_error(code, "x"))
    with pytest.raises(AssistantUnavailable) as err:
        ask("what is low?", user=manager, client=llm)
    assert err.value.status == 502 and err.value.message == USER_MESSAGES[kind]


# --- actions: proposed by the model, created only on confirmation ------------------------------

@pytest.fixture
def shop(db):
    with session_scope() as s:
        wh = make_warehouse(s)
        supplier = make_supplier(s)
        product = factory_product(s, supplier=supplier, stock=[(wh, 3)], name="Blue Widget")
        manager = make_user(s, "manager")
        viewer = make_user(s, "readonly")
        other = make_user(s, "manager")
        return {"product": product.product_id, "supplier": supplier.supplier_id, "manager": manager,
                "viewer": viewer, "other": other}


def _order_count() -> int:
    with session_scope() as s:
        return len(s.exec(select(PurchaseOrder)).all())


def test_model_proposes_a_draft_order_and_confirmation_creates_it(fake_minimax, llm, shop):
    fake_minimax.add(completion("", [tool_call("create_draft_purchase_order",
                                               {"items": [{"product": "Blue Widget", "quantity": 40}]}, "p")]),
                     completion("I prepared a draft order for 40 Blue Widgets. Press Confirm to create it."))
    answer = ask("order 40 blue widgets", user=shop["manager"], client=llm)
    action = answer.action
    assert action["status"] == "pending" and action["preview"]["supplier_id"] == shop["supplier"]
    assert action["preview"]["lines"] == [{"product_id": shop["product"], "name": "Blue Widget", "quantity": 40,
                                           "unit_cost": 10.0, "line_total": 400.0}]
    assert _order_count() == 0  # nothing was created by the model

    with session_scope() as s:
        done = history.confirm_action(s, action_id=action["action_id"], user=shop["manager"])
    assert done["status"] == "confirmed" and done["result_reference"].startswith("PO-")
    with session_scope() as s:
        order = s.exec(select(PurchaseOrder)).one()
        assert order.order_number == done["result_reference"] and order.status == PurchaseOrderStatus.DRAFT
        assert order.total_amount == 400 and order.created_by == shop["manager"].id

    with pytest.raises(Conflict, match="already confirmed"), session_scope() as s:
        history.confirm_action(s, action_id=action["action_id"], user=shop["manager"])
    assert _order_count() == 1


def test_only_the_asker_can_confirm_and_readonly_cannot_propose(fake_minimax, llm, shop):
    fake_minimax.add(completion("", [tool_call("create_draft_purchase_order",
                                               {"items": [{"product": shop["product"]}]}, "p")]),
                     completion("Drafted."))
    action = ask("order widgets", user=shop["manager"], client=llm).action
    with pytest.raises(NotFound), session_scope() as s:
        history.confirm_action(s, action_id=action["action_id"], user=shop["other"])

    fake_minimax.add(completion("", [tool_call("create_draft_purchase_order",
                                               {"items": [{"product": shop["product"]}]}, "p")]),
                     completion("Your role cannot order."))
    answer = ask("order widgets", user=shop["viewer"], client=llm)
    assert "readonly" in json.loads(tool_messages(fake_minimax.requests[-1])[0]["content"])["error"]
    assert answer.action is None
    with session_scope() as s:
        assert len(s.exec(select(AssistantAction).where(AssistantAction.user_id == shop["viewer"].id)).all()) == 0
    assert _order_count() == 0


def test_confirming_after_losing_the_right_to_order_is_refused(fake_minimax, llm, shop):
    fake_minimax.add(completion("", [tool_call("create_draft_purchase_order",
                                               {"items": [{"product": shop["product"], "quantity": 5}]}, "p")]),
                     completion("Drafted."))
    action = ask("order 5 widgets", user=shop["manager"], client=llm).action
    shop["manager"].role = "readonly"
    with pytest.raises(PermissionDenied), session_scope() as s:
        history.confirm_action(s, action_id=action["action_id"], user=shop["manager"])
    with session_scope() as s:  # still pending: nothing half-done
        assert s.exec(select(AssistantAction)).one().status == "pending"
    assert _order_count() == 0


def test_a_declined_action_cannot_be_confirmed(fake_minimax, llm, shop):
    fake_minimax.add(completion("", [tool_call("create_draft_purchase_order",
                                               {"items": [{"product": shop["product"]}]}, "p")]),
                     completion("Drafted."))
    action = ask("order widgets", user=shop["manager"], client=llm).action
    assert action["preview"]["lines"][0]["quantity"] == 50  # the suggested quantity when none is given
    with session_scope() as s:
        assert history.cancel_action(s, action_id=action["action_id"], user=shop["manager"])["status"] == "cancelled"
    with pytest.raises(Conflict, match="already cancelled"), session_scope() as s:
        history.confirm_action(s, action_id=action["action_id"], user=shop["manager"])
    assert _order_count() == 0
