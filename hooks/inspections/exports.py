"""Open data: the tables behind the downloads, the JSON API, and writing them.

The one-way flow ends here: a Dataset becomes three tables (one row per
record, one per current council, one per council in the registry), each
described once by a list of Columns. The CSV and JSON files, the workbook
(`workbook.py`), the Data Package and JSON Schemas (`datapackage.py`) and the
Data page all read those Column lists, so a column cannot be documented in
one place and missing in another. Feeds live in `feeds.py`.

Nothing here reads the clock: every date comes from the records or from the
site's "as of" date, and every table has a stable order, so two builds of
the same commit give byte-identical files.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from dataclasses import dataclass
from pathlib import Path

from .dataset import Dataset
from .derive import MOVEMENT_LABELS, change_sentence, summarise
from .model import Council, Inspection
from .sanitize import csv_cell, markdown_to_text
from .schema import (
    COUNCIL_STATUSES,
    COUNCIL_TYPES,
    FIELDS_BY_NAME,
    FRAMEWORKS,
    GRADE_LABELS,
    GRADES,
    INSPECTION_TYPES,
    JUDGEMENT_ORDER,
    JUDGEMENTS,
    KINDS,
    REGIONS,
    csv_columns,
    grades_of_judgement,
)

# --- Where things go in the built site (paths relative to the site root) -----

DATA_DIR = "data"
INSPECTIONS_CSV = "data/inspections.csv"
INSPECTIONS_JSON = "data/inspections.json"
LATEST_CSV = "data/latest.csv"
LATEST_JSON = "data/latest.json"
COUNCILS_CSV = "data/councils.csv"
COUNCILS_JSON = "data/councils.json"
WORKBOOK = "data/ilacs.xlsx"
DATAPACKAGE = "datapackage.json"
SITE_FEED = "feed.xml"
#: The Data page's docs path (URL /data/); the downloads sit beside it.
DATA_PAGE = "data.md"


def council_page_path(slug: str) -> str:
    return f"councils/{slug}/"


def council_api_path(slug: str) -> str:
    return f"api/councils/{slug}.json"


def council_feed_path(slug: str) -> str:
    return f"councils/{slug}/feed.xml"


def schema_path(table: str) -> str:
    return f"data/{table}.schema.json"


def absolute(path: str, site_url: str | None) -> str:
    """A URL for `path` (relative to the site root): absolute when the site's
    address is known, otherwise left relative to the site root."""
    return site_url.rstrip("/") + "/" + path if site_url else path


# --- Licences (one place, used by the data package, workbook, feeds and page) --

OGL = {
    "name": "OGL-UK-3.0",
    "title": "Open Government Licence v3.0",
    "path": "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/",
}
PROJECT_LICENCE = {
    "name": "CC-BY-4.0",
    "title": "Creative Commons Attribution 4.0 International",
    "path": "https://creativecommons.org/licenses/by/4.0/",
}
LICENCE_TEXT = (
    "Ofsted's judgements, dates and report links are Crown copyright, published by Ofsted under the "
    f"{OGL['title']}. This project's compilation, identifiers, notes and derived fields are under "
    f"{PROJECT_LICENCE['title']} (CC BY 4.0)."
)
OGL_ATTRIBUTION = "Contains public sector information licensed under the Open Government Licence v3.0."

SOURCES = (
    {"title": "Ofsted: inspection reports for local authority children's services",
     "path": "https://reports.ofsted.gov.uk/"},
    {"title": "Data to Insight: ofsted-ilacs-scrape-tool (MIT), used for the first import",
     "path": "https://github.com/data-to-insight/ofsted-ilacs-scrape-tool"},
)

# --- Columns -------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    """One column of a published table.

    `type` is a Frictionless Table Schema type: string, date, boolean,
    integer, number or array (arrays are JSON arrays, also inside CSV cells).
    """

    name: str
    type: str
    description: str
    enum: tuple[str, ...] = ()
    required: bool = False


_FIELD_TYPES = {"date": "date", "boolean": "boolean", "sources": "array"}


def _judgement_column(key: str, prefix: str = "") -> Column:
    judgement = JUDGEMENTS[key]
    return Column(f"{prefix}{key}", "string", f"Grade for \"{judgement.full_name}\".",
                  enum=grades_of_judgement(key))


def _record_columns() -> dict[str, Column]:
    """A column for every front-matter field, described by the schema."""
    columns: dict[str, Column] = {}
    for field in FIELDS_BY_NAME.values():
        if field.name == "judgements":
            for key in JUDGEMENT_ORDER:
                columns[key] = _judgement_column(key)
            continue
        description = field.description
        if field.name == "sources":
            description = ("Other sources used for the record: a JSON array of objects with a \"title\" and a \"url\" "
                           "(empty when there are none).")
        if field.name == "grades_pending":
            description = ("true when the inspection is known but some or all of its grades are not "
                           "recorded yet; false otherwise.")
        enum = field.allowed if field.type == "enum" and field.name != "council" else ()
        columns[field.name] = Column(
            field.name,
            _FIELD_TYPES.get(field.type, "string"),
            description,
            enum=enum,
            required=field.required or field.name == "grades_pending",
        )
    return columns


_EXTRA_INSPECTION_COLUMNS = {
    "id": Column("id", "string",
                 "Stable identifier of the record: council slug, a slash, and the record's file name "
                 "without .md (publication date and kind), e.g. leicestershire/2024-07-12-full-inspection.",
                 required=True),
    "council_name": Column("council_name", "string", "The council's usual name.", required=True),
    "region": Column("region", "string", "The council's English region (slug).", enum=tuple(REGIONS),
                     required=True),
    "path": Column("path", "string", "Where the record lives in the project's repository.", required=True),
}


def _inspection_columns() -> tuple[Column, ...]:
    known = _record_columns() | _EXTRA_INSPECTION_COLUMNS
    return tuple(known[name] for name in csv_columns())


#: inspections.csv / .json: one row per record, in the order schema.csv_columns() gives.
INSPECTION_COLUMNS: tuple[Column, ...] = _inspection_columns()

MOVEMENTS: tuple[str, ...] = tuple(MOVEMENT_LABELS)

#: latest.csv / .json: one row per current council.
LATEST_COLUMNS: tuple[Column, ...] = (
    Column("council", "string", "The council's slug (its key in councils.csv).", required=True),
    Column("council_name", "string", "The council's usual name.", required=True),
    Column("region", "string", "The council's English region (slug).", enum=tuple(REGIONS), required=True),
    Column("council_type", "string", "County council, unitary authority, metropolitan district or London borough.",
           enum=tuple(COUNCIL_TYPES), required=True),
    Column("ofsted_urn", "integer", "Ofsted's unique reference number for the authority.", required=True),
    Column("la_number", "integer", "The Department for Education's local authority number.", required=True),
    Column("ons_code", "string", "The Office for National Statistics code (newest vintage).", required=True),
    Column("inspection_id", "string",
           "The latest full inspection with grades recorded (its id in inspections.csv); "
           "empty if the council has none on record."),
    Column("framework", "string", "Framework of that inspection.", enum=tuple(FRAMEWORKS)),
    Column("inspection_type", "string", "Standard or short (ILACS only).", enum=tuple(INSPECTION_TYPES)),
    Column("inspection_start", "date", "First day inspectors were on site."),
    Column("inspection_end", "date", "Last day on site."),
    Column("published", "date", "The day Ofsted published the report."),
    *(_judgement_column(key) for key in JUDGEMENT_ORDER),
    Column("grades_pending", "boolean", "true when some grades of that inspection are not recorded yet."),
    Column("report_url", "string", "Link to Ofsted's report."),
    Column("previous_inspection_id", "string",
           "The full inspection before it that had an overall effectiveness grade (its id in inspections.csv)."),
    Column("previous_published", "date", "The day that previous report was published."),
    _judgement_column("overall_effectiveness", prefix="previous_"),
    Column("movement", "string",
           "Overall effectiveness against the previous inspection: " + "; ".join(
               f"{key} ({label.lower()})" for key, label in MOVEMENT_LABELS.items()) + ".",
           enum=MOVEMENTS, required=True),
    Column("last_record_id", "string",
           "The newest record of any kind (inspection or visit) for the council; empty if none."),
    Column("last_record_kind", "string", "Its kind.", enum=tuple(KINDS)),
    Column("last_record_published", "date", "Its publication date."),
)

#: councils.csv / .json: the registry, current and former councils.
COUNCIL_COLUMNS: tuple[Column, ...] = (
    Column("slug", "string", "The council's key: lower case with hyphens, used in every URL and file.",
           required=True),
    Column("name", "string", "The council's usual name.", required=True),
    Column("ofsted_urn", "integer", "Ofsted's unique reference number for the authority.", required=True),
    Column("la_number", "integer", "The Department for Education's local authority number.", required=True),
    Column("ons_code", "string", "The Office for National Statistics code (newest vintage).", required=True),
    Column("region", "string", "English region (slug).", enum=tuple(REGIONS), required=True),
    Column("type", "string", "Kind of authority.", enum=tuple(COUNCIL_TYPES), required=True),
    Column("status", "string", "current, or former for authorities that no longer exist.",
           enum=COUNCIL_STATUSES, required=True),
    Column("ended", "date", "For former councils: the day the authority ended, when known."),
    Column("predecessors", "array", "Slugs of the authorities this one replaced (JSON array)."),
    Column("successors", "array", "Slugs of the authorities that replaced this one (JSON array)."),
    Column("statistical_neighbours", "array",
           "Slugs of the ten most similar authorities by the DfE's statistical neighbour model (JSON array)."),
    Column("also_known_as", "array", "Other names the authority goes by (JSON array)."),
    Column("latitude", "number", "Area-weighted centre of the authority (WGS84), current councils only."),
    Column("longitude", "number", "Area-weighted centre of the authority (WGS84), current councils only."),
)

TABLES: dict[str, tuple[Column, ...]] = {
    "inspections": INSPECTION_COLUMNS,
    "latest": LATEST_COLUMNS,
    "councils": COUNCIL_COLUMNS,
}

# --- Rows ------------------------------------------------------------------------


def inspection_row(inspection: Inspection, council: Council) -> dict:
    """Every front-matter field of one record, flattened: one key per judgement."""
    row = {
        "id": inspection.id,
        "council_name": council.name,
        "region": council.region,
        "council": inspection.council,
        "kind": inspection.kind,
        "framework": inspection.framework,
        "inspection_type": inspection.inspection_type,
        "inspection_start": inspection.inspection_start,
        "inspection_end": inspection.inspection_end,
        "published": inspection.published,
        "lead_inspector": inspection.lead_inspector,
        **{key: inspection.judgements.get(key) for key in JUDGEMENT_ORDER},
        "grades_pending": inspection.grades_pending,
        "report_url": inspection.report_url,
        "safeguarding_board": inspection.safeguarding_board,
        "published_in_report": inspection.published_in_report,
        "report_sha256": inspection.report_sha256,
        "checked_on": inspection.checked_on,
        "sources": [{"title": s.title, "url": s.url} for s in inspection.sources],
        "exception": inspection.exception,
        "path": inspection.path,
    }
    return {column.name: row[column.name] for column in INSPECTION_COLUMNS}


def inspection_rows(dataset: Dataset) -> list[dict]:
    """One row per record, by council slug then publication (oldest first)."""
    ordered = sorted(dataset.inspections, key=lambda i: (i.council, i.sort_key))
    return [inspection_row(i, dataset.councils[i.council]) for i in ordered]


def latest_rows(dataset: Dataset) -> list[dict]:
    """One row per current council (by slug): its latest graded inspection,
    the previous overall grade and the movement between them."""
    rows = []
    for slug, summary in sorted(summarise(dataset).items()):
        council = summary.council
        if not council.is_current:
            continue
        latest, previous, last = summary.latest, summary.previous, summary.last_visit
        row = {
            "council": slug,
            "council_name": council.name,
            "region": council.region,
            "council_type": council.type,
            "ofsted_urn": council.ofsted_urn,
            "la_number": council.la_number,
            "ons_code": council.ons_code,
            "inspection_id": latest.id if latest else None,
            "framework": latest.framework if latest else None,
            "inspection_type": latest.inspection_type if latest else None,
            "inspection_start": latest.inspection_start if latest else None,
            "inspection_end": latest.inspection_end if latest else None,
            "published": latest.published if latest else None,
            **{key: summary.grades.get(key) for key in JUDGEMENT_ORDER},
            "grades_pending": latest.grades_pending if latest else None,
            "report_url": latest.report_url if latest else None,
            "previous_inspection_id": previous.id if previous else None,
            "previous_published": previous.published if previous else None,
            "previous_overall_effectiveness": previous.overall if previous else None,
            "movement": summary.movement,
            "last_record_id": last.id if last else None,
            "last_record_kind": last.kind if last else None,
            "last_record_published": last.published if last else None,
        }
        rows.append({column.name: row[column.name] for column in LATEST_COLUMNS})
    return rows


def council_row(council: Council) -> dict:
    row = {
        "slug": council.slug,
        "name": council.name,
        "ofsted_urn": council.ofsted_urn,
        "la_number": council.la_number,
        "ons_code": council.ons_code,
        "region": council.region,
        "type": council.type,
        "status": council.status,
        "ended": council.ended,
        "predecessors": list(council.predecessors),
        "successors": list(council.successors),
        "statistical_neighbours": list(council.statistical_neighbours),
        "also_known_as": list(council.also_known_as),
        "latitude": council.centroid.lat if council.centroid else None,
        "longitude": council.centroid.lon if council.centroid else None,
    }
    return {column.name: row[column.name] for column in COUNCIL_COLUMNS}


def council_rows(dataset: Dataset) -> list[dict]:
    """The registry, current and former councils, by slug."""
    return [council_row(dataset.councils[slug]) for slug in sorted(dataset.councils)]


def table_rows(dataset: Dataset) -> dict[str, list[dict]]:
    return {
        "inspections": inspection_rows(dataset),
        "latest": latest_rows(dataset),
        "councils": council_rows(dataset),
    }


# --- Serialising rows ----------------------------------------------------------------


def json_value(value):
    """A row value as JSON: dates as ISO strings, everything else as is."""
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def csv_text_value(value) -> str:
    """A row value as the text of a CSV cell, before the formula guard:
    dates ISO, booleans true/false, lists as JSON arrays (empty list: empty)."""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list):
        return json.dumps(value, ensure_ascii=False) if value else ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return ""
    return str(value)


def _csv_cell(value) -> str:
    # Numbers go to the guard as numbers: a negative longitude is a number,
    # not text that a spreadsheet might run.
    if isinstance(value, (int, float)):
        return csv_cell(value)
    return csv_cell(csv_text_value(value))


def to_csv(rows: list[dict], columns: tuple[Column, ...]) -> str:
    """RFC 4180 CSV (CRLF line ends), a header row, every cell through the
    spreadsheet formula guard (text starting with = + - @ gets a leading ')."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([column.name for column in columns])
    for row in rows:
        writer.writerow([_csv_cell(row[column.name]) for column in columns])
    return out.getvalue()


#: Characters written as \u escapes in JSON (as Go's encoder does): record
#: text like "</script>" then never appears literally, so the files stay
#: inert even if someone pastes them into an HTML page or script. They only
#: occur inside strings, so the parsed values are unchanged.
_JSON_HTML_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}


