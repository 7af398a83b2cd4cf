"""Make untrusted record text safe for each place it is shown.

Record bodies and fields come from strangers' pull requests. Two layers:

- `body_problems` tells the validator what in a body the site would not show
  (raw HTML, images, links that are not full http(s) addresses, invisible
  text-direction controls), so a contributor gets a clear message instead of
  content silently disappearing.
- `markdown_to_html` renders Markdown and then cleans the HTML with nh3 (the
  Rust `ammonia` sanitiser, which parses like a browser and so is not fooled by
  entity or whitespace obfuscation such as `jav&#x09;ascript:`). Allow-list:
  no script, style, iframe, img, svg, event handlers, classes or ids; links
  only to absolute http(s) URLs. It is the backstop even for bodies the
  validator never saw.

Other contexts have their own escaping here too (`csv_cell`, `is_safe_url`).
"""

from __future__ import annotations

import functools
import html
import re
from html.parser import HTMLParser

import cmarkgfm
import nh3
from cmarkgfm.cmark import Options

ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "code", "em", "h3", "h4", "h5", "h6", "hr", "i",
    "li", "ol", "p", "pre", "strong", "sub", "sup", "table", "tbody", "td", "th", "thead", "tr", "ul",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "th": {"scope"}, "td": set()}
# Only absolute web links. No mailto (records must not publish people's
# addresses) and no relative links: the same body HTML appears on council
# pages, in feeds and in the API, so a relative link would be wrong somewhere.
URL_SCHEMES = {"http", "https"}

_LINK_REL = "nofollow noopener"
# nh3 serialises attributes in source order and adds rel last, so an <a> that
# lost its href looks exactly like this.
_DEAD_LINK = re.compile(r'<a(?: title="[^"]*")? rel="nofollow noopener">(.*?)</a>', re.S)
# Characters that reorder how text is displayed (the "Trojan Source" trick):
# LRE, RLE, PDF, LRO, RLO and the isolates LRI, RLI, FSI, PDI.
BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")
# What browsers ignore inside a URL before reading its scheme (WHATWG URL:
# leading/trailing C0 controls and spaces, and tabs/newlines anywhere).
_URL_IGNORED = re.compile(r"[\x00-\x20]")


# Bodies are rendered with cmark-gfm (GitHub's own CommonMark parser, through
# the cmarkgfm bindings PyPI uses for package READMEs), not Python-Markdown:
# - a body then looks on the site as it does in GitHub's preview of the pull
#   request, where contributors write it;
# - it is about 17 times faster (0.15 s against 2.5 s for 10,000 bodies), and
#   rendering bodies was the largest cost the hooks added to a build
#   (docs/performance.md).
# Only the table extension: no autolinking of bare addresses (a bare e-mail
# address must not become a mailto: link) and nothing else Python-Markdown did
# not do before. Raw HTML is kept in the output (CMARK_OPT_UNSAFE) because nh3
# below is the sanitiser; cmark's own "safe" mode only tells us it was there.
# Results are cached by text: the validator, the council page, the feeds and
# the JSON API all ask for the same bodies in one build.
_CACHE_SIZE = 32_768
_EXTENSIONS = ["table"]
_RAW_OMITTED = "<!-- raw HTML omitted -->"
# What raw HTML in a source looks like, to quote it back in a message.
# An element with its text on one line first (`<b>x</b>`), then any one tag or comment.
_TAG_LIKE = re.compile(r"<([A-Za-z][\w-]*)\b[^<>\n]*>[^<\n]{0,60}</\1\s*>"
                       r"|<!--.*?(?:-->|$)|<[/!?]?[A-Za-z][^<>\n]{0,200}>?", re.S)


@functools.lru_cache(maxsize=_CACHE_SIZE)
def _render_markdown(text: str) -> tuple[str, tuple[str, ...]]:
    """Markdown -> HTML (not yet cleaned), plus the raw HTML chunks the text contained."""
    rendered = cmarkgfm.markdown_to_html_with_extensions(text, options=Options.CMARK_OPT_UNSAFE,
                                                         extensions=_EXTENSIONS)
    if "<" not in text:
        return rendered, ()
    # cmark's default (safe) mode writes a placeholder for each piece of raw HTML.
    safe = cmarkgfm.markdown_to_html_with_extensions(text, extensions=_EXTENSIONS)
    if safe.count(_RAW_OMITTED) <= text.count(_RAW_OMITTED):
        return rendered, ()
    chunks = tuple(m.group() for m in _TAG_LIKE.finditer(_without_code(text)))
    return rendered, chunks or tuple(m.group() for m in _TAG_LIKE.finditer(text)) or ("<",)


