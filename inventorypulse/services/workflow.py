"""What every order status change shares: the permission and notes checks, the locked row, the
allowed-transition check, then the status stamp and the audit row. Each order type adds its own side
effects (reserving stock, stamping offers…) between `start` and `finish`."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlmodel import Session

from ..models import User
from . import audit, permissions
from .errors import InvalidTransition
from .permissions import Perm
from .validation import Checker


@dataclass
class TransitionResult:
    order: Any
    previous_status: str
    allowed_transitions: list[str]


@dataclass(frozen=True)
class Workflow:
    entity: str
    perm: Perm
    parse_status: Callable[[str | None], Any]
    find_order: Callable[..., Any]
    transitions: Mapping[Any, tuple]
    allowed: Callable[[str], list[str]]
    refusal: Callable[[Any, Any], InvalidTransition]

    def start(self, session: Session, *, order_number: str, status: str, user: User,
              notes: str | None) -> tuple[Any, Any]:
        """(locked order, target status), or the error that stops the change."""
        permissions.require(user, self.perm)
        target = self.parse_status(status)
        c = Checker()
        c.length("notes", notes, 500)
        c.done()
        order = self.find_order(session, order_number, lock=True)
        if target not in self.transitions[type(target)(order.status)]:
            raise self.refusal(order, target)
        return order, target

    def finish(self, session: Session, order: Any, target: Any, *, previous: str, now: datetime, user: User,
               notes: str | None) -> TransitionResult:
        order.status = target
        order.updated_at = now
        session.add(order)
        audit.record(session, user_id=user.id, entity_type=self.entity, entity_id=order.order_number,
                     action="status_change",
                     changes={"status": {"from": previous, "to": str(target)}} | ({"notes": notes} if notes else {}))
        session.flush()
        return TransitionResult(order, previous, self.allowed(target))
