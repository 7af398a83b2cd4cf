"""Derived views of a Dataset: latest grades, movement, changes, counts.

Pure functions over the validated model; no I/O, no MkDocs. Pages, exports,
feeds and charts all read these, so they agree with each other.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections import Counter
from dataclasses import dataclass, replace

from .dataset import Dataset
from .model import Council, Inspection, grade_label
from .schema import FRAMEWORKS, GRADE_RANK, GRADES, HEADLINE, JUDGEMENTS

# --- per council -------------------------------------------------------------


def full_inspections(inspections: list[Inspection]) -> list[Inspection]:
    """Graded kinds only (full inspections), oldest first."""
    return [i for i in inspections if i.graded]


def latest_graded(inspections: list[Inspection]) -> Inspection | None:
    """The newest full inspection with at least one grade recorded."""
    for inspection in reversed(inspections):
        if inspection.graded and inspection.judgements:
            return inspection
    return None


def _earlier(inspections: list[Inspection], current: Inspection):
    """The records before `current`, newest first, lazily. `inspections` is
    oldest first (sorted by sort_key), so a binary search finds where `current`
    goes: every page and export asks this for every record, and a scan of the
    council's whole list each time made the build quadratic in its records."""
    end = bisect.bisect_left(inspections, current.sort_key, key=_sort_key)
    return (inspections[n] for n in range(end - 1, -1, -1))


def _sort_key(inspection: Inspection) -> tuple:
    return inspection.sort_key


def previous_graded(inspections: list[Inspection], current: Inspection) -> Inspection | None:
    """The newest full inspection with grades published before `current`."""
    return next((i for i in _earlier(inspections, current) if i.graded and i.judgements), None)


def previous_overall(inspections: list[Inspection], current: Inspection) -> Inspection | None:
    """The newest earlier full inspection with an overall effectiveness grade."""
    return next((i for i in _earlier(inspections, current) if i.graded and i.overall), None)


MOVEMENT_LABELS = {
    "up": "Improved",
    "down": "Declined",
    "same": "No change",
    "first": "First overall grade on record",
    "none": "No overall grade",
}


def movement(inspections: list[Inspection], current: Inspection | None) -> str:
    """Overall effectiveness against the previous graded inspection:
    up, down, same, first (nothing earlier to compare), or none (this
    inspection has no overall grade, e.g. under ILACS 2026)."""
    if current is None or not current.overall:
        return "none"
    earlier = previous_overall(inspections, current)
    if earlier is None:
        return "first"
    diff = GRADE_RANK[current.overall] - GRADE_RANK[earlier.overall]
    return "same" if diff == 0 else ("up" if diff < 0 else "down")


@dataclass(frozen=True)
class Change:
    judgement: str
    before: str | None  # None: not judged last time (or a different judgement then)
    after: str

    @property
    def direction(self) -> str:
        if self.before is None:
            return "new"
        diff = GRADE_RANK[self.after] - GRADE_RANK[self.before]
        return "same" if diff == 0 else ("up" if diff < 0 else "down")


def changes(inspections: list[Inspection], current: Inspection) -> list[Change]:
    """Each judgement of `current` against the previous graded inspection."""
    earlier = previous_graded(inspections, current)
    before = earlier.judgements if earlier else {}
    return [Change(key, before.get(key), grade) for key, grade in _ordered(current.judgements)]


def _ordered(judgements: dict[str, str]) -> list[tuple[str, str]]:
    return [(key, judgements[key]) for key in JUDGEMENTS if key in judgements]


def _framework_family(key: str) -> str:
    return "ILACS" if key.startswith("ilacs") else FRAMEWORKS[key].name


