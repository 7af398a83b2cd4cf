"""The charts and maps of each generated page, ready for its template.

Page generators ask here for the HTML of a page's `charts` and `map` slots,
given the build. Keeping the choice of pictures per page in this one place
leaves the page generators unaware of how they are drawn.

Links inside the SVG are raw HTML, which MkDocs does not rewrite or check,
so they are written as final relative URLs for MkDocs' default directory
URLs (`councils/leicester.md` is served at `councils/leicester/`). The
built-site tests check that every one of them resolves.
"""

from __future__ import annotations

from markupsafe import Markup

from . import bar_charts, derive, hexmap, timeline_chart
from .build import Build
from .paths import NEEDS_DATA, council_page, url


def _council_href(page_path: str):
    return lambda slug: url(page_path, council_page(slug))


def _join(*parts: Markup) -> Markup:
    return Markup("\n").join(p for p in parts if p)


def home_map(b: Build, page_path: str) -> Markup:
    return hexmap.hex_map(b.current, href=_council_href(page_path))


def home_charts(b: Build, page_path: str) -> Markup:
    dataset = b.dataset
    return _join(
        bar_charts.grade_distribution_chart(derive.grade_counts(b.current)),
        bar_charts.overall_over_time_chart(derive.overall_by_year(dataset, bar_charts.years_for(dataset)),
                                           needs_data_href=url(page_path, NEEDS_DATA)),
        bar_charts.region_chart(b.current),
    )


def region_map(b: Build, region: str, page_path: str) -> Markup:
    return hexmap.hex_map(b.current, region=region, href=_council_href(page_path), map_id=f"hexmap-{region}")


def region_charts(b: Build, region: str) -> Markup:
    summaries = derive.current_summaries(b.summaries, region)
    return bar_charts.grade_distribution_chart(derive.grade_counts(summaries), chart_id=f"chart-grades-{region}")


def council_charts(b: Build, slug: str) -> Markup:
    return timeline_chart.timeline_chart(b.summaries[slug])


def council_map(b: Build, slug: str) -> Markup:
    """Former councils are not on the map (it shows today's councils)."""
    return hexmap.locator_map(b.current, slug)
