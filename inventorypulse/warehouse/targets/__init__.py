"""Where the analytics go: Snowflake when SNOWFLAKE_ACCOUNT is set, else the embedded database."""

from __future__ import annotations

from .base import Row, TableState, Target, WarehouseUnavailable
from .embedded import EmbeddedTarget
from .snowflake import SnowflakeTarget, is_configured


def target_kind() -> str:
    return "snowflake" if is_configured() else "embedded"


def open_target() -> Target:
    """Connect to the configured target; raises WarehouseUnavailable when it cannot be reached."""
    return SnowflakeTarget() if is_configured() else EmbeddedTarget()


__all__ = ["EmbeddedTarget", "Row", "SnowflakeTarget", "TableState", "Target", "WarehouseUnavailable",
           "open_target", "target_kind"]