def _html_safe(text: str) -> str:
    # str.replace per character is ~10x faster than str.translate on the
    # megabytes of JSON a large data set makes (same result).
    for char, escape in _JSON_HTML_ESCAPES.items():
        text = text.replace(char, escape)
    return text


def to_json_rows(rows: list[dict]) -> str:
    """A JSON array of flat objects, one per line: compact, yet readable and
    friendly to line-based diffs."""
    lines = [json.dumps({k: json_value(v) for k, v in row.items()}, ensure_ascii=False) for row in rows]
    return _html_safe("[\n" + ",\n".join(lines) + "\n]\n" if lines else "[]\n")


def dump_json(document, *, pretty: bool = True) -> str:
    """JSON text. Descriptors are indented for people; the per-council API
    documents are compact (`pretty=False`): they are for programs, can be
    large, and an indent makes Python's json use its slow pure-Python encoder
    (0.4 s of the build at 10,000 records)."""
    if pretty:
        text = json.dumps(document, ensure_ascii=False, indent=2, default=json_value)
    else:
        text = json.dumps(document, ensure_ascii=False, separators=(",", ":"), default=json_value)
    return _html_safe(text + "\n")


# --- The JSON API: one council with all its inspections --------------------------------


def council_document(dataset: Dataset, slug: str, site_url: str | None = None,
                     summaries=None) -> dict:
    """`api/councils/<slug>.json`: the council's registry entry, links, its
    current standing and every record (newest first), judgements nested as
    in the record files."""
    summaries = summaries if summaries is not None else summarise(dataset)
    summary = summaries[slug]
    council = summary.council
    records = list(summary.inspections)  # oldest first, as change_sentence expects
    document = {k: json_value(v) for k, v in council_row(council).items()}
    document["links"] = {
        "page": absolute(council_page_path(slug), site_url),
        "feed": absolute(council_feed_path(slug), site_url),
        "api": absolute(council_api_path(slug), site_url),
    }
    latest, previous = summary.latest, summary.previous
    document["latest"] = None if latest is None else {
        "inspection_id": latest.id,
        "published": latest.published.isoformat(),
        "framework": latest.framework,
        "judgements": _ordered_judgements(latest),
        "previous_inspection_id": previous.id if previous else None,
        "previous_overall_effectiveness": previous.overall if previous else None,
        "movement": summary.movement,
    }
    document["inspections"] = [
        _inspection_document(i, records, site_url) for i in sorted(records, key=lambda i: i.sort_key, reverse=True)
    ]
    return document


