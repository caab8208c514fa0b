"""Receive, issue, adjust and transfer from the product page, each previewed before it is confirmed."""

from __future__ import annotations

from datetime import date

import reflex as rx

from ....db import session_scope
from ....models.status import MovementType
from ....services import ledger, permissions
from ....services.errors import DomainError
from ....services.permissions import Perm
from ....services.products.stock_preview import KINDS, Level, preview_movement
from ..common import acting_user, field_errors
from .detail import ProductDetailState

TITLES = {"receive": "Receive stock", "issue": "Issue stock", "adjust": "Adjust stock",
          "transfer": "Transfer between warehouses"}
REASONS = [str(r) for r in ledger.ADJUSTMENT_REASONS]


def _quantity(text: str) -> int | None:
    text = text.strip().replace(",", "")
    sign = -1 if text.startswith("-") else 1
    digits = text.lstrip("+-")
    return sign * int(digits) if digits.isdigit() else None


class StockActionState(ProductDetailState):
    open: bool = False
    kind: str = "receive"
    warehouse: str = ""
    to_warehouse: str = ""
    quantity: str = ""
    reason: str = ""
    note: str = ""
    lot: str = ""
    expiry: str = ""
    errors: dict[str, str] = {}
    saving: bool = False

    @rx.var
    def title(self) -> str:
        return TITLES.get(self.kind, "")

    @rx.var
    def preview(self) -> dict[str, str]:
        """Before/after figures for the dialog; `problem` says why it cannot be confirmed yet."""
        qty = _quantity(self.quantity)
        if qty is None or not self.warehouse or (self.kind == "transfer" and not self.to_warehouse):
            return {"ready": "", "problem": "Enter a whole-number quantity." if self.quantity.strip() else ""}
        levels = {code: Level(*values) for code, values in self.levels.items()}
        p = preview_movement(levels, kind=self.kind, quantity=qty, warehouse=self.warehouse,
                             to_warehouse=self.to_warehouse, threshold=self.threshold,
                             max_level=self.max_level or None)
        out = {"ready": "yes", "problem": p.problem, "total_before": f"{p.total_before:,}",
               "total_after": f"{p.total_after:,}", "status_before": p.status_before,
               "status_after": p.status_after}
        for i, line in enumerate(p.lines):
            out |= {f"wh{i}": line.warehouse, f"before{i}": f"{line.before:,}", f"after{i}": f"{line.after:,}"}
        return out

    @rx.event
    def open_dialog(self, kind: str):
        if kind not in KINDS or not self.can_move_stock:
            return rx.toast.error("Your role may not move stock.")
        with_stock = [c for c in self.warehouse_codes if self.levels.get(c, [0, 0])[0] > 0]
        source = with_stock[0] if kind in ("issue", "transfer") and with_stock else ""
        self.kind, self.open, self.errors, self.saving = kind, True, {}, False
        self.warehouse = source or (self.warehouse_codes[0] if self.warehouse_codes else "")
        others = [c for c in self.warehouse_codes if c != self.warehouse]
        self.to_warehouse = others[0] if kind == "transfer" and others else ""
        self.quantity = self.reason = self.note = self.lot = self.expiry = ""
        return None

    @rx.event
    def set_open(self, value: bool):
        self.open = value

    @rx.event
    def set_field(self, name: str, value: str):
        if name in ("warehouse", "to_warehouse", "quantity", "reason", "note", "lot", "expiry"):
            setattr(self, name, value)
            self.errors = {k: v for k, v in self.errors.items() if k != name}

    def _check(self) -> int | None:
        qty = _quantity(self.quantity)
        errors = {}
        if qty is None:
            errors["quantity"] = "must be a whole number"
        if self.expiry:
            try:
                date.fromisoformat(self.expiry)
            except ValueError:
                errors["expiration_date"] = "must be a date (YYYY-MM-DD)"
        self.errors = errors
        return None if errors else qty

    def _record(self, session, qty: int) -> str:
        user = acting_user(self, session)
        permissions.require(user, Perm.STOCK_MOVE)  # the buttons are hidden too, but the server decides
        note = self.note.strip() or None
        if self.kind == "transfer":
            r = ledger.transfer_stock(session, product_id=self.code, from_warehouse=self.warehouse,
                                      to_warehouse=self.to_warehouse, quantity=qty, user=user,
                                      lot_number=self.lot.strip() or None, notes=note)
            return (f"Moved {qty:,} from {self.warehouse} ({r.source_stock:,} left) to {self.to_warehouse} "
                    f"({r.destination_stock:,}).")
        movement_type = {"receive": MovementType.INBOUND, "issue": MovementType.OUTBOUND,
                         "adjust": MovementType.ADJUSTMENT}[self.kind]
        r = ledger.record_movement(
            session, user=user, product_id=self.code, movement_type=movement_type, quantity=qty,
            warehouse=self.warehouse, reason_code=self.reason or None, reason_description=note,
            lot_number=self.lot.strip() or None,
            expiration_date=date.fromisoformat(self.expiry) if self.expiry else None,
        )
        moved, there = sum(m.quantity for m in r.movements), r.warehouse_stock
        return {"receive": f"Received {moved:,} into {self.warehouse}: {there:,} there now.",
                "issue": f"Issued {-moved:,} from {self.warehouse}: {there:,} left there.",
                "adjust": f"Adjusted {self.warehouse} by {moved:+,}: {there:,} there now."}[self.kind]

    @rx.event
    def confirm(self):
        if self.saving:
            return None
        qty = self._check()
        if qty is None:
            return None
        self.saving = True
        try:
            with session_scope() as session:
                message = self._record(session, qty if self.kind != "issue" else abs(qty))
        except DomainError as exc:
            self.saving = False
            self.errors = field_errors(exc)
            return rx.toast.error(exc.message)
        self.saving, self.open = False, False
        self.mv_page = 1
        self._reload()
        return rx.toast.success(message)
