"""The hex map: the committed layout gives every current council its own
cell, in one piece, and is what the script computes; the map SVG is
well-formed, links every council with its latest grade in class, letter and
tooltip; the small map highlights one council; and in the built site the
home page map links to all 153 council pages."""

from __future__ import annotations

import dataclasses
import json
import re
import xml.etree.ElementTree as ET

import build_hex_layout
import pytest
from inspections import derive, hexmap
from inspections.charts import CSS, KEYS, LABELS, SHORT
from inspections.dataset import load_councils, load_dataset
from inspections.schema import GRADES, HEADLINE
from sitebuild import ROOT, BuiltSite

SVG = "{http://www.w3.org/2000/svg}"
XLINK_HREF = "{http://www.w3.org/1999/xlink}href"


@pytest.fixture(scope="module")
def registry():
    return load_councils(ROOT / "records" / "councils.yml")


@pytest.fixture(scope="module")
def current(registry):
    dataset = load_dataset(ROOT / "records")
    return derive.current_summaries(derive.summarise(dataset))


@pytest.fixture(scope="module")
def layout():
    return hexmap.load_layout()


def parse_svg(html: str) -> ET.Element:
    match = re.search(r"<svg\b.*?</svg>", html, re.S)
    assert match, "no <svg>"
    return ET.fromstring(match.group(0))


def hexes(svg: ET.Element) -> list[ET.Element]:
    return [a for a in svg.iter(f"{SVG}a") if "hex" in a.get("class", "").split()]


# --- the layout -------------------------------------------------------------------


def test_layout_has_153_distinct_cells_one_per_current_council(registry, layout):
    current = {slug for slug, c in registry.items() if c.is_current}
    assert len(current) == 153
    assert set(layout) == current
    assert len(set(layout.values())) == 153


def test_layout_is_one_piece(layout):
    assert len(build_hex_layout.components(set(layout.values()))) == 1


def test_layout_keeps_most_neighbours_in_their_region(registry, layout):
    at = {cell: slug for slug, cell in layout.items()}
    pairs = same = 0
    for slug, cell in layout.items():
        for nb in build_hex_layout.neighbours(*cell):
            if nb in at:
                pairs += 1
                same += registry[at[nb]].region == registry[slug].region
    assert same / pairs > 0.6
    # London, 33 boroughs, is one blob
    london = {cell for slug, cell in layout.items() if registry[slug].region == "london"}
    assert len(build_hex_layout.components(london)) == 1


def test_layout_follows_geography(registry, layout):
    """North is up and west is left: Northumberland above Cornwall, Norfolk
    right of Cheshire, and most pairs of councils keep their north-south order."""
    assert layout["northumberland"][1] < layout["cornwall"][1]
    assert layout["norfolk"][0] > layout["cheshire-west-and-chester"][0]
    slugs = sorted(layout)
    kept = total = 0
    for i, a in enumerate(slugs):
        for b in slugs[i + 1:]:
            dlat = registry[a].centroid.lat - registry[b].centroid.lat
            if abs(dlat) < 0.5:
                continue
            total += 1
            kept += (layout[a][1] < layout[b][1]) == (dlat > 0)
    assert kept / total > 0.95


def test_committed_layout_is_what_the_script_computes(registry):
    text = build_hex_layout.dump(build_hex_layout.build_layout(registry))
    assert text == (ROOT / "hooks" / "inspections" / "hex_layout.json").read_text(encoding="utf-8"), (
        "run scripts/build_hex_layout.py")
    assert json.loads(text)["cells"]


# --- the map ---------------------------------------------------------------------


def test_map_links_every_council_with_its_latest_grade(current):
    html = hexmap.hex_map(current)
    svg = parse_svg(html)
    cells = hexes(svg)
    assert len(cells) == 153
    by_slug = {s.council.slug: s for s in current}
    assert {a.get(XLINK_HREF) for a in cells} == {f"councils/{slug}/" for slug in by_slug}
    for a in cells:
        summary = by_slug[a.get("data-slug")]
        grade = summary.overall or "none"
        assert a.get("class").split() == ["hex", CSS[grade]]
        assert a.find(f"{SVG}text").text == SHORT[grade]
        title = a.find(f"{SVG}title").text
        assert title.startswith(summary.council.name + ": ")
        assert title.endswith(LABELS[grade].lower() if summary.overall else "no overall effectiveness grade")
        # what the picker switches to (a joint 2018 grade counts for both its parts)
        for key, value in derive.grades_with_joint_split(summary.grades).items():
            assert a.get(hexmap.data_attr(key)) == value
    desc = svg.find(f"{SVG}desc").text
    counts = derive.grade_counts(current)[HEADLINE]
    assert f"{counts['outstanding']} outstanding, {counts['good']} good" in desc
    assert f"{counts['none']} with no overall grade" in desc


