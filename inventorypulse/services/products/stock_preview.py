"""What a stock action would leave behind, shown before the user confirms it.

Pure arithmetic on the levels the page already holds; the ledger still decides when the action is
recorded (it re-checks availability atomically), so a preview can only be more cautious, never looser.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlmodel import Session, select

from ...models import Product, Warehouse
from .query import stock_status

KINDS = ("receive", "issue", "adjust", "transfer")


@dataclass
class Level:
    on_hand: int
    reserved: int = 0


@dataclass
class PreviewLine:
    warehouse: str
    before: int
    after: int


@dataclass
class StockPreview:
    lines: list[PreviewLine] = field(default_factory=list)
    total_before: int = 0
    total_after: int = 0
    status_before: str = ""
    status_after: str = ""
    problem: str = ""  # why the ledger would refuse this, if it would


def active_warehouses(session: Session) -> list[Warehouse]:
    """Warehouses that can take part in a movement, default first."""
    return list(session.exec(select(Warehouse).where(Warehouse.is_active)
                             .order_by(Warehouse.is_default.desc(), Warehouse.code)).all())


def _status(on_hand: int, reserved: int, threshold: int, max_level: int | None) -> str:
    return stock_status(Product(current_stock=on_hand, reserved_stock=reserved, reorder_threshold=threshold,
                                max_stock_level=max_level))


def preview_movement(levels: dict[str, Level], *, kind: str, quantity: int, warehouse: str,
                     to_warehouse: str = "", threshold: int, max_level: int | None = None) -> StockPreview:
    """Stock per touched warehouse and in total after `kind` of `quantity` (signed for adjust)."""
    if kind not in KINDS:
        raise ValueError(f"unknown stock action {kind!r}")
    deltas = {"receive": [(warehouse, quantity)], "issue": [(warehouse, -quantity)],
              "adjust": [(warehouse, quantity)],
              "transfer": [(warehouse, -quantity), (to_warehouse, quantity)]}[kind]
    total = sum(lv.on_hand for lv in levels.values())
    reserved = sum(lv.reserved for lv in levels.values())
    out = StockPreview(total_before=total, total_after=total + sum(d for _, d in deltas),
                       status_before=_status(total, reserved, threshold, max_level))
    out.status_after = _status(max(out.total_after, 0), reserved, threshold, max_level)
    for code, delta in deltas:
        level = levels.get(code, Level(0))
        out.lines.append(PreviewLine(code, level.on_hand, level.on_hand + delta))
        available = level.on_hand - level.reserved
        if delta < 0 and -delta > available and not out.problem:
            out.problem = f"Only {available} available in {code}; cannot take {-delta}."
    if kind in ("receive", "issue", "transfer") and quantity <= 0:
        out.problem = "Quantity must be 1 or more."
    elif kind == "adjust" and quantity == 0:
        out.problem = "An adjustment must change the stock (use a negative number to remove)."
    elif kind == "transfer" and warehouse == to_warehouse:
        out.problem = "Choose two different warehouses."
    return out
