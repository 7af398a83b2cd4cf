"""scripts/new_record.py: writes records the real validator accepts, at the right
path, never overwrites, and answers bad input with one clear line."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from inspections.dataset import load_dataset
from new_record import (
    Answers,
    ScaffoldError,
    choose_framework,
    load_registry,
    main,
    match_council,
    write_record,
)

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "scripts" / "new_record.py"


@pytest.fixture
def records(tmp_path: Path) -> Path:
    """An empty records folder with the real council registry."""
    folder = tmp_path / "records"
    folder.mkdir()
    shutil.copy(ROOT / "records" / "councils.yml", folder / "councils.yml")
    return folder


@pytest.fixture(scope="module")
def councils():
    return load_registry(ROOT / "records")


def run(records: Path, *args: str, ask=None, interactive: bool = False) -> int:
    argv = ["--records", str(records), *args]
    if ask is None:
        return main(argv, interactive=interactive)
    return main(argv, ask=ask, interactive=interactive)


def validated(records: Path):
    """Load the folder with the real loader and validator (raises if invalid)."""
    return load_dataset(records, root=records.parent, today=dt.date(2026, 12, 31))


ILACS_2023_GRADES = [
    "--grade", "overall_effectiveness=good", "--grade", "impact_of_leaders=good",
    "--grade", "help_and_protection=requires_improvement", "--grade", "children_in_care=good",
    "--grade", "care_leavers=outstanding",
]


# --- Each kind is written where it belongs and passes the real validator ----------


def test_full_inspection_is_valid_with_framework_from_dates(records, capsys):
    code = run(records, "--council", "leicestershire", "--kind", "full-inspection",
               "--published", "2025-01-29", "--start", "2024-11-04", "--end", "2024-11-15",
               "--type", "standard", *ILACS_2023_GRADES,
               "--report-url", "https://files.ofsted.gov.uk/v1/file/50999001", "--lead-inspector", "Jo Bloggs")
    assert code == 0
    path = records / "leicestershire" / "2025-01-29-full-inspection.md"
    assert capsys.readouterr().out.strip() == str(path)
    (inspection,) = validated(records).inspections
    assert inspection.framework == "ilacs-2023"
    assert inspection.inspection_type == "standard"
    assert inspection.inspection_start == dt.date(2024, 11, 4)
    assert inspection.judgements == {
        "overall_effectiveness": "good", "impact_of_leaders": "good",
        "help_and_protection": "requires_improvement", "children_in_care": "good", "care_leavers": "outstanding",
    }
    assert inspection.report_url == "https://files.ofsted.gov.uk/v1/file/50999001"
    assert inspection.lead_inspector == "Jo Bloggs"
    assert path.read_text(encoding="utf-8").startswith("---\n# yaml-language-server: $schema=../record.schema.json\n")


@pytest.mark.parametrize("kind", ["focused-visit", "monitoring-visit", "jtai"])
def test_ungraded_kinds_are_valid(records, kind, capsys):
    code = run(records, "--council", "birmingham", "--kind", kind, "--published", "2025-06-10",
               "--start", "2025-05-06", "--end", "2025-05-07",
               "--report-url", "https://files.ofsted.gov.uk/v1/file/50999002",
               "--source", "Council press release", "https://www.birmingham.gov.uk/news")
    assert code == 0, capsys.readouterr().err
    (inspection,) = validated(records).inspections
    assert inspection.kind == kind
    assert inspection.path == f"records/birmingham/2025-06-10-{kind}.md"
    assert inspection.judgements == {}
    assert [s.title for s in inspection.sources] == ["Council press release"]


def test_grades_pending_full_inspection_is_valid(records):
    assert run(records, "--council", "cumbria", "--kind", "full-inspection", "--published", "2016-06-01",
               "--grades-pending") == 0
    (inspection,) = validated(records).inspections
    assert inspection.framework == "sif" and inspection.grades_pending and not inspection.judgements


@pytest.mark.parametrize(("start", "published", "grades", "expected"), [
    (dt.date(2015, 3, 2), dt.date(2015, 5, 1), (), "sif"),
    (dt.date(2019, 9, 23), dt.date(2019, 11, 4), (), "ilacs-2018"),
    (dt.date(2024, 4, 22), dt.date(2024, 7, 12), (), "ilacs-2023"),
    (dt.date(2026, 4, 20), dt.date(2026, 6, 12), (), "ilacs-2026"),
    # No dates on site: a report published soon after a change fits two frameworks; the grades decide.
    (None, dt.date(2026, 6, 12), ("impact_of_leaders", "help_and_protection", "children_in_care", "care_leavers"),
     "ilacs-2026"),
    (None, dt.date(2026, 6, 12), ("overall_effectiveness", "impact_of_leaders"), "ilacs-2023"),
])
def test_framework_follows_the_dates(start, published, grades, expected):
    assert choose_framework(start, published, grades) == expected


def test_ilacs_2026_record_without_overall_effectiveness(records):
    code = run(records, "--council", "york", "--kind", "full-inspection", "--published", "2026-06-12",
               "--start", "2026-04-20", "--end", "2026-05-01", "--type", "short",
               "--grade", "impact-of-leaders=Good", "--grade", "help and protection=requires improvement",
               "--grade", "children_in_care=good", "--grade", "care_leavers=inadequate")
    assert code == 0
    (inspection,) = validated(records).inspections
    assert inspection.framework == "ilacs-2026"
    assert inspection.overall is None
    assert inspection.judgements["help_and_protection"] == "requires_improvement"


# --- Never overwrites -----------------------------------------------------------


def test_refuses_to_overwrite(records, capsys):
    args = ("--council", "leeds", "--kind", "monitoring-visit", "--published", "2025-02-03")
    assert run(records, *args) == 0
    path = records / "leeds" / "2025-02-03-monitoring-visit.md"
    path.write_text(path.read_text() + "\nA contributor's summary.\n")
    before = path.read_text()
    capsys.readouterr()
    assert run(records, *args) == 1
    err = capsys.readouterr().err
    assert "records/leeds/2025-02-03-monitoring-visit.md already exists; not overwriting it" in err
    assert path.read_text() == before


def test_refuses_the_same_report_recorded_twice(records, capsys):
    url = ("--report-url", "https://files.ofsted.gov.uk/v1/file/50999003")
    assert run(records, "--council", "leeds", "--kind", "focused-visit", "--published", "2025-02-03", *url) == 0
    capsys.readouterr()
    # Later file: the validator's own message. Earlier file: said from the new record's side.
    assert run(records, "--council", "leeds", "--kind", "monitoring-visit", "--published", "2025-02-04", *url) == 1
    assert ("report_url: the same report is already recorded in records/leeds/2025-02-03-focused-visit.md; "
            "keep one record per inspection" in capsys.readouterr().err)
    assert run(records, "--council", "leeds", "--kind", "monitoring-visit", "--published", "2025-02-01", *url) == 1
    assert ("report_url: the same inspection is already recorded in records/leeds/2025-02-03-focused-visit.md; "
            "keep one record per inspection" in capsys.readouterr().err)
    assert sorted(p.name for p in records.glob("*/*.md")) == ["2025-02-03-focused-visit.md"]


# --- Bad arguments: one clear line, exit 2 (1 when the record would be invalid) ----


@pytest.mark.parametrize(("args", "code", "message"), [
    (["--council", "leeds", "--kind", "inspection", "--published", "2025-01-01"], 2,
     "kind 'inspection' is not allowed"),
    (["--council", "leeds", "--kind", "full-inspecton", "--published", "2025-01-01"], 2,
     "(did you mean 'full-inspection'?)"),
    (["--council", "leeds", "--kind", "jtai", "--published", "2025-02-30"], 2,
     "--published '2025-02-30' is not a date; write it as YYYY-MM-DD"),
    (["--council", "leeds", "--kind", "jtai", "--published", "01/02/2025"], 2, "is not a date"),
    (["--council", "Atlantis", "--kind", "jtai", "--published", "2025-01-01"], 2,
     "'Atlantis' is not a council we know"),
    (["--council", "leeds", "--kind", "jtai"], 2, "missing --published: give it as an option"),
    (["--council", "leeds", "--kind", "full-inspection", "--published", "2025-01-01"], 2,
     "missing --grade (or --grades-pending)"),
    (["--council", "leeds", "--kind", "full-inspection", "--published", "2025-01-01", "--grade", "good"], 2,
     "--grade 'good' needs the form judgement=grade"),
    (["--council", "leeds", "--kind", "full-inspection", "--published", "2025-01-01",
      "--grade", "overall_effectiveness=brilliant"], 2, "grade 'brilliant' is not allowed"),
    (["--council", "leeds", "--kind", "full-inspection", "--published", "2025-01-01",
      "--grade", "overal_effectiveness=good"], 2, "(did you mean 'overall_effectiveness'?)"),
    (["--council", "leeds", "--kind", "full-inspection", "--published", "2025-01-01", "--start", "2024-11-04",
      "--end", "2024-11-15", "--grade", "overall_effectiveness=good"], 2,
     "also judges impact_of_leaders, help_and_protection, children_in_care, care_leavers"),
    (["--council", "leeds", "--kind", "full-inspection", "--published", "2025-01-01", "--start", "2024-11-04",
      "--end", "2024-11-15", "--type", "long", "--grades-pending"], 2, "inspection type 'long' is not allowed"),
    (["--council", "leeds", "--kind", "jtai", "--published", "2025-01-01", "--colour", "red"], 2,
     "unrecognized arguments: --colour red"),
    # Values that parse but break a rule come back as the validator's own words.
    (["--council", "leeds", "--kind", "jtai", "--published", "2099-01-01"], 1,
     "published: 2099-01-01 is in the future"),
    (["--council", "leeds", "--kind", "jtai", "--published", "2025-01-01", "--start", "2025-01-10",
      "--end", "2025-01-12"], 1, "is before the inspection ended"),
    (["--council", "leeds", "--kind", "jtai", "--published", "2025-01-01", "--grade", "help_and_protection=good"],
     1, "a joint targeted area inspection has no grades; remove `judgements`"),
    (["--council", "leeds", "--kind", "jtai", "--published", "2025-01-01", "--report-url",
      "https://example.com/report"], 1, "is not an https link to ofsted.gov.uk"),
    (["--council", "northamptonshire", "--kind", "jtai", "--published", "2022-01-01"], 1,
     "records/northamptonshire/2022-01-01-jtai.md:6: published: 2022-01-01 is more than 9 months after "
     "Northamptonshire ended (2021-04-01, records/councils.yml); record it under the council that replaced it"),
])
def test_bad_arguments_give_one_clear_line(records, capsys, args, code, message):
    assert run(records, *args) == code
    captured = capsys.readouterr()
    assert captured.out == ""
    lines = [line for line in captured.err.splitlines() if not line.startswith("new_record.py: council")]
    assert len(lines) == 1, captured.err
    assert lines[0].startswith("new_record.py: ")
    assert message in lines[0]
    assert not any(records.glob("*/*.md"))


def test_command_line_never_shows_a_traceback(tmp_path):
    """Through the real interpreter, with no terminal: a clear line, no traceback."""
    for args in (["--kind", "nope"], ["--council", "leeds", "--kind", "jtai", "--published", "tomorrow"],
                 ["--council", "leeds", "--kind", "jtai"], ["--grade"]):
        result = subprocess.run([sys.executable, str(SCRIPT), "--records", str(tmp_path / "records"), *args],
                                capture_output=True, text=True, stdin=subprocess.DEVNULL, timeout=60)
        assert result.returncode == 2, result.stderr
        assert "Traceback" not in result.stderr
        assert result.stderr.startswith("new_record.py: ")


def test_missing_registry_is_one_clear_line(tmp_path, capsys):
    assert run(tmp_path, "--council", "leeds", "--kind", "jtai", "--published", "2025-01-01") == 2
    assert "the council registry is invalid: " in capsys.readouterr().err


# --- Fuzzy council names ----------------------------------------------------------


@pytest.mark.parametrize(("query", "slug"), [
    ("telford-and-wrekin", "telford-and-wrekin"),
    ("Telford", "telford-and-wrekin"),
    ("leicester shire", "leicestershire"),
    ("Leicester", "leicester"),
    ("BCP", "bournemouth-christchurch-and-poole"),
    ("Hull", "kingston-upon-hull"),
    ("Kingston upon Hull, City of", "kingston-upon-hull"),
    ("Durham", "county-durham"),
    ("St. Helens", "st-helens"),
    ("Leicestershre", "leicestershire"),
])
def test_fuzzy_council_names_resolve(councils, query, slug):
    assert match_council(query, councils).slug == slug


def test_ambiguous_name_suggests_slugs(councils):
    match = match_council("North", councils)
    assert match.slug is None
    assert "north-yorkshire" in match.suggestions and "north-tyneside" in match.suggestions


def test_fuzzy_name_in_command_says_which_council(records, capsys):
    assert run(records, "--council", "Hull", "--kind", "focused-visit", "--published", "2025-03-03") == 0
    captured = capsys.readouterr()
    assert "council 'Hull' -> kingston-upon-hull (Kingston upon Hull)" in captured.err
    assert captured.out.strip().endswith("records/kingston-upon-hull/2025-03-03-focused-visit.md")


def test_ambiguous_name_in_command_lists_choices(records, capsys):
    assert run(records, "--council", "north", "--kind", "jtai", "--published", "2025-01-01") == 2
    err = capsys.readouterr().err
    assert "did you mean: " in err and "north-somerset (North Somerset)" in err


# --- Asking in a terminal ---------------------------------------------------------


def scripted(answers: list[str]):
    """A stand-in for input(): gives the answers in turn, records the questions."""
    questions: list[str] = []

    def ask(question: str) -> str:
        questions.append(question)
        return answers.pop(0)

    ask.questions = questions
    return ask


def test_asks_for_what_is_missing(records, capsys):
    ask = scripted([
        "north",            # council: ambiguous, so a numbered list follows
        "north-yorkshire",  # picked by value
        "1",                # kind: 1 = full-inspection
        "2024-05-10",       # published (asked first, as the report's front page gives it)
        "2024-03-04",       # first day on site
        "not a date",       # last day: rejected, asked again
        "2024-03-01",       # before the first day: rejected, asked again
        "2024-03-15",
        "short",            # inspection type
        "2", "2", "3", "good", "",  # grades: the last one skipped
        "https://files.ofsted.gov.uk/v1/file/50999004",
        "",                 # lead inspector skipped
    ])
    assert run(records, ask=ask, interactive=True) == 0
    err = capsys.readouterr().err
    assert "1. full-inspection  - full inspection" in err
    assert "Grades under ILACS (2023)" in err
    assert "'not a date' is not a date" in err
    assert "inspection_end: 2024-03-01 is before inspection_start 2024-03-04" in err  # the validator's words
    (inspection,) = validated(records).inspections
    assert inspection.council == "north-yorkshire"
    assert inspection.framework == "ilacs-2023"
    assert inspection.inspection_type == "short"
    assert inspection.judgements == {"overall_effectiveness": "good", "impact_of_leaders": "good",
                                     "help_and_protection": "requires_improvement", "children_in_care": "good"}
    assert inspection.grades_pending  # care_leavers was skipped
    assert inspection.lead_inspector is None


def test_dates_typed_at_a_prompt_meet_the_validators_rules(records, capsys):
    ask = scripted([
        "2099-01-01",  # published in the future: asked again
        "2025-02-03",
        "2025-02-10",  # first day on site after publication: asked again
        "2025-01-06",
        "2025-03-31",  # twelve weeks on site: the validator's rule of thumb, asked again
        "2025-01-10",
        "", "",        # no report link, no lead inspector
    ])
    assert run(records, "--council", "leeds", "--kind", "jtai", ask=ask, interactive=True) == 0
    err = capsys.readouterr().err
    assert "published: 2099-01-01 is in the future; only published inspections are recorded" in err
    assert "published: 2025-02-03 is before the inspection ended (2025-02-10)" in err
    assert "inspection_end: 2025-03-31 is 84 days after inspection_start 2025-01-06" in err
    (inspection,) = validated(records).inspections
    assert (inspection.inspection_start, inspection.inspection_end) == (dt.date(2025, 1, 6), dt.date(2025, 1, 10))


def test_an_invalid_record_gives_the_validators_lines(records, capsys):
    """Every problem on its own line, as `path:line: field: message`, and nothing written."""
    assert run(records, "--council", "leeds", "--kind", "jtai", "--published", "2025-01-01", "--start", "2025-01-10",
               "--end", "2025-01-08", "--report-url", "http://example.com/report") == 1
    lines = capsys.readouterr().err.splitlines()
    path = "records/leeds/2025-01-01-jtai.md"
    assert lines == [
        f"new_record.py: not written: {path}:7: inspection_end: 2025-01-08 is before inspection_start 2025-01-10; "
        "the last day on site comes after the first",
        f"new_record.py: not written: {path}:8: published: 2025-01-01 is before the inspection ended (2025-01-08); "
        "a report is published after inspectors leave",
        f"new_record.py: not written: {path}:9: report_url: 'http://example.com/report' is not an https link to "
        "ofsted.gov.uk; link to the report on Ofsted's site",
    ]
    assert not any(records.glob("*/*.md"))


def test_a_refused_record_keeps_the_answers_as_a_command(records, capsys):
    # Two grades given where the framework makes five, without --grades-pending: refused
    # at the end, but what was typed is printed as a command to correct and re-run.
    ask = scripted(["2024-05-10", "", "", "", ""])  # published; then skip start, type, report link, lead inspector
    assert run(records, "--council", "leeds", "--kind", "full-inspection", "--grade", "overall_effectiveness=good",
               "--grade", "impact_of_leaders=good", ask=ask, interactive=True) == 2
    err = capsys.readouterr().err
    assert "ILACS (2023) also judges help_and_protection" in err
    assert ("python3 scripts/new_record.py --council leeds --kind full-inspection --published 2024-05-10 "
            "--grade overall_effectiveness=good --grade impact_of_leaders=good") in err
    assert not (records / "leeds").exists()


def test_asks_only_for_missing_values(records):
    ask = scripted(["2025-02-03", "", ""])  # published date; no report link; no lead inspector
    assert run(records, "--council", "leeds", "--kind", "jtai", "--start", "2025-01-06", "--end", "2025-01-10",
               ask=ask, interactive=True) == 0
    assert ask.questions[0].startswith("Date Ofsted published the report")
    assert (records / "leeds" / "2025-02-03-jtai.md").exists()


def test_end_of_input_while_asking_writes_nothing(records, capsys):
    def closed(_question):
        raise EOFError

    assert run(records, "--kind", "jtai", ask=closed, interactive=True) == 130
    assert "stopped; nothing written" in capsys.readouterr().err
    assert not any(records.glob("*/*.md"))


def test_write_record_raises_scaffold_error_not_oserror(records):
    answers = Answers(council="leeds", kind="jtai", published=dt.date(2025, 1, 1))
    write_record(answers, records)
    with pytest.raises(ScaffoldError) as err:
        write_record(answers, records)
    assert err.value.code == 1