def _ordered_judgements(inspection: Inspection) -> dict[str, str]:
    return {key: inspection.judgements[key] for key in JUDGEMENT_ORDER if key in inspection.judgements}


def _inspection_document(inspection: Inspection, records: list[Inspection], site_url: str | None) -> dict:
    return {
        "id": inspection.id,
        "council": inspection.council,
        "kind": inspection.kind,
        "framework": inspection.framework,
        "inspection_type": inspection.inspection_type,
        "inspection_start": json_value(inspection.inspection_start),
        "inspection_end": json_value(inspection.inspection_end),
        "published": inspection.published.isoformat(),
        "lead_inspector": inspection.lead_inspector,
        "judgements": _ordered_judgements(inspection),
        "grades_pending": inspection.grades_pending,
        "report_url": inspection.report_url,
        "sources": [{"title": s.title, "url": s.url} for s in inspection.sources],
        "exception": inspection.exception,
        "changes": change_sentence(records, inspection),
        "notes": markdown_to_text(inspection.body),
        "path": inspection.path,
        "url": absolute(council_page_path(inspection.council), site_url) + "#" + inspection.anchor,
    }


def registry_document(dataset: Dataset, site_url: str | None = None) -> list[dict]:
    """`data/councils.json`: the registry with links to each council's page, API and feed."""
    documents = []
    for row in council_rows(dataset):
        slug = row["slug"]
        document = {k: json_value(v) for k, v in row.items()}
        document["links"] = {
            "page": absolute(council_page_path(slug), site_url),
            "feed": absolute(council_feed_path(slug), site_url),
            "api": absolute(council_api_path(slug), site_url),
        }
        documents.append(document)
    return documents


