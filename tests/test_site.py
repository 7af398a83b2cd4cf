"""The generated site, built with `mkdocs build --strict` from small fixture
records (tests/fixtures/site/records), checked on the parsed HTML.

The fixtures: Alphashire (SIF, monitoring visit, ILACS 2018, focused visit,
ILACS 2023: inadequate -> requires improvement -> outstanding), Beta City
(ILACS 2023 good, a JTAI without dates, ILACS 2026 with no overall grade),
Gamma (one inspection with grades pending), North Delta (ILACS 2018, first)
and Old County (former, replaced by North Delta).
"""

from __future__ import annotations

import importlib.util
import re
import shutil
import subprocess

import pytest
from sitebuild import ROOT, build_site, text

FIXTURE_RECORDS = ROOT / "tests" / "fixtures" / "site" / "records"
AS_OF = "2026-11-01"
REPO = "https://github.com/ofsted-childrens-services/inspections"

CURRENT = ["alpha-shire", "beta-city", "delta-north", "gamma-borough"]
ALL_COUNCILS = CURRENT + ["old-county"]

# Every record's anchor, newest first (published date, then path).
RECORDS_NEWEST_FIRST = [
    "beta-city-2026-06-17-full-inspection",
    "beta-city-2025-02-10-jtai",
    "alpha-shire-2024-07-12-full-inspection",
    "beta-city-2023-11-01-full-inspection",
    "delta-north-2022-09-15-full-inspection",
    "alpha-shire-2022-03-02-focused-visit",
    "alpha-shire-2019-05-20-full-inspection",
    "old-county-2019-02-01-full-inspection",
    "gamma-borough-2018-09-01-full-inspection",
    "alpha-shire-2016-03-01-monitoring-visit",
    "alpha-shire-2015-06-10-full-inspection",
]


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    built = build_site(FIXTURE_RECORDS, tmp_path_factory.mktemp("fixture-site"), as_of=AS_OF)
    assert built.ok, built.log
    return built


def table_rows(soup, table_id: str) -> dict[str, dict[str, str]]:
    """{council name: {column heading: cell text}} of a council table."""
    table = soup.find("table", id=table_id)
    headings = [text(th) for th in table.thead.find_all("th")]
    rows = {}
    for tr in table.tbody.find_all("tr"):
        cells = [text(c) for c in tr.find_all(["th", "td"])]
        rows[cells[0]] = dict(zip(headings, cells, strict=True))
    return rows


# --- the build --------------------------------------------------------------------------


def test_strict_build_has_no_warnings(site):
    assert site.warnings == []


def test_a_page_per_council_including_former(site):
    for slug in ALL_COUNCILS:
        assert site.exists(f"councils/{slug}/"), slug
    assert text(site.page("councils/old-county/").h1) == "Old County (former council)"
    assert text(site.page("councils/alpha-shire/").h1) == "Alphashire"


def test_council_pages_are_not_in_the_sidebar_nav(site):
    nav = site.page("ratings/").find("nav", class_="md-nav--primary")
    hrefs = [a["href"] for a in nav.find_all("a", href=True)]
    # Only the A to Z page is listed; the council pages themselves are not.
    assert [h for h in hrefs if "councils/" in h] == ["../councils/"]
    assert any("history/" in h for h in hrefs)


def test_region_pages_exist_for_all_nine_regions(site):
    from inspections.schema import REGIONS

    for slug, name in REGIONS.items():
        assert text(site.page(f"regions/{slug}/").h1) == name


# --- ratings index ------------------------------------------------------------------------


def test_ratings_has_one_row_per_current_council_in_name_order(site):
    rows = table_rows(site.page("ratings/"), "ratings-table")
    assert list(rows) == ["Alphashire", "Beta City", "Gamma", "North Delta"]


