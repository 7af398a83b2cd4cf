"""Derived views that several pages share, on the real records."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest
from inspections import derive
from opendata_fixtures import make_dataset, real_dataset


def test_joint_grade_counts_for_both_children_in_care_and_care_leavers():
    current = derive.current_summaries(derive.summarise(real_dataset()))
    counts = derive.grade_counts(current)
    assert derive.JOINT not in counts  # folded into its two parts, as in the ratings table
    joint = [s for s in current if derive.JOINT in s.grades]
    assert joint, "the real records hold councils last inspected under ILACS 2018"
    for part in derive.JOINT_PARTS:
        expected = Counter(s.grades.get(part) or s.grades.get(derive.JOINT) for s in current)
        assert {g: n for g, n in counts[part].items() if g != "none"} == {g: expected.get(g, 0) for g in
                                                                        counts[part] if g != "none"}
        assert counts[part]["none"] == expected.get(None, 0)
        assert sum(counts[part].values()) == len(current) == 153


def test_the_headline_counts_add_up_to_every_current_council():
    current = derive.current_summaries(derive.summarise(real_dataset()))
    overall = derive.grade_counts(current)["overall_effectiveness"]
    no_overall = sum(1 for s in current if s.latest and not s.latest.overall)
    ungraded = sum(1 for s in current if not s.latest)
    assert sum(v for g, v in overall.items() if g != "none") + no_overall + ungraded == 153
    assert overall["none"] == no_overall + ungraded


# --- movement, change_sentence and overall_kind, on small record sets ---------------------

REPORT = "https://files.ofsted.gov.uk/v1/file/{}"
#: When each framework's full inspection of these cases took place: (start, end, published).
DATES = {
    "sif": (None, None, dt.date(2016, 5, 9)),
    "ilacs-2018": (dt.date(2019, 9, 23), dt.date(2019, 10, 4), dt.date(2019, 11, 4)),
    "ilacs-2023": (dt.date(2024, 4, 22), dt.date(2024, 5, 3), dt.date(2024, 7, 12)),
    "ilacs-2023b": (dt.date(2025, 3, 3), dt.date(2025, 3, 14), dt.date(2025, 5, 1)),
    "ilacs-2026": (dt.date(2026, 4, 20), dt.date(2026, 5, 1), dt.date(2026, 6, 18)),
}


def full(when: str, pending: bool = False, **judgements: str) -> dict:
    """A full inspection of beta under the framework `when` names (ilacs-2023b: a second ILACS 2023 one)."""
    start, end, published = DATES[when]
    record = {"council": "beta", "kind": "full-inspection", "framework": when.removesuffix("b"),
              "published": published, "judgements": judgements, "report_url": REPORT.format(published)}
    if start:
        record.update(inspection_start=start, inspection_end=end)
    if when.startswith("ilacs"):
        record["inspection_type"] = "standard"
    if pending:
        record["grades_pending"] = True
    return record


VISIT = {"council": "beta", "kind": "focused-visit", "framework": "ilacs-2023", "published": dt.date(2025, 9, 1),
         "inspection_start": dt.date(2025, 7, 1), "inspection_end": dt.date(2025, 7, 2),
         "report_url": REPORT.format("visit")}

SIF_PENDING = full("sif", pending=True)
RI_2018 = full("ilacs-2018", overall_effectiveness="requires_improvement", impact_of_leaders="good",
               help_and_protection="requires_improvement", children_in_care_and_care_leavers="good")
GOOD_2023 = full("ilacs-2023", overall_effectiveness="good", impact_of_leaders="good",
                 help_and_protection="good", children_in_care="good", care_leavers="good")
NO_OVERALL_2026 = full("ilacs-2026", impact_of_leaders="good", help_and_protection="requires_improvement",
                       children_in_care="good", care_leavers="good")


def later_2023(overall: str, **more: str) -> dict:
    return full("ilacs-2023b", overall_effectiveness=overall, impact_of_leaders="good",
                help_and_protection="good", children_in_care="good", care_leavers="good", **more)


def beta(tmp_path, records: list[dict]):
    """Beta's inspections (oldest first) and its summary, from `records` through the real validator."""
    dataset = make_dataset(tmp_path, records)
    return dataset.for_council("beta"), derive.summarise(dataset)["beta"]


