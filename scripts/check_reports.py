#!/usr/bin/env python3
"""Check every record against its Ofsted report: `python scripts/check_reports.py DIR [--fix] [--add]`.

DIR holds report PDFs as the Data to Insight scrape tool keeps them
(`<urn>_<council>/<title> - <dd month yyyy>.pdf`, dated by Ofsted's listing).
Each report is read, matched to its record (council, listing date, kind) and
every difference is listed: kind, framework, dates, lead inspector, grades,
safeguarding board. The report is the authority:

- `--fix` writes the report's values into the records it differs from, and
  stamps every matched record with the report's SHA-256 and the day it was checked;
- `--add` writes a record for each report that has none (no body: a person
  writes the summary in their own words). `--csv` names the scrape tool's
  history CSV, which gives each report's link on Ofsted's site and its type.

Exits 1 when differences remain (without --fix) or a report was refused.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import sys
from collections import Counter
from pathlib import Path

from _common import ROOT

try:
    from inspections.dataset import REGISTRY_NAME, load_councils
    from inspections.load import read_record
    from inspections.model import RecordsInvalid
    from inspections.report_check import check_folder, corrected, new_record_fields
    from inspections.schema import record_path
    from inspections.write import dump_record
except ImportError as missing:  # run by a Python without the project's dependencies
    if __name__ != "__main__":
        raise
    import dev

    dev.rerun_in_venv(__file__, missing)


def scrape_listing(csv_path: Path) -> dict[tuple[str, str], dict]:
    """Rows of the scrape tool's history CSV by (URN, PDF file name)."""
    with csv_path.open(encoding="utf-8", newline="") as handle:
        return {(row.get("urn", ""), row.get("pdf_filename", "")): row for row in csv.DictReader(handle)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Check records against Ofsted's report PDFs.")
    parser.add_argument("folder", type=Path, help="folder of report PDFs (searched recursively)")
    parser.add_argument("--root", type=Path, default=ROOT, help="repository holding records/ (default: this one)")
    parser.add_argument("--fix", action="store_true", help="correct records from their reports")
    parser.add_argument("--add", action="store_true", help="write records for reports that have none")
    parser.add_argument("--csv", type=Path, help="the scrape tool's history CSV, for new records' report links")
    parser.add_argument("--today", type=dt.date.fromisoformat, default=dt.date.today(),
                        help="the date written as checked_on (default: today)")
    args = parser.parse_args(argv)
    if not args.folder.is_dir():
        print(f"check_reports.py: {args.folder} is not a folder", file=sys.stderr)
        return 2
    try:
        councils = load_councils(args.root / "records" / REGISTRY_NAME)
    except RecordsInvalid as exc:
        print(exc, file=sys.stderr)
        return 1

    listing = scrape_listing(args.csv) if args.csv else {}
    counts: Counter[str] = Counter()
    refused = 0
    remaining = 0
    for checked in check_folder(args.folder, args.root, councils):
        where = checked.pdf.relative_to(args.folder).as_posix()
        counts["reports"] += 1
        if checked.refused:
            refused += 1
            print(f"{where}: refused: {checked.refused}")
            continue
        reading = checked.reading
        if checked.folder_council:
            print(f"{where}: council: filed under {checked.folder_council}, but the report is of {reading.council}")
            counts["council (filed under another)"] += 1
        if checked.record is None:
            counts["no record"] += 1
            rel = record_path(reading.council, checked.listed, reading.kind)
            if args.add:
                path = args.root / rel
                path.parent.mkdir(parents=True, exist_ok=True)
                row = listing.get((checked.pdf.parent.name.split("_", 1)[0], checked.pdf.name), {})
                fields = new_record_fields(reading, checked.listed, args.today,
                                           report_url=row.get("inspection_link"),
                                           inspection_type_hint=row.get("inspection_framework"))
                path.write_text(dump_record(fields), encoding="utf-8")
                print(f"{where}: added {rel}")
            else:
                print(f"{where}: no record; expected {rel} (--add writes it)")
                remaining += 1
            continue
        for difference in checked.differences:
            counts[difference.field] += 1
            print(f"{checked.record}: {difference}  [{where}]")
        if args.fix:
            path = args.root / checked.record
            raw = read_record(path, checked.record)
            fields = corrected(raw.data, reading, checked.listed, args.today)
            if not checked.differences and raw.data.get("report_sha256") == reading.sha256:
                fields["checked_on"] = raw.data.get("checked_on", args.today)  # nothing new: keep its date
            text = dump_record(fields, raw.body)
            if text != path.read_text(encoding="utf-8"):
                path.write_text(text, encoding="utf-8")
                counts["records written"] += 1
        elif checked.differences:
            remaining += 1

    summary = ", ".join(f"{name}: {n}" for name, n in counts.items())
    print(f"\n{summary}; refused: {refused}")
    return 1 if refused or remaining else 0


if __name__ == "__main__":
    sys.exit(main())
