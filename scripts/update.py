#!/usr/bin/env python3
"""Add records for newly published Ofsted reports: `python scripts/update.py [--source URL_OR_FILE]`.

Reads the Data to Insight scrape tool's history CSV (the setting DEFAULT_SOURCE in
hooks/inspections/update.py, or UPDATE_SOURCE, or --source), downloads each report
that has no checked record from its Ofsted link, reads it and writes its record.
Existing records are never changed: disagreements are listed instead. Prints a
Markdown summary (also written to --summary FILE, for a pull request's text).

Exits 0 when the listing was read (failures of single reports are named in the
summary), 1 when the listing itself could not be read.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
from pathlib import Path

from _common import ROOT

try:
    from inspections.dataset import REGISTRY_NAME, load_councils
    from inspections.fetch import FetchError, fetch
    from inspections.model import RecordsInvalid
    from inspections.schema import REPORT_HOSTS
    from inspections.update import DEFAULT_SOURCE, read_listing, update
except ImportError as missing:  # run by a Python without the project's dependencies
    if __name__ != "__main__":
        raise
    import dev

    dev.rerun_in_venv(__file__, missing)

LISTING_HOSTS = ("raw.githubusercontent.com", "github.com")
LISTING_LIMIT = 20 * 1024 * 1024


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Add records for newly published Ofsted reports.")
    parser.add_argument("--source", default=os.environ.get("UPDATE_SOURCE") or DEFAULT_SOURCE,
                        help="the listing CSV: an https:// address or a file (default: %(default)s)")
    parser.add_argument("--root", type=Path, default=ROOT, help="repository holding records/")
    parser.add_argument("--summary", type=Path, help="also write the Markdown summary to this file")
    parser.add_argument("--allow-host", action="append", default=[],
                        help="another host reports and the listing may come from (e.g. 127.0.0.1 for tests)")
    parser.add_argument("--today", type=dt.date.fromisoformat, default=dt.date.today(),
                        help="the date written as checked_on (default: today)")
    args = parser.parse_args(argv)

    extra = tuple(args.allow_host)
    try:
        councils = load_councils(args.root / "records" / REGISTRY_NAME)
        if args.source.startswith(("https://", "http://")):
            data = fetch(args.source, hosts=LISTING_HOSTS + extra, limit=LISTING_LIMIT)
        else:
            with open(args.source, "rb") as handle:
                data = handle.read(LISTING_LIMIT + 1)
        rows = read_listing(data)
    except (FetchError, ValueError, OSError, RecordsInvalid) as exc:
        print(f"update.py: the listing {args.source} cannot be read: {exc}", file=sys.stderr)
        return 1

    def download(url: str) -> bytes:
        return fetch(url, hosts=REPORT_HOSTS + extra)

    result = update(rows, args.root, councils, download, args.today)
    summary = result.summary_markdown(args.source)
    print(summary, end="")
    if args.summary:
        args.summary.write_text(summary, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
