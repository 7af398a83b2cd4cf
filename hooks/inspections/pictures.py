"""The charts and maps of each generated page, ready for its template.

`render.py` asks here for the HTML of a page's `charts` and `map` slots,
given the per-build `site` dict it already holds (summaries, current
councils, dataset). Keeping the choice of pictures per page in this one
place leaves `render.py` unaware of how they are drawn.

Links inside the SVG are raw HTML, which MkDocs does not rewrite or check,
so they are written as final relative URLs for MkDocs' default directory
URLs (`councils/leicester.md` is served at `councils/leicester/`). The
built-site tests check that every one of them resolves.
"""

from __future__ import annotations

import posixpath

from markupsafe import Markup

from . import charts, derive, hexmap


def directory_url(docs_path: str) -> str:
    """`councils/leicester.md` -> `councils/leicester/`; `index.md` -> ``."""
    stem = docs_path.removesuffix(".md")
    if stem == "index" or stem.endswith("/index"):
        stem = stem[: -len("index")]
    return stem.rstrip("/") + "/" if stem.strip("/") else ""


def relative_url(from_docs_path: str, to_docs_path: str) -> str:
    """The link from one page to another, as a browser resolves it."""
    here = directory_url(from_docs_path) or "."
    there = directory_url(to_docs_path) or "."
    return posixpath.relpath(there, here).rstrip("/") + "/" if there != here else "./"


def _council_href(page_path: str):
    return lambda slug: relative_url(page_path, f"councils/{slug}.md")


def _join(*parts: Markup) -> Markup:
    return Markup("\n").join(p for p in parts if p)


def home_map(site: dict, page_path: str = "index.md") -> Markup:
    return hexmap.hex_map(site["current"], href=_council_href(page_path))


def home_charts(site: dict, page_path: str = "index.md") -> Markup:
    current = site["current"]
    dataset = site["dataset"]
    return _join(
        charts.grade_distribution_chart(derive.grade_counts(current)),
        charts.overall_over_time_chart(derive.overall_by_year(dataset, charts.years_for(dataset)),
                                       needs_data_href=relative_url(page_path, "needs-data.md")),
        charts.region_chart(current),
    )


def region_map(site: dict, region: str, page_path: str) -> Markup:
    return hexmap.hex_map(site["current"], region=region, href=_council_href(page_path), map_id=f"hexmap-{region}")


def region_charts(site: dict, region: str) -> Markup:
    summaries = derive.current_summaries(site["summaries"], region)
    return charts.grade_distribution_chart(derive.grade_counts(summaries), chart_id=f"chart-grades-{region}")


def council_charts(site: dict, slug: str) -> Markup:
    return charts.timeline_chart(site["summaries"][slug])


def council_map(site: dict, slug: str) -> Markup:
    """Former councils are not on the map (it shows today's councils)."""
    return hexmap.locator_map(site["current"], slug)
