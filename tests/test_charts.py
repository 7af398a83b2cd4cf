"""Charts (hooks/inspections/charts.py): each SVG is well-formed XML, is
labelled for screen readers, and carries exactly the numbers `derive`
computes, in its marks and in the table beside it; grade colours keep
their contrast in both Material palettes."""

from __future__ import annotations

import colorsys
import dataclasses
import re
import xml.etree.ElementTree as ET
from collections import Counter

import pytest
from bs4 import BeautifulSoup
from inspections import bar_charts, charts, derive, timeline_chart
from inspections.model import grade_label
from inspections.schema import FRAMEWORKS, GRADES, JUDGEMENT_ORDER, JUDGEMENTS, REGIONS
from sitebuild import ROOT

SVG = "{http://www.w3.org/2000/svg}"
KEYS = (*GRADES, "none")


@pytest.fixture(scope="module")
def current(summaries):
    return derive.current_summaries(summaries)


def parse(html: str) -> tuple[ET.Element, BeautifulSoup]:
    """The chart's SVG parsed as XML (so it must be well-formed on its own),
    and the whole figure parsed as HTML."""
    match = re.search(r"<svg\b.*?</svg>", html, re.S)
    assert match, "no <svg> in the chart"
    return ET.fromstring(match.group(0)), BeautifulSoup(html, "lxml")


def svg_children(el: ET.Element, tag: str) -> list[ET.Element]:
    return el.findall(f"{SVG}{tag}")


def assert_accessible(svg: ET.Element) -> None:
    """role=img named by its <title> and described by its <desc>."""
    assert svg.get("role") == "img"
    ids = svg.get("aria-labelledby").split()
    title, desc = svg.find(f"{SVG}title"), svg.find(f"{SVG}desc")
    assert [title.get("id"), desc.get("id")] == ids
    assert title.text.strip() and len(desc.text) > 40
    assert "viewBox" in svg.attrib and svg.get("width") == "100%"


def table_numbers(soup: BeautifulSoup) -> dict[str, dict[str, int]]:
    """{row header: {column header: number}} from the chart's data table."""
    table = soup.select_one("details.chart-data table")
    assert table.caption.get_text(strip=True)
    heads = [th.get_text(strip=True) for th in table.select("thead th")]
    assert all(th.get("scope") == "col" for th in table.select("thead th"))
    rows = {}
    for tr in table.select("tbody tr"):
        assert tr.th.get("scope") == "row"
        rows[tr.th.get_text(strip=True)] = {
            head: int(td.get_text(strip=True)) for head, td in zip(heads[1:], tr.find_all("td"), strict=True)
        }
    return rows


def bar_counts(svg: ET.Element) -> dict[str, dict[str, int]]:
    """{bar label: {grade: count}} from the segments of a stacked-bar chart."""
    result = {}
    for bar in svg.iter(f"{SVG}g"):
        if bar.get("class") != "bar":
            continue
        counts = {seg.get("data-grade"): int(seg.get("data-count")) for seg in svg_children(bar, "g")}
        result[bar.get("data-label")] = counts
        # the segment's tooltip says the same number
        for seg in svg_children(bar, "g"):
            assert re.search(rf"\b{seg.get('data-count')} council", seg.find(f"{SVG}title").text)
    return result


def nonzero(counts: dict[str, int]) -> dict[str, int]:
    return {k: v for k, v in counts.items() if v}


def test_grade_distribution_matches_derive(current):
    counts = derive.grade_counts(current)
    svg, soup = parse(bar_charts.grade_distribution_chart(counts))
    assert_accessible(svg)
    drawn = bar_counts(svg)
    assert list(drawn) == [JUDGEMENTS[k].label for k in JUDGEMENT_ORDER if k in counts]
    table = table_numbers(soup)
    for key, grades in counts.items():
        label = JUDGEMENTS[key].label
        assert drawn[label] == nonzero(grades), label
        assert table[label] == {**{charts.LABELS[k]: grades[k] for k in KEYS}, "Councils": len(current)}
    overall = counts["overall_effectiveness"]
    assert f"{overall['outstanding']} outstanding, {overall['good']} good" in svg.find(f"{SVG}desc").text


