"""The council page's timeline: its full inspections across, judgements down,
each cell naming the grade in words."""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup

from . import dates
from .charts import (
    CELL_WORDS,
    LABELS,
    NONE,
    Figure,
    Table,
    plural,
    render_template,
)
from .derive import CouncilSummary, full_inspections
from .model import Inspection
from .schema import FRAMEWORKS, GRADES, JUDGEMENT_ORDER, JUDGEMENTS

# --- per-council timeline: inspections across, judgements down ------------------------


@dataclass(frozen=True)
class Cell:
    x: float
    y: float
    key: str  # grade key, NONE (not judged then) or "pending"
    lines: tuple[str, ...]
    title: str


#: Sized so the longest words fit with room to spare in wide system fonts
#: (DejaVu Sans): "improvement" in a cell, "management," in the label column.
#: Cell words are in the regular weight (charts.css): in bold, "improvement"
#: would need a column too wide for a phone.
TL_LABEL_W = 96
TL_COL_W = 94
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


def _when(inspection: Inspection) -> str:
    """Column heading: the month the report was published, as every other
    page dates inspections by publication ('Jul 2024')."""
    return dates.short_month_year(inspection.published)


def _published(inspection: Inspection) -> str:
    return f"published {dates.long_date(inspection.published)}"


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
