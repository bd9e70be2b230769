"""The FastAPI application: HTML pages rendered on the server, each with a JSON twin under /api/.

``create_app(db_path)`` builds the app; without a database only the analyze form and
``POST /api/analyze`` work and the other pages say so. Every page is rendered with Jinja2
autoescaping on, so article text can never become markup; the only script is a static file
allowed by the Content-Security-Policy header.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import quote, urlencode

import jinja2
from fastapi import FastAPI, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException as StarletteHTTPException

from reportage import __version__
from reportage.document import Document
from reportage.web.analysis import DEFAULT_MAX_CHARS, TextTooLarge, analyze_text
from reportage.web.charts import dyad_chart, network_chart, timeline_chart
from reportage.web.data import NoDatabase, WebData, open_data
from reportage.web.schemas import ActorPageOut, DocumentOut, DyadOut, ErrorOut, NetworkOut, SearchOut
from reportage.web.security import BodyLimit, SecurityHeaders
from reportage.web.views import document_view, quad_css, quad_name

HERE = Path(__file__).parent
MAX_LIMIT = 200
MAX_OFFSET = 1_000_000
_ERR = {"model": ErrorOut}


def _docs(model: type, *codes: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI-only response descriptions: the 200 shape and the error codes an endpoint can answer."""
    out: dict[int | str, dict[str, Any]] = {200: {"model": model}}
    names = {404: "unknown id or actor", 413: "text over the size limit", 422: "bad parameters or input",
             503: "server started without --db"}
    for c in codes:
        out[c] = {**_ERR, "description": names[c]}
    return out

NetLimit = Annotated[int, Query(ge=1, le=100)]
Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT)]
Offset = Annotated[int, Query(ge=0, le=MAX_OFFSET)]
Text = Annotated[str | None, Query(max_length=200)]
Key = Annotated[str, Query(min_length=1, max_length=300)]


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
    env.globals.update(quad_name=quad_name, quad_css=quad_css, version=__version__, urlencode=urlencode)
    return env


class HTMLError(Exception):
    def __init__(self, status: int, title: str, message: str) -> None:
        self.status, self.title, self.message = status, title, message


