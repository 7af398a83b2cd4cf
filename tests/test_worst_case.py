"""The worst cases we know of, timed: a record or registry as large as the
limits allow, shaped to make a parser or the sanitiser slow.

Each must be answered (refused with a message, or rendered) well within the
bound below, generous so that a slow or busy machine does not fail it: before
the bounds were added, some took minutes (nested quotes in the sanitiser) or
crashed (nested brackets in libyaml).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import time
from pathlib import Path

import pytest
from inspections.build import make_build
from inspections.dataset import Dataset, load_councils
from inspections.load import parse_record
from inspections.model import RecordsInvalid
from inspections.outputs import councils
from inspections.registry import MAX_REGISTRY_BYTES, load_registry
from inspections.sanitize import MAX_BODY_CHARS, markdown_to_html, markdown_to_text
from inspections.schema import MAX_FILE_BYTES
from inspections.validate import check_record

ROOT = Path(__file__).resolve().parent.parent
COUNCILS = load_councils(ROOT / "records" / "councils.yml")
REL = "records/leeds/2024-03-15-focused-visit.md"
FRONT = "---\ncouncil: leeds\nkind: focused-visit\nframework: ilacs-2023\npublished: 2024-03-15\n---\n"
# The largest body the validator accepts: the worst a build can be given.
ROOM = MAX_BODY_CHARS - 8
BOUND = 30.0  # seconds for one case; each takes well under 2 s here


def fill(piece: str, *, closing: str = "") -> str:
    """`piece` repeated to fill a record's body (with `closing` after)."""
    return piece * ((ROOM - len(closing)) // len(piece)) + closing


BODIES = {
    "block quotes": fill(">"),
    "spaced block quotes": fill("> "),
    "quotes and lists": fill("> - "),
    "ordered lists": fill("1. "),
    "indented lists": "".join("  " * i + "- x\n" for i in range(360)),
    "emphasis": fill("*", closing="x" + "*" * 1000),
    "links in links": fill("[a"),
    "images": fill("!["),
    "raw HTML elements": fill("<div>"),
    "angle brackets": fill("<"),
    "wide table": "|" + "a|" * (ROOM // 4 - 2) + "\n|" + "-|" * (ROOM // 4 - 2) + "\n",
    "long table": "|a|b|\n|-|-|\n" + "|x|y|\n" * ((ROOM - 12) // 6),
    "reference links": fill("[x][r]", closing="\n\n[r]: https://a.example/"),
    "code fences": fill("```\n"),
    "backticks": fill("`"),
    "entities": fill("&#1;"),
}


def _page_markdown(raw_text: str) -> str | None:
    """Validate a record and, if valid, render its council's page as the build would."""
    raw = parse_record(raw_text.encode("utf-8"), REL)
    if isinstance(raw, list):
        return None
    inspection, problems = check_record(raw, COUNCILS, dt.date(2026, 1, 1))
    if inspection is None:
        return None
    markdown_to_text(inspection.body)
    dataset = Dataset({"leeds": COUNCILS["leeds"]}, (inspection,))
    return councils.council(make_build(dataset, dt.date(2026, 1, 1)), "leeds")


@pytest.mark.parametrize("body", BODIES.values(), ids=BODIES.keys())
def test_a_pathological_body_is_answered_quickly(body):
    assert len((FRONT + body).encode()) <= MAX_FILE_BYTES
    started = time.perf_counter()
    page = _page_markdown(FRONT + body)
    if page is not None:  # accepted: MkDocs turns the page into HTML too
        from test_fuzz_render import _to_html

        _to_html(page)
    markdown_to_html(body)  # the sanitiser's backstop, even for a body the validator refused
    assert time.perf_counter() - started < BOUND


def _problems(body: str) -> list[str]:
    raw = parse_record((FRONT + body).encode(), REL)
    return [str(p) for p in check_record(raw, COUNCILS, dt.date(2026, 1, 1))[1]]


def test_nested_quotes_are_refused_with_a_message():
    assert _problems(BODIES["block quotes"]) == [
        f"{REL}:7: body: nests quotes, lists, emphasis or links more than 16 levels deep; write them flatter"]


def test_a_body_of_many_parts_is_refused_with_a_message():
    assert _problems(BODIES["long table"]) == [
        f"{REL}:7: body: makes more than 5,000 paragraphs, list items, table cells or other parts; "
        "shorten it and link to the report for the detail"]


@pytest.mark.parametrize("body", [">" * (MAX_FILE_BYTES - 200), "<" * (MAX_FILE_BYTES - 200)], ids=["quotes", "angles"])
def test_a_long_body_is_refused_before_it_is_rendered(body):
    started = time.perf_counter()
    # (the body read from a file ends with a line break: one character more)
    assert _problems(body) == [
        f"{REL}:7: body: is {len(body) + 1:,} characters long; at most 20,000 allowed: summarise it, and link to the "
        "report for the detail"]
    assert time.perf_counter() - started < 1.0


FRONT_MATTERS = {
    "nested brackets": "x: " + "[" * (ROOM - 8),
    "nested block lists": "x: " + "- " * ((ROOM - 8) // 2),
    "nested mappings": "x:\n" + "".join(" " * i + "y:\n" for i in range(1, 700)),
    "alias bomb": "a0: &a0 [x, x, x, x, x, x, x, x, x]\n"
                  + "".join(f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]\n" for i in range(1, 12))
                  + "lead_inspector: *a11\n",
    "many keys": "".join(f"k{i}: {i}\n" for i in range(ROOM // 14)),
    "long flow mapping": "x: {" + ", ".join(f"k{i}: {i}" for i in range(ROOM // 14)) + "}\n",
    "huge number": "lead_inspector: " + "9" * (ROOM - 30) + "\n",
}


@pytest.mark.parametrize("front", FRONT_MATTERS.values(), ids=FRONT_MATTERS.keys())
def test_pathological_front_matter_is_answered_quickly(front):
    text = f"---\n{front}\n---\n"
    assert len(text.encode()) <= MAX_FILE_BYTES + 16
    started = time.perf_counter()
    raw = parse_record(text.encode(), REL)
    if not isinstance(raw, list):
        _, problems = check_record(raw, COUNCILS, dt.date(2026, 1, 1))
        assert problems
    assert time.perf_counter() - started < BOUND


REGISTRY_ROOM = MAX_REGISTRY_BYTES - 100
REGISTRIES = {
    "nested brackets": "councils:\n  - slug: x\n    also_known_as: " + "[" * REGISTRY_ROOM,
    "many entries": "councils:\n" + "".join(
        f"  - {{slug: c{i}, name: C, ofsted_urn: {i + 1}, la_number: 1, ons_code: E0{i:07d}}}\n"
        for i in range(REGISTRY_ROOM // 80)),
    "long names": "councils:\n" + "".join(f"  - name: {'n' * 1000}\n" for _ in range(REGISTRY_ROOM // 1010)),
}


@pytest.mark.parametrize("text", REGISTRIES.values(), ids=REGISTRIES.keys())
def test_a_pathological_registry_is_answered_quickly(tmp_path, text):
    path = tmp_path / "councils.yml"
    path.write_text(text, encoding="utf-8")
    started = time.perf_counter()
    with pytest.raises(RecordsInvalid):
        load_registry(path)
    assert time.perf_counter() - started < BOUND


def test_the_sanitiser_backstop_shows_a_deep_body_as_text():
    html = markdown_to_html("> " * 50 + "deep <b>text</b>")
    assert html.startswith("<p>&gt; &gt;") and "&lt;b&gt;" in html and "<blockquote>" not in html
    assert dataclasses.is_dataclass(COUNCILS["leeds"])
