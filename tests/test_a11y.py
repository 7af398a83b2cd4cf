"""Accessibility of the real site.

- axe-core (pinned axe-playwright-python) in headless Chromium on the home,
  ratings, a council, history and data pages (and a few more), in the light
  and the dark colour scheme: no serious or critical violations.
- Grades never rely on colour alone: every element coloured by a grade
  also says the grade in words (text, title or label).
- Every chart or map (svg in the content) has a text alternative.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from browser import TIMEOUT_MS, Problems, html_pages, launch, needs_chromium, open_page, real_site, serve
from bs4 import BeautifulSoup
from inspections.schema import GRADE_LABELS

AXE_PAGES = ["", "ratings/", "councils/leicestershire/", "history/", "history/2025/", "data/",
             "regions/london/", "needs-data/", "councils/northamptonshire/", "coverage/", "councils/",
             "performance/", "grades/"]
BLOCKING = ("serious", "critical")
GRADE_CLASS = re.compile(r"^grade-(outstanding|good|requires-improvement|inadequate)$")


@pytest.fixture(scope="module")
def site_dir(tmp_path_factory) -> Path:
    return real_site(tmp_path_factory)


def _soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "lxml")


# --- axe-core in the browser -------------------------------------------------------------


@pytest.fixture(scope="module")
def axe_results(site_dir):
    from axe_playwright_python.sync_playwright import Axe
    from playwright.sync_api import sync_playwright

    if not Path("/usr/bin/chromium").exists():
        pytest.skip("needs Debian's chromium at /usr/bin/chromium")
    axe = Axe()
    results = {}
    with serve(site_dir) as base_url, sync_playwright() as playwright:
        browser = launch(playwright)
        try:
            for scheme in ("light", "dark"):
                context = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme=scheme)
                page = context.new_page()
                page.set_default_timeout(TIMEOUT_MS)
                # Offline: stub Material's GitHub repository widget, refuse other hosts.
                Problems(base_url).watch(page)
                for path in AXE_PAGES:
                    if not (site_dir / path / "index.html").is_file():
                        continue
                    open_page(page, base_url + path)  # settled: axe sees the page as a visitor does
                    results[(scheme, path)] = axe.run(page).response
                context.close()
        finally:
            browser.close()
    return results


@pytest.mark.browser
@needs_chromium
def test_axe_finds_no_serious_or_critical_problems(axe_results):
    assert {path for _, path in axe_results} >= {"", "ratings/", "councils/leicestershire/", "history/", "data/"}
    problems = []
    for (scheme, path), response in sorted(axe_results.items()):
        for violation in response["violations"]:
            if violation["impact"] in BLOCKING:
                targets = [" ".join(map(str, node["target"])) for node in violation["nodes"][:3]]
                problems.append(f"/{path} ({scheme}): {violation['impact']} {violation['id']}: "
                                f"{violation['help']} ({len(violation['nodes'])} elements, e.g. {targets})")
    assert not problems, "\n".join(problems)


# --- grades in words ---------------------------------------------------------------------


def _words(el) -> str:
    """What a screen reader or a reader without colour gets from an element."""
    parts = [el.get_text(" "), el.get("aria-label", ""), el.get("title", "")]
    for ref in (el.get("aria-labelledby") or "").split():
        target = el.find_parent("html").find(id=ref)
        if target is not None:
            parts.append(target.get_text(" "))
    return " ".join(parts).lower()


def test_grade_colours_always_come_with_words(site_dir):
    checked = 0
    missing = []
    for path in html_pages(site_dir):
        soup = _soup(path)
        for el in soup.select("article [class*='grade-']"):
            grade = next((m.group(1) for c in el.get("class", []) if (m := GRADE_CLASS.match(c))), None)
            if grade is None:
                continue
            label = GRADE_LABELS[grade.replace("-", "_")].lower()
            words = _words(el)
            checked += 1
            # "Requires improvement" is also written in full ("requires improvement to be good")
            if label not in words and label.split(" to be ")[0] not in words:
                missing.append(f"{path.relative_to(site_dir)}: <{el.name} class={el.get('class')}> says {words[:60]!r}")
    assert checked > 1000
    assert not missing, "\n".join(missing[:20])


# --- charts ------------------------------------------------------------------------------


def _svg_alternative(svg, soup) -> str:
    if svg.get("aria-hidden") == "true" or svg.get("role") in ("presentation", "none"):
        return "hidden"
    names = [svg.get("aria-label", "")]
    for ref in (svg.get("aria-labelledby") or "").split():
        target = soup.find(id=ref)
        names.append(target.get_text(" ") if target is not None else "")
    title = svg.find("title", recursive=False)
    names.append(title.get_text(" ") if title is not None else "")
    return " ".join(n.strip() for n in names if n and n.strip())


def test_every_chart_has_a_text_alternative(site_dir):
    missing = []
    charts = 0
    for path in html_pages(site_dir):
        soup = _soup(path)
        for svg in soup.select("article svg"):
            if svg.find_parent("svg") is not None:
                continue
            control = svg.find_parent(["a", "button"])
            if control is not None and (control.get("title") or control.get("aria-label") or control.get_text(strip=True)):
                continue  # an icon inside a labelled link or button (Material's edit button)
            charts += 1
            alternative = _svg_alternative(svg, soup)
            if not alternative:
                missing.append(f"{path.relative_to(site_dir)}: <svg class={svg.get('class')}> has no title, "
                               "aria-label or aria-labelledby")
            elif alternative != "hidden" and svg.get("role") not in ("img", "group", "figure", "graphics-document"):
                missing.append(f"{path.relative_to(site_dir)}: <svg class={svg.get('class')}> has a name but "
                               f"no role (role=img or group) to expose it")
    assert not missing, "\n".join(missing[:20])
    if charts == 0:
        pytest.skip("no charts in the site yet")
