"""Pydantic descriptions of the JSON the API returns, for the OpenAPI document only.

Responses are not validated against these (the JSON comes straight from
:meth:`reportage.document.Document.to_json` or the store); they let a client read the
``reportage.document/1`` contract and the page twins' shapes from ``/openapi.json``.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field


class _Open(BaseModel):
    model_config = ConfigDict(extra="allow")


class SpanOut(_Open):
    start: int = Field(description="offset in characters of the original text")
    end: int = Field(description="end offset, exclusive")
    text: str = Field(description="text[start:end]")


class ActorOut(_Open):
    id: str
    name: str
    code: str | None = None
    country: str | None = None
    sector: str | None = None
    type: str | None = None
    role: dict[str, Any] | None = None
    kb_id: str | None = None
    mentions: list[SpanOut] = []


class AttributionOut(_Open):
    id: str
    kind: str = Field(description="direct | indirect | mixed | according_to | hedged")
    act: str = Field("speech", description="speech | writing | belief | intention | knowledge")
    speaker: str | None = Field(None, description="actor id")
    source: SpanOut | None = None
    cue: SpanOut | None = None
    content: list[SpanOut] = []
    via: str | None = Field(None, description="the attribution this one was relayed through (source chain)")
    confidence: float = 0.5
    rule: str = ""


class EventOut(_Open):
    id: str
    cameo: str
    plover: str | None = None
    quad_class: int | None = None
    goldstein: float | None = None
    source: str | None = Field(None, description="actor id")
    target: str | None = Field(None, description="actor id")
    trigger: SpanOut
    sentence: SpanOut
    attribution: str | None = None
    negated: bool = False
    hedged: bool = False
    explanation: dict[str, Any] = {}


class DocumentOut(_Open):
    """The reportage.document/1 contract."""

    schema_: str = Field("reportage.document/1", alias="schema")
    id: str
    url: str | None = None
    outlet: str | None = None
    published: str | None = None
    title: str | None = None
    language: str | None = None
    text: str
    actors: list[ActorOut] = []
    attributions: list[AttributionOut] = []
    events: list[EventOut] = []
    warnings: list[str] = []


class SearchOut(_Open):
    total: int
    limit: int
    offset: int
    documents: list[dict[str, Any]]
    query: dict[str, Any]


class ActorPageOut(_Open):
    actor: dict[str, Any] = Field(description="actor_key, name, code, type, n_docs, n_statements, n_events_as_source…")
    keys: list[str]
    statements_total: int = Field(description="all statements in the period (the list holds the latest `limit`)")
    statements: list[dict[str, Any]]
    events_as_source_total: int
    events_as_source: list[dict[str, Any]]
    events_as_target_total: int
    events_as_target: list[dict[str, Any]]
    counterparts_total: int
    counterparts: list[dict[str, Any]]
    timeline: list[dict[str, Any]] = Field(description="per day: statements, as_source, as_target")
    same_name: list[dict[str, Any]] = Field(description="other actor keys with the same name")


class ActorSearchOut(_Open):
    q: str
    total: int
    limit: int
    offset: int
    actors: list[dict[str, Any]]


class CodeOut(_Open):
    code: str
    totals: dict[str, Any] = Field(description="statements, events as source / target, documents under this code")
    total: int = Field(description="actors carrying the code")
    limit: int
    offset: int
    actors: list[dict[str, Any]]


class StatementsOut(_Open):
    total: int
    limit: int
    offset: int
    statements: list[dict[str, Any]] = Field(description="with title, outlet, day, url and a snippet")
    query: dict[str, Any]


class EventsOut(_Open):
    total: int
    limit: int
    offset: int
    events: list[dict[str, Any]] = Field(description="with title, outlet, day, url and the sentence split "
                                                     "around the trigger")
    query: dict[str, Any]


class DyadOut(_Open):
    a: dict[str, Any]
    b: dict[str, Any]
    total: int
    days: list[dict[str, Any]] = Field(description="per day: q1..q4 event counts, n, mean goldstein")
    events: list[dict[str, Any]]


class NetworkOut(_Open):
    nodes: list[dict[str, Any]]
    edges: list[dict[str, Any]] = Field(description="source_key, target_key, relation (acts on | speaks about), n, goldstein")


class ErrorOut(BaseModel):
    detail: Any
