"""What a generator is: a label, and a function from the build to files."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from ..build import Build
from ..paths import rel


@dataclass(frozen=True)
class Listing:
    """One line of the Data page's table of downloads."""

    path: str  # site path of the file
    label: str  # what the link says, usually the file name
    format: str
    description: str
    rows: int | str = ""  # number of data rows, or "" where rows do not apply


@dataclass(frozen=True)
class Page:
    """A family of generated pages: `build` returns {docs path: Markdown}."""

    label: str
    build: Callable[[Build], dict[str, str]]


def _nothing_listed(b: Build) -> list[Listing]:
    return []


@dataclass(frozen=True)
class Download:
    """A family of downloads: `build` returns {site path: text or bytes};
    `listing` says what the Data page shows of them."""

    label: str
    format: str
    build: Callable[[Build], dict[str, str | bytes]]
    listing: Callable[[Build], list[Listing]] = field(default=_nothing_listed)


def render_page(b: Build, template: str, page_path: str, **context) -> str:
    """A page template rendered for `page_path`, with `rel(target)` giving
    relative Markdown links from it (MkDocs checks them in strict mode)."""
    def page_rel(target: str) -> str:
        return rel(target, page_path)

    return b.render(template, page_path=page_path, rel=page_rel, council_path=b.paths.council_page,
                    region_path=b.paths.region_page, history_path=b.paths.history_page, **context)


def collect(generators, b: Build) -> dict[str, str | bytes]:
    """What every generator makes, as one {path: content}; two generators may not write one path."""
    out: dict[str, str | bytes] = {}
    for generator in generators:
        for path, content in generator.build(b).items():
            if path in out:
                raise ValueError(f"two generators write {path}: {generator.label} and another")
            out[path] = content
    return out