def test_ratings_grades_movement_and_age_in_words(site):
    rows = table_rows(site.page("ratings/"), "ratings-table")
    alpha = rows["Alphashire"]
    assert alpha["Overall effectiveness"] == "Outstanding"
    assert alpha["Help and protection"] == "Good"
    assert alpha["Children in care"] == "Outstanding"
    assert alpha["Overall movement"] == "↑ Improved"
    assert alpha["Latest graded inspection"] == "12 Jul 2024"
    assert alpha["Framework and type"] == "ILACS (2023), standard"
    assert alpha["Time since"] == "2 years 3 months"  # 12 July 2024 to 1 November 2026
    assert alpha["Region"] == "East Midlands"

    beta = rows["Beta City"]  # ILACS 2026: no overall grade
    assert beta["Overall effectiveness"] == "No overall grade"
    assert beta["Help and protection"] == "Requires improvement"
    assert beta["Overall movement"] == "No overall grade"

    delta = rows["North Delta"]  # ILACS 2018: one judgement for children in care and care leavers
    assert delta["Children in care"] == "Requires improvement (joint)"
    assert delta["Care leavers"] == "Requires improvement (joint)"
    assert delta["Overall movement"] == "First overall grade on record"

    gamma = rows["Gamma"]  # grades pending: nothing graded yet
    assert gamma["Latest graded inspection"] == "None on record"
    assert gamma["Overall effectiveness"] == "No overall grade"
    assert gamma["Impact of leaders"] == "Not judged"


def test_ratings_cells_carry_sort_and_filter_data(site):
    table = site.page("ratings/").find("table", id="ratings-table")
    assert "data-sortable" in table.attrs
    row = table.tbody.find("tr", attrs={"data-region": "london"})
    assert text(row.th) == "Gamma"
    alpha = table.tbody.find("a", string="Alphashire").find_parent("tr")
    overall = alpha.find("td", attrs={"data-grade": True})
    assert overall["data-grade"] == "outstanding"
    assert "grade-outstanding" in overall["class"]
    assert overall["data-sort"] == "0"
    headings = table.thead.find_all("th")
    assert all(th.get("data-sort-type") for th in headings)
    # The filter form is hidden until the script shows it: the page reads fully without JavaScript.
    form = site.page("ratings/").find("form", class_="table-filters")
    assert form.has_attr("hidden") and form["data-filters-for"] == "ratings-table"
    assert [o["value"] for o in form.find("select", attrs={"name": "grade"}).find_all("option")] == [
        "", "outstanding", "good", "requires_improvement", "inadequate", "none"]


def test_ratings_links_to_council_pages_and_explains_frameworks(site):
    soup = site.page("ratings/")
    link = soup.find("table", id="ratings-table").find("a", string="Alphashire")
    assert link["href"] == "../councils/alpha-shire/"
    notes = text(soup.find("div", class_="md-content"))
    assert "No overall grade" in notes and "2026 reform" in notes
    assert "judged children in care and care leavers together" in notes


def test_the_page_script_and_styles_are_local(site):
    soup = site.page("ratings/")
    scripts = [s["src"] for s in soup.find_all("script", src=True)]
    assert any(s.endswith("assets/site.js") for s in scripts)
    assert not [s for s in scripts if s.startswith(("http://", "https://", "//"))]
    assert (site.site_dir / "assets" / "site.js").is_file()


# --- home page -----------------------------------------------------------------------------


def test_home_counts_current_grades(site):
    soup = site.page("")
    cards = {text(li.find(class_="label")): text(li.find(class_="count"))
             for li in soup.find("ul", class_="headline-counts").find_all("li")}
    assert cards == {"Outstanding": "1", "Good": "0", "Requires improvement": "1", "Inadequate": "0"}
    counts = soup.find("table", class_="counts")
    rows = {text(tr.th): [text(td) for td in tr.find_all("td")] for tr in counts.tbody.find_all("tr")}
    # outstanding, good, requires improvement, inadequate, not judged
    assert rows["Overall effectiveness"] == ["1", "0", "1", "0", "2"]
    assert rows["Help and protection"] == ["0", "1", "2", "0", "1"]


def test_home_lists_ten_most_recent_newest_first_and_the_as_of_date(site):
    soup = site.page("")
    heading = soup.find("h2", id="most-recent-inspections")
    items = heading.find_next("ul").find_all("li")
    anchors = [li.find("a")["href"].split("#")[1] for li in items]
    assert anchors == RECORDS_NEWEST_FIRST[:10]
    hrefs = {a["href"] for a in soup.find("article").find_all("a", href=True)}
    assert {"ratings/", "history/"} <= hrefs


# --- what the record covers ------------------------------------------------------------------


def fixture_front_matter() -> list[dict]:
    """Every fixture record's front matter, read straight from the files."""
    import yaml

    return [yaml.safe_load(path.read_text(encoding="utf-8").split("---\n")[1])
            for path in sorted(FIXTURE_RECORDS.glob("*/*.md"))]