def change_sentence(inspections: list[Inspection], current: Inspection) -> str:
    """What this inspection changed, in plain words, e.g.
    'overall effectiveness from requires improvement to outstanding; help
    and protection from requires improvement to good'."""
    if not current.graded:
        return f"{current.kind_label} (no grades)"
    if not current.judgements:
        return f"{current.kind_label}: grades not recorded yet"
    earlier = previous_graded(inspections, current)
    prior = next((i for i in _earlier(inspections, current) if i.graded), None)
    parts: list[str] = []
    if prior and _framework_family(prior.framework) != _framework_family(current.framework):
        parts.append(f"first inspection under {_framework_family(current.framework)}")
    elif not prior:
        parts.append("first inspection on record")
    elif earlier is None:
        parts.append("earlier grades not recorded")
    moved, same = [], []
    for change in changes(inspections, current):
        name = JUDGEMENTS[change.judgement].label.lower()
        after = grade_label(change.after).lower()
        if change.before is None:
            moved.append(f"{name} {after}")
        elif change.before == change.after:
            same.append(f"{name} {after}")
        else:
            moved.append(f"{name} from {grade_label(change.before).lower()} to {after}")
    parts.extend(moved)
    if same:
        parts.append("unchanged: " + ", ".join(same))
    if current.grades_pending:
        parts.append("some grades not recorded yet")
    if earlier is not None and HEADLINE in earlier.judgements and FRAMEWORKS[current.framework].drops_overall:
        parts.append("no overall effectiveness grade since the 2026 reform")
    return "; ".join(parts)


# --- across councils -----------------------------------------------------------


@dataclass(frozen=True)
class CouncilSummary:
    council: Council
    inspections: tuple[Inspection, ...]  # oldest first
    latest: Inspection | None  # latest graded full inspection
    previous: Inspection | None  # the one before it with an overall grade
    movement: str
    last_visit: Inspection | None  # newest record of any kind

    @property
    def grades(self) -> dict[str, str]:
        return dict(self.latest.judgements) if self.latest else {}

    @property
    def overall(self) -> str | None:
        return self.latest.overall if self.latest else None


def summarise(dataset: Dataset) -> dict[str, CouncilSummary]:
    """A summary per council (current and former), in registry order."""
    by_council: dict[str, list[Inspection]] = {slug: [] for slug in dataset.councils}
    for inspection in dataset.inspections:
        by_council[inspection.council].append(inspection)
    result = {}
    for slug, council in dataset.councils.items():
        records = by_council[slug]
        latest = latest_graded(records)
        result[slug] = CouncilSummary(
            council=council,
            inspections=tuple(records),
            latest=latest,
            previous=previous_overall(records, latest) if latest else None,
            movement=movement(records, latest),
            last_visit=records[-1] if records else None,
        )
    return result


def current_summaries(summaries: dict[str, CouncilSummary], region: str | None = None) -> list[CouncilSummary]:
    """Current councils (optionally of one region), sorted by name."""
    rows = [s for s in summaries.values() if s.council.is_current and (region is None or s.council.region == region)]
    return sorted(rows, key=lambda s: s.council.name.lower())


#: ILACS 2018 judged children in care and care leavers together; where a
#: count or table has the two separately, the joint grade counts for both.
JOINT = "children_in_care_and_care_leavers"
JOINT_PARTS = ("children_in_care", "care_leavers")


def grades_with_joint_split(grades: dict[str, str]) -> dict[str, str]:
    """`grades` with an ILACS 2018 joint grade given to each of its two parts."""
    if JOINT not in grades:
        return grades
    split = {key: grade for key, grade in grades.items() if key != JOINT}
    for part in JOINT_PARTS:
        split.setdefault(part, grades[JOINT])
    return split


def grade_counts(summaries: list[CouncilSummary]) -> dict[str, dict[str, int]]:
    """For each judgement, how many councils hold each grade now.
    Includes 'none' for councils with no current grade in that judgement.
    An ILACS 2018 joint grade counts for children in care and for care leavers,
    as the ratings table shows it in both columns."""
    result: dict[str, dict[str, int]] = {}
    current = [grades_with_joint_split(s.grades) for s in summaries]
    for key in JUDGEMENTS:
        counter = Counter(grades.get(key) for grades in current)
        if not any(counter.get(g) for g in GRADES):
            continue
        result[key] = {grade: counter.get(grade, 0) for grade in GRADES}
        result[key]["none"] = counter.get(None, 0)
    return result


def recent(dataset: Dataset, n: int) -> list[Inspection]:
    """The n most recently published records, newest first."""
    return sorted(dataset.inspections, key=lambda i: i.sort_key, reverse=True)[:n]


