"""Conversations per user, and the actions the assistant proposes and the user confirms.

An action (today: a draft purchase order) is stored with its exact payload when proposed. Confirm
runs that payload through purchasing, as the confirming user, in one transaction with the status
change, so a double click or a second tab cannot create the order twice.
"""

from __future__ import annotations

import secrets
from decimal import Decimal
from typing import Any

from sqlalchemy import update
from sqlmodel import Session, select

from ..models import AssistantAction, AssistantConversation, AssistantMessage, Product, User
from ..models.base import utcnow
from ..services import offers, purchasing, reports
from ..services.errors import Conflict, NotFound
from .results import plain

TITLE_LENGTH = 80
CONTEXT_TURNS = 6  # earlier messages sent to the LLM with a new question


# --- conversations ---------------------------------------------------------------------------

def get_conversation(session: Session, *, user: User, conversation_id: int) -> AssistantConversation:
    conv = session.get(AssistantConversation, conversation_id)
    if conv is None or conv.user_id != user.id:  # someone else's conversation does not exist for you
        raise NotFound(f"Conversation {conversation_id} not found.")
    return conv


def latest_conversation(session: Session, *, user: User) -> AssistantConversation | None:
    return session.exec(select(AssistantConversation).where(AssistantConversation.user_id == user.id)
                        .order_by(AssistantConversation.updated_at.desc(), AssistantConversation.id.desc())).first()


def list_conversations(session: Session, *, user: User, limit: int = 50) -> list[AssistantConversation]:
    return list(session.exec(select(AssistantConversation).where(AssistantConversation.user_id == user.id)
                             .order_by(AssistantConversation.updated_at.desc(), AssistantConversation.id.desc())
                             .limit(limit)).all())


def start_conversation(session: Session, *, user: User, first_question: str) -> AssistantConversation:
    title = " ".join(first_question.split())
    conv = AssistantConversation(user_id=user.id, title=title[:TITLE_LENGTH - 1] + "…" if len(title) > TITLE_LENGTH
                                 else title)
    session.add(conv)
    session.flush()
    return conv


def list_messages(session: Session, *, conversation_id: int, limit: int = 200) -> list[AssistantMessage]:
    """The newest `limit` messages, oldest first."""
    rows = session.exec(select(AssistantMessage).where(AssistantMessage.conversation_id == conversation_id)
                        .order_by(AssistantMessage.id.desc()).limit(limit)).all()
    return list(reversed(rows))


def product_ids_of(structured: dict[str, Any]) -> list[str]:
    """Products an answer showed (its table links), in order: "order it" refers to the first."""
    ids = [c["href"].rsplit("/", 1)[1] for t in structured.get("tables", []) for row in t.get("rows", [])
           for c in row if c.get("href", "").startswith("/products/")]
    return list(dict.fromkeys(ids))


def context_turns(session: Session, *, conversation_id: int) -> list[dict[str, Any]]:
    """The last few exchanges ({"role", "content", "product_ids"}), to resolve follow-up questions."""
    return [{"role": m.role, "content": m.content, "product_ids": product_ids_of(m.structured or {})}
            for m in list_messages(session, conversation_id=conversation_id, limit=CONTEXT_TURNS)
            if m.mode != "error"]


def add_message(session: Session, *, conversation: AssistantConversation, role: str, content: str,
                mode: str | None = None, tools_used: list[str] | None = None, structured: dict | None = None,
                confidence: float | None = None) -> AssistantMessage:
    msg = AssistantMessage(conversation_id=conversation.id, role=role, content=content, mode=mode,
                           tools_used=tools_used or [], structured=plain(structured or {}),
                           confidence=None if confidence is None else Decimal(str(round(confidence, 3))))
    conversation.updated_at = utcnow()
    session.add_all([msg, conversation])
    session.flush()
    return msg


# --- proposed actions ------------------------------------------------------------------------

def default_quantity(session: Session, product: Product, supplier_id: str) -> int:
    """What the low-stock report would suggest, with this supplier's minimum order quantity."""
    moq = next((o.min_order_quantity for o, s in offers.list_offers(session, product_id=product.product_id)
                if s.supplier_id == supplier_id), 1)
    return reports.suggested_quantity(available=product.available_stock, threshold=product.reorder_threshold,
                                      reorder_quantity=product.reorder_quantity, min_order_quantity=moq)


