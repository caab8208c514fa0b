"""Replenishment: the arithmetic on hand-computed cases, the stored plans, suggestions grouped by
best supplier, and draft purchase orders from them."""

from datetime import timedelta
from decimal import Decimal

import numpy as np
import pytest
from sqlmodel import func, select

from inventorypulse.db import session_scope
from inventorypulse.models import (
    AuditLog,
    DemandForecast,
    Product,
    ProductSupplier,
    PurchaseOrder,
    PurchaseOrderLine,
    ReplenishmentPlan,
)
from inventorypulse.services import offers, purchasing, replenishment, sales
from inventorypulse.services.errors import PermissionDenied, ValidationFailed
from inventorypulse.services.replenishment.policy import Z95, cumulative
from tests.factories import make_product, make_supplier, make_user, make_warehouse
from tests.services.sales_helpers import customer, order
from tests.services.test_forecasts import TODAY, add_sales

Z = 1.6448536269514722  # standard normal quantile of 0.95


def put_forecast(session, product, *, mean: float, sigma: float, horizon: int = 90, mase: float = 0.7):
    """A stored forecast with a flat daily mean and a normal daily 95 % band of ±1.96σ."""
    daily = [{"date": (TODAY + timedelta(days=k)).isoformat(), "mean": mean, "lo80": max(mean - 1.28 * sigma, 0),
              "hi80": mean + 1.28 * sigma, "lo95": mean - Z95 * sigma, "hi95": mean + Z95 * sigma}
             for k in range(horizon)]
    session.add(DemandForecast(
        forecast_id=f"FC-T-{product.product_id}", product_id=product.id, forecast_date=TODAY,
        forecast_period_start=TODAY, forecast_period_end=TODAY + timedelta(days=horizon - 1),
        predicted_demand_quantity=Decimal(str(mean * horizon)), model_name="tsb", model_version="1.0.0",
        accuracy_metric=Decimal(str(mase)), daily=daily))
    session.flush()


def plan_of(session, product, warehouse) -> ReplenishmentPlan:
    return session.exec(select(ReplenishmentPlan).where(ReplenishmentPlan.product_id == product.id,
                                                        ReplenishmentPlan.warehouse_id == warehouse.id)).one()


def f(value) -> float | None:
    return None if value is None else float(value)


# --- the arithmetic ------------------------------------------------------------------------------


def flat_paths(mean: float, var: float, horizon: int = 90):
    return cumulative(np.full((1, horizon), mean)), cumulative(np.full((1, horizon), var))


def numbers(available=30, on_order=0, moq=1, cap=np.inf, lead=4, mean=10.0, var=4.0, review=14, level=0.95):
    cum_mean, cum_var = flat_paths(mean, var)
    return replenishment.plan_numbers(
        cum_mean=cum_mean, cum_var=cum_var, lead_time=np.array([lead]), available=np.array([available]),
        on_order=np.array([on_order]), moq=np.array([moq]), cap=np.array([cap]), service_level=level,
        review_days=review)


def test_z_for_95_percent():
    assert replenishment.z_value(0.95) == pytest.approx(1.645, abs=5e-4)
    assert replenishment.z_value(0.99) == pytest.approx(2.326, abs=5e-4)


def test_hand_computed_plan():
    # 10 a day, σ 2 a day, lead time 4: LTD 40, σ_LTD = √(4·2²) = 4, SS = 1.645·4, ROP 46.58,
    # order-up-to ROP + 14 days · 10 = 186.58; 30 available → order ⌈186.58 − 30⌉ = 157.
    n = numbers()
    assert n.avg_daily_demand[0] == pytest.approx(10)
    assert n.lead_time_demand[0] == pytest.approx(40)
    assert n.safety_stock[0] == pytest.approx(Z * 4)
    assert n.reorder_point[0] == pytest.approx(40 + Z * 4)
    assert n.order_up_to[0] == pytest.approx(40 + Z * 4 + 140)
    assert n.suggested_quantity[0] == 157
    assert n.days_of_cover[0] == pytest.approx(3.0)


