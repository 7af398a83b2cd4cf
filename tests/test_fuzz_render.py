"""Property tests: arbitrary Unicode, Markdown and HTML thrown at the sanitiser
and at the council page renderer. Never a traceback; never anything executable
in the output. (The loader and validator are fuzzed in test_fuzz_records.py.)
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import markdown
import yaml
from bs4 import BeautifulSoup
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from inert import element_findings, fragment_findings
from inspections import paths
from inspections.build import make_build
from inspections.dataset import Dataset
from inspections.model import Council, Inspection, Source
from inspections.outputs import pages as page_generators
from inspections.sanitize import body_problems, markdown_to_html, markdown_to_text

# Pieces of Markdown and HTML that combine into nasty inputs: hypothesis mixes
# them with arbitrary text, so it explores nesting, unclosed tags and entities.
PIECES = [
    "<script>", "</script>", "<scr", "ipt>", "<img src=x onerror=alert(1)>", "<svg onload=alert(1)>",
    "<iframe src=//x>", "<style>", "</style>", "<a href=\"", "javascript:", "jav&#x09;ascript:",
    "&#106;", "&colon;", "data:text/html,", "vbscript:", "\" onmouseover=\"alert(1)", "'", "\"", "<", ">",
    "[x](", ")", "![i](", "[r]: ", "[x][r]", "<https://a.example/>", "<", "`", "```", "\n", "\n\n",
    "    ", "# ", "## ", "> ", "- ", "1. ", "| a | b |\n|---|---|\n", "*", "_", "**", "\\", "&", "&amp;",
    "<!--", "-->", "<![CDATA[", "]]>", "<math><mi xlink:href=", "<noscript>", "</noscript>", "<p title=\"",
    "\u202e", "\u2066", "\x00", "\ufeff", "\u200b", "<h1>", "</h1>", "<table>", "<td>", "%0a", "\r",
    "<![", "<!x", "<?", "</", "A:",
]
MARKUP = st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=12)), max_size=40).map("".join)
ANY_TEXT = st.one_of(st.text(max_size=400), MARKUP)

FUZZ = settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FUZZ
@given(ANY_TEXT)
def test_sanitiser_never_fails_and_output_is_inert(text):
    html = markdown_to_html(text)
    assert isinstance(html, str)
    assert fragment_findings(html) == []
    assert "\u202e" not in html and "\u2066" not in html


@FUZZ
@given(ANY_TEXT)
def test_plain_text_and_problems_never_fail(text):
    assert isinstance(markdown_to_text(text), str)
    problems = body_problems(text)
    assert all(isinstance(p, str) and p for p in problems)


@FUZZ
@given(ANY_TEXT)
def test_a_body_the_validator_accepts_loses_nothing_but_markup(text):
    """If the validator accepts a body, the sanitiser had nothing to remove:
    no link lost its target (what a contributor wrote is what is shown)."""
    if body_problems(text):
        return
    html = markdown_to_html(text)
    assert html.count("<a ") == html.count("<a href=\"http")


# --- the renderer: a council page (and the pages listing it) for a generated record ----------

ROOT = Path(__file__).resolve().parent.parent
AS_OF = dt.date(2025, 1, 1)
# Text the validator might let through in a string field (one line, no control characters)
# and text it never would: the renderer must cope with both.
FIELD_TEXT = st.one_of(
    st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=80),
    st.lists(st.sampled_from(PIECES + ["{: onclick=alert(1) }", "]:", "\\", "|", "#", "---"]), min_size=1,
             max_size=12).map("".join),
)
URLS = st.one_of(
    st.sampled_from(["https://files.ofsted.gov.uk/v1/file/1", "javascript:alert(1)", "data:text/html,x",
                     "https://x.example/\"><script>alert(1)</script>", " https://x", "//evil.example/"]),
    st.builds(lambda t: "https://x.example/" + t, FIELD_TEXT),
)


def _mkdocs_markdown():
    """The Markdown extensions of mkdocs.yml, as MkDocs configures them."""
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    names, configs = [], {}
    for item in config["markdown_extensions"]:
        name, options = next(iter(item.items())) if isinstance(item, dict) else (item, {})
        names.append(name)
        configs[name] = options or {}
    return names, configs


MD_NAMES, MD_CONFIGS = _mkdocs_markdown()


def _to_html(page_markdown: str) -> tuple[dict, str]:
    """Front matter and HTML of a generated page, as MkDocs would make them."""
    assert page_markdown.startswith("---\n")
    _, front, body = page_markdown.split("---\n", 2)
    meta = yaml.safe_load(front) or {}
    md = markdown.Markdown(extensions=[*MD_NAMES, _caption_block()], extension_configs=MD_CONFIGS)
    return meta, md.convert(body)


def _caption_block():
    return _hook()._CaptionIsBlock()


def _hook():
    import importlib.util

    if "site_hook" not in sys.modules:
        spec = importlib.util.spec_from_file_location("site_hook", ROOT / "hooks" / "site.py")
        module = importlib.util.module_from_spec(spec)
        sys.modules["site_hook"] = module
        spec.loader.exec_module(module)
    return sys.modules["site_hook"]


def _page_findings(html: str) -> list[str]:
    """Active content in a whole generated page (it may have charts, forms and
    links of its own, unlike a record body)."""
    soup = BeautifulSoup(html, "lxml")
    found = [f"<{el.name}>" for el in soup.find_all(["script", "iframe", "frame", "object", "embed",
                                                      "applet", "style", "base", "meta", "link"])]
    for tag in soup.find_all(True):
        found.extend(element_findings(tag))
    return found


@st.composite
def datasets(draw):
    fuzz = Council(
        slug="fuzz-council", name=draw(FIELD_TEXT), ofsted_urn=1, la_number=1, ons_code=draw(FIELD_TEXT),
        region="london", type="london-borough", status=draw(st.sampled_from(["current", "former"])),
        statistical_neighbours=("other",), also_known_as=tuple(draw(st.lists(FIELD_TEXT, max_size=2))),
        successors=("other",) if draw(st.booleans()) else (),
    )
    other = Council(slug="other", name="Other", ofsted_urn=2, la_number=2, ons_code="E09000002",
                    region="london", type="london-borough", status="current", statistical_neighbours=("fuzz-council",))
    full = Inspection(
        path="records/fuzz-council/2024-05-20-full-inspection.md", council="fuzz-council", kind="full-inspection",
        framework="ilacs-2023", published=dt.date(2024, 5, 20), inspection_type="standard",
        inspection_start=dt.date(2024, 4, 8), inspection_end=dt.date(2024, 4, 19),
        lead_inspector=draw(st.one_of(st.none(), FIELD_TEXT)),
        judgements={"overall_effectiveness": "good", "impact_of_leaders": "inadequate",
                    "help_and_protection": "good", "children_in_care": "outstanding",
                    "care_leavers": "requires_improvement"},
        report_url=draw(st.one_of(st.none(), URLS)),
        sources=tuple(Source(t, u) for t, u in draw(st.lists(st.tuples(FIELD_TEXT, URLS), max_size=3))),
        body=draw(ANY_TEXT),
    )
    visit = Inspection(
        path="records/fuzz-council/2024-09-02-focused-visit.md", council="fuzz-council", kind="focused-visit",
        framework="ilacs-2023", published=dt.date(2024, 9, 2), lead_inspector=draw(st.one_of(st.none(), FIELD_TEXT)),
        body=draw(ANY_TEXT),
    )
    return Dataset({"fuzz-council": fuzz, "other": other}, (full, visit))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(datasets())
def test_renderer_never_fails_and_pages_are_inert(dataset):

    pages = page_generators.files(make_build(dataset, AS_OF))
    # The Data page names the first current council as its example (the fuzzed one, when current).
    for path in (paths.council_page("fuzz-council"), paths.HOME, paths.HISTORY, paths.RATINGS,
                 paths.region_page("london"), "data.md"):
        meta, html = _to_html(pages[path])
        findings = _page_findings(html)
        assert not findings, f"{path}: {findings}"
        for key in ("title", "description"):  # Material prints these unescaped
            value = str(meta.get(key, ""))
            assert "<" not in value and '"' not in value, f"{path}: front matter {key} {value!r}"


NESTING = ["> ", ">", "- ", "* ", "1. ", "  ", "*", "_", "[", "![", "<div>", "<", "|", "`", "\n", "x", "&#1;"]


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.sampled_from(NESTING), st.integers(1, 4000)), min_size=1, max_size=4))
def test_deep_or_long_bodies_are_answered_quickly(parts):
    """Pathological input: whatever the nesting, the validator and the sanitiser
    finish in seconds, and a body the validator accepts is within the bounds."""
    import time

    from inspections.sanitize import MAX_BODY_CHARS, shape_problem

    body = "".join(piece * count for piece, count in parts)[:MAX_BODY_CHARS]
    started = time.perf_counter()
    problems = body_problems(body)
    html = markdown_to_html(body)
    assert time.perf_counter() - started < 20
    if not problems:
        assert shape_problem(html) is None
