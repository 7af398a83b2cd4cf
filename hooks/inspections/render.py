"""Generated pages: one context dict per page, rendered by Jinja templates.

`pages(dataset, as_of, repo_url)` returns {docs path: Markdown text} for the
home page, the ratings index, the history, the needs-data list, a page per
council and a page per region. No MkDocs import here: `hooks/site.py` hands
the result to MkDocs.

Pages are Markdown with HTML blocks. Links between generated pages are
relative `.md` links (inside HTML via md_in_html `markdown="span"`), so
`mkdocs build --strict` checks every one. Untrusted record text is escaped
by Jinja (autoescape is on for every template) and bodies go through
`sanitize.markdown_to_html`; external links only through `safe_url`.

Charts and maps plug in through each page's context dict: add a
key in the matching `*_context` function (or wrap `pages`) and fill the
`{% block charts %}` / `{% block map %}` slots in the templates.
"""

from __future__ import annotations

import datetime as dt
import functools
import posixpath
import re
from dataclasses import dataclass
from pathlib import Path

import jinja2
from markupsafe import Markup, escape

from . import derive, pictures
from .dataset import Dataset
from .model import Council, Inspection, grade_label
from .sanitize import is_safe_url, markdown_to_html
from .schema import (
    COUNCIL_TYPES,
    FRAMEWORKS,
    GRADE_LABELS,
    GRADE_RANK,
    GRADES,
    HEADLINE,
    INSPECTION_TYPES,
    JUDGEMENTS,
    REGIONS,
)

TEMPLATES = Path(__file__).resolve().parent / "templates"

#: Stable URLs: docs paths of the generated pages (links from outside depend on them).
HOME, RATINGS, HISTORY, NEEDS_DATA = "index.md", "ratings.md", "history.md", "needs-data.md"
SINGLE_PAGES = (HOME, RATINGS, HISTORY, NEEDS_DATA)

RECENT_COUNT = 10

#: Under ILACS 2018 children in care and care leavers were one judgement. In
#: tables with separate columns for the two, it is shown in both, marked joint.
JOINT, JOINT_PARTS = derive.JOINT, derive.JOINT_PARTS

MOVEMENT_ARROWS = {"up": "↑", "down": "↓", "same": "→", "first": "", "none": ""}
MOVEMENT_ORDER = {"up": 0, "same": 1, "down": 2, "first": 3, "none": 4}


def council_path(slug: str) -> str:
    return f"councils/{slug}.md"


def region_path(slug: str) -> str:
    return f"regions/{slug}.md"


def is_generated_path(path: str) -> bool:
    """True for docs paths this module makes (used to keep them in the nav)."""
    return path in SINGLE_PAGES or path.startswith(("councils/", "regions/"))


# --- formatting helpers (Jinja filters) ---------------------------------------


def long_date(day: dt.date | None) -> str:
    """GOV.UK style: 12 July 2024."""
    return f"{day.day} {day:%B %Y}" if day else "not recorded"


def short_date(day: dt.date | None) -> str:
    """For tables: 4 Sep 2023."""
    return f"{day.day} {day:%b %Y}" if day else "not recorded"


def month_name(month: int) -> str:
    return dt.date(2000, month, 1).strftime("%B")


def grade_class(grade: str | None) -> str:
    return f"grade-{grade.replace('_', '-')}" if grade else "grade-none"


def grade_rank(grade: str | None) -> int:
    return GRADE_RANK.get(grade or "", len(GRADES))


#: Characters that mean something in HTML or Markdown, written as numeric
#: character references instead. A reference reads the same in raw HTML and in
#: Markdown (which passes it through), so one escape is right in both places.
_INERT = {ord(c): f"&#{ord(c)};" for c in "&<>\"'\\`*_{}[]()#+!|~"}
_new_str = str.__new__


def md_text(value):
    """Text made inert for HTML and Markdown. Jinja applies it to every `{{ }}`
    value (see `finalize` below); Markup (already safe HTML) passes unchanged."""
    if isinstance(value, Markup) or not isinstance(value, str):
        return value
    # str.__new__ makes the Markup without Markup.__new__'s checks (the value is
    # already a str): this runs for every value on every page, 400,000 times at
    # 10,000 records, and the checks were a sixth of the time to render pages.
    return _new_str(Markup, value.translate(_INERT))


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


