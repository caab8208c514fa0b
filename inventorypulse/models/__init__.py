"""All tables. Importing this package registers every table on SQLModel.metadata."""

from .alert import Alert
from .assistant import AssistantAction, AssistantConversation, AssistantMessage  # noqa: F401
from .catalog import Category, Product, ProductSupplier
from .forecast import DemandForecast
from .invoice import Invoice, InvoicePayment
from .purchasing import PurchaseOrder, PurchaseOrderLine
from .replenishment import ReplenishmentPlan
from .sales import Customer, SalesOrder, SalesOrderLine
from .stock import Lot, StockLevel, StockMovement, Warehouse
from .supplier import Supplier
from .system import AppSetting, AuditLog, IdempotencyRecord, JobRun, NumberSequence
from .user import RefreshToken, User

__all__ = [
    "Alert", "AppSetting", "AuditLog", "Category", "Customer", "DemandForecast",
    "IdempotencyRecord", "Invoice", "InvoicePayment", "JobRun", "Lot", "NumberSequence", "Product", "ProductSupplier",
    "PurchaseOrder", "PurchaseOrderLine", "RefreshToken", "ReplenishmentPlan", "SalesOrder",
    "SalesOrderLine", "StockLevel", "StockMovement", "Supplier", "User", "Warehouse",
]
