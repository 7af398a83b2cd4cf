"""Which councils hold which overall grade now, and since when (the ratings
page and council pages), and the history by year, region and kind: checked
on the parsed HTML of a site built from the site fixtures plus a council that
has been inadequate twice in a row, against a computation from the record
files written here, independent of the site's code."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from collections import Counter

import pytest
import yaml
from sitebuild import ROOT, build_site, text

FIXTURE_RECORDS = ROOT / "tests" / "fixtures" / "site" / "records"
GRADE_WORDS = {"outstanding": "Outstanding", "good": "Good", "requires_improvement": "Requires improvement",
               "inadequate": "Inadequate"}
SECTION_IDS = {"outstanding": "outstanding", "good": "good", "requires_improvement": "requires-improvement",
               "inadequate": "inadequate"}
REGION_CODES = {"east-midlands": "E12000004", "london": "E12000007"}

#: Gamma (grades of 2018 pending) judged inadequate in 2021 and again in 2024, with a visit between.
EXTRA = {
    "gamma-borough/2021-03-15-full-inspection.md": """---
council: gamma-borough
kind: full-inspection
framework: ilacs-2018
inspection_type: standard
inspection_start: 2021-01-25
inspection_end: 2021-02-05
published: 2021-03-15
judgements:
  overall_effectiveness: inadequate
  impact_of_leaders: inadequate
  help_and_protection: inadequate
  children_in_care_and_care_leavers: requires_improvement
report_url: https://files.ofsted.gov.uk/v1/file/90000101
---
""",
    "gamma-borough/2021-09-01-monitoring-visit.md": """---
council: gamma-borough
kind: monitoring-visit
framework: ilacs-2018
inspection_start: 2021-07-06
inspection_end: 2021-07-07
published: 2021-09-01
report_url: https://files.ofsted.gov.uk/v1/file/90000102
---
""",
    "gamma-borough/2024-03-20-full-inspection.md": """---
council: gamma-borough
kind: full-inspection
framework: ilacs-2023
inspection_type: standard
inspection_start: 2024-01-22
inspection_end: 2024-02-02
published: 2024-03-20
judgements:
  overall_effectiveness: inadequate
  impact_of_leaders: inadequate
  help_and_protection: inadequate
  children_in_care: requires_improvement
  care_leavers: inadequate
