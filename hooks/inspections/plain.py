"""A council's inspection history in a few plain sentences, for the top of
its page: e.g. "Rated good in 2021, then requires improvement in 2025; help
and protection fell from good to requires improvement."

A pure function of the council's summary (derive.CouncilSummary); no I/O.
"""

from __future__ import annotations

from itertools import groupby

from . import dates, derive
from .model import Inspection
from .schema import FRAMEWORKS, GRADE_RANK, HEADLINE, JUDGEMENTS

#: How many judgement changes the summary names at most (the biggest first).
MOST_CHANGES = 2


def council_story(summary: derive.CouncilSummary) -> str:
    """The plain summary of one council's inspections."""
    records = list(summary.inspections)
    yet = " yet" if summary.council.is_current else ""
    if not records:
        sentences = [f"No inspections or visits are on record{yet}."]
    else:
        sentences = _graded_story(records, summary.latest, yet)
        sentences += _since(records, summary.latest)
    if not summary.council.is_current:
        ended = summary.council.ended
        sentences.append(f"It stopped running children's services in {dates.month_year(ended)}." if ended
                         else "It no longer runs children's services.")
    return " ".join(sentences)


def _grade(grade: str) -> str:
    return "requires improvement" if grade == "requires_improvement" else grade.replace("_", " ")


def _overall_sequence(records: list[Inspection], latest: Inspection) -> list[str]:
    """'inadequate in 2016', 'good in 2021 and 2023', ...: runs of the same
    overall grade, up to and including `latest`."""
    graded = [i for i in records if i.graded and i.overall and i.sort_key <= latest.sort_key]
    runs = []
    for grade, run in groupby(graded, key=lambda i: i.overall):
        years = list(dict.fromkeys(str(i.published.year) for i in run))
        runs.append(f"{_grade(grade)} in {_and(years)}")
    return runs


def _graded_story(records: list[Inspection], latest: Inspection | None, yet: str) -> list[str]:
    if latest is None:
        return [] if _pending_after(records, None) else [
            f"No graded inspection is on record{yet}.",
            f"The latest record is a {records[-1].kind_label}, published in {dates.month_year(records[-1].published)}."]
    runs = _overall_sequence(records, latest)
    no_overall = FRAMEWORKS[latest.framework].drops_overall
    if no_overall:
        runs.append(f"inspected in {latest.published.year} under the new framework, which gives no overall grade")
    if not runs:
        return [f"Last graded in {latest.published.year}, on the scale used before November 2013, which gave "
                "no grade for the whole service."]
    sentence = "Rated " + (runs[0] if len(runs) == 1 else ", ".join(runs[:-1]) + ", then " + runs[-1])
    if no_overall and len(runs) == 1:
        sentence = sentence.replace("Rated inspected", "Inspected")
    moves = _changes(records, latest)
    if moves:
        sentence += "; " + " and ".join(moves[:MOST_CHANGES])
        more = len(moves) - MOST_CHANGES
        if more > 0:
            sentence += f", and {more} more judgement{'s' if more > 1 else ''} changed"
    out = [sentence + "."]
    if latest.grades_pending:
        out.append("Some grades of that inspection are not recorded here yet.")
    return out


def _changes(records: list[Inspection], latest: Inspection) -> list[str]:
    """The judgements (not overall effectiveness) that moved since the
    previous graded inspection, biggest move first, on the same scale; an ILACS 2018 joint grade
    compares with each of its two parts."""
    earlier = derive.previous_graded(records, latest)
    if earlier is None:
        return []
    before = derive.grades_with_joint_split(earlier.judgements)
    after = derive.grades_with_joint_split(latest.judgements)
    moved = []
    for order, key in enumerate(JUDGEMENTS):
        old, new = before.get(key), after.get(key)
        if key == HEADLINE or old not in GRADE_RANK or new not in GRADE_RANK or old == new:
            continue
        step = GRADE_RANK[new] - GRADE_RANK[old]
        verb = "fell" if step > 0 else "rose"
        name = JUDGEMENTS[key].label.lower()
        moved.append((-abs(step), order, f"{name} {verb} from {_grade(old)} to {_grade(new)}"))
    return [text for *_, text in sorted(moved)]


def _pending_after(records: list[Inspection], latest: Inspection | None) -> Inspection | None:
    """The newest full inspection after `latest` whose grades are not recorded."""
    newer = [i for i in records if latest is None or i.sort_key > latest.sort_key]
    return next((i for i in reversed(newer) if i.graded and not i.judgements), None)


def _since(records: list[Inspection], latest: Inspection | None) -> list[str]:
    """What came after the latest graded inspection: grades still to record, or visits."""
    pending = _pending_after(records, latest)
    if pending is not None:
        return [f"The grades of the {pending.kind_label} published in {dates.month_year(pending.published)} "
                "are not recorded here yet."]
    if latest is None:
        return []
    visits = [i for i in records if i.sort_key > latest.sort_key and not i.graded]
    if not visits:
        return []
    when = dates.month_year(visits[-1].published)
    if len(visits) == 1:
        return [f"A {visits[0].kind_label} followed, in {when}."]
    return [f"{len(visits)} visits followed, the latest in {when}."]


def _and(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]
