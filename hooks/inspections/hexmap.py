"""The hex map of England: one equal hexagon per current council.

The layout (which council sits in which hexagon) is computed once by
`scripts/build_hex_layout.py` and committed as `hex_layout.json`, so builds
are deterministic. This module only draws it, as inline SVG:

- `hex_map(summaries)`: the full map. Each hexagon is a link to the council
  page (keyboard focusable), written `xlink:href` (see below), with a tooltip (`<title>`) naming the council
  and its grade, coloured by the latest overall effectiveness grade and
  marked with the grade's short form (O, G, RI, I), so colour is never the
  only cue. The grades of every other judgement ride along as data
  attributes for the optional picker in `docs/assets/hexmap.js`; without
  JavaScript the map shows overall effectiveness.
- `locator_map(summaries, slug)`: a small map for a council page, with that
  council highlighted. An image, not links: 153 tab stops on every council
  page would be a trap for keyboard users.

Why `xlink:href` and not `href` on the SVG links: Material's instant
navigation rewrites every `[href]` element of a page by assigning `el.href`,
which throws on an SVG link (its `href` is read-only), breaking navigation
on the page. `xlink:href` does not match `[href]`, and browsers still follow
and focus it. `hexmap.js` keeps clicks on hexagons away from Material's
click handler too, which would fail on the SVG link the same way.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from markupsafe import Markup

from . import derive
from .charts import KEYS, LABELS, NONE, plural, render_template
from .derive import CouncilSummary
from .schema import GRADES, HEADLINE, JUDGEMENT_ORDER, JUDGEMENTS, REGIONS

LAYOUT_FILE = Path(__file__).with_name("hex_layout.json")

SPACING = 32.0  # centre to centre of neighbouring hexagons, user units
RADIUS = SPACING / math.sqrt(3)  # centre to corner
ROW_STEP = RADIUS * 1.5
PAD = 6.0

#: Corner angles of a pointy-top hexagon, clockwise from the upper right.
_ANGLES = [math.radians(60 * i - 30) for i in range(6)]


@lru_cache(maxsize=4)
def load_layout(path: Path = LAYOUT_FILE) -> dict[str, tuple[int, int]]:
    """{slug: (col, row)} from the committed layout file."""
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    return {slug: (int(col), int(row)) for slug, (col, row) in data["cells"].items()}


def neighbours(col: int, row: int) -> list[tuple[int, int]]:
    """The six neighbours, in the order of the edges from `corners` (edge i
    runs from corner i to corner i+1): E, SE, SW, W, NW, NE."""
    shift = row & 1  # odd rows sit half a hexagon to the right
    return [
        (col + 1, row), (col + shift, row + 1), (col - 1 + shift, row + 1),
        (col - 1, row), (col - 1 + shift, row - 1), (col + shift, row - 1),
    ]


def centre(col: int, row: int) -> tuple[float, float]:
    return (PAD + SPACING * (col + 0.5 * (row & 1)) + SPACING / 2, PAD + RADIUS + ROW_STEP * row)


def corners(col: int, row: int, inset: float = 0.0) -> list[tuple[float, float]]:
    cx, cy = centre(col, row)
    r = RADIUS - inset
    return [(round(cx + r * math.cos(a), 2), round(cy + r * math.sin(a), 2)) for a in _ANGLES]


def _num(value: float) -> str:
    """A coordinate to one decimal, as short as SVG allows ("-0.5" not "-0.50")."""
    return f"{value:.1f}".removesuffix(".0")


def hex_path(col: int, row: int, inset: float = 1.0) -> str:
    """SVG path of one hexagon, compact: its upper-right corner, then the
    same relative steps round the edges (every hexagon is the same shape).
    One decimal is far finer than a pixel at any size the map is shown."""
    cx, cy = centre(col, row)
    r = RADIUS - inset
    w, h = _num(r * math.sqrt(3) / 2), _num(r / 2)
    return f"M{_num(cx + r * math.sqrt(3) / 2)},{_num(cy - r / 2)}v{_num(r)}l-{w},{h}-{w}-{h}v-{_num(r)}l{w}-{h}z"


@dataclass(frozen=True)
class Hexagon:
    slug: str
    name: str
    region: str
    col: int
    row: int
    x: float  # centre
    y: float
    d: str  # SVG path
    grades: dict[str, str]  # latest grade per judgement (judgements graded only)
    key: str  # grade shown: of the chosen judgement, or NONE
    title: str
    href: str


def data_attr(judgement: str) -> str:
    """The data attribute carrying a judgement's grade, e.g. data-overall-effectiveness."""
    return "data-" + judgement.replace("_", "-")


def hex_title(name: str, judgement: str, grade: str | None) -> str:
    label = JUDGEMENTS[judgement].label.lower()
    return f"{name}: {label} {LABELS[grade].lower()}" if grade else f"{name}: no {label} grade"


