"""The one schema: its tables agree with each other, with the issue's contract,
and with the committed JSON Schema; every committed record satisfies that
JSON Schema (checked with the `jsonschema` package, as an editor would)."""

from __future__ import annotations

import datetime as dt
import itertools
import json
from pathlib import Path

import jsonschema
import pytest
import yaml
from inspections.dataset import load_councils, record_paths
from inspections.load import parse_record
from inspections.reference import field_reference_markdown, json_schema, json_schema_text
from inspections.schema import (
    FIELDS_BY_NAME,
    FRAMEWORKS,
    GRADES,
    INSPECTION_TYPES,
    JUDGEMENT_ORDER,
    JUDGEMENTS,
    KINDS,
    RECORD_FIELDS,
    csv_columns,
    framework_for,
)

ROOT = Path(__file__).resolve().parent.parent
RECORDS = ROOT / "records"
DAY = dt.timedelta(days=1)


# --- the vocabulary is the public contract of issue 2 ------------------------------


def test_grades_are_the_four_ofsted_grades_best_first():
    assert GRADES == ("outstanding", "good", "requires_improvement", "inadequate")


def test_kinds_and_which_are_graded():
    assert {k: v.graded for k, v in KINDS.items()} == {
        "full-inspection": True,
        "focused-visit": False,
        "monitoring-visit": False,
        "jtai": False,
    }


def test_inspection_types():
    assert list(INSPECTION_TYPES) == ["standard", "short"]


@pytest.mark.parametrize(("framework", "judgements"), [
    ("sif", ["overall_effectiveness", "help_and_protection", "children_looked_after",
             "adoption_performance", "care_leavers", "leadership_management_governance"]),
    ("ilacs-2018", ["overall_effectiveness", "impact_of_leaders", "help_and_protection",
                    "children_in_care_and_care_leavers"]),
    ("ilacs-2023", ["overall_effectiveness", "impact_of_leaders", "help_and_protection",
                    "children_in_care", "care_leavers"]),
    ("ilacs-2026", ["impact_of_leaders", "help_and_protection", "children_in_care", "care_leavers"]),
])
def test_framework_judgements_match_the_contract(framework, judgements):
    assert sorted(FRAMEWORKS[framework].judgements) == sorted(judgements)


def test_only_the_2026_framework_drops_overall_effectiveness():
    assert [k for k, f in FRAMEWORKS.items() if f.drops_overall] == ["ilacs-2026"]
    # The 2013 looked after children inspections had no whole-service grade, on another scale.
    assert [k for k, f in FRAMEWORKS.items() if not f.has_overall] == ["pre-sif", "ilacs-2026"]
    assert FRAMEWORKS["pre-sif"].grades == ("outstanding", "good", "adequate", "inadequate")


def test_record_field_names_are_the_public_contract():
    assert [f.name for f in RECORD_FIELDS] == [
        "council", "kind", "framework", "inspection_type", "inspection_start", "inspection_end",
        "published", "lead_inspector", "judgements", "grades_pending", "safeguarding_board", "report_url",
        "published_in_report", "report_sha256", "checked_on", "sources", "exception",
    ]
    assert [f.name for f in RECORD_FIELDS if f.required] == ["council", "kind", "framework", "published"]


# --- the tables are consistent with each other ------------------------------------


def test_every_framework_judgement_is_a_known_judgement():
    for fw in FRAMEWORKS.values():
        unknown = [j for j in fw.judgements if j not in JUDGEMENTS]
        assert unknown == [], f"{fw.key} lists unknown judgements {unknown}"
        assert len(set(fw.judgements)) == len(fw.judgements), f"{fw.key} lists a judgement twice"


def test_every_judgement_is_used_by_some_framework():
    used = {j for fw in FRAMEWORKS.values() for j in fw.judgements}
    assert set(JUDGEMENTS) == used
    assert JUDGEMENT_ORDER == tuple(JUDGEMENTS)


