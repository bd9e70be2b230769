"""The FastAPI application: HTML pages rendered on the server, each with a JSON twin under /api/.

``create_app(db_path)`` builds the app; without a database only the analyze form and
``POST /api/analyze`` work and the other pages say so. Every page is rendered with Jinja2
autoescaping on, so article text can never become markup; the only script is a static file
allowed by the Content-Security-Policy header.

Analyses run in worker processes (:class:`reportage.web.analysis.AnalysisPool`) awaited by
async handlers, so they hold no server thread; page handlers are plain functions run on the
thread pool, each thread reading through its own DuckDB cursor.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import quote, urlencode

import jinja2
from fastapi import FastAPI, Query, Request
from fastapi import Path as Path_
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response, StreamingResponse
from fastapi.staticfiles import StaticFiles
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException as StarletteHTTPException

from reportage import __version__
from reportage.document import Document
from reportage.web.analysis import (
    DEFAULT_MAX_CHARS,
    DEFAULT_QUEUE,
    DEFAULT_TIMEOUT,
    AnalysisFailed,
    AnalysisPool,
    AnalysisTimeout,
    Busy,
    ClientGone,
    TextTooLarge,
)
from reportage.web.charts import dyad_chart, network_chart, timeline_chart
from reportage.web.data import NoDatabase, WebData, open_data
from reportage.web.maps import map_view
from reportage.web.schemas import (
    ActorPageOut,
    ActorSearchOut,
    CodeOut,
    DocumentOut,
    DyadOut,
    ErrorOut,
    EventsOut,
    NetworkOut,
    SearchOut,
    StatementsOut,
)
from reportage.web.security import LOOPBACK_HOSTS, BodyLimit, HostCheck, OriginCheck, SecurityHeaders
from reportage.web.views import QUAD_CLASSES, document_view, quad_css, quad_name

HERE = Path(__file__).parent
MAX_LIMIT = 200
MAX_OFFSET = 1_000_000
_ERR = {"model": ErrorOut}
KINDS = ("direct", "indirect", "mixed", "according_to", "hedged")


def _docs(model: type, *codes: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI-only response descriptions: the 200 shape and the error codes an endpoint can answer."""
    out: dict[int | str, dict[str, Any]] = {200: {"model": model}}
    names = {307: "a code or an actor search: redirected", 403: "cross-site request refused",
             404: "unknown id or actor", 413: "text over the size limit",
             422: "bad parameters or input, or the analysis ran over its time limit",
             503: "server started without --db, or every analysis worker busy (see Retry-After)"}
    for c in codes:
        out[c] = {**_ERR, "description": names[c]}
    return out


NetLimit = Annotated[int, Query(ge=1, le=300)]
Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT)]
Offset = Annotated[int, Query(ge=0, le=MAX_OFFSET)]
Text = Annotated[str | None, Query(max_length=200)]
Key = Annotated[str, Query(min_length=1, max_length=300)]
# form fields arrive as text ("" when left blank): parsed by _date/_int/_float/_bool with a clear 422
Field_ = Annotated[str | None, Query(max_length=40)]
MAP_LIMIT = 2000
MapLimit = Annotated[int, Query(ge=1, le=20_000)]


class AnalyzeRequest(BaseModel):
    """A text to analyse; nothing is stored and no URL is fetched."""

    text: str = Field(min_length=1, description="the article text (plain text)")
    date: dt.date | None = Field(None, description="publication date, YYYY-MM-DD: roles are coded for it")
    outlet: str | None = Field(None, max_length=200, description="the outlet that published it")
    title: str | None = Field(None, max_length=500)


def _env() -> jinja2.Environment:
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(HERE / "templates"), autoescape=True,
                             undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    env.filters["q"] = lambda s: quote(str(s), safe="")
    env.globals.update(quad_name=quad_name, quad_css=quad_css, version=__version__, urlencode=urlencode,
                       QUAD_CLASSES=QUAD_CLASSES, KINDS=KINDS)
    return env


class HTMLError(Exception):
    def __init__(self, status: int, title: str, message: str) -> None:
        self.status, self.title, self.message = status, title, message


def bad(name: str, value: str, why: str) -> HTMLError:
    return HTMLError(422, "422 Bad parameters", f"{name}: {value!r} {why}")


def _date(name: str, v: str | None) -> dt.date | None:
    if not v or not v.strip():
        return None
    try:
        return dt.date.fromisoformat(v.strip())
    except ValueError:
        raise bad(name, v, "is not a date (YYYY-MM-DD)") from None


def _int(name: str, v: str | None, lo: int, hi: int) -> int | None:
    if not v or not v.strip():
        return None
    try:
        n = int(v.strip())
    except ValueError:
        raise bad(name, v, "is not a whole number") from None
    if not lo <= n <= hi:
        raise bad(name, v, f"is not between {lo} and {hi}")
    return n


def _float(name: str, v: str | None, lo: float, hi: float) -> float | None:
    if not v or not v.strip():
        return None
    try:
        x = float(v.strip())
    except ValueError:
        raise bad(name, v, "is not a number") from None
    if not lo <= x <= hi or x != x:
        raise bad(name, v, f"is not between {lo:g} and {hi:g}")
    return x


def _bool(name: str, v: str | None) -> bool | None:
    if not v or not v.strip() or v.strip().lower() in ("any", "all"):
        return None
    t = v.strip().lower()
    if t in ("1", "true", "yes", "on", "only"):
        return True
    if t in ("0", "false", "no", "off", "exclude"):
        return False
    raise bad(name, v, "is not yes/no (or blank for either)")


