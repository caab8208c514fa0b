"""The analytics warehouse: seed 000's analytical tables, loaded from the operational data into
Snowflake (when configured) or an embedded database, and read back for the analytics screen."""

from .sync import SyncSummary, sync_warehouse
from .targets import EmbeddedTarget, SnowflakeTarget, Target, WarehouseUnavailable, open_target, target_kind

__all__ = ["EmbeddedTarget", "SnowflakeTarget", "SyncSummary", "Target", "WarehouseUnavailable", "open_target",
           "sync_warehouse", "target_kind"]
