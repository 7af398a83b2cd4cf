"""The committed records: they validate, cover every council, and match the
shared ILACS history they were imported from.

The shared CSV (../shared/data/ilacs_history.csv) is not in the repository, so
the row-by-row comparison skips without it; the counts that matter are pinned
in tests that need only the records.
"""

from __future__ import annotations

import csv
import datetime as dt
import os
from collections import Counter
from pathlib import Path

import pytest
from inspections.dataset import load_dataset
from inspections.schema import FRAMEWORKS, framework_for

ROOT = Path(__file__).resolve().parent.parent
RECORDS = ROOT / "records"
HISTORY = Path(os.environ.get("ILACS_HISTORY_CSV", ROOT.parent / "shared" / "data" / "ilacs_history.csv"))
OFSTED_FILES = "https://files.ofsted.gov.uk/v1/file/"

#: How many inspections the shared history holds (one row each).
IMPORTED = 488


@pytest.fixture(scope="module")
def dataset():
    # Raises RecordsInvalid, listing every problem, if any committed record is wrong.
    return load_dataset(RECORDS)


@pytest.fixture(scope="module")
def imported(dataset):
    """The full inspections that came from the history: those linking to Ofsted's file service."""
    return [i for i in dataset.inspections if i.kind == "full-inspection" and (i.report_url or "").startswith(OFSTED_FILES)]


def test_committed_records_validate(dataset):
    assert len(dataset.inspections) >= IMPORTED + 1  # the import plus the Leicestershire focused visit


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
    assert len(imported) == IMPORTED
    assert len({i.report_url for i in imported}) == IMPORTED
    assert Counter(i.framework for i in imported) == {
        "pre-sif": 8, "sif": 168, "ilacs-2018": 165, "ilacs-2023": 145, "ilacs-2026": 2}
    assert sum(1 for i in imported if i.grades_pending) == 178
    assert sum(1 for i in imported if i.inspection_start is None) == 178


def test_imported_records_are_graded_or_pending(imported):
    for i in imported:
        assert i.judgements or i.grades_pending, i.path
        missing = [j for j in FRAMEWORKS[i.framework].judgements if j not in i.judgements]
        if i.framework.startswith("ilacs"):
            assert i.grades_pending == bool(missing), i.path


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
        assert by_path[path].judgements == {"overall_effectiveness": grade}
        assert by_path[path].grades_pending is True  # the other SIF judgements are still wanted
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
#: Rows whose care leavers grade cannot belong to their framework (published 2022,
#: before the separate judgement existed); the importer drops it and says so.
CARE_LEAVERS_BEFORE_2023 = {("nottingham", "2022-09-05"), ("redcar-and-cleveland", "2022-09-22")}


def _day(text: str, fmt: str) -> dt.date | None:
    return dt.datetime.strptime(text, fmt).date() if text.strip() else None


@pytest.fixture(scope="module")
def history_rows():
    with HISTORY.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


@needs_history
def test_history_has_488_rows(history_rows):
    assert len(history_rows) == IMPORTED


@needs_history
def test_every_history_row_has_its_record(dataset, history_rows):
    by_urn = {c.ofsted_urn: c.slug for c in dataset.councils.values()}
    by_path = {i.path: i for i in dataset.inspections}
    wrong: list[str] = []
    for number, row in enumerate(history_rows, start=2):
        slug = by_urn.get(int(row["urn"]))
        published = _day(row["publication_date"], "%d/%m/%y")
        path = f"records/{slug}/{published.isoformat()}-full-inspection.md"
        record = by_path.get(path)
        if record is None:
            wrong.append(f"row {number}: no record {path}")
            continue
        start = _day(row["inspection_start_date"], "%d/%m/%Y")
        end = _day(row["inspection_end_date"], "%d/%m/%Y")
        facts = (record.council, record.published, record.inspection_start, record.inspection_end,
                 record.report_url, record.lead_inspector)
        expected = (slug, published, start, end, row["inspection_link"], row["inspector_name"] or None)
        if facts != expected:
            wrong.append(f"row {number}: {path}: {facts} != {expected}")
        if start is not None and record.framework != framework_for(start, None):
            wrong.append(f"row {number}: {path}: framework {record.framework} for a start on {start}")
        wrong.extend(f"row {number}: {path}: {problem}" for problem in _grade_problems(row, record, slug, published))
    assert wrong == []


def _grade_problems(row: dict, record, slug: str, published: dt.date) -> list[str]:
    values = {c: row[c].strip().lower() for c in row if c.endswith("_grade")}
    unknown = [v for v in values.values() if v not in GRADE_WORDS and v not in MARKERS]
    if unknown:
        return [f"CSV value(s) outside the vocabulary: {unknown}"]
    columns = ILACS_COLUMNS.get(record.framework)
    if columns is None:  # sif / pre-sif: the history could read none of these grades
        readable = [c for c, v in values.items() if v in GRADE_WORDS]
        return [f"readable SIF grades the test does not map: {readable}"] if readable else []
    problems = []
    expected = {key: GRADE_WORDS[values[c]] for c, key in columns.items() if values[c] in GRADE_WORDS}
    extra = {k: g for k, g in record.judgements.items() if k not in expected}
    if {k: record.judgements.get(k) for k in expected} != expected:
        problems.append(f"grades {record.judgements} != CSV {expected}")
    if extra:
        problems.append(f"grades the CSV does not have: {extra}")
    if record.framework == "ilacs-2018" and values["care_leavers_grade"] in GRADE_WORDS \
            and (slug, published.isoformat()) not in CARE_LEAVERS_BEFORE_2023:
        problems.append(f"an unexpected care leavers grade under ilacs-2018: {values['care_leavers_grade']}")
    if record.framework == "ilacs-2026" and values["overall_effectiveness_grade"] != "not_reported_post_reform":
        problems.append("ilacs-2026 row with an overall effectiveness value")
    return problems


@needs_history
def test_no_imported_record_is_missing_from_the_history(imported, history_rows):
    assert {i.report_url for i in imported} == {row["inspection_link"] for row in history_rows}


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
