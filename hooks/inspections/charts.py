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
from dataclasses import dataclass, field, replace
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from .dataset import Dataset
from .derive import NO_OVERALL, OVERALL_KEYS, PENDING, CouncilSummary, full_inspections
from .model import Inspection
from .schema import FRAMEWORKS, GRADE_LABELS, GRADES, JUDGEMENT_ORDER, JUDGEMENTS, NOT_JUDGED, REGIONS

TEMPLATES = Path(__file__).with_name("templates") / "charts"

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

_env = Environment(
    loader=FileSystemLoader(TEMPLATES),
    autoescape=True,
    undefined=StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
    keep_trailing_newline=False,
)
_env.globals.update(LABELS=LABELS, SHORT=SHORT, CSS=CSS, KEYS=KEYS, FONT=FONT, SMALL=SMALL, PENDING=PENDING,
                    PENDING_STYLE=PENDING_STYLE)


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


#: How each kind of "no grade" reads in a sentence ("3 with no grade").
_NONE_WORDS = {
    NONE: "with no grade",
    NO_OVERALL: "with no overall grade (last inspected under the 2026 framework)",
    PENDING: "with no grade recorded",
}


def _counts_sentence(counts: dict[str, int]) -> str:
    """'46 outstanding, 63 good, ... and 2 with no grade'."""
    parts = [f"{counts.get(g, 0)} {LABELS[g].lower()}" for g in GRADES]
    parts += [f"{counts[key]} {words}" for key, words in _NONE_WORDS.items() if counts.get(key)]
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
    long, short = f"{SHORT[key]} {count}", str(count)
    if count and text_width(long) + 8 <= width:
        return long
    if count and text_width(short) + 6 <= width:
        return short
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


