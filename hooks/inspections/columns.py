"""The published tables' columns: one list per table, described once.

Four tables: one row per record (`inspections`), one per current council
(`latest`), one per council in the registry (`councils`) and one per current
council and statistical neighbour (`neighbours`). The CSV and JSON
files, the workbook, the Data Package, the JSON Schemas and the Data page all
read these lists, so a column cannot be documented in one place and missing
in another. Record columns come from the record schema (`schema.py`).
"""

from __future__ import annotations

from dataclasses import dataclass

from .derive import MOVEMENT_LABELS
from .paths import COUNCILS_CSV, INSPECTIONS_CSV, LATEST_CSV, NEIGHBOURS_CSV
from .schema import (
    COUNCIL_STATUSES,
    COUNCIL_TYPES,
    FIELDS_BY_NAME,
    FRAMEWORKS,
    GRADE_LABELS,
    INSPECTION_TYPES,
    JUDGEMENT_ORDER,
    JUDGEMENTS,
    KINDS,
    REGION_ONS_CODES,
    REGIONS,
    csv_columns,
    grades_of_judgement,
)


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


def _label_column(key: str, prefix: str = "") -> Column:
    """The grade of `{prefix}{key}` in words, beside its code."""
    judgement = JUDGEMENTS[key]
    labels = tuple(GRADE_LABELS[grade] for grade in grades_of_judgement(key))
    return Column(f"{prefix}{key}_label", "string",
                  f"The {prefix.replace('_', ' ')}grade for \"{judgement.full_name}\" in words "
                  f"(as {prefix}{key}).", enum=labels)


def _label_columns(prefix: str = "") -> tuple[Column, ...]:
    return tuple(_label_column(key, prefix) for key in JUDGEMENT_ORDER)


REGION_NAME = Column("region_name", "string", "The council's English region in words.",
                     enum=tuple(REGIONS.values()), required=True)


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
    """The record's columns in the order schema.csv_columns() gives, with the
    region's name after `region` and every grade in words after the last grade."""
    known = _record_columns() | _EXTRA_INSPECTION_COLUMNS
    out: list[Column] = []
    for name in csv_columns():
        out.append(known[name])
        if name == "region":
            out.append(REGION_NAME)
        if name == JUDGEMENT_ORDER[-1]:
            out.extend(_label_columns())
    return tuple(out)


#: inspections.csv / .json: one row per record.
INSPECTION_COLUMNS: tuple[Column, ...] = _inspection_columns()

MOVEMENTS: tuple[str, ...] = tuple(MOVEMENT_LABELS)

#: latest.csv / .json: one row per current council.
LATEST_COLUMNS: tuple[Column, ...] = (
    Column("council", "string", "The council's slug (its key in councils.csv).", required=True),
    Column("council_name", "string", "The council's usual name.", required=True),
    Column("region", "string", "The council's English region (slug).", enum=tuple(REGIONS), required=True),
    REGION_NAME,
    Column("region_ons_code", "string", "The Office for National Statistics code of the region (E12000001 to "
           "E12000009).", enum=tuple(REGION_ONS_CODES.values()), required=True),
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
    *_label_columns(),
    Column("grades_pending", "boolean", "true when some grades of that inspection are not recorded yet."),
    Column("report_url", "string", "Link to Ofsted's report."),
    Column("previous_inspection_id", "string",
           "The full inspection before it that had an overall effectiveness grade (its id in inspections.csv)."),
    Column("previous_published", "date", "The day that previous report was published."),
    _judgement_column("overall_effectiveness", prefix="previous_"),
    _label_column("overall_effectiveness", prefix="previous_"),
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

#: The judgements neighbours are compared on: those of the frameworks since
#: ILACS began in 2018 (today's grade scale), in schema order. Inspections
#: of 2018 to 2022 judged children in care and care leavers together.
NEIGHBOUR_JUDGEMENTS: tuple[str, ...] = tuple(
    key for key in JUDGEMENT_ORDER
    if any(key in fw.judgements for fw in list(FRAMEWORKS.values())[list(FRAMEWORKS).index("ilacs-2018"):]))


def _neighbour_grade_columns(prefix: str, whose: str) -> tuple[Column, ...]:
    out: list[Column] = []
    for key in NEIGHBOUR_JUDGEMENTS:
        code = _judgement_column(key, prefix)
        label = _label_column(key, prefix)
        grade = f"{whose} latest grade for \"{JUDGEMENTS[key].full_name}\""
        out.append(Column(code.name, code.type, grade + ".", enum=code.enum))
        out.append(Column(label.name, label.type, grade + ", in words.", enum=label.enum))
    return tuple(out)


#: neighbours.csv / .json: one row per current council and statistical neighbour.
NEIGHBOUR_COLUMNS: tuple[Column, ...] = (
    Column("council", "string", "The council's slug (its key in councils.csv).", required=True),
    Column("council_name", "string", "The council's usual name.", required=True),
    Column("rank", "integer", "The neighbour's rank: 1 is the most similar council.", required=True),
    Column("neighbour", "string", "The neighbour's slug.", required=True),
    Column("neighbour_name", "string", "The neighbour's usual name.", required=True),
    Column("neighbour_inspection_id", "string",
           "The neighbour's latest full inspection with grades recorded (its id in inspections.csv); "
           "empty if it has none on record."),
    Column("neighbour_published", "date", "The day Ofsted published that inspection's report."),
    *_neighbour_grade_columns("", "The neighbour's"),
    *_neighbour_grade_columns("council_", "The council's own"),
)

TABLES: dict[str, tuple[Column, ...]] = {
    "inspections": INSPECTION_COLUMNS,
    "latest": LATEST_COLUMNS,
    "councils": COUNCIL_COLUMNS,
    "neighbours": NEIGHBOUR_COLUMNS,
}

#: What each table is, for the data package, the workbook and the Data page.
TABLE_INFO: dict[str, dict] = {
    "inspections": {
        "csv": INSPECTIONS_CSV,
        "title": "Every inspection and visit",
        "description": "One row per record: every inspection and visit of every children's services authority "
                       "on record, current and former, with one column per judgement. Sorted by council slug, "
                       "then by publication date (oldest first).",
        "primary_key": ["id"],
        "council_keys": ("council",),
    },
    "latest": {
        "csv": LATEST_CSV,
        "title": "Latest grades of each current council",
        "description": "One row per current children's services authority: its latest full inspection "
                       "with grades recorded, the previous overall effectiveness grade and the movement "
                       "between them, and its newest record of any kind. Sorted by council slug.",
        "primary_key": ["council"],
        "council_keys": ("council",),
    },
    "councils": {
        "csv": COUNCILS_CSV,
        "title": "Children's services authorities",
        "description": "The council registry: current and former authorities with their codes, region, type, "
                       "predecessors, successors, statistical neighbours and map centre. Sorted by slug.",
        "primary_key": ["slug"],
        "council_keys": (),
    },
    "neighbours": {
        "csv": NEIGHBOURS_CSV,
        "title": "Statistical neighbours' latest grades",
        "description": "One row per current council and each of its ten statistical neighbours (the DfE's "
                       "most similar authorities), by rank: the neighbour's latest grades beside the "
                       "council's own, as codes and in words. Sorted by council slug, then rank.",
        "primary_key": ["council", "rank"],
        "council_keys": ("council", "neighbour"),
    },
}
