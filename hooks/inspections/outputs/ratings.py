"""The ratings index: every current council's latest grades in one table,
and the councils holding each overall grade now, since when."""

from __future__ import annotations

from .. import derive
from ..build import Build
from ..paths import RATINGS
from ..schema import GRADES, REGIONS
from .generator import Page, render_page
from .table_view import council_table


def by_overall_grade(summaries) -> dict[str, list[tuple[derive.CouncilSummary, derive.HeldSince | None]]]:
    """Councils (in the order given) by their overall grade now: each of
    GRADES, then NO_OVERALL and PENDING (derive.overall_kind), with since
    when they have held it. Every key is present, even with no council."""
    groups: dict[str, list] = {key: [] for key in derive.OVERALL_KEYS}
    for summary in summaries:
        groups[derive.overall_kind(summary)].append((summary, derive.overall_held_since(summary)))
    return groups


def build(b: Build) -> dict[str, str]:
    groups = by_overall_grade(b.current)
    return {RATINGS: render_page(
        b, "ratings.md.j2", RATINGS,
        table=council_table(b.current, b.as_of),
        council_count=len(b.current),
        regions=REGIONS,
        graded={grade: groups[grade] for grade in GRADES},
        without_overall=groups[derive.NO_OVERALL] + groups[derive.PENDING],
    )}


OUTPUT = Page("Ratings", build)
