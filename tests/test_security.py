"""Untrusted record text: the sanitiser, the validator's body rule, CSV cells.

The whole-pipeline checks (hostile records built into a site, every output
inspected) are at the end: they build a throw-away site (about 10 s).
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
import json
import re
from pathlib import Path
from urllib.parse import urlsplit

import openpyxl
import pytest
import yaml
from browser import TIMEOUT_MS, build, launch, make_project, needs_chromium, open_page, serve
from bs4 import BeautifulSoup
from inert import element_findings, fragment_findings, unsafe_url, url_scheme
from inspections.dataset import load_councils
from inspections.load import parse_record
from inspections.sanitize import body_problems, csv_cell, is_safe_url, markdown_to_html, markdown_to_text
from inspections.validate import check_record
from lxml import etree
from record_texts import OUTSTANDING_JUDGEMENTS

ROOT = Path(__file__).resolve().parent.parent

# Each is a way to smuggle something executable (or a spoof) through Markdown.
HOSTILE_BODIES = {
    "script tag": "<script>alert(1)</script>hello",
    "script split by comment": "<scr<!-- -->ipt>alert(1)</script>",
    "event handler on img": "<img src=x onerror=alert(1)>",
    "svg onload": "<svg onload=alert(1)><circle r=1 /></svg>",
    "svg script": "<svg><script>alert(1)</script></svg>",
    "iframe": '<iframe src="https://evil.example/"></iframe>',
    "style element": "<style>body{display:none}</style>text",
    "style attribute": '<p style="position:fixed;top:0" onclick="alert(1)">p</p>',
    "object/embed": '<object data="x.swf"></object><embed src="x.swf">',
    "form action": '<form action="javascript:alert(1)"><button formaction="javascript:alert(2)">x</button></form>',
    "meta refresh": '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    "base href": '<base href="https://evil.example/">',
    "math xlink": '<math><mi xlink:href="javascript:alert(1)">x</mi></math>',
    "noscript mXSS": '<noscript><p title="</noscript><img src=x onerror=alert(1)>"></noscript>',
    "md javascript link": "[x](javascript:alert(1))",
    "md mixed-case scheme": "[x](JaVaScRiPt:alert(1))",
    "md tab entity in scheme": "[x](jav&#x09;ascript:alert(1))",
    "md decimal entity": "[x](&#106;avascript:alert(1))",
    "md named entity colon": "[x](javascript&colon;alert(1))",
    "md leading space": "[x]( javascript:alert(1))",
    "md angle target": "[x](<javascript:alert(1)>)",
    "md data link": "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "md vbscript link": "[x](vbscript:msgbox(1))",
    "md image javascript": "![i](javascript:alert(1))",
    "md image data svg": "![i](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)",
    "md reference link": "[x][r]\n\n[r]: javascript:alert(1)",
    "md reference data": "[x][r]\n\n[r]: data:text/html,<script>alert(1)</script>",
    "md autolink javascript": "<javascript:alert(1)>",
    "md autolink vbscript": "<vbscript:msgbox(1)>",
    "md title breakout": '[x](https://ok.example/ "t\\" onmouseover=alert(1) x")',
    "html javascript href": '<a href="javascript:alert(1)">x</a>',
    "html spaced href": '<a href="  javascript:alert(1)">x</a>',
    "html NUL in scheme": '<a href="java\x00script:alert(1)">x</a>',
    "html entity scheme": '<a href="&#x6a;avascript&colon;alert(1)">x</a>',
    "html newline in scheme": '<a href="java\nscript:alert(1)">x</a>',
    "protocol-relative": "[x](//evil.example/)",
    "heading with handler": "<h1 onclick=alert(1)>Head</h1>",
    "comment hiding script": "<!-- <script>alert(1)</script> -->",
    "rtl override": "report \u202egnp.exe",
    "marked section (html.parser asserts)": "<H1><![A:",
}

SCHEME_WORDS = ("javascript:", "vbscript:", "data:", "livescript:")


def assert_inert_html(fragment: str) -> None:
    """No executable element, event handler, style, or non-http(s) URL in HTML."""
    soup = BeautifulSoup(fragment, "html.parser")
    for bad in ("script", "iframe", "style", "object", "embed", "svg", "math", "img", "form", "base", "meta", "link"):
        assert soup.find(bad) is None, f"<{bad}> survived in {fragment!r}"
    for tag in soup.find_all(True):
        for name, value in tag.attrs.items():
            assert not name.lower().startswith("on"), f"{name}= survived in {fragment!r}"
            assert name.lower() not in ("style", "class", "id", "src", "srcset", "action", "formaction")
            if name.lower() == "href":
                assert is_safe_url(value), f"unsafe href {value!r} in {fragment!r}"
    assert "\u202e" not in fragment


@pytest.mark.parametrize("body", HOSTILE_BODIES.values(), ids=HOSTILE_BODIES.keys())
def test_sanitiser_leaves_nothing_executable(body):
    out = markdown_to_html(body)
    assert_inert_html(out)
    lowered = out.lower()
    for word in SCHEME_WORDS:
        # may appear as visible text only when escaped inside a text node, never in an attribute
        assert f'="{word}' not in lowered.replace(" ", "")


# Harmless once escaped, so the validator rightly lets them through.
ESCAPED_NOT_REJECTED = {"md title breakout"}
REJECTED = {k: v for k, v in HOSTILE_BODIES.items() if k not in ESCAPED_NOT_REJECTED}


@pytest.mark.parametrize("body", REJECTED.values(), ids=REJECTED.keys())
def test_validator_names_what_the_site_would_not_show(body):
    problems = body_problems(body)
    assert problems, f"no problem reported for {body!r}"
    assert all(isinstance(p, str) and p and "Traceback" not in p for p in problems)


def test_body_problems_messages_are_specific():
    assert "contains HTML (`<script>alert(1)</script>`)" in body_problems("<script>alert(1)</script>")[0]
    # the hidden tab is shown (percent-encoded, as the renderer writes it), so the contributor can find it
    assert "links to 'jav%09ascript:alert(1)'" in body_problems("[x](jav&#x09;ascript:alert(1))")[0]
    assert "image" in body_problems("![i](https://ok.example/a.png)")[0]
    assert "U+202E" in body_problems("a \u202eb")[0]
    assert "https://" in body_problems("[x](../leeds/)")[0]


@pytest.mark.parametrize("body", [
    "Plain text with a [link](https://www.gov.uk/) and <https://files.ofsted.gov.uk/v1/file/50004291>.",
    "x < y and a & b; performance data: improving; 3 > 2",
    "Entities are text: &amp; &copy; &#169;",
    "## A heading\n\n- a list\n- of items\n\n> a quote\n\n`code <b>` and\n\n    <script>in a code block</script>",
    "| a | b |\n|:--|--:|\n| 1 | 2 |",
    "",
])
def test_ordinary_markdown_is_accepted_and_kept(body):
    assert body_problems(body) == []
    out = markdown_to_html(body)
    assert_inert_html(out)
    if "[link]" in body:
        assert '<a href="https://www.gov.uk/" rel="nofollow noopener">link</a>' in out
    if "<script>in a code block" in body:
        assert "&lt;script&gt;in a code block" in out  # shown as text
        assert "<h3>A heading</h3>" in out  # body headings sit under the page's


def test_refused_link_keeps_its_text_without_a_dead_anchor():
    out = markdown_to_html('[the report](javascript:alert(1) "t") and <a title=x href="data:x">more</a>')
    assert "<a" not in out
    assert "the report" in out and "more" in out


def test_markdown_to_text_is_plain_text():
    text = markdown_to_text("**Bold** [link](https://x.example/) <script>alert(1)</script> `<b>`")
    assert text == "Bold link <b>"  # script dropped with its content; code shown as text, to be escaped by the caller


@pytest.mark.parametrize("url,ok", [
    ("https://files.ofsted.gov.uk/v1/file/1", True),
    ("http://example.org/", True),
    ("HTTPS://EXAMPLE.ORG/", True),
    ("javascript:alert(1)", False),
    (" https://example.org/", False),
    ("https://exa\nmple.org/", False),
    ("https://", False),
    ("//example.org/", False),
    ("data:text/html,x", False),
    ("", False),
    (None, False),
])
def test_is_safe_url(url, ok):
    assert is_safe_url(url) is ok


@pytest.mark.parametrize("value,expected", [
    ("=HYPERLINK(\"https://evil\",\"x\")", "'=HYPERLINK(\"https://evil\",\"x\")"),
    ("+1+1", "'+1+1"),
    ("-2+3", "'-2+3"),
    ("@SUM(A1)", "'@SUM(A1)"),
    ("\t=1", "'\t=1"),
    ("\r=1", "'\r=1"),
    ("  =1+1", "'  =1+1"),
    ("\uff1d1+1", "'\uff1d1+1"),
    ("Leeds", "Leeds"),
    ("O'Brien", "O'Brien"),
    (-3, "-3"),
    (2.5, "2.5"),
    (True, "true"),
    (None, ""),
    (dt.date(2024, 7, 12), "2024-07-12"),
])
def test_csv_cell_guards_formulas(value, expected):
    assert csv_cell(value) == expected


# --- the validator rejects hostile bodies and fields, with a clear message -------------

GOOD_FRONT = """---
council: leeds
kind: full-inspection
framework: ilacs-2023
inspection_type: short
inspection_start: 2025-06-30
inspection_end: 2025-07-04
published: 2025-08-12
lead_inspector: {lead}
""" + OUTSTANDING_JUDGEMENTS + """\
report_url: https://files.ofsted.gov.uk/v1/file/50284438
---
"""


@pytest.fixture(scope="module")
def councils():
    return load_councils(ROOT / "records" / "councils.yml")


def _check(councils, body: str, lead: str = "Catherine Heron"):
    rel = "records/leeds/2025-08-12-full-inspection.md"
    raw = parse_record((GOOD_FRONT.format(lead=lead) + body).encode(), rel)
    assert not isinstance(raw, list), raw
    return check_record(raw, councils, dt.date(2026, 1, 1))


def test_validator_accepts_the_good_record(councils):
    inspection, problems = _check(councils, "A short, ordinary [note](https://www.gov.uk/).\n")
    assert problems == [] and inspection is not None


@pytest.mark.parametrize("body", [
    "<script>alert(1)</script>\n",
    "[x](jav&#x09;ascript:alert(1))\n",
    "![x](data:image/png;base64,AAAA)\n",
    "<svg onload=alert(1)>\n",
])
def test_validator_rejects_hostile_body(councils, body):
    inspection, problems = _check(councils, body)
    assert inspection is None
    assert [p.field for p in problems] == ["body"]
    text = str(problems[0])
    assert text.startswith("records/leeds/2025-08-12-full-inspection.md:")
    assert "https://" in text or "HTML" in text or "image" in text


def test_validator_rejects_bidi_override_in_a_field(councils):
    inspection, problems = _check(councils, "", lead="'Cath\u202eeriN'")
    assert inspection is None
    assert [(p.field, p.line) for p in problems] == [("lead_inspector", 9)]
    assert "text-direction" in problems[0].message


def test_angle_brackets_and_quotes_in_fields_are_allowed_text(councils):
    # Fields are plain text: escaping is the output's job (tested on the built site).
    inspection, problems = _check(councils, "", lead="'<b>\"O''Brien\" & co</b>'")
    assert problems == []
    assert inspection.lead_inspector == '<b>"O\'Brien" & co</b>'


# --- the whole pipeline: hostile records built into a site, every output inspected ---------

HOSTILE = ROOT / "tests" / "fixtures" / "hostile"
MARKER = "XSS"  # every payload carries it (see tests/fixtures/hostile/README.md)
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n", "\uff1d", "\uff0b", "\uff0d", "\uff20")


def _hostile_project(dest: Path) -> Path:
    accepted = HOSTILE / "accepted"
    extra = {p.relative_to(accepted).as_posix(): p.read_text(encoding="utf-8")
             for p in (accepted / "records").rglob("*.md")}
    added = yaml.safe_load((accepted / "councils.yml").read_text(encoding="utf-8"))

    def hostile_registry(data):
        for council in data["councils"]:
            if council["slug"] == "leicestershire":  # the Data page's example council
                council["name"] = HOSTILE_EXAMPLE_NAME
        return {**data, "councils": data["councils"] + added}

    return make_project(dest, extra_files=extra, registry=hostile_registry)


HOSTILE_EXAMPLE_NAME = "[x](javascript:alert('XSS-data')){: onclick=alert('XSS-data') } <b>Leicestershire</b>"


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory) -> Path:
    config = _hostile_project(tmp_path_factory.mktemp("hostile"))
    site_dir = config.parent / "site"
    result = build(site_dir, config=config)
    assert result.returncode == 0, f"the hostile records should build (they are valid):\n{result.stderr[-4000:]}"
    return site_dir


def _outputs(site_dir: Path, *suffixes: str) -> list[Path]:
    return sorted(p for p in site_dir.rglob("*") if p.is_file() and p.suffix in suffixes
                  and "assets" not in p.relative_to(site_dir).parts[:1])


@pytest.mark.slow
def test_hostile_records_reach_every_kind_of_output(hostile_site):
    """Not a vacuous pass: the hostile council and record are in the outputs."""
    council = BeautifulSoup((hostile_site / "councils/xss-council/index.html").read_text(encoding="utf-8"), "lxml")
    heading = council.find("h1").get_text()
    assert "<script>alert('XSS-name')</script>" in heading  # shown as text
    assert "[x](javascript:alert('XSS-md'))" in heading  # Markdown syntax in a name is text, not a link
    data_page = BeautifulSoup((hostile_site / "data/index.html").read_text(encoding="utf-8"), "lxml")
    assert HOSTILE_EXAMPLE_NAME in data_page.get_text()
    leeds = (hostile_site / "councils/leeds/index.html").read_text(encoding="utf-8")
    assert "XSS-lead" in leeds and "XSS-entity" in leeds
    for suffix in (".csv", ".json", ".xml"):
        texts = [p.read_text(encoding="utf-8") for p in _outputs(hostile_site, suffix)]
        assert any(MARKER in t for t in texts), f"no {suffix} output carries the hostile records"


def _local_file(url: str, page: Path, site_dir: Path) -> Path:
    """The built file a same-site URL points to (404.html uses absolute paths under site_url)."""
    url = url.split("#")[0].split("?")[0]
    if url.startswith("/"):
        base = urlsplit(_site_url()).path
        return site_dir / url.removeprefix(base).lstrip("/")
    return (page.parent / url).resolve()


@functools.cache
def _site_url() -> str:
    match = re.search(r"^site_url:\s*(\S+)", (ROOT / "mkdocs.yml").read_text(encoding="utf-8"), re.M)
    return match.group(1) if match else "/"


def _html_findings(path: Path, site_dir: Path) -> list[str]:
    soup = BeautifulSoup(path.read_text(encoding="utf-8"), "lxml")
    found = []
    for el in soup.find_all(["iframe", "frame", "frameset", "object", "embed", "applet", "base", "portal"]):
        found.append(f"<{el.name}>")
    for el in soup.find_all("meta", attrs={"http-equiv": True}):
        found.append(f"<meta http-equiv={el['http-equiv']}>")
    for el in soup.find_all(["script", "style"]):
        if MARKER in el.get_text():
            found.append(f"<{el.name}> with {el.get_text()[:80]!r}")
        src = el.get("src")
        if src is not None and (url_scheme(src) or not _local_file(src, path, site_dir).is_file()):
            found.append(f"<script src={src!r}> is not one of the site's own files")
        if el.name == "script" and el.get("type") not in (None, "application/json"):
            found.append(f"<script type={el.get('type')!r}>")
    for tag in soup.find_all(True):
        found.extend(element_findings(tag))
    if "1337" in soup.get_text():  # {{ 7*191 }} in a record must never be evaluated by a template
        found.append("template expression from a record was evaluated")
    return [f"{path.relative_to(site_dir)}: {f}" for f in found]


@pytest.mark.slow
def test_no_page_runs_anything_from_a_record(hostile_site):
    pages = _outputs(hostile_site, ".html")
    assert len(pages) > 150
    findings = [f for page in pages for f in _html_findings(page, hostile_site)]
    assert not findings, "\n".join(findings)


@pytest.mark.slow
def test_search_index_entries_are_inert(hostile_site):
    # Material's search shows titles and text as HTML: they must be escaped.
    index = json.loads((hostile_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    docs = index["docs"]
    assert any(MARKER in d["text"] or MARKER in d["title"] for d in docs)
    findings = [(d["location"], f) for d in docs for field in ("title", "text") for f in fragment_findings(d[field])]
    assert findings == []


def _feed_findings(path: Path) -> list[str]:
    tree = etree.parse(str(path), etree.XMLParser(resolve_entities=False, no_network=True))  # must be well-formed
    found = []
    for el in tree.iter():
        if not isinstance(el.tag, str):
            continue
        for name, value in el.attrib.items():
            if name in ("href", "src", "uri") and unsafe_url(value):
                found.append(f"<{etree.QName(el).localname} {name}={value[:60]!r}>")
        if el.get("type") == "html" and el.text:
            found.extend(fragment_findings(el.text))
        if el.get("type") == "xhtml":
            found.extend(fragment_findings(etree.tostring(el, encoding="unicode")))
        local = etree.QName(el).localname
        if local in ("description", "encoded") and el.text:  # RSS: entity-encoded HTML
            found.extend(fragment_findings(el.text))
    return [f"{path.name}: {f}" for f in found]


@pytest.mark.slow
def test_feeds_are_well_formed_and_inert(hostile_site):
    feeds = [p for p in _outputs(hostile_site, ".xml") if p.name != "sitemap.xml"]
    assert hostile_site / "feed.xml" in feeds
    assert hostile_site / "councils/xss-council/feed.xml" in feeds
    findings = [f for feed in feeds for f in _feed_findings(feed)]
    assert not findings, "\n".join(findings)


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


@pytest.mark.slow
def test_csv_cells_cannot_run_as_formulas(hostile_site):
    files = _outputs(hostile_site, ".csv")
    assert files
    bad, guarded = [], 0
    for path in files:
        with path.open(encoding="utf-8", newline="") as f:
            for row in csv.reader(f):
                for cell in row:
                    if cell.startswith(FORMULA_STARTS) and not _is_number(cell):
                        bad.append((path.name, cell[:60]))
                    guarded += cell.startswith("'=")
    assert bad == []
    assert guarded, "the hostile formula strings should be in the CSV, guarded with a quote"


@pytest.mark.slow
def test_json_is_strict_json(hostile_site):
    files = _outputs(hostile_site, ".json")
    assert any(p.parts[-3:-1] == ("api", "councils") for p in files)

    def no_constants(name):
        raise ValueError(f"{name} is not JSON")

    for path in files:
        json.loads(path.read_text(encoding="utf-8"), parse_constant=no_constants)
    api = json.loads((hostile_site / "api/councils/xss-council.json").read_text(encoding="utf-8"))
    assert "<script>alert('XSS-name')</script>" in json.dumps(api, ensure_ascii=False)  # data kept as data


@pytest.mark.slow
def test_workbook_has_no_formulas_or_unsafe_links(hostile_site):
    files = sorted(hostile_site.rglob("*.xlsx"))
    assert files
    for path in files:
        workbook = openpyxl.load_workbook(path)
        for sheet in workbook.worksheets:
            for row in sheet.iter_rows():
                for cell in row:
                    assert cell.data_type != "f", f"{path.name}!{cell.coordinate} is a formula: {cell.value!r}"
                    if cell.hyperlink is not None:
                        assert not unsafe_url(cell.hyperlink.target or ""), cell.hyperlink.target


@pytest.mark.slow
@pytest.mark.browser
@needs_chromium
def test_nothing_runs_in_a_real_browser(hostile_site):
    """The dynamic check: open the pages with hostile content in Chromium, use
    the search (Material renders results as HTML) and the map picker; no
    payload may run (they all call alert(), which would open a dialog)."""
    from playwright.sync_api import sync_playwright

    dialogs: list[str] = []
    with serve(hostile_site) as base_url, sync_playwright() as playwright:
        browser = launch(playwright)
        try:
            page = browser.new_page()
            page.set_default_timeout(TIMEOUT_MS)
            page.route("https://**", lambda route: route.abort())
            page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
            for path in ("councils/xss-council/", "councils/leeds/", "", "history/", "ratings/", "regions/london/"):
                open_page(page, base_url + path)
                page.mouse.move(200, 300)
                # Visible ones only: hidden lists (e.g. the home page's list of councils) cannot be hovered.
                shown = [e for e in page.locator("article a, article h1, article td").all() if e.is_visible()]
                for element in shown[:40]:
                    element.hover(force=True)
            open_page(page, base_url)  # the search index is loaded
            search = page.locator("input.md-search__input")
            results = page.locator(".md-search-result__item")
            for query in ("script", "Quoted Council", "onerror"):
                search.fill("")
                results.first.wait_for(state="detached")  # the last query's results are gone
                search.press_sequentially(query, delay=10)
                results.first.wait_for()
                # A grace period, not a wait for a state: nothing shows that a payload will not run.
                page.wait_for_timeout(300)
            assert results.count() > 0
        finally:
            browser.close()
    assert dialogs == []


# --- the Data page: the example council's name comes from the registry -----------------------

HOSTILE_NAME = ("[x](javascript:alert('XSS-data')){: onclick=alert('XSS-attr') } "
                "<img src=x onerror=alert(1)> *em* `code` | cell")


def test_data_page_shows_a_hostile_council_name_as_text():
    """The Data page names an example council; Markdown, attribute lists and HTML
    in its name must stay text (the page's template once had autoescape off)."""
    import dataclasses

    from inspections.build import make_build
    from inspections.dataset import load_dataset
    from inspections.outputs import data_page
    from test_fuzz_render import _page_findings, _to_html

    dataset = load_dataset(ROOT / "records")
    councils = dict(dataset.councils)
    councils["leicestershire"] = dataclasses.replace(councils["leicestershire"], name=HOSTILE_NAME)
    page = data_page.build(make_build(dataclasses.replace(dataset, councils=councils), dt.date(2026, 11, 1)))["data.md"]
    _, html = _to_html(page)
    assert _page_findings(html) == []
    soup = BeautifulSoup(html, "lxml")
    assert HOSTILE_NAME in soup.get_text()
    assert not soup.find("a", string="x") and not soup.find("em", string="em")


@pytest.mark.parametrize("body", [
    "Use `<b>` for bold, but <i>this</i> is raw.",
    "```\n<b>code</b>\n```\n\nThen <i>this</i> is raw.",
    "``<b>`` and <i>this</i>",
])
def test_the_html_message_quotes_the_raw_html_not_code(body):
    (message,) = body_problems(body)
    assert message == "contains HTML (`<i>this</i>`), which the site does not show; write Markdown only"
