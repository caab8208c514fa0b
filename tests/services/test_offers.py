"""Supplier offers: one primary per product, and best-supplier scoring checked against hand-computed numbers."""

from decimal import Decimal

import pytest
from sqlmodel import select

from inventorypulse.db import session_scope
from inventorypulse.models import AuditLog, Product, ProductSupplier
from inventorypulse.services import offers
from inventorypulse.services.errors import NotFound, PermissionDenied, ValidationFailed
from inventorypulse.services.offers import HIGH_WEIGHTS, NORMAL_WEIGHTS, Candidate, score_offers
from tests.factories import make_product, make_supplier, make_user


def cand(sid, cost, lead, moq=1, rel=0.9, primary=False):
    return Candidate(supplier_id=sid, supplier_name=sid, cost=Decimal(cost), lead_time_days=lead,
                     min_order_quantity=moq, reliability=rel, is_primary=primary)


# --- pure scoring ----------------------------------------------------------------------------

def test_weights_sum_to_one_and_high_urgency_is_renormalised():
    assert sum(NORMAL_WEIGHTS.values()) == pytest.approx(1)
    assert sum(HIGH_WEIGHTS.values()) == pytest.approx(1)
    # seed 002: lead 0.6, cost 0.2, reliability 0.2, MOQ 0.1 -> each divided by 1.1
    assert HIGH_WEIGHTS["lead_time"] == pytest.approx(0.6 / 1.1)
    assert HIGH_WEIGHTS["cost"] == pytest.approx(0.2 / 1.1)


def test_hand_computed_normal_scores():
    a = cand("A", "10.00", 5, moq=10, rel=0.90)
    b = cand("B", "8.00", 10, moq=100, rel=0.95)
    ranked = score_offers([b, a], quantity=50)
    # A: cost 8/10=0.8, lead 1, reliability 0.90/0.95, MOQ met -> .4*.8 + .3 + .2*.947368 + .1 = .909474
    # B: cost 1, lead (5+1)/(10+1)=.545455, reliability 1, MOQ 50/100=.5 -> .4 + .163636 + .2 + .05 = .813636
    assert [s.candidate.supplier_id for s in ranked] == ["A", "B"]
    assert ranked[0].score == pytest.approx(90.9474, abs=1e-3)
    assert ranked[1].score == pytest.approx(81.3636, abs=1e-3)
    assert ranked[1].components == pytest.approx({"cost": 1.0, "lead_time": 6 / 11, "reliability": 1.0, "moq": 0.5})
    assert ranked[1].order_quantity == 100 and ranked[1].total_cost == Decimal("800.00")
    assert "MOQ 100 exceeds requested 50" in ranked[1].reasons
    assert "cheapest at $8.00" in ranked[1].reasons
    assert "costs $10.00, 25% more than the cheapest ($8.00)" in ranked[0].reasons
    assert "fastest delivery (5 days)" in ranked[0].reasons and "meets MOQ of 10" in ranked[0].reasons


def test_urgency_high_prefers_the_faster_supplier():
    cheap_slow = cand("CHEAP", "5.00", 7)
    fast = cand("FAST", "10.00", 3)
    normal = score_offers([cheap_slow, fast], quantity=10)
    # normal: CHEAP .4 + .3*(4/8) + .2 + .1 = .85 ; FAST .4*.5 + .3 + .2 + .1 = .80
    assert [(s.candidate.supplier_id, round(s.score, 2)) for s in normal] == [("CHEAP", 85.0), ("FAST", 80.0)]
    high = score_offers([cheap_slow, fast], quantity=10, urgency="high")
    # high (/1.1): CHEAP (.2 + .6*.5 + .2 + .1)/1.1 = .727273 ; FAST (.2*.5 + .6 + .2 + .1)/1.1 = .909091
    assert [(s.candidate.supplier_id, round(s.score, 2)) for s in high] == [("FAST", 90.91), ("CHEAP", 72.73)]


def test_ties_prefer_the_primary_and_budget_is_reported():
    a, b = cand("A", "4.20", 5), cand("B", "4.20", 5, primary=True)
    ranked = score_offers([a, b], quantity=100, budget=Decimal("400"))
    assert [s.candidate.supplier_id for s in ranked] == ["B", "A"]
    assert ranked[0].score == pytest.approx(100)
    assert ranked[0].within_budget is False and "over budget by $20.00" in ranked[0].reasons
    assert "primary supplier" in ranked[0].reasons


def test_same_day_and_free_offers_do_not_divide_by_zero():
    ranked = score_offers([cand("A", "0", 0), cand("B", "1", 2)], quantity=1)
    assert ranked[0].components == {"cost": 1.0, "lead_time": 1.0, "reliability": 1.0, "moq": 1.0}
    assert ranked[1].components["cost"] == 0.0 and ranked[1].components["lead_time"] == pytest.approx(1 / 3)


def test_bad_scoring_arguments():
    assert score_offers([], quantity=5) == []
    with pytest.raises(ValidationFailed):
        score_offers([cand("A", "1", 1)], quantity=0)
    with pytest.raises(ValidationFailed):
        score_offers([cand("A", "1", 1)], quantity=1, urgency="panic")


