"""Charts drawn at build time as inline SVG, from derived data.

Each public function takes plain numbers (from `derive`) and returns HTML:
a `<figure>` holding an `<svg role="img">` with `<title>` and `<desc>`, a
legend in words, and the same numbers in a real `<table>` inside
`<details>`. No JavaScript. Geometry is computed here; the markup lives in
Jinja templates under `templates/charts/` (autoescaped, so council names and
labels are always escaped). Colours come from CSS variables in
`docs/assets/charts.css`, chosen per Material palette (light and dark), and
every mark also carries text, so colour is never the only cue.

Sizes are SVG user units: the SVG scales to the width of the page (viewBox,
width 100%). Every chart is at most about 380 units wide and its smallest
text is 12 units, so on a 390px-wide phone (a column of about 358px) text
is drawn at 11px or more and nothing is cut off; a minimum width keeps text
from shrinking further on even narrower screens (the figure then scrolls).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from markupsafe import Markup

from . import templating
from .derive import NO_OVERALL, PENDING
from .schema import GRADE_LABELS, GRADES, NOT_JUDGED

#: Grade keys drawn, best first, then councils with no grade.
NONE = "none"
KEYS: tuple[str, ...] = (*GRADES, NONE)
LABELS: dict[str, str] = {
    **GRADE_LABELS,
    NONE: "No grade",
    NO_OVERALL: "No overall grade (2026 framework)",
    PENDING: "Grade not recorded",
}
#: Short forms printed inside marks (the legend spells them out).
SHORT: dict[str, str] = {
    "outstanding": "O",
    "good": "G",
    "requires_improvement": "RI",
    "inadequate": "I",
    "adequate": "A",
    NOT_JUDGED: "NJ",
    NONE: "–",
    NO_OVERALL: "–",
    PENDING: "NR",
}
#: Grades as words in cells and labels, on two lines where long.
CELL_WORDS: dict[str, tuple[str, ...]] = {
    "outstanding": ("Outstanding",),
    "good": ("Good",),
    "requires_improvement": ("Requires", "improvement"),
    "inadequate": ("Inadequate",),
    "adequate": ("Adequate",),  # the scale before 2013: drawn grey, not as "requires improvement"
    NOT_JUDGED: ("Not", "judged"),
}
#: CSS class per grade, e.g. g-requires-improvement (docs/assets/charts.css).
CSS: dict[str, str] = {**{key: "g-" + key.replace("_", "-") for key in KEYS}, NO_OVERALL: "g-none", PENDING: "g-pending",
                       "adequate": "g-none", NOT_JUDGED: "g-none"}
#: Inline style for marks whose stylesheet rules do not cover them: the pale
#: "not recorded" fill needs its dashed outline wherever it is drawn.
PENDING_STYLE = "stroke: var(--md-default-fg-color--light); stroke-dasharray: 3 2; stroke-width: 1"

FONT = 13  # user units; the charts' font size
SMALL = 12  # the smallest text in any chart
#: Keep the smallest text at 11px or more on narrow screens (scroll
#: instead), and text at most this multiple on wide ones (about body text size).
MIN_SCALE = 11 / SMALL
MAX_SCALE = 1.35

#: An average character of bold text, in ems, in a wide system font (DejaVu
#: Sans Bold's digits are 0.7 em): the site loads no fonts, so a segment's
#: label must fit in whichever sans-serif the reader's system has.
BOLD_EM = 0.7
#: A segment's label starts this far into it (stacked_bars.html) and leaves at
#: least SEG_ROOM before its end: 2px or more on a phone, where a bar chart
#: is drawn at about 0.94px per unit.
SEG_INSET = 3
SEG_ROOM = 2.5


#: What every chart template may use besides its own context.
TEMPLATE_GLOBALS = dict(LABELS=LABELS, SHORT=SHORT, CSS=CSS, KEYS=KEYS, FONT=FONT, SMALL=SMALL, PENDING=PENDING,
                        PENDING_STYLE=PENDING_STYLE, SEG_INSET=SEG_INSET)


def render_template(name: str, **context) -> Markup:
    """Render a chart template to one block of HTML with no blank lines (a
    blank line would end a raw HTML block if the caller embeds it in Markdown)."""
    html = templating.render("charts/" + name, **TEMPLATE_GLOBALS, **context)
    return Markup("\n".join(line for line in html.splitlines() if line.strip()))


def slugify(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def plural(n: int, word: str = "council") -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


#: How each kind of "no grade" reads in a sentence ("3 with no grade").
NONE_WORDS = {
    NONE: "with no grade",
    NO_OVERALL: "with no overall grade (last inspected under the 2026 framework)",
    PENDING: "with no grade recorded",
}


def counts_sentence(counts: dict[str, int]) -> str:
    """'46 outstanding, 63 good, ... and 2 with no grade'."""
    parts = [f"{counts.get(g, 0)} {LABELS[g].lower()}" for g in GRADES]
    parts += [f"{counts[key]} {words}" for key, words in NONE_WORDS.items() if counts.get(key)]
    return ", ".join(parts[:-1]) + " and " + parts[-1]


# --- stacked bars: one bar per row (judgement or region), split by grade --------------


@dataclass(frozen=True)
class Segment:
    key: str
    count: int
    x: float
    width: float
    label: str  # what fits inside: "G 63", "63" or ""
    title: str  # tooltip


@dataclass(frozen=True)
class Bar:
    label: str
    total: int
    y: float  # top of the row
    bar_y: float
    segments: tuple[Segment, ...]
    label_y: float = 0.0  # baseline of the label


@dataclass(frozen=True)
class Table:
    caption: str
    row_header: str
    columns: tuple[str, ...]
    rows: tuple[tuple[str, tuple[int | str, ...]], ...]


@dataclass(frozen=True)
class Figure:
    """What every chart template needs besides its geometry."""

    id: str
    title: str
    desc: str
    width: float
    height: float
    table: Table
    legend: tuple[str, ...] = KEYS
    note: str = ""
    extra: dict = field(default_factory=dict)

    @property
    def min_width(self) -> int:
        return int(self.width * MIN_SCALE)

    @property
    def max_width(self) -> int:
        return int(self.width * MAX_SCALE)


BAR_W = 380
BAR_H = 26
LABEL_H = 18
ROW_GAP = 12


def _fit(key: str, count: int, width: float) -> str:
    """What fits inside a segment: "G 63", else "63", else nothing (the
    legend, the tooltip and the table still give the number)."""
    if not count:
        return ""
    for text in (f"{SHORT[key]} {count}", str(count)):
        if SEG_INSET + len(text) * FONT * BOLD_EM + SEG_ROOM <= width:
            return text
    return ""


def stacked_bars(rows: list[tuple[str, dict[str, int]]], *, keys: tuple[str, ...] = KEYS,
                 label_w: float = 0, bar_w: float = BAR_W, gap: float = ROW_GAP) -> tuple[list[Bar], float]:
    """Lay out one 100% bar per row; segments in grade order, best first.
    The row's label is on a line above its bar, or with `label_w` in a
    column of that width to its left."""
    bars = []
    y = 0.0
    for label, counts in rows:
        total = sum(counts.get(k, 0) for k in keys)
        x = float(label_w)
        segments = []
        for key in keys:
            count = counts.get(key, 0)
            width = bar_w * count / total if total else 0.0
            title = f"{label}: {LABELS[key].lower() if key != NONE else 'no grade'}, {plural(count)}"
            segments.append(Segment(key, count, round(x, 2), round(width, 2), _fit(key, count, width), title))
            x += width
        bar_y = y if label_w else y + LABEL_H
        label_y = bar_y + BAR_H / 2 + 4.5 if label_w else y + 13
        bars.append(Bar(label, total, y, bar_y, tuple(s for s in segments if s.count), label_y))
        y = bar_y + BAR_H + gap
    return bars, y - gap


def counts_table(caption: str, row_header: str, rows: list[tuple[str, dict[str, int]]],
                  keys: tuple[str, ...] = KEYS) -> Table:
    return Table(
        caption=caption,
        row_header=row_header,
        columns=(*(LABELS[k] for k in keys), "Councils"),
        rows=tuple((label, (*(counts.get(k, 0) for k in keys), sum(counts.get(k, 0) for k in keys)))
                   for label, counts in rows),
    )
