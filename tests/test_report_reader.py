"""The report reader on real Ofsted reports, trimmed to the pages it reads
(tests/fixtures/reports, Open Government Licence v3.0), and on damaged input."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

import pytest
from inspections.dataset import load_councils
from inspections.report_check import differences, listed_date, new_record_fields
from inspections.report_reader import ReportRefused, read_report

ROOT = Path(__file__).resolve().parent.parent
REPORTS = ROOT / "tests" / "fixtures" / "reports"
SCRIPT = ROOT / "scripts" / "read_report.py"


@pytest.fixture(scope="module")
def councils():
    return load_councils(ROOT / "records" / "councils.yml")


def read(name: str, councils):
    return read_report((REPORTS / name).read_bytes(), councils)


# What each report states on its pages, read by a person from the PDF.
EXPECTED = {
    "pre-sif-norfolk-2013.pdf": {
        "council": "norfolk", "kind": "full-inspection", "framework": "pre-sif",
        "inspection_start": "2013-07-08", "inspection_end": "2013-07-12",
        "published_in_report": "2013-08-16", "lead_inspector": "Gary Lamb",
        "judgements": {"lac_overall_effectiveness": "inadequate", "lac_capacity_to_improve": "inadequate",
                       "lac_outcomes": "inadequate", "lac_quality_of_provision": "inadequate",
                       "lac_leadership_and_management": "inadequate"},
        "safeguarding_board": None,
    },
    "sif-isles-of-scilly-2016.pdf": {
        "council": "isles-of-scilly", "kind": "full-inspection", "framework": "sif",
        "inspection_start": "2016-04-11", "inspection_end": "2016-04-28",
        "published_in_report": "2016-06-27", "lead_inspector": "Emmy Tomsett",
        "judgements": {"overall_effectiveness": "good", "help_and_protection": "good",
                       "children_looked_after": "not_judged", "adoption_performance": "not_judged",
                       "care_leavers": "not_judged", "leadership_management_governance": "good"},
        "safeguarding_board": "requires_improvement",
    },
    # The rows of its grade table come in another order than later reports'.
    "ilacs-2018-wakefield-2018.pdf": {
        "council": "wakefield", "kind": "full-inspection", "framework": "ilacs-2018",
        "inspection_start": "2018-06-04", "inspection_end": "2018-06-15",
        "published_in_report": None, "lead_inspector": "Neil Penswick",
        "judgements": {"impact_of_leaders": "inadequate", "help_and_protection": "inadequate",
                       "children_in_care_and_care_leavers": "inadequate", "overall_effectiveness": "inadequate"},
        "safeguarding_board": None,
    },
    # The report misprints a row as "children care leavers".
    "ilacs-2023-bedford-2025.pdf": {
        "council": "bedford", "kind": "full-inspection", "framework": "ilacs-2023",
        "inspection_start": "2025-07-14", "inspection_end": "2025-07-18",
        "published_in_report": None, "lead_inspector": "Amanda Maxwell",
        "judgements": {"impact_of_leaders": "requires_improvement", "help_and_protection": "requires_improvement",
                       "children_in_care": "requires_improvement", "care_leavers": "requires_improvement",
                       "overall_effectiveness": "requires_improvement"},
        "safeguarding_board": None,
    },
    # Its text says "overall effectiveness was judged to be inadequate" in 2023: not a grade of this report.
    "ilacs-2026-liverpool-2026.pdf": {
        "council": "liverpool", "kind": "full-inspection", "framework": "ilacs-2026",
        "inspection_start": "2026-05-11", "inspection_end": "2026-05-22",
        "published_in_report": None, "lead_inspector": "Teresa Godfrey",
        "judgements": {"impact_of_leaders": "good", "help_and_protection": "good", "children_in_care": "good",
                       "care_leavers": "requires_improvement"},
        "safeguarding_board": None,
    },
}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_framework_is_read_as_the_report_states(name, councils):
    got = read(name, councils).as_json()
    for key, value in EXPECTED[name].items():
        assert got[key] == value, key
    assert len(got["sha256"]) == 64


def test_the_2026_framework_has_no_overall_grade(councils):
    assert "overall_effectiveness" not in read("ilacs-2026-liverpool-2026.pdf", councils).judgements


def test_grades_before_2013_stay_on_their_own_scale(councils):
    reading = read("pre-sif-norfolk-2013.pdf", councils)
    assert "overall_effectiveness" not in reading.judgements  # not mapped onto today's overall grade
    assert all(key.startswith("lac_") for key in reading.judgements)


@pytest.mark.parametrize("name, message", [
    ("refused-lscb-review-surrey-2015.pdf", "review of a Local Safeguarding Children Board on its own"),
    ("damaged-encrypted.pdf", "encrypted with a password"),
    ("damaged-no-text-layer.pdf", "has no text layer"),
])
def test_documents_that_are_not_readable_reports_are_refused(name, message, councils):
    with pytest.raises(ReportRefused, match=message):
        read(name, councils)


@pytest.mark.parametrize("data, message", [
    (b"", "the file is empty"),
    (b"<!DOCTYPE html><html><body>Not found</body></html>", "an HTML page, not a PDF"),
    (b"PK\x03\x04 a zip file", "not a PDF"),
], ids=["empty", "html", "zip"])
def test_non_pdf_bytes_are_refused(data, message, councils):
    with pytest.raises(ReportRefused, match=message):
        read_report(data, councils)


def test_a_truncated_pdf_is_refused(councils):
    data = (REPORTS / "ilacs-2023-bedford-2025.pdf").read_bytes()
    with pytest.raises(ReportRefused, match="truncated or damaged"):
        read_report(data[: len(data) // 3], councils)


def test_a_pdf_from_elsewhere_is_refused(councils, tmp_path):
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument.new()
    doc.new_page(595, 842)
    path = tmp_path / "blank.pdf"
    doc.save(str(path))
    with pytest.raises(ReportRefused):
        read_report(path.read_bytes(), councils)


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(SCRIPT), *args], capture_output=True, text=True, timeout=120)


def test_script_prints_json_with_the_keys_the_issue_names():
    proc = run(str(REPORTS / "sif-isles-of-scilly-2016.pdf"), "--json")
    assert proc.returncode == 0, proc.stderr
    got = json.loads(proc.stdout)
    for key in ("council", "kind", "framework", "inspection_start", "inspection_end", "published_in_report",
                "lead_inspector", "judgements"):
        assert key in got
    assert got["judgements"]["adoption_performance"] == "not_judged"
    assert got["safeguarding_board"] == "requires_improvement"


def test_script_prints_the_record_it_would_write():
    proc = run(str(REPORTS / "ilacs-2026-liverpool-2026.pdf"), "--published", "2026-07-07")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("---\n")
    assert "council: liverpool\n" in proc.stdout
    assert "framework: ilacs-2026\n" in proc.stdout
    assert "  care_leavers: requires_improvement\n" in proc.stdout
    assert "overall_effectiveness" not in proc.stdout


@pytest.mark.parametrize("make, message", [
    (lambda p: p.write_bytes(b""), "the file is empty"),
    (lambda p: p.write_bytes((REPORTS / "ilacs-2023-bedford-2025.pdf").read_bytes()[:20000]), "truncated"),
    (lambda p: p.write_bytes((REPORTS / "damaged-encrypted.pdf").read_bytes()), "encrypted"),
    (lambda p: p.write_bytes((REPORTS / "damaged-no-text-layer.pdf").read_bytes()), "no text layer"),
    (lambda p: p.write_bytes((REPORTS / "refused-lscb-review-surrey-2015.pdf").read_bytes()), "on its own"),
], ids=["empty", "truncated", "encrypted", "no-text", "lscb-review"])
def test_script_refuses_with_a_message_and_status_1(make, message, tmp_path):
    path = tmp_path / "report.pdf"
    make(path)
    proc = run(str(path), "--json")
    assert proc.returncode == 1
    assert proc.stdout == ""
    assert message in proc.stderr
    assert "Traceback" not in proc.stderr
    assert proc.stderr.startswith(f"read_report.py: {path}: ")


def test_listing_date_comes_from_the_file_name():
    assert listed_date(Path("80418_norfolk/children's services inspection - 20 october 2015.pdf")) == \
        dt.date(2015, 10, 20)
    assert listed_date(Path("x/children's services inspection,  pdf - 16 august 2013.pdf")) == dt.date(2013, 8, 16)
    assert listed_date(Path("x/report.pdf")) is None


def test_differences_name_each_field_and_ignore_what_the_report_does_not_state(councils):
    reading = read("sif-isles-of-scilly-2016.pdf", councils)
    record = {"kind": "full-inspection", "framework": "sif", "inspection_start": dt.date(2016, 4, 11),
              "inspection_end": dt.date(2016, 4, 29), "lead_inspector": "Emmy Tomsett",
              "judgements": {"overall_effectiveness": "good"}}
    found = {d.field: d for d in differences(record, reading, dt.date(2016, 6, 27))}
    assert set(found) == {"inspection_end", "judgements", "safeguarding_board"}
    assert str(found["inspection_end"]) == "inspection_end: record has 2016-04-29, report has 2016-04-28"
    # The date printed in the report equals the listing date here: nothing to keep apart.
    assert "published_in_report" not in found


def test_printed_date_is_kept_apart_when_it_differs_from_the_listing(councils):
    reading = read("sif-isles-of-scilly-2016.pdf", councils)
    fields = new_record_fields(reading, dt.date(2016, 6, 28), dt.date(2026, 12, 2),
                               report_url="https://files.ofsted.gov.uk/v1/file/50004325")
    assert fields["published"] == dt.date(2016, 6, 28)
    assert fields["published_in_report"] == dt.date(2016, 6, 27)
    assert fields["report_sha256"] == reading.sha256
    assert "grades_pending" not in fields