# --- offers in the database ------------------------------------------------------------------

@pytest.fixture
def world(db):
    with session_scope() as s:
        sup1 = make_supplier(s, supplier_id="SUP-0001", lead_time_days=5, on_time_delivery_rate=Decimal("98.5"))
        sup2 = make_supplier(s, supplier_id="SUP-0002", lead_time_days=10, rating=Decimal("4.0"))
        sup3 = make_supplier(s, supplier_id="SUP-0003", status="inactive")
        manager, staff = make_user(s, "manager"), make_user(s, "staff")
        product = make_product(s, supplier=sup1, product_id="PRD-000777", reorder_quantity=30)
    return dict(sup1=sup1, sup2=sup2, sup3=sup3, manager=manager, staff=staff, product=product)


def state(product_id="PRD-000777"):
    with session_scope() as s:
        product = s.exec(select(Product).where(Product.product_id == product_id)).one()
        rows = s.exec(select(ProductSupplier).where(ProductSupplier.product_id == product.id)).all()
        return product.supplier_id, {o.supplier_id: o.is_primary for o in rows}


def upsert(world, user="manager", **data):
    with session_scope() as s:
        return offers.upsert_offer(s, product_id="prd-000777", data=data, user=world[user])


def test_new_primary_unsets_the_old_and_updates_the_product(world):
    saved = upsert(world, supplier_id="SUP-0002", cost="9.00", lead_time_days=3)
    assert saved.created and not saved.offer.is_primary
    assert state() == (world["sup1"].id, {world["sup1"].id: True, world["sup2"].id: False})
    saved = upsert(world, supplier_id="sup-0002", is_primary=True)
    assert not saved.created
    assert state() == (world["sup2"].id, {world["sup1"].id: False, world["sup2"].id: True})
    with session_scope() as s:
        actions = [a.action for a in s.exec(select(AuditLog).where(AuditLog.entity_type == "product_supplier"))]
    assert actions == ["create", "update"]


def test_primary_cannot_be_unset_or_deactivated_directly(world):
    for field in ("is_primary", "is_active"):
        with pytest.raises(ValidationFailed) as exc:
            upsert(world, supplier_id="SUP-0001", **{field: False})
        assert exc.value.details[0].field == field


def test_offer_validation_and_permissions(world):
    with pytest.raises(ValidationFailed) as exc:
        upsert(world, supplier_id="SUP-0002", cost="1.005", lead_time_days=-1, min_order_quantity=0, currency="xx")
    assert {d.field for d in exc.value.details} == {"cost", "lead_time_days", "min_order_quantity", "currency"}
    with pytest.raises(ValidationFailed) as exc:
        upsert(world, supplier_id="SUP-0002")  # a new offer needs a cost
    assert exc.value.details[0].field == "cost"
    with pytest.raises(ValidationFailed):
        upsert(world, supplier_id="SUP-9999", cost=1)
    with pytest.raises(PermissionDenied):
        upsert(world, user="staff", supplier_id="SUP-0002", cost=1)


def test_removing_the_primary_promotes_the_cheapest_active_offer(world):
    upsert(world, supplier_id="SUP-0002", cost="7.00")
    with session_scope() as s:
        offers.remove_offer(s, product_id="PRD-000777", supplier_id="sup-0001", user=world["manager"])
    assert state() == (world["sup2"].id, {world["sup2"].id: True})
    with session_scope() as s:
        offers.remove_offer(s, product_id="PRD-000777", supplier_id="SUP-0002", user=world["manager"])
    assert state() == (None, {})
    with pytest.raises(NotFound), session_scope() as s:
        offers.remove_offer(s, product_id="PRD-000777", supplier_id="SUP-0002", user=world["manager"])


def test_best_supplier_uses_supplier_reliability_and_skips_inactive(world):
    upsert(world, supplier_id="SUP-0002", cost="8.00", lead_time_days=10, min_order_quantity=50)
    upsert(world, supplier_id="SUP-0003", cost="1.00", lead_time_days=1)  # inactive supplier: never offered
    with session_scope() as s:
        result = offers.best_supplier(s, product_id="PRD-000777")
    assert result.quantity == 30  # the reorder quantity
    ids = [r.candidate.supplier_id for r in result.ranked]
    assert ids == ["SUP-0001", "SUP-0002"]
    best, alt = result.ranked
    # SUP-0001 cost 10 lead 5 on-time 98.5%; SUP-0002 cost 8 lead 10 rating 4/5 = .8, MOQ 50 > 30
    assert best.components["reliability"] == 1.0
    assert alt.components == pytest.approx({"cost": 1.0, "lead_time": 6 / 11, "reliability": 0.8 / 0.985,
                                            "moq": 0.6})
    assert best.score == pytest.approx(100 * (0.4 * 0.8 + 0.3 + 0.2 + 0.1))
    assert "on-time delivery 98.5%" in best.reasons and "rating 4/5" in alt.reasons
