"""Text in the charts, as a browser draws it: no label on top of another, none
outside its chart, and the words drawn on a mark (a timeline cell, a bar's
segment) inside the mark with room to spare.

The real site in headless Chromium (Debian's package), at a desktop and a
phone width: the home page, every region page and a sample of council pages
(those whose timelines wrap into most bands first). Each page is loaded once
and measured at each width; every `<text>` of every chart and map is
measured with getBoundingClientRect, so what is checked is what a reader
sees.

The site loads no web fonts, so readers see their own system's sans-serif
(San Francisco, Roboto, Arial, ...), and this machine's may be narrow. So the
phone width is measured a second time with the charts in WIDE_FONT, among the
widest common sans-serif fonts (installed with Debian's chromium): text that
fits in it fits in the fonts readers have.
"""

from __future__ import annotations

import re
from itertools import combinations
from pathlib import Path

import pytest
from browser import TIMEOUT_MS, Problems, launch, needs_chromium, real_site, serve

pytestmark = [pytest.mark.browser, needs_chromium]

WIDE_FONT = "DejaVu Sans"
#: How each page is measured: (viewport width, font of the charts or None for the page's own).
VIEWS = ((1280, None), (390, None), (390, WIDE_FONT))
#: Boxes may share this much (CSS px) before they count as overlapping or outside.
TOLERANCE = 1.0
#: The least room (CSS px) between the words on a mark (a timeline cell, a bar's segment) and its edges.
MARK_PADDING = 2.0
#: Council pages checked: at least this many.
COUNCILS = 12

#: Every text of every chart SVG on the page, in page coordinates (CSS px).
MEASURE = """() => {
  const box = el => { const r = el.getBoundingClientRect();
                      return {x0: r.left, y0: r.top, x1: r.right, y1: r.bottom}; };
  const words = t => {
    const spans = [...t.querySelectorAll('tspan')].map(s => s.textContent.trim()).filter(Boolean);
    return (spans.length ? spans.join(' ') : t.textContent).replace(/\\s+/g, ' ').trim();
  };
  return [...document.querySelectorAll('svg.ofsted-chart, svg.hexmap-svg')].map((svg, n) => {
    const figure = svg.closest('figure');
    return {
      id: (figure && figure.id) || svg.id || `svg ${n + 1}`,
      box: box(svg),
      texts: [...svg.querySelectorAll('text')].map(t => ({text: words(t), ...box(t)})).filter(t => t.text),
      marks: [...svg.querySelectorAll('g.cell, g.seg')].filter(g => g.querySelector('rect') && g.querySelector('text'))
        .map(g => ({text: words(g.querySelector('text')), rect: box(g.querySelector('rect')),
                    ...box(g.querySelector('text'))})),
    };
  });
}"""


def _council_sample(site_dir: Path) -> list[str]:
    """Council pages to check: those whose timelines have most columns (so wrap
    into most bands), then one of each other size, then the longest name."""
    heads = {}
    for page in sorted((site_dir / "councils").glob("*/index.html")):
        heads[page.parent.name] = len(re.findall(r'<g class="head"', page.read_text(encoding="utf-8")))
    most = sorted(heads, key=lambda slug: (-heads[slug], -len(slug), slug))
    sample = most[:COUNCILS - 4]
    for size in sorted(set(heads.values())):
        sample.append(next(slug for slug in most if heads[slug] == size))
    sample.append(max(heads, key=lambda slug: (len(slug), slug)))
    sample += [slug for slug in most if slug not in sample][:max(0, COUNCILS - len(set(sample)))]
    return list(dict.fromkeys(sample))


def _pages(site_dir: Path) -> list[str]:
    regions = sorted(p.parent.name for p in (site_dir / "regions").glob("*/index.html"))
    return ["", *(f"regions/{r}/" for r in regions), *(f"councils/{c}/" for c in _council_sample(site_dir))]


def _overlap(a: dict, b: dict) -> float:
    """How far two boxes overlap (CSS px) in the lesser direction; <= 0: apart."""
    return min(min(a["x1"], b["x1"]) - max(a["x0"], b["x0"]), min(a["y1"], b["y1"]) - max(a["y0"], b["y0"]))