def test_moq_cap_and_no_need():
    assert numbers(moq=200).suggested_quantity[0] == 200  # raised to the supplier's minimum
    assert numbers(moq=100).suggested_quantity[0] == 157  # already above it
    capped = numbers(cap=100)
    assert capped.order_up_to[0] == 100 and capped.suggested_quantity[0] == 70
    assert numbers(available=47).suggested_quantity[0] == 0  # above the reorder point
    assert numbers(available=30, on_order=20).suggested_quantity[0] == 0  # on order counts
    assert numbers(available=30, on_order=10).suggested_quantity[0] == 147
    assert numbers(lead=0, var=0).reorder_point[0] == 0


def test_lead_time_beyond_the_horizon_repeats_the_average_day():
    n = numbers(lead=120, var=1.0)
    assert n.lead_time_demand[0] == pytest.approx(1200)
    assert n.safety_stock[0] == pytest.approx(Z * np.sqrt(120))


def test_depletion_days():
    cum, _ = flat_paths(10.0, 0.0, horizon=5)
    days = replenishment.depletion_days(np.repeat(cum, 5, axis=0), np.array([25, 0, -3, 50, 80]))
    assert days.tolist() == pytest.approx([2.5, 0, 0, 5, 8])
    zero, _ = flat_paths(0.0, 0.0)
    assert np.isnan(replenishment.depletion_days(zero, np.array([5]))[0])


# --- stored plans --------------------------------------------------------------------------------


@pytest.fixture
def world(any_db):
    with session_scope() as s:
        main, east = make_warehouse(s, "WH-MAIN"), make_warehouse(s, "WH-EAST", default=False)
        acme = make_supplier(s, company_name="Acme Tools", lead_time_days=4)
        zenith = make_supplier(s, company_name="Zenith Parts", lead_time_days=9)
        users = {role: make_user(s, role) for role in ("manager", "readonly")}
    return dict(main=main, east=east, acme=acme, zenith=zenith, **users)


def test_plan_from_a_forecast(world):
    with session_scope() as s:
        p = make_product(s, supplier=world["acme"], stock=[(world["main"], 30)])
        put_forecast(s, p, mean=10, sigma=2)
        assert replenishment.refresh_plans(s, today=TODAY) == 1
    with session_scope() as s:
        plan = plan_of(s, p, world["main"])
    assert (plan.basis, plan.supplier_id, plan.lead_time_days, plan.available) == ("forecast", world["acme"].id, 4, 30)
    assert (f(plan.avg_daily_demand), f(plan.lead_time_demand), f(plan.safety_stock)) == (10, 40, 6.58)
    assert (f(plan.reorder_point), f(plan.order_up_to), plan.suggested_quantity) == (46.58, 186.58, 157)
    assert (f(plan.days_of_cover), plan.stockout_date, f(plan.service_level)) == (3.0, TODAY + timedelta(days=3), 0.95)


def test_moq_of_the_best_offer_and_other_service_levels(world):
    with session_scope() as s:
        p = make_product(s, supplier=world["acme"], stock=[(world["main"], 30)])
        offer = s.exec(select(ProductSupplier).where(ProductSupplier.product_id == p.id)).one()
        offer.min_order_quantity = 500
        put_forecast(s, p, mean=10, sigma=2)
        replenishment.refresh_plans(s, today=TODAY, service_level=0.99)
    with session_scope() as s:
        plan = plan_of(s, p, world["main"])
        assert plan.suggested_quantity == 500
        assert f(plan.safety_stock) == pytest.approx(2.326 * 4, abs=0.01)
        with pytest.raises(ValidationFailed) as err:
            replenishment.refresh_plans(s, service_level=1.5)
        assert err.value.field_errors().keys() == {"service_level"}


def test_max_stock_level_caps_the_product_over_all_warehouses(world):
    with session_scope() as s:
        p = make_product(s, supplier=world["acme"], max_stock_level=100,
                         stock=[(world["main"], 30), (world["east"], 20)])
        put_forecast(s, p, mean=10, sigma=2)
        add_sales(s, p, world["main"], {1: 5, 2: 5})  # the forecast goes to where it sells
        replenishment.refresh_plans(s, today=TODAY)
    with session_scope() as s:
        main, east = plan_of(s, p, world["main"]), plan_of(s, p, world["east"])
    assert (f(main.order_up_to), main.suggested_quantity) == (80, 50)  # 100 − 20 held in WH-EAST
    assert (f(east.avg_daily_demand), east.suggested_quantity, east.days_of_cover, east.stockout_date) == \
        (0, 0, None, None)