# --- Writing everything ----------------------------------------------------------------


def build_files(dataset: Dataset, as_of: dt.date, site_url: str | None = None,
                site_name: str | None = None) -> dict[str, bytes]:
    """Every open-data file, as {path relative to the site root: bytes}.

    Pure: the same dataset, date and URL always give the same bytes.
    """
    # Imported here so that each module can be read (and tested) on its own.
    from . import datapackage, feeds, workbook

    tables = table_rows(dataset)
    summaries = summarise(dataset)
    files: dict[str, str | bytes] = {
        INSPECTIONS_CSV: to_csv(tables["inspections"], INSPECTION_COLUMNS),
        INSPECTIONS_JSON: to_json_rows(tables["inspections"]),
        LATEST_CSV: to_csv(tables["latest"], LATEST_COLUMNS),
        LATEST_JSON: to_json_rows(tables["latest"]),
        COUNCILS_CSV: to_csv(tables["councils"], COUNCIL_COLUMNS),
        COUNCILS_JSON: dump_json(registry_document(dataset, site_url)),
        WORKBOOK: workbook.workbook_bytes(tables, as_of, site_url),
    }
    csv_files = {path: files[path].encode("utf-8") for path in (INSPECTIONS_CSV, LATEST_CSV, COUNCILS_CSV)}
    files[DATAPACKAGE] = dump_json(datapackage.descriptor(csv_files, as_of, site_url))
    for table, columns in TABLES.items():
        files[schema_path(table)] = dump_json(datapackage.row_json_schema(table, columns, site_url))
    for slug in sorted(dataset.councils):
        files[council_api_path(slug)] = dump_json(council_document(dataset, slug, site_url, summaries), pretty=False)
    files.update(feeds.all_feeds(dataset, as_of, site_url, site_name))
    return {path: data.encode("utf-8") if isinstance(data, str) else data for path, data in files.items()}


