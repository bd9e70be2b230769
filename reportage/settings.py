"""One settings object for the thresholds of every stage, passed to where they are used.

Why: the thresholds used to be module constants in half a dozen modules (``MIN_SLOT_CONFIDENCE``
in attribution, ``MAX_PAIRS`` in the event grammar, the MinHash sizes in dedup ...), and two
event switches were environment variables so that ``run``'s worker processes would see them.
Trying another value meant editing code, and nothing said which values a result was made with.
As trafilatura does with its options, one object now holds them; :func:`reportage.pipeline.analyze`
takes it (``settings=``) and hands each stage its part, and ``run`` gives it to its worker
processes (it is a frozen dataclass: picklable and immutable, so every worker reads the same values).

Each field records *why* it has its value (``why`` in its metadata, shown in docs/settings.md and
by ``settings_table``). A field is changed only by making a new object::

    s = Settings.default().replace(attribution={"min_quote_words": 6}, events={"all_events": True})
    s = load_settings("tuned.toml")            # a TOML file over the defaults (``--settings FILE``)

    # tuned.toml
    [attribution]
    min_quote_words = 6
    [events]
    confidence_threshold = 0.4

Every value is checked (type and range) when the object is made, and a bad file is an
:class:`~reportage.base.InputError` naming the file, the section and key, and the reason.

This module imports nothing else of the package, so any stage can import it.
"""

from __future__ import annotations

import dataclasses
import os
import typing
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any, TypeVar

from reportage.base import InputError

__all__ = ["AttributionSettings", "DedupSettings", "EventSettings", "InputSettings", "PlaceSettings",
           "QuoteSettings", "Settings", "SettingsError", "load_settings", "settings_table"]

# Fallback switches of the event stage, for scripts that cannot pass a settings object (see
# :meth:`Settings.with_env`): they only turn a switch on.
ALL_EVENTS_ENV = "REPORTAGE_ALL_EVENTS"
DYADS_ENV = "REPORTAGE_DYADS"
PARSER_MAX_LENGTH = 2_000_000  # nlp.max_length set by reportage.nlp.load_nlp


class SettingsError(InputError):
    """A setting that does not exist or a value it cannot take; the message names both."""


def _f(default: Any, why: str, *, lo: float | None = None, hi: float | None = None) -> Any:
    """A settings field: its default, why that value, and the range it may take."""
    return field(default=default, metadata={"why": why, "min": lo, "max": hi})


_S = TypeVar("_S")


@cache
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


def _kind(hint: Any) -> tuple[type, bool]:
    """(base type, None allowed) of a field's annotation: int, float, bool, or one of them | None."""
    args = typing.get_args(hint)
    if args:
        base = next(a for a in args if a is not type(None))
        return base, type(None) in args
    return hint, False


def _check(section: Any) -> None:
    """Check every field of a section (type, then range); ints are accepted for float fields."""
    name = _SECTION_NAMES.get(type(section), type(section).__name__)
    for f in dataclasses.fields(section):
        value = getattr(section, f.name)
        base, optional = _kind(_hints(type(section))[f.name])
        where = f"[{name}] {f.name} = {value!r}"
        if value is None and optional:
            continue
        if base is bool:
            if not isinstance(value, bool):
                raise SettingsError(f"{where}: expected true or false")
            continue
        if isinstance(value, bool) or not isinstance(value, (int, float)) or (base is int and not isinstance(value, int)):
            raise SettingsError(f"{where}: expected {'an integer' if base is int else 'a number'}")
        if base is float and isinstance(value, int):
            object.__setattr__(section, f.name, float(value))
        lo, hi = f.metadata.get("min"), f.metadata.get("max")
        if (lo is not None and value < lo) or (hi is not None and value > hi):
            bounds = f"from {lo:g}" if hi is None else f"up to {hi:g}" if lo is None else f"from {lo:g} to {hi:g}"
            raise SettingsError(f"{where}: out of range (allowed {bounds})")


@dataclass(frozen=True, slots=True)
class InputSettings:
    """Limits on one input document (files, JSONL/CSV rows, feeds, posted text)."""

    max_bytes: int = _f(20 * 1024 * 1024, "an article is kilobytes; 20 MiB is a dump, not an article "
                        "(`run --max-mb` sets it too)", lo=1)
    max_chars: int = _f(PARSER_MAX_LENGTH, "the parser's nlp.max_length: longer text would fail inside spaCy, "
                        "so it can only be lowered", lo=1, hi=PARSER_MAX_LENGTH)

    def __post_init__(self) -> None:
        _check(self)


