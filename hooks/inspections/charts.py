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
width 100%), with a minimum width so text stays legible on a phone (the
figure scrolls sideways if it must).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from .dataset import Dataset
from .derive import CouncilSummary, full_inspections
from .model import Inspection
from .schema import FRAMEWORKS, GRADE_LABELS, GRADES, JUDGEMENT_ORDER, JUDGEMENTS, REGIONS

TEMPLATES = Path(__file__).with_name("templates") / "charts"

#: Grade keys drawn, best first, then councils with no grade.
NONE = "none"
KEYS: tuple[str, ...] = (*GRADES, NONE)
LABELS: dict[str, str] = {**GRADE_LABELS, NONE: "No grade"}
#: Short forms printed inside marks (the legend spells them out).
SHORT: dict[str, str] = {
    "outstanding": "O",
    "good": "G",
    "requires_improvement": "RI",
    "inadequate": "I",
    NONE: "–",
}
#: Grades as words in cells and labels, on two lines where long.
CELL_WORDS: dict[str, tuple[str, ...]] = {
    "outstanding": ("Outstanding",),
    "good": ("Good",),
    "requires_improvement": ("Requires", "improvement"),
    "inadequate": ("Inadequate",),
}
#: CSS class per grade, e.g. g-requires-improvement.
CSS: dict[str, str] = {key: "g-" + key.replace("_", "-") for key in KEYS}

FONT = 13  # user units; the charts' font size
#: Keep text at least this share of its size on narrow screens (scroll
#: instead), and at most this multiple on wide ones (about body text size).
MIN_SCALE = 0.75
MAX_SCALE = 1.35

_env = Environment(
    loader=FileSystemLoader(TEMPLATES),
    autoescape=True,
    undefined=StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
    keep_trailing_newline=False,
)
_env.globals.update(LABELS=LABELS, SHORT=SHORT, CSS=CSS, KEYS=KEYS, FONT=FONT)


def render_template(name: str, **context) -> Markup:
    """Render a chart template to one block of HTML with no blank lines (a
    blank line would end a raw HTML block if the caller embeds it in Markdown)."""
    html = _env.get_template(name).render(**context)
    return Markup("\n".join(line for line in html.splitlines() if line.strip()))


