"""Replenishment screen: what to reorder, from whom, and draft purchase orders in one click."""

import reflex as rx

from ..components.layout import page_shell
from ..states.auth import AuthState
from ..states.replenishment import ReplenishmentState
from ..views.replenishment import created_orders, groups, summary, toolbar


def replenishment_page() -> rx.Component:
    return page_shell(
        "Replenishment",
        rx.vstack(
            rx.text("Reorder points and safety stock from the demand forecast (95 % service level), grouped by "
                    "each product's best supplier. Select lines and create one draft purchase order per supplier.",
                    size="2", color=rx.color("gray", 11)),
            summary(),
            toolbar(),
            created_orders(),
            groups(),
            spacing="4",
            width="100%",
        ),
    )


def register(app: rx.App) -> None:
    app.add_page(replenishment_page, route="/replenishment", title="Replenishment · InventoryPulse",
                 on_load=[AuthState.require_login, ReplenishmentState.load])