def write_all(dataset: Dataset, site_dir: Path, as_of: dt.date, site_url: str | None = None,
              site_name: str | None = None) -> list[str]:
    """Write every open-data file into the built site; returns their paths
    (relative to `site_dir`) in a stable order."""
    site_dir = Path(site_dir)
    files = build_files(dataset, as_of, site_url, site_name)
    for path, data in sorted(files.items()):
        target = site_dir / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    return sorted(files)


# --- The Data page ---------------------------------------------------------------------

TEMPLATES = Path(__file__).resolve().parent / "templates"


def _long_date(day: dt.date) -> str:
    return f"{day.day} {day:%B %Y}"


def _table_cell(text: str):
    """Schema prose on one line for a Markdown table cell: escaped like every
    other value (so `|` cannot split the cell), except that its `code` spans
    are shown as code."""
    from markupsafe import Markup

    from .render import md_text

    parts = re.split(r"`([^`]+)`", " ".join(str(text).split()))
    return Markup("").join(_code(part) if index % 2 else md_text(part) for index, part in enumerate(parts))


def _code(text: str):
    """Text shown as code: an HTML <code> element, its text escaped for HTML and Markdown."""
    from markupsafe import Markup

    from .render import md_text

    return Markup("<code>%s</code>") % md_text(str(text))