def test_segment_widths_are_proportional(current):
    svg, _ = parse(bar_charts.grade_distribution_chart(derive.grade_counts(current)))
    for bar in (b for b in svg.iter(f"{SVG}g") if b.get("class") == "bar"):
        total = int(bar.get("data-total"))
        widths = {seg.get("data-grade"): float(seg.find(f"{SVG}rect").get("width")) for seg in svg_children(bar, "g")}
        assert sum(widths.values()) == pytest.approx(charts.BAR_W, abs=0.05)
        for seg in svg_children(bar, "g"):
            expected = charts.BAR_W * int(seg.get("data-count")) / total
            assert widths[seg.get("data-grade")] == pytest.approx(expected, abs=0.01)


def test_overall_over_time_matches_its_counts(dataset):
    years = bar_charts.years_for(dataset)
    by_year = derive.overall_by_year(dataset, years)
    html = bar_charts.overall_over_time_chart(by_year, needs_data_href="needs-data/")
    svg, soup = parse(html)
    assert_accessible(svg)
    drawn = bar_counts(svg)
    assert list(drawn) == [str(y) for y in years]
    table = table_numbers(soup)
    for year in years:
        assert set(by_year[year]) == set(derive.OVERALL_KEYS)
        assert drawn[str(year)] == nonzero(by_year[year])
        assert table[str(year)] == {**{charts.LABELS[k]: by_year[year][k] for k in derive.OVERALL_KEYS},
                                    "Councils": sum(by_year[year].values())}
    # every bar stands for all of today's councils
    assert {sum(c.values()) for c in by_year.values()} == {sum(1 for c in dataset.councils.values() if c.is_current)}


def test_overall_over_time_final_year_equals_the_home_page_counts(dataset, current):
    """One rule for "overall grade now": the final year of the chart counts
    exactly what the home page's boxes count (derive.grade_counts of the
    current summaries, as render.home_context does), keeping apart councils
    last inspected under the 2026 framework (no overall grade) from those
    whose grade is not recorded."""
    years = bar_charts.years_for(dataset)
    assert years[-1] == max(i.published.year for i in dataset.inspections)
    final = derive.overall_by_year(dataset, years)[years[-1]]
    boxes = derive.grade_counts(current)["overall_effectiveness"]
    assert {g: final[g] for g in GRADES} == {g: boxes[g] for g in GRADES}
    assert final[derive.NO_OVERALL] + final[derive.PENDING] == boxes["none"]
    no_overall_2026 = sum(1 for s in current if s.latest and FRAMEWORKS[s.latest.framework].drops_overall)
    assert final[derive.NO_OVERALL] == no_overall_2026 > 0
    not_recorded = sum(1 for s in current if not s.overall and not (
        s.latest and FRAMEWORKS[s.latest.framework].drops_overall))
    assert final[derive.PENDING] == not_recorded
    # and the published chart says so, in its table
    _, soup = parse(bar_charts.overall_over_time_chart(derive.overall_by_year(dataset, years)))
    row = table_numbers(soup)[str(years[-1])]
    assert row["No overall grade (2026 framework)"] == no_overall_2026
    assert row["Grade not recorded"] == not_recorded
    assert [row[charts.LABELS[g]] for g in GRADES] == [boxes[g] for g in GRADES]


def test_overall_at_a_date_ignores_a_2026_inspection_published_later(dataset):
    """A council's grade at the end of a year comes from its latest graded
    inspection published by then; a later 2026 inspection removes the overall
    grade from that date on, and does not carry the old one forward."""
    years = bar_charts.years_for(dataset)
    by_year = derive.overall_by_year(dataset, years)
    first_2026 = min(i.published.year for i in dataset.inspections if i.framework == "ilacs-2026")
    assert all(by_year[y][derive.NO_OVERALL] == 0 for y in years if y < first_2026)
    assert by_year[first_2026][derive.NO_OVERALL] > 0


