"""The site built from the real records (strict, once per test process):
the ratings index, council pages, history, regions and needs-data agree with
the records and with `derive`, and every internal link resolves."""

from __future__ import annotations

import datetime as dt
import gzip
from urllib.parse import urldefrag, urljoin, urlsplit

import pytest
from browser import real_site
from inspections import derive
from inspections.dataset import load_dataset
from inspections.model import grade_label
from inspections.render import JOINT, JOINT_PARTS
from inspections.schema import JUDGEMENTS, REGIONS
from sitebuild import ROOT, BuiltSite, text

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> BuiltSite:
    # Shared with the other real-site tests: a strict build that failed (any
    # warning) makes real_site fail, so reaching here means zero warnings.
    return BuiltSite(real_site(tmp_path_factory))


@pytest.fixture(scope="module")
def dataset():
    return load_dataset(ROOT / "records")


@pytest.fixture(scope="module")
def summaries(dataset):
    return derive.summarise(dataset)


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
    items = site.page("history/").find_all("li", id=True)
    newest_first = sorted(dataset.inspections, key=lambda i: i.sort_key, reverse=True)
    assert [li["id"] for li in items] == [i.anchor for i in newest_first]
    for li, inspection in zip(items, newest_first, strict=True):
        records = list(summaries[inspection.council].inspections)
        name = summaries[inspection.council].council.name
        sentence = derive.change_sentence(records, inspection)
        assert text(li).partition(": ")[2].startswith(f"{name}: {sentence}"), inspection.id
        assert li.find("time")["datetime"] == inspection.published.isoformat()
        council_link = li.find("a")["href"]
        assert council_link == f"../councils/{inspection.council}/#{inspection.anchor}"


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


def test_as_of_date_is_the_last_change_of_the_records(site, dataset):
    shown = dt.date.fromisoformat(site.page("").find(class_="as-of").find("time")["datetime"])
    assert shown >= max(i.published for i in dataset.inspections)


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
