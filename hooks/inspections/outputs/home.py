"""The home page: counts, charts, the map and the newest records."""

from __future__ import annotations

from .. import derive, pictures
from ..build import Build
from ..paths import COUNCILS_INDEX, HOME
from .councils_index import a_to_z
from .coverage import kind_counts
from .generator import Page, render_page
from .table_view import newest_first

RECENT_COUNT = 10


def build(b: Build) -> dict[str, str]:
    current = b.current
    return {HOME: render_page(
        b, "home.md.j2", HOME,
        council_count=len(current),
        counts=derive.grade_counts(current),
        recent=newest_first(b.entries.values())[:RECENT_COUNT],
        record_count=len(b.dataset.inspections),
        kind_counts=kind_counts(b.dataset.inspections),
        no_overall_count=sum(1 for s in current if derive.overall_kind(s) == derive.NO_OVERALL),
        ungraded_count=sum(1 for s in current if not s.latest),
        has_data_page=b.paths.data_page in b.docs_pages,
        has_contributing_page="contributing.md" in b.docs_pages,
        charts=pictures.home_charts(b, HOME),
        map=pictures.home_map(b, HOME),
        councils=a_to_z(b),
        councils_index=COUNCILS_INDEX,
    )}


OUTPUT = Page("Home page", build)