def test_map_legend_and_picker(current):
    html = hexmap.hex_map(current)
    for key in KEYS:  # the map's legend: the four grades and "no grade"
        assert f'data-label="{LABELS[key]}"' in html
    options = re.findall(r'<option value="([^"]+)"', html)
    assert options[0] == "data-overall-effectiveness"
    assert set(options) == {hexmap.data_attr(k) for k in derive.grade_counts(current)}
    assert re.search(r'<div class="hexmap-picker" hidden>', html)  # shown only by the script


def test_cells_do_not_overlap(current):
    svg = parse_svg(hexmap.hex_map(current))
    centres = []
    for a in hexes(svg):
        text = a.find(f"{SVG}text")
        centres.append((float(text.get("x")), float(text.get("y"))))
    for i, (x1, y1) in enumerate(centres):
        for x2, y2 in centres[i + 1:]:
            assert (x1 - x2) ** 2 + (y1 - y2) ** 2 >= (hexmap.SPACING * 0.99) ** 2


def test_region_map_is_cropped_to_the_region(current):
    svg = parse_svg(hexmap.hex_map(current, region="london", map_id="hexmap-london",
                                   href=lambda slug: f"../../councils/{slug}/"))
    cells = hexes(svg)
    assert len(cells) == 33 and {a.get("data-region") for a in cells} == {"london"}
    assert all(a.get(XLINK_HREF).startswith("../../councils/") for a in cells)
    width = float(svg.get("viewBox").split()[2])
    assert width < 10 * hexmap.SPACING


def test_names_are_escaped(current):
    s = current[0]
    hostile = dataclasses.replace(s, council=dataclasses.replace(s.council, name='A <b>"x"</b> & y'))
    svg = parse_svg(hexmap.hex_map([hostile, *current[1:]]))
    first = next(a for a in hexes(svg) if a.get("data-slug") == s.council.slug)
    assert first.get("data-name") == 'A <b>"x"</b> & y'
    assert first.find(f"{SVG}title").text.startswith('A <b>"x"</b> & y: ')


def test_locator_highlights_one_council_without_links(current):
    svg = parse_svg(hexmap.locator_map(current, "leicester"))
    assert svg.get("role") == "img"
    paths = {p.get("class"): p.get("d") for p in svg.iter(f"{SVG}path")}
    hexagons = {name: d.count("M") for name, d in paths.items()}  # one subpath per hexagon
    east_midlands = sum(1 for s in current if s.council.region == "east-midlands")
    assert hexagons == {"hex other": 153 - east_midlands, "hex same-region": east_midlands - 1, "hex chosen": 1}
    assert not list(svg.iter(f"{SVG}a"))  # an image: no 153 tab stops on every council page
    assert "Leicester" in svg.find(f"{SVG}title").text
    assert "East Midlands" in svg.find(f"{SVG}desc").text
    assert hexmap.locator_map(current, "poole") == ""  # former councils are not on today's map


# --- in the built site -------------------------------------------------------------


@pytest.mark.slow
def test_home_page_map_links_all_153_council_pages(tmp_path_factory, current):
    from browser import real_site

    site = BuiltSite(real_site(tmp_path_factory))
    home = site.page("")
    figure = home.select_one("figure#hexmap")
    assert figure is not None
    links = figure.select("svg a.hex")
    assert len(links) == 153
    by_slug = {s.council.slug: s for s in current}
    for a in links:
        href = a["xlink:href"]
        assert href == f"councils/{a['data-slug']}/"
        assert site.exists(href), href  # the page exists where the link points
        grade = by_slug[a["data-slug"]].overall or "none"
        assert CSS[grade] in a["class"]
        assert a.title.get_text().startswith(by_slug[a["data-slug"]].council.name)
    assert home.select_one('link[href$="assets/charts.css"]')
    assert home.select_one('script[src$="assets/hexmap.js"]')
    # and the charts of the national picture
    for chart in ("chart-grades-now", "chart-overall-over-time", "chart-regions"):
        assert home.select_one(f"figure#{chart} svg[role=img]"), chart
    # the year-by-year chart ends where the "Overall effectiveness now" boxes are
    boxes = [int(li.select_one(".count").get_text()) for li in home.select("ul.headline-counts li")]
    table = home.select_one("figure#chart-overall-over-time details.chart-data table")
    heads = [th.get_text(strip=True) for th in table.select("thead th")]
    last = [td.get_text(strip=True) for td in table.select("tbody tr")[-1].find_all("td")]
    final = dict(zip(heads[1:], (int(v) for v in last), strict=True))
    assert [final[LABELS[g]] for g in GRADES] == boxes
    assert final[LABELS["no_overall"]] + final[LABELS["pending"]] == 153 - sum(boxes)
    link = home.select_one("figure#chart-overall-over-time figcaption a")
    assert link.get_text() == "Needs data" and site.exists(link["href"]), link["href"]