def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,  # templates do not change during a build; skip mtime checks
        # Every interpolated string is escaped for HTML *and* Markdown: pages are
        # Markdown with HTML blocks, and record text must never become either.
        finalize=md_text,
    )
    env.filters.update(
        long_date=long_date,
        short_date=short_date,
        grade_label=grade_label,
        grade_class=grade_class,
        grade_rank=grade_rank,
        md=md_text,
        month_name=month_name,
        body_html=body_html,
        front_matter=front_matter,
    )
    env.tests["safe_url"] = is_safe_url
    env.globals.update(
        GRADES=GRADES,
        GRADE_LABELS=GRADE_LABELS,
        JUDGEMENTS=JUDGEMENTS,
        FRAMEWORKS=FRAMEWORKS,
        REGIONS=REGIONS,
        COUNCIL_TYPES=COUNCIL_TYPES,
        INSPECTION_TYPES=INSPECTION_TYPES,
        MOVEMENT_LABELS=derive.MOVEMENT_LABELS,
        MOVEMENT_ARROWS=MOVEMENT_ARROWS,
        MOVEMENT_ORDER=MOVEMENT_ORDER,
    )
    return env


# --- table rows shared by the ratings, region and council pages ---------------


@dataclass(frozen=True)
class Cell:
    judgement: str
    grade: str | None
    joint: bool = False  # shown from the ILACS 2018 joint judgement


@dataclass(frozen=True)
class Row:
    summary: derive.CouncilSummary
    cells: tuple[Cell, ...]
    age: str

    @property
    def council(self) -> Council:
        return self.summary.council

    @property
    def latest(self) -> Inspection | None:
        return self.summary.latest


def table_columns(summaries: list[derive.CouncilSummary]) -> list[str]:
    """Judgement columns for a table of councils: every judgement their latest
    grades use, in the schema's order, with the 2018 joint judgement folded
    into separate children in care / care leavers columns when both exist."""
    used = {key for s in summaries for key in s.grades}
    if JOINT in used and any(part in used for part in JOINT_PARTS):
        used = (used - {JOINT}) | set(JOINT_PARTS)
    if not used:
        used = {HEADLINE}
    return [key for key in JUDGEMENTS if key in used]


def _cell(grades: dict[str, str], key: str) -> Cell:
    if key in grades:
        return Cell(key, grades[key])
    if key in JOINT_PARTS and JOINT in grades:
        return Cell(key, grades[JOINT], joint=True)
    return Cell(key, None)


def table_rows(summaries: list[derive.CouncilSummary], columns: list[str], as_of: dt.date) -> list[Row]:
    rows = []
    for summary in summaries:
        grades = summary.grades
        age = derive.age_text(summary.latest.published, as_of) if summary.latest else ""
        rows.append(Row(summary, tuple(_cell(grades, key) for key in columns), age))
    return rows


def _table(summaries: list[derive.CouncilSummary], as_of: dt.date) -> dict:
    columns = table_columns(summaries)
    return {
        "columns": columns,
        "rows": table_rows(summaries, columns, as_of),
        "has_joint": JOINT in {k for s in summaries for k in s.grades} and JOINT not in columns,
        "has_no_overall": any(s.latest and not s.latest.overall for s in summaries),
        "frameworks": sorted({s.latest.framework for s in summaries if s.latest},
                             key=lambda k: list(FRAMEWORKS).index(k)),
    }


# --- per page contexts ---------------------------------------------------------


@dataclass(frozen=True)
class Entry:
    """One record with what pages say about it."""

    inspection: Inspection
    council: Council
    sentence: str
    movement: str | None  # None for ungraded kinds


def _entries(dataset: Dataset, summaries: dict[str, derive.CouncilSummary]) -> dict[str, Entry]:
    """Change sentence and movement of every record, by id. One pass per
    council over its own records (grouped once), so no quadratic work."""
    entries = {}
    for summary in summaries.values():
        records = list(summary.inspections)
        for inspection in records:
            entries[inspection.id] = Entry(
                inspection,
                summary.council,
                derive.change_sentence(records, inspection),
                derive.movement(records, inspection) if inspection.graded and inspection.has_grades else None,
            )
    return entries


def _newest_first(entries) -> list[Entry]:
    return sorted(entries, key=lambda e: e.inspection.sort_key, reverse=True)


def home_context(site: dict) -> dict:
    current = site["current"]
    return {
        "page_path": HOME,
        "council_count": len(current),
        "counts": derive.grade_counts(current),
        "recent": _newest_first(site["entries"].values())[:RECENT_COUNT],
        "record_count": len(site["dataset"].inspections),
        "no_overall_count": sum(1 for s in current if derive.overall_kind(s) == derive.NO_OVERALL),
        "ungraded_count": sum(1 for s in current if not s.latest),
        "has_data_page": "data.md" in site["docs_pages"],
        "has_contributing_page": "contributing.md" in site["docs_pages"],
        "charts": pictures.home_charts(site),
        "map": pictures.home_map(site, HOME),
    }


