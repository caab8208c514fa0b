"""Who may do what: seed 002's permission matrix mapped onto our four roles."""

from __future__ import annotations

from enum import StrEnum

from ..models import User
from ..models.status import Role
from .errors import PermissionDenied


class Perm(StrEnum):
    READ = "read"  # every list, detail and report
    STOCK_MOVE = "stock:move"  # inbound/outbound/adjustment movements, transfers, barcode scan
    PO_RECEIVE = "purchase_order:receive"
    ALERT_ACKNOWLEDGE = "alert:acknowledge"
    PRODUCT_WRITE = "product:write"  # create/update products and supplier offers, link barcodes
    SUPPLIER_WRITE = "supplier:write"
    PO_WRITE = "purchase_order:write"  # create/edit/transition purchase orders
    ALERT_RESOLVE = "alert:resolve"
    PRODUCT_DELETE = "product:delete"
    SUPPLIER_DELETE = "supplier:delete"
    CATEGORY_WRITE = "category:write"
    USER_ADMIN = "user:admin"
    SETTINGS_WRITE = "settings:write"  # alert rule settings
    JOB_ADMIN = "job:admin"  # see job runs, run a job now
    SALES_WRITE = "sales_order:write"  # create/edit/confirm/cancel/ship/return sales orders
    CUSTOMER_WRITE = "customer:write"
    INVOICE_WRITE = "invoice:write"  # raise invoices, record payments


_READONLY = {Perm.READ}
_STAFF = _READONLY | {Perm.STOCK_MOVE, Perm.PO_RECEIVE, Perm.ALERT_ACKNOWLEDGE, Perm.SALES_WRITE}
_MANAGER = _STAFF | {Perm.PRODUCT_WRITE, Perm.SUPPLIER_WRITE, Perm.PO_WRITE, Perm.ALERT_RESOLVE,
                     Perm.CUSTOMER_WRITE, Perm.INVOICE_WRITE}
ROLE_PERMISSIONS: dict[str, frozenset[Perm]] = {
    Role.READONLY: frozenset(_READONLY),
    Role.STAFF: frozenset(_STAFF),
    Role.MANAGER: frozenset(_MANAGER),
    Role.ADMIN: frozenset(Perm),
}


def has_perm(user: User, perm: Perm) -> bool:
    return perm in ROLE_PERMISSIONS.get(user.role, frozenset())


def require(user: User, perm: Perm) -> None:
    if not has_perm(user, perm):
        raise PermissionDenied(f"Your role ({user.role}) may not do this ({perm}).")