def _outside(inner: dict, outer: dict, margin: float = 0.0) -> float:
    """How far (CSS px) `inner` reaches past `outer` less `margin` on any side; <= 0: inside."""
    return max(outer["x0"] + margin - inner["x0"], inner["x1"] - (outer["x1"] - margin),
               outer["y0"] + margin - inner["y0"], inner["y1"] - (outer["y1"] - margin))


def text_problems(where: str, charts: list[dict]) -> list[str]:
    """Overlapping labels, labels outside their chart, words on a mark too near its edges."""
    problems = []
    for chart in charts:
        at = f"{where} #{chart['id']}"
        for a, b in combinations(chart["texts"], 2):
            if (overlap := _overlap(a, b)) > TOLERANCE:
                problems.append(f"{at}: {a['text']!r} and {b['text']!r} overlap by {overlap:.1f}px")
        for t in chart["texts"]:
            if (out := _outside(t, chart["box"])) > TOLERANCE:
                problems.append(f"{at}: {t['text']!r} reaches {out:.1f}px outside the chart")
        for mark in chart["marks"]:
            if (out := _outside(mark, mark["rect"], MARK_PADDING)) > 0:
                problems.append(f"{at}: {mark['text']!r} has {MARK_PADDING - out:.1f}px of room to its mark's edge "
                                f"(at least {MARK_PADDING:.0f}px wanted)")
    return problems


def _view(width: int, font: str | None) -> str:
    return f"{width}px" + (f" in {font}" if font else "")


@pytest.fixture(scope="module")
def measured(tmp_path_factory) -> dict[tuple[str, str], list[dict]]:
    """(page, view) -> the page's charts as measured; each page loaded once."""
    from playwright.sync_api import sync_playwright

    site_dir = real_site(tmp_path_factory)
    results = {}
    with serve(site_dir) as base_url, sync_playwright() as playwright:
        browser = launch(playwright)
        try:
            page = browser.new_page(viewport={"width": VIEWS[0][0], "height": 900})
            page.set_default_timeout(TIMEOUT_MS)
            Problems(base_url).watch(page)  # offline: other hosts refused
            # The search index is not needed here, and loading it is most of a page's time.
            page.route("**/search/search_index.json", lambda route: route.abort())
            for path in _pages(site_dir):
                page.goto(base_url + path)  # until the load event: styles and scripts have run
                page.evaluate("document.fonts.ready.then(() => true)")
                for width, font in VIEWS:
                    page.set_viewport_size({"width": width, "height": 900})
                    style = page.add_style_tag(content=f".ofsted-chart {{ font-family: '{font}' }}") if font else None
                    results[(path, _view(width, font))] = page.evaluate(MEASURE)
                    if style:
                        style.evaluate("style => style.remove()")
        finally:
            browser.close()
    return results


def test_pages_and_charts_are_measured(measured):
    paths = {path for path, _ in measured}
    assert "" in paths
    assert sum(p.startswith("regions/") for p in paths) == 9
    assert sum(p.startswith("councils/") for p in paths) >= 10
    home = measured[("", _view(*VIEWS[0]))]
    assert {"chart-grades-now", "chart-regions", "chart-overall-over-time"} <= {chart["id"] for chart in home}
    labels = [t["text"] for chart in home if chart["id"] == "chart-regions" for t in chart["texts"]]
    assert any(label.startswith("London (") for label in labels), labels
    cells = [cell["text"] for charts in measured.values() for chart in charts for cell in chart["marks"]]
    assert "Requires improvement" in cells and len(cells) > 1000


@pytest.mark.parametrize("view", [_view(*v) for v in VIEWS])
def test_chart_text_neither_overlaps_nor_spills(measured, view):
    problems = []
    for (path, v), charts in sorted(measured.items()):
        if v == view:
            problems += text_problems(f"/{path} at {view}", charts)
    assert not problems, f"{len(problems)} problems:\n" + "\n".join(problems[:40])