def test_overall_over_time_names_both_kinds_of_no_grade_and_links_needs_data(dataset):
    years = bar_charts.years_for(dataset)
    by_year = derive.overall_by_year(dataset, years)
    _, soup = parse(bar_charts.overall_over_time_chart(by_year, needs_data_href="needs-data/"))
    legend = [li.get_text(" ", strip=True) for li in soup.select("ul.chart-legend li")]
    assert "– No overall grade (2026 framework)" in legend and "NR Grade not recorded" in legend
    caption = soup.select_one("figcaption")
    assert "no full inspection of the council with an overall grade is on record by then" in caption.get_text()
    assert caption.find("a", string="Needs data")["href"] == "needs-data/"
    # the SIF's grades are recorded: by the end of 2017 fewer than one council in twenty lacks an overall grade
    sif_done = by_year[2017]
    assert sif_done[derive.PENDING] * 20 < sum(sif_done.values()), sif_done


def test_years_start_at_the_first_overall_grade_and_end_at_the_newest_record(dataset):
    years = bar_charts.years_for(dataset)
    first = min(i.published.year for i in dataset.inspections if i.overall and dataset.councils[i.council].is_current)
    assert years[0] == first and years[-1] == max(i.published.year for i in dataset.inspections)
    assert years == list(range(years[0], years[-1] + 1))


def test_region_chart_matches_an_independent_count(current):
    svg, soup = parse(bar_charts.region_chart(current))
    assert_accessible(svg)
    drawn = bar_counts(svg)
    table = table_numbers(soup)
    assert len(drawn) == len(REGIONS)
    for slug, name in REGIONS.items():
        expected = Counter(s.overall or "none" for s in current if s.council.region == slug)
        total = sum(expected.values())
        assert drawn[f"{name} ({total} councils)"] == dict(nonzero(dict(expected)))
        assert table[name] == {**{charts.LABELS[k]: expected.get(k, 0) for k in KEYS}, "Councils": total}
    assert sum(t["Councils"] for t in table.values()) == len(current) == 153



def on_todays_scale(inspections):
    """The timeline leaves out inspections graded on the scale before 2013 (not comparable)."""
    return [i for i in inspections if FRAMEWORKS[i.framework].grades == GRADES]

@pytest.mark.parametrize("slug", ["leicestershire", "birmingham", "leicester", "somerset"])
def test_timeline_shows_every_full_inspection_and_its_grades_in_words(summaries, slug):
    summary = summaries[slug]
    svg, soup = parse(timeline_chart.timeline_chart(summary))
    assert_accessible(svg)
    inspections = on_todays_scale(derive.full_inspections(list(summary.inspections))[::-1])  # newest first
    rows = [k for k in JUDGEMENT_ORDER if any(k in FRAMEWORKS[i.framework].judgements for i in inspections)]
    cells = [g for g in svg.iter(f"{SVG}g") if "cell" in (g.get("class") or "").split()]
    assert len(cells) == len(inspections) * len(rows)
    by_column = [cells[n * len(rows):(n + 1) * len(rows)] for n in range(len(inspections))]
    table = soup.select_one("details.chart-data table")
    table_rows = {tr.th.get_text(strip=True): [td.get_text(strip=True) for td in tr.find_all("td")]
                  for tr in table.select("tbody tr")}
    assert list(table_rows) == [JUDGEMENTS[k].label for k in rows]
    for n, inspection in enumerate(inspections):
        for key, cell in zip(rows, by_column[n], strict=True):
            grade = inspection.judgements.get(key)
            words = " ".join(t.text for t in cell.iter(f"{SVG}tspan"))
            if grade:
                assert cell.get("data-grade") == grade
                assert words == grade_label(grade)  # the grade in words, not just a colour
                assert table_rows[JUDGEMENTS[key].label][n] == grade_label(grade)
            elif key in FRAMEWORKS[inspection.framework].judgements:
                assert words == "Not recorded"
            else:
                assert words == "–" and table_rows[JUDGEMENTS[key].label][n] == "Not judged"


MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December"]


@pytest.mark.parametrize("slug", ["leicestershire", "birmingham", "northumberland"])
def test_timeline_is_dated_by_publication_newest_first(summaries, slug):
    """Columns are labelled by the month the report was published (as every
    other page dates inspections), not the month inspectors were on site."""
    summary = summaries[slug]
    svg, soup = parse(timeline_chart.timeline_chart(summary))
    inspections = on_todays_scale(derive.full_inspections(list(summary.inspections))[::-1])
    heads = [t.text for t in svg.iter(f"{SVG}text") if t.get("class") == "when"]
    assert heads == [f"{MONTHS[i.published.month - 1][:3]} {i.published.year}" for i in inspections]
    columns = [th.get_text(strip=True) for th in soup.select("details.chart-data thead th")][1:]
    assert [c.split(" (")[0] for c in columns] == [
        f"{i.published.day} {MONTHS[i.published.month - 1]} {i.published.year}" for i in inspections]
    assert [i.published for i in inspections] == sorted((i.published for i in inspections), reverse=True)
    assert "newest first" in svg.find(f"{SVG}desc").text


def _font_sizes(svg: ET.Element) -> list[float]:
    root = float(svg.get("font-size"))
    sizes = [float(t.get("font-size") or root) for t in svg.iter(f"{SVG}text")]
    return sizes or [root]


PHONE_COLUMN = 358  # px: Material's content column on a 390px-wide phone


def _all_charts(dataset, summaries, current):
    yield bar_charts.grade_distribution_chart(derive.grade_counts(current))
    yield bar_charts.region_chart(current)
    yield bar_charts.overall_over_time_chart(derive.overall_by_year(dataset, bar_charts.years_for(dataset)))
    for summary in summaries.values():
        yield timeline_chart.timeline_chart(summary)


def test_charts_fit_a_phone_with_legible_text(dataset, summaries, current):
    """Drawn at the width of a phone's column (358px), no chart needs to
    scroll (its minimum width fits) and no text is smaller than 11px."""
    seen = 0
    for html in _all_charts(dataset, summaries, current):
        if not html:
            continue
        svg, _ = parse(html)
        width = float(svg.get("viewBox").split()[2])
        min_width = float(re.search(r"min-width: (\d+)px", svg.get("style")).group(1))
        assert min_width <= PHONE_COLUMN, svg.find(f"{SVG}title").text
        scale = min(PHONE_COLUMN, width * charts.MAX_SCALE) / width
        assert min(_font_sizes(svg)) * scale >= 11, svg.find(f"{SVG}title").text
        assert min(_font_sizes(svg)) * min_width / width >= 11 - 0.05  # even at its narrowest
        seen += 1
    assert seen > 150


def test_timeline_wraps_many_inspections_into_bands(summaries):
    many = max(summaries.values(), key=lambda s: (len(derive.full_inspections(list(s.inspections))), s.council.slug))
    count = len(derive.full_inspections(list(many.inspections)))
    assert count > timeline_chart.TL_PER_BAND
    svg, _ = parse(timeline_chart.timeline_chart(many))
    xs = sorted({float(t.get("x")) for t in svg.iter(f"{SVG}text") if t.get("class") == "when"})
    assert len(xs) == timeline_chart.TL_PER_BAND  # no more columns side by side
    assert float(svg.get("viewBox").split()[2]) == timeline_chart.TL_LABEL_W + timeline_chart.TL_PER_BAND * timeline_chart.TL_COL_W


