"""The registry of generated pages, in the order MkDocs receives them.

The Data page comes first: other pages link to it. Adding a page family: a
module in this package with an `OUTPUT = Page(...)`, and one line here.
"""

from __future__ import annotations

from ..build import Build
from . import councils, councils_index, coverage, data_page, history, home, needs_data, ratings, regions
from .generator import Page, collect

PAGES: tuple[Page, ...] = (
    data_page.OUTPUT,
    home.OUTPUT,
    ratings.OUTPUT,
    history.OUTPUT,
    needs_data.OUTPUT,
    coverage.OUTPUT,
    regions.OUTPUT,
    councils.OUTPUT,
    councils_index.OUTPUT,
)


def files(b: Build) -> dict[str, str]:
    """Every generated page, as {docs path: Markdown}."""
    return collect(PAGES, b)
