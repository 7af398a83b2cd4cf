"""Describe the published tables for machines: a Frictionless Data Package
for the CSV files and a JSON Schema for each JSON file.

Both are generated from the Column lists in `columns.py` (which come from
`schema.py`), so field names, types and allowed values match the files and
the Data page by construction.
"""

from __future__ import annotations

import datetime as dt
import hashlib

from .. import dates
from ..build import Build
from ..columns import TABLE_INFO, TABLES, Column
from ..encode import dump_json
from ..licence import LICENCE_TEXT, NAME, OGL, PROJECT_LICENCE, SOURCES, TITLE
from ..paths import DATAPACKAGE, TABLE_FILES, SitePaths
from ..paths import table_schema as schema_path
from .generator import Download, Listing


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
    # Every column that holds a council's slug refers to the registry.
    if info["council_keys"]:
        schema["foreignKeys"] = [
            {"fields": [key], "reference": {"resource": "councils", "fields": ["slug"]}} for key in info["council_keys"]
        ]
    return schema


def descriptor(csv_files: dict[str, bytes], as_of: dt.date, paths: SitePaths) -> dict:
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
        "created": dates.timestamp(as_of),
        "version": as_of.isoformat(),
        "licenses": [dict(OGL), dict(PROJECT_LICENCE)],
        "sources": [dict(source) for source in SOURCES],
        "keywords": ["Ofsted", "ILACS", "children's services", "local authorities", "inspections", "England"],
        "resources": resources,
    }
    if paths.site_url:
        package["homepage"] = paths.absolute("data/")
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


def row_json_schema(table: str, columns: tuple[Column, ...], paths: SitePaths) -> dict:
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
    if paths.site_url:
        schema = {"$id": paths.absolute(schema_path(table))} | schema
    return schema


def build(b: Build) -> dict[str, str]:
    """`datapackage.json` and a JSON Schema per table."""
    csv_files = {TABLE_FILES[name][0]: text.encode("utf-8") for name, text in b.csv.items()}
    files = {DATAPACKAGE: dump_json(descriptor(csv_files, b.as_of, b.paths))}
    for table, columns in TABLES.items():
        files[schema_path(table)] = dump_json(row_json_schema(table, columns, b.paths))
    return files


def listing(b: Build) -> list[Listing]:
    return [Listing(DATAPACKAGE, "datapackage.json", "Frictionless Data Package",
                    "Describes the CSV files: columns, types, allowed values, keys, licences.")]


OUTPUT = Download("Data package", "Frictionless Data Package", build, listing)
