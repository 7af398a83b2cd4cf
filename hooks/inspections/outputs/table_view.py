"""The table of councils and their latest grades, shared by the ratings,
region and council pages: which judgement columns it has and what each cell
shows."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from .. import derive
from ..model import Council, Inspection
from ..schema import FRAMEWORKS, HEADLINE, JUDGEMENTS

#: Under ILACS 2018 children in care and care leavers were one judgement. In
#: tables with separate columns for the two, it is shown in both, marked joint.
JOINT, JOINT_PARTS = derive.JOINT, derive.JOINT_PARTS


@dataclass(frozen=True)
class Cell:
    judgement: str
    grade: str | None
    joint: bool = False  # shown from the ILACS 2018 joint judgement


@dataclass(frozen=True)
class Row:
    summary: derive.CouncilSummary
    cells: tuple[Cell, ...]
    age: str
    held: derive.HeldSince | None  # since when it has held its overall grade

    @property
    def council(self) -> Council:
        return self.summary.council

    @property
    def latest(self) -> Inspection | None:
        return self.summary.latest


def columns(summaries) -> list[str]:
    """Judgement columns for a table of councils: every judgement their latest
    grades use, in the schema's order, with the 2018 joint judgement folded
    into separate children in care / care leavers columns when both exist."""
    used = {key for s in summaries for key in s.grades}
    if JOINT in used and any(part in used for part in JOINT_PARTS):
        used = (used - {JOINT}) | set(JOINT_PARTS)
    if not used:
        used = {HEADLINE}
    return [key for key in JUDGEMENTS if key in used]


def judgement_cell(grades: dict[str, str], key: str) -> Cell:
    if key in grades:
        return Cell(key, grades[key])
    if key in JOINT_PARTS and JOINT in grades:
        return Cell(key, grades[JOINT], joint=True)
    return Cell(key, None)


def rows(summaries, keys: list[str], as_of: dt.date) -> list[Row]:
    out = []
    for summary in summaries:
        grades = summary.grades
        age = derive.age_text(summary.latest.published, as_of) if summary.latest else ""
        cells = tuple(judgement_cell(grades, key) for key in keys)
        out.append(Row(summary, cells, age, derive.overall_held_since(summary)))
    return out


def council_table(summaries, as_of: dt.date) -> dict:
    """What the `council_table` macro (templates/_macros.md.j2) needs."""
    keys = columns(summaries)
    return {
        "columns": keys,
        "rows": rows(summaries, keys, as_of),
        "has_joint": JOINT in {k for s in summaries for k in s.grades} and JOINT not in keys,
        "has_no_overall": any(s.latest and not s.latest.overall for s in summaries),
        "frameworks": sorted({s.latest.framework for s in summaries if s.latest},
                             key=lambda k: list(FRAMEWORKS).index(k)),
    }


def newest_first(entries) -> list:
    """Entries (build.Entry) by publication, newest first."""
    return sorted(entries, key=lambda e: e.inspection.sort_key, reverse=True)
