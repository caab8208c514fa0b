"""Purchase orders from the simulation, finished for the database: lifecycle status,
amounts, numbers (PO-YYYY-NNNNNN, counted per year), plus a few orders that never
touched stock (drafts waiting for approval, duplicates cancelled by the buyer)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np

from .catalogue import ACTIVE, PENDING, Products, SupplierTable
from .simulation import CANCELLED, ORDERED, PARTIAL, SimulationResult

DRAFT, DUPLICATE = 10, 11  # fates of the orders added here
HOUR = 3600


@dataclass
class PurchaseOrders:
    po: dict[str, np.ndarray]  # one entry per order, in id order (id = index + 1)
    lines: dict[str, np.ndarray]  # `po` holds the order's index
    sim_to_final: np.ndarray  # simulation PO index -> final index
    numbers: list[str]
    statuses: list[str]
    sequences: dict[str, int]  # number_sequences rows: PO-YYYY -> last number


def _extra_orders(rng, p: Products, sim: SimulationResult, po: dict, lines: dict, days: int):
    """Drafts for new products and healthy items; duplicates of old orders, cancelled."""
    extra_po = {k: [] for k in po}
    extra_lines = {k: [] for k in lines}
    next_index = po["supplier"].size

    def add(supplier, warehouse, day, second, fate, products, quantities, cancel_day=-1):
        nonlocal next_index
        for k, v in (("supplier", supplier), ("warehouse", warehouse), ("order_day", day),
                     ("order_second", second), ("expected_day", day + int(p.lead_time[products[0]])),
                     ("arrival_day", -1), ("receipt_second", 0), ("fate", fate),
                     ("cancel_day", cancel_day)):
            extra_po[k].append([v])
        count = len(products)
        for k, v in (("po", [next_index] * count), ("line_no", list(range(1, count + 1))),
                     ("product", list(products)), ("quantity", list(quantities)),
                     ("received", [0] * count), ("cost_cents", p.cost_cents[products].tolist())):
            extra_lines[k].append(v)
        next_index += 1

    # Drafts: initial orders for pending products, then top-ups of well-stocked items.
    open_order = sim.on_order > 0
    healthy = np.flatnonzero((p.status == ACTIVE) & ~open_order
                             & (sim.on_hand.sum(axis=1) > 2 * p.threshold))
    chosen = np.r_[np.flatnonzero(p.status == PENDING)[:30], rng.choice(healthy, min(12, healthy.size), False)]
    for key in np.unique(p.primary_supplier[chosen] * 3 + p.home_warehouse[chosen])[:5]:
        group = chosen[(p.primary_supplier[chosen] * 3 + p.home_warehouse[chosen]) == key][:8]
        add(int(key // 3), int(key % 3), days - 1, int(rng.integers(9 * HOUR, 11 * HOUR)), DRAFT,
            group, p.reorder_qty[group])

    # Duplicates: an order keyed in twice by mistake, cancelled two hours later.
    old = np.flatnonzero((po["order_day"] < days - 30) & (po["fate"] == ORDERED))
    for i in rng.choice(old, size=min(old.size, max(2, min(12, old.size // 200))), replace=False):
        mask = lines["po"] == i
        products, quantities = lines["product"][mask][:3], lines["quantity"][mask][:3]
        add(int(po["supplier"][i]), int(po["warehouse"][i]), int(po["order_day"][i]),
            int(po["order_second"][i]) + 600, DUPLICATE, products, quantities, int(po["order_day"][i]))
    return ({k: np.r_[po[k], np.concatenate(v)] if v else po[k] for k, v in extra_po.items()},
            {k: np.r_[lines[k], np.concatenate(v)] if v else lines[k] for k, v in extra_lines.items()})


def _status(po: dict, days: int) -> np.ndarray:
    fate = po["fate"]
    age = days - po["order_day"]
    lead = np.maximum(po["expected_day"] - po["order_day"], 1)
    in_transit = np.select([age / lead < 0.3, age / lead < 0.7], ["sent", "acknowledged"], "shipped")
    return np.select(
        [fate == DRAFT, fate == DUPLICATE,
         (fate == CANCELLED) & (po["cancel_day"] < days), fate == CANCELLED,
         fate == PARTIAL, po["arrival_day"] < days],
        ["draft", "cancelled", "cancelled", in_transit, "partially_received", "received"],
        in_transit,
    ).astype(object)


def finish_purchase_orders(rng: np.random.Generator, p: Products, suppliers: SupplierTable,
                           sim: SimulationResult, start: date, days: int) -> PurchaseOrders:
    po, lines = _extra_orders(rng, p, sim, dict(sim.purchase_orders), dict(sim.lines), days)
    status = _status(po, days)

    # Ids and numbers follow the order date.
    order = np.lexsort((np.arange(status.size), po["order_second"], po["order_day"]))
    final = np.empty_like(order)
    final[order] = np.arange(order.size)
    po = {k: v[order] for k, v in po.items()}
    status = status[order]
    lines = dict(lines, po=final[lines["po"]])
    line_order = np.lexsort((lines["line_no"], lines["po"]))
    lines = {k: v[line_order] for k, v in lines.items()}

    received_status = status[lines["po"]]
    lines["received"] = np.where(received_status == "received", lines["quantity"],
                                 np.where(received_status == "partially_received", lines["received"], 0))
    lines["total_cents"] = lines["quantity"] * lines["cost_cents"]
    subtotal = np.bincount(lines["po"], weights=lines["total_cents"], minlength=status.size).astype(np.int64)
    supplier = po["supplier"]
    po["subtotal_cents"] = subtotal
    po["tax_cents"] = np.round(subtotal * suppliers.tax_rate[supplier]).astype(np.int64)
    po["shipping_cents"] = np.where(subtotal >= suppliers.free_shipping_cents[supplier], 0,
                                    suppliers.shipping_fee_cents[supplier])
    po["total_cents"] = po["subtotal_cents"] + po["tax_cents"] + po["shipping_cents"]

    numbers, sequences = [], {}
    years = [(start + timedelta(days=d)).year for d in range(days)]
    for day in po["order_day"].tolist():
        name = f"PO-{years[day]}"
        sequences[name] = sequences.get(name, 0) + 1
        numbers.append(f"{name}-{sequences[name]:06d}")
    sim_count = sim.purchase_orders["supplier"].size
    return PurchaseOrders(po, lines, final[:sim_count], numbers, status.tolist(), sequences)