def test_framework_date_ranges_are_ordered_without_overlap_or_gap():
    frameworks = list(FRAMEWORKS.values())
    for fw in frameworks:
        assert fw.ends is None or fw.starts <= fw.ends, fw.key
    for earlier, later in itertools.pairwise(frameworks):
        assert earlier.ends is not None, f"{earlier.key} is open-ended but {later.key} follows it"
        assert later.starts == earlier.ends + DAY, f"gap or overlap between {earlier.key} and {later.key}"
    assert frameworks[-1].ends is None, "the newest framework is open-ended"


def test_framework_keys_and_record_field_enums_agree():
    assert FIELDS_BY_NAME["framework"].allowed == tuple(FRAMEWORKS)
    assert FIELDS_BY_NAME["kind"].allowed == tuple(KINDS)
    assert FIELDS_BY_NAME["inspection_type"].allowed == tuple(INSPECTION_TYPES)
    assert FIELDS_BY_NAME["judgements"].allowed == JUDGEMENT_ORDER


def test_csv_columns_flatten_judgements_one_column_each():
    cols = csv_columns()
    assert cols[:3] == ["id", "council_name", "region"]
    assert cols[-1] == "path"
    assert "judgements" not in cols
    for key in JUDGEMENTS:
        assert cols.count(key) == 1
    assert len(cols) == len(set(cols))


# --- framework_for at every boundary ----------------------------------------------


@pytest.mark.parametrize(("start", "expected"), [
    (dt.date(2013, 10, 31), "pre-sif"),
    (dt.date(2013, 11, 1), "sif"),
    (dt.date(2017, 12, 31), "sif"),
    (dt.date(2018, 1, 1), "ilacs-2018"),
    (dt.date(2022, 12, 31), "ilacs-2018"),
    (dt.date(2023, 1, 1), "ilacs-2023"),
    (dt.date(2026, 3, 31), "ilacs-2023"),
    (dt.date(2026, 4, 1), "ilacs-2026"),
    (dt.date(2040, 1, 1), "ilacs-2026"),
    (dt.date(2009, 5, 31), None),
])
def test_framework_for_inspection_start_boundaries(start, expected):
    # The publication date must not matter when the first day on site is known.
    assert framework_for(start, None) == expected
    assert framework_for(start, start + dt.timedelta(days=60)) == expected


@pytest.mark.parametrize(("published", "expected"), [
    (dt.date(2013, 8, 16), "pre-sif"),  # Norfolk's 2013 report: before the SIF began
    (dt.date(2014, 1, 31), "pre-sif"),  # within the 92-day lag of pre-SIF reports
    (dt.date(2014, 2, 1), "sif"),
    (dt.date(2018, 1, 19), "sif"),  # the earliest framework that fits wins
    (dt.date(2018, 12, 31), "sif"),
    (dt.date(2019, 1, 1), "ilacs-2018"),
    (dt.date(2023, 6, 1), "ilacs-2018"),
    (dt.date(2024, 1, 1), "ilacs-2023"),
    (dt.date(2009, 1, 1), None),
])
def test_framework_for_publication_date_when_no_inspection_dates(published, expected):
    assert framework_for(None, published) == expected


def test_framework_for_nothing_known():
    assert framework_for(None, None) is None


# --- the committed JSON Schema ------------------------------------------------------


@pytest.fixture(scope="module")
def slugs():
    return list(load_councils(RECORDS / "councils.yml"))