# Code shows its text as it is, so `<b>` in backticks or a fenced block is not
# the raw HTML a message should quote.
_FENCED_CODE = re.compile(r"^ {0,3}(`{3,}|~{3,})[^\n]*\n.*?(?:^ {0,3}\1[ \t]*$|\Z)", re.M | re.S)
_CODE_SPAN = re.compile(r"(?<!`)(`+)(?!`).+?(?<!`)\1(?!`)", re.S)


def _without_code(text: str) -> str:
    return _CODE_SPAN.sub(" ", _FENCED_CODE.sub("\n", text))


#: How long a body may be. The longest real body is about 2,300 characters;
#: a body of 256 KB of `<` added 20 s to a build (MkDocs and its search index
#: read every page's HTML in Python).
MAX_BODY_CHARS = 20_000
#: How deeply a body's elements may nest (quotes in lists in quotes, emphasis,
#: links). The HTML sanitiser's time grows with the square of the depth: a body
#: of 20,000 `>` took 4 s, and 256 KB of them would take minutes. Real bodies
#: nest 2 deep.
MAX_BODY_DEPTH = 16
#: How many elements a body may make. Real bodies make at most a few dozen; a
#: table of 40,000 rows kept the sanitiser and MkDocs busy for 15 s.
MAX_BODY_ELEMENTS = 5_000
_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9-]*)\b[^<>]*?(/?)>")
_VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
                   "source", "track", "wbr"})


def shape_problem(html: str) -> str | None:
    """What makes `html` too costly to clean and publish (nesting or size), or
    None; found without the cost the sanitiser would pay. An end tag closes the
    nearest open element of its name, as a browser does; a stray one closes
    nothing, so it cannot hide depth."""
    if html.count("<") <= MAX_BODY_DEPTH:  # each level and each element needs a tag of its own
        return None
    stack: list[str] = []
    elements = 0
    for closing, name, self_closing in _TAG.findall(html):
        name = name.lower()
        if closing:
            if name in stack:
                del stack[len(stack) - 1 - stack[::-1].index(name):]
            continue
        elements += 1
        if elements > MAX_BODY_ELEMENTS:
            return (f"makes more than {MAX_BODY_ELEMENTS:,} paragraphs, list items, table cells or other parts; "
                    "shorten it and link to the report for the detail")
        if not self_closing and name not in _VOID:
            stack.append(name)
            if len(stack) > MAX_BODY_DEPTH:
                return (f"nests quotes, lists, emphasis or links more than {MAX_BODY_DEPTH} levels deep; "
                        "write them flatter")
    return None


@functools.lru_cache(maxsize=_CACHE_SIZE)
def markdown_to_html(text: str) -> str:
    """Render a record body (Markdown) to HTML that is safe to put in a page.

    Headings in bodies are shifted down (h1/h2 become h3) so they sit under the
    page's own headings; raw HTML is cleaned, not trusted.
    """
    if not text or not text.strip():
        return ""
    rendered, _ = _render_markdown(BIDI_CONTROLS.sub("", text))
    if shape_problem(rendered):
        # The validator refuses such a body; should one arrive anyway, show it as
        # plain text rather than make the sanitiser spend minutes on it.
        return "<p>" + html.escape(BIDI_CONTROLS.sub("", text)) + "</p>"
    rendered = rendered.replace("<h1", "<h3").replace("</h1>", "</h3>")
    rendered = rendered.replace("<h2", "<h3").replace("</h2>", "</h3>")
    cleaned = nh3.clean(
        rendered,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        url_relative="deny",
        link_rel=_LINK_REL,
        strip_comments=True,
    )
    # A link whose target was refused keeps only its text (an <a> without
    # href but with rel is invalid HTML, and looks like a link that does nothing).
    return _DEAD_LINK.sub(r"\1", cleaned)


@functools.lru_cache(maxsize=_CACHE_SIZE)
def markdown_to_text(text: str) -> str:
    """Plain text of a body (for feeds' summaries and search).

    The result is text, not HTML: it may contain `<` and `&` (e.g. from a code
    span) and must be escaped for wherever it is put.
    """
    cleaned = nh3.clean(markdown_to_html(text), tags=set(), strip_comments=True)
    return " ".join(html.unescape(cleaned).split())


