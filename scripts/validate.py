#!/usr/bin/env python3
"""Check records against the schema: `python scripts/validate.py [PATH ...]`.

No PATH checks every record. A PATH that is not a record where the build
looks for one (records/<council>/<date>-<kind>.md) is refused by name.
Prints one line per problem,
`path:line: field: what is wrong; allowed: ...`, and exits 1 if there are any.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from _common import RECORDS, ROOT, print_problems
from inspections.dataset import files_under, load_dataset
from inspections.model import RecordsInvalid


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Check inspection records.")
    parser.add_argument("paths", nargs="*", type=Path, help="record files or folders (default: all records)")
    parser.add_argument("--records", type=Path, default=RECORDS, help="records folder (default: %(default)s)")
    parser.add_argument("--github", action="store_true", help="also print GitHub Actions annotations")
    args = parser.parse_args(argv)

    paths = None
    if args.paths:
        # Every file named is a record or is refused by name, as the build
        # would: the registry is always checked and needs no naming.
        paths = []
        for path in args.paths:
            paths.extend(files_under(path) if path.is_dir() and not path.is_symlink() else [path])
    try:
        dataset = load_dataset(args.records, paths=paths, root=ROOT if args.records == RECORDS else args.records.parent)
    except RecordsInvalid as exc:
        print_problems(exc.problems, github=args.github)
        print(f"{len(exc.problems)} problem(s) found", file=sys.stderr)
        return 1
    print(f"{len(dataset.inspections)} records and {len(dataset.councils)} councils are valid")
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except KeyboardInterrupt:
        sys.exit(130)
