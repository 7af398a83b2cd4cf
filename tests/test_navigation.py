"""Finding a council and getting around the real site: the A to Z page, the
home page's "find your council" box (a plain list without JavaScript, a
filter with it), the main menu, wide tables on phones and desktops, and the
skip link past each hex map. Parsed HTML first, then headless Chromium."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urldefrag, urljoin, urlsplit

import pytest
from browser import TIMEOUT_MS, Problems, needs_chromium, open_page, real_site
from inspections import derive
from inspections.charts import LABELS
from inspections.dataset import load_dataset
from sitebuild import ROOT, BuiltSite, text

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
#: The needs-data page was 69,000 px tall on a phone with a few hundred
#: records; with today's records it was 2,847 px (6 rows, about 470 px a
#: row, most of it a file path broken letter by letter). A card is far shorter.
NEEDS_DATA_ROW_PX = 230


@pytest.fixture(scope="module")
def site_dir(tmp_path_factory) -> Path:
    return real_site(tmp_path_factory)


@pytest.fixture(scope="module")
def site(site_dir) -> BuiltSite:
    return BuiltSite(site_dir)


@pytest.fixture(scope="module")
def summaries():
    return derive.summarise(load_dataset(ROOT / "records"))


def _resolves(site_dir: Path, page_url: str, href: str) -> bool:
    target = urlsplit(urldefrag(urljoin(page_url, href))[0]).path.lstrip("/")
    path = site_dir / target
    return (path / "index.html").is_file() if target.endswith("/") or not target else path.is_file()


# --- the A to Z page -------------------------------------------------------------------


def test_councils_a_to_z_lists_every_council_with_region_and_grade(site, site_dir, summaries):
    page = site.page("councils/")
    article = page.find("article")
    assert article.h1 and "A to Z" in text(article.h1)
    items = article.select("li.council-entry")
    assert len(items) == len(summaries) == 156
    by_name = {text(li.a): li for li in items}
    assert set(by_name) == {s.council.name for s in summaries.values()}
    for summary in summaries.values():
        council = summary.council
        li = by_name[council.name]
        assert _resolves(site_dir, "/councils/", li.a["href"]), li.a["href"]
        assert li.a["href"].rstrip("/").endswith(council.slug)
        words = text(li)
        from inspections.schema import REGIONS
        assert REGIONS[council.region] in words
        assert LABELS[derive.overall_kind(summary)] in words, words
        assert ("former council" in words.lower()) == (not council.is_current), words
    # grouped by first letter, with an index of letters linking to each group
    letters = sorted({s.council.name[0].upper() for s in summaries.values()})
    index = article.select("nav.letter-index a")
    assert [text(a) for a in index] == letters
    for a in index:
        group = page.find(id=a["href"].lstrip("#"))
        assert group is not None and text(group).startswith(text(a))
        names = [text(li.a) for li in group.find_next("ul").select("li.council-entry")]
        assert names and all(n.upper().startswith(text(a)) for n in names)
        assert names == sorted(names, key=str.lower)


def test_a_to_z_is_in_the_main_menu_and_performance_is_not(site):
    home = site.page("")
    nav = home.select_one("nav.md-nav--primary > ul.md-nav__list")
    top = [text(li.find(["a", "label"], recursive=False) or li) for li in nav.find_all("li", recursive=False)]
    assert not any(t.startswith("Performance") for t in top), top
    assert any("Councils A to Z" in t for t in top), top
    labels = [text(a) for a in nav.select("a.md-nav__link")]
    assert "How this site is built" in labels
    built = site.page("performance/")
    assert text(built.find("article").h1).startswith("How this site is built")


def test_no_page_links_to_a_top_level_performance_label(site_dir):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "[Performance]" not in readme


# --- the home page's finder -------------------------------------------------------------


def test_home_has_a_plain_list_of_every_council_without_javascript(site, site_dir, summaries):
    home = site.page("")
    finder = home.select_one("article .council-finder")
    assert finder is not None and finder.find_parent(["h1", "h2", "h3"]) is None
    listed = finder.select("ul.council-list li a")
    names = [text(a) for a in listed]
    current = [s.council.name for s in derive.current_summaries(summaries)]
    assert set(current) <= set(names)
    assert names == sorted(names, key=str.lower)
    for a in listed:
        assert _resolves(site_dir, "/", a["href"]), a["href"]
    # and the whole A to Z is one link away
    assert any(_resolves(site_dir, "/", a["href"]) and a["href"].rstrip("/").endswith("councils")
               for a in finder.find_all("a") if "A to Z" in text(a))


# --- in the browser -----------------------------------------------------------------------


@pytest.fixture
def open_at(chromium, base_url):
    contexts = []

    def opener(path: str, viewport=DESKTOP):
        context = chromium.new_context(viewport=viewport)
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(TIMEOUT_MS)
        problems = Problems(base_url)
        problems.watch(page)
        open_page(page, base_url + path)
        return page, problems

    yield opener
    for context in contexts:
        context.close()


def _visible_names(page) -> list[str]:
    return page.eval_on_selector_all(
        ".council-finder ul.council-list li",
        "items => items.filter(li => li.offsetParent !== null).map(li => li.querySelector('a').textContent.trim())")


@pytest.mark.browser
@needs_chromium
def test_typing_in_the_finder_filters_the_list(open_at):
    page, problems = open_at("")
    box = page.get_by_role("searchbox", name="Council name")
    box.press_sequentially("leic", delay=20)
    status = page.locator(".council-finder [role=status]")
    status.filter(has_text="2 councils").wait_for()
    assert _visible_names(page) == ["Leicester", "Leicestershire"]
    # keyboard: Tab from the box reaches the first match
    box.press("Tab")
    assert page.evaluate("() => document.activeElement.textContent.trim()") == "Leicester"
    box.fill("")
    box.press_sequentially("zzz", delay=20)
    status.filter(has_text="No council").wait_for()
    assert _visible_names(page) == []
    assert not problems.all(), "\n".join(problems.all())


@pytest.mark.browser
@needs_chromium
def test_skip_link_jumps_past_every_hexagon(open_at):
    page, problems = open_at("")
    skip = page.locator("a.skip-map").first
    assert skip.inner_text().strip() == "Skip the map"
    skip.focus()
    assert skip.evaluate("el => el.getBoundingClientRect().width > 1"), "visible on focus"
    # without the skip link, the next Tab stops enter the map
    page.keyboard.press("Tab")
    focused = page.evaluate("() => document.activeElement.closest('figure.hexmap') !== null")
    assert focused
    skip.focus()
    page.keyboard.press("Enter")
    hexagons = page.locator("figure.hexmap a.hex").count()
    assert hexagons > 100
    stops = []
    for _ in range(3):
        page.keyboard.press("Tab")
        stops.append(page.evaluate("() => document.activeElement.closest('figure.hexmap') !== null"))
    assert stops == [False, False, False], "Tab after the skip link lands on hexagons"
    assert not problems.all(), "\n".join(problems.all())


_WORDS_BROKEN = """table => {
  const broken = [];
  const walker = document.createTreeWalker(table, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode;
    if (node.parentElement.closest('.visually-hidden')) continue;
    const re = /\\S+/g;
    let m;
    while ((m = re.exec(node.textContent))) {
      const range = document.createRange();
      range.setStart(node, m.index);
      range.setEnd(node, m.index + m[0].length);
      if (range.getClientRects().length > 1) broken.push(m[0]);
    }
  }
  return broken;
}"""


@pytest.mark.browser
@needs_chromium
@pytest.mark.parametrize("path", ["", "regions/london/", "ratings/", "councils/leicestershire/", "coverage/"])
def test_no_table_breaks_a_word_on_a_phone(open_at, path):
    """Links in tables (judgement names, grades, councils) wrap between words, never inside one."""
    page, problems = open_at(path, PHONE)
    broken = {}
    for table in page.locator("article table").all():
        broken.update({word: table.get_attribute("class") for word in table.evaluate(_WORDS_BROKEN)})
    assert broken == {}
    assert not problems.all(), "\n".join(problems.all())


@pytest.mark.browser
@needs_chromium
def test_a_wide_table_has_one_scroll_cue(open_at):
    """The shared cue (site.js) is the only one: a page adds no hint of its own."""
    page, problems = open_at("coverage/", PHONE)
    page.locator(".table-frame .scroll-hint").first.wait_for()
    hints = [el.inner_text() for el in page.locator("article :text-matches('scroll', 'i')").all() if el.is_visible()]
    assert len(hints) == 1, hints
    assert not problems.all(), "\n".join(problems.all())


@pytest.mark.browser
@needs_chromium
def test_needs_data_reflows_on_a_phone(open_at):
    page, problems = open_at("needs-data/", PHONE)
    width, client, height = page.evaluate("() => [document.documentElement.scrollWidth, "
                                          "document.documentElement.clientWidth, document.documentElement.scrollHeight]")
    assert width <= client, f"page is {width}px wide on a {client}px screen"
    wide = page.evaluate("""() => [...document.querySelectorAll('article *')]
        .filter(el => !el.closest('.visually-hidden'))
        .filter(el => el.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
        .map(el => el.tagName + '.' + el.className).slice(0, 5)""")
    assert wide == []
    table = page.locator("table.needs-data")
    rows = table.locator("tbody tr").count()
    assert rows > 0
    assert table.evaluate(_WORDS_BROKEN) == []
    assert height < 1200 + rows * NEEDS_DATA_ROW_PX < 69_000, f"{height}px for {rows} rows"
    # every cell says what it is, as the column headings did
    labels = table.evaluate("t => [...t.querySelectorAll('tbody td')].map(td => td.getAttribute('data-label'))")
    assert labels and all(labels)
    assert not problems.all(), "\n".join(problems.all())


@pytest.mark.browser
@needs_chromium
@pytest.mark.parametrize("path", ["ratings/", "regions/london/"])
def test_wide_tables_show_a_scroll_cue_and_can_be_scrolled_by_keyboard(open_at, path):
    page, problems = open_at(path)
    table_id = "ratings-table" if path == "ratings/" else "region-table"
    wrap = page.locator(f".table-wrap:has(#{table_id})")
    wrap.wait_for()
    assert wrap.evaluate("el => el.scrollWidth > el.clientWidth"), "the table is wider than its box"
    page.wait_for_function(f"() => document.querySelector('.table-wrap:has(#{table_id})')"
                           ".getAttribute('data-overflow') === 'right'")
    assert wrap.get_attribute("tabindex") == "0" and wrap.get_attribute("role") == "region"
    assert wrap.get_attribute("aria-label") or wrap.get_attribute("aria-labelledby")
    hint = page.locator(f".table-frame:has(#{table_id}) .scroll-hint")
    assert hint.is_visible() and "scroll" in hint.inner_text().lower()
    wrap.focus()
    for _ in range(3):
        page.keyboard.press("ArrowRight")
    # the arrow keys scroll the focused table (smoothly: wait for it)
    page.wait_for_function(f"() => document.querySelector('.table-wrap:has(#{table_id})').scrollLeft > 0")
    page.wait_for_function(f"() => document.querySelector('.table-wrap:has(#{table_id})')"
                           ".getAttribute('data-overflow') !== 'right'")
    wrap.evaluate("el => { el.scrollLeft = el.scrollWidth; }")
    page.wait_for_function(f"() => document.querySelector('.table-wrap:has(#{table_id})')"
                           ".getAttribute('data-overflow') === 'left'")
    # the council's name stays in view while the table scrolls
    first = wrap.locator("tbody th[scope=row]").first
    box, frame = first.bounding_box(), wrap.bounding_box()
    assert abs(box["x"] - frame["x"]) < 2
    assert not problems.all(), "\n".join(problems.all())


@pytest.mark.browser
@needs_chromium
@pytest.mark.parametrize("path, table", [("", "table.counts"), ("councils/leicestershire/", "#neighbours-table")])
def test_tables_that_fit_have_no_cue_or_extra_tab_stop(open_at, path, table):
    page, problems = open_at(path)
    wrap = page.locator(f".table-wrap:has({table})")
    assert wrap.evaluate("el => el.scrollWidth <= el.clientWidth")
    assert wrap.get_attribute("data-overflow") is None
    assert wrap.get_attribute("tabindex") is None
    assert not problems.all(), "\n".join(problems.all())
