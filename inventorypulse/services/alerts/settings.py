"""Alert rule settings (seed 001): each rule on or off, and the day windows, kept in `app_settings`."""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields, replace
from typing import Any

from sqlmodel import Session

from ...models import AppSetting, User
from ...models.base import utcnow
from .. import audit, permissions
from ..permissions import Perm
from ..validation import Checker

SETTINGS_KEY = "alert_rules"
# Day windows: field -> (minimum, maximum).
DAY_RANGES = {"expiry_warning_days": (1, 365), "predicted_stockout_days": (0, 365)}


@dataclass(frozen=True)
class AlertSettings:
    low_stock_enabled: bool = True
    out_of_stock_enabled: bool = True
    overstock_enabled: bool = True
    expiry_warning_enabled: bool = True
    # Warn about lots expiring within this many days.
    expiry_warning_days: int = 30
    reorder_suggestion_enabled: bool = True
    predicted_stockout_enabled: bool = True
    # Warn when the forecast stockout date falls within the supplier lead time plus this many days.
    predicted_stockout_days: int = 7

    def is_enabled(self, alert_type: str) -> bool:
        return bool(getattr(self, f"{alert_type}_enabled"))

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


FIELD_NAMES = tuple(f.name for f in fields(AlertSettings))


def _issues(values: dict[str, Any]) -> Checker:
    c = Checker()
    for name, value in values.items():
        if name not in FIELD_NAMES:
            c.add(name, "is not an alert setting")
        elif name.endswith("_enabled"):
            if not isinstance(value, bool):
                c.add(name, "must be true or false")
        elif isinstance(value, bool) or not isinstance(value, int):
            c.add(name, "must be a whole number of days")
        else:
            c.int_range(name, value, *DAY_RANGES[name])
    return c


def get_alert_settings(session: Session) -> AlertSettings:
    """The stored settings over the defaults; a stored value that no longer validates falls back to its default."""
    row = session.get(AppSetting, SETTINGS_KEY)
    stored = row.value if row else {}
    usable = {k: v for k, v in stored.items() if k in FIELD_NAMES and not _issues({k: v}).issues}
    return replace(AlertSettings(), **usable)


def update_alert_settings(session: Session, *, user: User, changes: dict[str, Any]) -> AlertSettings:
    """Change some settings (admins only). Every wrong field is reported at once, by name."""
    permissions.require(user, Perm.SETTINGS_WRITE)
    _issues(changes).done("Invalid alert settings.")
    current = get_alert_settings(session)
    updated = replace(current, **changes)
    changed = {k: {"from": getattr(current, k), "to": v} for k, v in changes.items() if getattr(current, k) != v}
    row = session.get(AppSetting, SETTINGS_KEY) or AppSetting(key=SETTINGS_KEY)
    row.value, row.updated_by, row.updated_at = updated.as_dict(), user.id, utcnow()
    session.add(row)
    if changed:
        audit.record(session, user_id=user.id, entity_type="app_setting", entity_id=SETTINGS_KEY, action="update",
                     changes=changed)
    session.flush()
    return updated
