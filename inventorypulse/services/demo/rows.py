"""Database rows built from the simulated business (ids are list positions + 1)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta

import numpy as np

from .catalogue import DISCONTINUED, FAST, PENDING, STATUS_NAMES, Products, at, ean13
from .lots import Lots
from .purchasing import PurchaseOrders
from .simulation import CANCELLED, SimulationResult
from .vocab import CATEGORIES, WAREHOUSES

HOUR = 3600


def product_rows(rng: np.random.Generator, p: Products, seasonal: np.ndarray, start: date,
                 seed: int, manager_id: int) -> list[dict]:
    n = p.n
    created_day = -rng.integers(30, 900, n)
    created_second = rng.integers(8 * HOUR, 18 * HOUR, n)
    # A bijection on 0..10^11-1 (multiplier coprime to 10) keeps barcodes unique but unordered.
    barcode_body = (np.arange(1, n + 1, dtype=np.int64) * 7_919_317 + seed * 1_000_003) % 10**11
    weight = np.round(np.clip(np.exp(np.log(0.6) + 0.9 * rng.standard_normal(n)), 0.02, 40), 2)
    dims = np.round(rng.uniform(4, 60, (n, 3)), 1)
    location = rng.integers(0, 10**6, (n, 4))
    tag_pick = rng.integers(0, 10**6, (n, 2))
    on_max = p.max_stock > 0
    primary_offer = np.flatnonzero(p.offers["is_primary"])  # offers are sorted by product
    rows = []
    for i in range(n):
        spec = CATEGORIES[p.category[i]]
        tags = [spec.tags[tag_pick[i, 0] % 5], spec.tags[(tag_pick[i, 0] + 1 + tag_pick[i, 1] % 4) % 5],
                p.brands[i].lower().replace(" ", "-")]
        if p.demand_class[i] == FAST:
            tags.append("bestseller")
        if seasonal[i]:
            tags.append("seasonal")
        if p.status[i] == PENDING:
            tags.append("new")
        elif p.status[i] == DISCONTINUED:
            tags.append("clearance")
        created = at(start + timedelta(days=int(created_day[i])), created_second[i])
        rows.append({
            "id": i + 1,
            "product_id": f"PRD-{i + 1:06d}",
            "name": p.names[i],
            "description": p.descriptions[i],
            "category_id": int(p.category[i]) + 1,
            "subcategory": p.subcategories[i],
            "sku": f"{spec.code}-{i + 1:06d}",
            "barcode": ean13(f"2{barcode_body[i]:011d}"),
            "supplier_id": int(p.primary_supplier[i]) + 1,
            "supplier_product_code": p.offer_codes[primary_offer[i]],
            "current_stock": 0,
            "reserved_stock": 0,
            "reorder_threshold": int(p.threshold[i]),
            "reorder_quantity": int(p.reorder_qty[i]),
            "max_stock_level": int(p.max_stock[i]) if on_max[i] else None,
            "stock_unit": spec.unit,
            "cost_price": p.cost_cents[i] / 100,
            "selling_price": p.price_cents[i] / 100,
            "currency": "USD",
            "price_updated_at": created,
            "weight": float(weight[i]),
            "length_cm": float(dims[i, 0]), "width_cm": float(dims[i, 1]), "height_cm": float(dims[i, 2]),
            "warehouse_location": f"{'ABCDEFGH'[location[i, 0] % 8]}-{location[i, 1] % 24 + 1:02d}"
                                  f"-S{location[i, 2] % 6 + 1}-B{location[i, 3] % 9 + 1}",
            "storage_requirements": list(spec.storage),
            "tags": list(dict.fromkeys(tags)),
            "seasonal": bool(seasonal[i]),
            "expiration_tracking": bool(p.lot_tracked[i]),
            "lot_tracking": bool(p.lot_tracked[i]),
            "status": STATUS_NAMES[p.status[i]],
            "created_by": manager_id,
            "last_modified_by": manager_id,
            "created_at": created,
            "updated_at": created,
        })
    return rows


def offer_rows(p: Products, pos: PurchaseOrders, start: date) -> list[dict]:
    o = p.offers
    # The primary offer remembers when it was last ordered.
    last_day = np.full(p.n, -1)
    np.maximum.at(last_day, pos.lines["product"], pos.po["order_day"][pos.lines["po"]])
    created = at(start - timedelta(days=30), 9 * HOUR)
    rows = []
    for i in range(o["product"].size):
        product = int(o["product"][i])
        primary = bool(o["is_primary"][i])
        last = last_day[product] if primary else -1
        rows.append({
            "id": i + 1, "product_id": product + 1, "supplier_id": int(o["supplier"][i]) + 1,
            "cost": o["cost_cents"][i] / 100, "currency": "USD",
            "lead_time_days": int(o["lead_time"][i]), "min_order_quantity": int(o["moq"][i]),
            "supplier_product_code": p.offer_codes[i], "is_primary": primary, "is_active": True,
            "last_order_date": at(start + timedelta(days=int(last)), 17 * HOUR) if last >= 0 else None,
            "created_at": created, "updated_at": created,
        })
    return rows


def purchase_order_rows(pos: PurchaseOrders, start: date, users: dict[str, int]) -> list[dict]:
    po = pos.po
    rows = []
    for i, status in enumerate(pos.statuses):
        ordered = at(start + timedelta(days=int(po["order_day"][i])), po["order_second"][i])
        arrived = None  # the (first) delivery
        if status in ("received", "partially_received"):
            arrived = at(start + timedelta(days=int(po["arrival_day"][i])), po["receipt_second"][i])
        # Like the app: the delivery date and receiver are set once the order is complete.
        delivered = arrived if status == "received" else None
        updated = arrived or ordered
        notes = None
        if status == "cancelled":
            if po["fate"][i] == CANCELLED:  # the failed supplier
                updated = at(start + timedelta(days=int(po["cancel_day"][i])), 10 * HOUR)
                notes = "Cancelled: supplier cannot deliver (production stopped). Re-source items."
            else:
                updated = ordered + timedelta(hours=2)
                notes = "Duplicate order entered by mistake; cancelled by buyer."
        elif status == "partially_received":
            notes = "Partial delivery; remaining quantities back-ordered by the supplier."
        elif status == "draft":
            notes = "Draft: awaiting manager approval."
        code, name, street, city, state, postal, _ = WAREHOUSES[int(po["warehouse"][i])]
        rows.append({
            "id": i + 1, "order_number": pos.numbers[i], "supplier_id": int(po["supplier"][i]) + 1,
            "status": status, "order_date": ordered,
            "expected_delivery_date": at(start + timedelta(days=int(po["expected_day"][i])), 12 * HOUR),
            "actual_delivery_date": delivered,
            "sent_at": None if status == "draft" else ordered + timedelta(minutes=15),
            "subtotal": po["subtotal_cents"][i] / 100, "tax_amount": po["tax_cents"][i] / 100,
            "shipping_cost": po["shipping_cents"][i] / 100, "total_amount": po["total_cents"][i] / 100,
            "currency": "USD",
            "ship_to_name": f"{name} ({code})", "ship_to_street": street, "ship_to_city": city,
            "ship_to_state": state, "ship_to_postal_code": postal, "ship_to_country": "US",
            "created_by": users["manager"],
            "approved_by": None if status == "draft" else users["manager"],
            "received_by": users["staff"] if delivered else None,
            "notes": notes, "created_at": ordered, "updated_at": updated,
        })
    return rows


PO_LINE_COLUMNS = ["id", "purchase_order_id", "line_no", "product_id", "quantity_ordered",
                   "quantity_received", "unit_cost", "line_total", "notes"]


def purchase_order_line_rows(pos: PurchaseOrders) -> Iterator[tuple]:
    lines = pos.lines
    n = lines["po"].size
    status = np.array(pos.statuses, dtype=object)[lines["po"]]
    short = (status == "partially_received") & (lines["received"] < lines["quantity"])
    notes = np.where(short, "Back-ordered by supplier", None)
    return zip(range(1, n + 1), (lines["po"] + 1).tolist(), lines["line_no"].tolist(),
               (lines["product"] + 1).tolist(), lines["quantity"].tolist(), lines["received"].tolist(),
               (lines["cost_cents"] / 100).tolist(), (lines["total_cents"] / 100).tolist(), notes.tolist())


def stock_level_rows(sim: SimulationResult, p: Products, updated) -> list[dict]:
    home = p.home_warehouse
    second = p.second_warehouse
    pairs = [(i, int(home[i])) for i in range(p.n)] + [
        (i, int(second[i])) for i in np.flatnonzero(second >= 0).tolist()
    ]
    pairs.sort()
    return [{"id": k + 1, "product_id": i + 1, "warehouse_id": w + 1, "on_hand": int(sim.on_hand[i, w]),
             "reserved": 0, "updated_at": updated} for k, (i, w) in enumerate(pairs)]


def lot_rows(lots: Lots, sim: SimulationResult, start: date) -> list[dict]:
    ledger = sim.ledger
    rows = []
    for k in range(lots.event.size):
        event = lots.event[k]
        rows.append({
            "id": k + 1, "product_id": int(lots.product[k]) + 1, "warehouse_id": int(lots.warehouse[k]) + 1,
            "lot_number": lots.number[k],
            "expiry_date": start + timedelta(days=int(lots.expiry_day[k])),
            "quantity": int(lots.quantity[k]),
            "received_at": at(start + timedelta(days=int(ledger["day"][event])), ledger["second"][event]),
        })
    return rows
