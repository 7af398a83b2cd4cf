"""Bar charts of councils' grades: now by judgement, by region, and year by year.

Geometry and markup come from `charts.py`; each function here turns
derived counts into one figure.
"""

from __future__ import annotations

from dataclasses import replace

from markupsafe import Markup

from .charts import (
    BAR_W,
    KEYS,
    LABELS,
    NONE,
    NONE_WORDS,
    Figure,
    counts_sentence,
    counts_table,
    plural,
    render_template,
    stacked_bars,
)
from .dataset import Dataset
from .derive import OVERALL_KEYS, CouncilSummary
from .schema import GRADES, JUDGEMENT_ORDER, JUDGEMENTS, REGIONS


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
        + (f"Overall effectiveness: {counts_sentence(headline)}. " if headline else "")
        + "'No grade' means the council's latest inspection did not judge it "
        "(the judgement belongs to another inspection framework) or its grades are not recorded yet."
    )
    figure = Figure(
        id=chart_id,
        title="Current grades, by judgement",
        desc=desc,
        width=BAR_W,
        height=height,
        table=counts_table("Current grades by judgement (number of councils)", "Judgement", rows),
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
        + " ".join(f"{name}: {counts_sentence(c)}." for name, c in rows)
        + f" Highest share good or outstanding: {best[0]}. Highest share inadequate: {worst[0]}."
    )
    figure = Figure(
        id=chart_id,
        title="Overall effectiveness by region",
        desc=desc,
        width=BAR_W,
        height=height,
        table=counts_table("Overall effectiveness by region (number of councils)", "Region", rows),
    )
    bars = [replace(b, label=f"{b.label} ({plural(b.total)})") for b in bars]  # each keeps its own line
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
                + (LABELS[seg.key].lower() if seg.key in GRADES else NONE_WORDS[seg.key]))
        for seg in bar.segments)) for bar in bars]
    total = max(sum(c.values()) for _, c in rows)
    first, latest = rows[0][1], rows[-1][1]
    desc = (
        f"Number of the {total} current councils at each overall effectiveness grade at the end of each year "
        f"from {years[0]} to {years[-1]} ({years[-1]}: as the records stand now), from each council's latest "
        f"graded full inspection by then. End of {years[0]}: {counts_sentence(first)}. "
        f"End of {years[-1]}: {counts_sentence(latest)}."
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
        table=counts_table("Councils at each overall grade at the end of each year", "Year", rows, OVERALL_KEYS),
        legend=OVERALL_KEYS,
        note=note,
    )
    return render_template("stacked_bars.html", fig=figure, bars=bars, cls="year-bars")
