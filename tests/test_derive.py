"""Derived views that several pages share, on the real records."""

from __future__ import annotations

from collections import Counter

from inspections import derive
from opendata_fixtures import real_dataset


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
