"""Alerts: listing, raising (one open alert per product × type), acknowledging, resolving, and the
rule engine that raises, refreshes and auto-resolves them over the whole catalogue in bulk SQL."""

from .lifecycle import acknowledge_alert, create_alert, resolve_alert
from .queries import (
    RESOLUTION_TYPES,
    SEVERITY_RANK,
    AlertDetail,
    alert_detail,
    count_open_alerts,
    get_alert,
    list_alerts,
    new_alert_id,
)
from .scan import ScanResult, auto_resolve_alerts, scan_alerts
from .settings import AlertSettings, get_alert_settings, update_alert_settings

__all__ = [
    "RESOLUTION_TYPES", "SEVERITY_RANK", "AlertDetail", "AlertSettings", "ScanResult", "acknowledge_alert",
    "alert_detail", "auto_resolve_alerts", "count_open_alerts", "create_alert", "get_alert", "get_alert_settings",
    "list_alerts", "new_alert_id", "resolve_alert", "scan_alerts", "update_alert_settings",
]