def _clean(params: dict[str, Any]) -> dict[str, Any]:
    """The non-blank parameters, as strings, for links that keep the current filter."""
    out = {}
    for k, v in params.items():
        if v is None or v == "":
            continue
        out[k] = v.isoformat() if isinstance(v, dt.date) else v
    return out


def pager(path: str, params: dict[str, Any], limit: int, offset: int, total: int) -> dict[str, str | None]:
    """Links to the previous and next pages of a list, keeping its filter."""
    base = _clean(params)
    prev_q = urlencode({**base, "limit": limit, "offset": max(0, offset - limit)}) if offset > 0 else None
    next_q = urlencode({**base, "limit": limit, "offset": offset + limit}) if offset + limit < total else None
    return {"prev": f"{path}?{prev_q}" if prev_q else None, "next": f"{path}?{next_q}" if next_q else None,
            "here": urlencode({**base, "limit": limit, "offset": offset}), "filter": urlencode(base)}


def _csv(chunks: Iterator[tuple[list[str], list[tuple]]], drop: tuple[str, ...] = ()) -> Iterator[str]:
    """CSV text from result chunks (first row the header), streamed."""
    buf = io.StringIO()
    writer = csv.writer(buf)
    header_done = False
    keep: list[int] = []
    for cols, rows in chunks:
        if not header_done:
            keep = [i for i, c in enumerate(cols) if c not in drop]
            writer.writerow([cols[i] for i in keep])
            header_done = True
        for r in rows:
            writer.writerow(["" if r[i] is None else (r[i].isoformat() if hasattr(r[i], "isoformat") else r[i])
                             for i in keep])
        yield buf.getvalue()
        buf.seek(0)
        buf.truncate()
    if not header_done:
        yield ""


