"""The site built from the real records (strict, once per test process):
the ratings index, council pages, history, regions and needs-data agree with
the records and with `derive`, and every internal link resolves."""

from __future__ import annotations

import gzip
from urllib.parse import urldefrag, urljoin, urlsplit

import pytest
from browser import real_site
from inspections import derive
from inspections.derive import JOINT, JOINT_PARTS
from inspections.model import grade_label
from inspections.schema import JUDGEMENTS, REGIONS
from sitebuild import ROOT, BuiltSite, text

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> BuiltSite:
    # Shared with the other real-site tests: a strict build that failed (any
    # warning) makes real_site fail, so reaching here means zero warnings.
    return BuiltSite(real_site(tmp_path_factory))


def expected_cell(grades: dict[str, str], key: str, latest) -> str:
    if key in grades:
        return grade_label(grades[key])
    if key in JOINT_PARTS and JOINT in grades:
        return f"{grade_label(grades[JOINT])} (joint)"
    if latest is None or key == "overall_effectiveness":
        return "No overall grade" if key == "overall_effectiveness" else "Not judged"
    return "Not judged"


def test_ratings_has_153_rows_matching_the_latest_graded_record(site, summaries):
    table = site.page("ratings/").find("table", id="ratings-table")
    headings = [th for th in table.thead.find_all("th")]
    columns = {th["data-judgement"]: i for i, th in enumerate(headings) if th.get("data-judgement")}
    assert "overall_effectiveness" in columns
    rows = table.tbody.find_all("tr")
    assert len(rows) == 153
    current = derive.current_summaries(summaries)
    assert [text(r.th) for r in rows] == [s.council.name for s in current]
    for row, summary in zip(rows, current, strict=True):
        cells = row.find_all(["th", "td"])
        for key, index in columns.items():
            assert text(cells[index]) == expected_cell(summary.grades, key, summary.latest), (summary.council.slug, key)
        assert text(row.find("td", class_="movement")).endswith(derive.MOVEMENT_LABELS[summary.movement])
        if summary.latest:
            assert row.find("time")["datetime"] == summary.latest.published.isoformat()
        assert row["data-region"] == summary.council.region


def test_ratings_page_is_small(site):
    size = len(gzip.compress(site.path("ratings/").read_bytes()))
    assert size <= 60 * 1024, f"ratings page is {size} bytes gzipped"


def test_every_record_is_on_its_council_page(site, dataset, summaries):
    for slug, summary in summaries.items():
        soup = site.page(f"councils/{slug}/")
        ids = [h["id"] for h in soup.find_all("h3", id=True) if h["id"].startswith(f"{slug}-")]
        expected = [i.anchor for i in sorted(summary.inspections, key=lambda i: i.sort_key, reverse=True)]
        assert ids == expected, slug
    assert sum(len(s.inspections) for s in summaries.values()) == len(dataset.inspections)


def test_history_holds_every_record_newest_first_with_its_change_sentence(site, dataset, summaries):
    years = sorted({i.published.year for i in dataset.inspections}, reverse=True)
    index = site.page("history/")
    assert [text(a) for a in index.find("ul", class_="history-years").find_all("a")] == [str(y) for y in years]
    items = [li for year in years for li in site.page(f"history/{year}/").find_all("li", id=True)]
    newest_first = sorted(dataset.inspections, key=lambda i: i.sort_key, reverse=True)
    assert [li["id"] for li in items] == [i.anchor for i in newest_first]
    for li, inspection in zip(items, newest_first, strict=True):
        records = list(summaries[inspection.council].inspections)
        name = summaries[inspection.council].council.name
        sentence = derive.change_sentence(records, inspection)
        assert text(li).partition(": ")[2].startswith(f"{name}: {sentence}"), inspection.id
        assert li.find("time")["datetime"] == inspection.published.isoformat()
        council_link = li.find("a")["href"]
        assert council_link == f"../../councils/{inspection.council}/#{inspection.anchor}"
        assert li["data-region"] == summaries[inspection.council].council.region
        assert li["data-kind"] == inspection.kind


