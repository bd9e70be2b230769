"""Publication dates: the one place where a date is parsed, validated and found for a document.

Why one module: roles of people are coded for the publication day, so a date that is silently
dropped (``--date 2013/05/28``) or never looked for (a date in the file name, a dateline) codes
2016 campaign figures with today's roles. Every path (``analyze``, ``run``, the store, the event
coder, the knowledge base, ``actors lookup``) goes through the functions here:

* :func:`parse_day` -- a date the user typed (``--date``, a data file): ISO ``YYYY-MM-DD``, or a
  clear :class:`DateError` naming the input;
* :func:`parse_loose` -- a date from metadata (JSONL/CSV fields, HTML meta, feeds): the usual
  machine forms (ISO with a time, RFC 2822, ``2019/03/12``, epoch seconds, ``12 March 2019``);
* :func:`day_or_none` / :func:`to_date` -- an already normalised value, checked;
* :func:`from_filename`, :func:`from_url`, :func:`from_text` -- dates found in a document;
* :func:`choose` -- the order they are tried in: the option, the file name, the metadata, the URL,
  the text; only after that does the actor resolver infer a day from titles in the text.

Days are ISO strings (``2019-03-12``): that is what the document JSON and the store carry.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from email.utils import parsedate_tz

from reportage.inputs import InputError

MIN_YEAR, MAX_YEAR = 1800, 2200  # a found date outside this range is a number, not a publication date
_ISO_PREFIX = re.compile(r"\s*(\d{4})-(\d{2})-(\d{2})(?=$|[T\s]|[^\d])")
_ISO_FULL = re.compile(r"\s*(\d{4})-(\d{2})-(\d{2})(?:[T ][0-9:.,]+(?:Z|[+-]\d{2}:?\d{2}|\s*[A-Z]{1,5})?)?\s*$")
_SLASHED = re.compile(r"\s*(\d{4})[/.](\d{1,2})[/.](\d{1,2})\b")
_BASIC = re.compile(r"\s*(\d{4})(\d{2})(\d{2})\s*$")
_EPOCH = re.compile(r"\s*(\d{9,10}|\d{12,13})(?:\.\d+)?\s*$")
# an ISO date inside a file name or URL: 2016-09-12, 2016_09_12, 2016.09.12 or 20160912, not inside a longer number
_NAME_DATE = re.compile(r"(?<!\d)((?:18|19|20|21)\d\d)([-_.]?)(0[1-9]|1[0-2])\2(0[1-9]|[12]\d|3[01])(?!\d)")
_URL_DATE = re.compile(r"/((?:19|20)\d\d)/(0?[1-9]|1[0-2])/(0?[1-9]|[12]\d|3[01])(?:/|$)")

_MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
           "november", "december")
_MONTH = r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
_WEEKDAY = r"(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)(?:day|sday|nesday|rsday|urday)?\.?,?\s+"
_DAY = r"(\d{1,2})(?:st|nd|rd|th)?"
# "March 12, 2019", "Tue January 7, 2020", "Jan. 7 2020"; year optional (datelines)
_MDY = re.compile(rf"\b(?:{_WEEKDAY})?({_MONTH})\s+{_DAY}\b(?:,?\s+(\d{{4}})\b)?", re.I)
# "12 March 2019", "Tuesday 12 March 2019"; year optional
_DMY = re.compile(rf"\b(?:{_WEEKDAY})?{_DAY}\s+({_MONTH})(?:,?\s+(\d{{4}})\b)?", re.I)
_ISO_IN_TEXT = re.compile(r"\b((?:19|20)\d\d)-(\d{2})-(\d{2})\b")

# a line that announces the date: "Published: 12 March 2019", "Updated 10:32 AM ET, Tue January 7, 2020"
_KEYWORD_LINE = re.compile(
    r"^\W{0,3}(?:(first|originally)\s+)?(published|posted|updated|last\s+updated|last\s+modified|date|dated|"
    r"publication\s+date|released)\b\s*(?:on|at)?\s*[:\-\u2013\u2014|]?\s*(.*)$", re.I)
# a wire dateline: "MOSCOW, March 3 (Reuters) -", "WASHINGTON, Jan. 7, 2020 /PRNewswire/ --"
_DATELINE = re.compile(
    rf"^\s*([A-Z][A-Za-z.'\u2019-]+(?:[ /][A-Za-z.'\u2019-]+){{0,5}}),\s+(?:[A-Z][A-Za-z.]+,\s+)?"
    rf"((?:{_WEEKDAY})?{_MONTH}\s+\d{{1,2}}(?:,?\s+\d{{4}})?|\d{{1,2}}\s+{_MONTH}(?:\s+\d{{4}})?)"
    r"\s*(?:\((?:Reuters|AP|AFP|UPI|IANS|PTI|Xinhua|Bloomberg|dpa|ANSA|EFE|Yonhap|Kyodo|Interfax|TASS|[A-Z]{2,6})\)|"
    r"/[A-Za-z ]+/)?\s*[-\u2013\u2014:]", re.I)
_COPYRIGHT_YEAR = re.compile(r"(?:\u00a9|\(c\)|copyright)\s*((?:19|20)\d\d)\b", re.I)
HEAD_LINES = 15  # date lines sit under the headline or the byline: the first lines are searched
MAX_LINE = 200  # a longer line is a paragraph of the story, whose dates are about events


class DateError(InputError):
    """A date that cannot be read: the message names the input, the value and the form expected."""


@dataclass(slots=True)
class FoundDate:
    """The publication day chosen for a document, where it came from, and what was wrong on the way."""

    day: str | None = None
    source: str | None = None  # option | filename | metadata | url | text; None when no date was found
    warnings: list[str] = field(default_factory=list)


def _valid(y: int, m: int, d: int) -> str | None:
    if not MIN_YEAR <= y <= MAX_YEAR:
        return None
    try:
        return date(y, m, d).isoformat()
    except ValueError:
        return None


def parse_day(value: str, what: str = "date") -> str:
    """A user-given date (``--date``, a data file cell) as an ISO day; DateError otherwise.

    Accepts ``YYYY-MM-DD`` and an ISO date-time (``2019-03-12T10:00:00Z``, whose day is taken);
    nothing else, so ``2013/05/28`` or ``28.05.2013`` is an error rather than a guess.
    """
    text = str(value).strip()
    shown = f"{what} {value!r}" if what else repr(value)
    m = _ISO_FULL.match(text)
    if m:
        day = _valid(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        if day:
            return day
        raise DateError(f"{shown}: no such day (expected YYYY-MM-DD, e.g. 2019-03-12)")
    raise DateError(f"{shown}: not a date (expected YYYY-MM-DD, e.g. 2019-03-12)")


def day_or_none(value: object) -> str | None:
    """The ISO day at the start of a normalised value (``2016-10-01``, ``2016-10-01T12:00``), else None."""
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    m = _ISO_PREFIX.match(str(value))
    return _valid(int(m.group(1)), int(m.group(2)), int(m.group(3))) if m else None


def to_date(value: object) -> date | None:
    """:func:`day_or_none` as a :class:`datetime.date` (the event coder counts days from it)."""
    day = day_or_none(value)
    return date.fromisoformat(day) if day else None


class _DayPattern:
    """A stand-in for the ``re.compile(r"^\\d{4}-\\d{2}-\\d{2}")`` checks modules used to keep:
    ``.match(value)`` is truthy only for a real calendar day, so 2019-02-30 no longer passes."""

    def __init__(self, whole: bool) -> None:
        self.whole = whole

    def match(self, value: str | None) -> str | None:
        if not value:
            return None
        if self.whole:
            try:
                return parse_day(value) if len(str(value).strip()) == 10 else None
            except DateError:
                return None
        return day_or_none(value)


DAY_PREFIX = _DayPattern(whole=False)  # value starts with a valid day
DAY_EXACT = _DayPattern(whole=True)  # value is exactly a valid day


def parse_loose(value: object) -> str | None:
    """A metadata date in any usual machine form as an ISO day; None when it is not one.

    ISO dates and date-times (a time zone is kept as given: the day printed is the publisher's),
    ``2019/03/12``, ``20190312``, RFC 2822 (``Tue, 12 Mar 2019 10:00:00 GMT``, as feeds write),
    epoch seconds or milliseconds, and written dates (``12 March 2019``, ``March 12, 2019``).
    """
    if value is None:
        return None
    if isinstance(value, (date, datetime)):
        return day_or_none(value)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return _epoch(float(value))
    text = str(value).strip()
    if not text:
        return None
    m = _ISO_PREFIX.match(text)
    if m:
        return _valid(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    for rx in (_SLASHED, _BASIC):
        m = rx.match(text)
        if m:
            return _valid(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    m = _EPOCH.match(text)
    if m:
        digits = m.group(1)
        return _epoch(float(digits) / (1000.0 if len(digits) > 10 else 1.0))
    parsed = parsedate_tz(text)
    if parsed is not None and parsed[0] and parsed[1] and parsed[2]:
        return _valid(parsed[0], parsed[1], parsed[2])
    found = _written_date(text, need_year=True)
    return found


def _epoch(seconds: float) -> str | None:
    try:
        return day_or_none(datetime.fromtimestamp(seconds, tz=timezone.utc))
    except (OverflowError, OSError, ValueError):
        return None


def _month(word: str) -> int:
    return [m[:3] for m in _MONTHS].index(word.lower().rstrip(".")[:3]) + 1


def _written_date(text: str, need_year: bool, year: int | None = None) -> str | None:
    """The first written date in ``text`` ("12 March 2019", "Jan. 7, 2020", "2019-03-12").

    A date without a year takes ``year`` when given; with ``need_year`` and no year it is not a date.
    """
    best: tuple[int, str] | None = None
    m = _ISO_IN_TEXT.search(text)
    if m:
        day = _valid(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        if day:
            best = (m.start(), day)
    for rx, order in ((_MDY, "md"), (_DMY, "dm")):
        for m in rx.finditer(text):
            if best is not None and m.start() >= best[0]:
                break
            mon, dd = (m.group(1), m.group(2)) if order == "md" else (m.group(2), m.group(1))
            y = int(m.group(3)) if m.group(3) else year
            if y is None:
                if need_year:
                    continue
                return None
            day = _valid(y, _month(mon), int(dd))
            if day:
                best = (m.start(), day)
                break
    return best[1] if best else None


def from_filename(name: str | None) -> str | None:
    """An ISO date in a file's name (``breitbart_2016-09-12_trump.txt``, ``20160912-ap.html``)."""
    if not name:
        return None
    base = re.split(r"[/\\]", str(name))[-1]
    m = _NAME_DATE.search(base)
    return _valid(int(m.group(1)), int(m.group(3)), int(m.group(4))) if m else None


def from_url(url: str | None) -> str | None:
    """The date news sites put in their URL paths (``/2020/01/16/politics/...``, ``/2016-09-12/``)."""
    if not url:
        return None
    path = re.sub(r"^[a-z]+://[^/]+", "", str(url), flags=re.I).split("?")[0]
    m = _URL_DATE.search(path)
    if m:
        return _valid(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    m = _NAME_DATE.search(path)
    if m and m.group(2):  # a bare 8-digit run in a URL is usually an article number, not a date
        return _valid(int(m.group(1)), int(m.group(3)), int(m.group(4)))
    return None


def from_text(text: str | None) -> str | None:
    """A publication date stated at the top of the text: a date line or a wire dateline.

    Looks at the first :data:`HEAD_LINES` short lines only (dates further down are about the events).
    In order: a "Published"/"First published" line; a dateline with its year ("WASHINGTON, Jan. 7,
    2020 (Reuters) -"); an "Updated"/"Posted" line; a line that is only a date; and a dateline
    without its year ("MOSCOW, March 3 (Reuters) -") when a copyright line gives the year.
    """
    if not text:
        return None
    head: list[str] = []
    for line in text[:6000].splitlines():
        line = line.strip()
        if not line:
            continue
        head.append(line)
        if len(head) >= HEAD_LINES:
            break
    published: str | None = None
    updated: str | None = None
    dateline: str | None = None
    bare: str | None = None
    yearless: str | None = None
    for line in head:
        if len(line) > MAX_LINE:
            m = _DATELINE.match(line)  # a dateline opens the first paragraph, however long
            if m and dateline is None and yearless is None:
                found = _written_date(m.group(2), need_year=True)
                if found:
                    dateline = found
                else:
                    yearless = m.group(2)
            continue
        m = _KEYWORD_LINE.match(line)
        if m:
            found = _written_date(m.group(3), need_year=True)
            if found:
                kind = m.group(2).lower()
                if kind.startswith(("updated", "last")):
                    updated = updated or found
                else:
                    published = published or found
            continue
        m = _DATELINE.match(line)
        if m:
            found = _written_date(m.group(2), need_year=True)
            if found:
                dateline = dateline or found
            elif yearless is None:
                yearless = m.group(2)
            continue
        if bare is None and _only_a_date(line):
            bare = _written_date(line, need_year=True)
    for found in (published, dateline, updated, bare):
        if found:
            return found
    if yearless:
        m = _COPYRIGHT_YEAR.search(text[-3000:]) or _COPYRIGHT_YEAR.search(text[:3000])
        if m:
            return _written_date(yearless, need_year=False, year=int(m.group(1)))
    return None


_TIME_WORDS = re.compile(r"\b(\d{1,2}[:.]\d{2}(?::\d{2})?\s*(?:a\.?m\.?|p\.?m\.?)?|a\.?m\.?|p\.?m\.?|gmt|utc|bst|cet|"
                         r"[ecmp][sd]?t|at|on|by)\b", re.I)


def _only_a_date(line: str) -> bool:
    """Whether a line holds nothing but a date (and a time or weekday): "Tuesday 12 March 2019 10.32 GMT"."""
    if len(line) > 60:
        return False
    m = _MDY.search(line) or _DMY.search(line) or _ISO_IN_TEXT.search(line)
    if not m:
        return False
    rest = (line[:m.start()] + " " + line[m.end():])
    rest = _TIME_WORDS.sub(" ", rest)
    return not re.sub(r"[\W_]+", "", rest)


def choose(*, option: str | None = None, filename: str | None = None, metadata: object = None,
           url: str | None = None, text: str | None = None, what: str = "") -> FoundDate:
    """The publication day of a document from what is known about it, best source first.

    ``option`` (``--date``) must already be valid (:func:`parse_day`). A metadata value that is
    not a date is reported as a warning and treated as no date, so the next sources are tried.
    ``what`` names the document in the warning.
    """
    found = FoundDate()
    if option:
        found.day, found.source = parse_day(option, "--date"), "option"
        return found
    day = from_filename(filename)
    if day:
        found.day, found.source = day, "filename"
        return found
    if metadata not in (None, ""):
        day = parse_loose(metadata)
        if day:
            found.day, found.source = day, "metadata"
            return found
        shown = str(metadata)[:60]
        found.warnings.append(f"{what + ': ' if what else ''}publication date {shown!r} in the metadata is not a "
                              "date; treated as no date")
    for source, day in (("url", from_url(url)), ("text", from_text(text))):
        if day:
            found.day, found.source = day, source
            return found
    return found
