"""Each validator rule, asserted as the exact line a contributor sees:
`path:line: field: message` (the format of issue 2's example).

Records are written into a temporary `records/` folder with a small council
registry (tests/fixtures/records/councils.yml) and loaded with load_dataset,
the same path the site build and scripts/validate.py take.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from inspections.dataset import load_dataset
from inspections.model import RecordsInvalid
from record_texts import LEICESTER_2015_PENDING, LEICESTERSHIRE_2024

ROOT = Path(__file__).resolve().parent.parent
REGISTRY = ROOT / "tests" / "fixtures" / "records" / "councils.yml"
TODAY = dt.date(2025, 1, 1)

GRADES = "allowed: outstanding, good, requires_improvement, inadequate"
FIELDS = ("allowed: council, kind, framework, inspection_type, inspection_start, inspection_end, "
          "published, lead_inspector, judgements, grades_pending, safeguarding_board, report_url, "
          "published_in_report, report_sha256, checked_on, sources, exception")

# Line numbers are part of the contract: keep this layout in sync with the tests.
PATH = "records/leicestershire/2024-07-12-full-inspection.md"
GOOD = "---\n" + LEICESTERSHIRE_2024 + """\
sources:
  - title: Council news release
    url: https://www.leicestershire.gov.uk/news
---

## Key findings

