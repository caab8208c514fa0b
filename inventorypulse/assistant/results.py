"""What a tool hands back: JSON-able facts, a one-line summary, an optional table and action."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

# What the model sees of one tool result; bigger results are cut (tables stay whole in the UI).
MODEL_CONTENT_LIMIT = 6000


def product_link(product_id: str) -> str:
    return f"/products/{product_id}"


def order_link(order_number: str) -> str:
    return f"/purchase-orders/{order_number}"


def customer_link(customer_number: str) -> str:
    return f"/customers/{customer_number}"


def sales_order_link(order_number: str) -> str:
    return f"/sales-orders/{order_number}"


def invoice_link(invoice_number: str) -> str:
    return f"/invoices/{invoice_number}"


def plain(value: Any) -> Any:
    """Decimals, dates and nested containers turned into JSON values."""
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    return value


def _shorten(value: Any, keep: int) -> Any:
    if isinstance(value, dict):
        return {k: _shorten(v, keep) for k, v in value.items()}
    if isinstance(value, list) and len(value) > keep:
        return [_shorten(v, keep) for v in value[:keep]] + [f"... {len(value) - keep} more not shown"]
    return value


@dataclass
class Table:
    """A small table for the chat panel. Each cell is {"text", "href"} (href "" when no link)."""

    title: str
    columns: list[str]
    rows: list[list[dict[str, str]]] = field(default_factory=list)
    total: int | None = None  # rows that exist beyond those shown

    def add(self, *cells: Any) -> None:
        self.rows.append([cell(c) for c in cells])


def cell(value: Any, href: str = "") -> dict[str, str]:
    """A table cell; `(text, href)` tuples make links."""
    if isinstance(value, tuple):
        value, href = value
    if isinstance(value, Decimal):
        value = f"{value:,.2f}"
    elif isinstance(value, int) and not isinstance(value, bool):
        value = f"{value:,}"
    return {"text": "—" if value is None or value == "" else str(value), "href": href}


@dataclass
class ToolResult:
    tool: str
    arguments: dict[str, Any]
    summary: str = ""  # one sentence with the key numbers
    data: dict[str, Any] = field(default_factory=dict)
    table: Table | None = None
    highlights: list[str] = field(default_factory=list)  # the top rows as sentences, for text-only answers
    action: dict[str, Any] | None = None  # a proposed change awaiting the user's confirmation
    error: str | None = None  # the tool refused (bad argument, unknown product, no permission)

    @property
    def ok(self) -> bool:
        return self.error is None

    def for_model(self) -> str:
        """The tool message content sent back to the LLM."""
        body: dict[str, Any] = {"error": self.error} if self.error else {"summary": self.summary,
                                                                          "data": plain(self.data)}
        if self.action:
            body["pending_action"] = {"action_id": self.action["action_id"], "summary": self.action["summary"],
                                      "status": "awaiting the user's confirmation in the app"}
        text = json.dumps(body, ensure_ascii=False)
        for keep in (20, 10, 5):  # long lists are cut rather than the JSON itself
            if len(text) <= MODEL_CONTENT_LIMIT:
                break
            text = json.dumps(_shorten(body, keep), ensure_ascii=False)
        return text[:MODEL_CONTENT_LIMIT]

    def as_dict(self) -> dict[str, Any]:
        out = {"tool": self.tool, "arguments": plain(self.arguments), "summary": self.summary,
               "data": plain(self.data), "error": self.error}
        if self.table is not None:
            out["table"] = asdict(self.table)
        if self.action is not None:
            out["action"] = plain(self.action)
        return out