def test_stock_reserved_for_sales_orders_is_not_available(world):
    with session_scope() as s:
        p = make_product(s, supplier=world["acme"], stock=[(world["main"], 10), (world["east"], 5)])
        cust = customer(s, world["manager"])
        for qty in (7, 5):  # 12 promised: all 10 free in the default warehouse, then 2 of WH-EAST's 5
            number = order(s, world["manager"], cust, (p, qty)).order_number
            sales.transition_sales_order(s, order_number=number, status="confirmed", user=world["manager"])
        put_forecast(s, p, mean=1, sigma=0)
        replenishment.refresh_plans(s, today=TODAY)
    with session_scope() as s:
        assert (plan_of(s, p, world["main"]).available, plan_of(s, p, world["east"]).available) == (0, 3)


def test_forecast_split_by_recent_sales_share(world):
    with session_scope() as s:
        p = make_product(s, supplier=world["acme"], stock=[(world["main"], 100), (world["east"], 100)])
        put_forecast(s, p, mean=8, sigma=0)
        add_sales(s, p, world["main"], {1: 30})
        add_sales(s, p, world["east"], {1: 10})
        replenishment.refresh_plans(s, today=TODAY)
    with session_scope() as s:
        assert f(plan_of(s, p, world["main"]).avg_daily_demand) == 6
        assert f(plan_of(s, p, world["east"]).avg_daily_demand) == 2


def test_products_without_a_forecast_use_recent_sales(world):
    with session_scope() as s:
        p = make_product(s, supplier=world["acme"], stock=[(world["main"], 5)])
        add_sales(s, p, world["main"], {b: 2 for b in range(1, 91)})
        add_sales(s, p, world["main"], {95: 500})  # older than the window
        new = make_product(s)  # no stock, no sales, no supplier: planned in the default warehouse
        replenishment.refresh_plans(s, today=TODAY)
    with session_scope() as s:
        plan = plan_of(s, p, world["main"])
        assert (plan.basis, f(plan.avg_daily_demand), f(plan.lead_time_demand), f(plan.safety_stock)) == \
            ("recent_sales", 2, 8, 0)
        assert plan.suggested_quantity == 31  # ⌈8 + 14·2 − 5⌉
        assert (f(plan.days_of_cover), plan.stockout_date) == (2.5, TODAY + timedelta(days=2))
        fresh = plan_of(s, new, world["main"])
        assert (fresh.supplier_id, fresh.lead_time_days, fresh.suggested_quantity) == (None, 7, 0)


def test_open_orders_count_as_on_order(world):
    with session_scope() as s:
        p = make_product(s, supplier=world["acme"], stock=[(world["main"], 30)])
        put_forecast(s, p, mean=10, sigma=2)
        purchasing.create_purchase_order(s, supplier_id=world["acme"].supplier_id, user=world["manager"],
                                         lines=[{"product_id": p.product_id, "quantity_ordered": 10}])
        replenishment.refresh_plans(s, today=TODAY)
    with session_scope() as s:
        assert plan_of(s, p, world["main"]).suggested_quantity == 147


def test_best_supplier_comes_from_offer_scoring(world):
    with session_scope() as s:
        p = make_product(s, supplier=world["zenith"], stock=[(world["main"], 0)])
        s.add(ProductSupplier(product_id=p.id, supplier_id=world["acme"].id, cost=Decimal("4.00"), lead_time_days=3,
                              min_order_quantity=1))
        put_forecast(s, p, mean=1, sigma=1)
        replenishment.refresh_plans(s, today=TODAY)
    with session_scope() as s:
        best = offers.best_supplier(s, product_id=p.product_id).recommended.candidate
        plan = plan_of(s, p, world["main"])
        assert best.supplier_id == world["acme"].supplier_id  # cheaper and faster than the primary
        assert (plan.supplier_id, plan.lead_time_days) == (world["acme"].id, 3)