def create_app(db_path: str | Path | None = None, *, max_chars: int = DEFAULT_MAX_CHARS, workers: int = 1,
               queue: int = DEFAULT_QUEUE, timeout: float = DEFAULT_TIMEOUT,
               allowed_hosts: list[str] | tuple[str, ...] = LOOPBACK_HOSTS, settings: Any = None) -> FastAPI:
    """Build the app; ``db_path`` is opened read-only, and may be None for analyze-only use.

    ``settings`` (a :class:`reportage.settings.Settings`; default the shipped one) is what posted texts
    are analysed with.

    ``workers``/``queue``/``timeout`` size the analysis pool; ``allowed_hosts`` are the Host
    header names served (``"*"`` serves any, for use behind a proxy that checks them).
    """
    data: WebData | None = open_data(db_path) if db_path else None
    pool = AnalysisPool(workers=workers, queue=queue, timeout=timeout, settings=settings)
    env = _env()

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        yield
        pool.close()
        if data is not None:
            data.close()

    app = FastAPI(title="Reportage", version=__version__, docs_url=None, redoc_url=None, lifespan=lifespan,
                  description="Attributions and coded events of news articles: pages and their JSON twins.")
    app.state.data = data
    app.state.pool = pool
    app.state.max_chars = max_chars
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")

    def page(name: str, request: Request, status: int = 200, **ctx: Any) -> HTMLResponse:
        ctx.setdefault("has_db", data is not None)
        ctx.setdefault("path", request.url.path)
        return HTMLResponse(env.get_template(name).render(**ctx), status_code=status)

    def need_data() -> WebData:
        if data is None:
            raise NoDatabase("no database: start the server with `reportage serve --db PATH` to browse stored articles")
        return data

    # ---- errors: JSON under /api/, an HTML page elsewhere; never a traceback --------------------
    def _is_api(request: Request) -> bool:
        return request.url.path.startswith("/api/") or request.url.path == "/api"

    def _answer(request: Request, status: int, title: str, message: str,
                headers: dict[str, str] | None = None) -> Response:
        if _is_api(request):
            return JSONResponse({"detail": message}, status_code=status, headers=headers)
        r = page("error.html", request, status, title=title, message=message)
        r.headers.update(headers or {})
        return r

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> Any:
        errors = [{"loc": list(e.get("loc", [])), "msg": e.get("msg", ""), "type": e.get("type", "")}
                  for e in exc.errors()]
        if _is_api(request):
            return JSONResponse({"detail": errors}, status_code=422)
        msg = "; ".join(f"{'.'.join(str(x) for x in e['loc'][1:]) or 'input'}: {e['msg']}" for e in errors)
        return page("error.html", request, 422, title="422 Bad parameters", message=msg)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> Any:
        return _answer(request, exc.status_code, f"{exc.status_code}", str(exc.detail))

    @app.exception_handler(NoDatabase)
    async def _nodb(request: Request, exc: NoDatabase) -> Any:
        return _answer(request, 503, "No database", str(exc))

    @app.exception_handler(TextTooLarge)
    async def _large(request: Request, exc: TextTooLarge) -> Any:
        return _answer(request, 413, "413 Text too large", str(exc))

    @app.exception_handler(Busy)
    async def _busy(request: Request, exc: Busy) -> Any:
        return _answer(request, 503, "503 Busy", f"the server is busy analysing other texts: {exc}",
                       headers={"Retry-After": str(exc.retry_after)})

    @app.exception_handler(AnalysisTimeout)
    async def _slow(request: Request, exc: AnalysisTimeout) -> Any:
        return _answer(request, 422, "422 Analysis too long", str(exc))

    @app.exception_handler(AnalysisFailed)
    async def _failed(request: Request, exc: AnalysisFailed) -> Any:
        return _answer(request, 500, "500 Analysis failed", str(exc))

    @app.exception_handler(ClientGone)
    async def _gone(request: Request, exc: ClientGone) -> Any:
        return Response(status_code=499)  # nobody is listening; the access log shows 499

    @app.exception_handler(HTMLError)
    async def _html_error(request: Request, exc: HTMLError) -> Any:
        return _answer(request, exc.status, exc.title, exc.message)

    @app.exception_handler(Exception)
    async def _crash(request: Request, exc: Exception) -> Any:
        return _answer(request, 500, "500 Internal error",
                       f"internal error ({type(exc).__name__}); the server log has the details")

    def not_found(what: str) -> HTMLError:
        return HTMLError(404, "404 Not found", f"{what} not found")

    # ---- analyze: no database needed ----------------------------------------------------------
    async def _analyze(request: Request, text: str, date: dt.date | None, outlet: str | None,
                       title: str | None) -> dict[str, Any]:
        if "\x00" in text:
            raise HTMLError(422, "422 Bad text", "text: contains NUL characters (binary data), not text")
        if not text.strip():
            raise HTMLError(422, "422 Bad text", "text: empty")
        if len(text) > max_chars:
            raise TextTooLarge(f"text has {len(text)} characters; the limit is {max_chars}")
        job = {"text": text, "published": date.isoformat() if date else None, "outlet": outlet or None,
               "title": title or None, "max_chars": max_chars}
        return await pool.analyze(job, request.is_disconnected)

    @app.post("/api/analyze", tags=["analyze"], summary="Analyse a text without storing it",
              responses=_docs(DocumentOut, 403, 413, 422, 503), response_model=None)
    async def api_analyze(request: Request, body: AnalyzeRequest) -> dict[str, Any]:
        """Return the reportage.document/1 JSON of the posted text. Nothing is stored or fetched.

        Runs in a worker process; when every worker is busy and the queue is full the answer is
        503 with Retry-After, and an analysis over the time limit is stopped with 422.
        """
        return await _analyze(request, body.text, body.date, body.outlet, body.title)

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def home(request: Request) -> HTMLResponse:
        stats = data.stats() if data is not None else None
        return page("home.html", request, max_chars=max_chars, stats=stats, form={})

    @app.post("/analyze", response_class=HTMLResponse, include_in_schema=False)
    async def analyze_form(request: Request) -> HTMLResponse:
        """The home page's form: the same analysis as POST /api/analyze, drawn as a document page."""
        form = await request.form()

        def field(name: str, limit: int) -> str:
            value = form.get(name) or ""
            if not isinstance(value, str):
                raise HTMLError(422, "422 Bad input", f"{name}: expected text, got a file")
            if len(value) > limit:
                raise HTMLError(422, "422 Bad input", f"{name}: longer than {limit} characters")
            return value.strip()

        text = form.get("text") or ""
        if not isinstance(text, str):
            raise HTMLError(422, "422 Bad input", "text: expected text, got a file")
        date, outlet, title = field("date", 10), field("outlet", 200), field("title", 500)
        day = _date("date", date)
        doc = await _analyze(request, text, day, outlet, title)
        return page("document.html", request, analysed=True, **document_view(Document.from_json(doc)))

    # ---- documents ------------------------------------------------------------------------------
    def _search(q: str | None, outlet: str | None, date_from: str | None, date_to: str | None,
                actor: str | None, limit: int, offset: int) -> dict[str, Any]:
        f, t = _date("date_from", date_from), _date("date_to", date_to)
        total, rows = need_data().search(q=q or None, outlet=outlet or None, date_from=f, date_to=t,
                                         actor=actor or None, limit=limit, offset=offset)
        return {"total": total, "limit": limit, "offset": offset, "documents": rows,
                "query": {"q": q, "outlet": outlet, "date_from": f and f.isoformat(), "date_to": t and t.isoformat(),
                          "actor": actor}}

    @app.get("/api/documents", tags=["documents"], summary="Search documents", responses=_docs(SearchOut, 422, 503),
             response_model=None)
    def api_search(q: Text = None, outlet: Text = None, date_from: Field_ = None, date_to: Field_ = None,
                   actor: Text = None, limit: Limit = 20, offset: Offset = 0) -> dict[str, Any]:
        """Documents matching all the given filters, newest first: text (literal, no wildcards), outlet,
        date range, actor (key, name or code such as RUSGOV); each with title, link and a snippet."""
        return _search(q, outlet, date_from, date_to, actor, limit, offset)

    @app.get("/search", response_class=HTMLResponse, include_in_schema=False)
    def search_page(request: Request, q: Text = None, outlet: Text = None, date_from: Field_ = None,
                    date_to: Field_ = None, actor: Text = None, limit: Limit = 20,
                    offset: Offset = 0) -> HTMLResponse:
        r = _search(q, outlet, date_from, date_to, actor, limit, offset)
        return page("search.html", request, r=r, pg=pager("/search", r["query"], limit, offset, r["total"]))

    def _document(doc_id: str) -> dict[str, Any]:
        d = need_data().document(doc_id)
        if d is None:
            raise not_found(f"document {doc_id!r}")
        return d

    @app.get("/api/documents/{doc_id:path}", tags=["documents"], summary="One document (reportage.document/1)",
             responses=_docs(DocumentOut, 404, 503), response_model=None)
    def api_document(doc_id: str) -> dict[str, Any]:
        return _document(doc_id)

    @app.get("/documents/{doc_id:path}", response_class=HTMLResponse, include_in_schema=False)
    def document_page(request: Request, doc_id: str) -> HTMLResponse:
        d = _document(doc_id)
        return page("document.html", request, analysed=False, **document_view(Document.from_json(d)))

    # ---- actors and codes -------------------------------------------------------------------------
    @app.get("/api/actors", tags=["actors"], summary="Actor search by name or code",
             responses=_docs(ActorSearchOut, 422, 503), response_model=None)
    def api_actor_search(q: Annotated[str, Query(min_length=1, max_length=200)], limit: Limit = 20,
                         offset: Offset = 0) -> dict[str, Any]:
        """Actors whose name has a word starting with ``q`` (no case or diacritics needed), or whose
        code starts with ``q``; most documented first, with their counts; paged."""
        return need_data().actor_search(q, limit, offset)

    @app.get("/actors", response_class=HTMLResponse, include_in_schema=False)
    def actor_search_page(request: Request, q: Text = None, limit: Limit = 20, offset: Offset = 0) -> HTMLResponse:
        r = need_data().actor_search(q, limit, offset) if q else {"q": "", "total": 0, "limit": limit,
                                                                    "offset": 0, "actors": []}
        return page("actors.html", request, r=r, pg=pager("/actors", {"q": q}, limit, offset, r["total"]))

    def _actor(key: str, date_from: str | None, date_to: str | None, limit: int, api: bool,
               cp_offset: int = 0) -> Any:
        if len(key) > 300:
            raise HTMLError(422, "422 Bad actor", "actor: longer than 300 characters")
        f, t = _date("date_from", date_from), _date("date_to", date_to)
        kind, value = need_data().resolve(key)
        prefix = "/api" if api else ""
        if kind == "code":
            return RedirectResponse(f"{prefix}/codes/{quote(value, safe='')}", status_code=307)
        if kind == "search":
            return RedirectResponse(f"{prefix}/actors?{urlencode({'q': value})}", status_code=307)
        if kind == "none":
            raise not_found(f"actor {key!r} (no actor key, name, name prefix or code matches)")
        if value != key and not api:  # a name or a prefix: show the actor under its key
            return RedirectResponse(f"/actors/{quote(value, safe='')}?{urlencode(_clean({'date_from': f, 'date_to': t}))}",
                                    status_code=307)
        result = need_data().actor(value, date_from=f, date_to=t, limit=limit, cp_offset=cp_offset)
        if result is None:
            raise not_found(f"actor {key!r}")
        result["query"] = key
        return result

    @app.get("/api/actors/{key:path}", tags=["actors"], summary="One actor: totals, statements, events, counterparts",
             responses=_docs(ActorPageOut, 307, 404, 422, 503), response_model=None)
    def api_actor(key: str, date_from: Field_ = None, date_to: Field_ = None, limit: Limit = 50,
                  cp_offset: Offset = 0) -> Any:
        """``key`` is an actor key (``kb:…``, ``name:…``), a name, or a name prefix with one match. A CAMEO
        code (``USAGOV``) redirects to ``/api/codes/USAGOV``; a prefix matching several actors to the actor search.
        Totals are full counts; the lists hold the latest ``limit`` (page them with /api/statements and /api/events);
        counterparts come 20 at a time from ``cp_offset``."""
        return _actor(key, date_from, date_to, limit, api=True, cp_offset=cp_offset)

    @app.get("/actors/{key:path}", response_class=HTMLResponse, include_in_schema=False)
    def actor_page(request: Request, key: str, date_from: Field_ = None, date_to: Field_ = None,
                   limit: Limit = 20, cp_offset: Offset = 0) -> Any:
        a = _actor(key, date_from, date_to, limit, api=False, cp_offset=cp_offset)
        if isinstance(a, Response):
            return a
        cp_base = _clean({"date_from": a["date_from"], "date_to": a["date_to"], "limit": limit})
        cp_prev = urlencode({**cp_base, "cp_offset": max(0, cp_offset - a["cp_limit"])}) if cp_offset > 0 else None
        cp_next = urlencode({**cp_base, "cp_offset": cp_offset + a["cp_limit"]}) \
            if cp_offset + a["cp_limit"] < a["counterparts_total"] else None
        return page("actor.html", request, a=a, chart=timeline_chart(a.get("timeline", [])),
                    api_q=urlencode(_clean({"date_from": a["date_from"], "date_to": a["date_to"], "limit": limit})),
                    dates=urlencode(_clean({"date_from": a["date_from"], "date_to": a["date_to"]})),
                    cp_prev=cp_prev, cp_next=cp_next)

    def _code(code: str, limit: int, offset: int) -> dict[str, Any]:
        if len(code) > 40:
            raise HTMLError(422, "422 Bad code", "code: longer than 40 characters")
        r = need_data().code(code, limit, offset)
        if r is None:
            raise not_found(f"code {code!r} (no actor carries it)")
        return r

    @app.get("/api/codes/{code}", tags=["actors"], summary="The actors under a CAMEO code, with their counts",
             responses=_docs(CodeOut, 404, 422, 503), response_model=None)
    def api_code(code: str, limit: Limit = 50, offset: Offset = 0) -> dict[str, Any]:
        """Every actor coded ``code`` (e.g. USAGOV) in some document, most documented first, paged; and the
        code's own totals: statements and events of actors while they carried it."""
        return _code(code, limit, offset)

    @app.get("/codes/{code}", response_class=HTMLResponse, include_in_schema=False)
    def code_page(request: Request, code: str, limit: Limit = 50, offset: Offset = 0) -> HTMLResponse:
        r = _code(code, limit, offset)
        return page("code.html", request, r=r, pg=pager(f"/codes/{quote(r['code'])}", {}, limit, offset, r["total"]))

    # ---- statements -------------------------------------------------------------------------------
    def _statement_filter(speaker: str | None, kind: str | None, cue: str | None, q: str | None,
                          outlet: str | None, date_from: str | None, date_to: str | None) -> dict[str, Any]:
        if kind and kind not in KINDS:
            raise bad("kind", kind, f"is not one of {', '.join(KINDS)}")
        return {"speaker": speaker or None, "kind": kind or None, "cue": cue or None, "q": q or None,
                "outlet": outlet or None, "date_from": _date("date_from", date_from),
                "date_to": _date("date_to", date_to)}

    def _statements(limit: int, offset: int, **raw: Any) -> dict[str, Any]:
        flt = _statement_filter(**raw)
        total, rows = need_data().statements(**flt, limit=limit, offset=offset)
        return {"total": total, "limit": limit, "offset": offset, "statements": rows, "query": _clean(flt)}

    @app.get("/api/statements", tags=["statements"], summary="Search statements (attributions)",
             responses=_docs(StatementsOut, 422, 503), response_model=None)
    def api_statements(speaker: Text = None, kind: Text = None, cue: Text = None, q: Text = None,
                       outlet: Text = None, date_from: Field_ = None, date_to: Field_ = None, limit: Limit = 20,
                       offset: Offset = 0) -> dict[str, Any]:
        """Who said what: by speaker (key, name, name prefix, or code such as RUSGOV), kind, cue word, words
        of what was said (all of them, literally), outlet and date range; newest first, paged."""
        return _statements(limit, offset, speaker=speaker, kind=kind, cue=cue, q=q, outlet=outlet,
                           date_from=date_from, date_to=date_to)

    @app.get("/api/statements.csv", tags=["statements"], summary="The statements of a filter as CSV",
             response_class=StreamingResponse, responses={422: _ERR, 503: _ERR})
    def api_statements_csv(speaker: Text = None, kind: Text = None, cue: Text = None, q: Text = None,
                           outlet: Text = None, date_from: Field_ = None, date_to: Field_ = None) -> StreamingResponse:
        """Every statement matching the filter (same parameters as /api/statements, at most 100,000 rows)."""
        flt = _statement_filter(speaker, kind, cue, q, outlet, date_from, date_to)
        chunks = need_data().statements_export(**flt)
        return StreamingResponse(_csv(chunks, drop=("head",)), media_type="text/csv; charset=utf-8",
                                 headers={"Content-Disposition": 'attachment; filename="statements.csv"'})

    @app.get("/statements", response_class=HTMLResponse, include_in_schema=False)
    def statements_page(request: Request, speaker: Text = None, kind: Text = None, cue: Text = None, q: Text = None,
                        outlet: Text = None, date_from: Field_ = None, date_to: Field_ = None, limit: Limit = 20,
                        offset: Offset = 0) -> HTMLResponse:
        r = _statements(limit, offset, speaker=speaker, kind=kind, cue=cue, q=q, outlet=outlet,
                        date_from=date_from, date_to=date_to)
        return page("statements.html", request, r=r, pg=pager("/statements", r["query"], limit, offset, r["total"]))

    # ---- quote clusters: one remark as several outlets printed it (reportage.quote_clusters) ---------
    NO_CLUSTERS = ("this store has no quote clusters yet (an older store, or never built): run "
                   "`reportage quotes --rebuild --db PATH` and restart the server")

    def _quotes(limit: int, offset: int, speaker: str | None, min_outlets_raw: str | None,
                changed: str | None) -> dict[str, Any]:
        min_outlets = _int("min_outlets", min_outlets_raw, 1, 10_000)
        flt = {"speaker": speaker or None, "min_outlets": min_outlets or 1, "changed": bool(_bool("changed", changed))}
        found = need_data().quote_clusters(**flt)
        query = _clean({**flt, "min_outlets": min_outlets, "changed": flt["changed"] or None})
        if found is None:
            return {"built": False, "message": NO_CLUSTERS, "total": 0, "limit": limit, "offset": offset,
                    "clusters": [], "query": query}
        rows = [{k: v for k, v in c.items() if k != "versions"} for c in found[offset:offset + limit]]
        return {"built": True, "total": len(found), "limit": limit, "offset": offset, "clusters": rows,
                "query": query}

    def _quote(cluster_id: str) -> dict[str, Any]:
        found = need_data().quote_clusters(cluster_id=cluster_id)
        if found is None:
            raise HTMLError(404, "404 Not found", NO_CLUSTERS)
        if not found:
            raise not_found(f"quote cluster {cluster_id!r}")
        return found[0]

    @app.get("/api/quotes", tags=["statements"], summary="The same quote across outlets: clusters",
             responses={422: _ERR, 503: _ERR})
    def api_quotes(speaker: Text = None, min_outlets: Text = None,
                   changed: Text = None, limit: Limit = 50, offset: Offset = 0) -> dict[str, Any]:
        """Clusters of attributions that report one utterance, most outlets first (without their versions;
        /api/quotes/{id} has them). ``speaker`` is an actor key or part of a name, ``changed=true`` keeps
        clusters where some version omitted, altered or added words, or changed speaker or kind.
        ``built`` is false when the store has no clusters (an older store)."""
        return _quotes(limit, offset, speaker, min_outlets, changed)

    @app.get("/api/quotes/{cluster_id}", tags=["statements"], summary="One quote cluster with every version",
             responses={404: _ERR, 503: _ERR})
    def api_quote(cluster_id: Annotated[str, Path_(max_length=100)]) -> dict[str, Any]:
        """Every version (outlet, day, speaker, kind, text) and its changes against the fullest version:
        ``omitted`` (words of the fullest missing), ``altered`` (``text`` of the fullest became
        ``replacement``), ``added``; spans are offsets in the version's own document."""
        return _quote(cluster_id)

    @app.get("/quotes", response_class=HTMLResponse, include_in_schema=False)
    def quotes_page(request: Request, speaker: Text = None,
                    min_outlets: Text = None, changed: Text = None,
                    limit: Limit = 50, offset: Offset = 0) -> HTMLResponse:
        r = _quotes(limit, offset, speaker, min_outlets, changed)
        return page("quotes.html", request, r=r, pg=pager("/quotes", r["query"], limit, offset, r["total"]))

    @app.get("/quotes/{cluster_id}", response_class=HTMLResponse, include_in_schema=False)
    def quote_page(request: Request, cluster_id: Annotated[str, Path_(max_length=100)]) -> HTMLResponse:
        return page("quote.html", request, c=_quote(cluster_id))

    # ---- events -------------------------------------------------------------------------------------
    def _event_filter(type: str | None, quad: str | None, gmin: str | None, gmax: str | None,  # noqa: A002
                      hedged: str | None, negated: str | None, modality: str | None, actor: str | None,
                      source: str | None, target: str | None, outlet: str | None, date_from: str | None,
                      date_to: str | None) -> tuple[Any, dict[str, Any]]:
        raw = {"type": (type or "").strip() or None, "quad": _int("quad", quad, 1, 4),
               "goldstein_min": _float("gmin", gmin, -10, 10), "goldstein_max": _float("gmax", gmax, -10, 10),
               "hedged": _bool("hedged", hedged), "negated": _bool("negated", negated),
               "modality": modality or None, "actor": actor or None, "source": source or None,
               "target": target or None, "outlet": outlet or None,
               "date_from": _date("date_from", date_from), "date_to": _date("date_to", date_to)}
        shown = {"type": raw["type"], "quad": raw["quad"], "gmin": raw["goldstein_min"], "gmax": raw["goldstein_max"],
                 "hedged": {True: "yes", False: "no"}.get(raw["hedged"]),
                 "negated": {True: "yes", False: "no"}.get(raw["negated"]), "modality": raw["modality"],
                 "actor": raw["actor"], "source": raw["source"], "target": raw["target"], "outlet": raw["outlet"],
                 "date_from": raw["date_from"], "date_to": raw["date_to"]}
        return need_data().event_filter(**raw), _clean(shown)

    def _events(limit: int, offset: int, **raw: Any) -> dict[str, Any]:
        flt, shown = _event_filter(**raw)
        total, rows = need_data().events(flt, limit, offset)
        return {"total": total, "limit": limit, "offset": offset, "events": rows, "query": shown}

    @app.get("/api/events", tags=["events"], summary="Search events", responses=_docs(EventsOut, 422, 503),
             response_model=None)
    def api_events(type: Text = None, quad: Field_ = None, gmin: Field_ = None, gmax: Field_ = None,  # noqa: A002
                   hedged: Field_ = None, negated: Field_ = None, modality: Text = None, actor: Text = None,
                   source: Text = None, target: Text = None, outlet: Text = None, date_from: Field_ = None,
                   date_to: Field_ = None, limit: Limit = 20, offset: Offset = 0) -> dict[str, Any]:
        """Coded events by type (CAMEO prefix such as ``19`` or ``190``, or PLOVER type such as ``ASSAULT``),
        QuadClass (1-4), Goldstein range (gmin..gmax), hedged / negated (yes/no), modality, actor on either side
        or as source / target (key, name, prefix or code), outlet and date range; newest first, paged."""
        return _events(limit, offset, type=type, quad=quad, gmin=gmin, gmax=gmax, hedged=hedged, negated=negated,
                       modality=modality, actor=actor, source=source, target=target, outlet=outlet,
                       date_from=date_from, date_to=date_to)

    @app.get("/api/events.csv", tags=["events"], summary="The events of a filter as CSV",
             response_class=StreamingResponse, responses={422: _ERR, 503: _ERR})
    def api_events_csv(type: Text = None, quad: Field_ = None, gmin: Field_ = None, gmax: Field_ = None,  # noqa: A002
                       hedged: Field_ = None, negated: Field_ = None, modality: Text = None, actor: Text = None,
                       source: Text = None, target: Text = None, outlet: Text = None, date_from: Field_ = None,
                       date_to: Field_ = None) -> StreamingResponse:
        """Every event matching the filter (same parameters as /api/events, at most 100,000 rows)."""
        flt, _ = _event_filter(type, quad, gmin, gmax, hedged, negated, modality, actor, source, target, outlet,
                               date_from, date_to)
        chunks = need_data().events_export(flt)
        return StreamingResponse(_csv(chunks, drop=("head",)), media_type="text/csv; charset=utf-8",
                                 headers={"Content-Disposition": 'attachment; filename="events.csv"'})

    @app.get("/api/events.gdelt", tags=["events"], summary="The event records of a filter as GDELT 2.0 rows",
             response_class=StreamingResponse, responses={422: _ERR, 503: _ERR})
    def api_events_gdelt(type: Text = None, quad: Field_ = None, gmin: Field_ = None,  # noqa: A002
                         gmax: Field_ = None, hedged: Field_ = None, negated: Field_ = None, modality: Text = None,
                         actor: Text = None, source: Text = None, target: Text = None, outlet: Text = None,
                         date_from: Field_ = None, date_to: Field_ = None) -> StreamingResponse:
        """The GDELT 2.0 event records (61 tab-separated columns, no header, as ``reportage export gdelt``)
        that hold a mention matching the filter (same parameters as /api/events; negated events have none)."""
        flt, _ = _event_filter(type, quad, gmin, gmax, hedged, negated, modality, actor, source, target, outlet,
                               date_from, date_to)
        return StreamingResponse(need_data().events_gdelt(flt), media_type="text/tab-separated-values; charset=utf-8",
                                 headers={"Content-Disposition": 'attachment; filename="events.gdelt.tsv"'})

    @app.get("/events", response_class=HTMLResponse, include_in_schema=False)
    def events_page(request: Request, type: Text = None, quad: Field_ = None, gmin: Field_ = None,  # noqa: A002
                    gmax: Field_ = None, hedged: Field_ = None, negated: Field_ = None, modality: Text = None,
                    actor: Text = None, source: Text = None, target: Text = None, outlet: Text = None,
                    date_from: Field_ = None, date_to: Field_ = None, limit: Limit = 20,
                    offset: Offset = 0) -> HTMLResponse:
        r = _events(limit, offset, type=type, quad=quad, gmin=gmin, gmax=gmax, hedged=hedged, negated=negated,
                    modality=modality, actor=actor, source=source, target=target, outlet=outlet,
                    date_from=date_from, date_to=date_to)
        return page("events.html", request, r=r, pg=pager("/events", r["query"], limit, offset, r["total"]))

    # ---- map: the events search's filters, located events as dots (reportage.web.maps) ------------
    def _map(limit: int, **raw: Any) -> dict[str, Any]:
        flt, shown = _event_filter(**raw)
        return {"type": "FeatureCollection", **need_data().map_points(flt, limit), "limit": limit, "query": shown}

    @app.get("/api/map", tags=["events"], summary="Located events as GeoJSON points", responses={422: _ERR, 503: _ERR})
    def api_map(type: Text = None, quad: Field_ = None, gmin: Field_ = None, gmax: Field_ = None,  # noqa: A002
                hedged: Field_ = None, negated: Field_ = None, modality: Text = None, actor: Text = None,
                source: Text = None, target: Text = None, outlet: Text = None, date_from: Field_ = None,
                date_to: Field_ = None, limit: MapLimit = MAP_LIMIT) -> dict[str, Any]:
        """The newest ``limit`` events with coordinates among those the filter keeps (same parameters as
        /api/events), as a GeoJSON FeatureCollection of points ([lon, lat]); ``total`` counts the filter's
        events and ``located`` those with a place."""
        return _map(limit, type=type, quad=quad, gmin=gmin, gmax=gmax, hedged=hedged, negated=negated,
                    modality=modality, actor=actor, source=source, target=target, outlet=outlet,
                    date_from=date_from, date_to=date_to)

    @app.get("/map", response_class=HTMLResponse, include_in_schema=False)
    def map_page(request: Request, type: Text = None, quad: Field_ = None, gmin: Field_ = None,  # noqa: A002
                 gmax: Field_ = None, hedged: Field_ = None, negated: Field_ = None, modality: Text = None,
                 actor: Text = None, source: Text = None, target: Text = None, outlet: Text = None,
                 date_from: Field_ = None, date_to: Field_ = None, fit: Field_ = None,
                 limit: MapLimit = MAP_LIMIT) -> HTMLResponse:
        r = _map(limit, type=type, quad=quad, gmin=gmin, gmax=gmax, hedged=hedged, negated=negated,
                 modality=modality, actor=actor, source=source, target=target, outlet=outlet,
                 date_from=date_from, date_to=date_to)
        zoom = bool(_bool("fit", fit))
        q = urlencode(_clean({**r["query"], "limit": limit if limit != MAP_LIMIT else None}))
        return page("map.html", request, r=r, m=map_view(r, zoom), fit=zoom, filter_q=q)

    # ---- dyad ---------------------------------------------------------------------------------
    def _dyad(a: str, b: str, date_from: str | None, date_to: str | None, limit: int, offset: int) -> dict[str, Any]:
        f, t = _date("date_from", date_from), _date("date_to", date_to)
        result = need_data().dyad(a, b, date_from=f, date_to=t, limit=limit, offset=offset)
        if result is None:
            raise not_found(f"actor pair {a!r} / {b!r}")
        result["query"] = _clean({"a": a, "b": b, "date_from": f, "date_to": t})
        return result

    @app.get("/api/dyad", tags=["actors"], summary="Events between two actors, per day",
             responses=_docs(DyadOut, 404, 422, 503), response_model=None)
    def api_dyad(a: Key, b: Key, date_from: Field_ = None, date_to: Field_ = None, limit: Limit = 200,
                 offset: Offset = 0) -> dict[str, Any]:
        """Events in both directions between ``a`` and ``b`` (actor keys, names or codes), oldest first and paged,
        with each event's sentence; and QuadClass counts and the mean Goldstein score per day."""
        return _dyad(a, b, date_from, date_to, limit, offset)

    @app.get("/api/dyad.csv", tags=["actors"], summary="The events between two actors as CSV",
             response_class=StreamingResponse, responses={404: _ERR, 422: _ERR, 503: _ERR})
    def api_dyad_csv(a: Key, b: Key, date_from: Field_ = None, date_to: Field_ = None) -> StreamingResponse:
        """Every event of the dyad in the period (same parameters as /api/dyad), oldest first, as on the page."""
        chunks = need_data().dyad_export(a, b, date_from=_date("date_from", date_from), date_to=_date("date_to", date_to))
        if chunks is None:
            raise not_found(f"actor pair {a!r} / {b!r}")
        return StreamingResponse(_csv(chunks, drop=("head",)), media_type="text/csv; charset=utf-8",
                                 headers={"Content-Disposition": 'attachment; filename="dyad.csv"'})

    @app.get("/dyad", response_class=HTMLResponse, include_in_schema=False)
    def dyad_page(request: Request, a: Key, b: Key, date_from: Field_ = None, date_to: Field_ = None,
                  limit: Limit = 100, offset: Offset = 0) -> HTMLResponse:
        d = _dyad(a, b, date_from, date_to, limit, offset)
        dates = _clean({"date_from": d["date_from"], "date_to": d["date_to"]})
        return page("dyad.html", request, d=d, chart=dyad_chart(d["days"]),
                    pg=pager("/dyad", d["query"], limit, offset, d["total"]),
                    ab_q=urlencode({"source": a, "target": b, **dates}), ba_q=urlencode({"source": b, "target": a, **dates}))

    # ---- network ------------------------------------------------------------------------------
    def _network(date_from: str | None, date_to: str | None, quad: str | None, min_weight: str | None,
                 limit: int) -> dict[str, Any]:
        return need_data().network(date_from=_date("date_from", date_from), date_to=_date("date_to", date_to),
                                   quad=_int("quad", quad, 1, 4), min_weight=_int("min_weight", min_weight, 1,
                                                                                  1_000_000) or 1, limit=limit)

    @app.get("/api/network", tags=["actors"], summary="Who speaks about or acts on whom",
             responses=_docs(NetworkOut, 422, 503), response_model=None)
    def api_network(date_from: Field_ = None, date_to: Field_ = None, quad: Field_ = None,
                    min_weight: Field_ = None, limit: NetLimit = 40) -> dict[str, Any]:
        """The ``limit`` strongest edges for a period: events (source acts on target; ``quad`` keeps one
        QuadClass) and statements naming another actor; edges weaker than ``min_weight`` are left out."""
        return _network(date_from, date_to, quad, min_weight, limit)

    @app.get("/network", response_class=HTMLResponse, include_in_schema=False)
    def network_page(request: Request, date_from: Field_ = None, date_to: Field_ = None, quad: Field_ = None,
                     min_weight: Field_ = None, limit: NetLimit = 40) -> HTMLResponse:
        n = _network(date_from, date_to, quad, min_weight, limit)
        q = _clean({"date_from": n["date_from"], "date_to": n["date_to"], "quad": n["quad"],
                    "min_weight": n["min_weight"] if n["min_weight"] > 1 else None, "limit": limit})
        return page("network.html", request, n=n, chart=network_chart(n["nodes"], n["edges"]),
                    names={nd["actor_key"]: nd["name"] for nd in n["nodes"]}, api_q=urlencode(q), limit=limit)

    @app.get("/favicon.ico", include_in_schema=False)
    def favicon() -> Response:
        return Response(status_code=204)

    # ---- the API's own description --------------------------------------------------------------
    @app.get("/api", tags=["meta"], summary="List the API's endpoints")
    def api_index() -> dict[str, Any]:
        return {"name": "reportage", "version": __version__, "database": data is not None,
                "openapi": "/openapi.json", "endpoints": _endpoints(app),
                "analysis": {"workers": pool.workers, "queue": pool.queue, "timeout_s": pool.timeout,
                             "max_chars": max_chars, "admitted": pool.admitted, **pool.stats}}

    @app.get("/about/api", response_class=HTMLResponse, include_in_schema=False)
    def api_page(request: Request) -> HTMLResponse:
        return page("api.html", request, endpoints=_endpoints(app))

    app.add_middleware(BodyLimit, max_bytes=max_chars * 6 + 16_384)
    app.add_middleware(EarlyBusy, pool=pool)
    app.add_middleware(OriginCheck)
    app.add_middleware(HostCheck, allowed=list(allowed_hosts))
    app.add_middleware(SecurityHeaders)  # added last: outermost, so every answer carries the headers
    return app


