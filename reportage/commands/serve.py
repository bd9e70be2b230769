"""`reportage serve`: the web view and JSON API over a store (or, without one, the analyze form)."""

from __future__ import annotations

import argparse
import ipaddress
import sys

from reportage.inputs import InputError


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("serve", help="web view and JSON API (analyze form; browse a store with --db)",
                       description="Serve the web view and JSON API. Binds to 127.0.0.1 unless --host says otherwise.")
    p.add_argument("--db", metavar="PATH", help="DuckDB store to browse (opened read-only); without it only "
                                                 "the analyze form and POST /api/analyze work")
    p.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1, this machine only)")
    p.add_argument("--port", type=int, default=8000, help="port (default 8000)")
    p.add_argument("--max-chars", type=int, default=None, metavar="N",
                   help="largest text POST /api/analyze accepts (default 100000 characters)")
    p.add_argument("--no-warm-up", action="store_true", help="do not load the language model before serving")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    if not 0 < args.port < 65536:
        raise InputError(f"--port {args.port}: not a port number (1-65535)")
    if args.max_chars is not None and args.max_chars < 1:
        raise InputError(f"--max-chars {args.max_chars}: must be a positive number")
    try:
        public = not ipaddress.ip_address(args.host).is_loopback
    except ValueError:
        public = args.host != "localhost"
    import uvicorn

    from reportage.web.analysis import DEFAULT_MAX_CHARS, warm_up
    from reportage.web.app import create_app

    app = create_app(args.db, max_chars=args.max_chars or DEFAULT_MAX_CHARS)
    if public:
        print(f"reportage: warning: serving on {args.host}, reachable from other machines", file=sys.stderr)
    if not args.no_warm_up:
        warm_up()
    where = f"http://{args.host}:{args.port}/"
    print(f"reportage: serving {args.db or 'without a database (analyze only)'} at {where}", file=sys.stderr)
    uvicorn.run(app, host=args.host, port=args.port, log_level="warning", server_header=False)
    return 0
