"""The committed records: they validate, cover every council, agree with the
Ofsted reports they were checked against, and account for every row of the
shared ILACS history they were first imported from.

The shared CSV (../shared/data/ilacs_history.csv) and the folder of report PDFs
are not in the repository, so the comparisons with them skip without them; the
counts that matter are pinned in tests that need only the records.
"""

from __future__ import annotations

import csv
import datetime as dt
import os
from collections import Counter
from pathlib import Path

import pytest
from inspections.dataset import load_dataset
from inspections.schema import FRAMEWORKS

ROOT = Path(__file__).resolve().parent.parent
RECORDS = ROOT / "records"
HISTORY = Path(os.environ.get("ILACS_HISTORY_CSV", ROOT.parent / "shared" / "data" / "ilacs_history.csv"))
OFSTED_FILES = "https://files.ofsted.gov.uk/v1/file/"

#: How many inspections the shared history holds (one row each).
IMPORTED = 488
#: Full inspections linking to Ofsted's report: the history's rows, less the
#: Surrey safeguarding board review of August 2015 (not a council inspection),
#: plus the nine reports published July to August 2026.
REPORTED = IMPORTED - 1 + 9
#: The 2012 reports whose PDFs the reference copy lacks (it holds error pages).
UNREAD_2012 = {"records/birmingham/2012-10-19-full-inspection.md", "records/blackpool/2012-07-13-full-inspection.md",
               "records/bromley/2012-08-17-full-inspection.md", "records/rotherham/2012-08-10-full-inspection.md"}
LSCB_REVIEW_ROW = "https://files.ofsted.gov.uk/v1/file/50004302"
REPORTS_DIR = os.environ.get("OFSTED_REPORTS_DIR")


@pytest.fixture(scope="module")
def dataset():
    # Raises RecordsInvalid, listing every problem, if any committed record is wrong.
    return load_dataset(RECORDS)


@pytest.fixture(scope="module")
def imported(dataset):
    """The full inspections that came from the history: those linking to Ofsted's file service."""
    return [i for i in dataset.inspections if i.kind == "full-inspection" and (i.report_url or "").startswith(OFSTED_FILES)]


def test_committed_records_validate(dataset):
    assert len(dataset.inspections) >= REPORTED + 1  # the reports plus the Leicestershire focused visit


def test_registry_has_153_current_and_the_former_councils(dataset):
    status = Counter(c.status for c in dataset.councils.values())
    assert status == {"current": 153, "former": 3}
    assert {s for s, c in dataset.councils.items() if c.status == "former"} == {"cumbria", "northamptonshire", "poole"}


def test_every_current_council_has_a_record(dataset):
    with_records = {i.council for i in dataset.inspections}
    missing = [slug for slug, c in dataset.councils.items() if c.is_current and slug not in with_records]
    assert missing == []


def test_the_import_counts(imported):
    # Pinned on purpose: a lost, duplicated or re-filed import record changes these.
    # Adding a newly published inspection from Ofsted means updating them here.
    assert len(imported) == REPORTED
    assert len({i.report_url for i in imported}) == REPORTED
    assert Counter(i.framework for i in imported) == {
        "pre-sif": 8, "sif": 167, "ilacs-2018": 165, "ilacs-2023": 145, "ilacs-2026": 11}
    # Only the four 2012 reports that could not be read still lack grades and dates;
    # the City of London's 2016 report prints only the last day on site.
    assert {i.path for i in imported if i.grades_pending} == UNREAD_2012
    assert {i.path for i in imported if i.inspection_start is None} == UNREAD_2012 | {
        "records/city-of-london/2016-09-20-full-inspection.md"}


def test_every_readable_report_was_checked(imported):
    checked = [i for i in imported if i.report_sha256]
    assert len(checked) == REPORTED - len(UNREAD_2012)
    for i in checked:
        assert not i.grades_pending, i.path  # the report gave its grades
        assert set(i.judgements) == set(FRAMEWORKS[i.framework].judgements), i.path
        assert i.checked_on is not None, i.path


def test_sif_records_keep_the_safeguarding_board_apart(imported):
    sif = [i for i in imported if i.framework == "sif"]
    assert len(sif) == 167
    # Re-inspections (and three first inspections published without one) had no board review.
    assert sum(1 for i in sif if i.safeguarding_board) == 147
    assert all("safeguarding_board" not in i.judgements for i in sif)
    scilly = next(i for i in sif if i.council == "isles-of-scilly")
    assert scilly.judgements["adoption_performance"] == "not_judged"


