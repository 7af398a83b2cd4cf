"""Check records against the Ofsted reports they cite, and correct them from the reports.

The report is the authority. A folder of reports (as the Data to Insight scrape
tool keeps them: `<urn>_<council>/<title> - <dd month yyyy>.pdf`, the date being
the day Ofsted listed the report) is read with `report_reader`, each report is
matched to its record by council, listing date and kind, and every field the
report states is compared with the record's.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from .load import read_record
from .model import Council
from .report_reader import ReportReading, ReportRefused, read_report
from .schema import KINDS, record_path

#: The fields a report decides, in the order differences are listed.
CHECKED_FIELDS = ("kind", "framework", "inspection_start", "inspection_end", "lead_inspector",
                  "judgements", "safeguarding_board", "published_in_report")

_LISTED = re.compile(r"(\d{1,2}) (january|february|march|april|may|june|july|august|september|october|"
                     r"november|december) (\d{4})\.pdf$", re.I)


@dataclass(frozen=True)
class Difference:
    field: str
    record: object
    report: object

    def __str__(self) -> str:
        return f"{self.field}: record has {_show(self.record)}, report has {_show(self.report)}"


def _show(value) -> str:
    if value is None or value == {}:
        return "nothing"
    if isinstance(value, dict):
        return ", ".join(f"{k}={v}" for k, v in value.items())
    return str(value)


@dataclass
class Checked:
    """One report and what became of it."""

    pdf: Path
    listed: dt.date | None
    reading: ReportReading | None = None
    refused: str | None = None
    record: str | None = None  # repository-relative path of the matching record
    differences: list[Difference] = field(default_factory=list)
    folder_council: str | None = None  # the council the folder's URN names, when it differs from the report's


def listed_date(pdf: Path) -> dt.date | None:
    """The day Ofsted listed a report, from the file name the scrape tool gives it."""
    match = _LISTED.search(pdf.name)
    if not match:
        return None
    day, month, year = match.groups()
    return dt.datetime.strptime(f"{day} {month} {year}", "%d %B %Y").date()


def report_fields(reading: ReportReading, published: dt.date) -> dict:
    """The record fields a report states, as a record would hold them."""
    printed = reading.published_in_report
    return {
        "kind": reading.kind,
        "framework": reading.framework,
        "inspection_start": reading.inspection_start,
        "inspection_end": reading.inspection_end,
        "lead_inspector": reading.lead_inspector,
        "judgements": dict(reading.judgements),
        "safeguarding_board": reading.safeguarding_board,
        "published_in_report": printed if printed and printed != published else None,
    }


def differences(record: dict, reading: ReportReading, published: dt.date) -> list[Difference]:
    """Every field where the record says something other than the report.

    A field the report does not state (a lead inspector on a 2014 report, say) is
    not a difference: the record may know it from elsewhere."""
    stated = report_fields(reading, published)
    found = []
    for name in CHECKED_FIELDS:
        theirs = stated[name]
        ours = record.get(name)
        if name == "judgements":
            ours = dict(ours or {})
            if ours != theirs:
                found.append(Difference(name, ours, theirs))
            continue
        if theirs is None and name not in ("safeguarding_board", "published_in_report"):
            continue
        if ours != theirs:
            found.append(Difference(name, ours, theirs))
    return found


def corrected(record: dict, reading: ReportReading, published: dt.date, today: dt.date) -> dict:
    """The record's fields with everything the report states taken from the report."""
    fields = dict(record)
    for name, value in report_fields(reading, published).items():
        if value is not None or name in ("judgements", "safeguarding_board", "published_in_report"):
            fields[name] = value
    fields.pop("grades_pending", None)
    if fields.get("inspection_type") and not fields["framework"].startswith("ilacs"):
        fields.pop("inspection_type")  # a SIF re-inspection once typed as an ILACS one
    if not fields.get("inspection_type") and fields["framework"].startswith("ilacs"):
        fields["inspection_type"] = inspection_type(reading)
    fields["report_sha256"] = reading.sha256
    fields["checked_on"] = today
    return {k: v for k, v in fields.items() if v is not None}


def inspection_type(reading: ReportReading) -> str | None:
    """ILACS reports do not print their type; a short inspection is one week on site, a standard one two."""
    if not (reading.inspection_start and reading.inspection_end):
        return None
    return "short" if (reading.inspection_end - reading.inspection_start).days <= 7 else "standard"


def new_record_fields(reading: ReportReading, published: dt.date, today: dt.date, *,
                      report_url: str | None = None, inspection_type_hint: str | None = None) -> dict:
    """The fields of a record made from a report (the body is left for a person to write)."""
    fields = {"council": reading.council, "published": published}
    if report_url:
        fields["report_url"] = report_url
    if inspection_type_hint in ("standard", "short") and reading.framework.startswith("ilacs"):
        fields["inspection_type"] = inspection_type_hint
    return corrected(fields, reading, published, today)


def pdfs_under(folder: Path) -> Iterator[Path]:
    yield from sorted(p for p in folder.rglob("*") if p.suffix.lower() == ".pdf" and p.is_file())


def check_folder(folder: Path, root: Path, councils: dict[str, Council]) -> Iterator[Checked]:
    """Read every report under `folder` and compare it with its record under `root`/records."""
    by_urn = {c.ofsted_urn: c.slug for c in councils.values()}
    for pdf in pdfs_under(folder):
        checked = Checked(pdf, listed_date(pdf))
        urn = re.match(r"(\d+)_", pdf.parent.name)
        try:
            checked.reading = read_report(pdf.read_bytes(), councils)
        except ReportRefused as refusal:
            checked.refused = str(refusal)
            yield checked
            continue
        except OSError as exc:
            checked.refused = f"cannot be read ({exc.strerror})"
            yield checked
            continue
        reading = checked.reading
        if urn and by_urn.get(int(urn.group(1))) not in (None, reading.council):
            checked.folder_council = by_urn[int(urn.group(1))]
        if checked.listed is None:
            checked.refused = "the file name gives no listing date ('... - 12 january 2026.pdf')"
            yield checked
            continue
        path = find_record(root, reading.council, checked.listed, reading.kind)
        if path is not None:
            checked.record = path.relative_to(root).as_posix()
            raw = read_record(path, checked.record)
            if isinstance(raw, list):
                checked.refused = f"its record {checked.record} cannot be read: {raw[0]}"
            else:
                checked.differences = differences(raw.data, reading, checked.listed)
                kind = raw.data.get("kind")
                if kind != reading.kind:
                    checked.differences.insert(0, Difference("kind", kind, reading.kind))
        yield checked


def find_record(root: Path, council: str, published: dt.date, kind: str) -> Path | None:
    """The record of this report: same council and listing date, preferably the same kind."""
    exact = root / record_path(council, published, kind)
    if exact.exists():
        return exact
    for other in KINDS:
        candidate = root / record_path(council, published, other)
        if candidate.exists():
            return candidate
    return None

