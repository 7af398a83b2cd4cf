"""The hand-written guide docs/grades.md ("What the grades mean"), checked on
the built page: other pages link `grades.md#<anchor>`, so every grade and
every judgement in the schema must keep a stable anchor there, named by its
key with "_" replaced by "-".

The site is built once, with `mkdocs build --strict`, from the small fixture
records (the guide does not depend on the records).
"""

from __future__ import annotations

import itertools
from urllib.parse import urlsplit

import pytest
import yaml
from inspections.schema import GRADE_LABELS, GRADES, GRADES_BEFORE_2013, JUDGEMENTS, NOT_JUDGED
from sitebuild import ROOT, build_site, text

FIXTURE_RECORDS = ROOT / "tests" / "fixtures" / "site" / "records"
ILACS = "https://www.gov.uk/government/publications/inspecting-local-authority-childrens-services-from-2018"


def anchor(key: str) -> str:
    return key.replace("_", "-")


GRADE_KEYS = sorted(set(GRADES) | set(GRADES_BEFORE_2013) | {NOT_JUDGED} | set(GRADE_LABELS))


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    built = build_site(FIXTURE_RECORDS, tmp_path_factory.mktemp("grade-guide-site"))
    assert built.ok, built.log
    return built


@pytest.fixture(scope="module")
def page(site):
    assert site.exists("grades/"), "docs/grades.md was not built to /grades/"
    return site.page("grades/")


@pytest.fixture(scope="module")
def article(page):
    body = page.find("article")
    assert body is not None
    return body


def test_build_has_no_warnings(site):
    assert site.warnings == []


@pytest.mark.parametrize("key", GRADE_KEYS)
def test_every_grade_has_a_heading_with_its_anchor(article, key):
    element = article.find(id=anchor(key))
    assert element is not None, f"no element with id {anchor(key)!r} for grade {key!r}"
    assert element.name in {"h2", "h3", "h4"}


@pytest.mark.parametrize("key", list(JUDGEMENTS))
def test_every_judgement_has_a_heading_with_its_anchor(article, key):
    element = article.find(id=anchor(key))
    assert element is not None, f"no element with id {anchor(key)!r} for judgement {key!r}"
    assert element.name in {"h2", "h3", "h4"}


def test_judgement_headings_use_ofsteds_wording_or_label(article):
    for key, judgement in JUDGEMENTS.items():
        heading = text(article.find(id=anchor(key))).lower()
        words = {judgement.label.lower(), judgement.full_name.lower()}
        # The 2013 judgements are headed by their report wording without the
        # "(services for looked after children)" this site adds to tell them apart.
        words |= {w.split(" (")[0] for w in words}
        assert any(w in heading or heading in w for w in words), (key, heading)


def test_ids_are_unique(article):
    ids = [el["id"] for el in article.find_all(id=True)]
    assert len(ids) == len(set(ids)), sorted(i for i in ids if ids.count(i) > 1)


def test_headings_are_in_order(article):
    headings = article.find_all(["h1", "h2", "h3", "h4", "h5", "h6"])
    assert headings[0].name == "h1"
    assert [h.name for h in headings].count("h1") == 1
    for before, after in itertools.pairwise(headings):
        assert int(after.name[1]) <= int(before.name[1]) + 1, (text(before), text(after))


def test_ends_with_sources(article):
    last_h2 = article.find_all("h2")[-1]
    assert last_h2.get("id") == "sources"
    assert last_h2.find_next_sibling("ul") is not None


def test_cites_the_ilacs_framework_on_gov_uk(article):
    hrefs = [a["href"] for a in article.find_all("a", href=True)]
    assert ILACS in hrefs
    assert any(urlsplit(h).hostname in {"www.gov.uk", "gov.uk"} for h in hrefs)
    sources = article.find(id="sources").find_next_sibling("ul")
    assert ILACS in [a["href"] for a in sources.find_all("a", href=True)]
    assert "Inspecting local authority children" in text(sources)


def test_listed_after_ratings_in_nav():
    nav = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))["nav"]
    entries = [next(iter(item.items())) for item in nav]
    position = entries.index(("Ratings", "ratings.md"))
    assert entries[position + 1] == ("What the grades mean", "grades.md")
