"""`Build`: everything one build of the site knows, made once and read by
every generator (pages and downloads) instead of loose dicts.

It holds the validated Dataset, the dates the site speaks of, the derived
summaries (computed once per build), the site's addresses (`SitePaths`) and
the one Jinja environment, whose date filters are the one date formatter
(`dates.py`). It is frozen: generators read it and never change it, so their
order does not matter.
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass, field

import jinja2

from . import derive, templating
from .columns import TABLES
from .dataset import Dataset
from .derive import CouncilSummary
from .encode import to_csv
from .model import Council, Inspection
from .paths import SitePaths
from .rows import table_rows


@dataclass(frozen=True)
class Entry:
    """One record with what pages and feeds say about it."""

    inspection: Inspection
    council: Council
    sentence: str
    movement: str | None  # None for ungraded kinds


@dataclass(frozen=True)
class Build:
    dataset: Dataset
    #: The day the records last changed (their last commit): "how long ago" is counted to it,
    #: never to the clock. It says nothing about how current the records are: pages date
    #: the data by `published_until` and `checked_until`.
    as_of: dt.date
    paths: SitePaths
    site_name: str
    repo_url: str
    #: Docs paths of every page that exists besides the generated ones (e.g. "contributing.md").
    docs_pages: frozenset[str]
    summaries: dict[str, CouncilSummary]
    #: Current councils, by name.
    current: tuple[CouncilSummary, ...]
    #: Every record's change sentence and movement, by record id.
    entries: dict[str, Entry]
    env: jinja2.Environment = field(repr=False)

    @functools.cached_property
    def published_until(self) -> dt.date | None:
        """The newest publication date among the records: how far the record reaches."""
        return max((i.published for i in self.dataset.inspections), default=None)

    @functools.cached_property
    def checked_until(self) -> dt.date | None:
        """The latest day a record was checked against its Ofsted report, or None."""
        return max((i.checked_on for i in self.dataset.inspections if i.checked_on), default=None)

    @functools.cached_property
    def tables(self) -> dict[str, list[dict]]:
        """The rows of the published tables (`columns.TABLES`)."""
        return table_rows(self.dataset, self.summaries)

    @functools.cached_property
    def csv(self) -> dict[str, str]:
        """Each published table as CSV text."""
        return {name: to_csv(self.tables[name], columns) for name, columns in TABLES.items()}

    def render(self, template: str, **context) -> str:
        return self.env.get_template(template).render(b=self, as_of=self.as_of, **context)


DEFAULT_SITE_NAME = "Children's services inspections"


def make_build(dataset: Dataset, as_of: dt.date, *, site_url: str | None = None, site_name: str | None = None,
               repo_url: str | None = None, docs_pages=()) -> Build:
    summaries = derive.summarise(dataset)
    return Build(
        dataset=dataset,
        as_of=as_of,
        paths=SitePaths(site_url or ""),
        site_name=site_name or DEFAULT_SITE_NAME,
        repo_url=repo_url or "",
        docs_pages=frozenset(docs_pages),
        summaries=summaries,
        current=tuple(derive.current_summaries(summaries)),
        entries=_entries(summaries),
        env=templating.environment(),
    )


def _entries(summaries: dict[str, CouncilSummary]) -> dict[str, Entry]:
    """Change sentence and movement of every record, by id. One pass per
    council over its own records (grouped once), so no quadratic work."""
    entries = {}
    for summary in summaries.values():
        records = list(summary.inspections)
        for inspection in records:
            entries[inspection.id] = Entry(
                inspection,
                summary.council,
                derive.change_sentence(records, inspection),
                derive.movement(records, inspection) if inspection.graded and inspection.has_grades else None,
            )
    return entries