def test_the_2013_records_keep_their_own_scale(imported):
    for i in (i for i in imported if i.framework == "pre-sif" and i.path not in UNREAD_2012):
        assert "overall_effectiveness" not in i.judgements
        assert set(i.judgements.values()) <= {"outstanding", "good", "adequate", "inadequate"}, i.path
    kent = next(i for i in imported if i.path == "records/kent/2013-08-23-full-inspection.md")
    assert kent.judgements["lac_overall_effectiveness"] == "adequate"
    assert kent.judgements["lac_capacity_to_improve"] == "good"


def test_the_seed_records(dataset):
    by_path = {i.path: i for i in dataset.inspections}
    visit = by_path["records/leicestershire/2022-03-02-focused-visit.md"]
    assert (visit.kind, visit.framework, visit.judgements, visit.published) == (
        "focused-visit", "ilacs-2018", {}, dt.date(2022, 3, 2))
    assert "week beginning 24 January 2022" in visit.body
    assert visit.body.count("\n- ") >= 2 and "## Areas for improvement" in visit.body
    for path, grade in (("records/leicester/2015-03-20-full-inspection.md", "inadequate"),
                        ("records/leicester/2017-09-04-full-inspection.md", "requires_improvement")):
        assert by_path[path].framework == "sif"
        assert by_path[path].judgements["overall_effectiveness"] == grade
        assert len(by_path[path].judgements) == 6 and not by_path[path].grades_pending
    for path in ("records/leicestershire/2024-07-12-full-inspection.md",
                 "records/leicester/2021-11-12-full-inspection.md",
                 "records/northumberland/2024-07-12-full-inspection.md",
                 "records/telford-and-wrekin/2024-07-12-full-inspection.md"):
        body = by_path[path].body
        assert "## Key findings" in body and "## Areas for improvement" in body, path


# --- row by row against the shared history ------------------------------------------------------

needs_history = pytest.mark.skipif(
    not HISTORY.is_file(),
    reason=f"the shared ILACS history is not in the repository ({HISTORY} absent; "
           "set ILACS_HISTORY_CSV to check the records against it)",
)

GRADE_WORDS = {"outstanding": "outstanding", "good": "good", "requires improvement": "requires_improvement",
               "to requires improvement": "requires_improvement", "inadequate": "inadequate"}
MARKERS = {"", "data_unreadable", "inspection_pre_dates_judgement", "not_reported_post_reform"}
# The CSV's grade columns, as this test reads them for each ILACS framework
# (written out here rather than taken from the importer, so the two can disagree).
ILACS_COLUMNS = {
    "ilacs-2018": {"overall_effectiveness_grade": "overall_effectiveness", "impact_of_leaders_grade": "impact_of_leaders",
                   "help_and_protection_grade": "help_and_protection",
                   "in_care_grade": "children_in_care_and_care_leavers"},
    "ilacs-2023": {"overall_effectiveness_grade": "overall_effectiveness", "impact_of_leaders_grade": "impact_of_leaders",
                   "help_and_protection_grade": "help_and_protection", "in_care_grade": "children_in_care",
                   "care_leavers_grade": "care_leavers"},
    "ilacs-2026": {"impact_of_leaders_grade": "impact_of_leaders", "help_and_protection_grade": "help_and_protection",
                   "in_care_grade": "children_in_care", "care_leavers_grade": "care_leavers"},
}
def _day(text: str, fmt: str) -> dt.date | None:
    return dt.datetime.strptime(text, fmt).date() if text.strip() else None


@pytest.fixture(scope="module")
def history_rows():
    with HISTORY.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


@needs_history
def test_history_has_488_rows(history_rows):
    assert len(history_rows) == IMPORTED


