"""The council registry is untrusted input too: each rule asserted as the exact
line a contributor sees, `records/councils.yml:line: field: message`.

The registry is the small one in tests/fixtures/records/councils.yml, edited
one fact at a time (line 4 is `- slug: leicester`, 5 its name, 6 its URN...).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from inspections.model import RecordsInvalid
from inspections.registry import load_registry

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = (ROOT / "tests" / "fixtures" / "records" / "councils.yml").read_text(encoding="utf-8")
REL = "records/councils.yml"
LEICESTER = "councils[leicester]"


def edit(text: str, old: str, new: str) -> str:
    assert text.count(old) == 1, f"{old!r} must occur once"
    return text.replace(old, new)


def edit_leicester(old: str, new: str) -> str:
    """FIXTURE with one change in its first entry, Leicester (lines 4 to 13)."""
    first, rest = FIXTURE.split("  - slug: leicestershire\n", 1)
    return edit(first, old, new) + "  - slug: leicestershire\n" + rest


def problems(tmp_path: Path, text: str | bytes) -> list[str]:
    path = tmp_path / "councils.yml"
    path.write_bytes(text.encode("utf-8") if isinstance(text, str) else text)
    try:
        load_registry(path, REL)
    except RecordsInvalid as exc:
        return [str(p) for p in exc.problems]
    return []


def test_the_fixture_and_the_real_registry_are_valid(tmp_path):
    assert problems(tmp_path, FIXTURE) == []
    councils = load_registry(ROOT / "records" / "councils.yml")
    assert len(councils) >= 156
    # a council made by a reorganisation began when its predecessors ended
    assert str(councils["cumberland"].started) == "2023-04-01"
    assert councils["leeds"].started is None


# --- names: plain text on one line --------------------------------------------------------

@pytest.mark.parametrize(("name", "message"), [
    ('"Leicester\\n\\n# Injected heading"',
     "contains a line break or control character; write the name on one line as plain text"),
    ('"Leicester\\u0007"', "contains a line break or control character; write the name on one line as plain text"),
    ('"Leicester\\x85"', "contains a line break or control character; write the name on one line as plain text"),
    ('"Leicester\\u2028x"', "contains a line break or control character; write the name on one line as plain text"),
    ('"Lei\\u202ecester"', "contains an invisible text-direction control character; remove it"),
    ('""', "is empty; write the council's name"),
    ('"   "', "is empty; write the council's name"),
    ('" Leicester"', "has spaces at its start or end, or two in a row; write single spaces between words"),
    ("x" * 121, "is 121 characters long; at most 120 allowed"),
    ("[Leicester, City]", "['Leicester', 'City'] is not text; write the council's usual name, one line of plain text"),
    ("42", "42 is not text; write the council's usual name, one line of plain text"),
])
def test_a_name_must_be_one_line_of_plain_text(tmp_path, name, message):
    assert problems(tmp_path, edit(FIXTURE, "name: Leicester\n", f"name: {name}\n")) == [
        f"{REL}:5: {LEICESTER}.name: {message}"]


def test_a_missing_name(tmp_path):
    assert problems(tmp_path, edit(FIXTURE, "    name: Leicester\n", "")) == [
        f"{REL}:4: {LEICESTER}.name: is missing; give the council's usual name, one line of plain text"]


def test_other_names_follow_the_same_rules(tmp_path):
    text = edit(FIXTURE, "    name: Leicester\n", '    name: Leicester\n    also_known_as: ["City", "a\\nb"]\n')
    assert problems(tmp_path, text) == [
        f"{REL}:6: {LEICESTER}.also_known_as: contains a line break or control character; "
        "write the name on one line as plain text"]


# --- slugs ----------------------------------------------------------------------------------

@pytest.mark.parametrize(("slug", "message"), [
    ("index", "'index' is reserved (it names a page or folder the site or Windows already uses); choose another slug"),
    ("con", "'con' is reserved (it names a page or folder the site or Windows already uses); choose another slug"),
    ("../escaped", "'../escaped' is not a slug; write the council's key in URLs and file names: lower-case letters, "
                   "digits and single hyphens, e.g. telford-and-wrekin, at most 60 characters"),
    ("Leicester", "'Leicester' is not a slug; write the council's key in URLs and file names: lower-case letters, "
                  "digits and single hyphens, e.g. telford-and-wrekin, at most 60 characters"),
    ("a" * 61, f"'{'a' * 56}... is not a slug; write the council's key in URLs and file names: lower-case letters, "
               "digits and single hyphens, e.g. telford-and-wrekin, at most 60 characters"),
])
def test_a_slug_is_a_safe_unreserved_name(tmp_path, slug, message):
    text = FIXTURE.replace('["leicester"]', "[]")  # leicestershire's link to it
    found = problems(tmp_path, edit(text, "- slug: leicester\n", f"- slug: {slug}\n"))
    assert found == [f"{REL}:4: councils[0].slug: {message}"]


def test_a_slug_listed_twice(tmp_path):
    text = edit(FIXTURE, "  - slug: leicestershire\n    name: Leicestershire\n",
                "  - slug: leicester\n    name: Leicestershire\n")
    assert f"{REL}:14: {LEICESTER}.slug: 'leicester' appears twice (first on line 4); keep one entry per council" \
        in problems(tmp_path, text)


# --- types, codes and dates -------------------------------------------------------------------

@pytest.mark.parametrize(("old", "new", "line", "field", "message"), [
    ("ofsted_urn: 80482", "ofsted_urn: " + "9" * 5000, 6, "ofsted_urn",
     f"'{'9' * 56}... is not Ofsted's unique reference number, a whole number"),
    ("ofsted_urn: 80482", "ofsted_urn: -3", 6, "ofsted_urn", "-3 is out of range; allowed: 1 to 99,999,999"),
    ("ofsted_urn: 80482", "ofsted_urn: true", 6, "ofsted_urn",
     "True is not Ofsted's unique reference number, a whole number"),
    ("la_number: 856", "la_number: 85.6", 7, "la_number",
     "85.6 is not the DfE's local authority number, a whole number"),
    ("ons_code: E06000016", "ons_code: E06\"><svg onload=alert(1)>", 8, "ons_code",
     "'E06\"><svg onload=alert(1)>' is not an ONS code; write the ONS code: E and eight digits, e.g. E06000016"),
    ("region: east-midlands", "region: East Midlands", 9, "region",
     "'East Midlands' is not allowed (did you mean 'east-midlands'?); allowed: north-east, north-west, "
     "yorkshire-and-the-humber, east-midlands, west-midlands, east-of-england, london, south-east, south-west"),
    ("status: current", "status: current\n    ended: 2023-02-30", 12, "ended",
     "'2023-02-30' is not a date; write it as YYYY-MM-DD, e.g. 2023-04-01"),
    ("status: current", "status: current\n    ended: 2024-01-01", 12, "ended",
     "a current council has not ended; remove `ended` or make the status former"),
    ("centroid: {lat: 52.6359, lon: -1.1304}", "centroid: {lat: .nan, lon: -1.1304}", 13, "centroid",
     "must be a latitude and longitude in degrees, e.g. {lat: 52.63, lon: -1.13}"),
    ("centroid: {lat: 52.6359, lon: -1.1304}", "centroid: [52.6, -1.1]", 13, "centroid",
     "[52.6, -1.1] is not a position; write the centre of the area, e.g. {lat: 52.63, lon: -1.13}"),
    ("statistical_neighbours: [\"leicestershire\"]", "statistical_neighbours: leicestershire", 12,
     "statistical_neighbours",
     "'leicestershire' is not a list; write a list in brackets, e.g. [leicester, leicestershire], "
     "or leave the field out"),
    ("statistical_neighbours: [\"leicestershire\"]", "statistical_neighbours: [leicestershire, leicestershir]", 12,
     "statistical_neighbours", "'leicestershir' is not a council in this registry (did you mean 'leicestershire'?)"),
    ("statistical_neighbours: [\"leicestershire\"]", "statistical_neighbours: [leicester]", 12,
     "statistical_neighbours", "a council cannot link to itself"),
    ("    status: current\n", "    status: current\n    statistical_neighbors: []\n", 12, "statistical_neighbors",
     "is not a registry field (did you mean 'statistical_neighbours'?); allowed: slug, name, ofsted_urn, "
     "la_number, ons_code, region, type, status, predecessors, successors, statistical_neighbours, centroid, "
     "also_known_as, started, ended"),
])
def test_each_value_is_checked_on_its_line(tmp_path, old, new, line, field, message):
    assert problems(tmp_path, edit_leicester(old, new)) == [f"{REL}:{line}: {LEICESTER}.{field}: {message}"]


def test_predecessors_written_as_one_slug_is_one_problem(tmp_path):
    text = edit(FIXTURE, "predecessors: [\"poole\"]", "predecessors: poole")
    assert problems(tmp_path, text) == [
        f"{REL}:41: councils[bournemouth-christchurch-and-poole].predecessors: 'poole' is not a list; "
        "write a list in brackets, e.g. [leicester, leicestershire], or leave the field out",
        f"{REL}:51: councils[poole].successors: 'bournemouth-christchurch-and-poole' does not list 'poole' "
        "among its predecessors; add it there too"]


def test_a_council_ends_after_it_began(tmp_path):
    assert problems(tmp_path, edit(FIXTURE, "    ended: 2019-04-01\n", "")) == []  # a former council's end may be unknown
    text = edit(FIXTURE, "    ended: 2019-04-01\n", "    started: 2019-04-01\n    ended: 2019-04-01\n")
    assert problems(tmp_path, text) == [
        f"{REL}:53: councils[poole].ended: 2019-04-01 is not after started (2019-04-01); a council ends after it begins"]


# --- the file as a whole ----------------------------------------------------------------------

@pytest.mark.parametrize(("old", "new", "line", "field"), [
    ("    name: Leicester\n", "    name: Leicester\n    'name': Evil\n", 6, "councils[0].name"),
    ("    centroid: {lat: 52.6359, lon: -1.1304}\n", "    centroid: {lat: 52.6359, lat: 1, lon: -1.1304}\n", 13,
     "councils[0].centroid.lat"),
])
def test_a_repeated_key_is_refused(tmp_path, old, new, line, field):
    assert problems(tmp_path, edit(FIXTURE, old, new)) == [f"{REL}:{line}: {field}: appears more than once; keep one"]


def test_an_alias_bomb_is_refused_before_it_is_built(tmp_path):
    bomb = ["bomb0: &b0 [x, x, x, x, x, x, x, x, x]"]
    bomb += [f"bomb{i}: &b{i} [" + ", ".join([f"*b{i - 1}"] * 9) + "]" for i in range(1, 10)]
    text = "\n".join(bomb) + "\n" + edit(FIXTURE, "    name: Leicester\n",
                                          "    name: Leicester\n    also_known_as: *b9\n")
    assert problems(tmp_path, text) == [
        f"{REL}:1: bomb0: uses a YAML anchor or alias (`&name`, `*name`), which data files may not; write the value out"]


def test_deep_nesting_is_refused_before_it_is_built(tmp_path):
    text = edit(FIXTURE, "    name: Leicester\n", "    name: Leicester\n    also_known_as: " + "[" * 100_000 + "\n")
    assert problems(tmp_path, text) == [
        f"{REL}:6: councils[0].also_known_as: is nested more than 16 levels deep (lists and `{{...}}` inside "
        "each other); write a plain value"]


def test_anything_but_councils_at_the_top_is_refused(tmp_path):
    assert problems(tmp_path, "extra: 1\n" + FIXTURE) == [
        f"{REL}:1: extra: is not part of the registry; allowed: councils"]


def test_broken_yaml_and_other_bytes_get_a_line(tmp_path):
    assert problems(tmp_path, edit_leicester("name: Leicester\n", "name: Leicester: City\n")) in ([
        f"{REL}:5: is not valid YAML (mapping values are not allowed {where}); check quotes, colons and indentation"]
        for where in ("in this context", "here"))
    assert problems(tmp_path, b"councils:\n  - slug: \xff\n") == [f"{REL}:2: file is not UTF-8 text; save it as UTF-8"]
    assert problems(tmp_path, "") == [f"{REL}:1: councils: the registry must have a `councils:` list of councils"]


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")
def test_a_registry_that_links_to_a_device_is_not_read(tmp_path):
    (tmp_path / "councils.yml").symlink_to("/dev/zero")
    with pytest.raises(RecordsInvalid) as caught:
        load_registry(tmp_path / "councils.yml", REL)
    assert [str(p) for p in caught.value.problems] == [
        f"{REL}:1: the council registry is a link to a file outside {tmp_path.name}/; put the file itself here"]


def test_the_validator_reports_registry_problems_without_a_traceback(tmp_path):
    records = tmp_path / "records"
    records.mkdir()
    (records / "councils.yml").write_text(edit(FIXTURE, "ofsted_urn: 80482", "ofsted_urn: " + "9" * 5000),
                                          encoding="utf-8")
    result = subprocess.run([sys.executable, str(ROOT / "scripts" / "validate.py"), "--records", str(records)],
                            cwd=tmp_path, capture_output=True, text=True, timeout=120,
                            env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"})
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stdout.startswith(f"{REL}:6: {LEICESTER}.ofsted_urn: ")
