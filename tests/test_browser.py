"""The real site in headless Chromium (Debian's package, driven by Playwright),
served from localhost: search, sorting and filtering, navigation, console
errors, and phone-sized layout.

Every request to another host is blocked and counted: the site must work
offline and send visitors to nobody else. Each test waits for what it needs
(a page settled, an element, a text), never for a fixed time.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml
from browser import ROOT, TIMEOUT_MS, Problems, needs_chromium, open_page, real_site

pytestmark = [pytest.mark.browser, needs_chromium]

PHONE = {"width": 390, "height": 844}


@pytest.fixture(scope="module")
def site_dir(tmp_path_factory) -> Path:
    return real_site(tmp_path_factory)


@pytest.fixture
def page_and_problems(chromium, base_url):
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    problems = Problems(base_url)
    problems.watch(page)
    yield page, problems
    context.close()


def _registry() -> list[dict]:
    return yaml.safe_load((ROOT / "records" / "councils.yml").read_text(encoding="utf-8"))["councils"]


# --- search ------------------------------------------------------------------------


def test_search_finds_a_council(page_and_problems, base_url):
    page, problems = page_and_problems
    open_page(page, base_url)  # the search index is loaded
    search = page.locator("input.md-search__input")
    search.click()
    search.press_sequentially("Leicestershire", delay=20)
    result = page.locator(".md-search-result__item a.md-search-result__link").first
    result.wait_for()
    href = result.get_attribute("href")
    assert "councils/leicestershire/" in href
    result.click()
    page.wait_for_url("**/councils/leicestershire/**")
    # Instant navigation changes the address before the new page's content arrives.
    page.locator("article h1").filter(has_text=re.compile(r"^Leicestershire")).wait_for()
    assert not problems.all(), "\n".join(problems.all())


# --- the ratings index ---------------------------------------------------------------


def _column(page, index: int) -> list[str]:
    return page.eval_on_selector_all(
        "#ratings-table tbody tr:not([hidden])",
        f"rows => rows.map(r => r.cells[{index}] ? r.cells[{index}].innerText.trim() : '')")


def _header_index(page, text: str) -> int:
    texts = page.eval_on_selector_all("#ratings-table thead th", "ths => ths.map(th => th.innerText)")
    return next(i for i, t in enumerate(texts) if t.strip().startswith(text))


def _in_order(page, values: list[str], descending: bool = False) -> bool:
    # The browser's own collation decides what "alphabetical" means.
    return page.evaluate(
        "([v, desc]) => v.every((x, i) => i === 0 || (desc ? -1 : 1) * v[i-1].localeCompare(x, 'en') <= 0)",
        [values, descending])


def test_ratings_sort_by_council_and_by_grade(page_and_problems, base_url):
    page, problems = page_and_problems
    page.goto(base_url + "ratings/")
    council = page.locator("#ratings-table thead th").nth(_header_index(page, "Council"))
    names_before = _column(page, 0)
    assert len(names_before) >= 150

    council.locator("button").click()
    assert council.get_attribute("aria-sort") == "ascending"
    ascending = _column(page, 0)
    assert sorted(ascending) == sorted(names_before) and _in_order(page, ascending)

    council.locator("button").click()
    assert council.get_attribute("aria-sort") == "descending"
    descending = _column(page, 0)
    assert descending == ascending[::-1] and _in_order(page, descending, descending=True)

    index = _header_index(page, "Overall effectiveness")
    overall = page.locator("#ratings-table thead th").nth(index)
    overall.locator("button").click()
    assert overall.get_attribute("aria-sort") == "ascending"
    assert council.get_attribute("aria-sort") is None  # only one column is sorted
    rank = {"Outstanding": 0, "Good": 1, "Requires improvement": 2, "Inadequate": 3}
    grades = [g.split("\n")[0] for g in _column(page, index)]
    graded = [g for g in grades if g in rank]
    assert len(graded) > 100
    assert [rank[g] for g in graded] == sorted(rank[g] for g in graded)
    assert grades[: len(graded)] == graded, "councils without that grade sort last"
    assert not problems.all(), "\n".join(problems.all())


def test_ratings_filter_by_region_and_grade(page_and_problems, base_url):
    page, problems = page_and_problems
    page.goto(base_url + "ratings/")
    form = page.locator("form[data-filters-for='ratings-table']")
    form.wait_for()  # the script shows it
    rows = page.eval_on_selector_all(
        "#ratings-table tbody tr",
        "rows => rows.map(r => [r.getAttribute('data-region'), r.cells[0].innerText.trim()])")
    index = _header_index(page, "Overall effectiveness")
    overall = {name: grade.split("\n")[0] for name, grade in zip([r[1] for r in rows], _column(page, index), strict=True)}

    london = sum(1 for c in _registry() if c["region"] == "london" and c["status"] == "current")
    form.locator("select[name=region]").select_option("london")
    shown = _column(page, 0)
    assert len(shown) == london == sum(1 for region, _ in rows if region == "london")
    region_col = _header_index(page, "Region")
    assert set(_column(page, region_col)) == {"London"}
    assert "region=london" in page.url  # a filtered view can be shared
    assert f"Showing {london} of" in form.locator(".filter-count").inner_text()

    form.locator("select[name=judgement]").select_option("overall_effectiveness")
    form.locator("select[name=grade]").select_option("inadequate")
    expected = sorted(name for region, name in rows if region == "london" and overall[name] == "Inadequate")
    assert sorted(_column(page, 0)) == expected
    assert {g.split("\n")[0] for g in _column(page, index)} <= {"Inadequate"}

    form.locator("select[name=region]").select_option("")
    everywhere = sorted(name for name, grade in overall.items() if grade == "Inadequate")
    assert sorted(_column(page, 0)) == everywhere and len(everywhere) > len(expected)
    assert not problems.all(), "\n".join(problems.all())


def test_ratings_grade_links_filter_the_table(page_and_problems, base_url):
    page, problems = page_and_problems
    page.goto(base_url + "ratings/")
    page.locator("form[data-filters-for='ratings-table']").wait_for()  # the script has run
    index = _header_index(page, "Overall effectiveness")
    everyone = _column(page, 0)
    link = page.locator("nav.grade-filter a[data-grade-filter='inadequate']")
    count = int(re.search(r"\((\d+)\)", link.inner_text()).group(1))
    link.click()
    grades = [g.split("\n")[0] for g in _column(page, index)]
    assert grades == ["Inadequate"] * count and count > 0
    assert link.get_attribute("aria-current") == "true"
    assert "grade=inadequate" in page.url and "#" not in page.url  # filtered, not jumped to the list
    assert f"Showing {count} of {len(everyone)}" in page.locator(".filter-count").inner_text()
    page.locator("nav.grade-filter a[data-grade-filter='']").click()
    assert len(_column(page, 0)) == len(everyone)
    assert not problems.all(), "\n".join(problems.all())


def test_history_year_filters_by_region_and_kind(page_and_problems, base_url, site_dir):
    page, problems = page_and_problems
    year = sorted(p.name for p in (site_dir / "history").iterdir() if p.name.isdigit())[-2]
    page.goto(base_url + f"history/{year}/")
    form = page.locator("form[data-history-filters]")
    form.wait_for()
    items = page.eval_on_selector_all("ol.history li", "lis => lis.map(li => [li.dataset.region, li.dataset.kind])")
    form.locator("select[name=region]").select_option("london")
    form.locator("select[name=kind]").select_option("full-inspection")
    visible = page.eval_on_selector_all(
        "ol.history li", "lis => lis.filter(li => li.offsetParent !== null).map(li => [li.dataset.region, li.dataset.kind])")
    assert visible == [i for i in items if i == ["london", "full-inspection"]]
    assert f"Showing {len(visible)} of {len(items)} records" in form.locator(".filter-count").inner_text()
    assert not problems.all(), "\n".join(problems.all())


def test_an_old_history_link_goes_on_to_the_records_year_page(page_and_problems, base_url):
    """Links made when every record was on /history/ (/history/#<record anchor>)
    still reach the record: on its year's page now. One the index shows stays there."""
    page, problems = page_and_problems
    anchor = "barnsley-2014-08-08-full-inspection"  # not on the index, which shows only the newest year
    page.goto(base_url + f"history/#{anchor}")
    page.wait_for_url(f"**/history/2014/#{anchor}")
    assert "Barnsley" in page.locator(f"li[id='{anchor}']").inner_text()
    newest = "blackpool-2026-07-28-full-inspection"
    page.goto(base_url + f"history/#{newest}")
    page.locator(f"li[id='{newest}']").wait_for()
    assert page.url == base_url + f"history/#{newest}"
    assert not problems.all(), "\n".join(problems.all())


# --- navigation ------------------------------------------------------------------


def test_home_to_council_to_report(page_and_problems, base_url):
    page, problems = page_and_problems
    open_page(page, base_url)
    # The first visible link to a council's own page (not the A to Z list).
    link = next(a for a in page.locator("article a[href*='councils/']").all()
                if re.search(r"councils/[a-z0-9-]+/", a.get_attribute("href") or "") and a.is_visible())
    target = link.get_attribute("href")
    link.click()
    slug = target.split("councils/")[1].split("/")[0]
    page.wait_for_url(f"**/councils/{slug}/**")
    name = next(c["name"] for c in _registry() if c["slug"] == slug)
    page.locator("article h1").filter(has_text=re.compile("^" + re.escape(name))).wait_for()  # the council's page has arrived
    report = page.get_by_role("link", name="Read the report").first
    href = report.get_attribute("href")
    parts = urlsplit(href)
    assert parts.scheme == "https" and (parts.hostname == "ofsted.gov.uk" or parts.hostname.endswith(".ofsted.gov.uk"))
    assert not problems.all(), "\n".join(problems.all())


PAGES = ["", "ratings/", "history/", "needs-data/", "data/", "regions/london/",
         "councils/leicestershire/", "councils/northamptonshire/", "councils/", "about/", "404.html"]


def test_no_console_errors_or_third_party_requests(page_and_problems, base_url, site_dir):
    page, problems = page_and_problems
    visited = 0
    for path in PAGES:
        if not (site_dir / path / "index.html").is_file() and not (site_dir / path).is_file():
            continue
        open_page(page, base_url + path)
        visited += 1
    assert visited >= 8
    assert not problems.all(), "\n".join(problems.all())


# --- phone-sized screens ----------------------------------------------------------------


@pytest.mark.parametrize("path", ["", "ratings/", "councils/leicestershire/", "councils/birmingham/",
                                  "history/", "history/2025/", "data/", "councils/", "needs-data/"])
def test_phone_has_no_horizontal_scroll(chromium, base_url, path):
    context = chromium.new_context(viewport=PHONE, device_scale_factor=3, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    problems = Problems(base_url)
    problems.watch(page)
    try:
        open_page(page, base_url + path)
        widths = page.evaluate("() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]")
        assert widths[0] <= widths[1], f"{path or 'home'}: page is {widths[0]}px wide on a {widths[1]}px screen"
        # wide tables scroll inside their own box instead
        overflowing = page.evaluate("""() => [...document.querySelectorAll('article *')]
            .filter(el => el.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
            .filter(el => !el.closest('.table-wrap, .md-typeset__scrollwrap, pre, .chart-scroll'))
            .map(el => el.tagName + '.' + el.className).slice(0, 5)""")
        assert overflowing == []
        assert not problems.all(), "\n".join(problems.all())
    finally:
        context.close()


def test_neighbour_table_fits_a_phone(chromium, base_url):
    """Every current council's neighbour table needs no sideways scrolling at
    390 px: its box (358 px of content) is as wide as the table."""
    context = chromium.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    current = [c["slug"] for c in _registry() if c.get("status") == "current"]
    try:
        too_wide = []
        for slug in current:
            page.goto(base_url + f"councils/{slug}/", wait_until="load")
            scroll, client, rows = page.evaluate("""() => {
                const table = document.getElementById('neighbours-table');
                const box = table.closest('.table-wrap');
                return [box.scrollWidth, box.clientWidth, table.querySelectorAll('tbody tr').length];
            }""")
            assert rows == 11, slug
            if scroll > client:
                too_wide.append(f"{slug}: {scroll}px in a {client}px box")
        assert len(current) == 153
        assert too_wide == []
    finally:
        context.close()
