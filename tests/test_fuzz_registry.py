"""Property tests for the council registry and links, as test_fuzz_records.py
does for records: whatever a pull request puts in records/councils.yml, the
answer is problems (one line each, `records/councils.yml:line: ...`), never a
traceback; and a name the registry accepts is shown as text everywhere."""

from __future__ import annotations

import re
from pathlib import Path

import ada_url
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from inspections.model import RecordsInvalid
from inspections.registry import COUNCIL_FIELDS_BY_NAME, load_registry, name_problem
from inspections.urls import url_problem

REL = "records/councils.yml"
LINE = re.compile(r"^records/councils\.yml:[1-9]\d*: \S")
FUZZ = settings(max_examples=150, deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])

GOOD = {"slug": "leeds", "name": "Leeds", "ofsted_urn": 80497, "la_number": 383, "ons_code": "E08000035",
        "region": "yorkshire-and-the-humber", "type": "metropolitan-district", "status": "current",
        "centroid": {"lat": 53.8, "lon": -1.5}}
HOSTILE_TEXT = st.sampled_from([
    "<script>alert(1)</script>", "[x](javascript:alert(1))", "{: onclick=alert(1) }", "a\nb", "\x1b[31m",
    "\u202e", "\u2028", "\x85", "index", "../x", "con", "E06\"><svg>", "9" * 5000, "", " ", "=1+1", "@here",
])
SCALARS = (st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text(max_size=30)
           | st.dates() | st.datetimes() | HOSTILE_TEXT)
VALUES = st.recursive(SCALARS, lambda children: st.lists(children, max_size=3)
                      | st.dictionaries(st.text(max_size=8), children, max_size=3), max_leaves=8)
KEYS = st.sampled_from(tuple(COUNCIL_FIELDS_BY_NAME) + ("slug", "name")) | st.text(max_size=12)


def answers_cleanly(tmp_path: Path, text: str | bytes) -> list[str]:
    path = tmp_path / "councils.yml"
    path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8", "surrogatepass"))
    try:
        load_registry(path, REL)
    except RecordsInvalid as invalid:
        lines = [str(p) for p in invalid.problems]
        assert lines
        for line in lines:
            assert LINE.match(line), line
            assert len(line.splitlines()) == 1, line
        return lines
    return []


@FUZZ
@given(st.lists(st.dictionaries(KEYS, VALUES, max_size=6), min_size=1, max_size=3))
def test_arbitrary_registry_entries(tmp_path, entries):
    try:
        text = yaml.safe_dump({"councils": entries}, allow_unicode=True, sort_keys=False)
    except yaml.YAMLError:
        return
    answers_cleanly(tmp_path, text)


@FUZZ
@given(st.dictionaries(st.sampled_from(tuple(GOOD)), VALUES | HOSTILE_TEXT, min_size=1, max_size=3))
def test_a_good_entry_with_some_values_replaced(tmp_path, changes):
    text = yaml.safe_dump({"councils": [{**GOOD, **changes}]}, allow_unicode=True, sort_keys=False)
    for line in answers_cleanly(tmp_path, text):
        field = line.split(": ")[1]
        assert field.startswith(("councils[", "councils")), line


@FUZZ
@given(st.binary(max_size=2000))
def test_arbitrary_bytes(tmp_path, raw):
    answers_cleanly(tmp_path, raw)


@FUZZ
@given(st.text(max_size=150))
def test_a_name_the_registry_accepts_is_one_plain_line(name):
    if name_problem(name) is None:
        assert name.strip() == name and "\n" not in name and len(name) <= 120
        assert not re.search("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]", name)


URL_PIECES = ["https://", "http://", "files.ofsted.gov.uk", "evil.example", "@", "\\", "/", ":", "%2e", "%40",
              ".", "0x7f", "[::1]", "#", "?", "\t", " ", "\u3002", "user:pw", "443", "javascript:", "//"]


@FUZZ
@given(st.lists(st.sampled_from(URL_PIECES) | st.text(max_size=4), max_size=10).map("".join))
def test_an_accepted_link_goes_where_it_says(url):
    """A link the validator accepts has the same host for urllib and for a browser."""
    from urllib.parse import urlsplit

    if url_problem(url) is not None:
        return
    assert ada_url.parse_url(url)["hostname"] == (urlsplit(url).hostname or "").lower()
    if url_problem(url, ("ofsted.gov.uk",)) is None:
        host = ada_url.parse_url(url)["hostname"]
        assert host == "ofsted.gov.uk" or host.endswith(".ofsted.gov.uk")
