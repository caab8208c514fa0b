"""The selling-side tools on a hand-built book of sales (exact figures), the offline phrasings that
reach them, a readonly user, unknown numbers, and one round through the fake MiniMax."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import update

from inventorypulse.assistant import toolset_sales
from inventorypulse.assistant.agent import ask
from inventorypulse.assistant.tools import ToolContext, run_tool
from inventorypulse.db import session_scope
from inventorypulse.models import Invoice, StockMovement
from inventorypulse.services import invoices, sales
from tests.assistant.fake_minimax import completion, tool_call
from tests.factories import make_product, make_user, make_warehouse
from tests.services.sales_helpers import customer, stock_in

TODAY = date(2026, 3, 11)  # a Wednesday: the week began on Monday 9 March


def _at(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 10, tzinfo=UTC)


def _shipped(s, user, cust, lines, day: date, due: date | None = None, paid: str | None = None):
    """An order confirmed, shipped on `day` and (with `due`) invoiced, due on `due`."""
    o = sales.create_sales_order(s, user=user, customer_id=cust.customer_number,
                                 items=[{"product_id": p.product_id, "quantity": q} for p, q in lines])
    sales.transition_sales_order(s, order_number=o.order_number, status="confirmed", user=user)
    shipped = sales.ship_sales_order(s, order_number=o.order_number, user=user)
    s.execute(update(StockMovement).where(StockMovement.id.in_([m.id for m in shipped.movements]))
              .values(timestamp=_at(day)))
    if due is None:
        return o.order_number, None
    inv = invoices.generate_invoice(s, order_number=o.order_number, user=user)
    s.execute(update(Invoice).where(Invoice.id == inv.id).values(due_date=due))
    if paid:
        invoices.record_payment(s, invoice_number=inv.invoice_number, user=user, amount=paid, method="card")
    return o.order_number, inv.invoice_number


@pytest.fixture
def book(db, monkeypatch):
    """Blue Widget 10.00 and Red Gadget 100.00, no tax or shipping. Acme (Net30, limit 1000):
    A = 4 blue shipped today, invoice overdue 10 days with 15.00 paid; B = 1 red shipped 2 March,
    invoice due in 20 days; D = 2 blue confirmed (reserved). Harbor (Net15, limit 500): C = 2 red +
    3 blue shipped 10 February, invoice overdue 25 days; E = 1 red pending. Olivia pays COD."""
    monkeypatch.setattr(toolset_sales, "today", lambda: TODAY)
    with session_scope() as s:
        make_warehouse(s, "WH-MAIN")
        manager, viewer = make_user(s, "manager"), make_user(s, "readonly")
        blue = make_product(s, name="Blue Widget", selling_price=Decimal("10.00"))
        red = make_product(s, name="Red Gadget", selling_price=Decimal("100.00"))
        stock_in(s, manager, blue, 50)
        stock_in(s, manager, red, 10)
        acme = customer(s, manager, payment_terms="Net30", credit_limit="1000")
        harbor = customer(s, manager, name="Harbor View Hotel", email="ap@harbor.example", payment_terms="Net15",
                          credit_limit="500")
        olivia = customer(s, manager, name="Olivia Bennett", email="olivia@example.com")
        a, inv_a = _shipped(s, manager, acme, [(blue, 4)], TODAY, TODAY - timedelta(days=10), paid="15.00")
        b, inv_b = _shipped(s, manager, acme, [(red, 1)], date(2026, 3, 2), TODAY + timedelta(days=20))
        c, inv_c = _shipped(s, manager, harbor, [(red, 2), (blue, 3)], date(2026, 2, 10), date(2026, 2, 14))
        d = sales.create_sales_order(s, user=manager, customer_id=acme.customer_number,
                                     items=[{"product_id": blue.product_id, "quantity": 2}]).order_number
        sales.transition_sales_order(s, order_number=d, status="confirmed", user=manager)
        e = sales.create_sales_order(s, user=manager, customer_id=harbor.customer_number,
                                     items=[{"product_id": red.product_id, "quantity": 1}]).order_number
    return {"manager": manager, "viewer": viewer, "blue": blue.product_id, "red": red.product_id,
            "acme": acme.customer_number, "harbor": harbor.customer_number, "olivia": olivia.customer_number,
            "A": a, "B": b, "C": c, "D": d, "E": e, "inv_a": inv_a, "inv_b": inv_b, "inv_c": inv_c}


def run(book, name: str, user: str = "manager", **args):
    result = run_tool(name, args, ToolContext(book[user]))
    assert result.ok, result.error
    return result


def cells(result) -> list[list[str]]:
    return [[c["text"] for c in row] for row in result.table.rows]


def test_sales_summary_gives_each_period_and_leads_with_the_one_asked(book):
    r = run(book, "sales_summary", period="month")
    got = {p["period"]: (p["revenue"], p["units"], p["orders"]) for p in r.data["periods"]}
    assert got == {"today": (Decimal("40.00"), 4, 1), "week": (Decimal("40.00"), 4, 1),
                   "month": (Decimal("140.00"), 5, 2), "year": (Decimal("370.00"), 10, 3)}
    assert r.summary == ("This month (since 2026-03-01): $140.00 revenue from 5 units shipped in 2 orders. "
                         f"Top seller of the last 30 days: Red Gadget ({book['red']}): $300.00 from 3 units.")
    assert cells(r)[0] == ["Today", "2026-03-11", "$40.00", "4", "1"]
    assert "This year: $370.00, 10 units, 3 orders" in r.highlights
    assert run(book, "sales_summary", period="today").summary.startswith(
        "Today (since 2026-03-11): $40.00 revenue from 4 units shipped in 1 order.")


def test_top_sellers_rank_the_last_30_days_by_revenue(book):
    r = run(book, "sales_summary", focus="top_sellers")
    assert [(s["name"], s["units"], s["revenue"]) for s in r.data["top_sellers"]] == [
        ("Red Gadget", 3, Decimal("300.00")), ("Blue Widget", 7, Decimal("70.00"))]
    assert r.table.rows[0][1] == {"text": "Red Gadget", "href": f"/products/{book['red']}"}
    assert r.summary.startswith(f"Top sellers over the last 30 days by revenue: Red Gadget ({book['red']})")


def test_overdue_invoices_most_overdue_first_with_the_total(book):
    r = run(book, "overdue_invoices")
    assert (r.data["total"], r.data["total_overdue"]) == (2, Decimal("255.00"))  # 230.00 + (40.00 - 15.00)
    assert [(i["invoice_number"], i["days_late"], i["balance_due"]) for i in r.data["invoices"]] == [
        (book["inv_c"], 25, Decimal("230.00")), (book["inv_a"], 10, Decimal("25.00"))]
    assert cells(r)[0] == [book["inv_c"], "Harbor View Hotel", "2026-02-14", "25", "$230.00"]
    assert r.table.rows[0][0]["href"] == f"/invoices/{book['inv_c']}"
    assert r.table.rows[0][1]["href"] == f"/customers/{book['harbor']}"
    assert r.summary == (f"2 invoices are overdue, $255.00 in all. The oldest is {book['inv_c']} (Harbor "
                         "View Hotel): due 2026-02-14, 25 days late, $230.00 still due.")

    mine = run(book, "overdue_invoices", customer="acme")
    assert [i["invoice_number"] for i in mine.data["invoices"]] == [book["inv_a"]]
    assert mine.summary.startswith(f"1 invoice is overdue for Acme Retail ({book['acme']}), $25.00 in all.")
    assert run(book, "overdue_invoices", customer="Olivia").summary == (
        f"No invoice is overdue for Olivia Bennett ({book['olivia']}).")

    unpaid = run(book, "overdue_invoices", include_not_due=True)
    assert [(i["invoice_number"], i["days_late"]) for i in unpaid.data["invoices"]] == [
        (book["inv_c"], 25), (book["inv_a"], 10), (book["inv_b"], 0)]
    assert unpaid.summary.startswith("3 invoices are unpaid, $355.00 in all ($255.00 of it overdue on 2 invoices).")
    assert unpaid.highlights[2] == f"{book['inv_b']} (Acme Retail): $100.00 due 2026-03-31"


def test_customer_account_by_number_or_name(book):
    r = run(book, "customer_account", customer=book["acme"])
    d = r.data
    assert (d["payment_terms"], d["credit_limit"], d["balance"], d["exposure"], d["available_credit"]) == (
        "Net30", Decimal("1000.00"), Decimal("125.00"), Decimal("145.00"), Decimal("855.00"))
    assert [(i["invoice_number"], i["status"], i["balance_due"]) for i in d["unpaid_invoices"]] == [
        (book["inv_a"], "overdue", Decimal("25.00")), (book["inv_b"], "unpaid", Decimal("100.00"))]
    assert [o["order_number"] for o in d["open_orders"]] == [book["D"]]
    assert r.summary == (f"Acme Retail ({book['acme']}, Net30) owes $125.00 on 2 unpaid invoices, $25.00 of it "
                         "overdue. Credit limit $1,000.00, available credit $855.00. 1 open sales order.")
    assert [row[0]["href"] for row in r.table.rows] == [f"/invoices/{book['inv_a']}", f"/invoices/{book['inv_b']}",
                                                        f"/sales-orders/{book['D']}"]
    assert run(book, "customer_account", customer="Acme Retail").data["customer_number"] == book["acme"]
    cod = run(book, "customer_account", customer="olivia bennett")
    assert cod.summary == (f"Olivia Bennett ({book['olivia']}, COD) owes $0.00 on 0 unpaid invoices. COD customers "
                           "pay upfront: no credit. 0 open sales orders.")


def test_sales_order_status_of_one_order_and_the_open_list(book):
    r = run(book, "sales_order_status", order_number=book["A"].lower())
    assert [(ln["ordered"], ln["reserved"], ln["shipped"]) for ln in r.data["lines"]] == [(4, 0, 4)]
    assert r.data["invoice"] == {"invoice_number": book["inv_a"], "status": "overdue",
                                 "balance_due": Decimal("25.00"), "link": f"/invoices/{book['inv_a']}"}
    assert r.summary.startswith(f"Sales order {book['A']} for Acme Retail ({book['acme']}) is shipped: 1 line, "
                                "4 units ordered, 0 reserved, 4 shipped; total $40.00")
    assert r.summary.endswith(f"; invoice {book['inv_a']} is overdue ($25.00 due).")
    assert cells(r) == [["Blue Widget", "4", "0", "4", "0", "$40.00"]]

    confirmed = run(book, "sales_order_status", order_number=book["D"])
    assert confirmed.data["lines"][0]["reserved"] == 2 and confirmed.summary.endswith("; not invoiced yet.")

    open_list = run(book, "sales_order_status")
    assert {o["order_number"] for o in open_list.data["orders"]} == {book["D"], book["E"]}
    assert open_list.summary.startswith("2 open (not shipped yet) sales orders.")
    assert {row[0]["href"] for row in open_list.table.rows} == {f"/sales-orders/{book['D']}",
                                                                f"/sales-orders/{book['E']}"}
    harbor = run(book, "sales_order_status", customer="Harbor", status="pending")
    assert [o["order_number"] for o in harbor.data["orders"]] == [book["E"]]


PHRASES = [
    ("how much did we sell this month", "sales_summary", {"period": "month", "focus": "periods"}, ["$140.00"]),
    ("sales today", "sales_summary", {"period": "today"}, ["Today", "$40.00", "4 units"]),
    ("what were our sales this year?", "sales_summary", {"period": "year"}, ["$370.00"]),
    ("top sellers", "sales_summary", {"focus": "top_sellers"}, ["Red Gadget", "Blue Widget"]),
    ("which invoices are overdue", "overdue_invoices", {}, ["2 invoices are overdue", "$255.00"]),
    ("who owes us money?", "overdue_invoices", {"include_not_due": True}, ["$355.00", "$255.00 of it overdue"]),
    ("unpaid invoices of Acme Retail", "overdue_invoices", {"customer": "{acme}", "include_not_due": True},
     ["2 invoices are unpaid for Acme Retail", "$125.00"]),
    ("overdue invoices for Harbor View Hotel", "overdue_invoices", {"customer": "{harbor}"}, ["$230.00"]),
    ("what does {acme} owe", "customer_account", {"customer": "{acme}"}, ["owes $125.00", "$855.00"]),
    ("What does Acme Retail owe?", "customer_account", {"customer": "{acme}"}, ["owes $125.00"]),
    ("credit limit of Harbor View Hotel", "customer_account", {"customer": "{harbor}"}, ["$500.00"]),
    ("status of {A}", "sales_order_status", {"order_number": "{A}"}, ["is shipped", "4 shipped"]),
    ("open sales orders", "sales_order_status", {}, ["2 open (not shipped yet) sales orders", "{D}"]),
    ("open orders for Acme Retail", "sales_order_status", {"customer": "{acme}"}, ["1 open", "{D}"]),
]


@pytest.mark.parametrize(("question", "tool", "args", "facts"), PHRASES, ids=[p[0] for p in PHRASES])
@pytest.mark.parametrize("role", ["manager", "viewer"])
def test_offline_phrasings_reach_the_sales_tools(book, question, tool, args, facts, role):
    answer = ask(question.format(**book), user=book[role])
    assert answer.mode == "offline" and answer.tools_used == [tool], answer.answer
    result = answer.results[0]
    assert result.ok, result.error
    for key, value in args.items():
        expected = value.format(**book) if isinstance(value, str) else value
        assert result.arguments.get(key) == expected, (key, result.arguments)
    assert answer.confidence > 0.5
    for fact in facts:
        assert fact.format(**book) in answer.answer, f"{fact!r} missing from:\n{answer.answer}"


@pytest.mark.parametrize(("question", "message"), [
    ("status of ORD-2026-999999", "Sales order ORD-2026-999999 not found."),
    ("what does CUST-2026-9999 owe?", "Customer CUST-2026-9999 not found."),
])
def test_unknown_numbers_get_a_plain_message(book, question, message):
    answer = ask(question, user=book["viewer"])
    assert answer.answer == f"I could not answer that: {message}"
    assert "Traceback" not in answer.answer and answer.confidence == 0.3


def test_unknown_customer_names_are_refused_by_the_tools(book):
    ctx = ToolContext(book["manager"])
    assert run_tool("customer_account", {"customer": "Nobody Inc"}, ctx).error == "No customer matches 'Nobody Inc'."
    assert "give the customer number" in run_tool("customer_account", {"customer": "e"}, ctx).error
    assert run_tool("sales_order_status", {"order_number": "ORD-2026-999999"}, ctx).error == (
        "Sales order ORD-2026-999999 not found.")


@pytest.mark.parametrize("question", ["create a sales order for Acme Retail", "raise an invoice for {A}",
                                      "record a payment from Acme Retail"])
def test_the_assistant_does_not_create_sales_documents(book, question):
    answer = ask(question.format(**book), user=book["manager"])
    assert answer.tools_used == [] and "Sales orders screen" in answer.answer


def test_the_model_calls_a_sales_tool_and_answers_from_it(fake_minimax, llm, book):
    def answer(request: dict) -> dict:
        sent = [m for m in request["messages"] if m["role"] == "tool"]
        data = json.loads(sent[0]["content"])["data"]
        first = data["invoices"][0]
        return completion(f"{data['total']} invoices are overdue (${data['total_overdue']:.2f}); the oldest is "
                          f"{first['invoice_number']} from {first['customer']}, {first['days_late']} days late.")

    fake_minimax.add(completion("", [tool_call("overdue_invoices", {}, "c1")]), answer)
    got = ask("which invoices are overdue?", user=book["viewer"], client=llm)
    assert got.mode == "llm" and got.tools_used == ["overdue_invoices"]
    assert got.answer == (f"2 invoices are overdue ($255.00); the oldest is {book['inv_c']} from Harbor View Hotel, "
                          "25 days late.")
    names = {t["function"]["name"] for t in fake_minimax.requests[0]["json"]["tools"]}
    assert {"sales_summary", "overdue_invoices", "customer_account", "sales_order_status"} <= names
    assert got.structured_data()["tables"][0]["rows"][0][0]["href"] == f"/invoices/{book['inv_c']}"
