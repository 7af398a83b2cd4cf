"""Property tests: whatever a pull request puts in a record file, the loader and
validator answer with problems, never a traceback, and every problem is one
line `path:line: ...` with a positive line number."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from inspections.dataset import load_councils
from inspections.load import RawRecord, parse_record
from inspections.model import Problem
from inspections.schema import FIELDS_BY_NAME, GRADES, JUDGEMENTS
from inspections.validate import check_record

ROOT = Path(__file__).resolve().parent.parent
COUNCILS = load_councils(ROOT / "records" / "councils.yml")
REL = "records/leicestershire/2024-07-12-full-inspection.md"
TODAY = dt.date(2026, 7, 1)
LINE = re.compile(r"^records/leicestershire/2024-07-12-full-inspection\.md:([1-9]\d*): \S")

FUZZ = settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow])

GOOD = {
    "council": "leicestershire", "kind": "full-inspection", "framework": "ilacs-2023",
    "inspection_type": "standard", "inspection_start": dt.date(2024, 4, 22),
    "inspection_end": dt.date(2024, 5, 3), "published": dt.date(2024, 7, 12),
    "lead_inspector": "Ceri Evans",
    "judgements": {"overall_effectiveness": "outstanding", "impact_of_leaders": "outstanding",
                   "help_and_protection": "good", "children_in_care": "outstanding", "care_leavers": "outstanding"},
    "report_url": "https://files.ofsted.gov.uk/v1/file/50252253",
}


def assert_answers_cleanly(raw_or_problems) -> list[Problem]:
    """Run the validator if the file parsed; check every problem's shape."""
    if isinstance(raw_or_problems, RawRecord):
        inspection, problems = check_record(raw_or_problems, COUNCILS, TODAY)
        assert (inspection is None) == bool(problems), problems
    else:
        problems = raw_or_problems
        assert problems, "a file that does not parse must say why"
    for problem in problems:
        assert isinstance(problem, Problem)
        text = str(problem)
        assert problem.line >= 1, text
        assert LINE.match(text), text
        assert len(text.splitlines()) == 1, f"one line per problem: {text!r}"
        assert "Traceback" not in text and "could not be checked" not in text, text
    return problems


# --- raw bytes and YAML-ish text ------------------------------------------------------------

@FUZZ
@given(st.binary(max_size=3000))
def test_arbitrary_bytes(raw):
    assert_answers_cleanly(parse_record(raw, REL))


@FUZZ
@given(st.binary(max_size=2000))
def test_arbitrary_bytes_inside_front_matter(raw):
    assert_answers_cleanly(parse_record(b"---\n" + raw + b"\n---\nbody\n", REL))


YAML_PIECES = [
    "---", "\n", " ", "  ", "\t", "- ", ":", ": ", "'", '"', "[", "]", "{", "}", ",", "&a ", "*a", "!!str ",
    "!!binary ", "!!python/object:os.system ", "#", "|", ">", "?", "%YAML 1.1", "...", "~", "null", "yes",
    "2024-07-12", "2024-13-45", "2024-07-12 10:30:00", "12/07/2024", "1e999", "0x1F", ".inf", "<<: *a",
    "council: ", "kind: ", "framework: ", "published: ", "inspection_start: ", "inspection_end: ",
    "inspection_type: ", "lead_inspector: ", "grades_pending: ", "report_url: ", "sources:", "judgements:",
    "  care_leavers: ", "  overall_effectiveness: ", "  - title: ", "    url: ", "leicestershire", "ilacs-2023",
    "full-inspection", "focused-visit", "outstanding", "excelent", "https://files.ofsted.gov.uk/v1/file/1",
    "javascript:alert(1)", "\u202e", "\u2028", "\x85", "\ufeff", "é", "\\", "\\u0000",
]


@FUZZ
@given(st.lists(st.sampled_from(YAML_PIECES), max_size=80), st.booleans())
def test_yaml_ish_text(pieces, framed):
    text = "".join(pieces)
    if framed:
        text = f"---\n{text}\n---\n"
    assert_answers_cleanly(parse_record(text.encode("utf-8"), REL))


@FUZZ
@given(st.text(max_size=1500))
def test_arbitrary_unicode_front_matter(text):
    assert_answers_cleanly(parse_record(f"---\n{text}\n---\n".encode("utf-8", "surrogatepass"), REL))


# --- arbitrary front matter values -----------------------------------------------------------

SCALARS = (
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text(max_size=40)
    | st.dates() | st.datetimes() | st.sampled_from(GRADES + tuple(JUDGEMENTS) + tuple(FIELDS_BY_NAME))
)
KEYS = st.sampled_from(tuple(FIELDS_BY_NAME) + tuple(JUDGEMENTS) + ("title", "url")) | st.text(max_size=20)
VALUES = st.recursive(
    SCALARS,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(KEYS | st.integers(), children, max_size=4),
    max_leaves=12,
)


@FUZZ
@given(st.dictionaries(KEYS, VALUES, max_size=8))
def test_arbitrary_front_matter_dicts_through_yaml(data):
    try:
        front = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    except yaml.YAMLError:
        return
    assert_answers_cleanly(parse_record(f"---\n{front}---\nbody\n".encode("utf-8", "surrogatepass"), REL))


@FUZZ
@given(st.dictionaries(KEYS | st.integers() | st.none() | st.dates() | st.booleans(), VALUES, max_size=8),
       st.text(max_size=200))
def test_arbitrary_front_matter_dicts_direct(data, body):
    # Straight to the validator, including keys and values YAML would not produce.
    assert_answers_cleanly(RawRecord(REL, data, body, {}))


@FUZZ
@given(st.dictionaries(st.sampled_from(tuple(GOOD)), VALUES, min_size=1, max_size=3))
def test_a_good_record_with_some_fields_replaced(changes):
    # Mostly valid records reach the deeper rules (framework vs dates, file path...).
    data = {**GOOD, **changes}
    front = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    problems = assert_answers_cleanly(parse_record(f"---\n{front}---\n".encode("utf-8", "surrogatepass"), REL))
    for problem in problems:
        if problem.field:
            assert problem.field.split(".")[0].split("[")[0] in set(FIELDS_BY_NAME) | {"body"} | set(map(str, changes))


@FUZZ
@given(st.dictionaries(st.sampled_from(tuple(JUDGEMENTS) + ("excelent",)), VALUES, max_size=6),
       st.sampled_from(("sif", "ilacs-2018", "ilacs-2023", "ilacs-2026", "pre-sif", "nope")))
def test_arbitrary_judgements(judgements, framework):
    data = {**GOOD, "framework": framework, "judgements": judgements}
    front = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    assert_answers_cleanly(parse_record(f"---\n{front}---\n".encode(), REL))


def test_the_good_record_is_good():
    front = yaml.safe_dump(GOOD, sort_keys=False)
    assert assert_answers_cleanly(parse_record(f"---\n{front}---\n".encode(), REL)) == []