# (records of beta, oldest first; the newest is the one asked about)
MOVEMENTS = [
    pytest.param([GOOD_2023], "first", id="first-inspection"),
    pytest.param([SIF_PENDING, GOOD_2023], "first", id="first-overall-grade-after-one-pending"),
    pytest.param([RI_2018, GOOD_2023], "up", id="up"),
    pytest.param([GOOD_2023, later_2023("inadequate")], "down", id="down"),
    pytest.param([GOOD_2023, later_2023("good")], "same", id="same"),
    pytest.param([RI_2018, GOOD_2023, VISIT], "none", id="a-visit-has-no-overall-grade"),
    pytest.param([GOOD_2023, NO_OVERALL_2026], "none", id="ilacs-2026-has-no-overall-grade"),
    pytest.param([SIF_PENDING], "none", id="grades-pending"),
]


@pytest.mark.parametrize(("records", "expected"), MOVEMENTS)
def test_movement(tmp_path, records, expected):
    inspections, _ = beta(tmp_path, records)
    assert derive.movement(inspections, inspections[-1]) == expected
    assert derive.MOVEMENT_LABELS[expected]


def test_movement_of_no_inspection_is_none():
    assert derive.movement([], None) == "none"


ALL_GOOD = "overall effectiveness good; impact of leaders good; help and protection good; children in care good; " \
    "care leavers good"
CHANGES = [
    pytest.param([GOOD_2023], "first inspection on record; " + ALL_GOOD, id="first-inspection"),
    pytest.param([SIF_PENDING, GOOD_2023], "first inspection under ILACS; " + ALL_GOOD, id="first-under-ilacs-after-sif"),
    pytest.param([full("ilacs-2023", pending=True), later_2023("good")], "earlier grades not recorded; " + ALL_GOOD,
                 id="earlier-grades-not-recorded"),
    pytest.param([RI_2018, GOOD_2023],
                 "overall effectiveness from requires improvement to good; help and protection from requires improvement to good; "
                 "children in care good; care leavers good; unchanged: impact of leaders good",
                 id="up-with-judgements-new-to-the-framework"),
    pytest.param([GOOD_2023, later_2023("inadequate")],
                 "overall effectiveness from good to inadequate; unchanged: impact of leaders good, help and protection "
                 "good, children in care good, care leavers good", id="down"),
    pytest.param([GOOD_2023, later_2023("good")],
                 "unchanged: overall effectiveness good, impact of leaders good, help and protection good, "
                 "children in care good, care leavers good", id="all-the-same"),
    pytest.param([full("ilacs-2023", pending=True, overall_effectiveness="good")],
                 "first inspection on record; overall effectiveness good; some grades not recorded yet",
                 id="some-grades-pending"),
    pytest.param([GOOD_2023, NO_OVERALL_2026],
                 "help and protection from good to requires improvement; unchanged: impact of leaders good, children in "
                 "care good, care leavers good; no overall effectiveness grade since the 2026 reform",
                 id="ilacs-2026-after-an-overall-grade"),
    pytest.param([GOOD_2023, VISIT], "focused visit (no grades)", id="visit"),
    pytest.param([SIF_PENDING], "full inspection: grades not recorded yet", id="grades-pending"),
]


@pytest.mark.parametrize(("records", "expected"), CHANGES)
def test_change_sentence(tmp_path, records, expected):
    inspections, _ = beta(tmp_path, records)
    assert derive.change_sentence(inspections, inspections[-1]) == expected


OVERALL_KINDS = [
    pytest.param([GOOD_2023], "good", id="graded"),
    pytest.param([GOOD_2023, VISIT], "good", id="a-later-visit-changes-nothing"),
    pytest.param([GOOD_2023, NO_OVERALL_2026], derive.NO_OVERALL, id="ilacs-2026"),
    pytest.param([SIF_PENDING], derive.PENDING, id="grades-pending"),
    pytest.param([VISIT], derive.PENDING, id="only-a-visit"),
]


@pytest.mark.parametrize(("records", "expected"), OVERALL_KINDS)
def test_overall_kind(tmp_path, records, expected):
    _, summary = beta(tmp_path, records)
    assert derive.overall_kind(summary) == expected
    assert expected in derive.OVERALL_KEYS


