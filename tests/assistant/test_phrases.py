"""Reading time spans and quantities out of questions."""

from datetime import date

import pytest

from inventorypulse.assistant.phrases import content_words, days_ahead, quantity

SATURDAY = date(2026, 11, 21)


@pytest.mark.parametrize(("text", "days"), [
    ("what runs out in the next 2 weeks", 14), ("within 10 days", 10), ("next month", 30), ("this week", 7),
    ("over the next three months", 90), ("in a fortnight", 14), ("by tomorrow", 1), ("by friday", 6),
    ("before next monday", 2), ("before 2026-12-01", 10), ("by December 3rd", 12), ("by March 1", 100),
    ("next quarter", 91), ("what is low on stock", None),
])
def test_days_ahead(text, days):
    assert days_ahead(text, SATURDAY)[0] == days


def test_the_time_phrase_is_removed_so_its_number_is_not_a_quantity():
    _, rest = days_ahead("order 40 wipes for the next 2 weeks", SATURDAY)
    assert quantity(rest) == 40


@pytest.mark.parametrize(("text", "qty"), [
    ("order 40 armora tape", 40), ("200 units of PRD-000001", 200), ("best supplier for 500 x tape", 500),
    ("status of PO-2026-000012", None), ("how many ELE-000004 are left", None), ("what is low", None),
])
def test_quantity(text, qty):
    assert quantity(text) == qty


def test_content_words_drop_intent_words_and_ids():
    assert content_words("How many Tidal disinfecting wipes do we have in stock, PRD-000003?") == [
        "tidal", "disinfecting", "wipes"]
