"""One rule for council names: the scaffold resolves a name to the slug the
validator suggests for the same name, because both call names.match_council."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from inspections.dataset import REGISTRY_NAME, load_councils
from inspections.load import parse_record
from inspections.names import match_council
from inspections.validate import check_record
from inspections.write import dump_record
from new_record import ScaffoldError, resolve_council

ROOT = Path(__file__).resolve().parent.parent
TODAY = dt.date(2026, 1, 1)


@pytest.fixture(scope="module")
def councils():
    return load_councils(ROOT / "records" / REGISTRY_NAME)


def validator_problems(council: str, councils) -> list[str]:
    fields = {"council": council, "kind": "jtai", "framework": "ilacs-2023", "published": dt.date(2025, 1, 10)}
    raw = parse_record(dump_record(fields).encode(), "records/x/2025-01-10-jtai.md")
    _, problems = check_record(raw, councils, TODAY)
    return [f"{p.field}: {p.message}" for p in problems if p.field == "council"]


@pytest.mark.parametrize(("written", "slug"), [
    ("Leicestershire County Council", "leicestershire"),
    ("Leicester City Council", "leicester"),
    ("Borough of Telford and Wrekin", "telford-and-wrekin"),
    ("Wirral Metropolitan Borough Council", "wirral"),
    ("Royal Borough of Greenwich", "greenwich"),
    ("Kingston upon Hull, City of", "kingston-upon-hull"),
    ("Bournemouth, Christchurch & Poole", "bournemouth-christchurch-and-poole"),
    ("Telford", "telford-and-wrekin"),
    ("Durham County Council", "county-durham"),
])
def test_scaffold_and_validator_agree_on_a_council_name(councils, written, slug):
    assert match_council(written, councils).slug == slug
    assert resolve_council(written, councils) == slug
    assert validator_problems(written, councils) == [
        f"council: '{written}' is not a council in records/councils.yml (did you mean '{slug}'?); "
        "use the council's slug, e.g. telford-and-wrekin"]


@pytest.mark.parametrize("written", ["Narnia", "North"])
def test_scaffold_and_validator_agree_when_no_one_council_is_meant(councils, written):
    with pytest.raises(ScaffoldError):
        resolve_council(written, councils)
    (problem,) = validator_problems(written, councils)
    assert "did you mean" not in problem


def test_style_words_never_make_two_councils_one(councils):
    """Folding away 'City', 'Borough of' and the like leaves every council's names its own."""
    from inspections.names import _normal, council_names

    owners: dict[str, set[str]] = {}
    for council in councils.values():
        for name in council_names(council):
            owners.setdefault(_normal(name), set()).add(council.slug)
    assert "" not in owners
    assert {name: slugs for name, slugs in owners.items() if len(slugs) > 1} == {}
