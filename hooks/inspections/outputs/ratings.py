"""The ratings index: every current council's latest grades in one table."""

from __future__ import annotations

from ..build import Build
from ..paths import RATINGS
from ..schema import REGIONS
from .generator import Page, render_page
from .table_view import council_table


def build(b: Build) -> dict[str, str]:
    return {RATINGS: render_page(
        b, "ratings.md.j2", RATINGS,
        table=council_table(b.current, b.as_of),
        council_count=len(b.current),
        regions=REGIONS,
    )}


OUTPUT = Page("Ratings", build)