- Inspectors found strong practice.
"""
#  1 ---               6 inspection_start   11 overall_effectiveness  16 report_url
#  2 council           7 inspection_end     12 impact_of_leaders      17 sources
#  3 kind              8 published          13 help_and_protection    18   - title
#  4 framework         9 lead_inspector     14 children_in_care       19     url
#  5 inspection_type  10 judgements         15 care_leavers           20 ---   22 body

OLD_PATH = "records/leicester/2015-03-20-full-inspection.md"
OLD = "---\n" + LEICESTER_2015_PENDING + "---\n"

VISIT_PATH = "records/leicestershire/2022-03-02-focused-visit.md"
VISIT = """\
---
council: leicestershire
kind: focused-visit
framework: ilacs-2018
inspection_start: 2022-01-24
inspection_end: 2022-01-27
published: 2022-03-02
---
"""


POOLE = "records/poole/2025-03-14-focused-visit.md"
POOLE_VISIT = """\
---
council: poole
kind: focused-visit
framework: ilacs-2023
inspection_start: 2025-02-03
inspection_end: 2025-02-04
published: 2025-03-14
---
"""


def edit(text: str, old: str, new: str) -> str:
    assert text.count(old) == 1, f"{old!r} must occur once"
    return text.replace(old, new)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    (tmp_path / "records").mkdir()
    shutil.copy(REGISTRY, tmp_path / "records" / "councils.yml")
    return tmp_path


def write(repo: Path, rel: str, content: str | bytes) -> None:
    path = repo / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, str):
        content = content.encode("utf-8")
    path.write_bytes(content)


def problems(repo: Path, today: dt.date = TODAY) -> list[str]:
    try:
        load_dataset(repo / "records", today=today)
    except RecordsInvalid as exc:
        return [str(p) for p in exc.problems]
    return []


def check(repo: Path, content: str | bytes, rel: str = PATH, today: dt.date = TODAY) -> list[str]:
    write(repo, rel, content)
    return problems(repo, today)


# --- valid records --------------------------------------------------------------------


def test_good_records_validate_into_inspections(repo):
    write(repo, PATH, GOOD)
    write(repo, OLD_PATH, OLD)
    write(repo, VISIT_PATH, VISIT)
    dataset = load_dataset(repo / "records", today=TODAY)
    assert [i.path for i in dataset.inspections] == [OLD_PATH, VISIT_PATH, PATH]  # oldest first
    new = dataset.inspections[-1]
    assert new.judgements == {"overall_effectiveness": "outstanding", "impact_of_leaders": "outstanding",
                              "help_and_protection": "good", "children_in_care": "outstanding",
                              "care_leavers": "outstanding"}
    assert (new.inspection_start, new.inspection_end, new.published) == (
        dt.date(2024, 4, 22), dt.date(2024, 5, 3), dt.date(2024, 7, 12))
    assert new.sources[0].url == "https://www.leicestershire.gov.uk/news"
    assert new.body == "## Key findings\n\n- Inspectors found strong practice.\n"
    assert dataset.inspections[0].grades_pending is True
    assert dataset.inspections[1].judgements == {}


def edited(case_id, base, old, new, *expected, rel=PATH, today=TODAY):
    """A case of EDITS: `base` with `old` replaced by `new`, written to `rel`, gives exactly `expected`."""
    return pytest.param(base, old, new, rel, today, list(expected), id=case_id)


def whole(case_id, content, *expected, rel=PATH, today=TODAY):
    """A case of WHOLE_FILES: `content` written to `rel` gives exactly `expected`."""
    return pytest.param(content, rel, today, list(expected), id=case_id)


# Each rule as the exact lines a contributor sees, one record edited a little at a time.
EDITS = [
    # valid records
    edited("quoted_iso_dates_and_a_numbered_second_visit_are_accepted", GOOD, "published: 2024-07-12",
        'published: "2024-07-12"', rel="records/leicestershire/2024-07-12-full-inspection-2.md"),
    # fields
    edited("unknown_field", GOOD, "council: leicestershire\n", "council: leicestershire\ncolour: red\n",
        f"{PATH}:3: colour: is not a record field; {FIELDS}"),
    edited("unknown_field_with_suggestion", GOOD, "lead_inspector:", "lead_inspecter:",
        f"{PATH}:9: lead_inspecter: is not a record field "
        f"(did you mean 'lead_inspector'?); {FIELDS}"),
    edited("missing_required_field", GOOD, "framework: ilacs-2023\n", "",
        f"{PATH}:1: framework: is missing; The inspection framework, decided by the first day on site."),
    edited("unknown_council_with_suggestion", GOOD, "council: leicestershire", "council: leicestershir",
        f"{PATH}:2: council: 'leicestershir' is not a council in records/councils.yml "
        "(did you mean 'leicestershire'?); use the council's slug, e.g. telford-and-wrekin"),
    edited("council_written_as_its_name_suggests_the_slug", GOOD, "council: leicestershire",
        "council: Telford and Wrekin",
        f"{PATH}:2: council: 'Telford and Wrekin' is not a council in records/councils.yml "
        "(did you mean 'telford-and-wrekin'?); use the council's slug, e.g. telford-and-wrekin"),
    edited("unknown_council_without_suggestion", GOOD, "council: leicestershire", "council: narnia",
        f"{PATH}:2: council: 'narnia' is not a council in records/councils.yml; "
        "use the council's slug, e.g. telford-and-wrekin"),
    edited("bad_kind", GOOD, "kind: full-inspection", "kind: full inspection",
        f"{PATH}:3: kind: 'full inspection' is not allowed (did you mean 'full-inspection'?); "
        "allowed: full-inspection, focused-visit, monitoring-visit, jtai"),
    edited("bad_framework", GOOD, "framework: ilacs-2023", "framework: ILACS",
        f"{PATH}:4: framework: 'ILACS' is not allowed; allowed: pre-sif, sif, ilacs-2018, ilacs-2023, ilacs-2026"),
    edited("bad_inspection_type", GOOD, "inspection_type: standard", "inspection_type: long",
        f"{PATH}:5: inspection_type: 'long' is not allowed; allowed: standard, short"),
    # dates
    edited("bad_start_date_is_reported_once", GOOD, "inspection_start: 2024-04-22", "inspection_start: 22/04/2024",
        f"{PATH}:6: inspection_start: '22/04/2024' is not a date; write it as YYYY-MM-DD, e.g. 2024-07-12"),
    edited("datetime_instead_of_date", GOOD, "published: 2024-07-12", "published: 2024-07-12 10:30:00",
        f"{PATH}:8: published: 2024-07-12 10:30:00 has a time of day; "
        "write the date alone as YYYY-MM-DD, e.g. 2024-07-12"),
    edited("start_after_end", GOOD, "inspection_start: 2024-04-22\ninspection_end: 2024-05-03",
        "inspection_start: 2024-05-03\ninspection_end: 2024-04-22",
        f"{PATH}:7: inspection_end: 2024-04-22 is before inspection_start 2024-05-03; "
        "the last day on site comes after the first"),
    edited("published_before_the_inspection_ended", GOOD, "published: 2024-07-12", "published: 2024-05-01",
        "records/leicestershire/2024-05-01-full-inspection.md:8: published: 2024-05-01 is before the "
        "inspection ended (2024-05-03); a report is published after inspectors leave",
        rel="records/leicestershire/2024-05-01-full-inspection.md"),
    edited("start_without_end", GOOD, "inspection_end: 2024-05-03\n", "",
        f"{PATH}:6: inspection_end: is missing while inspection_start is given; give both dates or neither"),
    edited("end_without_start", GOOD, "inspection_start: 2024-04-22\n", "",
        f"{PATH}:6: inspection_start: is missing while inspection_end is given; give both dates or neither"),
    # judgements and frameworks
    edited("bad_grade_matches_the_issue_example", GOOD, "care_leavers: outstanding", "care_leavers: excelent",
        f"{PATH}:15: judgements.care_leavers: 'excelent' is not a grade; {GRADES}"),
    edited("judgement_not_allowed_for_the_framework", GOOD, "  care_leavers: outstanding\n",
        "  care_leavers: outstanding\n  children_in_care_and_care_leavers: good\n",
        f"{PATH}:16: judgements.children_in_care_and_care_leavers: 'children_in_care_and_care_leavers' "
        "is not a judgement of framework ilacs-2023; allowed: overall_effectiveness, impact_of_leaders, "
        "help_and_protection, children_in_care, care_leavers"),
    edited("sif_judgement_names_are_checked_too", OLD, "grades_pending: true\n",
        "judgements:\n  impact_of_leaders: good\n",
        f"{OLD_PATH}:7: judgements.impact_of_leaders: 'impact_of_leaders' is not a judgement of framework sif; "
        "allowed: overall_effectiveness, help_and_protection, children_looked_after, adoption_performance, "
        "care_leavers, leadership_management_governance",
        rel=OLD_PATH),
    edited("judgements_on_an_ungraded_kind", VISIT, "published: 2022-03-02\n",
        "published: 2022-03-02\njudgements:\n  overall_effectiveness: good\n",
        f"{VISIT_PATH}:8: judgements: a focused visit has no grades; remove `judgements`", rel=VISIT_PATH),
    edited("empty_judgements_on_an_ungraded_kind_are_fine", VISIT, "published: 2022-03-02\n",
        "published: 2022-03-02\njudgements: {}\n", rel=VISIT_PATH),
    edited("graded_kind_without_judgements_or_grades_pending", OLD, "grades_pending: true\n", "",
        f"{OLD_PATH}:1: judgements: a full inspection needs its grades; "
        "add judgements, or `grades_pending: true` if they are not known yet",
        rel=OLD_PATH),
    edited("graded_kind_with_grades_pending_false_and_empty_judgements", OLD, "grades_pending: true\n",
        "judgements: {}\ngrades_pending: false\n",
        f"{OLD_PATH}:6: judgements: a full inspection needs its grades; "
        "add judgements, or `grades_pending: true` if they are not known yet",
        rel=OLD_PATH),
    edited("framework_not_matching_the_inspection_dates", GOOD, "framework: ilacs-2023", "framework: ilacs-2018",
        f"{PATH}:4: framework: 'ilacs-2018' does not cover an inspection starting 2024-04-22; "
        "allowed for that date: ilacs-2023",
        f"{PATH}:14: judgements.children_in_care: 'children_in_care' is not a judgement of framework "
        "ilacs-2018; allowed: overall_effectiveness, impact_of_leaders, help_and_protection, "
        "children_in_care_and_care_leavers",
        f"{PATH}:15: judgements.care_leavers: 'care_leavers' is not a judgement of framework "
        "ilacs-2018; allowed: overall_effectiveness, impact_of_leaders, help_and_protection, "
        "children_in_care_and_care_leavers"),
    edited("framework_not_matching_the_publication_date_when_no_dates", OLD, "framework: sif",
        "framework: ilacs-2023",
        f"{OLD_PATH}:4: framework: 'ilacs-2023' does not fit a report published 2015-03-20; expected: sif",
        rel=OLD_PATH),
    edited("inspection_type_on_a_sif_inspection", OLD, "published:", "inspection_type: standard\npublished:",
        f"{OLD_PATH}:5: inspection_type: applies only to ILACS full inspections; remove it", rel=OLD_PATH),
    edited("inspection_type_on_a_focused_visit", VISIT, "inspection_start:",
        "inspection_type: short\ninspection_start:",
        f"{VISIT_PATH}:5: inspection_type: applies only to ILACS full inspections; remove it", rel=VISIT_PATH),
    # links
    edited("report_url_on_an_ofsted_subdomain_is_fine", GOOD, "https://files.ofsted.gov.uk/v1/file/50252253",
        "https://reports.ofsted.gov.uk/provider/44/80483"),
    edited("sources_must_be_a_list", GOOD,
        "sources:\n  - title: Council news release\n    url: https://www.leicestershire.gov.uk/news\n",
        "sources: https://www.leicestershire.gov.uk/news\n",
        f"{PATH}:17: sources: must be a list of items, each with `title:` and `url:`"),
    edited("second_source_is_reported_on_its_own_line", GOOD, "    url: https://www.leicestershire.gov.uk/news\n",
        "    url: https://www.leicestershire.gov.uk/news\n  - just a string\n",
        f"{PATH}:20: sources[1]: each source needs exactly `title:` and `url:`"),
    edited("sources_may_link_to_http_pages", GOOD, "url: https://www.leicestershire.gov.uk/news",
        "url: http://www.example.org/news"),
    # the file and its path
    edited("duplicate_yaml_key", GOOD, "council: leicestershire\n", "council: leicestershire\ncouncil: leicester\n",
        f"{PATH}:3: council: appears more than once; keep one"),
    edited("duplicate_nested_yaml_key", GOOD, "  care_leavers: outstanding\n",
        "  care_leavers: outstanding\n  care_leavers: good\n",
        f"{PATH}:16: judgements.care_leavers: appears more than once; keep one"),
    edited("malformed_yaml_unclosed_quote_points_at_the_quote", GOOD, "lead_inspector: Ceri Evans",
        'lead_inspector: "Ceri Evans',
        f"{PATH}:9: lead_inspector: front matter is not valid YAML (while scanning a quoted scalar, "
        "found unexpected end of stream); check quotes, colons and indentation"),
    edited("malformed_yaml_bad_indentation", GOOD, "  help_and_protection: good", " help_and_protection: good",
        f"{PATH}:13: judgements: front matter is not valid YAML (did not find expected key); "
        "check that the line is indented like the lines around it (two spaces under `judgements:` or `sources:`)"),
    edited("an_alias_alone_is_refused_on_its_line", GOOD, "lead_inspector: Ceri Evans", "lead_inspector: *who",
        f"{PATH}:9: lead_inspector: uses a YAML anchor or alias (`&name`, `*name`), which data files may not; "
        "write the value out"),
    edited("nesting_is_bounded_before_the_yaml_is_built", GOOD, "lead_inspector: Ceri Evans",
        "lead_inspector: " + "[" * 100_000,
        f"{PATH}:9: lead_inspector[0][0]: is nested more than 16 levels deep (lists and `{{...}}` inside each "
        "other); write a plain value"),
    edited("a_number_python_will_not_read_is_reported_on_its_line", GOOD, "lead_inspector: Ceri Evans",
        "lead_inspector: " + "9" * 5000, f"{PATH}:9: lead_inspector: is 5000 characters long; at most 300 allowed"),
    # YAML that data files may not use
    edited("a_merge_key_is_refused", GOOD, "council: leicestershire\n",
        "<<: {council: leicester}\ncouncil: leicestershire\n",
        f"{PATH}:2: <<: is a YAML merge key (`<<`), which data files may not use; write the fields out"),
    edited("a_key_ending_in_a_line_break_is_shown_on_one_line", GOOD, "council: leicestershire\n",
        'council: leicestershire\n"lead\\n": x\n', f"{PATH}:3: 'lead?': is not a record field; {FIELDS}"),
]


@pytest.mark.parametrize(("base", "old", "new", "rel", "today", "expected"), EDITS)
def test_an_edited_record_gives_exactly_these_problems(repo, base, old, new, rel, today, expected):
    assert check(repo, edit(base, old, new), rel, today) == expected


# Whole files, written as they are.
WHOLE_FILES = [
    # fields
    whole("every_required_field_missing", "---\nlead_inspector: Ceri Evans\n---\n",
        f"{PATH}:1: council: is missing; The council inspected: its slug in `records/councils.yml`.",
        f"{PATH}:1: kind: is missing; What sort of inspection or visit this was.",
        f"{PATH}:1: framework: is missing; The inspection framework, decided by the first day on site.",
        f"{PATH}:1: published: is missing; The day Ofsted published the report or letter (YYYY-MM-DD)."),
    # dates
    whole("dates_in_the_future", GOOD,
        f"{PATH}:7: inspection_end: 2024-05-03 is in the future; only published inspections are recorded",
        f"{PATH}:8: published: 2024-07-12 is in the future; only published inspections are recorded",
        today=dt.date(2024, 4, 30)),
    whole("today_is_not_the_future", GOOD, today=dt.date(2024, 7, 12)),
    # judgements and frameworks
    whole("ilacs_2026_has_no_overall_effectiveness",
        GOOD.replace("framework: ilacs-2023", "framework: ilacs-2026")
        .replace("2024-04-22", "2026-04-27").replace("2024-05-03", "2026-05-01")
        .replace("2024-07-12", "2026-06-17"),
        "records/leicestershire/2026-06-17-full-inspection.md:11: judgements.overall_effectiveness: "
        "'overall_effectiveness' is not a judgement of framework ilacs-2026; "
        "allowed: impact_of_leaders, help_and_protection, children_in_care, care_leavers",
        rel="records/leicestershire/2026-06-17-full-inspection.md", today=dt.date(2026, 7, 1)),
    # Started on the last day of 2022: ILACS 2018, although published in 2023.
    whole("framework_boundary_is_the_first_day_on_site",
        "---\ncouncil: leicester\nkind: full-inspection\nframework: ilacs-2023\n"
        "inspection_start: 2022-12-31\ninspection_end: 2023-01-13\npublished: 2023-03-01\n"
        "grades_pending: true\n---\n",
        "records/leicester/2023-03-01-full-inspection.md:4: framework: 'ilacs-2023' does not cover an "
        "inspection starting 2022-12-31; allowed for that date: ilacs-2018",
        rel="records/leicester/2023-03-01-full-inspection.md"),
    whole("inspection_before_every_framework",
        "---\ncouncil: leicester\nkind: full-inspection\nframework: sif\n"
        "inspection_start: 2008-01-07\ninspection_end: 2008-01-11\npublished: 2008-03-01\n"
        "grades_pending: true\n---\n",
        "records/leicester/2008-03-01-full-inspection.md:4: framework: 'sif' does not cover an "
        "inspection starting 2008-01-07; allowed for that date: none",
        rel="records/leicester/2008-03-01-full-inspection.md"),
    # the file and its path
    whole("binary_file", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
        f"{PATH}:1: file is binary, not text; a record is a Markdown file with YAML front matter"),
    whole("not_utf8", GOOD.replace("Ceri Evans", "Céri Evans").encode("latin-1"),
        f"{PATH}:9: file is not UTF-8 text; save it as UTF-8"),
    whole("utf8_with_bom_and_windows_line_endings_is_fine", b"\xef\xbb\xbf" + GOOD.replace("\n", "\r\n").encode()),
    whole("no_front_matter", GOOD.removeprefix("---\n"),
        f"{PATH}:1: file must start with a line `---` opening the YAML front matter"),
    whole("unclosed_front_matter", GOOD.replace("\n---\n\n## Key findings", "\n\n## Key findings"),
        f"{PATH}:1: front matter is not closed: add a line `---` after the last field"),
    # dates that are plausible and agree with the council's life
    whole("a_visit_after_the_council_ended_is_refused", POOLE_VISIT,
        f"{POOLE}:6: inspection_end: 2025-02-04 is not before Poole ended (2019-04-01, records/councils.yml); "
        "record a later inspection under the council that replaced it",
        rel=POOLE, today=dt.date(2026, 1, 1)),
]


@pytest.mark.parametrize(("content", "rel", "today", "expected"), WHOLE_FILES)
def test_a_whole_file_gives_exactly_these_problems(repo, content, rel, today, expected):
    assert check(repo, content, rel, today) == expected


# --- fields ---------------------------------------------------------------------------


@pytest.mark.parametrize(("old", "new", "expected"), [
    ("kind: full-inspection", "kind: 3",
     "3: kind: 3 is not allowed; allowed: full-inspection, focused-visit, monitoring-visit, jtai"),
    ("lead_inspector: Ceri Evans", "lead_inspector: [Ceri, Evans]",
     "9: lead_inspector: ['Ceri', 'Evans'] is not text; write it as plain text"),
    ("lead_inspector: Ceri Evans", "lead_inspector: ''",
     "9: lead_inspector: is empty; give a value or leave the field out"),
    ("report_url: https://files.ofsted.gov.uk/v1/file/50252253", "grades_pending: 'yes'",
     "16: grades_pending: 'yes' is not allowed; allowed: true, false"),
    ("judgements:\n  overall_effectiveness: outstanding\n  impact_of_leaders: outstanding\n"
     "  help_and_protection: good\n  children_in_care: outstanding\n  care_leavers: outstanding\n",
     "judgements: outstanding\n",
     "10: judgements: must be a set of `judgement: grade` lines, indented under `judgements:`"),
])
def test_wrong_yaml_types(repo, old, new, expected):
    assert check(repo, edit(GOOD, old, new)) == [f"{PATH}:{expected}"]


# --- dates ----------------------------------------------------------------------------


@pytest.mark.parametrize(("value", "shown"), [
    ("12/07/2024", "'12/07/2024'"),
    ("2024-13-45", "'2024-13-45'"),  # YAML cannot build it; still reported on its own line
    ("'20240712'", "'20240712'"),
    ("20240712", "20240712"),
    ("July 2024", "'July 2024'"),
])
def test_bad_date_format(repo, value, shown):
    text = edit(GOOD, "published: 2024-07-12", f"published: {value}")
    assert check(repo, text) == [
        f"{PATH}:8: published: {shown} is not a date; write it as YYYY-MM-DD, e.g. 2024-07-12"]


# --- judgements and frameworks ------------------------------------------------------------


@pytest.mark.parametrize(("value", "shown"), [
    ("requires improvement", "'requires improvement' is not a grade (did you mean 'requires_improvement'?)"),
    ("Good", "'Good' is not a grade (did you mean 'good'?)"),
    ("3", "3 is not a grade"),
    ("true", "True is not a grade"),
])
def test_bad_grade_spellings(repo, value, shown):
    text = edit(GOOD, "care_leavers: outstanding", f"care_leavers: {value}")
    assert check(repo, text) == [f"{PATH}:15: judgements.care_leavers: {shown}; {GRADES}"]


# --- links ------------------------------------------------------------------------------


@pytest.mark.parametrize("url", [
    "http://files.ofsted.gov.uk/v1/file/50252253",
    "https://evil.example/v1/file/50252253",
    "https://ofsted.gov.uk.evil.example/report.pdf",
    "https://notofsted.gov.uk/report.pdf",
])
def test_report_url_must_be_https_on_ofsted(repo, url):
    text = edit(GOOD, "https://files.ofsted.gov.uk/v1/file/50252253", url)
    shown = f"'{url}'" if len(url) + 2 <= 60 else f"'{url}'"[:57] + "..."
    assert check(repo, text) == [
        f"{PATH}:16: report_url: {shown} is not an https link to ofsted.gov.uk; link to the report on Ofsted's site"]


@pytest.mark.parametrize("url", ["javascript:alert(1)", "files.ofsted.gov.uk/v1/file/1", "https://", "https://[::1"])
def test_report_url_that_is_not_a_web_address(repo, url):
    text = edit(GOOD, "https://files.ofsted.gov.uk/v1/file/50252253", f"'{url}'")
    assert check(repo, text) == [
        f"{PATH}:16: report_url: '{url}' is not a web address; write a full https:// link"]


URL_TRICKS = {
    # urlsplit reads files.ofsted.gov.uk as the host; a browser goes to evil.example
    "https://evil.example\\@files.ofsted.gov.uk/v1/file/1":
        "contains a backslash, which browsers read as `/`; write the address as the browser shows it",
    "https://files.ofsted.gov.uk\\.evil.example/v1/file/1":
        "contains a backslash, which browsers read as `/`; write the address as the browser shows it",
    "https://files.ofsted.gov.uk@evil.example/report.pdf":
        "has a user name or password before an @; browsers go to the host after the @, so link to the page directly",
    "https://user:pass@files.ofsted.gov.uk/v1/file/1":
        "has a user name or password before an @; browsers go to the host after the @, so link to the page directly",
    "https://files.ofsted.gov.uk%2eevil.example/v1/file/1":
        "is read as a link to files.ofsted.gov.uk%2eevil.example by Python but to "
        "files.ofsted.gov.uk.evil.example by browsers; write the address as the browser shows it",
    "https://FILES.OFSTED.GOV.UK%2E/v1/file/1":
        "is read as a link to files.ofsted.gov.uk%2e by Python but to files.ofsted.gov.uk. by browsers; "
        "write the address as the browser shows it",
    "https:files.ofsted.gov.uk/v1/file/1": "is not a web address; write a full https:// link",
    "https:/\\evil.example/v1/file/1":
        "contains a backslash, which browsers read as `/`; write the address as the browser shows it",
    "https://files.ofsted.gov.uk\t.evil.example/":
        "contains a space, a control character or a character outside ASCII; copy the address from the browser's "
        "address bar, which writes them as %xx",
    "https://files.ofsted.gov.uk\u3002evil.example/":
        "contains a space, a control character or a character outside ASCII; copy the address from the browser's "
        "address bar, which writes them as %xx",
    "https://0x7f.1/v1/file/1": "is read as a link to 0x7f.1 by Python but to 127.0.0.1 by browsers; "
                                "write the address as the browser shows it",
}


@pytest.mark.parametrize("url", URL_TRICKS, ids=range(len(URL_TRICKS)))
def test_a_link_is_checked_the_way_a_browser_reads_it(repo, url):
    from inspections.validate import _show

    text = edit(GOOD, "https://files.ofsted.gov.uk/v1/file/50252253", '"' + url.replace("\\", "\\\\")
                .replace("\t", "\\t").replace("\u3002", "\\u3002") + '"')
    assert check(repo, text) == [f"{PATH}:16: report_url: {_show(url)} {URL_TRICKS[url]}"]
    source = edit(GOOD, "url: https://www.leicestershire.gov.uk/news", f"url: '{url}'") if "\t" not in url else None
    if source and "\u3002" not in url:
        assert f"{PATH}:19: sources[0].url: {_show(url)} {URL_TRICKS[url]}" in check(repo, source)


@pytest.mark.parametrize(("old", "new", "expected"), [
    ("    url: https://www.leicestershire.gov.uk/news\n", "",
     "18: sources[0]: each source needs exactly `title:` and `url:`"),
    ("    url: https://www.leicestershire.gov.uk/news\n",
     "    url: https://www.leicestershire.gov.uk/news\n    date: 2024-07-12\n",
     "18: sources[0]: each source needs exactly `title:` and `url:`"),
    ("url: https://www.leicestershire.gov.uk/news", "url: ftp://example.org/x",
     "19: sources[0].url: 'ftp://example.org/x' is not a web address; write a full https:// link"),
    ("title: Council news release", "title: ''",
     "18: sources[0].title: is empty; give a value or leave the field out"),
])
def test_sources_shape(repo, old, new, expected):
    assert check(repo, edit(GOOD, old, new)) == [f"{PATH}:{expected}"]


# --- the file and its path ------------------------------------------------------------------


@pytest.mark.parametrize("rel", [
    "records/leicester/2024-07-12-full-inspection.md",  # wrong council folder
    "records/leicestershire/2024-07-13-full-inspection.md",  # wrong date
    "records/leicestershire/2024-07-12-focused-visit.md",  # wrong kind
    "records/leicestershire/full-inspection.md",  # no date
])
def test_file_path_must_match_the_front_matter(repo, rel):
    assert check(repo, GOOD, rel) == [
        f"{rel}:1: file path does not match its council, published date and kind; "
        f"expected {PATH}"]


def test_duplicate_report_url(repo):
    write(repo, PATH, GOOD)
    other = "records/leicestershire/2024-08-01-full-inspection.md"
    text = (GOOD.replace("2024-07-12", "2024-08-01").replace("2024-04-22", "2024-05-06")
            .replace("2024-05-03", "2024-05-17"))
    assert check(repo, text, other) == [
        f"{other}:16: report_url: the same report is already recorded in {PATH}; keep one record per inspection"]


def test_duplicate_inspection_same_council_kind_and_start(repo):
    write(repo, PATH, GOOD)
    other = "records/leicestershire/2024-07-13-full-inspection.md"
    text = GOOD.replace("2024-07-12", "2024-07-13").replace("50252253", "50252999")
    assert check(repo, text, other) == [
        f"{other}:6: inspection_start: {PATH} records the same full inspection starting 2024-04-22; "
        "keep one record per inspection"]


def test_same_start_for_different_kinds_is_not_a_duplicate(repo):
    write(repo, VISIT_PATH, VISIT)
    text = VISIT.replace("focused-visit", "jtai")
    assert check(repo, text, "records/leicestershire/2022-03-02-jtai.md") == []


@pytest.mark.parametrize("content", [b"", b"\n\n  \n"])
def test_empty_file(repo, content):
    assert check(repo, content) == [
        f"{PATH}:1: file is empty; a record starts with a line `---`, then its fields, then `---`"]


def test_malformed_yaml_colon_in_value(repo):
    text = edit(GOOD, "lead_inspector: Ceri Evans", "lead_inspector: HMI: Ceri Evans")
    # libyaml says "in this context", the pure-Python parser "here"
    assert check(repo, text) in ([
        f"{PATH}:9: lead_inspector: front matter is not valid YAML (mapping values are not allowed {where}); "
        "put a value that contains ': ' in quotes, or check that the line is indented like the lines around it"]
        for where in ("in this context", "here"))


def test_malformed_yaml_field_without_colon_names_that_field(repo):
    text = edit(GOOD, "judgements:", "judgements")
    (message,) = check(repo, text)
    assert message.startswith(f"{PATH}:10: judgements: front matter is not valid YAML (could not find expected ':')")
    assert message.endswith("a line needs a colon after its field name, as in `field: value`")


def test_malformed_yaml_tab_says_use_spaces(repo):
    text = edit(GOOD, "  help_and_protection: good", "\thelp_and_protection: good")
    (message,) = check(repo, text)
    assert message.startswith(f"{PATH}:13: judgements: front matter is not valid YAML (")
    assert message.endswith("indent with spaces, not tabs")


def test_judgement_at_the_top_level_says_indent_it(repo):
    text = edit(GOOD, "  care_leavers: outstanding", "care_leavers: outstanding")
    assert f"{PATH}:15: care_leavers: is a judgement, not a record field: indent it by two spaces " \
           "under `judgements:`" in check(repo, text)


def test_huge_file(repo):
    content = GOOD + "x" * 300_000 + "\n"
    size = len(content.encode())
    assert check(repo, content) == [
        f"{PATH}:1: file is {size:,} bytes; a record may be at most 262,144 bytes"]


@pytest.mark.parametrize("front", ["- council: leicestershire\n- kind: full-inspection\n", "just some text\n", "42\n"])
def test_front_matter_that_is_not_a_mapping(repo, front):
    assert check(repo, f"---\n{front}---\n") == [f"{PATH}:2: front matter must be a set of `field: value` lines"]


def test_yaml_alias_bomb_is_reported_quickly(repo):
    lines = ["---", "a0: &a0 [x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, 9)]
    lines += ["lead_inspector: *a8", "---", ""]
    assert check(repo, "\n".join(lines)) == [
        f"{PATH}:2: a0: uses a YAML anchor or alias (`&name`, `*name`), which data files may not; "
        "write the value out"]


@pytest.mark.parametrize(("old", "new", "line", "field"), [
    ("council: leicestershire\n", "council: leicestershire\n'council': leicester\n", 3, "council"),
    ("council: leicestershire\n", 'council: leicestershire\n"council": leicester\n', 3, "council"),
    (GOOD[GOOD.index("judgements:"):GOOD.index("report_url")],
     "judgements: {overall_effectiveness: good, care_leavers: good, overall_effectiveness: outstanding}\n", 10,
     "judgements.overall_effectiveness"),
    ("  - title: Council news release\n", "  - title: Council news release\n    title: Other\n", 19,
     "sources[0].title"),
])
def test_a_repeated_key_is_found_however_it_is_written(repo, old, new, line, field):
    found = check(repo, edit(GOOD, old, new))
    assert f"{PATH}:{line}: {field}: appears more than once; keep one" in found


def test_problems_from_several_files_come_sorted_by_path_and_line(repo):
    write(repo, OLD_PATH, edit(OLD, "framework: sif", "framework: SIF"))
    write(repo, PATH, edit(GOOD, "care_leavers: outstanding", "care_leavers: excelent"))
    write(repo, VISIT_PATH, b"")
    assert problems(repo) == [
        f"{OLD_PATH}:4: framework: 'SIF' is not allowed (did you mean 'sif'?); "
        "allowed: pre-sif, sif, ilacs-2018, ilacs-2023, ilacs-2026",
        f"{VISIT_PATH}:1: file is empty; a record starts with a line `---`, then its fields, then `---`",
        f"{PATH}:15: judgements.care_leavers: 'excelent' is not a grade; {GRADES}",
    ]


# --- the command line -------------------------------------------------------------------------


def run_validate(repo: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "validate.py"), "--records", str(repo / "records"), *args],
        cwd=repo, capture_output=True, text=True, timeout=120,
    )


def test_cli_exits_0_when_all_is_well(repo):
    write(repo, PATH, GOOD)
    write(repo, OLD_PATH, OLD)
    result = run_validate(repo)
    assert (result.returncode, result.stdout, result.stderr) == (0, "2 records and 5 councils are valid\n", "")


def test_cli_exits_1_with_one_line_per_problem(repo):
    write(repo, PATH, edit(GOOD, "care_leavers: outstanding", "care_leavers: excelent"))
    write(repo, OLD_PATH, edit(OLD, "grades_pending: true\n", ""))
    result = run_validate(repo)
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        f"{OLD_PATH}:1: judgements: a full inspection needs its grades; "
        "add judgements, or `grades_pending: true` if they are not known yet",
        f"{PATH}:15: judgements.care_leavers: 'excelent' is not a grade; {GRADES}",
    ]
    assert result.stderr == "2 problem(s) found\n"


def test_cli_checks_only_the_paths_given(repo):
    write(repo, PATH, GOOD)
    write(repo, OLD_PATH, b"\x00")
    good_only = run_validate(repo, PATH)
    assert (good_only.returncode, good_only.stdout) == (0, "1 records and 5 councils are valid\n")
    bad_only = run_validate(repo, OLD_PATH)
    assert (bad_only.returncode, bad_only.stdout) == (
        1, f"{OLD_PATH}:1: file is binary, not text; a record is a Markdown file with YAML front matter\n")
    folder = run_validate(repo, "records/leicester")
    assert folder.returncode == 1 and folder.stdout.startswith(f"{OLD_PATH}:1: file is binary")


def test_cli_github_annotations(repo):
    write(repo, PATH, edit(GOOD, "care_leavers: outstanding", "care_leavers: excelent"))
    result = run_validate(repo, "--github")
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        f"{PATH}:15: judgements.care_leavers: 'excelent' is not a grade; {GRADES}",
        f"::error file={PATH},line=15::judgements.care_leavers: 'excelent' is not a grade; {GRADES}",
    ]


def test_cli_never_prints_a_traceback(repo):
    hostile = {
        "a.md": b"\xff\xfe\x00b\x00",
        "b.md": b"---\n" + b"[" * 5000 + b"\n---\n",
        "c.md": b"---\n!!python/object/apply:os.system ['echo hi']\n---\n",
        "d.md": b"---\ncouncil: {a: [1, {b: 2}]}\nkind: !!binary aGVsbG8=\npublished: 2024-02-30\n---\n",
        "e.md": b"---\n? [a, b]\n: c\n---\n",
        "f.md": b"---\n" + b"  " * 2000 + b"x: 1\n---\n",
        "g.md": b"---\nx: " + b"[" * 120_000 + b"\n---\n",  # crashed libyaml's composer (exit 139)
        "h.md": b"---\nx: " + b"- " * 120_000 + b"\n---\n",
    }
    for name, content in hostile.items():
        write(repo, f"records/leicester/{name}", content)
    result = run_validate(repo)
    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr
    lines = result.stdout.splitlines()
    assert {line.split(":", 1)[0] for line in lines} == {f"records/leicester/{n}" for n in hostile}
    assert all(line.split(":")[1].isdigit() for line in lines)


@pytest.mark.parametrize(("written", "slug"), [("Leicestershire County Council", "leicestershire"),
                                               ("Leicester City Council", "leicester"),
                                               ("Borough of Telford and Wrekin", "telford-and-wrekin")])
def test_a_council_written_as_its_formal_name_gets_its_slug_suggested(repo, written, slug):
    (message,) = check(repo, edit(GOOD, "council: leicestershire", f"council: {written}"))
    assert f"council: '{written}' is not a council in records/councils.yml (did you mean '{slug}'?)" in message


def test_thousands_of_unknown_fields_are_one_problem(repo):
    extra = "".join(f"field{i}: {i}\n" for i in range(5000))
    assert check(repo, edit(GOOD, "council: leicestershire\n", "council: leicestershire\n" + extra)) == [
        f"{PATH}:3: front matter has 5,000 fields that are not record fields, from this line on; {FIELDS}"]


# --- every file under records/ is a record or is refused by name ----------------------------

FILE_REFUSALS = {
    "records/leicestershire/2024-07-12-full-inspection.MD":
        "ends in '.MD'; a record's name ends in .md, in lower case, or the build skips it",
    "records/leicestershire/2024-07-12-full-inspection.markdown":
        "ends in '.markdown'; a record's name ends in .md, in lower case, or the build skips it",
    "records/leicestershire/2024/2024-07-12-full-inspection.md":
        "is too deep in records/; a record lives in its council's folder, as "
        "records/<council>/<YYYY-MM-DD>-<kind>.md, or the build skips it",
    "records/2024-07-12-full-inspection.md":
        "is not a record; a record lives in its council's folder, as records/<council>/<YYYY-MM-DD>-<kind>.md",
    "records/leicestershire/notes.txt":
        "is not a record (a council's folder holds only records, named <YYYY-MM-DD>-<kind>.md); move or remove it",
}


@pytest.mark.parametrize("rel", FILE_REFUSALS)
def test_a_file_the_build_would_skip_is_refused_by_name(repo, rel):
    assert check(repo, GOOD, rel) == [f"{rel}:1: {FILE_REFUSALS[rel]}"]


def test_the_validator_given_paths_and_the_build_agree_on_what_is_a_record(repo):
    from inspections.dataset import files_under, record_paths

    write(repo, PATH, GOOD)
    for rel in FILE_REFUSALS:
        write(repo, rel, GOOD)
    with pytest.raises(RecordsInvalid) as every:
        load_dataset(repo / "records", today=TODAY)
    with pytest.raises(RecordsInvalid) as named:
        load_dataset(repo / "records", today=TODAY, paths=files_under(repo / "records"))
    assert every.value.problems == named.value.problems
    assert len(every.value.problems) == len(FILE_REFUSALS)
    assert record_paths(repo / "records") == [repo / PATH]


def test_a_linked_folder_is_refused_not_skipped(repo, tmp_path_factory):
    elsewhere = tmp_path_factory.mktemp("elsewhere")
    write(elsewhere, "2024-07-12-full-inspection.md", GOOD)
    (repo / "records" / "leicestershire").symlink_to(elsewhere, target_is_directory=True)
    assert problems(repo) == [
        "records/leicestershire:1: is a link to a folder; a record lives in its council's folder, as "
        "records/<council>/<YYYY-MM-DD>-<kind>.md, in a real folder"]


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")
def test_a_record_linked_to_a_device_is_not_read(repo):
    (repo / "records" / "leicestershire").mkdir()
    (repo / "records" / "leicestershire" / "2024-07-12-full-inspection.md").symlink_to("/dev/zero")
    assert problems(repo) == [f"{PATH}:1: file is a link to a file outside records/; put the file itself here"]
    result = run_validate(repo, PATH)  # as CI's changed-records step names it
    assert result.returncode == 1
    assert result.stdout == f"{PATH}:1: file is a link to a file outside records/; put the file itself here\n"


def test_a_record_that_is_a_pipe_is_not_opened(repo):
    (repo / "records" / "leicestershire").mkdir()
    os.mkfifo(repo / PATH)
    assert problems(repo) == [
        f"{PATH}:1: file is not a regular file (a device, pipe or folder); a record is a text file"]


def test_a_record_linked_inside_records_is_read_under_its_own_name(repo):
    write(repo, "records/leicestershire/original.txt", GOOD)
    (repo / PATH).symlink_to("original.txt")
    assert f"{PATH}:1: file path does not match" not in "\n".join(problems(repo))
    assert problems(repo) == [
        "records/leicestershire/original.txt:1: is not a record (a council's folder holds only records, named "
        "<YYYY-MM-DD>-<kind>.md); move or remove it"]


def test_a_path_outside_records_is_refused(repo):
    write(repo, "elsewhere/2024-07-12-full-inspection.md", GOOD)
    result = run_validate(repo, "elsewhere/2024-07-12-full-inspection.md")
    assert result.returncode == 1
    assert result.stdout == ("elsewhere/2024-07-12-full-inspection.md:1: is not in records/, so the build never "
                             "reads it; a record lives in its council's folder, as "
                             "records/<council>/<YYYY-MM-DD>-<kind>.md\n")


# --- duplicates by identity: one council, kind and publication day is one inspection -----------

BARE_VISIT = "---\ncouncil: leicestershire\nkind: focused-visit\nframework: ilacs-2018\npublished: 2022-03-02\n---\n"


def test_the_same_visit_twice_without_links_or_dates_is_a_duplicate(repo):
    write(repo, VISIT_PATH, BARE_VISIT)
    second = VISIT_PATH.replace(".md", "-2.md")
    assert check(repo, BARE_VISIT, second) == [
        f"{second}:5: published: {VISIT_PATH} records the same focused visit published 2022-03-02; keep one "
        "record per inspection, or if these are two, say why in `exception:`"]


def test_a_same_day_copy_of_a_full_inspection_is_a_duplicate(repo):
    write(repo, PATH, GOOD)
    second = PATH.replace(".md", "-2.md")
    copy = edit(GOOD, "overall_effectiveness: outstanding", "overall_effectiveness: inadequate")
    copy = edit(copy, "50252253", "50252999").replace("2024-04-22", "2024-04-29")
    assert check(repo, copy, second) == [
        f"{second}:8: published: {PATH} records the same full inspection published 2024-07-12; keep one "
        "record per inspection, or if these are two, say why in `exception:`"]


def test_two_visits_on_one_day_are_allowed_when_a_record_says_why(repo):
    write(repo, VISIT_PATH, BARE_VISIT)
    second = BARE_VISIT.replace("---\n", "---\nexception: Two letters, one on each of two areas of practice.\n", 1)
    assert check(repo, second, VISIT_PATH.replace(".md", "-2.md")) == []


# --- dates that are plausible and agree with the council's life ------------------------------------

def test_more_than_six_weeks_on_site_needs_an_exception(repo):
    assert check(repo, edit(GOOD, "inspection_end: 2024-05-03", "inspection_end: 2024-06-03")) == []  # 6 weeks
    text = edit(GOOD, "inspection_end: 2024-05-03", "inspection_end: 2024-07-01")
    assert check(repo, text) == [
        f"{PATH}:7: inspection_end: 2024-07-01 is 70 days after inspection_start 2024-04-22; inspectors are on "
        "site at most 6 weeks. Check the dates, or if they are right, say why in `exception:`"]
    assert check(repo, text.replace("---\n", "---\nexception: Paused for a fortnight by a cyber attack.\n", 1)) == []


def test_a_report_published_more_than_nine_months_later_needs_an_exception(repo):
    text = edit(GOOD, "published: 2024-07-12", "published: 2025-07-12")
    rel = PATH.replace("2024-07-12", "2025-07-12")
    assert check(repo, text, rel, today=dt.date(2026, 1, 1)) == [
        f"{rel}:8: published: 2025-07-12 is 435 days after the last day on site (2024-05-03); reports are "
        "published within about 9 months (274 days). Check the dates, or if they are right, say why in `exception:`"]
    excused = text.replace("---\n", "---\nexception: Publication was delayed by a legal challenge.\n", 1)
    assert check(repo, excused, rel, today=dt.date(2026, 1, 1)) == []


def test_a_visit_before_the_council_began_is_refused(repo):
    text = POOLE_VISIT.replace("poole", "bournemouth-christchurch-and-poole").replace("2025", "2014")
    text = text.replace("ilacs-2023", "sif")
    rel = "records/bournemouth-christchurch-and-poole/2014-03-14-focused-visit.md"
    assert check(repo, text, rel) == [
        f"{rel}:5: inspection_start: 2014-02-03 is before Bournemouth, Christchurch and Poole began (2019-04-01, "
        "records/councils.yml); record an earlier inspection under the council that existed then"]


def test_github_annotations_escape_the_file_name(repo):
    """A file name is untrusted text: a line break in it must not start a new
    workflow command, and `:` or `,` must not end the `file=` property."""
    rel = "records/leicestershire/2024-07-12-full-inspection\n::error file=x.md,line=1::pwned,x:y.md"
    write(repo, rel, GOOD)
    result = run_validate(repo, "--github")
    lines = result.stdout.splitlines()
    assert not any(line.startswith("::error file=x.md") for line in lines)
    shown = "records/leicestershire/2024-07-12-full-inspection\\n::error file=x.md,line=1::pwned,x:y.md"
    escaped = ("records/leicestershire/2024-07-12-full-inspection%0A%3A%3Aerror file=x.md%2Cline=1%3A%3Apwned%2Cx"
               "%3Ay.md")
    assert lines[0].startswith(f"{shown}:1: file path does not match its council")
    assert lines[1].startswith(f"::error file={escaped},line=1::file path does not match its council")
    assert len(lines) == 2


def test_annotation_data_and_properties_are_escaped_as_github_specifies():
    from _common import annotation_data, annotation_property

    assert annotation_data("50%\r\nnext: a, b") == "50%25%0D%0Anext: a, b"
    assert annotation_property("50%\r\nnext: a, b") == "50%25%0D%0Anext%3A a%2C b"


@pytest.mark.parametrize("escape", ["\\x85", "\\x9b", "\\uFFFE", "\\x1b"])
def test_a_field_with_a_character_xml_cannot_carry_is_refused(repo, escape):
    text = edit(GOOD, "lead_inspector: Ceri Evans", f'lead_inspector: "Ceri{escape}Evans"')
    assert check(repo, text) == [
        f"{PATH}:9: lead_inspector: contains a line break or control character; write it on one line"]


