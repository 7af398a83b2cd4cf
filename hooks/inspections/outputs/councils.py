"""A page per council, current and former: its latest grades, timeline,
every record, neighbours and links."""

from __future__ import annotations

from .. import derive, pictures, plain
from ..build import Build
from ..paths import GRADE_GUIDE, council_page, url
from ..schema import JUDGEMENTS, REGIONS
from .generator import Page, render_page
from .neighbours import COMPARED, SHORT_HEADINGS, comparison, key_text
from .table_view import newest_first


def council(b: Build, slug: str) -> str:
    summary = b.summaries[slug]
    council = summary.council
    summaries = b.summaries
    neighbours = comparison(summaries, slug)
    latest = summary.latest
    grades = [(key, latest.judgements[key]) for key in JUDGEMENTS if key in latest.judgements] if latest else []
    return render_page(
        b, "council.md.j2", council_page(slug),
        council=council,
        summary=summary,
        story=plain.council_story(summary),
        latest=latest,
        grades=grades,
        held=derive.overall_held_since(summary),
        age=derive.age_text(latest.published, b.as_of) if latest else "",
        timeline=newest_first(b.entries[i.id] for i in summary.inspections),
        predecessors=[summaries[s].council for s in council.predecessors if s in summaries],
        successors=[summaries[s].council for s in council.successors if s in summaries],
        neighbours=neighbours,
        neighbour_columns=[(key, SHORT_HEADINGS[key]) for key in COMPARED],
        neighbour_key=key_text(neighbours),
        region_name=REGIONS[council.region],
        api_url=b.paths.root_from(council_page(slug)) + b.paths.council_api(slug),
        guide_url=url(council_page(slug), GRADE_GUIDE),
        charts=pictures.council_charts(b, slug),
        map=pictures.council_map(b, slug),
    )


def build(b: Build) -> dict[str, str]:
    return {council_page(slug): council(b, slug) for slug in b.dataset.councils}


OUTPUT = Page("Council pages", build)