def _csv_disagreements(row: dict, record, slug: str, published: dt.date) -> list[str]:
    """Where the history's row and the record differ (blank CSV cells say nothing)."""
    start = _day(row["inspection_start_date"], "%d/%m/%Y")
    end = _day(row["inspection_end_date"], "%d/%m/%Y")
    found = []
    for name, ours, theirs in (("council", record.council, slug), ("published", record.published, published),
                               ("report_url", record.report_url, row["inspection_link"]),
                               ("inspection_start", record.inspection_start, start),
                               ("inspection_end", record.inspection_end, end),
                               ("lead_inspector", record.lead_inspector, row["inspector_name"] or None)):
        if theirs is not None and ours != theirs:
            found.append(f"{name}: {ours} != CSV {theirs}")
    values = {c: row[c].strip().lower() for c in row if c.endswith("_grade")}
    unknown = [v for v in values.values() if v not in GRADE_WORDS and v not in MARKERS]
    if unknown:
        found.append(f"CSV value(s) outside the vocabulary: {unknown}")
    columns = ILACS_COLUMNS.get(record.framework, {})
    for column, key in columns.items():
        if values.get(column) in GRADE_WORDS and record.judgements.get(key) != GRADE_WORDS[values[column]]:
            found.append(f"{key}: {record.judgements.get(key)} != CSV {GRADE_WORDS[values[column]]}")
    return found


@needs_history
def test_every_history_row_has_its_record_and_differs_only_where_the_report_decided(dataset, history_rows):
    """The history was the first source; Ofsted's reports then corrected it. A record may
    differ from its row only if it was checked against the report (it carries the PDF's checksum)."""
    by_urn = {c.ofsted_urn: c.slug for c in dataset.councils.values()}
    by_url = {i.report_url: i for i in dataset.inspections if i.report_url}
    wrong: list[str] = []
    corrected = 0
    for number, row in enumerate(history_rows, start=2):
        if row["inspection_link"] == LSCB_REVIEW_ROW:
            assert row["inspection_link"] not in by_url  # a board's review, not the council's inspection
            continue
        record = by_url.get(row["inspection_link"])
        if record is None:
            wrong.append(f"row {number}: no record links to {row['inspection_link']}")
            continue
        slug = by_urn.get(int(row["urn"]))
        published = _day(row["publication_date"], "%d/%m/%y")
        found = _csv_disagreements(row, record, slug, published)
        if found and not record.report_sha256:
            wrong.append(f"row {number}: {record.path}: {found}")
        corrected += bool(found)
    assert wrong == []
    assert corrected > 0  # the history had errors that the reports corrected


@needs_history
def test_no_imported_record_is_missing_from_the_history(imported, history_rows):
    listed = {row["inspection_link"] for row in history_rows} - {LSCB_REVIEW_ROW}
    new_in_2026 = {i.report_url for i in imported if i.published > dt.date(2026, 6, 30)}
    assert len(new_in_2026) == 9
    assert {i.report_url for i in imported} == listed | new_in_2026


@pytest.mark.skipif(not REPORTS_DIR, reason="set OFSTED_REPORTS_DIR to a folder of the report PDFs "
                                            "(the scrape tool's export_data/inspection_reports) to compare")
def test_records_agree_with_every_report_in_the_folder():
    import subprocess
    import sys

    proc = subprocess.run([sys.executable, str(ROOT / "scripts" / "check_reports.py"), REPORTS_DIR],
                          capture_output=True, text=True, timeout=1800)
    lines = [line for line in proc.stdout.splitlines() if line.startswith("records/") or "no record" in line]
    assert lines == []
    refused = [line for line in proc.stdout.splitlines() if ": refused: " in line]
    assert len(refused) == 5  # four 2012 error pages and the Surrey board review


LOOKUP = HISTORY.with_name("la_lookup.csv")
CENTROIDS = HISTORY.with_name("la_centroids.csv")


@pytest.mark.skipif(not (LOOKUP.is_file() and CENTROIDS.is_file()),
                    reason=f"the shared reference data is not in the repository ({LOOKUP.parent} absent)")
def test_the_registry_script_reproduces_the_committed_registry(tmp_path):
    """councils.yml is made by scripts/build_registry.py; a hand edit that the script
    would undo (e.g. a centroid correction) must go into the script instead."""
    import subprocess
    import sys

    out = tmp_path / "councils.yml"
    proc = subprocess.run([sys.executable, str(ROOT / "scripts" / "build_registry.py"), str(LOOKUP), str(CENTROIDS),
                           "--out", str(out)], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert out.read_text(encoding="utf-8") == (ROOT / "records" / "councils.yml").read_text(encoding="utf-8")
