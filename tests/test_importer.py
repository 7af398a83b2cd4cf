"""The ILACS CSV importer on small fixtures (tests/fixtures/import/).

quirks.csv has one row per quirk the data README lists (and the odd ones found
in the real file); refused.csv one row per kind of value the importer must
refuse. Records go into a temporary records/ folder with the fixture registry.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from inspections.dataset import load_councils, load_dataset
from inspections.importer import ImportReport, import_csv, merge
from inspections.load import read_record
from inspections.write import dump_record
from record_texts import LEICESTER_2015_PENDING, LEICESTERSHIRE_2024

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures" / "import"
REGISTRY = ROOT / "tests" / "fixtures" / "records" / "councils.yml"
QUIRKS = FIXTURES / "quirks.csv"
REFUSED = FIXTURES / "refused.csv"

QUIRK_REPORT = [
    "quirk: free text as inspection type: 1 value(s)",
    "  quirks.csv:8 (leicester 2019-07-22): 'inspection duration longer than standard framework' read as standard",
    "quirk: grade for a judgement the framework does not have (dropped): 1 value(s)",
    "  quirks.csv:9 (bournemouth-christchurch-and-poole 2022-09-05): care_leavers_grade 'inadequate' under ilacs-2018",
    "quirk: grade unreadable in the data set: 10 value(s)",
    "  quirks.csv:4 (leicester 2015-03-20): overall_effectiveness_grade",
    "  quirks.csv:4 (leicester 2015-03-20): impact_of_leaders_grade",
    "  quirks.csv:4 (leicester 2015-03-20): help_and_protection_grade",
    "  quirks.csv:4 (leicester 2015-03-20): in_care_grade",
    "  quirks.csv:4 (leicester 2015-03-20): care_leavers_grade",
    "  quirks.csv:5 (leicestershire 2013-08-16): overall_effectiveness_grade",
    "  quirks.csv:10 (poole 2018-01-19): overall_effectiveness_grade",
    "  quirks.csv:10 (poole 2018-01-19): impact_of_leaders_grade",
    "  quirks.csv:10 (poole 2018-01-19): help_and_protection_grade",
    "  quirks.csv:10 (poole 2018-01-19): in_care_grade",
    "quirk: inspection type on a non-ILACS inspection (dropped): 1 value(s)",
    "  quirks.csv:10 (poole 2018-01-19): standard under sif",
    "quirk: judgement marked as not existing yet: 4 value(s)",
    "  quirks.csv:3 (leicester 2021-11-12): care_leavers_grade under ilacs-2018",
    "  quirks.csv:7 (telford-and-wrekin 2019-01-07): care_leavers_grade under ilacs-2018",
    "  quirks.csv:8 (leicester 2019-07-22): care_leavers_grade under ilacs-2018",
    "  quirks.csv:10 (poole 2018-01-19): care_leavers_grade under sif",
    "quirk: no inspection dates (framework from publication date): 3 value(s)",
    "  quirks.csv:4 (leicester 2015-03-20): sif",
    "  quirks.csv:5 (leicestershire 2013-08-16): pre-sif",
    "  quirks.csv:9 (bournemouth-christchurch-and-poole 2022-09-05): ilacs-2018",
    "quirk: overall effectiveness not given after the 2026 reform: 1 value(s)",
    "  quirks.csv:6 (telford-and-wrekin 2026-06-17)",
    "quirk: scraping slip in a grade: 1 value(s)",
    "  quirks.csv:7 (telford-and-wrekin 2019-01-07): help_and_protection_grade 'to requires improvement' "
    "read as requires_improvement",
]

CREATED = [
    "records/leicestershire/2024-07-12-full-inspection.md",
    "records/leicester/2021-11-12-full-inspection.md",
    "records/leicester/2015-03-20-full-inspection.md",
    "records/leicestershire/2013-08-16-full-inspection.md",
    "records/telford-and-wrekin/2026-06-17-full-inspection.md",
    "records/telford-and-wrekin/2019-01-07-full-inspection.md",
    "records/leicester/2019-07-22-full-inspection.md",
    "records/bournemouth-christchurch-and-poole/2022-09-05-full-inspection.md",
    "records/poole/2018-01-19-full-inspection.md",
]

HEADER = "---\n# yaml-language-server: $schema=../record.schema.json\n"


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    (tmp_path / "records").mkdir()
    shutil.copy(REGISTRY, tmp_path / "records" / "councils.yml")
    return tmp_path


@pytest.fixture(scope="module")
def councils():
    return load_councils(REGISTRY)


def run_import(repo: Path, csv_path: Path, councils, **kwargs):
    return import_csv(csv_path, repo / "records", councils, **kwargs)


def read(repo: Path, rel: str) -> str:
    return (repo / rel).read_text(encoding="utf-8")


def snapshot(repo: Path) -> dict[str, bytes]:
    return {p.relative_to(repo).as_posix(): p.read_bytes() for p in sorted((repo / "records").rglob("*.md"))}


# --- every quirk, reported and handled ------------------------------------------------------


def test_every_quirk_is_reported(repo, councils):
    report = run_import(repo, QUIRKS, councils)
    assert report.summary_lines(verbose=True) == [*QUIRK_REPORT, "9 created, 0 updated, 0 unchanged, 0 refused"]
    assert report.created == CREATED
    assert report.refused == []


def test_long_quirk_lists_are_sampled_unless_verbose():
    report = ImportReport()
    for n in range(13):
        report.quirk("grade unreadable in the data set", f"x.csv:{n + 2}")
    assert report.summary_lines() == [
        "quirk: grade unreadable in the data set: 13 value(s)",
        "  x.csv:2", "  x.csv:3", "  x.csv:4", "  x.csv:5", "  x.csv:6",
        "  ... and 8 more (--verbose lists all)",
        "0 created, 0 updated, 0 unchanged, 0 refused",
    ]
    assert len(report.summary_lines(verbose=True)) == 1 + 13 + 1


# Whole records the importer writes from QUIRKS, a row and its quirk each.
IMPORTED = [
    pytest.param("records/leicestershire/2024-07-12-full-inspection.md", LEICESTERSHIRE_2024 + "---\n",
                 id="ordinary_ilacs_2023_row"),
    pytest.param("records/leicester/2015-03-20-full-inspection.md", LEICESTER_2015_PENDING + "---\n",
                 id="unreadable_and_blank_grades_make_a_pending_sif_record"),
    pytest.param("records/leicestershire/2013-08-16-full-inspection.md", """\
