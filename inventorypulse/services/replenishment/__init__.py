"""Replenishment: reorder points, safety stock and order suggestions per product × warehouse,
stored in replenishment_plans, listed by best supplier and turned into draft purchase orders.

refresh_plans recomputes the table (after each forecast run); list_suggestions reads it;
create_draft_orders turns selected rows into draft purchase orders; predict_products answers
"when does this product run out".
"""

from .orders import DraftOrder, create_draft_orders
from .policy import DEFAULT_REVIEW_DAYS, DEFAULT_SERVICE_LEVEL, PlanNumbers, depletion_days, plan_numbers, z_value
from .predictions import MAX_BATCH, Prediction, predict, predict_products
from .refresh import BASIS_FORECAST, BASIS_RECENT, RECENT_DAYS, refresh_plans
from .suggestions import (
    PlanSummary,
    Suggestion,
    SupplierGroup,
    filter_choices,
    group_by_supplier,
    list_suggestions,
    plan_summary,
)

__all__ = [
    "BASIS_FORECAST", "BASIS_RECENT", "DEFAULT_REVIEW_DAYS", "DEFAULT_SERVICE_LEVEL", "MAX_BATCH", "RECENT_DAYS",
    "DraftOrder", "PlanNumbers", "PlanSummary", "Prediction", "Suggestion", "SupplierGroup", "create_draft_orders",
    "depletion_days", "filter_choices", "group_by_supplier", "list_suggestions", "plan_numbers", "plan_summary",
    "predict", "predict_products", "refresh_plans", "z_value",
]
