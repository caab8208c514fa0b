"""States of the products screens: list, CSV import, create/edit form, detail and stock actions."""

from .csv_import import ProductImportState
from .detail import ProductDetailState
from .form import ProductFormState
from .listing import ProductListState
from .stock import StockActionState

__all__ = ["ProductDetailState", "ProductFormState", "ProductImportState", "ProductListState", "StockActionState"]
