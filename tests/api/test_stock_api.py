"""Stock ledger over HTTP: concurrency guarantees, idempotency, errors."""

from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlmodel import select

from inventorypulse.db import session_scope
from inventorypulse.models import Product, StockMovement
from tests.factories import make_product, make_warehouse

THREADS, PER_THREAD = 16, 100


@pytest.fixture
def stocked(any_db):
    def make(quantity: int):
        with session_scope() as s:
            wh = make_warehouse(s, "WH-MAIN")
            return make_product(s, stock=[(wh, quantity)])
    return make


def _hammer(client, headers, product_id: str) -> list[int]:
    """16 threads share the client's event loop; sync routes run concurrently in its thread pool."""

    def worker(_):
        return [client.post("/api/stock-movements", headers=headers,
                            json={"product_id": product_id, "movement_type": "outbound", "quantity": 1}).status_code
                for _ in range(PER_THREAD)]

    with ThreadPoolExecutor(THREADS) as pool:
        return [code for codes in pool.map(worker, range(THREADS)) for code in codes]


def _ledger(product):
    with session_scope() as s:
        rows = s.exec(select(StockMovement).where(StockMovement.product_id == product.id)
                      .order_by(StockMovement.id)).all()
        stock = s.get(Product, product.id).current_stock
    return rows, stock


@pytest.mark.parametrize("initial, expected_ok", [(1000, 1000), (800, 800)])
def test_concurrent_outbound_never_oversells_and_keeps_the_chain(client, role_headers, stocked, initial, expected_ok):
    product = stocked(initial)
    codes = _hammer(client, role_headers("staff"), product.product_id)
    assert codes.count(201) == expected_ok
    assert codes.count(409) == THREADS * PER_THREAD - expected_ok
    assert set(codes) <= {201, 409}
    rows, stock = _ledger(product)
    assert stock == 0 and len(rows) == expected_ok
    assert rows[0].stock_before == initial and rows[-1].stock_after == 0
    for prev, cur in zip(rows, rows[1:]):
        assert cur.stock_before == prev.stock_after and cur.stock_after == cur.stock_before - 1 >= 0


def test_idempotent_post_returns_first_result_and_changes_nothing(client, role_headers, stocked):
    product = stocked(10)
    headers = role_headers("staff") | {"Idempotency-Key": "retry-abc-1"}
    body = {"product_id": product.product_id, "movement_type": "outbound", "quantity": 3}
    first = client.post("/api/stock-movements", headers=headers, json=body)
    again = client.post("/api/stock-movements", headers=headers, json=body)
    assert first.status_code == again.status_code == 201
    assert first.json() == again.json() and first.json()["new_stock_level"] == 7
    rows, stock = _ledger(product)
    assert len(rows) == 1 and stock == 7
    other = client.post("/api/stock-movements", headers=headers, json=body | {"quantity": 4})
    assert other.status_code == 409


def test_errors_are_json_naming_the_field(client, role_headers, stocked):
    product = stocked(5)
    h = role_headers("staff")
    r = client.post("/api/stock-movements", headers=h,
                    json={"product_id": product.product_id, "movement_type": "inbound", "quantity": -2})
    assert r.status_code == 422 and r.json()["details"][0]["field"] == "quantity"
    r = client.post("/api/stock-movements", headers=h,
                    json={"product_id": product.product_id, "movement_type": "outbound", "quantity": 6})
    assert r.status_code == 409 and r.json()["error"] == "INSUFFICIENT_STOCK"
    r = client.post("/api/stock-movements", headers=h, json={"product_id": "PRD-404404", "movement_type": "inbound",
                                                             "quantity": 1})
    assert r.status_code == 404 and r.json()["error"] == "NOT_FOUND"
    r = client.post("/api/stock-movements", headers=h, json={"movement_type": "sideways", "quantity": "many"})
    fields = {d["field"] for d in r.json()["details"]}
    assert r.status_code == 422 and {"product_id", "movement_type", "quantity"} <= fields
    r = client.post("/api/inventory/adjust", headers=h, json={"product_id": product.product_id, "quantity": -1,
                                                              "reason_code": "whim"})
    assert r.status_code == 422 and r.json()["details"][0]["field"] == "reason_code"


def test_readonly_cannot_move_stock_but_can_list(client, role_headers, stocked):
    product = stocked(5)
    body = {"product_id": product.product_id, "movement_type": "inbound", "quantity": 1}
    assert client.post("/api/stock-movements", headers=role_headers("readonly"), json=body).status_code == 403
    assert client.post("/api/stock-movements", json=body).status_code == 401
    assert client.post("/api/stock-movements", headers=role_headers("staff"), json=body).status_code == 201
    listed = client.get("/api/stock-movements", headers=role_headers("readonly"),
                        params={"product_id": product.product_id, "movement_type": "inbound"}).json()
    assert listed["pagination"]["total_items"] == 1
    assert listed["stock_movements"][0]["stock_after"] == 6


def test_transfer_and_adjust_endpoints(client, role_headers, stocked):
    product = stocked(10)
    with session_scope() as s:
        make_warehouse(s, "WH-EAST", default=False)
    h = role_headers("staff")
    r = client.post("/api/stock-transfers", headers=h, json={"product_id": product.product_id,
                                                             "from_warehouse": "WH-MAIN", "to_warehouse": "WH-EAST",
                                                             "quantity": 4})
    assert r.status_code == 201, r.text
    assert (r.json()["source_stock_level"], r.json()["destination_stock_level"]) == (6, 4)
    r = client.post("/api/inventory/adjust", headers=h, json={"product_id": product.product_id, "quantity": -2,
                                                              "reason_code": "count_correction",
                                                              "warehouse": "WH-EAST"})
    assert r.status_code == 201 and r.json()["warehouse_stock_level"] == 2 and r.json()["new_stock_level"] == 8


def test_batch_is_all_or_nothing_and_names_the_bad_entry(client, role_headers, stocked):
    product = stocked(10)
    h = role_headers("staff")
    good = {"product_id": product.product_id, "movement_type": "outbound", "quantity": 2}
    bad = {"product_id": product.product_id, "movement_type": "inbound", "quantity": -1}
    r = client.post("/api/stock-movements/batch", headers=h, json={"movements": [good, bad]})
    assert r.status_code == 422 and r.json()["details"][0]["field"] == "movements[1].quantity"
    too_much = {"product_id": product.product_id, "movement_type": "outbound", "quantity": 9}
    r = client.post("/api/stock-movements/batch", headers=h, json={"movements": [good, too_much]})
    assert r.status_code == 409
    rows, stock = _ledger(product)
    assert rows == [] and stock == 10
    r = client.post("/api/stock-movements/batch", headers=h, json={"movements": [good, good, good]})
    assert r.status_code == 201 and r.json()["count"] == 3
    assert [m["warehouse_stock_level"] for m in r.json()["movements"]] == [8, 6, 4]
    rows, stock = _ledger(product)
    assert stock == 4 and [m.stock_after for m in rows] == [8, 6, 4]
