"""The stock shown in a stock-action dialog before the user confirms it."""

import pytest

from inventorypulse.db import session_scope
from inventorypulse.models import Warehouse
from inventorypulse.services.products.stock_preview import Level, active_warehouses, preview_movement

LEVELS = {"WH-MAIN": Level(on_hand=30, reserved=5), "WH-EAST": Level(on_hand=4)}


def _preview(kind: str, quantity: int, warehouse: str = "WH-MAIN", to: str = "", **kw):
    return preview_movement(LEVELS, kind=kind, quantity=quantity, warehouse=warehouse, to_warehouse=to,
                            threshold=kw.pop("threshold", 10), **kw)


def test_receive_and_issue_change_one_warehouse_and_the_total():
    received = _preview("receive", 6, "WH-EAST")
    assert [(x.warehouse, x.before, x.after) for x in received.lines] == [("WH-EAST", 4, 10)]
    assert (received.total_before, received.total_after, received.problem) == (34, 40, "")
    issued = _preview("issue", 20)
    assert [(x.before, x.after) for x in issued.lines] == [(30, 10)]
    assert issued.total_after == 14 and issued.status_before == "ok" and issued.status_after == "low"


def test_taking_more_than_is_available_is_flagged_before_confirming():
    too_much = _preview("issue", 26)  # 30 on hand but 5 reserved
    assert too_much.problem == "Only 25 available in WH-MAIN; cannot take 26."
    assert _preview("adjust", -5, "WH-EAST").problem == "Only 4 available in WH-EAST; cannot take 5."
    assert _preview("issue", 0).problem and _preview("adjust", 0).problem


def test_transfer_moves_between_two_warehouses_and_keeps_the_total():
    moved = _preview("transfer", 10, "WH-MAIN", "WH-WEST")
    assert [(x.warehouse, x.before, x.after) for x in moved.lines] == [("WH-MAIN", 30, 20), ("WH-WEST", 0, 10)]
    assert moved.total_before == moved.total_after == 34 and moved.problem == ""
    assert _preview("transfer", 1, "WH-MAIN", "WH-MAIN").problem == "Choose two different warehouses."
    assert "Only 4 available" in _preview("transfer", 5, "WH-EAST", "WH-MAIN").problem


def test_status_after_follows_the_badge_rules():
    assert _preview("receive", 100, max_level=60).status_after == "over"
    assert _preview("issue", 25).status_after == "low"  # 9 on hand, 5 reserved: 4 available
    empty = preview_movement({}, kind="receive", quantity=0, warehouse="WH-MAIN", threshold=1)
    assert (empty.status_before, empty.problem) == ("out", "Quantity must be 1 or more.")
    with pytest.raises(ValueError):
        _preview("teleport", 1)


def test_active_warehouses_default_first_without_inactive(db):
    with session_scope() as s:
        s.add_all([Warehouse(code="WH-B", name="B"), Warehouse(code="WH-A", name="A", is_active=False),
                   Warehouse(code="WH-Z", name="Z", is_default=True), Warehouse(code="WH-C", name="C")])
    with session_scope() as s:
        assert [w.code for w in active_warehouses(s)] == ["WH-Z", "WH-B", "WH-C"]
