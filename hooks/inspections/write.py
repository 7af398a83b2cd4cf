"""Write records and the registry back to disk in one stable, readable format,
and keep generated files (the JSON Schema, the contributor docs, the hex map
layout, the registry) in step with the code that makes them.

Used by the importer and the scaffold, so every machine-written file looks the
same as one a contributor would write by hand.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path

import yaml

from .schema import FRAMEWORKS, JUDGEMENT_ORDER, RECORD_FIELDS

SCHEMA_COMMENT = "# yaml-language-server: $schema=../record.schema.json"


def _scalar(value) -> str:
    """One YAML scalar: dates and booleans bare, text quoted only when needed."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (dt.date, int, float)):
        return str(value)
    text = str(value)
    dumped = yaml.safe_dump(text, default_flow_style=True, allow_unicode=True, width=10_000).strip()
    return dumped.removesuffix("\n...").removesuffix("...").strip()


def dump_record(fields: dict, body: str = "") -> str:
    """The text of a record file: front matter in schema order, then the body."""
    lines = ["---", SCHEMA_COMMENT]
    for field in RECORD_FIELDS:
        value = fields.get(field.name)
        if value is None or value == {} or value == [] or value is False:
            continue
        if field.name == "judgements":
            lines.append("judgements:")
            framework = FRAMEWORKS.get(fields.get("framework"))
            order = framework.judgements if framework else JUDGEMENT_ORDER
            for key in list(order) + [k for k in value if k not in order]:
                if key in value:
                    lines.append(f"  {key}: {value[key]}")
        elif field.name == "sources":
            lines.append("sources:")
            for source in value:
                lines.append(f"  - title: {_scalar(source['title'])}")
                lines.append(f"    url: {_scalar(source['url'])}")
        else:
            lines.append(f"{field.name}: {_scalar(value)}")
    lines.append("---")
    text = "\n".join(lines) + "\n"
    body = body.strip("\n")
    return text + ("\n" + body + "\n" if body else "")


def dump_registry(entries: list[dict]) -> str:
    out = [
        "# The children's services authorities of England, current and former.",
        "# Built by scripts/build_registry.py from reference data; edit by hand only to fix",
        "# a fact, and say where it comes from in the pull request.",
        "councils:",
    ]
    for entry in entries:
        out.append(f"  - slug: {entry['slug']}")
        for key, value in entry.items():
            if key == "slug" or value is None or value == []:
                continue
            if isinstance(value, list):
                out.append(f"    {key}: {json.dumps(value, ensure_ascii=False)}")
            elif isinstance(value, dict):
                out.append(f"    {key}: {{" + ", ".join(f"{k}: {v}" for k, v in value.items()) + "}")
            else:
                out.append(f"    {key}: {_scalar(value)}")
    return "\n".join(out) + "\n"


# --- Generated files ----------------------------------------------------------------


@dataclass(frozen=True)
class Generated:
    """What `write_or_check` did with one generated file."""

    path: Path
    status: str  # "written", "up to date", "stale" or "missing"
    message: str  # one line for the person who ran the script

    @property
    def ok(self) -> bool:
        return self.status in ("written", "up to date")


def _first_difference(current: str, wanted: str) -> int:
    """The first line (from 1) where two texts differ."""
    old, new = current.split("\n"), wanted.split("\n")
    pairs = enumerate(zip(old, new, strict=False), start=1)
    return next((n for n, (a, b) in pairs if a != b), min(len(old), len(new)) + 1)


def write_or_check(path: Path, text: str, *, check: bool, command: str, shown: str | None = None) -> Generated:
    """Write a generated file, or with `check` only say whether the file on disk is `text`.

    A file that is already right is left alone (its time stamp too). `command` is
    what regenerates the file, named in the message when it is stale or missing;
    `shown` is how the path is printed (default: as given)."""
    path = Path(path)
    shown = shown or str(path)
    try:
        current = path.read_text(encoding="utf-8") if path.exists() else None
    except (OSError, UnicodeDecodeError):
        current = ""  # unreadable counts as stale: rewriting it is the fix
    if current == text:
        return Generated(path, "up to date", f"{shown} is up to date")
    if check and current is None:
        return Generated(path, "missing", f"{shown} is missing: run {command} to write it, and commit it")
    if check:
        return Generated(path, "stale", f"{shown} is out of date (it differs from what the code makes from "
                                        f"line {_first_difference(current, text)}): run {command} and commit the result")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8", newline="\n")
    return Generated(path, "written", f"wrote {shown}")