def _counts_table(caption: str, row_header: str, rows: list[tuple[str, dict[str, int]]],
                  keys: tuple[str, ...] = KEYS) -> Table:
    return Table(
        caption=caption,
        row_header=row_header,
        columns=(*(LABELS[k] for k in keys), "Councils"),
        rows=tuple((label, (*(counts.get(k, 0) for k in keys), sum(counts.get(k, 0) for k in keys)))
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


# --- overall effectiveness year by year: one bar per year -----------------------------


def years_for(dataset: Dataset) -> list[int]:
    """Years from the first overall grade published for a current council
    to the newest record (earlier years would be all 'no grade')."""
    graded = [i.published.year for i in dataset.inspections if i.overall and dataset.councils[i.council].is_current]
    if not graded:
        return []
    return list(range(min(graded), max(i.published.year for i in dataset.inspections) + 1))


YEAR_LABEL_W = 46
YEAR_BAR_W = 330
YEAR_GAP = 6


def overall_over_time_chart(by_year: dict[int, dict[str, int]], *, chart_id: str = "chart-overall-over-time",
                            needs_data_href: str = "") -> Markup:
    """One 100% bar per year, oldest first: how many of today's councils held
    each overall grade at the end of the year. `by_year` is `overall_by_year`."""
    years = sorted(by_year)
    if not years:
        return Markup("")
    rows = [(str(year), {k: by_year[year].get(k, 0) for k in OVERALL_KEYS}) for year in years]
    bars, height = stacked_bars(rows, keys=OVERALL_KEYS, label_w=YEAR_LABEL_W, bar_w=YEAR_BAR_W, gap=YEAR_GAP)
    bars = [replace(bar, segments=tuple(  # tooltips say when
        replace(seg, title=f"End of {bar.label}: {plural(seg.count)} "
                + (LABELS[seg.key].lower() if seg.key in GRADES else _NONE_WORDS[seg.key]))
        for seg in bar.segments)) for bar in bars]
    total = max(sum(c.values()) for _, c in rows)
    first, latest = rows[0][1], rows[-1][1]
    desc = (
        f"Number of the {total} current councils at each overall effectiveness grade at the end of each year "
        f"from {years[0]} to {years[-1]} ({years[-1]}: as the records stand now), from each council's latest "
        f"graded full inspection by then. End of {years[0]}: {_counts_sentence(first)}. "
        f"End of {years[-1]}: {_counts_sentence(latest)}."
    )
    link = Markup('<a href="{}">Needs data</a>').format(needs_data_href) if needs_data_href else "Needs data"
    note = Markup(
        "Each bar is all of today's {total} councils. “Grade not recorded”: no full inspection of the council "
        "with an overall grade is on record by then (the records start in 2012, and the Single Inspection "
        "Framework's first inspections reached every council only by 2017), or its grades are not entered yet "
        "(see {link}). “No overall grade”: its latest graded inspection was under the 2026 framework, which "
        "gives none."
    ).format(total=total, link=link)
    figure = Figure(
        id=chart_id,
        title="Overall effectiveness, year by year",
        desc=desc,
        width=YEAR_LABEL_W + YEAR_BAR_W,
        height=height,
        table=_counts_table("Councils at each overall grade at the end of each year", "Year", rows, OVERALL_KEYS),
        legend=OVERALL_KEYS,
        note=note,
    )
    return render_template("stacked_bars.html", fig=figure, bars=bars, cls="year-bars")


# --- per-council timeline: inspections across, judgements down ------------------------


@dataclass(frozen=True)
class Cell:
    x: float
    y: float
    key: str  # grade key, NONE (not judged then) or "pending"
    lines: tuple[str, ...]
    title: str


TL_LABEL_W = 100
TL_COL_W = 92
TL_ROW_H = 40
TL_HEAD_H = 42
TL_GAP = 2
#: Columns per band: more inspections wrap onto further bands below, so the
#: chart is never wider than a phone's screen.
TL_PER_BAND = 3
TL_BAND_GAP = 18


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


_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December")


def _when(inspection: Inspection) -> str:
    """Column heading: the month the report was published, as every other
    page dates inspections by publication ('Jul 2024')."""
    day = inspection.published
    return f"{_MONTHS[day.month - 1][:3]} {day.year}"


def _published(inspection: Inspection) -> str:
    day = inspection.published
    return f"published {day.day} {_MONTHS[day.month - 1]} {day.year}"


#: Row labels that would not fit the label column in three lines.
_ROW_LABELS = {"leadership_management_governance": "Leadership, management, governance"}

#: Column headings name the framework briefly.
FRAMEWORK_SHORT = {"pre-sif": "Before SIF", "sif": "SIF"}


def _framework_short(key: str) -> str:
    return FRAMEWORK_SHORT.get(key) or FRAMEWORKS[key].name.replace("(", "").replace(")", "")


def timeline_chart(summary: CouncilSummary, *, chart_id: str | None = None) -> Markup:
    """A grid of the council's full inspections, newest first, by
    publication date (columns) and the judgements they made (rows), each cell
    naming the grade in words. At most TL_PER_BAND columns side by side;
    older inspections continue in a band below, headed again."""
    # Newest first. Inspections graded on the scale before 2013 are left to the list of
    # records below the chart: their judgements are not comparable with these rows.
    inspections = [i for i in full_inspections(list(summary.inspections))[::-1]
                   if FRAMEWORKS[i.framework].grades == GRADES]
    if not inspections:
        return Markup("")
    council = summary.council
    judged = {key for i in inspections for key in FRAMEWORKS[i.framework].judgements}
    rows = [key for key in JUDGEMENT_ORDER if key in judged]
    band_h = TL_HEAD_H + len(rows) * TL_ROW_H
    bands = [inspections[n:n + TL_PER_BAND] for n in range(0, len(inspections), TL_PER_BAND)]
    cells: list[Cell] = []
    heads = []
    labels = []
    for b, band in enumerate(bands):
        top = b * (band_h + TL_BAND_GAP)
        labels += [(top + TL_HEAD_H + r * TL_ROW_H + TL_ROW_H / 2, wrap(_ROW_LABELS.get(key, JUDGEMENTS[key].label), 13))
                   for r, key in enumerate(rows)]
        for n, inspection in enumerate(band):
            x = TL_LABEL_W + n * TL_COL_W
            when = _when(inspection)
            heads.append((x + TL_COL_W / 2, top, when, _framework_short(inspection.framework)))
            for r, key in enumerate(rows):
                y = top + TL_HEAD_H + r * TL_ROW_H
                grade = inspection.judgements.get(key)
                name = JUDGEMENTS[key].label.lower()
                if grade:
                    cells.append(Cell(x, y, grade, CELL_WORDS[grade], f"{when}, {name}: {LABELS[grade].lower()}"))
                elif key in FRAMEWORKS[inspection.framework].judgements:
                    cells.append(Cell(x, y, "pending", ("Not", "recorded"), f"{when}, {name}: grade not recorded yet"))
                else:
                    cells.append(Cell(x, y, NONE, ("–",), f"{when}: {name} was not a judgement of this framework"))
    table_rows = []
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
    width = TL_LABEL_W + min(len(inspections), TL_PER_BAND) * TL_COL_W
    height = len(bands) * band_h + (len(bands) - 1) * TL_BAND_GAP
    sentences = []
    for inspection in inspections:
        if inspection.judgements:
            grades = "; ".join(
                f"{JUDGEMENTS[k].label.lower()} {LABELS[g].lower()}"
                for k in JUDGEMENT_ORDER if (g := inspection.judgements.get(k))
            )
        else:
            grades = "grades not recorded yet"
        sentences.append(f"Report {_published(inspection)} ({_framework_short(inspection.framework)}): {grades}.")
    figure = Figure(
        id=chart_id or f"chart-timeline-{council.slug}",
        title=f"{council.name}: grades at each full inspection",
        desc=f"{plural(len(inspections), 'full inspection')} of {council.name}, newest first. " + " ".join(sentences),
        width=width,
        height=height,
        table=Table(
            caption=f"{council.name}: grades at each full inspection, newest first, by date of the report",
            row_header="Judgement",
            columns=tuple(f"{_published(i).removeprefix('published ')} ({_framework_short(i.framework)})"
                          for i in inspections),
            rows=tuple(table_rows),
        ),
        legend=(),
        note="Newest first, dated by when each report was published"
        + (f"; older inspections continue below the first {TL_PER_BAND}" if len(bands) > 1 else "")
        + ". A dash means the judgement was not part of that inspection framework.",
    )
    return render_template("timeline.html", fig=figure, cells=cells, heads=heads, labels=labels,
                           col_w=TL_COL_W, row_h=TL_ROW_H, gap=TL_GAP)
