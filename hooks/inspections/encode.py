"""CSV and JSON encoding of the published rows and documents.

Nothing here reads the clock or depends on dict order beyond the rows'
own, so the same rows always give the same bytes.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

from .columns import Column
from .sanitize import csv_cell


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