@dataclass(frozen=True, slots=True)
class AttributionSettings:
    """Thresholds of attribution extraction (reportage.attribution) and of the cue lexicon (reportage.cues)."""

    min_quote_words: int = _f(4, "shorter quotes are titles or scare quotes unless a cue claims them", lo=1)
    min_slot_confidence: float = _f(0.3, "a cue shape right less often than this is not reported "
                                    "(chosen on PolNeAR dev)", lo=0.0, hi=1.0)
    min_learned_precision: float = _f(0.3, "a content slot measured on PolNeAR train joins the hand-written "
                                      "lexicon from this precision (chosen on PolNeAR dev; below it a shape is "
                                      "more often not a cue)", lo=0.0, hi=1.0)
    min_learned_count: int = _f(3, "and from this many gold examples: a precision measured on fewer is noise",
                                lo=1)

    def __post_init__(self) -> None:
        _check(self)


@dataclass(frozen=True, slots=True)
class EventSettings:
    """Which events the coder emits (reportage.events.coder); the confidence weights stay in
    reportage/events/data/confidence.tsv."""

    confidence_threshold: float | None = _f(None, "unset: the `threshold` row of events/data/confidence.tsv "
                                            "(0.5, chosen on the tuning halves of PLV, ConfliBERT-CAMEO and PLOVER "
                                            "dev); events less confident than this are left out", lo=0.0, hi=1.0)
    max_pairs: int = _f(4, "a clause with several sources and targets (\"A and B accused C and D\") gives at "
                        "most this many source-target events, so a long list does not flood the table", lo=1)
    all_events: bool = _f(False, "`--all-events`: keep the events below the threshold too, marked "
                          "below_threshold (for checking what the cut removes)")
    dyads_only: bool = _f(False, "`--dyads`: emit only events with both a source and a target, as ICEWS records "
                          "are; the `dyadic` row of confidence.tsv set to 1 does the same")

    def __post_init__(self) -> None:
        _check(self)


@dataclass(frozen=True, slots=True)
class PlaceSettings:
    """Population thresholds of toponym resolution (reportage.places.resolve; docs/places.md)."""

    big_city: int = _f(100_000, "a name the NER missed counts as a place without a locative cue from this "
                       "population", lo=0)
    small: int = _f(15_000, "below this population a place needs a cue in the text (a qualifier, \"in\", the "
                    "dateline, a place of its division): common words and surnames otherwise land on villages",
                    lo=0)
    max_flip: float = _f(3.5, "the largest prior gap (log10 population and fame) the article's context may "
                         "overturn: a village never beats Paris on coherence alone", lo=0.0)

    def __post_init__(self) -> None:
        _check(self)


@dataclass(frozen=True, slots=True)
class DedupSettings:
    """Near-duplicate detection (reportage.dedup): MinHash over word shingles, LSH bands.

    ``num_perm``, ``bands`` and ``shingle`` shape the signatures a store keeps: documents stored
    with other values are not compared with the new ones (use a new store after changing them).
    """

    num_perm: int = _f(128, "MinHash permutations: at 128 the standard error of the estimated Jaccard "
                       "similarity is at most 0.044", lo=1, hi=4096)
    bands: int = _f(16, "16 bands of 8 rows: pairs above about 0.7 estimated Jaccard become candidates",
                    lo=1, hi=256)
    shingle: int = _f(5, "words per shingle: 5-word runs are rare enough that shared ones mean shared text",
                      lo=1)
    threshold: float = _f(0.8, "estimated Jaccard of the shingles for two texts to count as the same story",
                          lo=0.0, hi=1.0)
    max_bucket: int = _f(2000, "a band bucket this full is boilerplate, not a story", lo=2)

    def __post_init__(self) -> None:
        _check(self)
        if self.num_perm % self.bands:
            raise SettingsError(f"[dedup] bands = {self.bands}: must divide num_perm ({self.num_perm})")

    @property
    def rows(self) -> int:
        """Signature values per LSH band."""
        return self.num_perm // self.bands


