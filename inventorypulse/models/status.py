"""Status and type vocabularies. Values are the readable strings stored in the database."""

from enum import StrEnum


class Role(StrEnum):
    ADMIN = "admin"
    MANAGER = "manager"
    STAFF = "staff"
    READONLY = "readonly"


class UserStatus(StrEnum):
    ACTIVE = "active"
    INACTIVE = "inactive"
    SUSPENDED = "suspended"


class ProductStatus(StrEnum):
    ACTIVE = "active"
    DISCONTINUED = "discontinued"
    PENDING = "pending"


class SupplierStatus(StrEnum):
    ACTIVE = "active"
    INACTIVE = "inactive"
    PENDING = "pending"


class MovementType(StrEnum):
    INBOUND = "inbound"
    OUTBOUND = "outbound"
    ADJUSTMENT = "adjustment"
    TRANSFER = "transfer"


class ReferenceType(StrEnum):
    PURCHASE_ORDER = "purchase_order"
    SALE = "sale"
    SALES_ORDER = "sales_order"
    ADJUSTMENT = "adjustment"
    TRANSFER = "transfer"
    RETURN = "return"
    OPENING_BALANCE = "opening_balance"


class ReasonCode(StrEnum):
    SALE = "sale"
    PURCHASE_RECEIPT = "purchase_receipt"
    DAMAGED_GOODS = "damaged_goods"
    COUNT_CORRECTION = "count_correction"
    THEFT = "theft"
    EXPIRED = "expired"
    RETURN = "return"
    TRANSFER = "transfer"
    OPENING_BALANCE = "opening_balance"
    OTHER = "other"


class MovementStatus(StrEnum):
    PENDING = "pending"
    COMPLETED = "completed"
    CANCELLED = "cancelled"


class PurchaseOrderStatus(StrEnum):
    DRAFT = "draft"
    SENT = "sent"
    ACKNOWLEDGED = "acknowledged"
    SHIPPED = "shipped"
    PARTIALLY_RECEIVED = "partially_received"
    RECEIVED = "received"
    CANCELLED = "cancelled"


# Purchase orders still expecting goods (counted as "open" on the dashboard).
OPEN_PO_STATUSES = (
    PurchaseOrderStatus.DRAFT,
    PurchaseOrderStatus.SENT,
    PurchaseOrderStatus.ACKNOWLEDGED,
    PurchaseOrderStatus.SHIPPED,
    PurchaseOrderStatus.PARTIALLY_RECEIVED,
)


class CustomerType(StrEnum):
    INDIVIDUAL = "individual"
    BUSINESS = "business"


class SalesOrderStatus(StrEnum):
    DRAFT = "draft"
    PENDING = "pending"
    CONFIRMED = "confirmed"
    PROCESSING = "processing"
    SHIPPED = "shipped"
    DELIVERED = "delivered"
    COMPLETED = "completed"
    CANCELLED = "cancelled"


class PaymentStatus(StrEnum):
    UNPAID = "unpaid"
    PARTIAL = "partial"
    PAID = "paid"
    REFUNDED = "refunded"


class InvoiceStatus(StrEnum):
    """Stored: unpaid/partial/paid. OVERDUE is derived from the due date when read."""

    UNPAID = "unpaid"
    PARTIAL = "partial"
    PAID = "paid"
    OVERDUE = "overdue"


class AlertType(StrEnum):
    LOW_STOCK = "low_stock"
    OUT_OF_STOCK = "out_of_stock"
    OVERSTOCK = "overstock"
    EXPIRY_WARNING = "expiry_warning"
    REORDER_SUGGESTION = "reorder_suggestion"
    PREDICTED_STOCKOUT = "predicted_stockout"


class AlertSeverity(StrEnum):
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"
    CRITICAL = "critical"


class AlertStatus(StrEnum):
    ACTIVE = "active"
    ACKNOWLEDGED = "acknowledged"
    RESOLVED = "resolved"
    DISMISSED = "dismissed"


# Alerts that still need someone's attention.
OPEN_ALERT_STATUSES = (AlertStatus.ACTIVE, AlertStatus.ACKNOWLEDGED)


class JobStatus(StrEnum):
    RUNNING = "running"
    SUCCEEDED = "succeeded"
    FAILED = "failed"