def data_page(dataset: Dataset, as_of: dt.date, site_url: str | None = None, site_name: str | None = None,
              root: str = "../") -> str:
    """The Markdown of the Data page (docs path `data.md`, URL /data/).

    `root` is the relative address of the site root from the page (the
    downloads are written after MkDocs checks links, so they are linked
    with plain HTML relative to the page).
    """
    import jinja2
    from markupsafe import Markup

    from .datapackage import TABLE_INFO, TITLE
    from .feeds import DEFAULT_SITE_NAME, SITE_FEED_SIZE
    from .render import md_text

    def link(path: str, label: str) -> Markup:
        return Markup('<a href="%s">%s</a>') % (md_text(root + path), md_text(label))

    # The same escaping as the other generated pages (render.py): every value
    # is made inert for HTML and Markdown, since this template writes Markdown
    # and the example council's name comes from the registry.
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True, finalize=md_text,
                             undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True,
                             keep_trailing_newline=True)
    env.filters.update(long_date=_long_date, cell=_table_cell, code=_code)

    tables = table_rows(dataset)
    current = [c for c in dataset.councils.values() if c.is_current]
    example = next((c for c in sorted(current, key=lambda c: c.slug) if c.slug == "leicestershire"),
                   min(current or dataset.councils.values(), key=lambda c: c.slug))
    json_paths = {"inspections": INSPECTIONS_JSON, "latest": LATEST_JSON, "councils": COUNCILS_JSON}
    table_docs = []
    for name in ("inspections", "latest", "councils"):
        info = TABLE_INFO[name]
        table_docs.append({
            "title": info["title"], "description": info["description"], "columns": TABLES[name],
            "csv": info["csv"], "csv_name": info["csv"].rsplit("/", 1)[-1],
            "json": json_paths[name], "json_name": json_paths[name].rsplit("/", 1)[-1],
            "schema": schema_path(name), "schema_name": schema_path(name).rsplit("/", 1)[-1],
        })
    n_records, n_current, n_councils = len(tables["inspections"]), len(tables["latest"]), len(tables["councils"])
    downloads = [
        {"path": WORKBOOK, "label": "ilacs.xlsx", "format": "Excel workbook",
         "description": "Sheets \"Latest\", \"All inspections\", \"Councils\" and \"About\".", "rows": ""},
        {"path": LATEST_CSV, "label": "latest.csv", "format": "CSV",
         "description": TABLE_INFO["latest"]["title"] + ".", "rows": n_current},
        {"path": LATEST_JSON, "label": "latest.json", "format": "JSON", "description": "The same rows as JSON.",
         "rows": n_current},
        {"path": INSPECTIONS_CSV, "label": "inspections.csv", "format": "CSV",
         "description": TABLE_INFO["inspections"]["title"] + ".", "rows": n_records},
        {"path": INSPECTIONS_JSON, "label": "inspections.json", "format": "JSON", "description": "The same rows as JSON.",
         "rows": n_records},
        {"path": COUNCILS_CSV, "label": "councils.csv", "format": "CSV",
         "description": TABLE_INFO["councils"]["title"] + ".", "rows": n_councils},
        {"path": COUNCILS_JSON, "label": "councils.json", "format": "JSON",
         "description": "The same as JSON, with links to each council's page, feed and API document.",
         "rows": n_councils},
        {"path": DATAPACKAGE, "label": "datapackage.json", "format": "Frictionless Data Package",
         "description": "Describes the CSV files: columns, types, allowed values, keys, licences.", "rows": ""},
        {"path": council_api_path(example.slug), "label": f"api/councils/{example.slug}.json", "format": "JSON",
         "description": "One council with all its inspections (one file per council).", "rows": ""},
        {"path": SITE_FEED, "label": "feed.xml", "format": "Atom feed",
         "description": f"The {SITE_FEED_SIZE} most recently published inspections and visits.", "rows": ""},
    ]
    return env.get_template("data.md.j2").render(
        as_of=as_of,
        site_url=site_url,
        site_url_data=absolute("data/", site_url) if site_url else "",
        site_name=site_name or DEFAULT_SITE_NAME,
        title=TITLE,
        link=link,
        counts={"inspections": n_records, "councils": n_councils, "current": n_current,
                "former": n_councils - n_current},
        downloads=downloads,
        files={"workbook": WORKBOOK, "datapackage": DATAPACKAGE, "councils_json": COUNCILS_JSON,
               "site_feed": SITE_FEED},
        tables=table_docs,
        grades=[(g, GRADE_LABELS[g]) for g in GRADES],
        grade_keys=list(GRADES),
        kinds=list(KINDS.values()),
        frameworks=[{
            "key": fw.key, "name": fw.name, "description": fw.description, "judgements": fw.judgements,
            "span": f"{_long_date(fw.starts)} to {_long_date(fw.ends)}" if fw.ends else f"from {_long_date(fw.starts)}",
        } for fw in FRAMEWORKS.values()],
        judgements=list(JUDGEMENTS.values()),
        inspection_types=list(INSPECTION_TYPES.items()),
        movements=list(MOVEMENT_LABELS.items()),
        regions=list(REGIONS.items()),
        council_types=list(COUNCIL_TYPES.items()),
        example={"name": example.name, "api": council_api_path(example.slug),
                 "feed": council_feed_path(example.slug)},
        feed_size=SITE_FEED_SIZE,
        licence_text=LICENCE_TEXT,
        ogl=OGL,
        ogl_attribution=OGL_ATTRIBUTION,
        project_licence=PROJECT_LICENCE,
    )
