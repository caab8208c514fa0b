"""Offline answers: the tools' summaries and top rows as short Markdown, and the help text."""

from __future__ import annotations

from .results import ToolResult

HIGHLIGHTS = 5

CAPABILITIES = (
    "What is low on stock? · What is out of stock in Electronics?",
    "Which products will run out in the next 2 weeks? · …before their next delivery?",
    "How many <product> do we have, and where? · What does <product> cost?",
    "Forecast demand for <product> over the next 30 days",
    "What should I reorder? · Who is the best supplier for 200 × <product>?",
    "Status of PO-2026-000042 · Open purchase orders from <supplier>",
    "Open alerts · How much is our stock worth?",
    "How much did we sell this month? · Sales today · Top sellers",
    "Which invoices are overdue? · What does CUST-2026-0001 owe?",
    "Status of ORD-2026-000123 · Open sales orders",
    "Create a purchase order for 50 × <product> (you confirm before it is created)",
)


def render(results: list[ToolResult], *, intro: str = "") -> str:
    parts = [intro] if intro else []
    for r in results:
        if not r.ok:
            parts.append(f"I could not answer that: {r.error}")
            continue
        parts.append(r.summary)
        if r.highlights:
            parts.append("\n".join(f"- {h}" for h in r.highlights[:HIGHLIGHTS]))
    return "\n\n".join(p for p in parts if p)


def help_text(note: str = "") -> str:
    lead = note or "I could not match that question to the inventory data, so I will not guess an answer."
    examples = "\n".join(f"- {c}" for c in CAPABILITIES)
    return f"{lead}\n\nIn offline mode I can answer questions like:\n{examples}"
