"""Import the Data to Insight ILACS scrape (ilacs_history.csv) into records.

Every quirk of that file (see its README) is handled explicitly and reported;
values outside the known vocabulary refuse the row. Existing records are
updated in place: the CSV's known values win, everything else a contributor
wrote (body, sources, grades the CSV cannot read) is kept.
"""

from __future__ import annotations

import csv
import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from .load import read_record
from .model import Council
from .schema import FRAMEWORKS, KINDS, framework_for, record_file, record_path
from .write import dump_record

GRADE_WORDS = {
    "outstanding": "outstanding",
    "good": "good",
    "requires improvement": "requires_improvement",
    "inadequate": "inadequate",
}
UNREADABLE = {"", "data_unreadable"}
PRE_DATES = "inspection_pre_dates_judgement"
POST_REFORM = "not_reported_post_reform"
SLIPS = {"to requires improvement": "requires_improvement"}  # scraping slips seen in the file

INSPECTION_TYPES = {"standard": "standard", "short": "short", "": None}
# Free text the scraper copied from the report instead of the type.
INSPECTION_TYPE_SLIPS = {"inspection duration longer than standard framework": "standard"}

# CSV grade columns -> judgement key, per framework.
COLUMNS = ("overall_effectiveness_grade", "impact_of_leaders_grade", "help_and_protection_grade",
           "in_care_grade", "care_leavers_grade")
COLUMN_MAP = {
    "pre-sif": ("overall_effectiveness", None, None, None, None),
    "sif": ("overall_effectiveness", "leadership_management_governance", "help_and_protection",
            "children_looked_after", "care_leavers"),
    "ilacs-2018": ("overall_effectiveness", "impact_of_leaders", "help_and_protection",
                   "children_in_care_and_care_leavers", None),
    "ilacs-2023": ("overall_effectiveness", "impact_of_leaders", "help_and_protection",
                   "children_in_care", "care_leavers"),
    "ilacs-2026": (None, "impact_of_leaders", "help_and_protection", "children_in_care", "care_leavers"),
}

REQUIRED_HEADER = ("urn", "inspection_link", "pdf_filename", "publication_date", "inspection_framework",
                   "inspector_name", "inspection_start_date", "inspection_end_date") + COLUMNS


@dataclass
class ImportReport:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)  # one line per refused row
    quirks: list[tuple[str, str]] = field(default_factory=list)  # (quirk kind, detail)

    def quirk(self, kind: str, detail: str) -> None:
        self.quirks.append((kind, detail))

    def summary_lines(self, verbose: bool = False) -> list[str]:
        lines = []
        counts = Counter(kind for kind, _ in self.quirks)
        for kind, count in sorted(counts.items()):
            lines.append(f"quirk: {kind}: {count} value(s)")
            details = [d for k, d in self.quirks if k == kind]
            shown = details if verbose or len(details) <= 12 else details[:5]
            lines.extend(f"  {d}" for d in shown)
            if len(shown) < len(details):
                lines.append(f"  ... and {len(details) - len(shown)} more (--verbose lists all)")
        lines.extend(f"refused: {r}" for r in self.refused)
        lines.append(f"{len(self.created)} created, {len(self.updated)} updated, "
                     f"{len(self.unchanged)} unchanged, {len(self.refused)} refused")
        return lines


class RowError(Exception):
    pass


def _date(text: str, column: str, *, short_year: bool = False) -> dt.date | None:
    text = text.strip()
    if not text:
        return None
    try:
        fmt = "%d/%m/%y" if short_year else "%d/%m/%Y"
        return dt.datetime.strptime(text, fmt).date()
    except ValueError:
        raise RowError(f"{column}: '{text}' is not a date in the form {'dd/mm/yy' if short_year else 'dd/mm/yyyy'}") from None


def _kind(pdf_filename: str) -> str:
    name = pdf_filename.lower()
    if "focused visit" in name:
        return "focused-visit"
    if "monitoring visit" in name:
        return "monitoring-visit"
    if "joint targeted" in name:
        return "jtai"
    if "children's services" in name and "inspection" in name:
        return "full-inspection"
    raise RowError(f"pdf_filename: cannot tell the kind of inspection from '{pdf_filename}'")


