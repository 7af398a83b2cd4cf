"""Views of the schema for people and editors: JSON Schema and field reference.

Both come from the tables in schema.py, so they cannot drift from the validator.
`python scripts/gen_schema.py` writes records/record.schema.json; the docs'
field reference is generated at build time and into CONTRIBUTING.md.
"""

from __future__ import annotations

import json

from . import dates
from .schema import (
    FRAMEWORKS,
    GRADE_LABELS,
    INSPECTION_TYPES,
    JUDGEMENTS,
    KINDS,
    RECORD_FIELDS,
    REPORT_HOSTS,
)

_DATE = {"type": "string", "format": "date", "pattern": r"^\d{4}-\d{2}-\d{2}$"}


def _property(field, council_slugs: list[str] | None) -> dict:
    if field.type == "date":
        return dict(_DATE)
    if field.type == "boolean":
        return {"type": "boolean"}
    if field.type == "sha256":
        return {"type": "string", "pattern": "^[0-9a-f]{64}$"}
    if field.type == "string":
        return {"type": "string", "minLength": 1, "maxLength": 300}
    if field.type == "url":
        hosts = "|".join(h.replace(".", r"\.") for h in REPORT_HOSTS)
        return {"type": "string", "pattern": rf"^https://([a-z0-9-]+\.)*({hosts})/"}
    if field.type == "sources":
        return {
            "type": "array",
            "maxItems": 20,
            "items": {
                "type": "object",
                "additionalProperties": False,
                "required": ["title", "url"],
                "properties": {
                    "title": {"type": "string", "minLength": 1, "maxLength": 300},
                    "url": {"type": "string", "pattern": "^https?://"},
                },
            },
        }
    if field.type == "judgements":
        return {
            "type": "object",
            "propertyNames": {"enum": list(JUDGEMENTS)},
            "additionalProperties": {"enum": list(GRADE_LABELS)},
        }
    if field.name == "council" and council_slugs:
        return {"enum": council_slugs}
    if field.type == "enum" and field.allowed:
        return {"enum": list(field.allowed)}
    return {"type": "string"}


def json_schema(council_slugs: list[str] | None = None) -> dict:
    """JSON Schema (2020-12) for a record's front matter."""
    properties = {}
    for field in RECORD_FIELDS:
        prop = _property(field, council_slugs)
        prop["description"] = field.description
        properties[field.name] = prop
    # Which judgements each framework allows, and that visits have none.
    conditions = [
        {
            "if": {"properties": {"framework": {"const": key}}, "required": ["framework"]},
            "then": {"properties": {"judgements": {
                "propertyNames": {"enum": list(fw.judgements)},
                "properties": {j: {"enum": list(fw.grades_for(j))} for j in fw.judgements},
            }}},
        }
        for key, fw in FRAMEWORKS.items()
    ]
    conditions.append({
        "if": {"properties": {"kind": {"enum": [k for k, v in KINDS.items() if not v.graded]}},
               "required": ["kind"]},
        "then": {"properties": {"judgements": {"maxProperties": 0}}},
    })
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://github.com/ofsted-childrens-services-record/record.schema.json",
        "title": "Inspection record (front matter)",
        "description": "One Ofsted inspection or visit of a children's services authority. "
                       "Generated from hooks/inspections/schema.py; do not edit by hand.",
        "type": "object",
        "additionalProperties": False,
        "required": [f.name for f in RECORD_FIELDS if f.required],
        "properties": properties,
        "allOf": conditions,
    }


def json_schema_text(council_slugs: list[str] | None = None) -> str:
    return json.dumps(json_schema(council_slugs), indent=2, ensure_ascii=False) + "\n"


def field_reference_markdown(heading_level: int = 2) -> str:
    """The field reference as Markdown tables (used in the docs and CONTRIBUTING.md)."""
    h = "#" * heading_level
    out = [f"{h} Fields", "", "| Field | Required | What it holds | Allowed values | Example |",
           "| --- | --- | --- | --- | --- |"]
    for field in RECORD_FIELDS:
        allowed = ", ".join(f"`{a}`" for a in field.allowed) if field.type == "enum" else {
            "date": "a date, `YYYY-MM-DD`",
            "boolean": "`true` or `false`",
            "url": "an `https://` link on " + ", ".join(REPORT_HOSTS),
            "string": "one line of text",
            "sources": "a list of `title:` and `url:` pairs",
            "judgements": "see the tables below",
            "sha256": "64 lower-case hexadecimal digits",
        }.get(field.type, "")
        if field.name == "council":
            allowed = "a slug from `records/councils.yml`"
        example = f"`{field.example}`" if field.example else ""
        out.append(f"| `{field.name}` | {'yes' if field.required else 'no'} | {field.description} | {allowed} | {example} |")
    out += ["", f"{h} Kinds of inspection and visit", "", "| Kind | Graded | What it is |", "| --- | --- | --- |"]
    for kind in KINDS.values():
        out.append(f"| `{kind.key}` | {'yes' if kind.graded else 'no'} | {kind.description} |")
    out += ["", f"{h} Frameworks and their judgements", "",
            "The framework follows the first day inspectors were on site. Each framework allows only its own judgements.",
            "", "| Framework | Inspections starting | Judgements allowed |", "| --- | --- | --- |"]
    for fw in FRAMEWORKS.values():
        span = dates.span(fw.starts, fw.ends)
        judgements = ", ".join(f"`{j}`" for j in fw.judgements)
        out.append(f"| `{fw.key}`: {fw.name} | {span} | {judgements} |")
    out += ["", f"{h} Judgements", "", "| Key | Ofsted's wording |", "| --- | --- |"]
    for judgement in JUDGEMENTS.values():
        out.append(f"| `{judgement.key}` | {judgement.full_name} |")
    out += ["", f"{h} Grades", "", "| Value | Shown as | Used by |", "| --- | --- | --- |"]
    for grade, label in GRADE_LABELS.items():
        users = [fw.key for fw in FRAMEWORKS.values() if grade in fw.grades
                 or any(grade in fw.grades_for(j) for j in fw.judgements)]
        out.append(f"| `{grade}` | {label} | {', '.join(f'`{u}`' for u in users)} |")
    out += ["", f"{h} Inspection types (ILACS full inspections only)", "", "| Value | Meaning |", "| --- | --- |"]
    for key, text in INSPECTION_TYPES.items():
        out.append(f"| `{key}` | {text} |")
    return "\n".join(out) + "\n"