def slugify(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def text_width(text: str, size: float = FONT) -> float:
    return len(text) * size * 0.62


def plural(n: int, word: str = "council") -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def _counts_sentence(counts: dict[str, int]) -> str:
    """'46 outstanding, 63 good, ... and 2 with no grade'."""
    parts = [f"{counts.get(g, 0)} {LABELS[g].lower()}" for g in GRADES]
    if counts.get(NONE):
        parts.append(f"{counts[NONE]} with no grade")
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
    y: float  # top of the row (label line)
    bar_y: float
    segments: tuple[Segment, ...]


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


BAR_W = 400
BAR_H = 26
LABEL_H = 18
ROW_GAP = 12


def _fit(key: str, count: int, width: float) -> str:
    long, short = f"{SHORT[key]} {count}", str(count)
    if count and text_width(long) + 8 <= width:
        return long
    if count and text_width(short) + 6 <= width:
        return short
    return ""


def stacked_bars(rows: list[tuple[str, dict[str, int]]], *, keys: tuple[str, ...] = KEYS) -> tuple[list[Bar], float]:
    """Lay out one 100% bar per row; segments in grade order, best first."""
    bars = []
    y = 0.0
    for label, counts in rows:
        total = sum(counts.get(k, 0) for k in keys)
        x = 0.0
        segments = []
        for key in keys:
            count = counts.get(key, 0)
            width = BAR_W * count / total if total else 0.0
            title = f"{label}: {LABELS[key].lower() if key != NONE else 'no grade'}, {plural(count)}"
            segments.append(Segment(key, count, round(x, 2), round(width, 2), _fit(key, count, width), title))
            x += width
        bars.append(Bar(label, total, y, y + LABEL_H, tuple(s for s in segments if s.count)))
        y += LABEL_H + BAR_H + ROW_GAP
    return bars, y - ROW_GAP


def _counts_table(caption: str, row_header: str, rows: list[tuple[str, dict[str, int]]]) -> Table:
    return Table(
        caption=caption,
        row_header=row_header,
        columns=(*(LABELS[k] for k in KEYS), "Councils"),
        rows=tuple((label, (*(counts.get(k, 0) for k in KEYS), sum(counts.get(k, 0) for k in KEYS)))
                   for label, counts in rows),
    )


def grade_distribution_chart(counts: dict[str, dict[str, int]], *, chart_id: str = "chart-grades-now") -> Markup:
    """Current grades of all current councils, one bar per judgement.
    `counts` is `derive.grade_counts(derive.current_summaries(...))`."""
    rows = [(JUDGEMENTS[key].label, counts[key]) for key in JUDGEMENT_ORDER if key in counts]
    if not rows:
        return Markup("")
    bars, height = stacked_bars(rows)
    total = sum(rows[0][1].values())
    headline = dict(rows)[JUDGEMENTS["overall_effectiveness"].label] if "overall_effectiveness" in counts else None
    desc = (
        f"Latest grade of each of the {total} current councils, for each judgement. "
        + (f"Overall effectiveness: {_counts_sentence(headline)}. " if headline else "")
        + "'No grade' means the council's latest inspection did not judge it "
        "(the judgement belongs to another inspection framework) or its grades are not recorded yet."
    )
    figure = Figure(
        id=chart_id,
        title="Current grades, by judgement",
        desc=desc,
        width=BAR_W,
        height=height,
        table=_counts_table("Current grades by judgement (number of councils)", "Judgement", rows),
    )
    return render_template("stacked_bars.html", fig=figure, bars=bars)


def region_chart(summaries: list[CouncilSummary], *, chart_id: str = "chart-regions") -> Markup:
    """Overall effectiveness by region: one 100% bar per region, with counts."""
    rows = []
    for slug, name in REGIONS.items():
        in_region = [s for s in summaries if s.council.region == slug]
        if not in_region:
            continue
        counts = {k: 0 for k in KEYS}
        for s in in_region:
            counts[s.overall or NONE] += 1
        rows.append((name, counts))
    if not rows:
        return Markup("")
    bars, height = stacked_bars(rows)
    worst = max(rows, key=lambda r: (r[1]["inadequate"] / sum(r[1].values()), r[0]))
    best = max(rows, key=lambda r: ((r[1]["outstanding"] + r[1]["good"]) / sum(r[1].values()), r[0]))
    desc = (
        "Latest overall effectiveness grade of current councils in each region, as a share of the region's councils. "
        + " ".join(f"{name}: {_counts_sentence(c)}." for name, c in rows)
        + f" Highest share good or outstanding: {best[0]}. Highest share inadequate: {worst[0]}."
    )
    figure = Figure(
        id=chart_id,
        title="Overall effectiveness by region",
        desc=desc,
        width=BAR_W,
        height=height,
        table=_counts_table("Overall effectiveness by region (number of councils)", "Region", rows),
    )
    bars = [Bar(f"{b.label} ({plural(b.total)})", b.total, b.y, b.bar_y, b.segments) for b in bars]
    return render_template("stacked_bars.html", fig=figure, bars=bars)


# --- stacked columns: councils at each overall grade, year by year ---------------------


@dataclass(frozen=True)
class Column:
    year: int
    x: float
    width: float
    show_year: bool
    segments: tuple[Segment, ...]  # here x is the top (y) of the segment, width its height


def years_for(dataset: Dataset) -> list[int]:
    """Years from the first overall grade published for a current council
    to the newest record (earlier years would be all 'no grade')."""
    graded = [i.published.year for i in dataset.inspections if i.overall and dataset.councils[i.council].is_current]
    if not graded:
        return []
    return list(range(min(graded), max(i.published.year for i in dataset.inspections) + 1))


COL_PLOT_H = 260
COL_LEFT = 34  # y axis labels
COL_RIGHT = 96  # direct labels next to the last column
COL_TOP = 10
COL_BOTTOM = 24  # year labels


def overall_over_time_chart(by_year: dict[int, dict[str, int]], *, chart_id: str = "chart-overall-over-time") -> Markup:
    """Stacked columns, one per year: how many current councils held each
    overall grade at the end of the year. `by_year` is `derive.overall_over_time`."""
    years = sorted(by_year)
    if not years:
        return Markup("")
    total = max(sum(c.values()) for c in by_year.values()) or 1
    slot = max(28.0, min(48.0, 330 / len(years)))
    col_w = slot * 0.72
    plot_w = slot * len(years)
    width = COL_LEFT + plot_w + COL_RIGHT
    scale = COL_PLOT_H / total
    every = 1 if slot >= 40 else 2
    columns = []
    order = (NONE, "inadequate", "requires_improvement", "good", "outstanding")  # top to bottom
    for n, year in enumerate(years):
        counts = by_year[year]
        x = COL_LEFT + n * slot + (slot - col_w) / 2
        y = COL_TOP + COL_PLOT_H - sum(counts.values()) * scale
        segments = []
        for key in order:
            count = counts.get(key, 0)
            h = count * scale
            label = str(count) if count and h >= FONT + 2 and text_width(str(count), 11) + 4 <= col_w else ""
            title = f"End of {year}: {plural(count)} {'with no overall grade yet' if key == NONE else LABELS[key].lower()}"
            if count:
                segments.append(Segment(key, count, round(y, 2), round(h, 2), label, title))
            y += h
        columns.append(Column(year, round(x, 2), round(col_w, 2), (len(years) - 1 - n) % every == 0, tuple(segments)))
    # Direct labels beside the last column (in words), pushed apart so they
    # never overlap, then pulled back up if they run off the bottom.
    direct = []
    for seg in columns[-1].segments:
        lines = CELL_WORDS.get(seg.key, ("No grade",))
        direct.append([seg.key, seg.x + seg.width / 2 - (len(lines) - 1) * 6, lines])
    for prev, cur in zip(direct, direct[1:], strict=False):
        cur[1] = max(cur[1], prev[1] + 12 * len(prev[2]) + 2)
    overflow = (direct[-1][1] + 12 * (len(direct[-1][2]) - 1)) - (COL_TOP + COL_PLOT_H - 4) if direct else 0
    if overflow > 0:
        for d in direct:
            d[1] -= overflow
    ticks = [t for t in range(0, total + 1, 25 if total > 100 else 10)]
    first, latest = by_year[years[0]], by_year[years[-1]]
    desc = (
        f"Number of the {total} current councils at each overall effectiveness grade at the end of each year "
        f"from {years[0]} to {years[-1]}, from each council's latest grade by then. "
        f"End of {years[0]}: {_counts_sentence(first)}. End of {years[-1]}: {_counts_sentence(latest)}."
    )
    rows = [(str(y), by_year[y]) for y in years]
    figure = Figure(
        id=chart_id,
        title="Overall effectiveness, year by year",
        desc=desc,
        width=round(width, 2),
        height=COL_TOP + COL_PLOT_H + COL_BOTTOM,
        table=_counts_table("Councils at each overall grade at the end of each year", "Year", rows),
        note=f"Years before {years[0]} are left out: no overall grades from them are recorded here." if years else "",
    )
    return render_template(
        "columns.html", fig=figure, columns=columns, ticks=[(t, COL_TOP + COL_PLOT_H - t * scale) for t in ticks],
        plot=dict(left=COL_LEFT, right=COL_LEFT + plot_w, top=COL_TOP, bottom=COL_TOP + COL_PLOT_H),
        direct=[(key, round(y, 2), lines) for key, y, lines in direct],
        label_x=round(columns[-1].x + columns[-1].width + 6, 2),
    )


# --- per-council timeline: inspections across, judgements down ------------------------


@dataclass(frozen=True)
class Cell:
    x: float
    y: float
    key: str  # grade key, NONE (not judged then) or "pending"
    lines: tuple[str, ...]
    title: str


TL_LABEL_W = 150
TL_COL_W = 92
TL_ROW_H = 42
TL_HEAD_H = 42
TL_GAP = 3


def wrap(text: str, width: int, lines: int = 3) -> tuple[str, ...]:
    """Split a label into at most `lines` lines of about `width` characters."""
    out: list[str] = []
    for word in text.split():
        if out and len(out[-1]) + 1 + len(word) <= width:
            out[-1] += " " + word
        else:
            out.append(word)
    if len(out) > lines:
        out = out[: lines - 1] + [" ".join(out[lines - 1:])]
    return tuple(out)


def _when(inspection: Inspection) -> str:
    day = inspection.inspection_start or inspection.published
    return f"{day:%b} {day.year}"


#: Column headings name the framework briefly.
FRAMEWORK_SHORT = {"pre-sif": "Before SIF", "sif": "SIF"}


def _framework_short(key: str) -> str:
    return FRAMEWORK_SHORT.get(key) or FRAMEWORKS[key].name.replace("(", "").replace(")", "")


def timeline_chart(summary: CouncilSummary, *, chart_id: str | None = None) -> Markup:
    """A grid of the council's full inspections by date (columns) and the
    judgements they made (rows), each cell naming the grade in words."""
    inspections = full_inspections(list(summary.inspections))
    if not inspections:
        return Markup("")
    council = summary.council
    judged = {key for i in inspections for key in FRAMEWORKS[i.framework].judgements}
    rows = [key for key in JUDGEMENT_ORDER if key in judged]
    cells: list[Cell] = []
    heads = []
    table_rows = []
    for n, inspection in enumerate(inspections):
        x = TL_LABEL_W + n * TL_COL_W
        when = _when(inspection)
        heads.append((x + TL_COL_W / 2, when, _framework_short(inspection.framework), inspection.published))
        for r, key in enumerate(rows):
            y = TL_HEAD_H + r * TL_ROW_H
            grade = inspection.judgements.get(key)
            name = JUDGEMENTS[key].label.lower()
            if grade:
                cells.append(Cell(x, y, grade, CELL_WORDS[grade], f"{when}, {name}: {LABELS[grade].lower()}"))
            elif key in FRAMEWORKS[inspection.framework].judgements:
                cells.append(Cell(x, y, "pending", ("Not", "recorded"), f"{when}, {name}: grade not recorded yet"))
            else:
                cells.append(Cell(x, y, NONE, ("–",), f"{when}: {name} was not a judgement of this framework"))
    for key in rows:
        values = []
        for inspection in inspections:
            grade = inspection.judgements.get(key)
            if grade:
                values.append(LABELS[grade])
            elif key in FRAMEWORKS[inspection.framework].judgements:
                values.append("Not recorded")
            else:
                values.append("Not judged")
        table_rows.append((JUDGEMENTS[key].label, tuple(values)))
    width = TL_LABEL_W + len(inspections) * TL_COL_W
    height = TL_HEAD_H + len(rows) * TL_ROW_H
    sentences = []
    for inspection in inspections:
        if inspection.judgements:
            grades = "; ".join(
                f"{JUDGEMENTS[k].label.lower()} {LABELS[g].lower()}"
                for k in JUDGEMENT_ORDER if (g := inspection.judgements.get(k))
            )
        else:
            grades = "grades not recorded yet"
        sentences.append(f"{_when(inspection)}: {grades}.")
    figure = Figure(
        id=chart_id or f"chart-timeline-{council.slug}",
        title=f"{council.name}: grades at each full inspection",
        desc=f"{plural(len(inspections), 'full inspection')} of {council.name}, oldest first. " + " ".join(sentences),
        width=width,
        height=height,
        table=Table(
            caption=f"{council.name}: grades at each full inspection, oldest first",
            row_header="Judgement",
            columns=tuple(f"{_when(i)} ({_framework_short(i.framework)})" for i in inspections),
            rows=tuple(table_rows),
        ),
        legend=(),
    )
    labels = [(TL_HEAD_H + r * TL_ROW_H + TL_ROW_H / 2, wrap(JUDGEMENTS[key].label, 19)) for r, key in enumerate(rows)]
    return render_template("timeline.html", fig=figure, cells=cells, heads=heads, labels=labels,
                           col_w=TL_COL_W, row_h=TL_ROW_H, gap=TL_GAP)