def long(day) -> str:
    return f"{day.day} {day:%B %Y}"


def test_home_says_how_far_the_records_reach_not_when_they_last_changed(site):
    records = fixture_front_matter()
    newest = max(r["published"] for r in records)
    checked = max(r["checked_on"] for r in records if r.get("checked_on"))
    soup = site.page("")
    words = text(soup.find("article"))
    assert "Data last changed" not in words
    assert f"Inspections published up to {long(newest)}." in words
    assert f"Records last checked against Ofsted on {long(checked)}." in words
    times = {t["datetime"] for t in soup.find(class_="as-of").find_all("time")}
    assert times == {newest.isoformat(), checked.isoformat()}
    assert "every inspection and visit" not in words.lower()


def test_pages_date_their_grades_by_the_newest_publication(site):
    newest = long(max(r["published"] for r in fixture_front_matter()))
    for url in ("ratings/", "regions/east-midlands/", "data/"):
        words = text(site.page(url).find("article"))
        assert f"published up to {newest}" in words, url
        assert "Data as of" not in words and "as of 1 November 2026" not in words, url
    # "How long ago" is counted to the day the records last changed, and says so.
    council = text(site.page("councils/alpha-shire/").find("article"))
    assert "2 years 3 months before the data on this site last changed, on 1 November 2026." in council


COVERAGE_KINDS = {"Full inspections": "full-inspection", "Focused visits": "focused-visit",
                  "Monitoring visits": "monitoring-visit", "Joint targeted area inspections": "jtai"}


def test_coverage_table_counts_records_by_year_and_kind(site):
    from collections import Counter

    records = fixture_front_matter()
    by_year_kind = Counter((r["published"].year, r["kind"]) for r in records)
    years = range(max(r["published"].year for r in records), min(r["published"].year for r in records) - 1, -1)
    table = site.page("coverage/").find("table", class_="coverage")
    assert text(table.caption)
    assert all(th.get("scope") in ("col", "row") for th in table.find_all("th"))
    headings = [text(th) for th in table.thead.find_all("th")]
    assert headings == ["Year published", *COVERAGE_KINDS, "Total"]
    rows = {text(tr.th): [int(text(td)) for td in tr.find_all("td")] for tr in table.tbody.find_all("tr")}
    assert list(rows) == [str(y) for y in years]  # every year, newest first, empty ones too
    for year in years:
        counts = [by_year_kind[(year, kind)] for kind in COVERAGE_KINDS.values()]
        assert rows[str(year)] == [*counts, sum(counts)], year
    total = table.tfoot.find("tr")
    assert text(total.th) == "Total"
    kinds = Counter(r["kind"] for r in records)
    assert [int(text(td)) for td in total.find_all("td")] == [*(kinds[k] for k in COVERAGE_KINDS.values()),
                                                            len(records)]


def test_coverage_page_says_what_is_missing_and_how_to_add_it(site):
    soup = site.page("coverage/")
    article = soup.find("article")
    words = text(article)
    records = fixture_front_matter()
    visits = sum(1 for r in records if r["kind"] == "monitoring-visit")
    assert f"Monitoring visits: {visits} on record" in words
    pending = sum(1 for r in records if r.get("grades_pending"))
    assert f"{pending} record has grades pending" in words
    hrefs = [a["href"] for a in article.find_all("a", href=True)]
    assert any(h.startswith("../needs-data/") for h in hrefs)
    assert "../contributing/#read-a-report-instead-of-typing-it" in hrefs


def test_home_summarises_coverage_and_links_to_it(site):
    article = site.page("").find("article")
    kinds = __import__("collections").Counter(r["kind"] for r in fixture_front_matter())
    words = text(article)
    assert f"{kinds['monitoring-visit']} monitoring visit" in words
    assert any(a["href"] == "coverage/" for a in article.find_all("a", href=True))


# --- council pages -------------------------------------------------------------------------------


def test_council_timeline_lists_every_record_newest_first(site):
    soup = site.page("councils/alpha-shire/")
    ids = [h["id"] for h in soup.find_all("h3") if h.get("id", "").startswith("alpha-shire-")]
    assert ids == [a for a in RECORDS_NEWEST_FIRST if a.startswith("alpha-shire-")]
    focused = soup.find("h3", id="alpha-shire-2022-03-02-focused-visit")
    assert text(focused).startswith("Focused visit, 2 March 2022")