report_url: https://files.ofsted.gov.uk/v1/file/90000103
---
""",
}


@pytest.fixture(scope="module")
def records(tmp_path_factory):
    folder = tmp_path_factory.mktemp("records") / "records"
    shutil.copytree(FIXTURE_RECORDS, folder)
    for name, content in EXTRA.items():
        (folder / name).write_text(content, encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def site(records, tmp_path_factory):
    built = build_site(records, tmp_path_factory.mktemp("site"), as_of="2026-11-01")
    assert built.ok, built.log
    return built


# --- an independent reading of the record files ------------------------------------------------


def read_records(folder):
    """Every record's front matter, with its anchor, by the files' own fields."""
    out = []
    for path in sorted(folder.glob("*/*.md")):
        data = yaml.safe_load(path.read_text(encoding="utf-8").split("---")[1])
        data["anchor"] = f"{path.parent.name}-{path.stem}"
        out.append(data)
    return out


def current_councils(folder) -> dict[str, dict]:
    registry = yaml.safe_load((folder / "councils.yml").read_text(encoding="utf-8"))["councils"]
    return {c["slug"]: c for c in registry if c["status"] == "current"}


def held_since(records: list[dict], slug: str):
    """(grade, first date, count) of the council's current overall grade, walking its
    full inspections newest first from the newest one with grades."""
    fulls = sorted((r for r in records if r["council"] == slug and r["kind"] == "full-inspection"),
                   key=lambda r: r["published"])
    graded = [r for r in fulls if r.get("judgements")]
    if not graded or "overall_effectiveness" not in graded[-1]["judgements"]:
        return None
    grade = graded[-1]["judgements"]["overall_effectiveness"]
    run = [r for r in fulls if r["published"] <= graded[-1]["published"]]
    count = 0
    for record in reversed(run):
        if (record.get("judgements") or {}).get("overall_effectiveness") != grade:
            break
        count += 1
    return grade, run[-count]["published"], count


def month_year(day: dt.date) -> str:
    return day.strftime("%B %Y")


def table(soup, table_id="ratings-table") -> dict[str, dict[str, str]]:
    node = soup.find("table", id=table_id)
    headings = [text(th) for th in node.thead.find_all("th")]
    return {text(tr.th): dict(zip(headings, [text(c) for c in tr.find_all(["th", "td"])], strict=True))
            for tr in node.tbody.find_all("tr")}


# --- the ratings page -------------------------------------------------------------------------


def test_every_council_shows_since_when_it_has_held_its_overall_grade(site, records):
    rows = table(site.page("ratings/"))
    all_records = read_records(records)
    for slug, council in current_councils(records).items():
        held = held_since(all_records, slug)
        cell = rows[council["name"]]["Overall grade held since"]
        if held is None:
            assert cell in ("No overall grade since June 2026", "Not recorded"), (slug, cell)
        else:
            assert cell == f"{GRADE_WORDS[held[0]]} since {month_year(held[1])}", slug
    assert rows["Gamma"]["Overall grade held since"] == "Inadequate since March 2021"
    assert rows["Beta City"]["Overall grade held since"] == "No overall grade since June 2026"


def test_since_column_sorts_by_date(site):
    node = site.page("ratings/").find("table", id="ratings-table")
    heading = node.thead.find("th", string=re.compile("held since"))
    assert heading["data-sort-type"] == "text"
    index = node.thead.find_all("th").index(heading)
    gamma = node.tbody.find("a", string="Gamma").find_parent("tr")
    assert gamma.find_all(["th", "td"])[index]["data-sort"] == "2021-03-15"


def test_la_number_and_ons_region_code_columns(site, records):
    rows = table(site.page("ratings/"))
    for council in current_councils(records).values():
        row = rows[council["name"]]
        assert row["LA number"] == str(council["la_number"])
        assert row["ONS region code"] == REGION_CODES[council["region"]]


def test_every_inadequate_council_is_named_in_its_section_with_its_since_date(site, records):
    soup = site.page("ratings/")
    all_records = read_records(records)
    councils = current_councils(records)
    for grade, section_id in SECTION_IDS.items():
        heading = soup.find(id=section_id)
        assert heading is not None and heading.name == "h3", section_id
        listed = heading.find_next_sibling("ul")
        expected = sorted(c["name"] for slug, c in councils.items()
                          if (held_since(all_records, slug) or [None])[0] == grade)
        items = listed.find_all("li") if listed and listed.find_previous_sibling("h3") is heading else []
        assert sorted(text(li.a) for li in items) == expected, grade
        for li in items:
            slug = li.a["href"].split("/")[-2]
            g, since, count = held_since(all_records, slug)
            runs = f"{count} inspections in a row" if count > 1 else "1 inspection"
            assert text(li) == f"{councils[slug]['name']}: {GRADE_WORDS[g].lower()} since {month_year(since)} ({runs})"
    gamma = soup.find(id="inadequate").find_next_sibling("ul").li
    assert text(gamma) == "Gamma: inadequate since March 2021 (2 inspections in a row)"


def test_grade_filter_links_count_the_tables_rows_and_jump_to_the_sections(site):
    soup = site.page("ratings/")
    node = soup.find("table", id="ratings-table")
    index = node.thead.find_all("th").index(node.thead.find("th", attrs={"data-judgement": "overall_effectiveness"}))
    overall = Counter(tr.find_all(["th", "td"])[index]["data-grade"] for tr in node.tbody.find_all("tr"))
    links = [a for a in soup.find("nav", class_="grade-filter").find_all("a", attrs={"data-grade-filter": True})
             if a["data-grade-filter"]]  # the last, "All councils", clears the filter
    assert [a["data-grade-filter"] for a in links] == list(GRADE_WORDS)
    for a in links:
        grade = a["data-grade-filter"]
        assert text(a) == f"{GRADE_WORDS[grade]} ({overall.get(grade, 0)})"
        assert a["href"] == f"#{SECTION_IDS[grade]}"
        assert soup.find(id=SECTION_IDS[grade]) is not None
        assert text(soup.find(id=SECTION_IDS[grade])) == f"{GRADE_WORDS[grade]} ({overall.get(grade, 0)})"


def test_council_page_says_since_when_near_its_grades(site):
    soup = site.page("councils/gamma-borough/")
    held = soup.find("p", class_="held-since")
    assert text(held).startswith("Overall grade held: Inadequate since March 2021 (2 inspections in a row).")
    assert held.find_previous("h2").get_text().startswith("Current grades")
    beta = text(site.page("councils/beta-city/").find("p", class_="held-since"))
    assert beta.startswith("Overall grade held: No overall grade since June 2026 (1 inspection)")


# --- history by year ------------------------------------------------------------------------


def test_each_year_page_lists_exactly_that_years_records(site, records):
    all_records = read_records(records)
    by_year: dict[int, list[str]] = {}
    for record in sorted(all_records, key=lambda r: (r["published"], r["anchor"]), reverse=True):
        by_year.setdefault(record["published"].year, []).append(record["anchor"])
    index = site.page("history/")
    year_links = {text(a): a["href"] for a in index.find("ul", class_="history-years").find_all("a")}
    assert list(year_links) == [str(y) for y in sorted(by_year, reverse=True)]
    for year, anchors in by_year.items():
        assert year_links[str(year)] == f"{year}/"
        count = text(index.find("a", string=str(year)).parent)
        assert count == f"{year}: {len(anchors)} record{'s' if len(anchors) != 1 else ''}"
        page = site.page(f"history/{year}/")
        assert [li["id"] for li in page.find_all("li", id=True)] == anchors, year


def test_year_pages_show_region_and_kind_of_each_record(site, records):
    councils = yaml.safe_load((records / "councils.yml").read_text(encoding="utf-8"))["councils"]
    region = {c["slug"]: c["region"] for c in councils}
    page = site.page("history/2021/")
    item = page.find("li", id="gamma-borough-2021-09-01-monitoring-visit")
    assert item["data-region"] == region["gamma-borough"] == "london"
    assert item["data-kind"] == "monitoring-visit"
    assert "London" in text(item.find(class_="entry-tags")) and "Monitoring visit" in text(item)


def test_history_index_shows_the_latest_year_in_full(site):
    index = site.page("history/")
    assert index.find("li", id="beta-city-2026-06-17-full-inspection") is not None
    assert index.find("li", id="alpha-shire-2015-06-10-full-inspection") is None


def test_council_pages_link_records_on_their_year_page(site, records):
    for record in read_records(records):
        page = site.page(f"councils/{record['council']}/")
        link = page.find(id=record["anchor"]).find_next("a", string="in the history")
        year = record["published"].year
        assert link["href"] == f"../../history/{year}/#{record['anchor']}"
        assert site.page(f"history/{year}/").find(id=record["anchor"]) is not None


def test_year_pages_stay_out_of_the_sidebar(site):
    nav = site.page("ratings/").find("nav", class_="md-nav--primary")
    hrefs = [a["href"] for a in nav.find_all("a", href=True)]
    assert not [h for h in hrefs if re.search(r"history/\d{4}/", h)]
    assert site.warnings == []
