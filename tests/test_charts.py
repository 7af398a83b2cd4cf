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
from inspections import charts, derive
from inspections.dataset import load_dataset
from inspections.model import grade_label
from inspections.schema import FRAMEWORKS, GRADES, JUDGEMENT_ORDER, JUDGEMENTS, REGIONS
from sitebuild import ROOT

SVG = "{http://www.w3.org/2000/svg}"
KEYS = (*GRADES, "none")


@pytest.fixture(scope="module")
def dataset():
    return load_dataset(ROOT / "records")


@pytest.fixture(scope="module")
def summaries(dataset):
    return derive.summarise(dataset)


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
    svg, soup = parse(charts.grade_distribution_chart(counts))
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
    svg, _ = parse(charts.grade_distribution_chart(derive.grade_counts(current)))
    for bar in (b for b in svg.iter(f"{SVG}g") if b.get("class") == "bar"):
        total = int(bar.get("data-total"))
        widths = {seg.get("data-grade"): float(seg.find(f"{SVG}rect").get("width")) for seg in svg_children(bar, "g")}
        assert sum(widths.values()) == pytest.approx(charts.BAR_W, abs=0.05)
        for seg in svg_children(bar, "g"):
            expected = charts.BAR_W * int(seg.get("data-count")) / total
            assert widths[seg.get("data-grade")] == pytest.approx(expected, abs=0.01)


def test_overall_over_time_matches_derive(dataset):
    years = charts.years_for(dataset)
    by_year = derive.overall_over_time(dataset, years)
    svg, soup = parse(charts.overall_over_time_chart(by_year))
    assert_accessible(svg)
    columns = [g for g in svg.iter(f"{SVG}g") if g.get("class") == "column"]
    assert [int(c.get("data-year")) for c in columns] == years
    table = table_numbers(soup)
    for column in columns:
        year = int(column.get("data-year"))
        drawn = {seg.get("data-grade"): int(seg.get("data-count")) for seg in svg_children(column, "g")}
        assert drawn == nonzero(by_year[year])
        assert table[str(year)] == {**{charts.LABELS[k]: by_year[year][k] for k in KEYS},
                                    "Councils": sum(by_year[year].values())}
    # every column stands for all current councils, so all are the same height
    heights = {round(sum(float(s.find(f"{SVG}rect").get("height")) for s in svg_children(c, "g")), 1) for c in columns}
    assert len(heights) == 1


def test_years_start_at_the_first_overall_grade_and_end_at_the_newest_record(dataset):
    years = charts.years_for(dataset)
    first = min(i.published.year for i in dataset.inspections if i.overall and dataset.councils[i.council].is_current)
    assert years[0] == first and years[-1] == max(i.published.year for i in dataset.inspections)
    assert years == list(range(years[0], years[-1] + 1))


def test_region_chart_matches_an_independent_count(current):
    svg, soup = parse(charts.region_chart(current))
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


@pytest.mark.parametrize("slug", ["leicestershire", "birmingham", "leicester", "somerset"])
def test_timeline_shows_every_full_inspection_and_its_grades_in_words(summaries, slug):
    summary = summaries[slug]
    svg, soup = parse(charts.timeline_chart(summary))
    assert_accessible(svg)
    inspections = derive.full_inspections(list(summary.inspections))
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


def test_text_is_escaped(summaries):
    """Council names come from the registry: markup in them stays text."""
    summary = summaries["leicester"]
    hostile = dataclasses.replace(summary.council, name='Evil <script>alert(1)</script> & "Co"')
    svg, soup = parse(charts.timeline_chart(dataclasses.replace(summary, council=hostile)))
    assert svg.find(f"{SVG}title").text.startswith('Evil <script>alert(1)</script> & "Co"')
    assert not soup.find("script")


def test_empty_input_gives_no_chart(summaries):
    assert charts.grade_distribution_chart({}) == ""
    assert charts.overall_over_time_chart({}) == ""
    assert charts.region_chart([]) == ""
    former_without_records = dataclasses.replace(summaries["poole"], inspections=())
    assert charts.timeline_chart(former_without_records) == ""


def test_output_has_no_blank_lines(current):
    """A blank line would end the raw HTML block in the Markdown page."""
    html = charts.grade_distribution_chart(derive.grade_counts(current))
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
