"""The plain summary at the top of each council page (`plain.council_story`),
on small record sets made through the real validator."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest
from inspections import derive, plain
from opendata_fixtures import make_dataset
from test_derive import GOOD_2023, NO_OVERALL_2026, REPORT, RI_2018, SIF_PENDING, VISIT, full, later_2023

SIF_INADEQUATE = full("sif", overall_effectiveness="inadequate", help_and_protection="inadequate",
                      children_looked_after="inadequate", adoption_performance="requires_improvement",
                      care_leavers="inadequate", leadership_management_governance="inadequate")
WORSE_2025 = full("ilacs-2023b", overall_effectiveness="requires_improvement", impact_of_leaders="good",
                  help_and_protection="requires_improvement", children_in_care="inadequate", care_leavers="good")
ALL_RI_2023 = full("ilacs-2023", overall_effectiveness="requires_improvement",
                   impact_of_leaders="requires_improvement", help_and_protection="requires_improvement",
                   children_in_care="requires_improvement", care_leavers="requires_improvement")
PENDING_2025 = full("ilacs-2023b", pending=True)
SOME_PENDING = full("ilacs-2023", pending=True, overall_effectiveness="good")
MONITORING = {"council": "beta", "kind": "monitoring-visit", "framework": "ilacs-2023",
              "published": dt.date(2025, 11, 3), "report_url": REPORT.format("monitoring")}


def of(council: str, record: dict) -> dict:
    return {**record, "council": council, "report_url": record["report_url"] + council}


def story(tmp_path, records: list[dict], council: str = "beta") -> str:
    return plain.council_story(derive.summarise(make_dataset(tmp_path, records))[council])


STORIES = [
    pytest.param([], "No inspections or visits are on record yet.", id="nothing-on-record"),
    pytest.param([VISIT], "No graded inspection is on record yet. The latest record is a focused visit, "
                 "published in September 2025.", id="only-a-visit"),
    pytest.param([GOOD_2023], "Rated good in 2024.", id="one-grade"),
    pytest.param([RI_2018, GOOD_2023], "Rated requires improvement in 2019, then good in 2024; help and "
                 "protection rose from requires improvement to good.", id="up-with-the-joint-grade-split"),
    pytest.param([SIF_INADEQUATE, RI_2018, GOOD_2023], "Rated inadequate in 2016, requires improvement in 2019, "
                 "then good in 2024; help and protection rose from requires improvement to good.",
                 id="three-grades"),
    pytest.param([GOOD_2023, later_2023("good")], "Rated good in 2024 and 2025.", id="repeats-collapse"),
    pytest.param([SIF_INADEQUATE, GOOD_2023, later_2023("good")], "Rated inadequate in 2016, then good in "
                 "2024 and 2025.", id="a-repeat-after-a-change"),
    pytest.param([GOOD_2023, WORSE_2025], "Rated good in 2024, then requires improvement in 2025; children in "
                 "care fell from good to inadequate and help and protection fell from good to requires "
                 "improvement.", id="biggest-change-first"),
    pytest.param([ALL_RI_2023, later_2023("good")], "Rated requires improvement in 2024, then good in 2025; "
                 "impact of leaders rose from requires improvement to good and help and protection rose from "
                 "requires improvement to good, and 2 more judgements changed.", id="more-changes-than-named"),
    pytest.param([GOOD_2023, NO_OVERALL_2026], "Rated good in 2024, then inspected in 2026 under the new "
                 "framework, which gives no overall grade; help and protection fell from good to requires "
                 "improvement.", id="ilacs-2026-after-an-overall-grade"),
    pytest.param([NO_OVERALL_2026], "Inspected in 2026 under the new framework, which gives no overall grade.",
                 id="ilacs-2026-only"),
    pytest.param([GOOD_2023, VISIT], "Rated good in 2024. A focused visit followed, in September 2025.",
                 id="a-later-visit"),
    pytest.param([GOOD_2023, VISIT, MONITORING], "Rated good in 2024. 2 visits followed, the latest in "
                 "November 2025.", id="later-visits"),
    pytest.param([GOOD_2023, PENDING_2025], "Rated good in 2024. The grades of the full inspection published "
                 "in May 2025 are not recorded here yet.", id="newer-grades-pending"),
    pytest.param([SIF_PENDING], "The grades of the full inspection published in May 2016 are not recorded "
                 "here yet.", id="only-grades-pending"),
    pytest.param([SOME_PENDING], "Rated good in 2024. Some grades of that inspection are not recorded here yet.",
                 id="some-grades-pending"),
]


@pytest.mark.parametrize(("records", "expected"), STORIES)
def test_council_story(tmp_path, records, expected):
    assert story(tmp_path, records) == expected


def test_a_former_council_says_it_no_longer_runs_childrens_services(tmp_path):
    # gamma (former, no end date recorded) in the fixture registry
    assert story(tmp_path, [of("gamma", SIF_INADEQUATE)], "gamma") == (
        "Rated inadequate in 2016. It no longer runs children's services.")


def test_a_former_council_with_nothing_on_record(tmp_path):
    assert story(tmp_path, [], "gamma") == "No inspections or visits are on record. It no longer runs children's services."


def test_a_former_council_with_an_end_date(tmp_path):
    gamma = derive.summarise(make_dataset(tmp_path, [of("gamma", SIF_INADEQUATE)]))["gamma"]
    ended = replace(gamma, council=replace(gamma.council, ended=dt.date(2021, 4, 1)))
    assert plain.council_story(ended) == (
        "Rated inadequate in 2016. It stopped running children's services in April 2021.")