def test_ratings_names_every_inadequate_council_since_its_first_inadequate_in_a_row(site, dataset):
    """Walked here from the records, not through derive: the current overall grade is that of
    the newest full inspection with grades; the run goes back over full inspections that gave it."""
    expected = {}
    for slug, council in dataset.councils.items():
        if not council.is_current:
            continue
        fulls = sorted((i for i in dataset.inspections if i.council == slug and i.kind == "full-inspection"),
                       key=lambda i: (i.published, i.inspection_start or i.published, i.path))
        graded = [i for i in fulls if i.judgements]
        if not graded or graded[-1].judgements.get("overall_effectiveness") != "inadequate":
            continue
        run = [i for i in fulls if i.sort_key <= graded[-1].sort_key]
        first = len(run)
        while first > 0 and run[first - 1].judgements.get("overall_effectiveness") == "inadequate":
            first -= 1
        expected[council.name] = (run[first].published.strftime("%B %Y"), len(run) - first)
    assert expected, "the real records hold inadequate councils"
    soup = site.page("ratings/")
    table = soup.find("table", id="ratings-table")
    since_col = [text(th) for th in table.thead.find_all("th")].index("Overall grade held since")
    shown = {text(tr.th): text(tr.find_all(["th", "td"])[since_col]) for tr in table.tbody.find_all("tr")}
    for name, (month, _) in expected.items():
        assert shown[name] == f"Inadequate since {month}", name
    section = soup.find("h3", id="inadequate").find_next_sibling("ul")
    listed = {text(li.a): text(li).partition(": ")[2] for li in section.find_all("li")}
    assert set(listed) == set(expected)
    for name, (month, count) in expected.items():
        runs = f"{count} inspections in a row" if count > 1 else "1 inspection"
        assert listed[name] == f"inadequate since {month} ({runs})", name
    link = soup.find("a", attrs={"data-grade-filter": "inadequate"})
    assert text(link) == f"Inadequate ({len(expected)})"


def test_home_counts_match_derive(site, summaries):
    counts = derive.grade_counts(derive.current_summaries(summaries))
    table = site.page("").find("table", class_="counts")
    shown = {text(tr.th): [int(text(td)) for td in tr.find_all("td")] for tr in table.tbody.find_all("tr")}
    for key, row in counts.items():
        assert shown[JUDGEMENTS[key].label] == [row[g] for g in ("outstanding", "good", "requires_improvement",
                                                                  "inadequate", "none")]


def test_region_pages_partition_the_current_councils(site, summaries):
    seen = []
    for region in REGIONS:
        table = site.page(f"regions/{region}/").find("table", id="region-table")
        names = [text(tr.th) for tr in table.tbody.find_all("tr")]
        assert names == [s.council.name for s in derive.current_summaries(summaries, region)]
        seen += names
    assert len(seen) == 153


def test_needs_data_lists_every_incomplete_record(site, dataset):
    rows = site.page("needs-data/").find("table", class_="needs-data").tbody.find_all("tr")
    assert [tr["id"] for tr in rows] == [i.anchor for i in derive.needs_data(dataset)]
    for tr, inspection in zip(rows, derive.needs_data(dataset), strict=True):
        edit = tr.find("a", href=lambda h: "/edit/main/" in h)
        assert edit["href"].endswith(f"/edit/main/{inspection.path}")


def _front_matter() -> list[dict]:
    """Every real record's front matter, read straight from the files."""
    import yaml

    return [yaml.safe_load(path.read_text(encoding="utf-8").split("---\n")[1])
            for path in sorted((ROOT / "records").glob("*/*.md"))]


def test_home_dates_the_data_by_its_newest_publication_and_check(site):
    records = _front_matter()
    newest = max(r["published"] for r in records)
    checked = max(r["checked_on"] for r in records if r.get("checked_on"))
    words = text(site.page("").find("article"))
    assert "Data last changed" not in words
    assert f"Inspections published up to {newest.day} {newest:%B %Y}." in words
    assert f"Records last checked against Ofsted on {checked.day} {checked:%B %Y}." in words


def test_coverage_table_matches_the_record_files(site):
    from collections import Counter

    records = _front_matter()
    by_year_kind = Counter((r["published"].year, r["kind"]) for r in records)
    kinds = ["full-inspection", "focused-visit", "monitoring-visit", "jtai"]
    table = site.page("coverage/").find("table", class_="coverage")
    for tr in table.tbody.find_all("tr"):
        year = int(text(tr.th))
        counts = [by_year_kind[(year, k)] for k in kinds]
        assert [int(text(td)) for td in tr.find_all("td")] == [*counts, sum(counts)], year
    assert int(text(table.tfoot.find_all("td")[-1])) == len(records)