def test_council_page_facts_grades_and_movement(site):
    soup = site.page("councils/alpha-shire/")
    facts = {text(tr.th): text(tr.td) for tr in soup.find("table", class_="council-facts").find_all("tr")}
    expected = {"Region": "East Midlands", "Type": "County council", "Ofsted URN": "90001",
                "LA number": "901", "ONS code": "E10000901"}
    assert {k: facts[k] for k in expected} == expected
    current = soup.find("h2", id="current-grades").find_next("table", class_="grades")
    grades = {text(tr.th): text(tr.td) for tr in current.tbody.find_all("tr")}
    assert grades["Overall effectiveness"] == "Outstanding"
    assert grades["The experiences and progress of children who need help and protection"] == "Good"
    movement = text(soup.find("p", class_="movement"))
    assert movement == ("Overall effectiveness: ↑ Improved (was requires improvement in the inspection "
                        "published on 20 May 2019).")


def test_council_page_leads_with_current_grades_and_explains_a_missing_overall_grade(site):
    soup = site.page("councils/beta-city/")
    headings = [h.get("id") for h in soup.find("article").find_all("h2")]
    assert headings[:2] == ["current-grades", "about-beta-city"]  # grades before the registry facts
    movement = soup.find("p", class_="movement")
    assert text(movement).startswith("Overall effectiveness: No overall grade. Since the 2026 reform, "
                                     "inspections give no overall effectiveness grade")
    assert "The last overall grade was good, in the inspection published on 1 November 2023." in text(movement)
    assert movement.find("a")["href"] == "../../ratings/#about-these-grades"
    assert site.page("ratings/").find(id="about-these-grades") is not None


def test_council_record_entry_has_change_body_report_and_sources(site):
    soup = site.page("councils/alpha-shire/")
    heading = soup.find("h3", id="alpha-shire-2024-07-12-full-inspection")
    facts_table = heading.find_next("table", class_="record-facts")
    facts = {text(tr.th): text(tr.td) for tr in facts_table.find_all("tr")}
    assert facts["Framework"] == "ILACS (2023), standard inspection"
    assert facts["On site"] == "22 April 2024 to 3 May 2024"
    assert facts["Lead inspector"] == "Sam Example"
    assert facts["What changed"].startswith(
        "overall effectiveness from requires improvement to outstanding; impact of leaders from good to outstanding")
    assert facts["Overall effectiveness"] == "↑ Improved"
    history_link = facts_table.find("a", string="in the history")
    assert history_link["href"] == "../../history/2024/#alpha-shire-2024-07-12-full-inspection"
    links = heading.find_next("ul", class_="record-links")
    hrefs = [a["href"] for a in links.find_all("a")]
    assert hrefs == ["https://files.ofsted.gov.uk/v1/file/90000005", "https://example.org/alpha-press-release"]

    visit = soup.find("h3", id="alpha-shire-2022-03-02-focused-visit")
    body = visit.find_next("div", class_="record-body")
    assert text(body.find("h3")) == "What the visit looked at"  # body headings sit under the entry
    link = body.find("a", string="good partnership work")
    assert link["href"] == "https://example.org/partnership" and "nofollow" in link["rel"]
    facts = {text(tr.th): text(tr.td) for tr in visit.find_next("table", class_="record-facts").find_all("tr")}
    assert facts["What changed"].startswith("focused visit (no grades)")
    assert "Overall effectiveness" not in facts  # ungraded: no movement


def test_former_and_successor_councils_link_each_other(site):
    old = site.page("councils/old-county/")
    note = old.find("p", class_="former-note")
    assert "ended on 1 April 2021" in text(note)
    assert note.find("a", string="North Delta")["href"] == "../delta-north/"
    assert text(old.find("h2", id="last-grades")) == "Last grades"
    delta = site.page("councils/delta-north/")
    facts = {text(tr.th): tr.td for tr in delta.find("table", class_="council-facts").find_all("tr")}
    assert facts["Took over from"].find("a")["href"] == "../old-county/"


