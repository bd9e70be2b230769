"""Build the web map's country outlines (static/map/world-110m.svg) from the vendored TopoJSON.

The map page must work offline and under a CSP that loads nothing from elsewhere, so the outlines
are a static SVG served by the app. The input is ``countries-110m.json`` from the npm package
``world-atlas`` 2.0.2 (Natural Earth 1:110m, ISC; see LICENSE.world-atlas.txt), copied unchanged
into ``reportage/web/static/map/``. The TopoJSON is decoded here (no dependency): arcs are lists of
quantized, delta-encoded points turned into longitude/latitude by the file's ``transform``; a ring
lists arc indices, ``~i`` (``-i - 1``) meaning arc ``i`` reversed, and consecutive arcs share their
joining point. The projection is equirectangular, matching the page's dots: x = lon + 180,
y = 90 - lat, in a 360 x 180 viewBox. The output is deterministic, so rebuilding it is a no-op:

    python tools/build_map.py            # writes reportage/web/static/map/world-110m.svg
    python tools/build_map.py --check    # exits 1 if the committed SVG is out of date
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape, quoteattr

ROOT = Path(__file__).resolve().parent.parent
MAP_DIR = ROOT / "reportage" / "web" / "static" / "map"
SOURCE = MAP_DIR / "countries-110m.json"
TARGET = MAP_DIR / "world-110m.svg"
DECIMALS = 2  # 0.01 degree is about 1 km, far below what 1:110m outlines resolve


Point = tuple[float, float]


def decode_arcs(topo: dict[str, Any]) -> list[list[Point]]:
    """Every arc as absolute (lon, lat) points: undo the delta encoding, then the quantization."""
    t = topo.get("transform")
    (sx, sy), (tx, ty) = (t["scale"], t["translate"]) if t else ((1, 1), (0, 0))
    out: list[list[Point]] = []
    for arc in topo["arcs"]:
        x = y = 0
        pts: list[Point] = []
        for p in arc:
            if t:
                x, y = x + p[0], y + p[1]
            else:  # an unquantized topology stores absolute positions
                x, y = p[0], p[1]
            pts.append((x * sx + tx, y * sy + ty))
        out.append(pts)
    return out


def ring(indices: list[int], arcs: list[list[Point]]) -> list[Point]:
    """A closed ring from its arc indices; ``~i`` walks arc ``i`` backwards."""
    pts: list[Point] = []
    for i in indices:
        a = arcs[i] if i >= 0 else arcs[~i][::-1]
        pts.extend(a[1:] if pts else a)  # the next arc starts where the last one ended
    return pts


def polygons(geom: dict[str, Any]) -> list[list[list[int]]]:
    if geom.get("type") == "Polygon":
        return [geom["arcs"]]
    if geom.get("type") == "MultiPolygon":
        return list(geom["arcs"])
    return []  # null geometries (none in countries-110m) draw nothing


def fmt(v: float) -> str:
    s = f"{v:.{DECIMALS}f}".rstrip("0").rstrip(".")
    return "0" if s in ("-0", "") else s


def unwrap(pts: list[Point]) -> list[list[Point]]:
    """The ring as one or two copies that draw correctly on a flat map.

    A ring that crosses the antimeridian (Fiji, Chukotka) jumps from +180 to -180 and back, which a
    flat map draws as a stripe across the world; its longitudes are made continuous instead and it is
    drawn twice, 360 degrees apart, so the viewBox clips each copy at its edge. A ring around a pole
    (Antarctica) jumps once and does not come back: it is already right as it is.
    """
    out: list[Point] = []
    shift = 0.0
    for i, (lon, lat) in enumerate(pts):
        if i:
            d = lon + shift - out[-1][0]
            if d > 180:
                shift -= 360
            elif d < -180:
                shift += 360
        out.append((lon + shift, lat))
    if not out or abs(out[-1][0] - out[0][0]) > 180:
        return [pts]
    lo, hi = min(p[0] for p in out), max(p[0] for p in out)
    if lo < -180:
        return [out, [(x + 360, y) for x, y in out]]
    if hi > 180:
        return [out, [(x - 360, y) for x, y in out]]
    return [out]


def path_data(geom: dict[str, Any], arcs: list[list[Point]]) -> str:
    """SVG path data in the equirectangular 360 x 180 frame; repeated points after rounding are dropped."""
    parts: list[str] = []
    for poly in polygons(geom):
        for r in poly:
            for copy in unwrap(ring(r, arcs)):
                cmds: list[str] = []
                last = None
                for lon, lat in copy:
                    xy = (fmt(lon + 180), fmt(90 - lat))
                    if xy != last:
                        cmds.append(f"{xy[0]} {xy[1]}")
                        last = xy
                if len(cmds) >= 3:
                    parts.append("M" + "L".join(cmds) + "Z")
    return "".join(parts)


def build(topo: dict[str, Any]) -> str:
    arcs = decode_arcs(topo)
    rows = []
    geoms = sorted(topo["objects"]["countries"]["geometries"],
                   key=lambda g: (str(g.get("properties", {}).get("name", "")), str(g.get("id", ""))))
    for g in geoms:
        d = path_data(g, arcs)
        if not d:
            continue
        name = str(g.get("properties", {}).get("name", ""))
        rows.append(f'<path id={quoteattr("c" + str(g.get("id", "")))} vector-effect="non-scaling-stroke" d="{d}"><title>{escape(name)}</title></path>')
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            "<!-- Country outlines: Natural Earth 1:110m (public domain) via world-atlas 2.0.2, "
            "Copyright 2013-2019 Michael Bostock, ISC licence (see LICENSE.world-atlas.txt). "
            "Built by tools/build_map.py: equirectangular, x = lon + 180, y = 90 - lat. -->\n"
            '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 360 180" width="360" height="180">\n'
            '<rect width="360" height="180" fill="#eef3f7"/>\n'
            '<g id="countries" fill="#d9d9d2" stroke="#ffffff" stroke-width="0.6" stroke-linejoin="round">\n'
            + "\n".join(rows) + "\n</g>\n</svg>\n")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--check", action="store_true", help="fail if the committed SVG differs from a rebuild")
    args = ap.parse_args(argv)
    try:
        topo = json.loads(SOURCE.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        print(f"build_map: cannot read {SOURCE}: {exc}", file=sys.stderr)
        return 2
    svg = build(topo)
    if args.check:
        same = TARGET.exists() and TARGET.read_text(encoding="utf-8") == svg
        print(f"{TARGET}: {'up to date' if same else 'OUT OF DATE'}")
        return 0 if same else 1
    TARGET.write_text(svg, encoding="utf-8")
    print(f"wrote {TARGET} ({len(svg):,} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
