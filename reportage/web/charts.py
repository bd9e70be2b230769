"""Charts as plain shapes (rectangles, lines, circles, labels) that a template draws as inline SVG.

Drawing on the server keeps the page free of chart libraries and of inline script; the
shapes carry CSS classes (colours live in the stylesheet) and ``title`` strings for hover.
Every string goes through the template, so names from articles are escaped there.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Any


def _day(v: Any) -> dt.date | None:
    if isinstance(v, dt.date):
        return v
    try:
        return dt.date.fromisoformat(str(v)[:10])
    except (TypeError, ValueError):
        return None


class _DayScale:
    """Days to x positions, with a bar width that keeps neighbouring days apart."""

    def __init__(self, days: list[dt.date], left: float, width: float) -> None:
        self.first, self.last = min(days), max(days)
        self.n = (self.last - self.first).days + 1
        self.left, self.width = left, width
        self.step = width / self.n
        self.bar = max(1.5, min(40.0, self.step * 0.8))

    def x(self, d: dt.date) -> float:
        return self.left + ((d - self.first).days + 0.5) * self.step

    def ticks(self, k: int = 6) -> list[tuple[float, str]]:
        if self.n == 1:
            return [(self.x(self.first), self.first.isoformat())]
        every = max(1, math.ceil((self.n - 1) / (k - 1)))
        out = []
        for i in range(0, self.n, every):
            d = self.first + dt.timedelta(days=i)
            out.append((self.x(d), d.isoformat()))
        return out


def _empty(width: int, height: int, message: str) -> dict[str, Any]:
    return {"width": width, "height": height, "rects": [], "lines": [], "circles": [], "links": [],
            "labels": [{"x": width / 2, "y": height / 2, "text": message, "anchor": "middle", "css": "muted"}]}


def dyad_chart(days: list[dict[str, Any]], width: int = 860, height: int = 300) -> dict[str, Any]:
    """Top: events per day stacked by QuadClass; bottom: the mean Goldstein score per day (-10..+10)."""
    rows = [(d, r) for r in days if (d := _day(r.get("day"))) is not None]
    if not rows:
        return _empty(width, 120, "no dated events between these actors")
    left, right, top = 48, 12, 10
    top_h, gap, bottom_h = 150, 34, 90
    scale = _DayScale([d for d, _ in rows], left, width - left - right)
    peak = max(int(r.get("n") or 0) for _, r in rows) or 1
    rects, lines, labels = [], [], []
    for d, r in rows:
        y = top + top_h
        for q in (1, 2, 3, 4):
            n = int(r.get(f"q{q}") or 0)
            if n == 0:
                continue
            h = top_h * n / peak
            y -= h
            rects.append({"x": scale.x(d) - scale.bar / 2, "y": y, "w": scale.bar, "h": h, "css": f"q{q}",
                          "title": f"{d.isoformat()}: {n} event(s) of QuadClass {q}"})
        g = r.get("goldstein")
        if g is not None:
            zero = top + top_h + gap + bottom_h / 2
            h = (bottom_h / 2) * abs(float(g)) / 10
            rects.append({"x": scale.x(d) - scale.bar / 2, "y": zero - h if g >= 0 else zero, "w": scale.bar,
                          "h": max(h, 1.0), "css": "gpos" if g >= 0 else "gneg",
                          "title": f"{d.isoformat()}: mean Goldstein {float(g):+.1f}"})
    base = top + top_h
    zero = top + top_h + gap + bottom_h / 2
    lines += [{"x1": left, "y1": base, "x2": width - right, "y2": base, "css": "axis"},
              {"x1": left, "y1": zero, "x2": width - right, "y2": zero, "css": "axis"},
              {"x1": left, "y1": zero - bottom_h / 2, "x2": width - right, "y2": zero - bottom_h / 2, "css": "grid"},
              {"x1": left, "y1": zero + bottom_h / 2, "x2": width - right, "y2": zero + bottom_h / 2, "css": "grid"}]
    labels += [{"x": left - 6, "y": top + 8, "text": str(peak), "anchor": "end", "css": "tick"},
               {"x": left - 6, "y": base, "text": "0", "anchor": "end", "css": "tick"},
               {"x": left - 6, "y": zero - bottom_h / 2 + 4, "text": "+10", "anchor": "end", "css": "tick"},
               {"x": left - 6, "y": zero + 4, "text": "0", "anchor": "end", "css": "tick"},
               {"x": left - 6, "y": zero + bottom_h / 2 + 4, "text": "−10", "anchor": "end", "css": "tick"},
               {"x": left, "y": base + 26, "text": "mean Goldstein per day", "anchor": "start", "css": "caption"}]
    for x, text in scale.ticks():
        labels.append({"x": x, "y": base + 13, "text": text, "anchor": "middle", "css": "tick"})
    return {"width": width, "height": top + top_h + gap + bottom_h + 12, "rects": rects, "lines": lines,
            "circles": [], "links": [], "labels": labels}


def timeline_chart(days: list[dict[str, Any]], width: int = 860, height: int = 170) -> dict[str, Any]:
    """An actor's activity per day: statements, events as source and as target, side by side."""
    rows = [(d, r) for r in days if (d := _day(r.get("day"))) is not None]
    if not rows:
        return _empty(width, 80, "no dated statements or events")
    left, right, top, plot_h = 48, 12, 10, height - 40
    scale = _DayScale([d for d, _ in rows], left, width - left - right)
    series = (("statements", "s-stmt"), ("as_source", "s-src"), ("as_target", "s-tgt"))
    peak = max(max(int(r.get(k) or 0) for k, _ in series) for _, r in rows) or 1
    w = scale.bar / 3
    rects = []
    for d, r in rows:
        for i, (k, css) in enumerate(series):
            n = int(r.get(k) or 0)
            if n:
                h = plot_h * n / peak
                rects.append({"x": scale.x(d) - scale.bar / 2 + i * w, "y": top + plot_h - h, "w": w, "h": h,
                              "css": css, "title": f"{d.isoformat()}: {n} {k.replace('_', ' ')}"})
    base = top + plot_h
    labels = [{"x": left - 6, "y": top + 8, "text": str(peak), "anchor": "end", "css": "tick"},
              {"x": left - 6, "y": base, "text": "0", "anchor": "end", "css": "tick"}]
    labels += [{"x": x, "y": base + 14, "text": t, "anchor": "middle", "css": "tick"} for x, t in scale.ticks()]
    return {"width": width, "height": height, "rects": rects, "circles": [], "links": [], "labels": labels,
            "lines": [{"x1": left, "y1": base, "x2": width - right, "y2": base, "css": "axis"}]}


