"""Every council, A to Z: current and former, with region and overall grade
now. The home page's "find your council" list is the same list."""

from __future__ import annotations

from dataclasses import dataclass

from .. import derive
from ..build import Build
from ..charts import LABELS
from ..derive import CouncilSummary
from ..paths import COUNCILS_INDEX
from .generator import Page, render_page


@dataclass(frozen=True)
class Listed:
    """One council in the A to Z."""

    summary: CouncilSummary
    grade: str  # its overall grade now, in words
    successors: tuple[str, ...]  # names of the councils that replaced a former one

    @property
    def council(self):
        return self.summary.council


def a_to_z(b: Build) -> list[Listed]:
    """Every council in the registry, by name (case ignored)."""
    names = {slug: s.council.name for slug, s in b.summaries.items()}
    listed = [
        Listed(s, LABELS[derive.overall_kind(s)], tuple(names[x] for x in s.council.successors if x in names))
        for s in b.summaries.values()
    ]
    return sorted(listed, key=lambda item: (item.council.name.lower(), item.council.slug))


def by_letter(listed: list[Listed]) -> dict[str, list[Listed]]:
    groups: dict[str, list[Listed]] = {}
    for item in listed:
        groups.setdefault(item.council.name[:1].upper(), []).append(item)
    return groups


def build(b: Build) -> dict[str, str]:
    listed = a_to_z(b)
    return {COUNCILS_INDEX: render_page(
        b, "councils_index.md.j2", COUNCILS_INDEX,
        groups=by_letter(listed),
        council_count=sum(1 for item in listed if item.council.is_current),
        former_count=sum(1 for item in listed if not item.council.is_current),
    )}


OUTPUT = Page("Councils A to Z", build)
