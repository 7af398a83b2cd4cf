"""Small record sets in tmp folders for the open-data tests (exports, feeds).

Records are written with `write.dump_record`, the same way the importer and
the scaffold write them, then loaded through the real validator.
"""

from __future__ import annotations

import datetime as dt
import functools
from pathlib import Path

from inspections.dataset import Dataset, load_dataset
from inspections.write import dump_record
from sitebuild import BuiltSite, shared_real_site

TODAY = dt.date(2026, 12, 31)
AS_OF = dt.date(2026, 7, 1)
HOSTILE = '=HYPERLINK("https://evil.example/","click me")'

REGISTRY = """\
councils:
  - slug: alpha
    name: Alpha & <Sons>
    ofsted_urn: 1001
    la_number: 801
    ons_code: E06000901
    region: east-midlands
    type: unitary
    status: current
    predecessors: ["gamma"]
    statistical_neighbours: ["beta"]
    centroid: {lat: 52.5, lon: -1.1}
  - slug: beta
    name: Beta
    ofsted_urn: 1002
    la_number: 802
    ons_code: E09000902
    region: london
    type: london-borough
    status: current
    also_known_as: ["Royal Borough of Beta"]
    centroid: {lat: 51.5, lon: -0.1}
  - slug: delta
    name: Delta
    ofsted_urn: 1004
    la_number: 804
    ons_code: E10000904
    region: south-west
    type: county
    status: current
  - slug: gamma
    name: Gamma
    ofsted_urn: 1003
    la_number: 803
    ons_code: E10000903
    region: east-midlands
    type: county
    status: former
    successors: ["alpha"]
"""

REPORT = "https://files.ofsted.gov.uk/v1/file/{}"

#: (fields, body) of each fixture record.
RECORDS: list[dict] = [
    {"council": "gamma", "kind": "full-inspection", "framework": "sif", "published": dt.date(2015, 3, 2),
     "inspection_start": dt.date(2015, 1, 12), "inspection_end": dt.date(2015, 2, 5),
     "judgements": {"overall_effectiveness": "inadequate", "help_and_protection": "inadequate"},
     "grades_pending": True, "report_url": REPORT.format(1)},
    {"council": "alpha", "kind": "full-inspection", "framework": "ilacs-2018", "inspection_type": "standard",
     "inspection_start": dt.date(2019, 9, 23), "inspection_end": dt.date(2019, 10, 4),
     "published": dt.date(2019, 11, 4), "lead_inspector": "Kate Example",
     "judgements": {"overall_effectiveness": "requires_improvement", "impact_of_leaders": "good",
                    "help_and_protection": "requires_improvement",
                    "children_in_care_and_care_leavers": "good"},
     "report_url": REPORT.format(2)},
    {"council": "alpha", "kind": "focused-visit", "framework": "ilacs-2018",
     "inspection_start": dt.date(2022, 1, 18), "inspection_end": dt.date(2022, 1, 19),
     "published": dt.date(2022, 3, 2), "report_url": REPORT.format(3),
     "sources": [{"title": "Council press release; with a semicolon", "url": "https://alpha.example/news"}]},
    {"council": "alpha", "kind": "full-inspection", "framework": "ilacs-2023", "inspection_type": "standard",
     "inspection_start": dt.date(2024, 4, 22), "inspection_end": dt.date(2024, 5, 3),
     "published": dt.date(2024, 7, 12), "lead_inspector": HOSTILE,
     "judgements": {"overall_effectiveness": "outstanding", "impact_of_leaders": "outstanding",
                    "help_and_protection": "good", "children_in_care": "outstanding",
                    "care_leavers": "outstanding"},
     "report_url": REPORT.format(4)},
    {"council": "beta", "kind": "full-inspection", "framework": "sif", "published": dt.date(2016, 5, 9),
     "grades_pending": True, "report_url": REPORT.format(5)},
    {"council": "beta", "kind": "full-inspection", "framework": "ilacs-2023", "inspection_type": "short",
     "inspection_start": dt.date(2023, 2, 6), "inspection_end": dt.date(2023, 2, 10),
     "published": dt.date(2023, 3, 20), "lead_inspector": "-minus sign",
     "judgements": {"overall_effectiveness": "good", "impact_of_leaders": "good", "help_and_protection": "good",
                    "children_in_care": "good", "care_leavers": "requires_improvement"},
     "report_url": REPORT.format(6)},
    {"council": "beta", "kind": "full-inspection", "framework": "ilacs-2026", "inspection_type": "standard",
     "inspection_start": dt.date(2026, 4, 20), "inspection_end": dt.date(2026, 5, 1),
     "published": dt.date(2026, 6, 18), "lead_inspector": "@mention",
     "judgements": {"impact_of_leaders": "good", "help_and_protection": "requires_improvement",
                    "children_in_care": "good", "care_leavers": "good"},
     "report_url": REPORT.format(7)},
]


def record_path(records_dir: Path, fields: dict) -> Path:
    return records_dir / fields["council"] / f"{fields['published'].isoformat()}-{fields['kind']}.md"


def write_records(records_dir: Path, records: list[dict], registry: str = REGISTRY) -> None:
    records_dir.mkdir(parents=True, exist_ok=True)
    (records_dir / "councils.yml").write_text(registry, encoding="utf-8")
    for fields in records:
        path = record_path(records_dir, fields)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(dump_record(fields, fields.get("body", "")), encoding="utf-8")


def make_dataset(tmp_path: Path, records: list[dict] | None = None) -> Dataset:
    records_dir = tmp_path / "records"
    write_records(records_dir, RECORDS if records is None else records)
    return load_dataset(records_dir, today=TODAY)


def many_visits(n: int) -> list[dict]:
    """n monitoring visits of beta, one a month from January 2019."""
    out = []
    for k in range(n):
        day = dt.date(2019 + k // 12, k % 12 + 1, 15)
        framework = "ilacs-2018" if day.year < 2023 else "ilacs-2023"
        out.append({"council": "beta", "kind": "monitoring-visit", "framework": framework, "published": day,
                    "report_url": REPORT.format(1000 + k)})
    return out


# --- the real site -------------------------------------------------------------------

ROOT = Path(__file__).resolve().parent.parent


def real_site(tmp_path_factory=None) -> BuiltSite:
    """The real records built once per test process with `mkdocs build --strict`:
    the same build as browser.real_site and conftest's `real_site` fixture."""
    return shared_real_site(tmp_path_factory)


@functools.cache
def real_dataset() -> Dataset:
    return load_dataset(ROOT / "records")