def test_text_is_escaped(summaries):
    """Council names come from the registry: markup in them stays text."""
    summary = summaries["leicester"]
    hostile = dataclasses.replace(summary.council, name='Evil <script>alert(1)</script> & "Co"')
    svg, soup = parse(timeline_chart.timeline_chart(dataclasses.replace(summary, council=hostile)))
    assert svg.find(f"{SVG}title").text.startswith('Evil <script>alert(1)</script> & "Co"')
    assert not soup.find("script")


def test_empty_input_gives_no_chart(summaries):
    assert bar_charts.grade_distribution_chart({}) == ""
    assert bar_charts.overall_over_time_chart({}) == ""
    assert bar_charts.region_chart([]) == ""
    former_without_records = dataclasses.replace(summaries["poole"], inspections=())
    assert timeline_chart.timeline_chart(former_without_records) == ""


def test_output_has_no_blank_lines(current):
    """A blank line would end the raw HTML block in the Markdown page."""
    html = bar_charts.grade_distribution_chart(derive.grade_counts(current))
    assert "\n\n" not in html and html.startswith("<figure")


# --- colours ------------------------------------------------------------------


def _luminance(hex_colour: str) -> float:
    r, g, b = (int(hex_colour[i:i + 2], 16) / 255 for i in (1, 3, 5))
    lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in (r, g, b)]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def contrast(a: str, b: str) -> float:
    hi, lo = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def palette(scheme_selector: str) -> dict[str, str]:
    css = (ROOT / "docs" / "assets" / "charts.css").read_text(encoding="utf-8")
    block = re.search(re.escape(scheme_selector) + r"\s*\{(.*?)\}", css, re.S).group(1)
    return dict(re.findall(r"--([\w-]+):\s*(#[0-9a-fA-F]{6})", block))


# Material's page backgrounds: white, and slate's hsla(232, 15%, 14%).
_SLATE = "#" + "".join(f"{round(c * 255):02x}" for c in colorsys.hls_to_rgb(232 / 360, 0.14, 0.15))


@pytest.mark.parametrize(("selector", "background"), [
    ('[data-md-color-scheme="default"]', "#ffffff"),
    ('[data-md-color-scheme="slate"]', _SLATE),
])
def test_grade_colours_have_contrast_in_both_palettes(selector, background):
    colours = palette(selector)
    for key in [*(g.replace("_", "-") for g in GRADES), "none"]:
        fill, ink = colours[f"grade-{key}"], colours[f"grade-{key}-ink"]
        assert contrast(fill, ink) >= 4.5, (selector, key, fill, ink)
        if key != "none":  # "no grade" recedes on purpose and has a dashed outline
            assert contrast(fill, background) >= 3, (selector, key, fill, background)


def _bar_charts(dataset, current):
    return {
        "grades": bar_charts.grade_distribution_chart(derive.grade_counts(current)),
        "regions": bar_charts.region_chart(current),
        "years": bar_charts.overall_over_time_chart(derive.overall_by_year(dataset, bar_charts.years_for(dataset))),
    }


@pytest.mark.parametrize("chart", ["grades", "regions", "years"])
def test_every_bar_has_its_own_label_line(dataset, current, chart):
    """Each bar's label is drawn at its own height, further down the chart than
    the last: on the line above its bar, or beside it."""
    svg, _ = parse(_bar_charts(dataset, current)[chart])
    bars = [g for g in svg.iter(f"{SVG}g") if g.get("class") == "bar"]
    assert len(bars) > 2
    label_ys = [float(bar.find(f"{SVG}text").get("y")) for bar in bars]
    bar_tops = [float(bar.find(f"{SVG}g/{SVG}rect").get("y")) for bar in bars]
    assert all(a < b for a, b in zip(label_ys, label_ys[1:], strict=False)), label_ys
    for n, (label_y, top) in enumerate(zip(label_ys, bar_tops, strict=True)):
        above = bar_tops[n - 1] + charts.BAR_H if n else 0.0  # the bottom of the bar before
        assert above + charts.FONT <= label_y <= top + charts.BAR_H, (chart, n, label_y, top)
