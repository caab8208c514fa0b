"""Products: the catalogue's queries, field rules and writes.

Split by concern (query / rules / write); import from here: `products.create_product(...)`.
"""

from .lookup import Lookup
from .query import (
    SORTABLE,
    STOCK_STATES,
    ProductDetail,
    ProductFilters,
    WarehouseSummary,
    available_expr,
    filtered_query,
    find_product,
    get_product_detail,
    list_products,
    list_warehouses,
    stock_state_condition,
    stock_status,
)
from .rules import Checked, check_product, flatten
from .write import (
    apply_update,
    as_dict,
    create_product,
    discontinue_product,
    insert_product,
    next_product_id,
    update_product,
)

__all__ = [
    "SORTABLE", "STOCK_STATES", "Checked", "Lookup", "ProductDetail", "ProductFilters", "WarehouseSummary",
    "apply_update", "as_dict", "available_expr", "check_product", "create_product", "discontinue_product",
    "filtered_query", "find_product", "flatten", "get_product_detail", "insert_product", "list_products",
    "list_warehouses", "next_product_id", "stock_state_condition", "stock_status", "update_product",
]
