"""Every address the site has, in one place: `SitePaths`.

Three kinds of path, never mixed up:
- docs paths of generated pages (`councils/leicester.md`), which MkDocs turns
  into directory URLs (`councils/leicester/`) and checks in strict mode;
- site paths of downloads (`data/latest.csv`), relative to the site root,
  written after MkDocs has checked links;
- links: relative from one page to another (`rel`, for Markdown links that
  MkDocs checks; `url`, for raw HTML that it does not), or absolute when the
  site's address is known (`absolute`).

These paths are the site's public URLs: links from outside depend on them.
"""

from __future__ import annotations

import functools
import posixpath
from dataclasses import dataclass

# --- Generated pages (docs paths) ---------------------------------------------------

HOME = "index.md"
RATINGS = "ratings.md"
HISTORY = "history.md"
NEEDS_DATA = "needs-data.md"
DATA_PAGE = "data.md"
COVERAGE = "coverage.md"
COUNCILS_INDEX = "councils/index.md"  # every council, A to Z
#: The hand-written guide to what grades and judgements mean (docs/grades.md).
GRADE_GUIDE = "grades.md"

# --- Downloads (site paths) -------------------------------------------------------------

INSPECTIONS_CSV = "data/inspections.csv"
INSPECTIONS_JSON = "data/inspections.json"
LATEST_CSV = "data/latest.csv"
LATEST_JSON = "data/latest.json"
COUNCILS_CSV = "data/councils.csv"
COUNCILS_JSON = "data/councils.json"
NEIGHBOURS_CSV = "data/neighbours.csv"
NEIGHBOURS_JSON = "data/neighbours.json"
WORKBOOK = "data/ilacs.xlsx"
DATAPACKAGE = "datapackage.json"
SITE_FEED = "feed.xml"

#: The CSV and JSON files of each published table.
TABLE_FILES: dict[str, tuple[str, str]] = {
    "inspections": (INSPECTIONS_CSV, INSPECTIONS_JSON),
    "latest": (LATEST_CSV, LATEST_JSON),
    "councils": (COUNCILS_CSV, COUNCILS_JSON),
    "neighbours": (NEIGHBOURS_CSV, NEIGHBOURS_JSON),
}


def council_page(slug: str) -> str:
    return f"councils/{slug}.md"


def history_page(year: int) -> str:
    """The records published in one year (`history/2025.md`); `history.md` is their index."""
    return f"history/{year}.md"


def region_page(slug: str) -> str:
    return f"regions/{slug}.md"


def council_api(slug: str) -> str:
    return f"api/councils/{slug}.json"


def council_feed(slug: str) -> str:
    return f"councils/{slug}/feed.xml"


def table_schema(table: str) -> str:
    return f"data/{table}.schema.json"


def council_url(slug: str) -> str:
    """A council page's site path (`councils/leicester/`), for downloads and feeds."""
    return directory_url(council_page(slug))


def directory_url(docs_path: str) -> str:
    """`councils/leicester.md` -> `councils/leicester/`; `index.md` -> `` (MkDocs' directory URLs)."""
    stem = docs_path.removesuffix(".md")
    if stem == "index" or stem.endswith("/index"):
        stem = stem[: -len("index")]
    return stem.rstrip("/") + "/" if stem.strip("/") else ""


@functools.lru_cache(maxsize=4096)
def rel(target: str, from_page: str) -> str:
    """A Markdown link from one docs page to another docs path, which MkDocs
    rewrites and checks (`../councils/leicester.md`). Cached: pages link to
    the same few pages thousands of times, and relpath is slow."""
    return posixpath.relpath(target, posixpath.dirname(from_page) or ".")


def url(from_page: str, to_page: str) -> str:
    """The link from one page to another as a browser resolves it, for raw
    HTML (SVG charts and maps) that MkDocs does not rewrite."""
    here = directory_url(from_page) or "."
    there = directory_url(to_page) or "."
    return posixpath.relpath(there, here).rstrip("/") + "/" if there != here else "./"


def root_from(page: str) -> str:
    """The site root relative to a page's URL (`councils/leicester.md` -> `../../`)."""
    return "../" * directory_url(page).count("/")


@dataclass(frozen=True)
class SitePaths:
    """The addresses of one build: the module's paths, plus the site's own
    address (`site_url`, empty when unknown) for absolute links in downloads
    and feeds."""

    site_url: str = ""

    home = HOME
    ratings = RATINGS
    history = HISTORY
    needs_data = NEEDS_DATA
    data_page = DATA_PAGE
    coverage = COVERAGE
    councils_index = COUNCILS_INDEX
    council_page = staticmethod(council_page)
    region_page = staticmethod(region_page)
    history_page = staticmethod(history_page)
    council_api = staticmethod(council_api)
    council_feed = staticmethod(council_feed)
    table_schema = staticmethod(table_schema)
    rel = staticmethod(rel)
    url = staticmethod(url)
    root_from = staticmethod(root_from)

    council_url = staticmethod(council_url)

    def absolute(self, path: str) -> str:
        """A URL for a site path: absolute when the site's address is known,
        otherwise left relative to the site root."""
        return self.site_url.rstrip("/") + "/" + path if self.site_url else path