def create_app(db_path: str | Path | None = None, *, max_chars: int = DEFAULT_MAX_CHARS) -> FastAPI:
    """Build the app; ``db_path`` is opened read-only, and may be None for analyze-only use."""
    data: WebData | None = open_data(db_path) if db_path else None
    env = _env()
    app = FastAPI(title="Reportage", version=__version__, docs_url=None, redoc_url=None,
                  description="Attributions and coded events of news articles: pages and their JSON twins.")
    app.state.data = data
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
        if _is_api(request):
            return JSONResponse({"detail": exc.detail}, status_code=exc.status_code)
        return page("error.html", request, exc.status_code, title=f"{exc.status_code}", message=str(exc.detail))

    @app.exception_handler(NoDatabase)
    async def _nodb(request: Request, exc: NoDatabase) -> Any:
        if _is_api(request):
            return JSONResponse({"detail": str(exc)}, status_code=503)
        return page("error.html", request, 503, title="No database", message=str(exc))

    @app.exception_handler(TextTooLarge)
    async def _large(request: Request, exc: TextTooLarge) -> Any:
        if _is_api(request):
            return JSONResponse({"detail": str(exc)}, status_code=413)
        return page("error.html", request, 413, title="413 Text too large", message=str(exc))

    @app.exception_handler(HTMLError)
    async def _html_error(request: Request, exc: HTMLError) -> Any:
        if _is_api(request):
            return JSONResponse({"detail": exc.message}, status_code=exc.status)
        return page("error.html", request, exc.status, title=exc.title, message=exc.message)

    @app.exception_handler(Exception)
    async def _crash(request: Request, exc: Exception) -> Any:
        msg = f"internal error ({type(exc).__name__}); the server log has the details"
        if _is_api(request):
            return JSONResponse({"detail": msg}, status_code=500)
        return page("error.html", request, 500, title="500 Internal error", message=msg)

    def not_found(what: str) -> HTMLError:
        return HTMLError(404, "404 Not found", f"{what} not found")

    # ---- analyze: no database needed ----------------------------------------------------------
    def _analyze(text: str, date: dt.date | None, outlet: str | None, title: str | None) -> Document:
        if "\x00" in text:
            raise HTMLError(422, "422 Bad text", "text: contains NUL characters (binary data), not text")
        if not text.strip():
            raise HTMLError(422, "422 Bad text", "text: empty")
        return analyze_text(text, published=date.isoformat() if date else None, outlet=outlet or None,
                            title=title or None, max_chars=max_chars)

    @app.post("/api/analyze", tags=["analyze"], summary="Analyse a text without storing it",
              responses=_docs(DocumentOut, 413, 422), response_model=None)
    def api_analyze(body: AnalyzeRequest) -> dict[str, Any]:
        """Return the reportage.document/1 JSON of the posted text. Nothing is stored or fetched."""
        return _analyze(body.text, body.date, body.outlet, body.title).to_json()

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
        day: dt.date | None = None
        if date:
            try:
                day = dt.date.fromisoformat(date)
            except ValueError:
                raise HTMLError(422, "422 Bad date", f"date: {date!r} is not YYYY-MM-DD") from None
        document = await run_in_threadpool(_analyze, text, day, outlet, title)
        return page("document.html", request, analysed=True, **document_view(document))

    # ---- search -------------------------------------------------------------------------------

    def _search(q: str | None, outlet: str | None, date_from: dt.date | None, date_to: dt.date | None,
                actor: str | None, limit: int, offset: int) -> dict[str, Any]:
        total, rows = need_data().search(q=q or None, outlet=outlet or None, date_from=date_from, date_to=date_to,
                                         actor=actor or None, limit=limit, offset=offset)
        return {"total": total, "limit": limit, "offset": offset, "documents": rows,
                "query": {"q": q, "outlet": outlet, "date_from": date_from and date_from.isoformat(),
                          "date_to": date_to and date_to.isoformat(), "actor": actor}}

    @app.get("/api/documents", tags=["documents"], summary="Search documents", responses=_docs(SearchOut, 422, 503), response_model=None)
    def api_search(q: Text = None, outlet: Text = None, date_from: dt.date | None = None,
                   date_to: dt.date | None = None, actor: Text = None, limit: Limit = 20,
                   offset: Offset = 0) -> dict[str, Any]:
        """Documents matching all the given filters (text, outlet, date range, actor), newest first."""
        return _search(q, outlet, date_from, date_to, actor, limit, offset)

    @app.get("/search", response_class=HTMLResponse, include_in_schema=False)
    def search_page(request: Request, q: Text = None, outlet: Text = None, date_from: dt.date | None = None,
                    date_to: dt.date | None = None, actor: Text = None, limit: Limit = 20,
                    offset: Offset = 0) -> HTMLResponse:
        result = _search(q, outlet, date_from, date_to, actor, limit, offset)
        params = {k: v for k, v in result["query"].items() if v}
        prev_q = urlencode({**params, "limit": limit, "offset": max(0, offset - limit)}) if offset > 0 else None
        next_q = urlencode({**params, "limit": limit, "offset": offset + limit}) \
            if offset + limit < result["total"] else None
        return page("search.html", request, r=result, prev_q=prev_q, next_q=next_q,
                    api_q=urlencode({**params, "limit": limit, "offset": offset}))

    # ---- one document -------------------------------------------------------------------------
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
        document = Document.from_json(_document(doc_id))
        return page("document.html", request, analysed=False, **document_view(document))

    # ---- actor --------------------------------------------------------------------------------
    def _actor(key: str, date_from: dt.date | None, date_to: dt.date | None, limit: int) -> dict[str, Any]:
        if len(key) > 300:
            raise HTMLError(422, "422 Bad actor", "actor: longer than 300 characters")
        result = need_data().actor(key, date_from=date_from, date_to=date_to, limit=limit)
        if result is None:
            raise not_found(f"actor {key!r}")
        return result

    @app.get("/api/actors/{key:path}", tags=["actors"], summary="An actor: statements, events, counterparts",
             responses=_docs(ActorPageOut, 404, 422, 503), response_model=None)
    def api_actor(key: str, date_from: dt.date | None = None, date_to: dt.date | None = None,
                  limit: Limit = 50) -> dict[str, Any]:
        """``key`` is an actor code (e.g. RUSGOV) or a name (e.g. Vladimir Putin)."""
        return _actor(key, date_from, date_to, limit)

    @app.get("/actors/{key:path}", response_class=HTMLResponse, include_in_schema=False)
    def actor_page(request: Request, key: str, date_from: dt.date | None = None, date_to: dt.date | None = None,
                   limit: Limit = 50) -> HTMLResponse:
        a = _actor(key, date_from, date_to, limit)
        return page("actor.html", request, a=a, chart=timeline_chart(a.get("timeline", [])))

    # ---- dyad ---------------------------------------------------------------------------------

    def _dyad(a: str, b: str, date_from: dt.date | None, date_to: dt.date | None, limit: int) -> dict[str, Any]:
        result = need_data().dyad(a, b, date_from=date_from, date_to=date_to, limit=limit)
        if result is None:
            raise not_found(f"actor pair {a!r} / {b!r}")
        return result

    @app.get("/api/dyad", tags=["actors"], summary="Events between two actors, per day",
             responses=_docs(DyadOut, 404, 422, 503), response_model=None)
    def api_dyad(a: Key, b: Key, date_from: dt.date | None = None, date_to: dt.date | None = None,
                 limit: Limit = 200) -> dict[str, Any]:
        """Events in both directions between actors ``a`` and ``b``, and QuadClass counts and Goldstein per day."""
        return _dyad(a, b, date_from, date_to, limit)

    @app.get("/dyad", response_class=HTMLResponse, include_in_schema=False)
    def dyad_page(request: Request, a: Key, b: Key, date_from: dt.date | None = None,
                  date_to: dt.date | None = None, limit: Limit = 200) -> HTMLResponse:
        d = _dyad(a, b, date_from, date_to, limit)
        return page("dyad.html", request, d=d, chart=dyad_chart(d["days"]),
                    api_q=urlencode({"a": a, "b": b, **({"date_from": date_from.isoformat()} if date_from else {}),
                                     **({"date_to": date_to.isoformat()} if date_to else {})}))

    # ---- network ------------------------------------------------------------------------------
    @app.get("/api/network", tags=["actors"], summary="Who speaks about or acts on whom",
             responses=_docs(NetworkOut, 422, 503), response_model=None)
    def api_network(date_from: dt.date | None = None, date_to: dt.date | None = None,
                    limit: NetLimit = 30) -> dict[str, Any]:
        """Edges between actors for a period: events (source acts on target) and statements naming another actor."""
        return need_data().network(date_from=date_from, date_to=date_to, limit=limit)

    @app.get("/network", response_class=HTMLResponse, include_in_schema=False)
    def network_page(request: Request, date_from: dt.date | None = None, date_to: dt.date | None = None,
                     limit: NetLimit = 30) -> HTMLResponse:
        n = need_data().network(date_from=date_from, date_to=date_to, limit=limit)
        q = {k: v.isoformat() for k, v in (("date_from", date_from), ("date_to", date_to)) if v}
        return page("network.html", request, n=n, chart=network_chart(n["nodes"], n["edges"]),
                    names={nd["actor_key"]: nd["name"] for nd in n["nodes"]},
                    date_from=date_from, date_to=date_to, limit=limit, api_q=urlencode({**q, "limit": limit}))

    @app.get("/favicon.ico", include_in_schema=False)
    def favicon() -> Response:
        return Response(status_code=204)

    # ---- the API's own description --------------------------------------------------------------
    @app.get("/api", tags=["meta"], summary="List the API's endpoints")
    def api_index() -> dict[str, Any]:
        return {"name": "reportage", "version": __version__, "database": data is not None,
                "openapi": "/openapi.json", "endpoints": _endpoints(app)}

    @app.get("/about/api", response_class=HTMLResponse, include_in_schema=False)
    def api_page(request: Request) -> HTMLResponse:
        return page("api.html", request, endpoints=_endpoints(app))

    app.add_middleware(BodyLimit, max_bytes=max_chars * 6 + 16_384)
    app.add_middleware(SecurityHeaders)  # added last: outermost, so every answer carries the headers
    return app


def _endpoints(app: FastAPI) -> list[dict[str, str]]:
    out = []
    for path, ops in app.openapi().get("paths", {}).items():
        for method, op in ops.items():
            out.append({"method": method.upper(), "path": path, "summary": op.get("summary", "")})
    return out
