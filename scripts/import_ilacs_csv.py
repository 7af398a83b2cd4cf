#!/usr/bin/env python3
"""Create or update records from an ILACS scrape CSV (the ilacs_history.csv format).

    python scripts/import_ilacs_csv.py ../shared/data/ilacs_history.csv [--dry-run] [--verbose]

Reports every quirk it meets; refuses rows with values it does not know (exit 1).
Never touches a record's body, sources or grades the CSV cannot read.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from _common import RECORDS, print_problems
from inspections.dataset import REGISTRY_NAME, load_councils
from inspections.importer import import_csv
from inspections.model import RecordsInvalid


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("csv", type=Path)
    parser.add_argument("--records", type=Path, default=RECORDS)
    parser.add_argument("--dry-run", action="store_true", help="report what would change; write nothing")
    parser.add_argument("--verbose", action="store_true", help="list every quirk, not just a sample")
    args = parser.parse_args(argv)
    try:
        councils = load_councils(args.records / REGISTRY_NAME)
    except RecordsInvalid as exc:
        print_problems(exc.problems)
        return 1
    report = import_csv(args.csv, args.records, councils, dry_run=args.dry_run)
    for line in report.summary_lines(verbose=args.verbose):
        print(line)
    return 1 if report.refused else 0


if __name__ == "__main__":
    sys.exit(main())