def preview_purchase_order(session: Session, *, user: User, supplier_id: str, lines: list[dict],
                           notes: str | None) -> dict[str, Any]:
    """Run purchasing's own create in a throwaway transaction: the same checks, costs and totals the
    real order will get, and nothing kept. Domain errors (permission, inactive supplier, ...) raise."""
    with Session(session.get_bind(), expire_on_commit=False) as dry:
        try:
            order = purchasing.create_purchase_order(dry, supplier_id=supplier_id, lines=lines, user=user,
                                                     notes=notes)
            detail_lines = purchasing.lines_by_order(dry, [order.id])[order.id]
            supplier = purchasing.get_purchase_order(dry, order_number=order.order_number).supplier
            preview = {
                "supplier_id": supplier.supplier_id, "supplier": supplier.company_name, "currency": order.currency,
                "total_amount": order.total_amount, "expected_delivery_date": order.expected_delivery_date.date(),
                "lines": [{"product_id": p.product_id, "name": p.name, "quantity": ln.quantity_ordered,
                           "unit_cost": ln.unit_cost, "line_total": ln.line_total} for ln, p in detail_lines],
            }
        finally:
            dry.rollback()
    what = ", ".join(f"{ln['quantity']:,} × {ln['name']}" for ln in preview["lines"])
    total = _money(preview["total_amount"], preview["currency"])
    preview["summary"] = (f"draft purchase order to {preview['supplier']} ({preview['supplier_id']}) for {what}, "
                          f"total {total}, expected {preview['expected_delivery_date']}")
    return plain(preview)


def _money(amount: Decimal, currency: str) -> str:
    return f"${amount:,.2f}" if currency == "USD" else f"{amount:,.2f} {currency}"


def _action_dict(a: AssistantAction) -> dict[str, Any]:
    return {"action_id": a.action_id, "kind": a.kind, "summary": a.summary, "status": a.status,
            "result_reference": a.result_reference, "error": a.error, "preview": a.payload.get("preview", {})}


def propose_action(session: Session, *, user: User, conversation_id: int | None, kind: str, summary: str,
                   payload: dict[str, Any], preview: dict[str, Any]) -> dict[str, Any]:
    action = AssistantAction(action_id=f"ACT-{secrets.token_hex(8).upper()}", user_id=user.id,
                             conversation_id=conversation_id, kind=kind, summary=summary[:500],
                             payload=plain(payload | {"preview": preview}))
    session.add(action)
    session.flush()
    return _action_dict(action)


def _own_action(session: Session, *, action_id: str, user: User) -> AssistantAction:
    action = session.exec(select(AssistantAction).where(AssistantAction.action_id == (action_id or "").strip().upper(),
                                                        AssistantAction.user_id == user.id)).first()
    if action is None:
        raise NotFound(f"Action {action_id} not found.")
    return action


def _claim(session: Session, action: AssistantAction, status: str) -> None:
    """pending -> `status` as one conditional UPDATE: of two concurrent confirms only one wins."""
    claimed = session.execute(
        update(AssistantAction).where(AssistantAction.id == action.id, AssistantAction.status == "pending")
        .values(status=status, decided_at=utcnow())
    ).rowcount
    if not claimed:
        session.refresh(action)
        done = f" ({action.result_reference})" if action.result_reference else ""
        raise Conflict(f"This action was already {action.status}{done}.")
    session.refresh(action)


def confirm_action(session: Session, *, action_id: str, user: User) -> dict[str, Any]:
    """Run a pending action as `user`. On any error nothing is written and it stays pending."""
    from .toolset_purchasing import KIND_CREATE_PO

    action = _own_action(session, action_id=action_id, user=user)
    _claim(session, action, "confirmed")
    if action.kind != KIND_CREATE_PO:
        raise Conflict(f"Unknown action kind {action.kind}.")
    p = action.payload
    order = purchasing.create_purchase_order(session, supplier_id=p["supplier_id"], lines=p["lines"], user=user,
                                             notes=p.get("notes"))
    action.result_reference = order.order_number
    session.add(action)
    session.flush()
    return _action_dict(action)


def cancel_action(session: Session, *, action_id: str, user: User) -> dict[str, Any]:
    action = _own_action(session, action_id=action_id, user=user)
    _claim(session, action, "cancelled")
    return _action_dict(action)


def action_states(session: Session, *, user: User, action_ids: list[str]) -> dict[str, dict[str, Any]]:
    """Current state of the user's actions (a reloaded conversation shows confirmed ones as done)."""
    if not action_ids:
        return {}
    rows = session.exec(select(AssistantAction).where(AssistantAction.user_id == user.id,
                                                      AssistantAction.action_id.in_(action_ids))).all()
    return {a.action_id: _action_dict(a) for a in rows}