@pytest.fixture(scope="module")
def validator(slugs):
    schema = json.loads((RECORDS / "record.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)


def test_committed_json_schema_is_up_to_date(slugs):
    committed = (RECORDS / "record.schema.json").read_text(encoding="utf-8")
    assert committed == json_schema_text(slugs), "stale: run python scripts/gen_schema.py"


def test_json_schema_lists_every_field_and_council(slugs):
    schema = json_schema(slugs)
    assert list(schema["properties"]) == [f.name for f in RECORD_FIELDS]
    assert schema["properties"]["council"]["enum"] == slugs
    assert len(slugs) == 156
    assert schema["additionalProperties"] is False


def _as_json(value):
    """Front matter as an editor's YAML language server sees it: dates are strings."""
    if isinstance(value, dict):
        return {str(k): _as_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_as_json(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _front_matter(path: Path) -> dict:
    raw = parse_record(path.read_bytes(), path.relative_to(ROOT).as_posix())
    assert not isinstance(raw, list), [str(p) for p in raw]
    return _as_json(raw.data)


def test_every_committed_record_satisfies_the_json_schema(validator):
    paths = record_paths(RECORDS)
    assert len(paths) >= 488
    failures = []
    for path in paths:
        for error in validator.iter_errors(_front_matter(path)):
            failures.append(f"{path.relative_to(ROOT)}: {'.'.join(map(str, error.path))}: {error.message}")
    assert failures == []


def test_every_record_points_editors_at_the_schema():
    for path in record_paths(RECORDS):
        assert path.read_text(encoding="utf-8").splitlines()[1] == "# yaml-language-server: $schema=../record.schema.json", path


GOOD = {
    "council": "leicestershire", "kind": "full-inspection", "framework": "ilacs-2023",
    "inspection_type": "standard", "inspection_start": "2024-04-22", "inspection_end": "2024-05-03",
    "published": "2024-07-12", "judgements": {"overall_effectiveness": "outstanding"},
    "report_url": "https://files.ofsted.gov.uk/v1/file/50252253",
}


@pytest.mark.parametrize(("change", "where"), [
    ({"judgements": {"care_leavers": "excelent"}}, "judgements.care_leavers"),
    ({"judgements": {"children_in_care_and_care_leavers": "good"}}, "judgements"),
    ({"kind": "focused-visit"}, "judgements"),
    ({"council": "leicester-shire"}, "council"),
    ({"framework": "ilacs-2019"}, "framework"),
    ({"published": "12/07/2024"}, "published"),
    ({"published": "2024-13-45"}, "published"),
    ({"report_url": "http://files.ofsted.gov.uk/v1/file/1"}, "report_url"),
    ({"report_url": "javascript:alert(1)"}, "report_url"),
    ({"sources": [{"title": "x"}]}, "sources.0"),
    ({"colour": "red"}, ""),
])
def test_json_schema_rejects_what_the_validator_rejects(validator, change, where):
    record = {**GOOD, **change}
    assert validator.is_valid(GOOD)
    errors = list(validator.iter_errors(record))
    assert errors, f"{change} was accepted"
    assert any(".".join(map(str, e.absolute_path)) == where for e in errors), [
        (".".join(map(str, e.absolute_path)), e.message) for e in errors]


def test_json_schema_requires_the_required_fields(validator):
    errors = list(validator.iter_errors({}))
    assert sorted(e.message for e in errors) == sorted(
        f"'{name}' is a required property" for name in ("council", "kind", "framework", "published"))


# --- the field reference in the docs ------------------------------------------------


def test_field_reference_documents_every_field_framework_and_judgement():
    text = field_reference_markdown()
    for name in [f.name for f in RECORD_FIELDS] + list(FRAMEWORKS) + list(JUDGEMENTS) + list(GRADES):
        assert f"`{name}`" in text, name
    assert "| `ilacs-2026`: ILACS (2026) | from 1 April 2026 |" in text


def test_yaml_of_committed_records_has_no_datetimes():
    # A time of day would make a date field a datetime, which the validator refuses.
    for path in record_paths(RECORDS):
        data = yaml.safe_load(path.read_text(encoding="utf-8").split("---")[1])
        for key in ("inspection_start", "inspection_end", "published"):
            value = data.get(key)
            assert value is None or type(value) is dt.date, (path, key, value)