def row_to_fields(row: dict, councils_by_urn: dict[int, Council], report: ImportReport, where: str,
                  recorded_start=lambda council, published, kind: None) -> dict:
    """One CSV row -> record fields (without body). Raises RowError to refuse."""
    try:
        urn = int(row["urn"])
    except (TypeError, ValueError):
        raise RowError(f"urn: '{row.get('urn')}' is not a number") from None
    council = councils_by_urn.get(urn)
    if council is None:
        raise RowError(f"urn: {urn} is not in records/councils.yml")
    published = _date(row["publication_date"], "publication_date", short_year=True)
    if published is None:
        raise RowError("publication_date: is blank")
    start = _date(row["inspection_start_date"], "inspection_start_date")
    end = _date(row["inspection_end_date"], "inspection_end_date")
    where = f"{where} ({council.slug} {published})"
    kind = _kind(row["pdf_filename"])

    raw_values = [(row[c] or "").strip() for c in COLUMNS]
    has_separate_care_leavers = raw_values[4].lower() in GRADE_WORDS
    known_start = recorded_start(council.slug, published, kind) if start is None else None
    if known_start is not None:
        # A contributor added the dates the CSV lacks: they decide the framework.
        framework = framework_for(known_start, published)
        report.quirk("no inspection dates (framework from the record's own dates)", f"{where}: {framework}")
    elif start is None:
        # Old reports have no dates: the framework follows the publication date.
        candidates = [f for f in FRAMEWORKS.values() if f.covers_publication(published)]
        if has_separate_care_leavers:
            candidates = [f for f in candidates if "care_leavers" in f.judgements] or candidates
        framework = candidates[-1].key if candidates and has_separate_care_leavers else framework_for(None, published)
        report.quirk("no inspection dates (framework from publication date)", f"{where}: {framework}")
    else:
        framework = framework_for(start, published)
    if framework is None:
        raise RowError(f"no framework covers an inspection started {start} / published {published}")

    type_text = (row["inspection_framework"] or "").strip().lower()
    if type_text in INSPECTION_TYPES:
        inspection_type = INSPECTION_TYPES[type_text]
    elif type_text in INSPECTION_TYPE_SLIPS:
        inspection_type = INSPECTION_TYPE_SLIPS[type_text]
        report.quirk("free text as inspection type", f"{where}: '{type_text}' read as {inspection_type}")
    else:
        raise RowError(f"inspection_framework: '{type_text}' is not standard, short or blank")
    if inspection_type and not framework.startswith("ilacs"):
        report.quirk("inspection type on a non-ILACS inspection (dropped)", f"{where}: {inspection_type} under {framework}")
        inspection_type = None

    judgements: dict[str, str] = {}
    unknown: list[str] = []
    for column, value, key in zip(COLUMNS, raw_values, COLUMN_MAP[framework], strict=True):
        lower = value.lower()
        if lower in GRADE_WORDS or lower in SLIPS:
            grade = GRADE_WORDS.get(lower) or SLIPS[lower]
            if lower in SLIPS:
                report.quirk("scraping slip in a grade", f"{where}: {column} '{value}' read as {grade}")
            if key is None:
                report.quirk("grade for a judgement the framework does not have (dropped)",
                             f"{where}: {column} '{value}' under {framework}")
                continue
            judgements[key] = grade
        elif lower in UNREADABLE:
            if key is not None:
                unknown.append(key)
                report.quirk("grade unreadable in the data set", f"{where}: {column}")
        elif lower == PRE_DATES:
            if key is not None and key != "care_leavers":
                raise RowError(f"{column}: '{value}' but {framework} has this judgement")
            # Reported even when expected (care leavers before 2023): the README asks
            # for every marker to be handled in the open.
            report.quirk("judgement marked as not existing yet", f"{where}: {column} under {framework}")
        elif lower == POST_REFORM:
            if key is not None:
                raise RowError(f"{column}: '{value}' but {framework} still gives this grade")
            report.quirk("overall effectiveness not given after the 2026 reform", f"{where}")
        else:
            raise RowError(f"{column}: '{value}' is not a grade or a known marker")

    link = (row["inspection_link"] or "").strip()
    if link and not link.startswith("https://"):
        raise RowError(f"inspection_link: '{link}' is not an https link")
    lead = (row["inspector_name"] or "").strip() or None
    return {
        "council": council.slug,
        "kind": kind,
        "framework": framework,
        "inspection_type": inspection_type,
        "inspection_start": start,
        "inspection_end": end,
        "published": published,
        "lead_inspector": lead,
        "judgements": judgements,
        "_unknown": unknown,
        "report_url": link or None,
    }


