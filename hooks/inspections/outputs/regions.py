"""A page per English region: its councils' grades, chart and map."""

from __future__ import annotations

from .. import derive, pictures
from ..build import Build
from ..paths import region_page
from ..schema import REGIONS
from .generator import Page, render_page
from .table_view import council_table


def region(b: Build, slug: str) -> str:
    path = region_page(slug)
    summaries = derive.current_summaries(b.summaries, slug)
    former = [s for s in b.summaries.values() if not s.council.is_current and s.council.region == slug]
    return render_page(
        b, "region.md.j2", path,
        region=slug,
        region_name=REGIONS[slug],
        table=council_table(summaries, b.as_of),
        counts=derive.grade_counts(summaries),
        council_count=len(summaries),
        former=sorted(former, key=lambda s: s.council.name.lower()),
        charts=pictures.region_charts(b, slug),
        map=pictures.region_map(b, slug, path),
    )


def build(b: Build) -> dict[str, str]:
    return {region_page(slug): region(b, slug) for slug in REGIONS}


OUTPUT = Page("Region pages", build)