def test_refresh_is_scoped_and_skips_discontinued(world):
    with session_scope() as s:
        a = make_product(s, supplier=world["acme"], stock=[(world["main"], 1)])
        b = make_product(s, supplier=world["acme"], stock=[(world["main"], 1)])
        gone = make_product(s, status="discontinued", stock=[(world["main"], 1)])
        replenishment.refresh_plans(s, today=TODAY)
        put_forecast(s, a, mean=5, sigma=1)
        put_forecast(s, b, mean=5, sigma=1)
        assert replenishment.refresh_plans(s, today=TODAY, product_ids=[a.product_id]) == 1
    with session_scope() as s:
        assert plan_of(s, a, world["main"]).basis == "forecast"
        assert plan_of(s, b, world["main"]).basis == "recent_sales"  # untouched
        assert s.exec(select(ReplenishmentPlan).where(ReplenishmentPlan.product_id == gone.id)).first() is None
        s.get(Product, a.id).status = "discontinued"
        assert replenishment.refresh_plans(s, today=TODAY, product_ids=[a.product_id]) == 0
        assert s.exec(select(ReplenishmentPlan).where(ReplenishmentPlan.product_id == a.id)).first() is None
        with pytest.raises(ValidationFailed) as err:
            replenishment.refresh_plans(s, product_ids=["PRD-NOPE0001"])
        assert err.value.field_errors().keys() == {"product_ids"}


# --- suggestions and draft orders ----------------------------------------------------------------


@pytest.fixture
def suggested(world):
    """Two products best bought from Acme, one from Zenith, one that needs nothing."""
    with session_scope() as s:
        a1 = make_product(s, supplier=world["acme"], stock=[(world["main"], 30)])
        a2 = make_product(s, supplier=world["acme"], stock=[(world["main"], 0)])
        z1 = make_product(s, supplier=world["zenith"], stock=[(world["main"], 5)])
        ok = make_product(s, supplier=world["acme"], stock=[(world["main"], 1000)])
        for p in (a1, a2, z1, ok):
            put_forecast(s, p, mean=10, sigma=2)
        replenishment.refresh_plans(s, today=TODAY)
    return world | dict(a1=a1, a2=a2, z1=z1, ok=ok)


def test_suggestions_grouped_by_best_supplier(suggested):
    w = suggested
    with session_scope() as s:
        page = replenishment.list_suggestions(s)
        groups = replenishment.group_by_supplier(page.items)
        assert [(g.supplier.company_name, [x.product.product_id for x in g.suggestions]) for g in groups] == [
            ("Acme Tools", [w["a2"].product_id, w["a1"].product_id]),  # soonest stockout first
            ("Zenith Parts", [w["z1"].product_id]),
        ]
        assert groups[0].total_quantity == sum(x.plan.suggested_quantity for x in groups[0].suggestions)
        assert groups[0].suggestions[0].line_cost == Decimal("10.00") * groups[0].suggestions[0].plan.suggested_quantity
        assert replenishment.list_suggestions(s, only_needed=False).total == 4
        assert replenishment.list_suggestions(s, supplier_id=w["zenith"].supplier_id).total == 1
        assert replenishment.list_suggestions(s, warehouse="wh-east").total == 0
        assert replenishment.list_suggestions(s, search=w["a1"].sku.lower()).total == 1
        for kwargs, field in (({"supplier_id": "SUP-NONE"}, "supplier_id"), ({"warehouse": "WH-X"}, "warehouse"),
                              ({"limit": 0}, "limit")):
            with pytest.raises(ValidationFailed) as err:
                replenishment.list_suggestions(s, **kwargs)
            assert err.value.field_errors().keys() == {field}


def _counts(s):
    return s.exec(select(func.count()).select_from(PurchaseOrder)).one(), \
        s.exec(select(func.count()).select_from(PurchaseOrderLine)).one()


