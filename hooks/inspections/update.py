"""Bring in newly published reports: read a listing, download each new report, write its record.

The listing is the Data to Insight scrape tool's published history CSV (one row
per report: URN, link, file name, listing date, ...). It is only a pointer: every
field of a new record comes from the report itself, read with `report_reader`,
and where the listing and the report disagree (even on the council) the report
decides. An existing record is never overwritten: a report that disagrees with
one is listed for a person to look at. Each failure (a malformed row, a failed
download, a refused report) is named, and the rest of the run goes on.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from .load import read_record
from .model import Council
from .report_check import differences, find_record, new_record_fields
from .report_reader import ReportRefused, read_report
from .schema import record_path
from .write import dump_record

#: Where the listing is published. A setting: `scripts/update.py --source` or
#: the UPDATE_SOURCE environment variable replace it.
DEFAULT_SOURCE = ("https://raw.githubusercontent.com/JT-39/ofsted-ilacs-scrape-tool/main/"
                  "ofsted_csc_ilacs_history.csv")

REQUIRED_COLUMNS = ("urn", "inspection_link", "publication_date")
MAX_ROWS = 20_000


@dataclass
class UpdateResult:
    added: list[str] = field(default_factory=list)  # record paths written
    disagreements: list[str] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    unchanged: int = 0

    def summary_markdown(self, source: str) -> str:
        lines = [f"Reports listed in `{source}`, read from Ofsted's PDFs.", ""]
        lines += [f"## Added ({len(self.added)})", ""] + [f"- `{p}`" for p in self.added] + [""]
        lines += [f"## Disagreements with existing records ({len(self.disagreements)})", "",
                  "The report is the authority; these records were left as they are for a person to correct.", ""]
        lines += [f"- {d}" for d in self.disagreements] + [""]
        lines += [f"## Not added ({len(self.failures)})", ""] + [f"- {f}" for f in self.failures] + [""]
        lines.append(f"{self.unchanged} listed reports are already recorded and checked.")
        return "\n".join(lines) + "\n"


def parse_listing_date(text: str) -> dt.date:
    """'09/05/25' or '09/05/2025' (day first), or '2025-05-09'."""
    text = text.strip()
    for pattern in ("%d/%m/%y", "%d/%m/%Y", "%Y-%m-%d"):
        try:
            return dt.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise ValueError(f"publication_date {text!r} is not a date (dd/mm/yy)")


def read_listing(data: bytes) -> list[dict]:
    """The rows of the listing CSV; ValueError when it is not one."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ValueError("the listing is not UTF-8 text") from None
    reader = csv.DictReader(io.StringIO(text))
    missing = [c for c in REQUIRED_COLUMNS if c not in (reader.fieldnames or [])]
    if missing:
        raise ValueError(f"the listing has no column {', '.join(missing)}; expected the scrape tool's history CSV")
    rows = []
    for row in reader:
        rows.append(row)
        if len(rows) > MAX_ROWS:
            raise ValueError(f"the listing has more than {MAX_ROWS} rows")
    return rows


def _recorded_urls(root: Path) -> dict[str, Path]:
    """Report link -> record, for every record that has one."""
    urls: dict[str, Path] = {}
    for path in sorted((root / "records").glob("*/*.md")):
        raw = read_record(path, path.relative_to(root).as_posix())
        if not isinstance(raw, list) and isinstance(raw.data.get("report_url"), str):
            urls[raw.data["report_url"]] = path
    return urls


def update(rows: list[dict], root: Path, councils: dict[str, Council], download: Callable[[str], bytes],
           today: dt.date) -> UpdateResult:
    """Add a record for each listed report that has none; report every disagreement and failure."""
    result = UpdateResult()
    by_urn = {str(c.ofsted_urn): c.slug for c in councils.values()}
    by_url = _recorded_urls(root)
    for number, row in enumerate(rows, start=2):  # line 1 is the header
        where = f"listing line {number}"
        link = (row.get("inspection_link") or "").strip()
        try:
            listed = parse_listing_date(row.get("publication_date") or "")
        except ValueError as exc:
            result.failures.append(f"{where}: {exc}")
            continue
        if not link:
            result.failures.append(f"{where}: no inspection_link")
            continue
        urn = (row.get("urn") or "").strip()
        known = by_url.get(link)
        if known is not None and read_checked(known):
            result.unchanged += 1
            continue
        try:
            reading = read_report(download(link), councils)
        except ReportRefused as refusal:
            result.failures.append(f"{where}: {link}: {refusal}")
            continue
        except Exception as exc:  # a download error: named, and the run goes on
            result.failures.append(f"{where}: {exc}")
            continue
        listed_council = by_urn.get(urn)
        if listed_council and listed_council != reading.council:
            result.disagreements.append(f"{link}: the listing files it under {listed_council} (URN {urn}); "
                                        f"the report is of {reading.council}, so it is recorded there")
        existing = known or find_record(root, reading.council, listed, reading.kind)
        if existing is not None:
            rel = existing.relative_to(root).as_posix()
            raw = read_record(existing, rel)
            if isinstance(raw, list):
                result.failures.append(f"{where}: {rel} cannot be read: {raw[0]}")
                continue
            found = differences(raw.data, reading, listed)
            for difference in found:
                result.disagreements.append(f"`{rel}`: {difference} ({link})")
            if not found:
                result.unchanged += 1
            continue
        rel = record_path(reading.council, listed, reading.kind)
        fields = new_record_fields(reading, listed, today, report_url=link,
                                   inspection_type_hint=(row.get("inspection_framework") or "").strip())
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(dump_record(fields), encoding="utf-8")
        by_url[link] = path
        result.added.append(rel)
    return result


def read_checked(path: Path) -> bool:
    """Whether a record was already checked against its report (it carries the report's checksum)."""
    raw = read_record(path, path.name)
    return not isinstance(raw, list) and bool(raw.data.get("report_sha256"))