# --- how long a council has held its overall grade --------------------------------------------

INADEQUATE_2018 = full("ilacs-2018", overall_effectiveness="inadequate", impact_of_leaders="inadequate",
                       help_and_protection="inadequate", children_in_care_and_care_leavers="inadequate")
INADEQUATE_2023 = full("ilacs-2023", overall_effectiveness="inadequate", impact_of_leaders="inadequate",
                       help_and_protection="inadequate", children_in_care="inadequate", care_leavers="inadequate")
#: A monitoring visit between two full inspections: no grade, so it neither extends nor breaks a run.
MONITORING = dict(VISIT, kind="monitoring-visit", published=dt.date(2024, 12, 2),
                  inspection_start=dt.date(2024, 11, 5), inspection_end=dt.date(2024, 11, 6))
NO_OVERALL_PENDING_2026 = full("ilacs-2026", pending=True)

HELD_SINCE = [
    pytest.param([GOOD_2023], ("good", dt.date(2024, 7, 12), 1), id="one-inspection"),
    pytest.param([INADEQUATE_2018, INADEQUATE_2023, later_2023("inadequate")],
                 ("inadequate", dt.date(2019, 11, 4), 3), id="three-in-a-row-across-frameworks"),
    pytest.param([INADEQUATE_2018, GOOD_2023, later_2023("good")], ("good", dt.date(2024, 7, 12), 2),
                 id="run-starts-after-a-different-grade"),
    pytest.param([GOOD_2023, later_2023("inadequate")], ("inadequate", dt.date(2025, 5, 1), 1), id="just-changed"),
    pytest.param([GOOD_2023, MONITORING, later_2023("good")], ("good", dt.date(2024, 7, 12), 2),
                 id="visits-between-do-not-break-the-run"),
    pytest.param([GOOD_2023, VISIT], ("good", dt.date(2024, 7, 12), 1), id="a-later-visit-changes-nothing"),
    pytest.param([INADEQUATE_2018, full("ilacs-2023", pending=True), later_2023("inadequate")],
                 ("inadequate", dt.date(2025, 5, 1), 1), id="an-unrecorded-grade-between-breaks-the-run"),
    pytest.param([GOOD_2023, NO_OVERALL_2026], (derive.NO_OVERALL, dt.date(2026, 6, 18), 1),
                 id="ilacs-2026-no-overall-grade-since"),
    pytest.param([SIF_PENDING], None, id="grades-pending"),
    pytest.param([VISIT], None, id="only-a-visit"),
]


@pytest.mark.parametrize(("records", "expected"), HELD_SINCE)
def test_overall_held_since(tmp_path, records, expected):
    _, summary = beta(tmp_path, records)
    held = derive.overall_held_since(summary)
    assert (None if held is None else (held.grade, held.since, held.count)) == expected
    if held is not None:  # the same grade the ratings table and home page count
        assert held.grade == derive.overall_kind(summary)
        assert held.first.published == held.since


def test_a_pending_2026_inspection_after_one_without_overall_grade_keeps_the_earlier_date(tmp_path):
    # The pending one has no grades yet: the latest graded one (NO_OVERALL_2026) still decides.
    pending_later = dict(NO_OVERALL_PENDING_2026, published=dt.date(2026, 10, 1),
                         inspection_start=dt.date(2026, 9, 7), inspection_end=dt.date(2026, 9, 18),
                         report_url=REPORT.format("2026-10-01"))
    _, summary = beta(tmp_path, [NO_OVERALL_2026, pending_later])
    held = derive.overall_held_since(summary)
    assert (held.grade, held.since, held.count) == (derive.NO_OVERALL, dt.date(2026, 6, 18), 1)


def test_held_since_on_the_real_records_matches_a_direct_walk():
    for summary in derive.current_summaries(derive.summarise(real_dataset())):
        held = derive.overall_held_since(summary)
        if summary.overall is None:
            continue
        fulls = [i for i in summary.inspections if i.graded and i.sort_key <= summary.latest.sort_key]
        run = 0
        for inspection in reversed(fulls):
            if inspection.overall != summary.overall:
                break
            run += 1
        assert held.count == run, summary.council.slug
        assert held.since == fulls[-run].published
