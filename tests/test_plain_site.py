"""Plain English on the real built site: every grade badge and judgement
name links to its explanation in the grade guide (/grades/), "what changed"
sentences have no bare arrows, and each council page opens with a plain
summary of its inspections."""

from __future__ import annotations

import re
from urllib.parse import urldefrag, urljoin

import pytest
from browser import html_pages, real_site
from inspections import derive, plain
from inspections.dataset import load_dataset
from inspections.schema import GRADE_LABELS, JUDGEMENTS
from sitebuild import ROOT, BuiltSite, text

pytestmark = pytest.mark.slow

#: A grade badge's class: a grade of the schema (hyphenated), or none. Other
#: "grade-" classes (e.g. the ratings page's grade-filter) are not badges.
GRADE_CLASS = re.compile("^grade-(" + "|".join([*(g.replace("_", "-") for g in GRADE_LABELS), "none"]) + ")$")
#: Cells with no grade link to what "no grade" means.
NO_GRADE_ANCHORS = {"not-judged", "changes-2026"}


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> BuiltSite:
    return BuiltSite(real_site(tmp_path_factory))


@pytest.fixture(scope="module")
def pages(site):
    """(site URL, parsed page) of every HTML page."""
    out = []
    for path in html_pages(site.site_dir):
        url = path.relative_to(site.site_dir).as_posix().removesuffix("index.html")
        out.append((url, site.page(url)))
    return out


def guide_anchor(page_url: str, link) -> str | None:
    """The anchor in the grade guide a link points to, or None if it points elsewhere."""
    if link is None or link.name != "a" or not link.get("href"):
        return None
    target, fragment = urldefrag(urljoin("https://site.example/" + page_url, link["href"]))
    return fragment if target == "https://site.example/grades/" else None


def links_in(element) -> list:
    """Links that are, are inside, or hold `element`."""
    return [element] * (element.name == "a") + element.find_all("a") + [element.find_parent("a")]


def articles(pages):
    """(url, article) of every page but the guide itself."""
    for url, soup in pages:
        article = soup.find("article")
        if article is not None and url != "grades/":
            yield url, article


def test_every_grade_badge_links_to_its_explanation(pages):
    checked, missing = 0, []
    for url, article in articles(pages):
        for el in article.find_all(class_=lambda c: c and (c == "grade" or GRADE_CLASS.match(c))):
            grade = next((m.group(1) for c in el["class"] if (m := GRADE_CLASS.match(c))), None)
            if grade is None:
                continue
            wanted = NO_GRADE_ANCHORS if grade == "none" else {grade}
            anchors = {guide_anchor(url, a) for a in links_in(el)}
            checked += 1
            if not anchors & wanted:
                missing.append(f"{url}: <{el.name} class={el['class']}> {text(el)!r} links to {anchors or 'nothing'}")
    assert checked > 3000
    assert not missing, f"{len(missing)} badges without a link, e.g.\n" + "\n".join(missing[:15])


def test_every_judgement_column_and_row_heading_links_to_its_explanation(pages):
    checked, missing = 0, []
    for url, article in articles(pages):
        headings = [(th, th["data-judgement"]) for th in article.select("th[data-judgement]")]
        # Judgement names heading the rows of grade and counts tables.
        for table in article.select("table.grades, table.counts"):
            for th in table.select("tbody th[scope=row]"):
                key = next((k for k, j in JUDGEMENTS.items() if text(th) in (j.label, j.full_name)), None)
                assert key, f"{url}: {text(th)!r} is not a judgement name"
                headings.append((th, key))
        for th, key in headings:
            checked += 1
            if guide_anchor(url, th.find("a")) != key.replace("_", "-"):
                missing.append(f"{url}: {text(th)!r} links to {[a.get('href') for a in th.find_all('a')]}")
    assert checked > 1000
    assert not missing, f"{len(missing)} judgement names without a link, e.g.\n" + "\n".join(missing[:15])


def test_no_page_has_bare_arrows_in_its_text(pages):
    found = []
    for url, soup in pages:
        body = soup.find("body")
        words = " ".join(s for s in body.find_all(string=True)
                         if not s.find_parent(["code", "pre", "script", "style"]))
        if "->" in words:
            found.append(f"{url}: ...{words[max(0, words.index('->') - 60):words.index('->') + 40]!r}")
    assert not found, "\n".join(found[:15])


# Worked out by hand from the records of each council.
STORIES = {
    "blackpool": "Rated requires improvement in 2014, inadequate in 2019, requires improvement in 2023, then "
                 "inspected in 2026 under the new framework, which gives no overall grade; impact of leaders rose "
                 "from requires improvement to outstanding and help and protection rose from requires improvement "
                 "to good, and 2 more judgements changed.",
    "birmingham": "Rated inadequate in 2014 and 2016, requires improvement in 2019, then good in 2023; impact of "
                  "leaders rose from requires improvement to good and help and protection rose from requires "
                  "improvement to good, and 2 more judgements changed.",
    "doncaster": "Rated inadequate in 2015, good in 2018, requires improvement in 2022, then good in 2025; impact "
                 "of leaders rose from inadequate to good and help and protection rose from requires improvement "
                 "to good, and 1 more judgement changed.",
    "cumbria": "No inspections or visits are on record. It stopped running children's services in April 2023.",
}


def story_on(site, slug: str) -> str:
    summary = site.page(f"councils/{slug}/").select_one("article p.council-story")
    assert summary is not None, f"councils/{slug}/ has no plain summary"
    return text(summary)


@pytest.mark.parametrize("slug", sorted(STORIES))
def test_council_summary_of_real_councils(site, slug):
    assert story_on(site, slug) == STORIES[slug]


def test_every_council_page_opens_with_its_summary(site):
    summaries = derive.summarise(load_dataset(ROOT / "records"))
    for slug, summary in summaries.items():
        soup = site.page(f"councils/{slug}/")
        first = soup.select_one("article h1").find_next_sibling()
        assert "council-story" in first.get("class", []), slug
        assert text(first) == plain.council_story(summary), slug


def test_the_age_of_the_latest_grades_reads_plainly(site):
    """Ages count to the day the records last changed (the build's "as of"), and say so in words."""
    from inspections import asof, dates

    dataset = load_dataset(ROOT / "records")
    as_of = asof.as_of_date(dataset, ROOT / "records")
    for slug, summary in derive.summarise(dataset).items():
        if summary.latest is None:
            continue
        page = text(site.page(f"councils/{slug}/").find("article"))
        age = derive.age_text(summary.latest.published, as_of)
        assert f"{age} before the data on this site last changed, on {dates.long_date(as_of)}." in page, slug
        assert not re.search(r"\(\d+ (years?|months?)[^)]* before \d", page), slug


