"""The history: a page per year of publication (every record of that year,
newest first, by month, with its region and kind and what changed), and an
index (`history.md`) linking every year with its count and showing the
latest year in full."""

from __future__ import annotations

from collections import Counter

from ..build import Build, Entry
from ..paths import HISTORY, history_page
from ..schema import KINDS, REGIONS
from .generator import Page, render_page
from .table_view import newest_first


def by_year(entries) -> dict[int, dict[int, list[Entry]]]:
    """Entries by year and month of publication, newest first."""
    years: dict[int, dict[int, list[Entry]]] = {}
    for entry in newest_first(entries):
        day = entry.inspection.published
        years.setdefault(day.year, {}).setdefault(day.month, []).append(entry)
    return years


def kind_counts(months: dict[int, list[Entry]]) -> dict[str, int]:
    """How many records of each kind (schema order), leaving out kinds with none."""
    counter = Counter(e.inspection.kind for entries in months.values() for e in entries)
    return {kind: counter[kind] for kind in KINDS if counter[kind]}


def build(b: Build) -> dict[str, str]:
    years = by_year(b.entries.values())
    counts = {year: sum(len(entries) for entries in months.values()) for year, months in years.items()}
    order = list(years)  # newest first
    pages = {HISTORY: render_page(
        b, "history.md.j2", HISTORY, years=years, counts=counts, record_count=len(b.entries),
        latest=order[0] if order else None,
    )}
    for n, (year, months) in enumerate(years.items()):
        path = history_page(year)
        pages[path] = render_page(
            b, "history_year.md.j2", path, year=year, months=months, count=counts[year],
            kinds=kind_counts(months), regions=REGIONS,
            newer=order[n - 1] if n > 0 else None, older=order[n + 1] if n + 1 < len(order) else None,
        )
    return pages


OUTPUT = Page("History", build)