council: leicestershire
kind: full-inspection
framework: pre-sif
published: 2013-08-16
grades_pending: true
report_url: https://files.ofsted.gov.uk/v1/file/50004248
---
""", id="report_before_the_sif_is_pre_sif"),
    pytest.param("records/telford-and-wrekin/2026-06-17-full-inspection.md", """\
council: telford-and-wrekin
kind: full-inspection
framework: ilacs-2026
inspection_type: short
inspection_start: 2026-04-27
inspection_end: 2026-05-01
published: 2026-06-17
lead_inspector: Monique Lindsay
judgements:
  impact_of_leaders: good
  help_and_protection: good
  children_in_care: good
  care_leavers: good
report_url: https://files.ofsted.gov.uk/v1/file/50304386
---
""", id="not_reported_post_reform_gives_ilacs_2026_without_overall"),
    # Like Nottingham and Redcar in 2022: no dates, published before 2023, five grades.
    # Care leavers were only judged separately from January 2023, so the fifth
    # grade cannot belong to this report's framework; the quirk says so.
    pytest.param("records/bournemouth-christchurch-and-poole/2022-09-05-full-inspection.md", """\
council: bournemouth-christchurch-and-poole
kind: full-inspection
framework: ilacs-2018
published: 2022-09-05
lead_inspector: Andy Waugh
judgements:
  overall_effectiveness: inadequate
  impact_of_leaders: requires_improvement
  help_and_protection: inadequate
  children_in_care_and_care_leavers: requires_improvement
report_url: https://files.ofsted.gov.uk/v1/file/50192198
---
""", id="care_leavers_grade_before_2023_is_dropped_and_reported"),
    pytest.param("records/poole/2018-01-19-full-inspection.md", """\