@pytest.mark.slow
def test_council_and_region_pages_have_their_pictures(tmp_path_factory):
    from browser import real_site

    site = BuiltSite(real_site(tmp_path_factory))
    page = site.page("councils/leicestershire/")
    assert page.select_one("figure#chart-timeline-leicestershire svg[role=img]")
    locator = page.select_one("figure#locator-leicestershire svg")
    assert locator.select_one("path.chosen")["d"].count("M") == 1
    region = site.page("regions/london/")
    links = region.select("figure#hexmap-london svg a.hex")
    assert len(links) == 33
    for a in links:
        assert a["xlink:href"].startswith("../../councils/")
        target = (site.path("regions/london/").parent / a["xlink:href"]).resolve()
        assert (target / "index.html").is_file(), a["xlink:href"]


# --- in a browser -----------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.browser
def test_picker_recolours_the_map_and_hexagons_take_keyboard_focus(tmp_path_factory, current):
    from browser import CHROMIUM, launch, real_site, serve

    if not CHROMIUM.exists():
        pytest.skip("needs Debian's chromium")
    from playwright.sync_api import sync_playwright

    by_slug = {s.council.slug: s for s in current}
    with serve(real_site(tmp_path_factory)) as url, sync_playwright() as playwright:
        browser = launch(playwright)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        errors: list[str] = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.goto(url)
        picker = page.locator("#hexmap .hexmap-picker")
        assert picker.is_visible()  # the script shows it
        page.select_option("#hexmap-judgement", "data-help-and-protection")
        shown = page.eval_on_selector_all(
            "#hexmap a.hex",
            "els => els.map(a => [a.dataset.slug, a.getAttribute('class'), a.querySelector('text').textContent,"
            " a.querySelector('title').textContent])")
        assert len(shown) == 153
        for slug, cls, letter, title in shown:
            grade = by_slug[slug].grades.get("help_and_protection") or "none"
            assert cls == f"hex {CSS[grade]}" and letter == SHORT[grade]
            assert title.startswith(by_slug[slug].council.name + ": ")
            assert ("help and protection " + LABELS[grade].lower()) in title or grade == "none"
        assert page.locator("#hexmap .hexmap-showing").inner_text() == "Help and protection"
        # keyboard: hexagons are links in the tab order; Enter opens the council page
        first = page.locator("#hexmap a.hex").first
        slug = first.get_attribute("data-slug")
        first.focus()
        assert page.evaluate("document.activeElement.getAttribute('data-slug')") == slug
        page.keyboard.press("Enter")
        page.wait_for_url(f"**/councils/{slug}/")
        # Material's instant navigation back to the home page: no errors from
        # the SVG links, and the picker is set up on the swapped-in page
        page.goto(url + "ratings/")
        page.locator("a.md-header__button.md-logo").first.click()
        page.wait_for_selector("#hexmap .hexmap-picker:not([hidden])")
        assert page.locator("#hexmap a.hex").count() == 153
        assert errors == []
        browser.close()


@pytest.mark.slow
@pytest.mark.browser
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_charts_fit_a_phone_screen_with_legible_text(tmp_path_factory, scheme):
    """At 390px wide no chart or map is wider than the page column (nothing
    cut off, no sideways scrolling) and no chart text is drawn below 11px."""
    from browser import CHROMIUM, launch, real_site, serve

    if not CHROMIUM.exists():
        pytest.skip("needs Debian's chromium")
    from playwright.sync_api import sync_playwright

    measure = """() => [...document.querySelectorAll('article figure svg.ofsted-chart')]
      .filter(svg => svg.querySelector('text'))
      .map(svg => {
        const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
        const sizes = [...svg.querySelectorAll('text')].map(t => parseFloat(getComputedStyle(t).fontSize) * scale);
        const box = svg.parentElement;
        return [svg.closest('figure').id, Math.min(...sizes), box.scrollWidth - box.clientWidth,
                svg.closest('figure').getBoundingClientRect().right];
      })"""
    with serve(real_site(tmp_path_factory)) as url, sync_playwright() as playwright:
        browser = launch(playwright)
        page = browser.new_page(viewport={"width": 390, "height": 844}, color_scheme=scheme)
        seen = set()
        for path in ("", "councils/leicestershire/", "councils/northumberland/", "councils/birmingham/"):
            page.goto(url + path)
            assert page.evaluate("document.documentElement.scrollWidth") <= 390, path
            for figure, smallest, overflow, right in page.evaluate(measure):
                seen.add(figure)
                assert smallest >= 11 - 0.05, (path, figure, smallest)
                assert overflow <= 0 and right <= 390, (path, figure, overflow, right)
        assert {"hexmap", "chart-overall-over-time", "chart-timeline-birmingham"} <= seen
        browser.close()
