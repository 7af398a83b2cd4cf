"""Plain data classes for councils, inspections and validation problems."""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass, field

from .schema import GRADE_LABELS, KINDS


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one file, printed as `path:line: field: message`."""

    path: str
    line: int
    field: str
    message: str

    def __str__(self) -> str:
        # A file name or a key may hold a line break: one problem stays one line.
        path, field, message = _one_line(self.path), _one_line(self.field), _one_line(self.message)
        where = f"{path}:{self.line}" if self.line else path
        return f"{where}: {field}: {message}" if field else f"{where}: {message}"


_LINE_BREAKING = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def _one_line(text: str) -> str:
    """`text` with control characters and line breaks written as escapes (\\n, \\x1b)."""
    return _LINE_BREAKING.sub(lambda m: repr(m.group())[1:-1], text)


class RecordsInvalid(Exception):
    """Raised with every problem found, so callers can print them all at once."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


@dataclass(frozen=True)
class Centroid:
    lat: float
    lon: float


@dataclass(frozen=True)
class Council:
    slug: str
    name: str
    ofsted_urn: int
    la_number: int
    ons_code: str
    region: str  # region slug, see schema.REGIONS
    type: str  # see schema.COUNCIL_TYPES
    status: str  # current | former
    predecessors: tuple[str, ...] = ()
    successors: tuple[str, ...] = ()
    statistical_neighbours: tuple[str, ...] = ()
    centroid: Centroid | None = None
    also_known_as: tuple[str, ...] = ()
    ended: dt.date | None = None
    #: The day the council began, when known (given, or the day its predecessors ended).
    started: dt.date | None = None

    @property
    def is_current(self) -> bool:
        return self.status == "current"


@dataclass(frozen=True)
class Source:
    title: str
    url: str


@dataclass(frozen=True)
class Inspection:
    path: str  # repository-relative, e.g. records/leicester/2025-01-29-full-inspection.md
    council: str
    kind: str
    framework: str
    published: dt.date
    inspection_type: str | None = None
    inspection_start: dt.date | None = None
    inspection_end: dt.date | None = None
    lead_inspector: str | None = None
    judgements: dict[str, str] = field(default_factory=dict)
    grades_pending: bool = False
    report_url: str | None = None
    sources: tuple[Source, ...] = ()
    body: str = ""
    safeguarding_board: str | None = None
    published_in_report: dt.date | None = None
    report_sha256: str | None = None
    checked_on: dt.date | None = None
    #: Why the record knowingly breaks a rule of thumb (see schema.RECORD_FIELDS).
    exception: str | None = None

    @property
    def id(self) -> str:
        """Stable identifier: council slug and file name without `.md`."""
        return f"{self.council}/{self.path.rsplit('/', 1)[-1].removesuffix('.md')}"

    @property
    def anchor(self) -> str:
        return self.id.replace("/", "-")

    @property
    def graded(self) -> bool:
        return KINDS[self.kind].graded

    @property
    def has_grades(self) -> bool:
        return bool(self.judgements)

    @property
    def overall(self) -> str | None:
        return self.judgements.get("overall_effectiveness")

    @property
    def kind_label(self) -> str:
        return KINDS[self.kind].label

    @functools.cached_property  # compared millions of times at 10,000 records
    def sort_key(self) -> tuple:
        # Newest first when reversed; ties broken by path so order is stable.
        return (self.published, self.inspection_start or self.published, self.path)

    @property
    def needs_data(self) -> list[str]:
        """What a contributor could add: pending grades, missing dates."""
        gaps = []
        if self.grades_pending:
            gaps.append("grades")
        if self.inspection_start is None or self.inspection_end is None:
            gaps.append("inspection dates")
        return gaps


def grade_label(grade: str | None) -> str:
    return GRADE_LABELS.get(grade or "", "Not graded")