def is_safe_url(url: str | None) -> bool:
    """Only absolute http(s) links may be put in an href."""
    if not url or not isinstance(url, str) or _URL_IGNORED.search(url):
        return False
    return url.lower().startswith(("https://", "http://")) and len(url) > len("https://")


class _LinkCollector(HTMLParser):
    """Collects link targets and images from rendered Markdown (attribute
    values come out with character references decoded, as a browser sees them)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.hrefs: list[str] = []
        self.images = 0

    def handle_starttag(self, tag, attrs):
        if tag == "img":
            self.images += 1
        for name, value in attrs:
            if name == "href":
                self.hrefs.append(value or "")


# An inline link to an absolute web address, not an image, with nothing in it
# that Markdown would unescape or split differently.
_PLAIN_LINK = re.compile(r"(?<!!)\[[^\[\]\n]*\]\((https?://[^\s()<>\\&\"'`]+)\)")


def _plainly_safe(text: str) -> bool:
    """True when the body cannot contain anything `body_problems` reports, known
    without rendering it (most bodies: rendering is most of the validator's time).

    Raw HTML and autolinks need `<`; images, links and link definitions need `[`
    (the only extension is tables, which makes no links).
    So a body with no `<`, whose every `[` starts a plain inline link to a safe
    address, has no HTML, no image and no bad link. Anything else is rendered.
    """
    if "<" in text:
        return False
    if "[" not in text:
        return True
    for match in _PLAIN_LINK.finditer(text):
        if not is_safe_url(match.group(1)):
            return False
    return "[" not in _PLAIN_LINK.sub("", text)


def _short(text: str, limit: int = 50) -> str:
    text = " ".join(text.split())
    text = "".join(ch if ch.isprintable() else "?" for ch in text)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def body_problems(text: str) -> list[str]:
    """What in a record body the site would not show, as messages for the
    contributor (empty list when the body is fine). Never raises."""
    if not isinstance(text, str) or not text.strip():
        return []
    if len(text) > MAX_BODY_CHARS:
        return [f"is {len(text):,} characters long; at most {MAX_BODY_CHARS:,} allowed: summarise it, and link "
                "to the report for the detail"]
    problems: list[str] = []
    bidi = BIDI_CONTROLS.search(text)
    if bidi:
        problems.append(f"contains an invisible text-direction control character (U+{ord(bidi.group()):04X}); "
                        "remove it")
    try:
        rendered, raw_html = _render_markdown(text)
    except Exception as exc:  # the Markdown library failing is a problem to report, not a crash
        return problems + [f"could not be read as Markdown ({type(exc).__name__}); write plain Markdown"]
    too_costly = shape_problem(rendered)
    if too_costly:
        return problems + [too_costly]
    if _plainly_safe(text):
        return problems
    if raw_html:
        shown = ", ".join(f"`{_short(chunk, 30)}`" for chunk in raw_html[:3])
        problems.append(f"contains HTML ({shown}), which the site does not show; write Markdown only")
    links = _LinkCollector()
    try:
        links.feed(rendered)
        links.close()
    except AssertionError:  # html.parser gives up on some raw HTML, e.g. "<![A:" (found by hypothesis)
        if not raw_html:
            problems.append("could not be read as Markdown; write plain Markdown")
    if links.images:
        problems.append("contains an image (`![...](...)`), which the site does not show; "
                        "link to the picture with [text](https://...) instead")
    for href in links.hrefs:
        if not is_safe_url(href):
            problems.append(f"links to '{_short(href)}'; a link must be a full web address "
                            "starting with https:// (or http://)")
    return problems


# OWASP "CSV injection": a cell starting with one of these may run as a formula.
# Full-width forms too: some spreadsheets normalise them to the ASCII ones.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n", "\uff1d", "\uff0b", "\uff0d", "\uff20")


def csv_cell(value) -> str:
    """A value for a CSV/spreadsheet cell that a spreadsheet will not run as
    a formula (OWASP: prefix a quote to cells starting with = + - @ tab CR,
    also after leading spaces). Numbers, booleans and dates pass unchanged."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return str(value)
    text = str(value)
    if text.startswith(_FORMULA_STARTS) or text.lstrip().startswith(_FORMULA_STARTS):
        return "'" + text
    return text
