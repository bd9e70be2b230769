"""`reportage serve`: the web view and JSON API over a store (or, without one, the analyze form)."""

from __future__ import annotations

import argparse
import ipaddress
import sys

from reportage.inputs import InputError
from reportage.settings import add_settings_option, settings_from_args


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("serve", help="web view and JSON API (analyze form; browse a store with --db)",
                       description="Serve the web view and JSON API. Binds to 127.0.0.1 unless --host says otherwise.")
    p.add_argument("--db", metavar="PATH", help="DuckDB store to browse (opened read-only); without it only "
                                                 "the analyze form and POST /api/analyze work")
    p.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1, this machine only)")
    p.add_argument("--port", type=int, default=8000, help="port (default 8000)")
    p.add_argument("--allow-host", action="append", default=[], metavar="NAME",
                   help="also serve requests whose Host header names NAME (repeatable; default: the bound address, "
                        "127.0.0.1, localhost and [::1]); refuses DNS-rebinding pages")
    p.add_argument("--max-chars", type=int, default=None, metavar="N",
                   help="largest text POST /api/analyze accepts (default 100000 characters)")
    p.add_argument("--workers", type=int, default=None, metavar="N",
                   help="analysis worker processes (default: one per two cores, at least one)")
    p.add_argument("--queue", type=int, default=None, metavar="N",
                   help="analyses that may wait for a worker; beyond that 503 with Retry-After (default 8)")
    p.add_argument("--timeout", type=float, default=None, metavar="S",
                   help="seconds one analysis may run before it is stopped with 422 (default 60)")
    p.add_argument("--header-timeout", type=float, default=10.0, metavar="S",
                   help="close a connection whose request headers take longer than S seconds (default 10)")
    p.add_argument("--no-access-log", action="store_true", help="do not log each request to stderr")
    p.add_argument("--no-warm-up", action="store_true", help="do not start the analysis workers before serving")
    add_settings_option(p)
    p.set_defaults(func=run)


def _positive(name: str, value: float | None) -> None:
    if value is not None and value <= 0:
        raise InputError(f"{name} {value}: must be a positive number")


def run(args: argparse.Namespace) -> int:
    if not 0 < args.port < 65536:
        raise InputError(f"--port {args.port}: not a port number (1-65535)")
    _positive("--max-chars", args.max_chars)
    _positive("--workers", args.workers)
    _positive("--timeout", args.timeout)
    _positive("--header-timeout", args.header_timeout)
    if args.queue is not None and args.queue < 0:
        raise InputError(f"--queue {args.queue}: must be 0 or more")
    settings = settings_from_args(args)  # what posted texts are analysed with; a bad file: exit code 2
    try:
        ip = ipaddress.ip_address(args.host)
        public, wildcard = not ip.is_loopback, ip.is_unspecified
    except ValueError:
        public, wildcard = args.host != "localhost", False
    import uvicorn

    from reportage.web.analysis import DEFAULT_MAX_CHARS, DEFAULT_QUEUE, DEFAULT_TIMEOUT, default_workers
    from reportage.web.app import create_app
    from reportage.web.security import LOOPBACK_HOSTS, timed_h11_protocol

    allowed = [*LOOPBACK_HOSTS, *([] if wildcard else [args.host]), *args.allow_host]
    app = create_app(args.db, max_chars=args.max_chars or DEFAULT_MAX_CHARS,
                     workers=args.workers or default_workers(),
                     queue=DEFAULT_QUEUE if args.queue is None else args.queue,
                     timeout=args.timeout or DEFAULT_TIMEOUT, allowed_hosts=allowed, settings=settings)
    if public:
        print(f"reportage: warning: serving on {args.host}, reachable from other machines", file=sys.stderr)
    if wildcard and not args.allow_host:
        print("reportage: warning: bound to every address but only loopback Host names are served; "
              "add --allow-host NAME for the names clients use", file=sys.stderr)
    pool = app.state.pool
    if not args.no_warm_up:
        print(f"reportage: starting {pool.workers} analysis worker(s)…", file=sys.stderr)
        pool.start(wait=True)
    where = f"http://{args.host}:{args.port}/"
    print(f"reportage: serving {args.db or 'without a database (analyze only)'} at {where} "
          f"(hosts: {', '.join(dict.fromkeys(allowed))})", file=sys.stderr)
    log_config = dict(uvicorn.config.LOGGING_CONFIG)
    log_config["loggers"] = {**log_config["loggers"],
                             "uvicorn.error": {"level": "WARNING"},
                             "uvicorn.access": {"handlers": ["access"], "level": "INFO", "propagate": False}}
    config = uvicorn.Config(app, host=args.host, port=args.port, log_config=log_config, log_level="info",
                            access_log=not args.no_access_log, server_header=False,
                            http=timed_h11_protocol(args.header_timeout), timeout_keep_alive=5,
                            h11_max_incomplete_event_size=16 * 1024, limit_concurrency=500)
    try:
        uvicorn.Server(config).run()
    finally:
        pool.close()
    return 0
