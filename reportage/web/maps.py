"""The map page's geometry: events as dots on the vendored equirectangular world outline.

The outline (``static/map/world-110m.svg``, built by ``tools/build_map.py`` from Natural Earth via
world-atlas) uses x = lon + 180, y = 90 - lat in a 360 x 180 frame; the dots are drawn on the
server in the same frame, so the page needs no script, no tiles and nothing from elsewhere, and
works under the strict CSP. Tooltips are SVG ``<title>`` elements; each dot links to a document.
"""

from __future__ import annotations

import math
from typing import Any

from reportage.web.views import quad_css, quad_name

WORLD = (0.0, 0.0, 360.0, 180.0)
MIN_SPAN = 24.0  # degrees of longitude a fitted view shows at least, so a single city keeps its region
TITLE_EVENTS = 6  # events listed in one dot's tooltip


def project(lon: float, lat: float) -> tuple[float, float]:
    """Equirectangular: the same formula tools/build_map.py draws the outlines with."""
    return lon + 180.0, 90.0 - lat


def fit_box(points: list[tuple[float, float]]) -> tuple[float, float, float, float]:
    """A 2:1 viewBox around the projected points with a margin, inside the world; the world when empty."""
    if not points:
        return WORLD
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    w = max(max(xs) - min(xs), 2 * (max(ys) - min(ys))) * 1.3 + 4
    w = min(max(w, MIN_SPAN), 360.0)
    h = w / 2
    cx, cy = (max(xs) + min(xs)) / 2, (max(ys) + min(ys)) / 2
    x = min(max(cx - w / 2, 0.0), 360.0 - w)
    y = min(max(cy - h / 2, 0.0), 180.0 - h)
    return round(x, 2), round(y, 2), round(w, 2), round(h, 2)


def _label(p: dict[str, Any]) -> str:
    who = " → ".join(x for x in (p.get("source_name") or "—", p.get("cameo") or "", p.get("target_name") or "—") if x)
    flags = "".join(f" [{f}]" for f in ("negated", "hedged") if p.get(f))
    return f"{p.get('day') or 'undated'} · {who}{flags} · {p.get('title') or p['doc_id']}"


def map_view(result: dict[str, Any], fit: bool) -> dict[str, Any]:
    """Dots grouped by place and QuadClass (one dot per colour per place), largest drawn first.

    Grouping keeps a place with many events readable: the dot's area grows with its count and its
    tooltip lists the newest events; it links to the newest event's record in its document.
    """
    groups: dict[tuple[float, float, int | None], list[dict[str, Any]]] = {}
    for f in result["features"]:
        lon, lat = f["geometry"]["coordinates"]
        key = (round(lon, 3), round(lat, 3), f["properties"].get("quad_class"))
        groups.setdefault(key, []).append(f["properties"])
    box = fit_box([project(lon, lat) for lon, lat, _ in groups]) if fit else WORLD
    scale = box[2] / 360.0
    dots = []
    for (lon, lat, quad), props in groups.items():
        x, y = project(lon, lat)
        n = len(props)
        newest = props[0]  # the query orders newest first
        place = newest.get("fullname") or newest.get("place_name") or f"{lat:.2f}, {lon:.2f}"
        lines = [f"{place} ({lat:.2f}, {lon:.2f}): {n} event{'s' if n != 1 else ''}, {quad_name(quad)}"]
        lines += [_label(p) for p in props[:TITLE_EVENTS]]
        if n > TITLE_EVENTS:
            lines.append(f"… and {n - TITLE_EVENTS} more")
        dots.append({"x": round(x, 3), "y": round(y, 3), "r": round(scale * (1.8 + 1.0 * math.sqrt(n - 1)), 3),
                     "css": quad_css(quad), "quad": quad, "n": n, "place": place, "lat": lat, "lon": lon, "title": "\n".join(lines),
                     "doc_id": newest["doc_id"], "event_id": newest["event_id"]})
    dots.sort(key=lambda d: -d["r"])
    return {"box": box, "viewbox": " ".join(f"{v:g}" for v in box), "dots": dots,
            "stroke": round(0.25 * scale, 3)}

