"""Resolve the time words of a sentence ("on Thursday", "last week", "July 11") against the publication date.

News reports past events, so a bare weekday is the latest such day on or before publication.
Results are ISO 8601 at the precision the words give: a day (2023-07-13), a week (2023-W27), a
month (2023-06) or a year (2022).
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from reportage.dates import to_date

_WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
_MONTHS = ["january", "february", "march", "april", "may", "june", "july", "august", "september",
           "october", "november", "december"]
_MONTH_RE = "|".join(_MONTHS + [m[:3] + r"\.?" for m in _MONTHS])
_EXPLICIT = re.compile(rf"\b({_MONTH_RE})\s+(\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s+(\d{{4}}))?\b", re.I)
_EXPLICIT_DM = re.compile(rf"\b(\d{{1,2}})\s+({_MONTH_RE})(?:\s+(\d{{4}}))?\b", re.I)
_ISO = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")


def parse_published(published: str | None) -> date | None:
    """The publication day as a date (checked by :mod:`reportage.dates`, the one date parser)."""
    return to_date(published)


def _month(word: str) -> int:
    w = word.lower().rstrip(".")[:3]
    return [m[:3] for m in _MONTHS].index(w) + 1


def _week(d: date) -> str:
    y, w, _ = d.isocalendar()
    return f"{y}-W{w:02d}"


def resolve(phrase: str, published: date | None) -> str | None:
    """An ISO date for a time expression, or None when it cannot be placed."""
    low = phrase.lower()
    m = _ISO.search(phrase)
    if m:
        return m.group(0)
    for rx, order in ((_EXPLICIT, "md"), (_EXPLICIT_DM, "dm")):
        m = rx.search(phrase)
        if m:
            mon, day = (m.group(1), m.group(2)) if order == "md" else (m.group(2), m.group(1))
            year = int(m.group(3)) if m.group(3) else None
            try:
                month, dd = _month(mon), int(day)
            except ValueError:
                continue
            if year is None:
                if published is None:
                    return None
                year = published.year
                try:
                    if date(year, month, dd) > published + timedelta(days=7):
                        year -= 1  # "December 28" in a January article is last year's
                except ValueError:
                    return None
            try:
                return date(year, month, dd).isoformat()
            except ValueError:
                return None
    if published is None:
        return None
    if re.search(r"\b(today|tonight|this morning|this afternoon|this evening)\b", low):
        return published.isoformat()
    if re.search(r"\b(yesterday|last night)\b", low):
        return (published - timedelta(days=1)).isoformat()
    if re.search(r"\btomorrow\b", low):
        return (published + timedelta(days=1)).isoformat()
    for i, wd in enumerate(_WEEKDAYS):
        if re.search(rf"\b{wd}\b", low):
            back = (published.weekday() - i) % 7
            if re.search(r"\bnext\b", low):
                return (published + timedelta(days=(i - published.weekday()) % 7 or 7)).isoformat()
            if re.search(r"\blast\b", low) and back == 0:
                back = 7
            return (published - timedelta(days=back)).isoformat()
    if re.search(r"\blast week\b", low):
        return _week(published - timedelta(days=7))
    if re.search(r"\bthis week\b", low):
        return _week(published)
    if re.search(r"\bnext week\b", low):
        return _week(published + timedelta(days=7))
    if re.search(r"\blast month\b", low):
        first = published.replace(day=1) - timedelta(days=1)
        return f"{first.year}-{first.month:02d}"
    if re.search(r"\bthis month\b", low):
        return f"{published.year}-{published.month:02d}"
    if re.search(r"\blast year\b", low):
        return str(published.year - 1)
    if re.search(r"\bthis year\b", low):
        return str(published.year)
    m = re.search(r"\b(\d+|two|three|four|five|six|seven)\s+(day|week|month|year)s?\s+ago\b", low)
    if m:
        words = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7}
        n = int(m.group(1)) if m.group(1).isdigit() else words[m.group(1)]
        unit = m.group(2)
        if unit == "day":
            return (published - timedelta(days=n)).isoformat()
        if unit == "week":
            return _week(published - timedelta(days=7 * n))
        if unit == "month":
            y, mo = divmod(published.year * 12 + published.month - 1 - n, 12)
            return f"{y}-{mo + 1:02d}"
        return str(published.year - n)
    m = re.search(rf"\bin ({_MONTH_RE})\b", low)
    if m:
        month = _month(m.group(1))
        year = published.year if month <= published.month else published.year - 1
        return f"{year}-{month:02d}"
    m = re.search(r"\b(19\d\d|20\d\d)\b", low)
    if m:
        return m.group(1)
    return None
