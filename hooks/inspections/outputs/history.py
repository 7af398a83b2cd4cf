"""The history: every record, newest first, by year and month, with what changed."""

from __future__ import annotations

from ..build import Build, Entry
from ..paths import HISTORY
from .generator import Page, render_page
from .table_view import newest_first


def build(b: Build) -> dict[str, str]:
    years: dict[int, dict[int, list[Entry]]] = {}
    for entry in newest_first(b.entries.values()):
        day = entry.inspection.published
        years.setdefault(day.year, {}).setdefault(day.month, []).append(entry)
    return {HISTORY: render_page(b, "history.md.j2", HISTORY, years=years, record_count=len(b.entries))}


OUTPUT = Page("History", build)