@dataclass(frozen=True, slots=True)
class QuoteSettings:
    """Thresholds of quote clustering (reportage.quote_clusters). Defaults were set on a synthetic set
    (seed 7 of tests/test_quote_clusters.py) and a hand check of PolNeAR clusters; docs/quotes.md says
    what was measured, and on what."""

    shingle: int = _f(3, "words per n-gram in the candidate index", lo=1)
    max_bucket: int = _f(100, "an n-gram in more quotes than this is a stock phrase: not a candidate link", lo=1)
    min_shared: float = _f(0.25, "a candidate pair shares at least this share of the shorter's n-grams",
                           lo=0.0, hi=1.0)
    min_words: int = _f(4, "quotes with fewer words are not clustered (too little to tell one utterance)", lo=1)
    min_block: int = _f(2, "matched stretches shorter than this do not count towards coverage", lo=1)
    min_coverage: float = _f(0.8, "share of the shorter version's words the alignment must match",
                             lo=0.0, hi=1.0)
    min_matched: int = _f(6, "and at least this many words (short stock phrases chained unrelated quotes)", lo=1)
    min_documents: int = _f(2, "a cluster must span this many documents to be reported", lo=1)
    short_words: int = _f(12, "a version of at most this many words must match at min_coverage_short (poll wording "
                              "and stock phrases joined different remarks on PolNeAR)", lo=0)
    min_coverage_short: float = _f(0.9, "share of a short version's words the alignment must match", lo=0.0, hi=1.0)
    min_similar: float = _f(0.7, "character ratio at which an unequal replaced stretch is cut into an alteration "
                                 "of its most similar words and an omission or addition of the rest", lo=0.0, hi=1.0)
    min_upgraded: int = _f(3, "shared words that must have stood outside quote marks in the earlier version for a "
                              "direct quote to be upgraded", lo=1)

    def __post_init__(self) -> None:
        _check(self)


_SECTIONS: dict[str, type] = {"inputs": InputSettings, "attribution": AttributionSettings, "events": EventSettings,
                              "places": PlaceSettings, "dedup": DedupSettings, "quotes": QuoteSettings}
_SECTION_NAMES = {cls: name for name, cls in _SECTIONS.items()}


def _section(name: str, base: _S, changes: Mapping[str, Any] | _S) -> _S:
    """``base`` with ``changes`` (a mapping of its fields, or a whole section object) applied."""
    cls = type(base)
    if isinstance(changes, cls):
        return changes
    if not isinstance(changes, Mapping):
        raise SettingsError(f"[{name}]: expected a table of settings, got {changes!r}")
    known = [f.name for f in dataclasses.fields(cls)]
    for key in changes:
        if key not in known:
            raise SettingsError(f"unknown setting [{name}] {key} (known in [{name}]: {', '.join(known)})")
    return dataclasses.replace(base, **changes)  # type: ignore[type-var]


@dataclass(frozen=True, slots=True)
class Settings:
    """Every stage's thresholds: ``Settings.default()`` is the shipped behaviour."""

    inputs: InputSettings = field(default_factory=InputSettings)
    attribution: AttributionSettings = field(default_factory=AttributionSettings)
    events: EventSettings = field(default_factory=EventSettings)
    places: PlaceSettings = field(default_factory=PlaceSettings)
    dedup: DedupSettings = field(default_factory=DedupSettings)
    quotes: QuoteSettings = field(default_factory=QuoteSettings)

    @classmethod
    def default(cls) -> Settings:
        """The shipped values (what every stage did before settings existed)."""
        return _DEFAULT

    def replace(self, **sections: Mapping[str, Any] | Any) -> Settings:
        """A copy with some fields changed, section by section, e.g.
        ``s.replace(attribution={"min_quote_words": 6})`` or ``s.replace(events=EventSettings(...))``."""
        return self.override(sections)

    def override(self, changes: Mapping[str, Any]) -> Settings:
        """A copy with ``changes`` applied: ``{section: {field: value}}``, as a TOML file gives them."""
        out: dict[str, Any] = {}
        for name, value in changes.items():
            if name not in _SECTIONS:
                home = [s for s, c in _SECTIONS.items() if name in (f.name for f in dataclasses.fields(c))]
                if home and not isinstance(value, Mapping):
                    raise SettingsError(f"setting {name} outside a section: put it under [{home[0]}]")
                raise SettingsError(f"unknown section [{name}]; known: {', '.join(_SECTIONS)}")
            out[name] = _section(name, getattr(self, name), value)
        return dataclasses.replace(self, **out) if out else self

    @classmethod
    def from_toml(cls, path: str | Path, base: Settings | None = None) -> Settings:
        """``base`` (default: the shipped values) with the settings of a TOML file over it."""
        return load_settings(path, base)

    def with_env(self) -> Settings:
        """These settings with the environment's fallback switches applied: ``REPORTAGE_ALL_EVENTS=1``
        and ``REPORTAGE_DYADS=1`` turn ``events.all_events`` / ``events.dyads_only`` on. They exist for
        scripts that call the library without a settings object (tools/realnews.py); a settings object
        or a command-line option is the way to say it otherwise."""
        changes = {k: True for k, env in (("all_events", ALL_EVENTS_ENV), ("dyads_only", DYADS_ENV)) if env_on(env)}
        return self.replace(events=changes) if changes else self

    def to_dict(self) -> dict[str, dict[str, Any]]:
        """``{section: {field: value}}``: what a TOML file holds (None for an unset value)."""
        return {name: dataclasses.asdict(getattr(self, name)) for name in _SECTIONS}


