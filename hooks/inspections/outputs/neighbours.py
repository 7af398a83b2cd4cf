"""Statistical neighbours: how a council's latest grades compare with the ten
councils most like it.

Two views of the same comparison:
- `comparison`: the council and its neighbours by rank, one cell per current
  judgement, each grade in words and in a short form. The council page shows
  it as a compact table that fits a phone (templates/council.md.j2), and the
  workbook's "Neighbours" sheet holds the same rows in full words.
- `OUTPUT`: `data/neighbours.csv` and `.json`, one row per council and
  neighbour with codes and words (`columns.NEIGHBOUR_COLUMNS`).
"""

from __future__ import annotations

from dataclasses import dataclass

from ..columns import NEIGHBOUR_JUDGEMENTS
from ..derive import CouncilSummary
from ..model import grade_label
from ..schema import GRADE_LABELS, HEADLINE, JUDGEMENTS
from .table_view import JOINT, judgement_cell
from .tables import table_download

#: The page's columns: the current judgements, the 2018 joint judgement shown
#: in both of its parts.
COMPARED: tuple[str, ...] = tuple(key for key in NEIGHBOUR_JUDGEMENTS if key != JOINT)

#: Column headings short enough for five grade columns on a phone.
SHORT_HEADINGS: dict[str, str] = {
    "overall_effectiveness": "Overall",
    "impact_of_leaders": "Leaders",
    "help_and_protection": "Help",
    "children_in_care": "In care",
    "care_leavers": "Leavers",
}

#: Grades in short words; the key under the table spells them out.
SHORT_GRADES: dict[str, str] = {
    "outstanding": "Outst.",
    "good": "Good",
    "requires_improvement": "Req. imp.",
    "inadequate": "Inad.",
}

NONE_SHORT = "None"
JOINT_MARK = "*"
JOINT_NOTE = "joint judgement"


@dataclass(frozen=True)
class Grade:
    """One cell: the grade code (None when there is none), and what it says."""

    judgement: str
    grade: str | None
    short: str  # what the page shows
    full: str  # in words: what screen readers and the workbook say
    joint: bool = False


@dataclass(frozen=True)
class Line:
    """One row: the council itself (rank None) or a neighbour."""

    rank: int | None
    summary: CouncilSummary
    grades: tuple[Grade, ...]

    @property
    def council(self):
        return self.summary.council


def _grade(grades: dict[str, str], key: str) -> Grade:
    cell = judgement_cell(grades, key)
    grade = cell.grade
    if grade is None:
        full = "No overall grade" if key == HEADLINE and grades else grade_label(None)
        return Grade(key, None, NONE_SHORT, full)
    short = SHORT_GRADES.get(grade, GRADE_LABELS[grade])
    full = GRADE_LABELS[grade]
    if cell.joint:
        return Grade(key, grade, short + JOINT_MARK, f"{full} ({JOINT_NOTE})", joint=True)
    return Grade(key, grade, short, full)


def comparison(summaries: dict[str, CouncilSummary], slug: str) -> list[Line]:
    """The council, then its statistical neighbours by rank; empty if it has none."""
    summary = summaries[slug]
    neighbours = [summaries[n] for n in summary.council.statistical_neighbours if n in summaries]
    if not neighbours:
        return []
    ranked = [(None, summary), *enumerate(neighbours, start=1)]
    return [Line(rank, s, tuple(_grade(s.grades, key) for key in COMPARED)) for rank, s in ranked]


def key_text(lines: list[Line]) -> list[str]:
    """What the short words in a comparison mean: only those it uses."""
    used = {g.grade for line in lines for g in line.grades if g.grade}
    parts = [f"{short}: {GRADE_LABELS[grade].lower()}" for grade, short in SHORT_GRADES.items()
             if grade in used and short != GRADE_LABELS[grade]]
    parts += [f"{SHORT_HEADINGS[key]}: {JUDGEMENTS[key].label.lower()}" for key in COMPARED
              if SHORT_HEADINGS[key] != JUDGEMENTS[key].label]
    if any(g.grade is None for line in lines for g in line.grades):
        parts.append(f"{NONE_SHORT}: no grade on record (inspections since April 2026 give no overall grade)")
    if any(g.joint for line in lines for g in line.grades):
        parts.append(f"{JOINT_MARK}: children in care and care leavers judged together (inspections of 2018 to 2022)")
    return parts


#: `data/neighbours.csv` and `data/neighbours.json`.
OUTPUT = table_download("neighbours")