def test_draft_orders_one_per_supplier(suggested):
    w = suggested
    with session_scope() as s:
        before = {p: plan_of(s, w[p], w["main"]).suggested_quantity for p in ("a1", "a2", "z1")}
        drafts = replenishment.create_draft_orders(s, user=w["manager"], items=[
            {"product_id": w["a1"].product_id, "warehouse": "WH-MAIN"},
            {"product_id": w["z1"].product_id, "warehouse": "wh-main", "quantity": 77},
            {"product_id": w["a2"].product_id, "warehouse": "WH-MAIN"},
        ])
        numbers = [d.order.order_number for d in drafts]
    assert [(d.supplier.id, d.lines) for d in drafts] == [
        (w["acme"].id, [(w["a1"].product_id, before["a1"]), (w["a2"].product_id, before["a2"])]),
        (w["zenith"].id, [(w["z1"].product_id, 77)]),
    ]
    with session_scope() as s:
        for number, draft in zip(numbers, drafts, strict=True):
            detail = purchasing.get_purchase_order(s, order_number=number)
            assert detail.order.status == "draft" and detail.supplier.id == draft.supplier.id
            assert [(p.product_id, line.quantity_ordered) for line, p in detail.lines] == draft.lines
            assert detail.order.ship_to_name.endswith("(WH-MAIN)")
        audit = s.exec(select(AuditLog).where(AuditLog.entity_type == "replenishment")).one()
        assert audit.changes["orders"] == numbers and audit.user_id == w["manager"].id
        # The drafts are on order now: nothing left to suggest for these products.
        assert [plan_of(s, w[p], w["main"]).suggested_quantity for p in ("a1", "a2")] == [0, 0]


def test_nothing_is_written_when_one_line_fails(suggested):
    w = suggested
    items = [{"product_id": w["a1"].product_id, "warehouse": "WH-MAIN"},
             {"product_id": w["ok"].product_id, "warehouse": "WH-MAIN"},  # plan suggests 0
             {"product_id": w["z1"].product_id, "warehouse": "WH-EAST"},  # no plan there
             {"product_id": w["a1"].product_id, "warehouse": "WH-MAIN"},
             {"product_id": w["a2"].product_id, "warehouse": "WH-MAIN", "quantity": 0}]
    with session_scope() as s, pytest.raises(ValidationFailed) as err:
        replenishment.create_draft_orders(s, user=w["manager"], items=items)
    assert set(err.value.field_errors()) == {"items[1].quantity", "items[2].product_id", "items[3].product_id",
                                             "items[4].quantity"}
    # A failure found while creating the second order (after the first was flushed) rolls back both.
    with session_scope() as s:
        s.get(Product, w["z1"].id).status = "discontinued"
    with pytest.raises(ValidationFailed) as err:
        with session_scope() as s:
            replenishment.create_draft_orders(s, user=w["manager"], items=[
                {"product_id": w["a1"].product_id, "warehouse": "WH-MAIN"},
                {"product_id": w["z1"].product_id, "warehouse": "WH-MAIN"}])
    assert err.value.field_errors().keys() == {"items[1].product_id"}
    with session_scope() as s:
        assert _counts(s) == (0, 0)
        assert plan_of(s, w["a1"], w["main"]).suggested_quantity > 0


def test_readonly_may_not_create_drafts(suggested):
    with session_scope() as s, pytest.raises(PermissionDenied):
        replenishment.create_draft_orders(s, user=suggested["readonly"], items=[
            {"product_id": suggested["a1"].product_id, "warehouse": "WH-MAIN"}])
    with session_scope() as s:
        assert _counts(s) == (0, 0)


def test_predictions(suggested):
    w = suggested
    with session_scope() as s:
        (a1,) = replenishment.predict_products(s, product_ids=[w["a1"].product_id], today=TODAY)
        assert (a1.basis, a1.available, a1.days_until_stockout, a1.stockout_date) == \
            ("forecast", 30, 3.0, TODAY + timedelta(days=3))
        assert a1.earliest_stockout_date <= a1.stockout_date <= a1.latest_stockout_date
        assert (a1.confidence, a1.model_name, a1.lead_time_days) == ("high", "tsb", 4)
        assert a1.recommended_order_date == TODAY  # already inside the lead time
        soonest = replenishment.predict_products(s, limit=2, today=TODAY)
        assert [p.product.product_id for p in soonest] == [w["a2"].product_id, w["z1"].product_id]


def test_refresh_on_an_empty_install(db):
    with session_scope() as s:
        assert replenishment.refresh_plans(s) == 0
        make_product(s)  # a product but no warehouse yet
        assert replenishment.refresh_plans(s) == 0
