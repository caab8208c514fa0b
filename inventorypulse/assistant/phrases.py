"""Reading the parts of a question the router needs: ids, time spans, quantities, content words."""

from __future__ import annotations

import re
from datetime import date, timedelta

NUMBER_WORDS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
                "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20,
                "thirty": 30, "couple": 2, "few": 3}
UNIT_DAYS = {"day": 1, "week": 7, "fortnight": 14, "month": 30, "quarter": 91, "year": 365}
MONTHS = {m: i for i, m in enumerate(("january", "february", "march", "april", "may", "june", "july", "august",
                                      "september", "october", "november", "december"), start=1)}
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")

PRODUCT_ID_RE = re.compile(r"\bPRD-\d{3,}\b", re.I)
SUPPLIER_ID_RE = re.compile(r"\bSUP-\d{3,}\b", re.I)
ORDER_RE = re.compile(r"\bPO-\d{4}-\d{3,}\b", re.I)
SKU_RE = re.compile(r"\b[A-Z]{2,5}-\d{3,}\b", re.I)  # the shape of the catalogue's SKUs (ELE-000004)
SALES_ORDER_RE = re.compile(r"\bORD-\d{4}-\d{3,}\b", re.I)
CUSTOMER_ID_RE = re.compile(r"\bCUST-\d{4}-\d{3,}\b", re.I)
INVOICE_ID_RE = re.compile(r"\bINV-\d{4}-\d{3,}\b", re.I)
DOCUMENT_PREFIXES = ("PRD-", "SUP-", "PO-", "ORD-", "CUST-", "INV-")  # ids that are never SKUs
ISO_DATE_RE = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")

_COUNT = r"(\d+|" + "|".join(NUMBER_WORDS) + r")"
_UNIT = r"(day|week|fortnight|month|quarter|year)s?"
SPAN_RE = re.compile(
    r"\b(?:(?:in|within|over|for|during|inside)\s+)?(?:the\s+)?(?:next|coming|following|upcoming)?\s*"
    + _COUNT + r"\s*-?\s*" + _UNIT + r"\b")
NEXT_UNIT_RE = re.compile(r"\b(?:next|this|coming|upcoming)\s+" + _UNIT + r"\b")
MONTH_DAY_RE = re.compile(r"\b(" + "|".join(MONTHS) + r")\s+(\d{1,2})(?:st|nd|rd|th)?\b")
QUANTITY_RE = re.compile(r"\b(\d{1,7})\s*(?:x\b|×|units?\b|pcs\b|pieces?\b|packs?\b|boxes\b|cases?\b|of\b)")
BARE_NUMBER_RE = re.compile(r"(?<![\w-])(\d{1,7})(?![\w-])")


def count(word: str) -> int:
    return int(word) if word.isdigit() else NUMBER_WORDS[word]


def days_ahead(text: str, today: date) -> tuple[int | None, str]:
    """The time span a question asks about in days ("next 2 weeks" -> 14, "by friday", "before
    March 3"), and the text with that phrase removed (so its number is not read as a quantity)."""
    low = text.lower()
    if m := SPAN_RE.search(low):
        return count(m.group(1)) * UNIT_DAYS[m.group(2)], low[:m.start()] + " " + low[m.end():]
    if m := NEXT_UNIT_RE.search(low):
        return UNIT_DAYS[m.group(1)], low[:m.start()] + " " + low[m.end():]
    if m := re.search(r"\b(tomorrow|today|tonight)\b", low):
        return 1, low.replace(m.group(0), " ")
    if m := ISO_DATE_RE.search(low):
        try:
            target = date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        except ValueError:
            return None, low
        return max(1, (target - today).days), low.replace(m.group(0), " ")
    if m := MONTH_DAY_RE.search(low):
        month, day = MONTHS[m.group(1)], int(m.group(2))
        try:
            target = date(today.year, month, day)
        except ValueError:
            return None, low
        if target < today:
            target = date(today.year + 1, month, day)
        return max(1, (target - today).days), low.replace(m.group(0), " ")
    if m := re.search(r"\b(?:by|before|until|till)\s+(?:next\s+)?(" + "|".join(WEEKDAYS) + r")\b", low):
        ahead = (WEEKDAYS.index(m.group(1)) - today.weekday()) % 7 or 7
        return ahead, low.replace(m.group(0), " ")
    return None, low


def quantity(text: str) -> int | None:
    """Units asked for: "200 units", "50 x", "order 30 ..."; None when no number is left."""
    text = without_documents(text)
    cleaned = ORDER_RE.sub(" ", PRODUCT_ID_RE.sub(" ", SKU_RE.sub(" ", SUPPLIER_ID_RE.sub(" ", text))))
    if m := QUANTITY_RE.search(cleaned):
        return int(m.group(1))
    if m := BARE_NUMBER_RE.search(cleaned):
        return int(m.group(1))
    return None


# Words that carry the question's intent or grammar rather than a product name.
STOPWORDS = set("""
a about above after again all also am an and any anything are as ask at available be been before below best
between both but buy by can cheapest compare cost costs could create current currently day days delivery deliveries
demand details did do does doing done draft each enough every expected fast fastest few find for forecast from
get give go going has have having he her here how i if in info information inventory is it item items its
just keep know last left less let level levels list look low make many me might more most much my need needed
needs new next no not now number of on one only or order ordered orders our out over per place please po pos
predict predicted price prices product products purchase quantity quickly raise ran re reorder replenish
restock right run running sell selling sells set shall she should show sku so some soon stock stocked stockout
stockouts stocks such supplier suppliers supply take tell than that the their them then there these they this
those through to today tomorrow too total unit units up us value want was we week weeks were what when where
which who why will with within worth would year you your month months quarter details status open opened
urgent urgently asap hand on-hand onhand much many carry carried get got warehouse warehouses until till
next coming upcoming following cover covered likely probably expect expected threshold thresholds
minimum point""".split())


def without_documents(text: str) -> str:
    """The text without sales order, customer and invoice numbers (their digits are no quantities)."""
    for pattern in (SALES_ORDER_RE, CUSTOMER_ID_RE, INVOICE_ID_RE):
        text = pattern.sub(" ", text)
    return text


def content_words(text: str) -> list[str]:
    """The words that may name a product: ids, numbers and intent words left out."""
    cleaned = ORDER_RE.sub(" ", PRODUCT_ID_RE.sub(" ", SUPPLIER_ID_RE.sub(" ", without_documents(text.lower()))))
    words = re.findall(r"[a-z][a-z0-9\-]*", cleaned)
    return [w for w in words if w not in STOPWORDS and w not in NUMBER_WORDS and len(w) >= 3]


def today_plus(days: int, today: date) -> date:
    return today + timedelta(days=days)