def test_statistical_neighbours_side_by_side(site):
    """A compact table: the council first (highlighted), then its neighbours by
    rank; one column per current judgement, grades in (short) words with the
    full words for screen readers and a key below."""
    soup = site.page("councils/alpha-shire/")
    table = soup.find("table", id="neighbours-table")
    headings = [text(th.find(class_="visually-hidden") or th) for th in table.thead.find_all("th")]
    assert headings == ["Council", "Overall effectiveness", "Impact of leaders", "Help and protection",
                        "Children in care", "Care leavers"]
    assert [th.get("scope") for th in table.find_all("th")] == ["col"] * 6 + ["row"] * 4
    rows = table.tbody.find_all("tr")
    assert [text(tr.th.a) for tr in rows] == ["Alphashire", "Beta City", "Gamma", "North Delta"]
    assert rows[0].get("class") == ["highlight"] and not rows[1].get("class")
    assert [text(tr.th.find(class_="rank")) for tr in rows[1:]] == ["1", "2", "3"]
    assert rows[1].th.a["href"] == "../beta-city/"
    beta = rows[1].find_all("td")
    assert text(beta[0].find(attrs={"aria-hidden": "true"})) == "None"
    assert text(beta[0].find(class_="visually-hidden")) == "No overall grade"
    assert [td["data-grade"] for td in rows[0].find_all("td")] == ["outstanding"] * 2 + ["good", "outstanding",
                                                                                          "outstanding"]
    shown = {text(td.find(attrs={"aria-hidden": "true"}) or td) for tr in rows for td in tr.find_all("td")}
    assert not any("_" in value for value in shown)
    key = text(soup.find(class_="neighbours-key"))
    assert "Req. imp.: requires improvement" in key and "Leaders: impact of leaders" in key
    assert "None: no grade" in key
    assert soup.find(class_="neighbours-key").find("a")["href"] == "../../grades/"
    assert site.page("councils/gamma-borough/").find("table", id="neighbours-table") is None


def test_council_pages_link_their_atom_feed(site):
    feeds = site.page("councils/alpha-shire/").find_all("link", rel="alternate", type="application/atom+xml")
    assert [f["href"] for f in feeds] == ["../../feed.xml", "../../councils/alpha-shire/feed.xml"]
    home_feeds = site.page("").find_all("link", rel="alternate", type="application/atom+xml")
    assert [f["href"] for f in home_feeds] == ["./feed.xml"]


# --- history --------------------------------------------------------------------------------------


YEARS = ["2026", "2025", "2024", "2023", "2022", "2019", "2018", "2016", "2015"]


def history_page(site, anchor: str):
    """The history's year page holding a record (the fixtures' file names start with the publication date)."""
    year = re.search(r"-(\d{4})-\d{2}-\d{2}-", anchor).group(1)
    return site.page(f"history/{year}/")


def test_history_has_every_record_newest_first_with_anchors(site):
    index = site.page("history/")
    assert [text(a) for a in index.find("ul", class_="history-years").find_all("a")] == YEARS
    items = [li["id"] for year in YEARS for li in site.page(f"history/{year}/").find_all("li", id=True)]
    assert items == RECORDS_NEWEST_FIRST
    soup = site.page("history/2019/")
    assert [text(h) for h in soup.find_all("h2")] == ["May 2019", "February 2019"]
    assert soup.find("h2", id="2019-05").find_next("li")["id"] == "alpha-shire-2019-05-20-full-inspection"


@pytest.mark.parametrize(("anchor", "sentence"), [
    ("alpha-shire-2019-05-20-full-inspection",
     "Alphashire: first inspection under ILACS; overall effectiveness from inadequate to requires improvement; "
     "impact of leaders good; help and protection from inadequate to requires improvement; "
     "children in care and care leavers good (ILACS (2018)) Report"),
    ("alpha-shire-2024-07-12-full-inspection",
     "Alphashire: overall effectiveness from requires improvement to outstanding; impact of leaders from good to outstanding; "
     "help and protection from requires improvement to good; children in care outstanding; care leavers outstanding"),
    ("beta-city-2026-06-17-full-inspection",
     "Beta City: help and protection from good to requires improvement; care leavers from requires improvement to good; "
     "unchanged: impact of leaders good, children in care good; "
     "no overall effectiveness grade since the 2026 reform (ILACS (2026))"),
    ("beta-city-2025-02-10-jtai", "Beta City: joint targeted area inspection (no grades)"),
    ("alpha-shire-2016-03-01-monitoring-visit", "Alphashire: monitoring visit (no grades)"),
    ("gamma-borough-2018-09-01-full-inspection", "Gamma: full inspection: grades not recorded yet"),
    ("delta-north-2022-09-15-full-inspection", "North Delta: first inspection on record; overall effectiveness"),
])
def test_history_change_sentences(site, anchor, sentence):
    item = history_page(site, anchor).find("li", id=anchor)
    date, _, rest = text(item).partition(": ")
    assert rest.startswith(sentence)