class EarlyBusy:
    """Answer 503 to an analysis post while the pool is full, before its body is read or parsed.

    A refused client costs the server almost nothing, so many clients retrying cannot slow the
    page views down; the pool itself still enforces the limit for posts that get through.
    """

    def __init__(self, app: Any, pool: AnalysisPool) -> None:
        self.app = app
        self.pool = pool

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if (scope["type"] == "http" and scope["method"] == "POST" and scope["path"] in ("/api/analyze", "/analyze")
                and self.pool.full()):
            import json

            detail = (f"the server is busy analysing other texts ({self.pool.admitted} running or queued); "
                      "try again later")
            api = scope["path"].startswith("/api/")
            body = json.dumps({"detail": detail}).encode() if api else (
                f"<!doctype html><title>503 Busy</title><h1>503 Busy</h1><p>{detail}</p>").encode()
            await send({"type": "http.response.start", "status": 503, "headers": [
                (b"content-type", b"application/json" if api else b"text/html; charset=utf-8"),
                (b"content-length", str(len(body)).encode()), (b"retry-after", str(self.pool.retry_after()).encode())]})
            await send({"type": "http.response.body", "body": body})
            return
        await self.app(scope, receive, send)


def _endpoints(app: FastAPI) -> list[dict[str, str]]:
    out = []
    for path, ops in app.openapi().get("paths", {}).items():
        for method, op in ops.items():
            out.append({"method": method.upper(), "path": path, "summary": op.get("summary", "")})
    return out