_DEFAULT = Settings()


def env_on(name: str) -> bool:
    return os.environ.get(name, "").strip().lower() in {"1", "true", "yes", "on"}


# settings for code that calls the pipeline without a ``settings=`` parameter to give (the scorers
# of ``reportage eval``); set with :func:`use`
_CURRENT: ContextVar[Settings | None] = ContextVar("reportage_settings", default=None)


@contextmanager
def use(settings: Settings) -> Iterator[Settings]:
    """Within the block, the pipeline called without ``settings=`` uses these (this thread/task only)."""
    token = _CURRENT.set(settings)
    try:
        yield settings
    finally:
        _CURRENT.reset(token)


def resolve(settings: Settings | None) -> Settings:
    """The settings a stage uses: the ones given, else those of an enclosing :func:`use` block, else
    the defaults with the environment's fallback switches (:meth:`Settings.with_env`)."""
    if settings is not None:
        return settings
    current = _CURRENT.get()
    return current if current is not None else _DEFAULT.with_env()


def load_settings(path: str | Path, base: Settings | None = None) -> Settings:
    """Read a TOML settings file over ``base`` (default: the shipped values).

    Raises :class:`SettingsError` naming the file and the reason: not readable, not TOML (with
    the line), an unknown section or key, a value of the wrong type or out of range.
    """
    try:
        import tomllib
    except ImportError:  # Python 3.10: the same parser from PyPI (a dependency there)
        import tomli as tomllib  # type: ignore[no-redef]
    p = Path(path)
    try:
        data = tomllib.loads(p.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise SettingsError(f"{path}: no such settings file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise SettingsError(f"{path}: cannot read the settings file ({exc})") from None
    except tomllib.TOMLDecodeError as exc:
        raise SettingsError(f"{path}: not a valid TOML file ({exc})") from None
    try:
        return (base or _DEFAULT).override(data)
    except SettingsError as exc:
        raise SettingsError(f"{path}: {exc}") from None
    except TypeError as exc:  # a TOML value no field can hold (a table or array where a number goes)
        raise SettingsError(f"{path}: {exc}") from None


# ---------------------------------------------------------------------------------- command line

def add_settings_option(parser: Any) -> None:
    """``--settings FILE`` on a command (analyze, run, serve)."""
    parser.add_argument("--settings", metavar="FILE", default=None,
                        help="thresholds from a TOML file over the defaults (docs/settings.md); "
                             "options such as --all-events still apply over it")


def settings_from_args(args: Any) -> Settings:
    """The settings a command runs with: the defaults (with the environment's fallback switches),
    then ``--settings FILE``, then the command's own options (``--all-events``, ``--dyads``)."""
    s = _DEFAULT.with_env()
    if getattr(args, "settings", None):
        s = load_settings(args.settings, s)
    events = {k: True for k, opt in (("all_events", "all_events"), ("dyads_only", "dyads")) if getattr(args, opt, False)}
    return s.replace(events=events) if events else s


def settings_table() -> str:
    """The settings as a Markdown table (name, default, why): the one in docs/settings.md."""
    lines = ["| setting | default | why |", "|---|---|---|"]
    for name, cls in _SECTIONS.items():
        for f in dataclasses.fields(cls):
            default = f.default
            shown = "unset" if default is None else str(default).lower() if isinstance(default, bool) else f"{default:,}" \
                if isinstance(default, int) else f"{default:g}"
            lines.append(f"| `{name}.{f.name}` | {shown} | {f.metadata['why']} |")
    return "\n".join(lines) + "\n"