def test_coverage_page_names_former_councils_without_records(site):
    import yaml

    registry = yaml.safe_load((ROOT / "records" / "councils.yml").read_text(encoding="utf-8"))["councils"]
    with_records = {r["council"] for r in _front_matter()}
    empty = sorted(c["name"] for c in registry if c["status"] == "former" and c["slug"] not in with_records)
    assert empty  # Cumbria, Northamptonshire and Poole, until someone adds their reports
    listed = site.page("coverage/").find("ul", class_="no-records")
    assert sorted(text(li) for li in listed.find_all("li")) == empty


def test_every_internal_link_resolves(site):
    """Strict mode checks Markdown links; this also covers links written as HTML."""
    root = site.site_dir
    broken = []
    pages = ["", "ratings/", "history/", "needs-data/", "councils/leicestershire/", "councils/northamptonshire/",
             "regions/london/"]
    for url in pages:
        soup = site.page(url)
        base = "http://site/" + url
        for a in soup.find_all("a", href=True):
            target = urljoin(base, a["href"])
            if not target.startswith("http://site/"):
                continue
            path, fragment = urldefrag(urlsplit(target).path)[0], urlsplit(target).fragment
            file = root / path.lstrip("/")
            if path.endswith("/") or file.is_dir():
                file = file / "index.html"
            if not file.is_file():
                broken.append((url, a["href"]))
                continue
            if fragment and file.suffix == ".html":
                if BuiltSite(root).page(str(file.relative_to(root))).find(id=fragment) is None:
                    broken.append((url, a["href"]))
    assert broken == []


def _record_section(page, anchor: str):
    """The elements between a record's heading and the next heading."""
    heading = page.find(id=anchor)
    parts = []
    for sibling in heading.find_next_siblings():
        if sibling.name in ("h2", "h3"):
            break
        parts.append(sibling)
    return parts


def test_council_pages_say_which_records_were_checked_against_the_report(site, dataset):
    scilly = next(i for i in dataset.inspections if i.id == "isles-of-scilly/2016-06-27-full-inspection")
    section = _record_section(site.page("councils/isles-of-scilly/"), scilly.anchor)
    words = " ".join(text(part) for part in section)
    assert f"Checked against the report on {scilly.checked_on.day} December 2026" in words
    assert scilly.report_sha256[:12] in words
    # The SIF's safeguarding board review is the board's grade, stated apart from the council's grades.
    assert ("review of the Local Safeguarding Children Board judged the board requires improvement. "
            "That is the board's grade") in words
    grades = [table for table in section if table.name == "div" and table.find("table", class_="grades")]
    assert grades and "Safeguarding" not in text(grades[0])
    assert "Not judged" in text(grades[0])
    unchecked = site.page("councils/birmingham/")
    old = next(i for i in dataset.inspections if i.id == "birmingham/2012-10-19-full-inspection")
    assert "Not yet checked against the report" in " ".join(text(p) for p in _record_section(unchecked, old.anchor))


def test_grades_before_2013_are_shown_on_their_own_scale_and_left_out_of_the_chart(site):
    page = site.page("councils/kent/")
    section = " ".join(text(p) for p in _record_section(page, "kent-2013-08-23-full-inspection"))
    assert "Adequate" in section and "Requires improvement" not in section
    assert "it is not the same as today's \"requires improvement\"" in section
    chart = page.find(id="grades-at-each-inspection").find_next("figure")
    chart_heads = [text(t) for t in chart.select("svg text")]
    assert any("SIF" == t for t in chart_heads)  # the chart is there, with its SIF columns
    assert not any("2013" in t or "Before SIF" in t for t in chart_heads)
    assert "The chart leaves out the full inspection published on 23 August 2013" in text(page.find("article"))


def test_a_printed_date_that_differs_from_the_listing_is_shown(site, dataset):
    record = next(i for i in dataset.inspections if i.published_in_report)
    section = " ".join(text(p) for p in _record_section(site.page(f"councils/{record.council}/"), record.anchor))
    printed = record.published_in_report
    assert f"the report itself is dated {printed.day} {printed:%B %Y}" in section
