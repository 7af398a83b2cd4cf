"""What this record holds: how many records of each kind, by year of
publication, and what it does not hold yet (kinds with few records, former
councils with none, grades still to fill in). Only what the records show:
no numbers from outside them."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from ..build import Build
from ..model import Inspection
from ..paths import COVERAGE
from ..schema import KINDS
from .generator import Page, render_page


@dataclass(frozen=True)
class Year:
    year: int
    counts: tuple[int, ...]  # one per kind, in KINDS order

    @property
    def total(self) -> int:
        return sum(self.counts)


def kind_counts(inspections) -> dict[str, int]:
    """How many records of each kind (every kind in KINDS, zero included)."""
    counts = Counter(i.kind for i in inspections)
    return {kind: counts[kind] for kind in KINDS}


def by_year(inspections) -> list[Year]:
    """Records by year of publication and kind, newest year first, with
    every year between the first and the last, even those with none."""
    counts = Counter((i.published.year, i.kind) for i in inspections)
    if not counts:
        return []
    years = [year for year, _ in counts]
    return [Year(year, tuple(counts[(year, kind)] for kind in KINDS))
            for year in range(max(years), min(years) - 1, -1)]


def _judged_inadequate(inspections: tuple[Inspection, ...]) -> set[str]:
    """Councils with a full inspection on record judged inadequate overall:
    Ofsted makes monitoring visits to them until they are inspected again."""
    return {i.council for i in inspections if i.graded and i.overall == "inadequate"}


def build(b: Build) -> dict[str, str]:
    inspections = b.dataset.inspections
    with_records = {i.council for i in inspections}
    former_without = sorted((c for c in b.dataset.councils.values()
                             if not c.is_current and c.slug not in with_records), key=lambda c: c.name)
    return {COVERAGE: render_page(
        b, "coverage.md.j2", COVERAGE,
        kinds=KINDS,
        years=by_year(inspections),
        totals=kind_counts(inspections),
        record_count=len(inspections),
        checked_count=sum(1 for i in inspections if i.checked_on),
        pending_count=sum(1 for i in inspections if i.grades_pending),
        inadequate_count=len(_judged_inadequate(inspections)),
        former_without=former_without,
        has_contributing_page="contributing.md" in b.docs_pages,
    )}


OUTPUT = Page("What this record holds", build)