def ratings_context(site: dict) -> dict:
    current = site["current"]
    return {
        "page_path": RATINGS,
        "table": _table(current, site["as_of"]),
        "council_count": len(current),
        "regions": REGIONS,
    }


def region_context(site: dict, region: str) -> dict:
    summaries = derive.current_summaries(site["summaries"], region)
    former = [s for s in site["summaries"].values() if not s.council.is_current and s.council.region == region]
    return {
        "page_path": region_path(region),
        "region": region,
        "region_name": REGIONS[region],
        "table": _table(summaries, site["as_of"]),
        "counts": derive.grade_counts(summaries),
        "council_count": len(summaries),
        "former": sorted(former, key=lambda s: s.council.name.lower()),
        "charts": pictures.region_charts(site, region),
        "map": pictures.region_map(site, region, region_path(region)),
    }


def council_context(site: dict, slug: str) -> dict:
    summary = site["summaries"][slug]
    council = summary.council
    summaries = site["summaries"]
    neighbours = [summaries[n] for n in council.statistical_neighbours if n in summaries]
    comparison = [summary] + neighbours
    latest = summary.latest
    grades = []
    if latest:
        grades = [(key, latest.judgements[key]) for key in JUDGEMENTS if key in latest.judgements]
    return {
        "page_path": council_path(slug),
        "council": council,
        "summary": summary,
        "latest": latest,
        "grades": grades,
        "age": derive.age_text(latest.published, site["as_of"]) if latest else "",
        "timeline": _newest_first(site["entries"][i.id] for i in summary.inspections),
        "predecessors": [summaries[s].council for s in council.predecessors if s in summaries],
        "successors": [summaries[s].council for s in council.successors if s in summaries],
        "neighbours": neighbours,
        "neighbour_table": _table(comparison, site["as_of"]) if neighbours else None,
        "region_name": REGIONS[council.region],
        "charts": pictures.council_charts(site, slug),
        "map": pictures.council_map(site, slug),
    }


def history_context(site: dict) -> dict:
    years: dict[int, dict[int, list[Entry]]] = {}
    for entry in _newest_first(site["entries"].values()):
        day = entry.inspection.published
        years.setdefault(day.year, {}).setdefault(day.month, []).append(entry)
    return {"page_path": HISTORY, "years": years, "record_count": len(site["entries"])}


def needs_data_context(site: dict) -> dict:
    repo = site["repo_url"].rstrip("/")
    items = []
    for inspection in derive.needs_data(site["dataset"]):
        edit = f"{repo}/edit/main/{inspection.path}" if repo else None
        items.append({"entry": site["entries"][inspection.id], "gaps": inspection.needs_data,
                      "edit_url": safe_url(edit)})
    return {"page_path": NEEDS_DATA, "items": items, "repo_url": safe_url(repo)}


# --- entry point -------------------------------------------------------------


def site_context(dataset: Dataset, as_of: dt.date, repo_url: str, docs_pages=()) -> dict:
    """What every page may use. Computed once per build."""
    summaries = derive.summarise(dataset)
    return {
        "dataset": dataset,
        "docs_pages": frozenset(docs_pages),
        "as_of": as_of,
        "repo_url": repo_url or "",
        "summaries": summaries,
        "current": derive.current_summaries(summaries),
        "entries": _entries(dataset, summaries),
    }


@functools.lru_cache(maxsize=4096)
def _relative(target: str, start: str) -> str:
    # Cached: pages link to the same few pages thousands of times, and relpath is slow.
    return posixpath.relpath(target, start)


def pages(dataset: Dataset, as_of: dt.date, repo_url: str = "", docs_pages=()) -> dict[str, str]:
    """Every generated page: {docs path: Markdown}.

    `docs_pages`: paths of the hand-written pages (e.g. "data.md"), so the
    home page links only to pages that exist (strict mode would fail)."""
    env = _environment()
    site = site_context(dataset, as_of, repo_url, docs_pages)

    def render(template: str, context: dict) -> str:
        page_path = context["page_path"]

        def rel(target: str) -> str:
            """A relative link from this page to another docs path (strict mode checks it)."""
            return _relative(target, posixpath.dirname(page_path) or ".")

        return env.get_template(template).render(
            site=site, as_of=as_of, rel=rel, council_path=council_path, region_path=region_path, **context
        )

    out = {
        HOME: render("home.md.j2", home_context(site)),
        RATINGS: render("ratings.md.j2", ratings_context(site)),
        HISTORY: render("history.md.j2", history_context(site)),
        NEEDS_DATA: render("needs_data.md.j2", needs_data_context(site)),
    }
    for region in REGIONS:
        out[region_path(region)] = render("region.md.j2", region_context(site, region))
    for slug in dataset.councils:
        out[council_path(slug)] = render("council.md.j2", council_context(site, slug))
    return out
