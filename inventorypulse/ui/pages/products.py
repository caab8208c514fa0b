"""Products screens (placeholder: the simple list until the full screens land)."""

import reflex as rx

from ..states import lists as list_states
from . import lists


def register(app: rx.App) -> None:
    app.add_page(lists.products_page, route="/products", title="Products · InventoryPulse",
                 on_load=lists.on_load(list_states.ProductListState))
