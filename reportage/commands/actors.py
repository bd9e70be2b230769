"""`reportage actors lookup TEXT [--date D]`: ask the actor knowledge base about a name or a description."""

from __future__ import annotations

import argparse
import json
import re

from reportage.dates import parse_day


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("actors", help="the actor knowledge base: look up names and descriptions",
                       description="Query the dated actor knowledge base.")
    inner = p.add_subparsers(dest="actors_command", required=True, metavar="ACTION")
    q = inner.add_parser("lookup", help='code a name or description: "Putin", "the Ukrainian president"',
                         description="Answer from the knowledge base: who or what TEXT is, and its code on DATE.")
    q.add_argument("text", metavar="TEXT", help='a name ("Zelenskiy", "Sputnik") or description ("the Russian president")')
    q.add_argument("--date", help="the date to code for (YYYY-MM-DD; default today)")
    q.add_argument("--actors", metavar="FILE", help="extra actors file (format: docs/actors.md)")
    q.add_argument("--json", action="store_true", help="print JSON")
    q.set_defaults(func=run_lookup)
    b = inner.add_parser("build", help="rebuild the packaged world base from the officeholders data (maintainers)",
                         description="Regenerate reportage/actors/data/world_people.tsv, world_ids.tsv, first_names.tsv "
                                     "and parties.tsv from ../shared/data/officeholders (see docs/actors.md).")
    b.add_argument("src", metavar="DIR", help="the officeholders folder (../shared/data/officeholders)")
    b.add_argument("--out", metavar="DIR", help="write the files here instead of into the package")
    b.set_defaults(func=run_build)


def lookup(text: str, day: str, kb=None) -> list[dict]:
    """What the knowledge base (default the shipped one) says ``text`` is on ``day``: a list of answers."""
    from reportage.actors.kb import load_kb
    from reportage.actors.resolve import DocActors

    kb = kb if kb is not None else load_kb()
    entry = kb.lookup(text) or kb.lookup(re.sub(r"^(the|a|an)\s+", "", text.strip(), flags=re.I))
    if entry is not None:
        return [_answer(kb, entry, day, "name")]
    surname = kb.by_surname(text.strip(), day)
    if surname:
        return [_answer(kb, e, day, "surname") for e in surname]
    table = DocActors(text=text, published=day, day=day, kb=kb)
    actor = table.resolve_description(0, len(text))
    if actor is None:
        return []
    if actor.kb_id and actor.kb_id in kb.entries:
        return [_answer(kb, kb.entries[actor.kb_id], day, "description")]
    return [{"match": "description", "name": actor.name, "code": actor.code, "country": actor.country,
             "sector": actor.sector, "type": actor.type, "role": actor.role, "kb_id": None, "roles": []}]


def _answer(kb, entry, day: str, how: str) -> dict:
    role = entry.role_at(day)
    code = role.code if role else None
    return {"match": how, "name": entry.name, "code": code, "country": code[:3] if code else None,
            "sector": kb.sector_of(code), "type": entry.type or None, "kb_id": entry.id,
            "role": role.to_json() if role else None,
            "roles": [r.to_json() for r in sorted(entry.roles, key=lambda r: (r.start or "", r.end or "9999"))],
            "aliases": entry.aliases[:20], "source": entry.source, "gender": entry.gender or None}


def run_lookup(args: argparse.Namespace) -> int:
    from reportage.actors.kb import today, with_user_actors

    day = parse_day(args.date, "--date") if args.date else today()
    kb = with_user_actors([args.actors]) if args.actors else None
    answers = lookup(args.text, day, kb)
    if args.json:
        print(json.dumps({"query": args.text, "date": day, "answers": answers}, ensure_ascii=False, indent=2))
        return 0 if answers else 1
    if not answers:
        print(f"{args.text!r}: not in the knowledge base")
        return 1
    for a in answers:
        print(f"{a['name']}  {a['code'] or '(uncoded)'}  [{a['type'] or '-'}]  on {day}")
        role = a.get("role")
        if role and (role.get("start") or role.get("end")):
            span = f"{role.get('start') or '…'} – {role.get('end') or 'now'}"
            print(f"  role: {role.get('title') or role.get('code')} ({span})")
        for r in a.get("roles", []):
            span = f"{r.get('start') or '…'} – {r.get('end') or 'now'}" if (r.get("start") or r.get("end")) else "default"
            print(f"  {r['code']:<10} {span:<25} {r.get('title') or '':<40} [{r.get('source') or a.get('source')}]")
    return 0


def run_build(args: argparse.Namespace) -> int:
    from pathlib import Path

    from reportage.actors.build_world import build
    from reportage.actors.kb import DATA

    stats = build(Path(args.src), Path(args.out) if args.out else DATA)
    print(" ".join(f"{k}={v}" for k, v in stats.items()))
    return 0