def test_history_entries_link_council_page_and_report(site):
    item = site.page("history/2024/").find("li", id="alpha-shire-2024-07-12-full-inspection")
    links = item.find_all("a")
    assert links[0]["href"] == "../../councils/alpha-shire/#alpha-shire-2024-07-12-full-inspection"
    assert links[1]["href"] == "https://files.ofsted.gov.uk/v1/file/90000005"
    assert item.find("time")["datetime"] == "2024-07-12"


# --- needs data and regions -------------------------------------------------------------------


def test_needs_data_lists_pending_grades_and_missing_dates_with_edit_links(site):
    table = site.page("needs-data/").find("table", class_="needs-data")
    rows = table.tbody.find_all("tr")
    assert [tr["id"] for tr in rows] == ["beta-city-2025-02-10-jtai", "gamma-borough-2018-09-01-full-inspection"]
    gamma = rows[1]
    assert text(gamma.find_all("td")[1]) == "Grades, inspection dates"
    edit = gamma.find("a", href=lambda h: "/edit/main/" in h)
    assert text(edit) == "Edit the record of Gamma, 1 September 2018"
    assert text(edit.find_next("code")) == "records/gamma-borough/2018-09-01-full-inspection.md"
    assert edit["href"] == f"{REPO}/edit/main/records/gamma-borough/2018-09-01-full-inspection.md"
    assert text(rows[0].find_all("td")[1]) == "Inspection dates"


def test_region_page_has_its_councils_counts_and_former_councils(site):
    soup = site.page("regions/east-midlands/")
    rows = table_rows(soup, "region-table")
    assert list(rows) == ["Alphashire", "Beta City", "North Delta"]
    counts = soup.find("table", class_="counts")
    overall = [text(td) for td in counts.tbody.find("tr").find_all("td")]
    assert overall == ["1", "0", "1", "0", "1"]
    former = soup.find("h2", id="former-councils").find_next("ul")
    assert text(former) == "Old County, until 1 April 2021"
    london = table_rows(site.page("regions/london/"), "region-table")
    assert list(london) == ["Gamma"]
    empty = site.page("regions/north-east/")
    assert empty.find("table", id="region-table").tbody.find("tr") is None


# --- failing closed, and the hook's helpers ---------------------------------------------------


def test_invalid_records_fail_the_build_with_each_problem_and_no_traceback(tmp_path):
    records = tmp_path / "records"
    shutil.copytree(FIXTURE_RECORDS, records)
    (records / "gamma-borough" / "2020-01-01-full-inspection.md").write_text(
        "---\ncouncil: gamma-borough\nkind: full-inspection\nframework: ilacs-2018\n"
        "published: 2020-01-01\njudgements:\n  overall_effectiveness: brilliant\n---\n", encoding="utf-8")
    (records / "beta-city" / "2024-01-01-focused-visit.md").write_text(
        "---\ncouncil: beta-cty\nkind: focused-visit\nframework: ilacs-2023\npublished: 2024-01-01\n---\n",
        encoding="utf-8")
    built = build_site(records, tmp_path / "out")
    assert built.result.returncode == 1
    assert "Traceback" not in built.log
    errors = [line for line in built.warnings if line.startswith("ERROR")]
    assert any("records/gamma-borough/2020-01-01-full-inspection.md:7: judgements.overall_effectiveness: "
               "'brilliant' is not a grade" in line for line in errors), built.log
    assert any("records/beta-city/2024-01-01-focused-visit.md:2: council: 'beta-cty' is not a council" in line
               for line in errors), built.log
    assert "problem(s)" in built.log and "the site was not built" in built.log
    assert not (tmp_path / "out" / "site" / "councils").exists()