def force_layout(keys: list[str], weights: dict[str, float], edges: list[tuple[str, str, float]],
                 width: float, height: float, margin: float = 40.0, iterations: int = 200) -> dict[str, tuple[float, float]]:
    """Fruchterman-Reingold positions for ``keys`` inside a width x height box, deterministic.

    Why force-directed: on a circle the busiest actors' edges all cross the middle and their
    labels collide; here connected actors pull together and every pair pushes apart, so the
    hubs sit in the middle of their own neighbours. Heavier nodes push harder, which keeps
    room around the hubs. numpy does the pairwise forces, so 300 nodes take well under a second.
    """
    import numpy as np

    n = len(keys)
    if n == 0:
        return {}
    if n == 1:
        return {keys[0]: (width / 2, height / 2)}
    idx = {k: i for i, k in enumerate(keys)}
    angle = np.linspace(0, 2 * math.pi, n, endpoint=False) - math.pi / 2
    ring = np.where(np.arange(n) < max(1, n // 5), 0.35, 1.0)  # the busiest fifth starts inside
    pos = np.stack([np.cos(angle) * ring, np.sin(angle) * ring], axis=1) * min(width, height) / 3
    mass = np.array([1.0 + math.sqrt(weights.get(k, 1.0)) for k in keys])
    mass = mass / mass.mean()
    src = np.array([idx[s] for s, t, _ in edges if s in idx and t in idx], dtype=int)
    dst = np.array([idx[t] for s, t, _ in edges if s in idx and t in idx], dtype=int)
    ew = np.array([w for s, t, w in edges if s in idx and t in idx], dtype=float)
    ew = 0.5 + ew / (ew.max() if ew.size else 1.0)
    k = math.sqrt(width * height / n) * 0.75
    temp = min(width, height) / 8
    for it in range(iterations):
        delta = pos[:, None, :] - pos[None, :, :]
        dist = np.sqrt((delta ** 2).sum(-1)) + 1e-3
        rep = (k * k / dist) * (mass[:, None] * mass[None, :])
        np.fill_diagonal(rep, 0.0)
        disp = (delta / dist[..., None] * rep[..., None]).sum(1)
        if src.size:
            d = pos[src] - pos[dst]
            dl = np.sqrt((d ** 2).sum(-1)) + 1e-3
            f = (dl * dl / k * ew)[:, None] * d / dl[:, None]
            np.add.at(disp, src, -f)
            np.add.at(disp, dst, f)
        disp -= pos * 0.02 * k / 10  # gentle gravity keeps unconnected parts on the page
        length = np.sqrt((disp ** 2).sum(-1)) + 1e-9
        step = np.minimum(length, temp * (1 - it / iterations) + 1.0)
        pos += disp / length[:, None] * step[:, None]
    lo, hi = pos.min(0), pos.max(0)
    span = np.where(hi - lo < 1e-6, 1.0, hi - lo)
    inner = np.array([width - 2 * margin - 120, height - 2 * margin])  # room for labels on the right
    xy = (pos - lo) / span * inner + margin
    return {key: (float(xy[i, 0]), float(xy[i, 1])) for i, key in enumerate(keys)}


def network_chart(nodes: list[dict[str, Any]], edges: list[dict[str, Any]], width: int = 960,
                  height: int = 680, labels_max: int = 30) -> dict[str, Any]:
    """Actors placed by a force layout; edges as arrows; the ``labels_max`` busiest actors labelled."""
    if not nodes:
        return _empty(width, 120, "no actors are connected in this period")
    keys = [n["actor_key"] for n in nodes]
    pos = force_layout(keys, {n["actor_key"]: float(n["n"]) for n in nodes},
                       [(e["source_key"], e["target_key"], float(e["n"])) for e in edges], width, height)
    peak_n = max(int(n["n"]) for n in nodes) or 1
    peak_e = max((int(e["n"]) for e in edges), default=1) or 1
    links, circles, labels = [], [], []
    r_of = {n["actor_key"]: 4 + 12 * math.sqrt(int(n["n"]) / peak_n) for n in nodes}
    names = {n["actor_key"]: n["name"] for n in nodes}
    for e in edges:
        s, t = e["source_key"], e["target_key"]
        if s not in pos or t not in pos:
            continue
        (x1, y1), (x2, y2) = pos[s], pos[t]
        dx, dy = x2 - x1, y2 - y1
        dist = math.hypot(dx, dy) or 1.0
        # a gentle bend so a->b and b->a do not overlap; end at the target's rim for the arrowhead
        bend = 0.12 * dist
        mx, my = (x1 + x2) / 2 - dy / dist * bend, (y1 + y2) / 2 + dx / dist * bend
        ex, ey = x2 - dx / dist * (r_of[t] + 3), y2 - dy / dist * (r_of[t] + 3)
        if e["relation"] == "speaks about":
            css = "e-talk"
        else:
            g = e.get("goldstein")
            css = "e-coop" if g is not None and g > 0 else ("e-conf" if g is not None and g < 0 else "e-neutral")
        g = e.get("goldstein")
        title = f"{names.get(s, s)} {e['relation']} {names.get(t, t)}: {e['n']}" + (
            f", mean Goldstein {float(g):+.1f}" if g is not None else "")
        links.append({"d": f"M{x1:.1f},{y1:.1f} Q{mx:.1f},{my:.1f} {ex:.1f},{ey:.1f}", "css": css,
                      "w": round(1 + 4 * int(e["n"]) / peak_e, 2), "title": title})
    labelled = {n["actor_key"] for n in sorted(nodes, key=lambda n: -int(n["n"]))[:labels_max]}
    for n in nodes:
        x, y = pos[n["actor_key"]]
        circles.append({"cx": x, "cy": y, "r": r_of[n["actor_key"]], "css": "node", "href": n["actor_key"],
                        "title": f"{n['name']} ({n['n']})"})
        if n["actor_key"] in labelled:
            labels.append({"x": x + r_of[n["actor_key"]] + 3, "y": y + 4, "text": str(n["name"])[:32],
                           "anchor": "start", "css": "nlabel"})
    return {"width": width, "height": height, "rects": [], "lines": [], "circles": circles, "links": links,
            "labels": labels}
