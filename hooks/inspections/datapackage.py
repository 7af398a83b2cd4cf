"""Describe the published tables for machines: a Frictionless Data Package
for the CSV files and a JSON Schema for each JSON file.

Both are generated from the Column lists in `exports.py` (which come from
`schema.py`), so field names, types and allowed values match the files and
the Data page by construction.
"""

from __future__ import annotations

import datetime as dt
import hashlib

from .exports import (
    COUNCILS_CSV,
    INSPECTIONS_CSV,
    LATEST_CSV,
    LICENCE_TEXT,
    OGL,
    PROJECT_LICENCE,
    SOURCES,
    TABLES,
    Column,
    absolute,
    schema_path,
)

NAME = "ofsted-childrens-services-inspections"
TITLE = "Ofsted inspections of local authority children's services in England"

#: What each table is, for the data package, the workbook and the Data page.
TABLE_INFO: dict[str, dict] = {
    "inspections": {
        "csv": INSPECTIONS_CSV,
        "title": "Every inspection and visit",
        "description": "One row per record: every inspection and visit of every children's services authority "
                       "on record, current and former, with one column per judgement. Sorted by council slug, "
                       "then by publication date (oldest first).",
        "primary_key": ["id"],
        "council_key": "council",
    },
    "latest": {
        "csv": LATEST_CSV,
        "title": "Latest grades of each current council",
        "description": "One row per current children's services authority: its latest full inspection "
                       "with grades recorded, the previous overall effectiveness grade and the movement "
                       "between them, and its newest record of any kind. Sorted by council slug.",
        "primary_key": ["council"],
        "council_key": "council",
    },
    "councils": {
        "csv": COUNCILS_CSV,
        "title": "Children's services authorities",
        "description": "The council registry: current and former authorities with their codes, region, type, "
                       "predecessors, successors, statistical neighbours and map centre. Sorted by slug.",
        "primary_key": ["slug"],
        "council_key": None,
    },
}


def _field(column: Column) -> dict:
    field = {"name": column.name, "type": column.type, "description": column.description}
    if column.type == "date":
        field["format"] = "default"  # ISO 8601, YYYY-MM-DD
    if column.type == "boolean":
        field["trueValues"] = ["true"]
        field["falseValues"] = ["false"]
    constraints = {}
    if column.required:
        constraints["required"] = True
    if column.enum:
        constraints["enum"] = list(column.enum)
    if constraints:
        field["constraints"] = constraints
    return field


def table_schema(table: str) -> dict:
    """The Frictionless Table Schema of one CSV file."""
    info = TABLE_INFO[table]
    schema = {
        "fields": [_field(column) for column in TABLES[table]],
        "missingValues": [""],
        "primaryKey": info["primary_key"],
    }
    if info["council_key"]:
        schema["foreignKeys"] = [
            {"fields": [info["council_key"]], "reference": {"resource": "councils", "fields": ["slug"]}}
        ]
    return schema


def descriptor(csv_files: dict[str, bytes], as_of: dt.date, site_url: str | None = None) -> dict:
    """`datapackage.json`: a Tabular Data Package describing the CSV files.

    `csv_files` maps each CSV's path to its bytes, so the descriptor can give
    their size and SHA-256 hash (frictionless checks both).
    """
    resources = []
    for table, info in TABLE_INFO.items():
        data = csv_files[info["csv"]]
        resources.append({
            "name": table,
            "path": info["csv"],
            "profile": "tabular-data-resource",
            "title": info["title"],
            "description": info["description"],
            "format": "csv",
            "mediatype": "text/csv",
            "encoding": "utf-8",
            "bytes": len(data),
            "hash": "sha256:" + hashlib.sha256(data).hexdigest(),
            "dialect": {"delimiter": ",", "quoteChar": "\"", "lineTerminator": "\r\n", "header": True},
            "schema": table_schema(table),
        })
    package = {
        "profile": "tabular-data-package",
        "name": NAME,
        "title": TITLE,
        "description": (
            "Every published Ofsted inspection and visit of England's local authority children's services "
            "on record, the latest grades of each council, and the council registry. " + LICENCE_TEXT +
            " Text cells that start with =, +, -, @, a tab or a carriage return carry a leading apostrophe "
            "(') so spreadsheets do not run them as formulas; remove it to get the value as recorded."
        ),
        "created": f"{as_of.isoformat()}T00:00:00Z",
        "version": as_of.isoformat(),
        "licenses": [dict(OGL), dict(PROJECT_LICENCE)],
        "sources": [dict(source) for source in SOURCES],
        "keywords": ["Ofsted", "ILACS", "children's services", "local authorities", "inspections", "England"],
        "resources": resources,
    }
    if site_url:
        package["homepage"] = absolute("data/", site_url)
    return package


# --- JSON Schema for the JSON files -------------------------------------------------

_DATE = {"type": "string", "format": "date", "pattern": r"^\d{4}-\d{2}-\d{2}$"}
_LINKS = {
    "type": "object",
    "additionalProperties": False,
    "required": ["page", "feed", "api"],
    "properties": {name: {"type": "string"} for name in ("page", "feed", "api")},
}
_SOURCE = {
    "type": "object",
    "additionalProperties": False,
    "required": ["title", "url"],
    "properties": {"title": {"type": "string"}, "url": {"type": "string", "pattern": "^https?://"}},
}


def _json_property(column: Column, table: str) -> dict:
    if column.type == "date":
        prop = dict(_DATE)
    elif column.type == "array":
        items = _SOURCE if column.name == "sources" else {"type": "string"}
        prop = {"type": "array", "items": items}
    else:
        prop = {"type": {"integer": "integer", "number": "number", "boolean": "boolean"}.get(column.type, "string")}
    if column.enum:
        prop.pop("type")
        prop["enum"] = list(column.enum)
    # Arrays are always present (possibly empty) in JSON; other optional values may be null.
    if not column.required and column.type != "array":
        if "enum" in prop:
            prop["enum"].append(None)
        else:
            prop = {"anyOf": [prop, {"type": "null"}]}
    prop["description"] = column.description
    return prop


def row_json_schema(table: str, columns: tuple[Column, ...], site_url: str | None = None) -> dict:
    """JSON Schema (2020-12) for `data/<table>.json`: an array of flat rows."""
    properties = {column.name: _json_property(column, table) for column in columns}
    if table == "councils":
        properties["links"] = _LINKS
    item = {
        "type": "object",
        "additionalProperties": False,
        "required": list(properties),
        "properties": properties,
    }
    schema = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": TABLE_INFO[table]["title"],
        "description": TABLE_INFO[table]["description"],
        "type": "array",
        "items": item,
    }
    if site_url:
        schema = {"$id": absolute(schema_path(table), site_url)} | schema
    return schema
