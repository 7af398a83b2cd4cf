#!/usr/bin/env python3
"""Read an Ofsted children's services inspection report and print the record it gives:

    python scripts/read_report.py REPORT.pdf
    python scripts/read_report.py https://files.ofsted.gov.uk/v1/file/50306784 --json

Without --json it prints the record's front matter (the publication date is
Ofsted's listing date, which the report does not print: give it with
--published, or it is left as a placeholder). With --json it prints one JSON
object: council, kind, framework, inspection_start, inspection_end,
published_in_report, lead_inspector, judgements (and safeguarding_board).

A document that is not a report this reader knows is refused with a message
and exit status 1, never a guessed record.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from pathlib import Path

from _common import RECORDS

try:
    from inspections.dataset import REGISTRY_NAME, load_councils
    from inspections.fetch import FetchError, fetch_report
    from inspections.model import RecordsInvalid
    from inspections.report_check import new_record_fields
    from inspections.report_reader import MAX_PDF_BYTES, ReportRefused, read_report
    from inspections.write import dump_record
except ImportError as missing:  # run by a Python without the project's dependencies
    if __name__ != "__main__":
        raise
    import dev

    dev.rerun_in_venv(__file__, missing)


def read_source(source: str) -> bytes:
    if source.startswith(("https://", "http://")):
        return fetch_report(source)
    path = Path(source)
    if not path.is_file():
        raise ReportRefused(f"{source} is not a file or an https:// link")
    with path.open("rb") as handle:
        return handle.read(MAX_PDF_BYTES + 1)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Read an Ofsted children's services inspection report.")
    parser.add_argument("source", help="a report PDF, or its https:// link on Ofsted's site")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--published", type=dt.date.fromisoformat,
                        help="the day Ofsted listed the report (YYYY-MM-DD), for the record's file name")
    args = parser.parse_args(argv)
    try:
        councils = load_councils(RECORDS / REGISTRY_NAME)
        reading = read_report(read_source(args.source), councils)
    except (ReportRefused, FetchError) as refusal:
        print(f"read_report.py: {args.source}: {refusal}", file=sys.stderr)
        return 1
    except RecordsInvalid as exc:
        print(exc, file=sys.stderr)
        return 1
    except OSError as exc:
        print(f"read_report.py: {args.source}: cannot be read ({exc.strerror})", file=sys.stderr)
        return 1
    if args.json:
        print(json.dumps(reading.as_json(), indent=2, ensure_ascii=False))
        return 0
    published = args.published or reading.published_in_report or dt.date.today()
    url = args.source if args.source.startswith("https://") else None
    fields = new_record_fields(reading, published, dt.date.today(), report_url=url)
    print(dump_record(fields), end="")
    if not args.published:
        print(f"# published: {published} is a placeholder; give Ofsted's listing date with --published",
              file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
