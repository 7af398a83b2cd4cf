"""The registry of generated pages, in the order MkDocs receives them.

The Data page comes first: other pages link to it. Adding a page family: a
module in this package with an `OUTPUT = Page(...)`, and one line here.
"""

from __future__ import annotations

from ..build import Build
from . import councils, councils_index, data_page, history, home, needs_data, ratings, regions
from .generator import Page

PAGES: tuple[Page, ...] = (
    data_page.OUTPUT,
    home.OUTPUT,
    ratings.OUTPUT,
    history.OUTPUT,
    needs_data.OUTPUT,
    regions.OUTPUT,
    councils.OUTPUT,
    councils_index.OUTPUT,
)


def files(b: Build) -> dict[str, str]:
    """Every generated page, as {docs path: Markdown}."""
    out: dict[str, str] = {}
    for page in PAGES:
        for path, text in page.build(b).items():
            if path in out:
                raise ValueError(f"two page generators write {path}")
            out[path] = text
    return out