def merge(existing: dict, incoming: dict) -> dict:
    """The CSV's known values win; what only the record knows is kept."""
    merged = dict(existing)
    for key, value in incoming.items():
        if key.startswith("_") or key == "judgements":
            continue
        if value is not None:
            merged[key] = value
    judgements = dict(existing.get("judgements") or {})
    judgements.update(incoming["judgements"])
    merged["judgements"] = judgements
    framework = FRAMEWORKS[merged["framework"]]
    missing = [k for k in framework.judgements if k not in judgements]
    if not KINDS[merged["kind"]].graded:
        merged["grades_pending"] = False
    elif merged["framework"] in ("sif", "pre-sif"):
        # Old reports may lack any of their judgements: pending when none is known,
        # or when a contributor marked the record pending and some are still missing
        # (the CSV cannot know the other SIF grades, so it must not clear the flag).
        merged["grades_pending"] = not judgements or (existing.get("grades_pending") is True and bool(missing))
    else:
        merged["grades_pending"] = bool(missing)
    return merged


def import_csv(csv_path: Path, records_dir: Path, councils: dict[str, Council], *, dry_run: bool = False) -> ImportReport:
    report = ImportReport()
    councils_by_urn = {c.ofsted_urn: c for c in councils.values()}
    try:
        handle = csv_path.open(encoding="utf-8-sig", newline="")
    except OSError as exc:
        report.refused.append(f"{csv_path}: cannot read ({exc.strerror})")
        return report
    with handle:
        reader = csv.DictReader(handle)
        missing = [c for c in REQUIRED_HEADER if c not in (reader.fieldnames or [])]
        if missing:
            report.refused.append(f"{csv_path}:1: header lacks columns: {', '.join(missing)}")
            return report
        for number, row in enumerate(reader, start=2):
            where = f"{csv_path.name}:{number}"
            try:
                fields = row_to_fields(row, councils_by_urn, report, where,
                                       recorded_start=lambda *key: _recorded_start(records_dir, *key))
            except RowError as exc:
                report.refused.append(f"{where}: {exc}")
                continue
            _write(fields, records_dir, report, dry_run)
    return report


def _recorded_start(records_dir: Path, council: str, published: dt.date, kind: str) -> dt.date | None:
    """The first day on site an existing record gives, if any."""
    path = record_file(records_dir, council, published, kind)
    if not path.exists():
        return None
    raw = read_record(path, str(path))
    start = None if isinstance(raw, list) else raw.data.get("inspection_start")
    return start if type(start) is dt.date else None


def _write(fields: dict, records_dir: Path, report: ImportReport, dry_run: bool) -> None:
    rel = record_path(fields["council"], fields["published"], fields["kind"])
    path = record_file(records_dir, fields["council"], fields["published"], fields["kind"])
    existing: dict = {}
    body = ""
    if path.exists():
        raw = read_record(path, rel)
        if isinstance(raw, list):
            report.refused.append(f"{rel}: exists but cannot be read, left alone ({raw[0]})")
            return
        existing, body = raw.data, raw.body
        existing["sources"] = existing.get("sources")
    merged = merge(existing, fields)
    text = dump_record(merged, body)
    if path.exists() and path.read_text(encoding="utf-8") == text:
        report.unchanged.append(rel)
        return
    (report.updated if path.exists() else report.created).append(rel)
    if not dry_run:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
