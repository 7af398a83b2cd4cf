"""scripts/update.py against a real HTTP server on 127.0.0.1 serving a fixture
listing and fixture report PDFs: new reports are added, failures are named,
existing records are never overwritten."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from browser import serve
from inspections.dataset import load_dataset

ROOT = Path(__file__).resolve().parent.parent
REPORTS = ROOT / "tests" / "fixtures" / "reports"
SCRIPT = ROOT / "scripts" / "update.py"

HEADER = ("urn,local_authority,inspection_link,pdf_filename,publication_date,inspection_framework,"
          "inspector_name,inspection_start_date,inspection_end_date,overall_effectiveness_grade\n")


@pytest.fixture
def project(tmp_path):
    """A repository with the real registry and one unchecked Bedford record that the report contradicts."""
    root = tmp_path / "repo"
    (root / "records" / "bedford").mkdir(parents=True)
    shutil.copy(ROOT / "records" / "councils.yml", root / "records" / "councils.yml")
    (root / "records" / "bedford" / "2025-08-27-full-inspection.md").write_text(
        "---\ncouncil: bedford\nkind: full-inspection\nframework: ilacs-2023\ninspection_type: short\n"
        "inspection_start: 2025-07-14\ninspection_end: 2025-07-18\npublished: 2025-08-27\n"
        "lead_inspector: Amanda Maxwell\njudgements:\n  overall_effectiveness: requires_improvement\n"
        "  impact_of_leaders: requires_improvement\n  help_and_protection: requires_improvement\n"
        "  children_in_care: requires_improvement\n  care_leavers: good\n"
        "report_url: https://files.ofsted.gov.uk/v1/file/50290000\n---\n", encoding="utf-8")
    served = tmp_path / "served"
    served.mkdir()
    for name in ("ilacs-2026-liverpool-2026.pdf", "ilacs-2023-bedford-2025.pdf", "ilacs-2018-wakefield-2018.pdf",
                 "damaged-no-text-layer.pdf"):
        shutil.copy(REPORTS / name, served / name)
    return root, served


def run(root: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(SCRIPT), "--root", str(root), "--allow-host", "127.0.0.1",
                           "--today", "2026-12-02", *args],
                          capture_output=True, text=True, timeout=300)


def test_update_adds_new_reports_and_names_every_failure(project):
    root, served = project
    bedford = root / "records" / "bedford" / "2025-08-27-full-inspection.md"
    before = bedford.read_bytes()
    with serve(served, prefix="/") as base:  # base ends with /
        (served / "listing.csv").write_text(HEADER + "\n".join([
            f"80485,liverpool,{base}ilacs-2026-liverpool-2026.pdf,x.pdf,07/07/26,standard,,,,",
            f"80474,herefordshire,{base}missing.pdf,y.pdf,01/08/26,standard,,,,",
            f"80480,lancashire,{base}ilacs-2018-wakefield-2018.pdf,z.pdf,not a date,,,,,",
            # filed under Wigan's URN; the report is of Wakefield, which decides
            f"80579,wigan,{base}ilacs-2018-wakefield-2018.pdf,w.pdf,17/07/18,standard,,,,",
            "80428,bedford,https://files.ofsted.gov.uk/v1/file/50290000,b.pdf,27/08/25,short,,,,",
            f"80581,wirral,{base}damaged-no-text-layer.pdf,s.pdf,02/09/26,,,,,",
        ]) + "\n", encoding="utf-8")
        # The Bedford row's Ofsted link is answered from the fixture, as a stand-in download.
        (served / "bedford").write_bytes((REPORTS / "ilacs-2023-bedford-2025.pdf").read_bytes())
        listing = (served / "listing.csv").read_text().replace(
            "https://files.ofsted.gov.uk/v1/file/50290000", f"{base}bedford")
        (served / "listing.csv").write_text(listing)
        bedford.write_text(bedford.read_text().replace("https://files.ofsted.gov.uk/v1/file/50290000",
                                                       f"{base}bedford"))
        before = bedford.read_bytes()
        proc = run(root, "--source", f"{base}listing.csv", "--summary", str(root / "summary.md"))
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout
    assert out == (root / "summary.md").read_text()

    # Added: the new Liverpool report, and the Wakefield one under the council its PDF names.
    liverpool = root / "records" / "liverpool" / "2026-07-07-full-inspection.md"
    wakefield = root / "records" / "wakefield" / "2018-07-17-full-inspection.md"
    assert liverpool.exists() and wakefield.exists()
    assert not (root / "records" / "wigan").exists()
    assert "## Added (2)" in out
    text = liverpool.read_text()
    assert "framework: ilacs-2026\n" in text and "  care_leavers: requires_improvement\n" in text
    assert "overall_effectiveness" not in text
    assert "report_sha256: " in text and "checked_on: 2026-12-02\n" in text
    assert "the listing files it under wigan (URN 80579); the report is of wakefield" in out

    # Never overwritten: the Bedford record keeps its (wrong) grade, and the disagreement is listed.
    assert bedford.read_bytes() == before
    assert ("`records/bedford/2025-08-27-full-inspection.md`: judgements: record has" in out
            and "care_leavers=good" in out and "care_leavers=requires_improvement" in out)

    # Each failure is named with its line in the listing.
    assert "## Not added (3)" in out
    assert "listing line 3: " in out and "missing.pdf: the server answered 404" in out
    assert "listing line 4: publication_date 'not a date' is not a date" in out
    assert "listing line 7: " in out and "has no text layer" in out


def test_added_records_pass_the_validator(project):
    root, served = project
    with serve(served, prefix="/") as base:  # base ends with /
        (served / "listing.csv").write_text(
            HEADER + f"80485,liverpool,{base}ilacs-2026-liverpool-2026.pdf,x.pdf,07/07/26,standard,,,,\n")
        proc = run(root, "--source", f"{base}listing.csv")
    assert proc.returncode == 0, proc.stderr
    # A record whose link is on 127.0.0.1 is only for this test: point it at Ofsted before validating.
    path = root / "records" / "liverpool" / "2026-07-07-full-inspection.md"
    path.write_text(path.read_text().replace(f"{base}ilacs-2026-liverpool-2026.pdf",
                                             "https://files.ofsted.gov.uk/v1/file/50306784"))
    (root / "records" / "bedford" / "2025-08-27-full-inspection.md").unlink()
    dataset = load_dataset(root / "records", root=root, today=dt.date(2026, 12, 2))
    [inspection] = dataset.inspections
    assert inspection.judgements["impact_of_leaders"] == "good"


def test_a_listing_that_cannot_be_read_stops_with_status_1(project):
    root, served = project
    with serve(served, prefix="/") as base:  # base ends with /
        proc = run(root, "--source", f"{base}no-such-listing.csv")
    assert proc.returncode == 1
    assert "the listing" in proc.stderr and "404" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_a_listing_with_other_columns_is_refused(project, tmp_path):
    root, _ = project
    listing = tmp_path / "other.csv"
    listing.write_text("name,link\nx,y\n")
    proc = run(root, "--source", str(listing))
    assert proc.returncode == 1
    assert "has no column urn, inspection_link, publication_date" in proc.stderr


def test_hosts_outside_ofsted_are_not_downloaded(project):
    root, served = project
    with serve(served, prefix="/") as base:  # base ends with /
        (served / "listing.csv").write_text(
            HEADER + "80485,liverpool,https://evil.example/report.pdf,x.pdf,07/07/26,standard,,,,\n")
        proc = run(root, "--source", f"{base}listing.csv")
    assert proc.returncode == 0
    assert "https://evil.example/report.pdf: the host is not one of ofsted.gov.uk, 127.0.0.1" in proc.stdout
    assert not (root / "records" / "liverpool").exists()