def needs_data(dataset: Dataset) -> list[Inspection]:
    """Records a contributor could complete, newest first."""
    return [i for i in sorted(dataset.inspections, key=lambda i: i.sort_key, reverse=True) if i.needs_data]


#: Why a council has an overall grade at a date, or why not: a grade, or
#: NO_OVERALL (its latest graded inspection was under the 2026 framework, which
#: gives none), or PENDING (its grade is not recorded here, or nothing graded is).
#: Why a council has no overall grade at a date: its latest graded inspection
#: was under the 2026 framework, which gives none (NO_OVERALL), or its grade is
#: not recorded here, or nothing graded is (PENDING).
NO_OVERALL = "no_overall"
PENDING = "pending"
OVERALL_KEYS: tuple[str, ...] = (*GRADES, NO_OVERALL, PENDING)


def overall_kind(summary: CouncilSummary) -> str:
    """A council's overall grade now, by the rule of the home page's counts
    (`grade_counts`): the overall effectiveness grade of its latest
    graded full inspection (`summary.latest`). With none: NO_OVERALL if that
    inspection's framework gives no overall grade (ILACS 2026), PENDING if
    the grade is not recorded here (grades pending, or no graded inspection
    on record)."""
    latest = summary.latest
    if latest is not None and latest.overall:
        return latest.overall
    if latest is not None and FRAMEWORKS[latest.framework].drops_overall:
        return NO_OVERALL
    return PENDING


def overall_by_year(dataset: Dataset, years: list[int]) -> dict[int, dict[str, int]]:
    """For each year, how many of today's councils held each overall grade
    at the end of it (OVERALL_KEYS). The same rule as the home page's counts,
    applied to the records published by then: `summarise` of the
    dataset as it stood, so the final year equals the counts now."""
    result = {}
    for year in years:
        cutoff = dt.date(year, 12, 31)
        then = replace(dataset, inspections=tuple(i for i in dataset.inspections if i.published <= cutoff))
        summaries = current_summaries(summarise(then))
        counts = dict.fromkeys(OVERALL_KEYS, 0)
        for summary in summaries:
            counts[overall_kind(summary)] += 1
        result[year] = counts
    return result


def months_between(earlier: dt.date, later: dt.date) -> int:
    return (later.year - earlier.year) * 12 + later.month - earlier.month - (later.day < earlier.day)


def age_text(earlier: dt.date, as_of: dt.date) -> str:
    """'2 years 3 months', in plain words, as of a fixed date (not the clock)."""
    months = max(0, months_between(earlier, as_of))
    years, months = divmod(months, 12)
    parts = []
    if years:
        parts.append(f"{years} year{'s' if years != 1 else ''}")
    if months or not years:
        parts.append(f"{months} month{'s' if months != 1 else ''}")
    return " ".join(parts)


@dataclass(frozen=True)
class HeldSince:
    """Since when a council has held its current overall grade."""

    grade: str  # a GRADES key, or NO_OVERALL (latest inspection under ILACS 2026)
    first: Inspection  # the earliest inspection of the unbroken run
    count: int  # how many full inspections in a row gave it

    @property
    def since(self) -> dt.date:
        return self.first.published


def overall_held_since(summary: CouncilSummary) -> HeldSince | None:
    """The unbroken run of full inspections, ending at the latest graded one
    (`summary.latest`), that all gave the council's current overall grade
    (`overall_kind`): its first inspection and length. Visits between them
    give no grade and neither extend nor break the run; a full inspection
    whose overall grade is not recorded here breaks it, as the grade it gave
    is unknown. A council whose latest inspection was under ILACS 2026 has the
    run of inspections with no overall grade (NO_OVERALL). None when the
    current grade is not recorded here (PENDING)."""
    kind = overall_kind(summary)
    if kind == PENDING:
        return None
    latest = summary.latest

    def same(inspection: Inspection) -> bool:
        if kind == NO_OVERALL:
            return inspection.has_grades and FRAMEWORKS[inspection.framework].drops_overall
        return inspection.overall == kind

    first, count = latest, 1
    for inspection in _earlier(list(summary.inspections), latest):
        if not inspection.graded:
            continue
        if not same(inspection):
            break
        first, count = inspection, count + 1
    return HeldSince(kind, first, count)