def load_hook():
    spec = importlib.util.spec_from_file_location("site_hook_under_test", ROOT / "hooks" / "site.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_field_reference_marker_is_replaced_in_any_page():
    from inspections.reference import field_reference_markdown

    hook = load_hook()
    out = hook.on_page_markdown("# Contributing\n\n<!-- field-reference -->\n\nEnd.\n", page=None, config=None,
                                files=None)
    assert field_reference_markdown() in out
    assert "<!-- field-reference -->" not in out
    assert hook.on_page_markdown("plain", page=None, config=None, files=None) == "plain"


def test_every_nav_entry_is_a_hand_written_or_generated_page():
    """The nav lists only pages that exist: a hand-written file in docs/ or a
    page a generator makes (nothing is pruned at build time any more)."""
    import datetime as dt

    import yaml
    from inspections.build import make_build
    from inspections.dataset import load_dataset
    from inspections.outputs import pages

    def entries(nav):
        for item in nav:
            value = next(iter(item.values())) if isinstance(item, dict) else item
            yield from entries(value) if isinstance(value, list) else [value]

    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
    generated = set(pages.files(make_build(load_dataset(FIXTURE_RECORDS), dt.date(2026, 11, 1))))
    listed = list(entries(config["nav"]))
    assert "regions/london.md" in listed and "index.md" in listed
    missing = [page for page in listed if not (ROOT / "docs" / page).is_file() and page not in generated]
    assert missing == []


def test_as_of_falls_back_to_newest_publication_outside_git(tmp_path):
    from inspections.asof import as_of_date
    from inspections.dataset import load_dataset

    records = tmp_path / "records"
    shutil.copytree(FIXTURE_RECORDS, records)
    dataset = load_dataset(records)
    assert subprocess.run(["git", "-C", str(tmp_path), "rev-parse"], capture_output=True).returncode != 0
    assert str(as_of_date(dataset, records)) == "2026-06-17"


def test_as_of_uses_the_last_commit_touching_records():
    from inspections.asof import last_commit_date

    expected = subprocess.run(["git", "log", "-1", "--format=%cs", "--", "records"], cwd=ROOT,
                              capture_output=True, text=True).stdout.strip()
    if not expected:
        pytest.skip("not a git checkout")
    assert str(last_commit_date(ROOT / "records")) == expected


def test_link_text_is_escaped_for_markdown_and_html():
    from inspections.templating import md_text
    from markupsafe import Markup

    assert md_text("A_[b]*<c>") == "A&#95;&#91;b&#93;&#42;&#60;c&#62;"
    assert md_text("Bath & Somerset") == "Bath &#38; Somerset"
    assert md_text(Markup("<b>kept</b>")) == "<b>kept</b>"  # already-safe HTML (e.g. a sanitised body)


def test_generated_pages_use_relative_md_links_only():
    """Links between generated pages are relative .md links, which strict mode checks."""
    import re

    from inspections.build import make_build
    from inspections.dataset import load_dataset
    from inspections.outputs import pages

    out = pages.files(make_build(load_dataset(FIXTURE_RECORDS), __import__("datetime").date(2026, 11, 1),
                                 repo_url=REPO, docs_pages=["data.md", "contributing.md"]))
    assert set(out) >= {"index.md", "ratings.md", "history.md", "needs-data.md", "data.md",
                        "councils/old-county.md", "regions/london.md"}
    for path, content in out.items():
        for target in re.findall(r"\]\(([^)\s]+)\)", content):
            assert not target.startswith("/"), (path, target)
            if target.startswith("https://"):
                continue  # sources and licences, on the Data page
            assert target.startswith("#") or ".md" in target, (path, target)


def test_council_names_are_shown_literally_never_as_markup(tmp_path):
    """Names reach pages as link text in Markdown and as HTML: both are escaped."""
    records = tmp_path / "records"
    shutil.copytree(FIXTURE_RECORDS, records)
    hostile = "Gamma <b>&amp;</b> [x](javascript:alert(1)) _y_ *z*"
    registry = records / "councils.yml"
    registry.write_text(registry.read_text(encoding="utf-8").replace(
        "name: Gamma", "name: '" + hostile + "'"), encoding="utf-8")
    built = build_site(records, tmp_path / "out")
    assert built.ok, built.log
    for url in ("councils/gamma-borough/", "ratings/", "history/2018/", "regions/london/", "needs-data/"):
        soup = built.page(url)
        article = soup.find("article")
        assert hostile in text(article), url
        assert article.find("b") is None, url
        assert not [a for a in soup.find_all("a", href=True) if a["href"].lower().startswith("javascript")], url
    assert text(built.page("councils/gamma-borough/").h1) == hostile
    head = built.page("councils/gamma-borough/").head
    assert head.title.string.startswith("Gamma <b>") and head.find("b") is None
