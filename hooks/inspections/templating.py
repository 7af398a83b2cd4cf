"""The one Jinja environment of the site, and the filters that make record
text safe on a page.

Templates of two kinds share it:
- `*.md.j2` write Markdown with HTML blocks (pages). Every `{{ }}` value is
  made inert for HTML *and* Markdown (`md_text`), since record text must
  never become either.
- `*.html` write raw HTML (charts and maps). Values are escaped for HTML by
  autoescape, as usual.
Untrusted record bodies reach a page only through `body_html`
(`sanitize.markdown_to_html`), and external links only through `safe_url`.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path

import jinja2
from markupsafe import Markup, escape

from . import dates, schema
from .derive import MOVEMENT_LABELS, NO_OVERALL
from .model import grade_label
from .sanitize import is_safe_url, markdown_to_html
from .schema import GRADE_RANK, GRADES

TEMPLATES = Path(__file__).resolve().parent / "templates"

#: Names from schema.py that every template may use.
SCHEMA_GLOBALS = ("GRADES", "GRADE_LABELS", "JUDGEMENTS", "FRAMEWORKS", "REGIONS", "REGION_ONS_CODES", "KINDS",
                  "COUNCIL_TYPES", "INSPECTION_TYPES")

MOVEMENT_ARROWS = {"up": "↑", "down": "↓", "same": "→", "first": "", "none": ""}
MOVEMENT_ORDER = {"up": 0, "same": 1, "down": 2, "first": 3, "none": 4}

#: Characters that mean something in HTML or Markdown, written as numeric
#: character references instead. A reference reads the same in raw HTML and in
#: Markdown (which passes it through), so one escape is right in both places.
_INERT = {ord(c): f"&#{ord(c)};" for c in "&<>\"'\\`*_{}[]()#+!|~"}
_new_str = str.__new__


def md_text(value):
    """Text made inert for HTML and Markdown; Markup (already safe HTML) passes unchanged."""
    if isinstance(value, Markup) or not isinstance(value, str):
        return value
    # str.__new__ makes the Markup without Markup.__new__'s checks (the value is
    # already a str): this runs for every value on every page, 400,000 times at
    # 10,000 records, and the checks were a sixth of the time to render pages.
    return _new_str(Markup, value.translate(_INERT))


@jinja2.pass_context
def _finalize(context, value):
    """Markdown templates make every value inert for Markdown too; HTML templates leave it to autoescape."""
    if context.name.endswith(".html"):
        return value
    return md_text(value)


#: Backslash and what YAML will not take literally inside a double-quoted
#: scalar, written as \u escapes. (Not json.dumps/tojson: they write characters beyond
#: U+FFFF as surrogate pairs, which YAML rejects or decodes to lone surrogates.)
_YAML_ESCAPE = re.compile("[\\\\\x00-\x1f\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]")


def front_matter(value) -> Markup:
    """A front-matter value Material prints into the page unescaped (title,
    description: in <title>, the header and a meta attribute). HTML-escaped
    (so `"` becomes a reference), then double-quoted for YAML."""
    text = str(escape(str(value)))
    return Markup('"' + _YAML_ESCAPE.sub(lambda m: f"\\u{ord(m.group()):04x}", text) + '"')


def safe_url(url: str | None) -> str | None:
    return url if is_safe_url(url) else None


def body_html(text: str) -> Markup:
    return Markup(markdown_to_html(text))


def grade_class(grade: str | None) -> str:
    return f"grade-{grade.replace('_', '-')}" if grade else "grade-none"


def guide_anchor(key: str) -> str:
    """The anchor of a grade or judgement key in the grade guide (docs/grades.md)."""
    return key.replace("_", "-")


def grade_rank(grade: str | None) -> int:
    return GRADE_RANK.get(grade or "", len(GRADES))


def table_cell(text: str) -> Markup:
    """Schema prose on one line for a Markdown table cell: escaped like every
    other value (so `|` cannot split the cell), except that its `code` spans
    are shown as code."""
    parts = re.split(r"`([^`]+)`", " ".join(str(text).split()))
    return Markup("").join(code(part) if index % 2 else md_text(part) for index, part in enumerate(parts))


def code(text: str) -> Markup:
    """Text shown as code: an HTML <code> element, its text escaped for HTML and Markdown."""
    return Markup("<code>%s</code>") % md_text(str(text))


@functools.cache
def environment() -> jinja2.Environment:
    """The site's Jinja environment, made once per process."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,  # templates do not change during a build; skip mtime checks
        finalize=_finalize,
    )
    env.filters.update(
        long_date=dates.long_date,
        short_date=dates.short_date,
        month_name=dates.month_name,
        month_year=dates.month_year,
        short_month_year=dates.short_month_year,
        grade_label=grade_label,
        grade_class=grade_class,
        grade_rank=grade_rank,
        guide_anchor=guide_anchor,
        md=md_text,
        body_html=body_html,
        front_matter=front_matter,
        cell=table_cell,
        code=code,
    )
    env.tests["safe_url"] = is_safe_url
    # The schema's tables, by their own names, for templates to look things up in.
    env.globals.update({name: getattr(schema, name) for name in SCHEMA_GLOBALS})
    env.globals.update(NO_OVERALL=NO_OVERALL, MOVEMENT_LABELS=MOVEMENT_LABELS, MOVEMENT_ARROWS=MOVEMENT_ARROWS,
                       MOVEMENT_ORDER=MOVEMENT_ORDER)
    return env


def render(template: str, **context) -> str:
    return environment().get_template(template).render(**context)
