"""The published tables as CSV and JSON files (`data/*.csv`, `data/*.json`)."""

from __future__ import annotations

from ..build import Build
from ..columns import TABLE_INFO
from ..encode import dump_json, json_value, to_json_rows
from ..paths import TABLE_FILES
from .api import links
from .generator import Download, Listing


def _rows_json(b: Build, table: str) -> str:
    return to_json_rows(b.tables[table])


def _registry_json(b: Build, table: str) -> str:
    """`data/councils.json`: the registry with links to each council's page, API and feed."""
    documents = []
    for row in b.tables[table]:
        document = {k: json_value(v) for k, v in row.items()}
        document["links"] = links(b, row["slug"])
        documents.append(document)
    return dump_json(documents)


#: How each table's JSON file is written, and what the Data page says of it.
_JSON = {
    "latest": (_rows_json, "The same rows as JSON."),
    "inspections": (_rows_json, "The same rows as JSON."),
    "councils": (_registry_json, "The same as JSON, with links to each council's page, feed and API document."),
    "neighbours": (_rows_json, "The same rows as JSON."),
}


def table_download(table: str) -> Download:
    csv_path, json_path = TABLE_FILES[table]
    write_json, json_description = _JSON[table]

    def build(b: Build) -> dict[str, str]:
        return {csv_path: b.csv[table], json_path: write_json(b, table)}

    def listing(b: Build) -> list[Listing]:
        rows = len(b.tables[table])
        return [
            Listing(csv_path, csv_path.rsplit("/", 1)[-1], "CSV", TABLE_INFO[table]["title"] + ".", rows),
            Listing(json_path, json_path.rsplit("/", 1)[-1], "JSON", json_description, rows),
        ]

    return Download(TABLE_INFO[table]["title"], "CSV and JSON", build, listing)


LATEST = table_download("latest")
INSPECTIONS = table_download("inspections")
COUNCILS = table_download("councils")
