"""A product's supplier offers and the best-supplier recommendation (seed 002)."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Literal

from fastapi import APIRouter, Query, Response

from ....models import ProductSupplier, Supplier
from ....services import offers
from ....services.permissions import Perm
from ...deps import Reader, SessionDep, allowed
from ...schemas import ERRORS, Message
from .schemas import (
    BestSupplierOut,
    OfferIn,
    OfferList,
    OfferOut,
    OfferSaved,
    ProductRef,
    ScoredOfferOut,
)

router = APIRouter(tags=["products"])
Writer = allowed(Perm.PRODUCT_WRITE)


def offer_out(offer: ProductSupplier, supplier: Supplier) -> OfferOut:
    return OfferOut(
        supplier_id=supplier.supplier_id, supplier_name=supplier.display_name or supplier.company_name,
        supplier_status=supplier.status, is_primary=offer.is_primary,
        is_active=offer.is_active, cost=offer.cost, cost_per_unit=offer.cost, currency=offer.currency,
        lead_time_days=offer.lead_time_days, min_order_quantity=offer.min_order_quantity,
        supplier_product_code=offer.supplier_product_code, last_order_date=offer.last_order_date,
    )


@router.get("/products/{product_id}/suppliers/best", response_model=BestSupplierOut, responses=ERRORS,
            summary="Recommend a supplier: cost 0.4, lead time 0.3, reliability 0.2, MOQ fit 0.1 "
                    "(urgency=high favours lead time)")
def best_supplier(
    product_id: str,
    session: SessionDep,
    _: Reader,
    quantity: Annotated[int | None, Query(ge=1, le=10_000_000, description="Default: the reorder quantity")] = None,
    urgency: Literal["normal", "high"] = "normal",
    budget: Annotated[Decimal | None, Query(ge=0, description="Flags offers whose total exceeds it")] = None,
) -> BestSupplierOut:
    result = offers.best_supplier(session, product_id=product_id, quantity=quantity, urgency=urgency,
                                  budget=budget)
    ranked = [
        ScoredOfferOut(
            supplier_id=s.candidate.supplier_id, supplier_name=s.candidate.supplier_name,
            is_primary=s.candidate.is_primary, cost=s.candidate.cost, currency=s.candidate.currency,
            lead_time_days=s.candidate.lead_time_days, min_order_quantity=s.candidate.min_order_quantity,
            order_quantity=s.order_quantity, total_cost=s.total_cost, score=round(s.score, 2),
            components={k: round(v, 4) for k, v in s.components.items()}, reasons=s.reasons,
            within_budget=s.within_budget,
        )
        for s in result.ranked
    ]
    return BestSupplierOut(product_id=result.product.product_id, quantity=result.quantity, urgency=urgency,
                           weights={k: round(v, 4) for k, v in result.weights.items()},
                           recommended=ranked[0] if ranked else None, candidates=ranked)


@router.get("/products/{product_id}/suppliers", response_model=OfferList, responses=ERRORS,
            summary="List a product's supplier offers (primary first)")
def list_offers(product_id: str, session: SessionDep, _: Reader) -> OfferList:
    product, rows = offers.product_offers(session, product_id=product_id)
    return OfferList(product=ProductRef(product_id=product.product_id, name=product.name, sku=product.sku),
                     suppliers=[offer_out(o, s) for o, s in rows])


@router.post("/products/{product_id}/suppliers", status_code=201, response_model=OfferSaved, responses=ERRORS,
             summary="Add a supplier offer (201) or update an existing one (200)")
def save_offer(product_id: str, body: OfferIn, session: SessionDep, user: Writer, response: Response) -> OfferSaved:
    saved = offers.upsert_offer(session, product_id=product_id, data=body, user=user)
    if not saved.created:
        response.status_code = 200
    return OfferSaved(message="Supplier offer added" if saved.created else "Supplier offer updated",
                      offer=offer_out(saved.offer, saved.supplier))


@router.delete("/products/{product_id}/suppliers/{supplier_id}", response_model=Message, responses=ERRORS,
               summary="Remove a supplier offer (the cheapest remaining offer becomes primary)")
def remove_offer(product_id: str, supplier_id: str, session: SessionDep, user: Writer) -> Message:
    offers.remove_offer(session, product_id=product_id, supplier_id=supplier_id, user=user)
    return Message(message=f"Offer from {supplier_id.strip().upper()} removed")
