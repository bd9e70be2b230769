"""The readable terminal view of a :class:`Document` (rich)."""

from __future__ import annotations

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from reportage.document import Document


def _clip(s: str, n: int = 400) -> str:
    s = " ".join(s.split())
    return s if len(s) <= n else s[: n - 1] + "…"


def print_document(document: Document, explain: bool = False, console: Console | None = None) -> None:
    console = console or Console(highlight=False, soft_wrap=False)
    head = f"[bold]{escape(document.id)}[/bold]"
    extras = [x for x in (document.outlet, document.published) if x]
    if extras:
        head += "  " + escape(" · ".join(extras))
    console.print(head)
    console.print(f"[bold cyan]Attributions[/bold cyan] ({len(document.attributions)})")
    # speech and writing first (what was said), then beliefs, intentions and knowledge when asked for
    first = {"speech": 0, "writing": 0}
    for q in sorted(document.attributions, key=lambda a: first.get(a.act, 1)):
        speaker = document.actor(q.speaker)
        who = speaker.name if speaker else ("(unattributed)" if q.kind == "hedged" else (q.source.text if q.source else "?"))
        act = "" if q.act == "speech" else f" [blue]{escape(q.act)}[/blue]"
        line = f"[bold]{escape(q.id)}[/bold] [magenta]{q.kind}[/magenta]{act}  [green]{escape(who)}[/green]"
        if speaker and speaker.code:
            line += f" [dim]{speaker.code}[/dim]"
        if q.source and (not speaker or q.source.text != speaker.name):
            line += f"  [dim]as “{escape(q.source.text)}” @{q.source.start}[/dim]"
        if q.cue:
            line += f"  cue “{escape(q.cue.text)}” @{q.cue.start}"
        if q.via:
            chain, cur = [], document.attribution(q.via)
            while cur is not None and len(chain) < 10:
                a = document.actor(cur.speaker)
                chain.append(a.name if a else (cur.source.text if cur.source else
                                               "unattributed" if cur.kind == "hedged" else cur.id))
                cur = document.attribution(cur.via)
            line += f"  [yellow]via {escape(' ← '.join(chain))} ({q.via})[/yellow]"
        console.print(line)
        for c in q.content:
            shown = _clip(c.text)
            if shown[:1] not in "\"“”'‘’«»":
                shown = f"“{shown}”"
            console.print(f"    {escape(shown)} [dim]@{c.start}-{c.end}[/dim]")
        if explain and q.rule:
            console.print(f"    [dim]rule: {escape(q.rule)}; confidence {q.confidence:.2f}[/dim]")
    if document.events:
        console.print(f"[bold cyan]Events[/bold cyan] ({len(document.events)})")
        for e in document.events:
            src, tgt = document.actor(e.source), document.actor(e.target)
            flags = [f for f, on in (("negated", e.negated), ("hedged", e.hedged)) if on]
            if e.modality:
                flags.append(e.modality)
            line = (f"[bold]{e.id}[/bold] {escape(src.name if src else '—')} [dim]{(src.code or '') if src else ''}[/dim]"
                    f" → [bold]{e.cameo}[/bold] {escape(e.plover or '')} → "
                    f"{escape(tgt.name if tgt else '—')} [dim]{(tgt.code or '') if tgt else ''}[/dim]"
                    f"  trigger “{escape(e.trigger.text)}” @{e.trigger.start}"
                    f"  quad {e.quad_class} · Goldstein {e.goldstein}")
            if e.attribution:
                line += f"  [dim]in {e.attribution}[/dim]"
            if flags:
                line += f"  [red]{', '.join(flags)}[/red]"
            console.print(line)
            if explain and e.explanation:
                console.print(f"    [dim]{escape(str(e.explanation))}[/dim]")
    table = Table(title=f"Actors ({len(document.actors)})", title_justify="left", show_lines=False)
    for col in ("id", "name", "code", "type", "mentions"):
        table.add_column(col)
    for a in document.actors:
        mentions = ", ".join(sorted({m.text for m in a.mentions}))
        table.add_row(a.id, escape(a.name), a.code or "", a.type or "", escape(_clip(mentions, 120)))
    console.print(table)
    for w in document.warnings:
        console.print(f"[red]warning:[/red] {escape(w)}")
