"""The analytical tables of seed 000, written down once.

Snowflake gets the seed DDL (with CLUSTER BY); the embedded target gets the same tables as
SQLAlchemy `Table`s. Row builders produce dicts keyed by these column names.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Date,
    DateTime,
    Index,
    MetaData,
    Numeric,
    String,
    Table,
    false,
    func,
)


@dataclass(frozen=True)
class Col:
    name: str
    type: str  # Snowflake type, as in the seed
    not_null: bool = False
    default: str | None = None  # Snowflake default expression

    @property
    def is_variant(self) -> bool:
        return self.type == "VARIANT"


@dataclass(frozen=True)
class TableSpec:
    name: str
    key: str  # the primary key: MERGE matches on it
    columns: tuple[Col, ...]
    cluster_by: tuple[str, ...] = ()
    load_time: str | None = None  # column stamped with the load time (the seed's *_at default)

    @property
    def names(self) -> list[str]:
        return [c.name for c in self.columns]

    def col(self, name: str) -> Col:
        return next(c for c in self.columns if c.name == name)


NOW = "CURRENT_TIMESTAMP()"

INVENTORY_HISTORY = TableSpec("inventory_history", "record_id", (
    Col("record_id", "VARCHAR(255)", True),
    Col("product_id", "VARCHAR(255)", True),
    Col("snapshot_date", "DATE", True),
    Col("stock_level", "NUMBER(10,2)", True),
    Col("total_value_at_cost", "NUMBER(15,2)"),
    Col("total_value_at_retail", "NUMBER(15,2)"),
    Col("reorder_threshold", "NUMBER(10,2)"),
    Col("available_stock_percentage", "NUMBER(5,2)"),
    Col("warehouse_location", "VARCHAR(255)"),
    Col("days_since_last_restock", "NUMBER(10,0)"),
    Col("inventory_turnover_rate", "NUMBER(8,4)"),
    Col("overstock_flag", "BOOLEAN", default="FALSE"),
    Col("understock_flag", "BOOLEAN", default="FALSE"),
    Col("recorded_at", "TIMESTAMP_NTZ", default=NOW),
), cluster_by=("snapshot_date", "product_id"), load_time="recorded_at")

SALES_ANALYTICS = TableSpec("sales_analytics", "sale_record_id", (
    Col("sale_record_id", "VARCHAR(255)", True),
    Col("product_id", "VARCHAR(255)", True),
    Col("sale_date", "DATE", True),
    Col("sale_timestamp", "TIMESTAMP_NTZ", True),
    Col("quantity_sold", "NUMBER(10,2)", True),
    Col("unit_price_at_sale", "NUMBER(10,2)", True),
    Col("total_revenue_line", "NUMBER(15,2)", True),
    Col("unit_cost_at_sale", "NUMBER(10,2)"),
    Col("total_cost_of_goods_sold", "NUMBER(15,2)"),
    Col("gross_profit_line", "NUMBER(15,2)"),
    Col("customer_id", "VARCHAR(255)"),
    Col("sales_channel", "VARCHAR(50)"),
    Col("region", "VARCHAR(50)"),
    Col("promotion_applied", "BOOLEAN", default="FALSE"),
    Col("promotion_details", "VARIANT"),
    Col("loaded_at", "TIMESTAMP_NTZ", default=NOW),
), cluster_by=("sale_date", "product_id", "sales_channel"), load_time="loaded_at")

DEMAND_FORECAST = TableSpec("demand_forecast", "forecast_id", (
    Col("forecast_id", "VARCHAR(255)", True),
    Col("product_id", "VARCHAR(255)", True),
    Col("forecast_date", "DATE", True),
    Col("forecast_period_start", "DATE", True),
    Col("forecast_period_end", "DATE", True),
    Col("predicted_demand_quantity", "NUMBER(10,2)", True),
    Col("confidence_interval_lower", "NUMBER(10,2)"),
    Col("confidence_interval_upper", "NUMBER(10,2)"),
    Col("model_name", "VARCHAR(255)"),
    Col("model_version", "VARCHAR(50)"),
    Col("accuracy_metric", "NUMBER(8,4)"),
    Col("features_used", "VARIANT"),
    Col("generated_by_agent_id", "VARCHAR(255)"),
    Col("generated_at", "TIMESTAMP_NTZ", default=NOW),
), cluster_by=("forecast_date", "product_id", "forecast_period_start"))

SUPPLIER_PERFORMANCE = TableSpec("supplier_performance", "performance_record_id", (
    Col("performance_record_id", "VARCHAR(255)", True),
    Col("supplier_id", "VARCHAR(255)", True),
    Col("evaluation_period_start", "DATE", True),
    Col("evaluation_period_end", "DATE", True),
    Col("on_time_delivery_rate", "NUMBER(5,2)"),
    Col("quality_score", "NUMBER(5,2)"),
    Col("average_lead_time_days", "NUMBER(10,2)"),
    Col("order_fulfillment_rate", "NUMBER(5,2)"),
    Col("total_orders_in_period", "NUMBER(10,0)"),
    Col("total_value_in_period", "NUMBER(15,2)"),
    Col("return_rate", "NUMBER(5,2)"),
    Col("communication_score", "NUMBER(5,2)"),
    Col("notes", "VARCHAR(1000)"),
    Col("recorded_at", "TIMESTAMP_NTZ", default=NOW),
), cluster_by=("evaluation_period_start", "supplier_id"), load_time="recorded_at")

# Our bookkeeping next to the seed tables: one watermark per table.
SYNC_STATE = TableSpec("inventorypulse_sync_state", "table_name", (
    Col("table_name", "VARCHAR(100)", True),
    Col("watermark", "VARCHAR(2000)"),
    Col("rows_loaded", "NUMBER(12,0)"),
    Col("synced_at", "TIMESTAMP_NTZ"),
))

TABLES: tuple[TableSpec, ...] = (INVENTORY_HISTORY, SALES_ANALYTICS, DEMAND_FORECAST, SUPPLIER_PERFORMANCE)
ALL_TABLES = TABLES + (SYNC_STATE,)


def snowflake_ddl(spec: TableSpec) -> str:
    """CREATE TABLE IF NOT EXISTS in the seed's words, clustering included."""
    lines = []
    for c in spec.columns:
        parts = [c.name, c.type]
        if c.name == spec.key:
            parts.append("PRIMARY KEY")
        elif c.not_null:
            parts.append("NOT NULL")
        if c.default:
            parts.append(f"DEFAULT {c.default}")
        lines.append("    " + " ".join(parts))
    cluster = f" CLUSTER BY ({', '.join(spec.cluster_by)})" if spec.cluster_by else ""
    return f"CREATE TABLE IF NOT EXISTS {spec.name} (\n" + ",\n".join(lines) + f"\n){cluster}"