def hexagons(
    summaries: list[CouncilSummary],
    layout: dict[str, tuple[int, int]],
    *,
    judgement: str = HEADLINE,
    href: Callable[[str], str] = lambda slug: f"councils/{slug}/",
    crop: bool = False,
) -> list[Hexagon]:
    """A hexagon for every council in both `summaries` and the layout, in
    reading order (north to south, west to east) so tabbing follows the map.
    With `crop`, the grid is shifted so these councils start at the top left
    (a map of one region); rows move by an even number to keep the stagger."""
    placed = {s.council.slug: layout[s.council.slug] for s in summaries if s.council.slug in layout}
    dc = dr = 0
    if crop and placed:
        dc = min(col for col, _ in placed.values())
        dr = min(row for _, row in placed.values())
        dr -= dr & 1
    result = []
    for s in summaries:
        if s.council.slug not in placed:
            continue
        col, row = placed[s.council.slug]
        col, row = col - dc, row - dr
        x, y = centre(col, row)
        # An ILACS 2018 joint grade counts for children in care and for care
        # leavers, as in the ratings table and derive.grade_counts.
        grades = derive.grades_with_joint_split(s.grades)
        grade = grades.get(judgement)
        result.append(Hexagon(
            slug=s.council.slug, name=s.council.name, region=s.council.region, col=col, row=row,
            x=round(x, 2), y=round(y, 2), d=hex_path(col, row),
            grades={k: grades[k] for k in JUDGEMENT_ORDER if k in grades}, key=grade or NONE,
            title=hex_title(s.council.name, judgement, grade), href=href(s.council.slug),
        ))
    return sorted(result, key=lambda h: (h.row, h.col))


def region_borders(cells: list[Hexagon]) -> str:
    """One SVG path tracing the outline of every region: each hexagon edge
    whose neighbour is empty or in another region (shared edges drawn once)."""
    at = {(h.col, h.row): h for h in cells}
    parts = []
    for h in cells:
        pts = corners(h.col, h.row)
        for edge, nb in enumerate(neighbours(h.col, h.row)):
            other = at.get(nb)
            if other is not None and (other.region == h.region or other.slug < h.slug):
                continue
            (x1, y1), (x2, y2) = pts[edge], pts[(edge + 1) % 6]
            parts.append(f"M{x1:g},{y1:g}L{x2:g},{y2:g}")
    return "".join(parts)


def _size(cells: list[Hexagon]) -> tuple[float, float]:
    cols = max(h.col for h in cells) + 1
    rows = max(h.row for h in cells) + 1
    return (round(2 * PAD + SPACING * (cols + 0.5), 2), round(2 * PAD + 2 * RADIUS + ROW_STEP * (rows - 1), 2))


def hex_map(
    summaries: list[CouncilSummary],
    *,
    layout: dict[str, tuple[int, int]] | None = None,
    href: Callable[[str], str] = lambda slug: f"councils/{slug}/",
    map_id: str = "hexmap",
    region: str | None = None,
) -> Markup:
    """The map: linked hexagons coloured by overall effectiveness, a legend
    in words and (for JavaScript) a picker of the other judgements. With
    `region`, only that region's councils, cropped to fit."""
    layout = load_layout() if layout is None else layout
    if region is not None:
        summaries = [s for s in summaries if s.council.region == region]
    cells = hexagons(summaries, layout, href=href, crop=region is not None)
    if not cells:
        return Markup("")
    width, height = _size(cells)
    judgements = [k for k in JUDGEMENT_ORDER if any(k in h.grades for h in cells)]
    counts = {k: sum(1 for h in cells if h.key == k) for k in KEYS}
    missing = sorted(s.council.name for s in summaries if s.council.slug not in layout)
    place = REGIONS[region] if region else "England"
    desc = (
        f"Map of {place} with one equal hexagon for each of {plural(len(cells))}, placed near its real position"
        + ("" if region else ", regions outlined")
        + ". Each hexagon links to the council's page and is coloured and lettered by its latest overall "
        f"effectiveness grade: {counts['outstanding']} outstanding, {counts['good']} good, "
        f"{counts['requires_improvement']} requires improvement, {counts['inadequate']} inadequate "
        f"and {counts[NONE]} with no overall grade."
    )
    return render_template(
        "hexmap.html", id=map_id, cells=cells, width=width, height=height, desc=desc,
        title=f"Map of the councils of {place} by their latest grade" if region
        else "Map of England's councils by their latest grade",
        region=region, borders=region_borders(cells),
        judgements=[(k, JUDGEMENTS[k].label, data_attr(k)) for k in judgements],
        headline=HEADLINE, data_attr=data_attr, grades=GRADES, missing=missing,
    )


# Performance: every council page draws a locator map of all ~150 councils;
# the hexagons are the same for each, so they are made once per list of
# summaries (a build's list; a new build, e.g. in `mkdocs serve`, has a new one).
_last_cells: list = []


def _shared_hexagons(summaries: list[CouncilSummary], layout: dict[str, tuple[int, int]]) -> list[Hexagon]:
    if _last_cells and _last_cells[0] is summaries and _last_cells[1] is layout:
        return _last_cells[2]
    cells = hexagons(summaries, layout)
    _last_cells[:] = [summaries, layout, cells]
    return cells


def locator_map(
    summaries: list[CouncilSummary],
    slug: str,
    *,
    layout: dict[str, tuple[int, int]] | None = None,
) -> Markup:
    """A small map with one council highlighted (and its region shaded).
    Drawn as three paths (other regions, its region, the council) so the
    map adds little weight to each of ~150 council pages."""
    layout = load_layout() if layout is None else layout
    cells = _shared_hexagons(summaries, layout)
    chosen = next((h for h in cells if h.slug == slug), None)
    if chosen is None:
        return Markup("")
    width, height = _size(cells)
    region = REGIONS[chosen.region]
    return render_template(
        "locator.html", id=f"locator-{slug}", chosen=chosen, width=width, height=height, region=region,
        other="".join(h.d for h in cells if h.region != chosen.region),
        same="".join(h.d for h in cells if h.region == chosen.region and h.slug != slug),
        title=f"Where {chosen.name} is",
        desc=f"Map of England's councils as equal hexagons, with {chosen.name} highlighted "
             f"and the rest of the {region} region shaded.",
    )