council: poole
kind: full-inspection
framework: sif
inspection_start: 2017-11-09
inspection_end: 2017-11-24
published: 2018-01-19
grades_pending: true
report_url: https://files.ofsted.gov.uk/v1/file/50000268
---
""", id="inspection_type_on_a_sif_inspection_is_dropped"),
]


@pytest.mark.parametrize(("rel", "front_matter"), IMPORTED)
def test_a_row_is_imported_as_exactly_this_record(repo, councils, rel, front_matter):
    run_import(repo, QUIRKS, councils)
    assert read(repo, rel) == HEADER + front_matter


def test_pre_dates_judgement_ilacs_2018_has_the_combined_judgement(repo, councils):
    run_import(repo, QUIRKS, councils)
    text = read(repo, "records/leicester/2021-11-12-full-inspection.md")
    assert "framework: ilacs-2018\n" in text
    assert ("judgements:\n  overall_effectiveness: good\n  impact_of_leaders: good\n  help_and_protection: good\n"
            "  children_in_care_and_care_leavers: good\nreport_url:") in text
    assert "care_leavers: " not in text.replace("children_in_care_and_care_leavers", "")
    assert "grades_pending" not in text


def test_to_requires_improvement_is_read_as_requires_improvement(repo, councils):
    run_import(repo, QUIRKS, councils)
    text = read(repo, "records/telford-and-wrekin/2019-01-07-full-inspection.md")
    assert "  help_and_protection: requires_improvement\n" in text
    assert "to requires" not in text


def test_free_text_framework_is_read_as_standard(repo, councils):
    run_import(repo, QUIRKS, councils)
    text = read(repo, "records/leicester/2019-07-22-full-inspection.md")
    assert "inspection_type: standard\ninspection_start: 2019-06-03\ninspection_end: 2019-06-19\n" in text


def test_imported_records_pass_the_validator(repo, councils):
    run_import(repo, QUIRKS, councils)
    dataset = load_dataset(repo / "records", today=dt.date(2026, 7, 1))
    assert sorted(i.path for i in dataset.inspections) == sorted(CREATED)


# --- refusals --------------------------------------------------------------------------------


def test_unknown_values_refuse_the_row(repo, councils):
    report = run_import(repo, REFUSED, councils)
    assert report.refused == [
        "refused.csv:2: help_and_protection_grade: 'excellent' is not a grade or a known marker",
        "refused.csv:3: urn: 99999 is not in records/councils.yml",
        "refused.csv:4: publication_date: '31/02/22' is not a date in the form dd/mm/yy",
        "refused.csv:5: inspection_start_date: '2024-04-22' is not a date in the form dd/mm/yyyy",
        "refused.csv:6: inspection_framework: 'extended' is not standard, short or blank",
        "refused.csv:7: help_and_protection_grade: 'inspection_pre_dates_judgement' but ilacs-2023 has this judgement",
        "refused.csv:8: overall_effectiveness_grade: 'not_reported_post_reform' but ilacs-2023 still gives this grade",
        "refused.csv:9: pdf_filename: cannot tell the kind of inspection from 'annual conversation - 12 july 2024.pdf'",
        "refused.csv:10: inspection_link: 'http://files.ofsted.gov.uk/v1/file/8' is not an https link",
        "refused.csv:11: publication_date: is blank",
        "refused.csv:12: urn: '' is not a number",
    ]
    # The one good row still goes in; refused rows write nothing.
    assert report.created == ["records/telford-and-wrekin/2024-07-12-full-inspection.md"]
    assert list(snapshot(repo)) == ["records/telford-and-wrekin/2024-07-12-full-inspection.md"]
    assert report.summary_lines()[-1] == "1 created, 0 updated, 0 unchanged, 11 refused"


def test_a_refused_row_leaves_the_existing_record_alone(repo, councils):
    run_import(repo, QUIRKS, councils)
    before = read(repo, "records/leicestershire/2024-07-12-full-inspection.md")
    report = run_import(repo, REFUSED, councils)  # row 2 is the same inspection with a bad grade
    assert report.refused[0].startswith("refused.csv:2: ")
    assert read(repo, "records/leicestershire/2024-07-12-full-inspection.md") == before


def test_missing_columns_refuse_the_file(repo, councils, tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("urn,local_authority,inspection_link,publication_date\n80483,x,https://files.ofsted.gov.uk/v1/file/1,12/07/24\n")
    report = run_import(repo, bad, councils)
    assert report.refused == [
        f"{bad}:1: header lacks columns: pdf_filename, inspection_framework, inspector_name, "
        "inspection_start_date, inspection_end_date, overall_effectiveness_grade, impact_of_leaders_grade, "
        "help_and_protection_grade, in_care_grade, care_leavers_grade"]
    assert snapshot(repo) == {}


def test_missing_file_is_refused_not_a_traceback(repo, councils, tmp_path):
    report = run_import(repo, tmp_path / "nope.csv", councils)
    assert report.refused == [f"{tmp_path / 'nope.csv'}: cannot read (No such file or directory)"]


def test_an_unreadable_existing_record_is_left_alone(repo, councils):
    target = repo / "records" / "leicester" / "2015-03-20-full-inspection.md"
    target.parent.mkdir(parents=True)
    target.write_bytes(b"\x00garbage")
    report = run_import(repo, QUIRKS, councils)
    assert report.refused == [
        "records/leicester/2015-03-20-full-inspection.md: exists but cannot be read, left alone "
        "(records/leicester/2015-03-20-full-inspection.md:1: file is binary, not text; "
        "a record is a Markdown file with YAML front matter)"]
    assert target.read_bytes() == b"\x00garbage"


# --- re-import: idempotent, and never loses a contributor's work -----------------------------------


def test_reimport_is_idempotent(repo, councils):
    run_import(repo, QUIRKS, councils)
    first = snapshot(repo)
    again = run_import(repo, QUIRKS, councils)
    assert (again.created, again.updated, again.refused) == ([], [], [])
    assert sorted(again.unchanged) == sorted(CREATED)
    assert again.summary_lines()[-1] == "0 created, 0 updated, 9 unchanged, 0 refused"
    assert snapshot(repo) == first


def test_dry_run_writes_nothing(repo, councils):
    report = run_import(repo, QUIRKS, councils, dry_run=True)
    assert report.created == CREATED
    assert snapshot(repo) == {}


def _edit(repo: Path, rel: str, **changes) -> None:
    path = repo / rel
    raw = read_record(path, rel)
    body = changes.pop("body", raw.body)
    path.write_text(dump_record({**raw.data, **changes}, body), encoding="utf-8")


SOURCES = [{"title": "Council committee report, 8 March 2022", "url": "https://www.example.org/report.pdf"}]


def test_contributor_body_sources_and_grades_survive_reimport(repo, councils):
    run_import(repo, QUIRKS, councils)
    sif = "records/leicester/2015-03-20-full-inspection.md"
    ilacs = "records/leicestershire/2024-07-12-full-inspection.md"
    _edit(repo, sif, judgements={"overall_effectiveness": "inadequate"}, grades_pending=True,
          inspection_start=dt.date(2015, 1, 14), inspection_end=dt.date(2015, 2, 4),
          body="Overall effectiveness was judged inadequate.\n")
    _edit(repo, ilacs, sources=SOURCES, body="## Key findings\n\n- Strong practice.\n")
    edited = snapshot(repo)

    report = run_import(repo, QUIRKS, councils)

    assert report.updated == [] and report.created == []
    assert snapshot(repo) == edited
    text = read(repo, sif)
    assert ("framework: sif\ninspection_start: 2015-01-14\ninspection_end: 2015-02-04\npublished: 2015-03-20\n"
            "judgements:\n  overall_effectiveness: inadequate\ngrades_pending: true\n") in text
    assert text.endswith("---\n\nOverall effectiveness was judged inadequate.\n")
    dataset = load_dataset(repo / "records", today=dt.date(2026, 7, 1))
    leicestershire = next(i for i in dataset.inspections if i.path == ilacs)
    assert [s.title for s in leicestershire.sources] == ["Council committee report, 8 March 2022"]
    assert leicestershire.body == "## Key findings\n\n- Strong practice.\n"


def test_a_changed_csv_updates_the_record_and_keeps_the_body(repo, councils, tmp_path):
    run_import(repo, QUIRKS, councils)
    rel = "records/leicestershire/2024-07-12-full-inspection.md"
    _edit(repo, rel, sources=SOURCES, body="## Key findings\n\n- Strong practice.\n")

    rows = list(csv.reader(io.StringIO(QUIRKS.read_text(encoding="utf-8"))))
    assert rows[1][11] == "good"
    rows[1][11] = "outstanding"  # Ofsted's help and protection grade, corrected in the data
    changed = tmp_path / "changed.csv"
    with changed.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)

    report = run_import(repo, changed, councils)

    assert report.updated == [rel]
    text = read(repo, rel)
    assert "  help_and_protection: outstanding\n" in text
    assert "sources:\n  - title: Council committee report, 8 March 2022\n    url: https://www.example.org/report.pdf\n" in text
    assert text.endswith("---\n\n## Key findings\n\n- Strong practice.\n")


def test_a_contributor_grade_the_csv_cannot_read_is_kept_and_pending_cleared_when_complete(repo, councils):
    run_import(repo, QUIRKS, councils)
    rel = "records/telford-and-wrekin/2019-01-07-full-inspection.md"
    assert "grades_pending" not in read(repo, rel)
    # A SIF record a contributor completes from the report: nothing left pending.
    sif = "records/leicester/2015-03-20-full-inspection.md"
    full = {"overall_effectiveness": "inadequate", "help_and_protection": "inadequate",
            "children_looked_after": "requires_improvement", "adoption_performance": "good",
            "care_leavers": "requires_improvement", "leadership_management_governance": "inadequate"}
    _edit(repo, sif, judgements=full, grades_pending=False)
    report = run_import(repo, QUIRKS, councils)
    assert sif in report.unchanged
    assert "grades_pending" not in read(repo, sif)


def test_merge_prefers_known_csv_values_and_keeps_the_rest():
    existing = {"council": "leicester", "kind": "full-inspection", "framework": "sif",
                "published": dt.date(2015, 3, 20), "lead_inspector": "A Contributor",
                "judgements": {"overall_effectiveness": "inadequate"}, "grades_pending": True,
                "sources": SOURCES}
    incoming = {"council": "leicester", "kind": "full-inspection", "framework": "sif",
                "inspection_type": None, "inspection_start": None, "inspection_end": None,
                "published": dt.date(2015, 3, 20), "lead_inspector": None, "judgements": {},
                "_unknown": ["overall_effectiveness"], "report_url": "https://files.ofsted.gov.uk/v1/file/50004289"}
    merged = merge(existing, incoming)
    assert merged["lead_inspector"] == "A Contributor"
    assert merged["judgements"] == {"overall_effectiveness": "inadequate"}
    assert merged["grades_pending"] is True
    assert merged["sources"] == SOURCES
    assert merged["report_url"] == "https://files.ofsted.gov.uk/v1/file/50004289"
    assert "_unknown" not in merged


# --- the command line ----------------------------------------------------------------------------


def run_cli(repo: Path, csv_path: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "import_ilacs_csv.py"), str(csv_path),
         "--records", str(repo / "records"), *args],
        cwd=repo, capture_output=True, text=True, timeout=120,
    )


def test_cli_exit_0_and_report(repo):
    result = run_cli(repo, QUIRKS, "--verbose")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [*QUIRK_REPORT, "9 created, 0 updated, 0 unchanged, 0 refused"]
    again = run_cli(repo, QUIRKS)
    assert (again.returncode, again.stdout.splitlines()[-1]) == (0, "0 created, 0 updated, 9 unchanged, 0 refused")


def test_cli_exit_1_when_a_row_is_refused(repo):
    result = run_cli(repo, REFUSED)
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert lines[0] == "refused: refused.csv:2: help_and_protection_grade: 'excellent' is not a grade or a known marker"
    assert lines[-1] == "1 created, 0 updated, 0 unchanged, 11 refused"
    assert "Traceback" not in result.stderr


def test_dates_a_contributor_adds_decide_the_framework_on_reimport(repo, councils, tmp_path):
    # An undated report published in May 2018 is read as a SIF inspection;
    # once a contributor adds the real dates (an ILACS inspection in March 2018)
    # a re-import must not put the publication-date guess back.
    header = QUIRKS.read_text(encoding="utf-8").splitlines()[0]
    row = ("80570,telford & wrekin,https://files.ofsted.gov.uk/v1/file/50000001,"
           "children's services inspection - 16 may 2018.pdf,16/05/18,,,,,"
           "good,good,good,good,inspection_pre_dates_judgement,1")
    undated = tmp_path / "undated.csv"
    undated.write_text(header + "\n" + row + "\n", encoding="utf-8")
    rel = "records/telford-and-wrekin/2018-05-16-full-inspection.md"

    run_import(repo, undated, councils)
    assert "framework: sif\n" in read(repo, rel)
    _edit(repo, rel, framework="ilacs-2018", inspection_start=dt.date(2018, 3, 5),
          inspection_end=dt.date(2018, 3, 16),
          judgements={"overall_effectiveness": "good", "impact_of_leaders": "good",
                      "help_and_protection": "good", "children_in_care_and_care_leavers": "good"})
    edited = snapshot(repo)

    run_import(repo, undated, councils)

    assert snapshot(repo) == edited
    load_dataset(repo / "records", today=dt.date(2026, 7, 1))  # still valid