_NUMBER = re.compile(r"NUMBER\((\d+),(\d+)\)")
_VARCHAR = re.compile(r"VARCHAR\((\d+)\)")


def _sa_type(sf_type: str):
    if m := _NUMBER.fullmatch(sf_type):
        return Numeric(int(m[1]), int(m[2]))
    if m := _VARCHAR.fullmatch(sf_type):
        return String(int(m[1]))
    simple = {"DATE": Date(), "TIMESTAMP_NTZ": DateTime(), "BOOLEAN": Boolean(), "VARIANT": JSON(none_as_null=True)}
    return simple[sf_type]


def _sa_default(default: str | None):
    return {None: None, "FALSE": false(), NOW: func.current_timestamp()}[default]


def sa_table(spec: TableSpec, metadata: MetaData) -> Table:
    """The same table for SQLAlchemy (embedded target)."""
    columns = [
        Column(c.name, _sa_type(c.type), primary_key=c.name == spec.key, nullable=not c.not_null,
               server_default=_sa_default(c.default))
        for c in spec.columns
    ]
    # What clustering is to Snowflake, an index is to SQLite/PostgreSQL.
    indexes = [Index(f"ix_{spec.name}_cluster", *spec.cluster_by)] if spec.cluster_by else []
    return Table(spec.name, metadata, *columns, *indexes)
