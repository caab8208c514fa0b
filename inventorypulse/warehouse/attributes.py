"""Product prices and thresholds as they were at a past moment.

The product row holds today's values; every update is in the audit log as
{field: {"from", "to"}} with its time (services/products/write.py). The value at time t is the
`from` of the first change after t, or today's value when nothing changed since.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import defaultdict
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from sqlmodel import Session, select

from ..models import AuditLog

TRACKED = ("cost_price", "selling_price", "reorder_threshold", "max_stock_level")
_MONEY = ("cost_price", "selling_price")
IN_CHUNK = 2000


def _parse(field: str, value: Any) -> Any:
    if value is None:
        return None
    return Decimal(str(value)) if field in _MONEY else int(value)


def _aware(ts: datetime) -> datetime:
    return ts.replace(tzinfo=UTC) if ts.tzinfo is None else ts


class ProductAttributes:
    def __init__(self, session: Session, current: dict[str, dict[str, Any]], since: datetime) -> None:
        """`current`: product code -> today's values of TRACKED; changes before `since` are not needed."""
        self.current = current
        # code -> field -> ([change times], [value before each change])
        self._changes: dict[str, dict[str, tuple[list[datetime], list[Any]]]] = defaultdict(dict)
        codes = list(current)
        for i in range(0, len(codes), IN_CHUNK):
            rows = session.exec(
                select(AuditLog.entity_id, AuditLog.occurred_at, AuditLog.changes)
                .where(AuditLog.entity_type == "product", AuditLog.action == "update",
                       AuditLog.entity_id.in_(codes[i:i + IN_CHUNK]), AuditLog.occurred_at >= since)
                .order_by(AuditLog.occurred_at, AuditLog.id)
            ).all()
            for code, at, changes in rows:
                for field in TRACKED:
                    change = (changes or {}).get(field)
                    if isinstance(change, dict) and "from" in change:
                        times, values = self._changes[code].setdefault(field, ([], []))
                        times.append(_aware(at))
                        values.append(_parse(field, change["from"]))

    def changed(self, code: str) -> bool:
        return code in self._changes

    def at(self, code: str, field: str, when: datetime) -> Any:
        """The value of `field` at `when` (aware UTC)."""
        history = self._changes.get(code, {}).get(field)
        if history:
            times, values = history
            k = bisect_right(times, when)  # first change strictly after `when`
            if k < len(times):
                return values[k]
        return self.current[code][field]
