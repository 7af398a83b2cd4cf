"""The rows of the published tables, from the Dataset and its summaries.

Every table has a stable order (by council slug, then publication), so two
builds of the same records give byte-identical files.
"""

from __future__ import annotations

from .columns import COUNCIL_COLUMNS, INSPECTION_COLUMNS, LATEST_COLUMNS, NEIGHBOUR_COLUMNS, NEIGHBOUR_JUDGEMENTS
from .dataset import Dataset
from .derive import CouncilSummary
from .model import Council, Inspection
from .schema import GRADE_LABELS, JUDGEMENT_ORDER, REGION_ONS_CODES, REGIONS


def grade_columns(grades: dict[str, str], keys=JUDGEMENT_ORDER, prefix: str = "") -> dict:
    """One column per judgement with its grade code, and one with the grade in
    words (`<judgement>_label`); None where there is no grade."""
    out = {}
    for key in keys:
        grade = grades.get(key)
        out[f"{prefix}{key}"] = grade
        out[f"{prefix}{key}_label"] = GRADE_LABELS[grade] if grade else None
    return out


def inspection_row(inspection: Inspection, council: Council) -> dict:
    """Every front-matter field of one record, flattened: one key per judgement."""
    row = {
        "id": inspection.id,
        "council_name": council.name,
        "region": council.region,
        "region_name": REGIONS[council.region],
        "council": inspection.council,
        "kind": inspection.kind,
        "framework": inspection.framework,
        "inspection_type": inspection.inspection_type,
        "inspection_start": inspection.inspection_start,
        "inspection_end": inspection.inspection_end,
        "published": inspection.published,
        "lead_inspector": inspection.lead_inspector,
        **grade_columns(inspection.judgements),
        "grades_pending": inspection.grades_pending,
        "report_url": inspection.report_url,
        "safeguarding_board": inspection.safeguarding_board,
        "published_in_report": inspection.published_in_report,
        "report_sha256": inspection.report_sha256,
        "checked_on": inspection.checked_on,
        "sources": [{"title": s.title, "url": s.url} for s in inspection.sources],
        "exception": inspection.exception,
        "path": inspection.path,
    }
    return {column.name: row[column.name] for column in INSPECTION_COLUMNS}


def inspection_rows(dataset: Dataset) -> list[dict]:
    """One row per record, by council slug then publication (oldest first)."""
    ordered = sorted(dataset.inspections, key=lambda i: (i.council, i.sort_key))
    return [inspection_row(i, dataset.councils[i.council]) for i in ordered]


def latest_rows(summaries: dict[str, CouncilSummary]) -> list[dict]:
    """One row per current council (by slug): its latest graded inspection,
    the previous overall grade and the movement between them."""
    rows = []
    for slug, summary in sorted(summaries.items()):
        council = summary.council
        if not council.is_current:
            continue
        latest, previous, last = summary.latest, summary.previous, summary.last_visit
        row = {
            "council": slug,
            "council_name": council.name,
            "region": council.region,
            "region_name": REGIONS[council.region],
            "region_ons_code": REGION_ONS_CODES[council.region],
            "council_type": council.type,
            "ofsted_urn": council.ofsted_urn,
            "la_number": council.la_number,
            "ons_code": council.ons_code,
            "inspection_id": latest.id if latest else None,
            "framework": latest.framework if latest else None,
            "inspection_type": latest.inspection_type if latest else None,
            "inspection_start": latest.inspection_start if latest else None,
            "inspection_end": latest.inspection_end if latest else None,
            "published": latest.published if latest else None,
            **grade_columns(summary.grades),
            "grades_pending": latest.grades_pending if latest else None,
            "report_url": latest.report_url if latest else None,
            "previous_inspection_id": previous.id if previous else None,
            "previous_published": previous.published if previous else None,
            **grade_columns({"overall_effectiveness": previous.overall} if previous else {},
                            ("overall_effectiveness",), prefix="previous_"),
            "movement": summary.movement,
            "last_record_id": last.id if last else None,
            "last_record_kind": last.kind if last else None,
            "last_record_published": last.published if last else None,
        }
        rows.append({column.name: row[column.name] for column in LATEST_COLUMNS})
    return rows


def council_row(council: Council) -> dict:
    row = {
        "slug": council.slug,
        "name": council.name,
        "ofsted_urn": council.ofsted_urn,
        "la_number": council.la_number,
        "ons_code": council.ons_code,
        "region": council.region,
        "type": council.type,
        "status": council.status,
        "ended": council.ended,
        "predecessors": list(council.predecessors),
        "successors": list(council.successors),
        "statistical_neighbours": list(council.statistical_neighbours),
        "also_known_as": list(council.also_known_as),
        "latitude": council.centroid.lat if council.centroid else None,
        "longitude": council.centroid.lon if council.centroid else None,
    }
    return {column.name: row[column.name] for column in COUNCIL_COLUMNS}


def council_rows(dataset: Dataset) -> list[dict]:
    """The registry, current and former councils, by slug."""
    return [council_row(dataset.councils[slug]) for slug in sorted(dataset.councils)]


def neighbour_rows(summaries: dict[str, CouncilSummary]) -> list[dict]:
    """One row per current council and statistical neighbour, by council slug
    then rank: the neighbour's latest grades beside the council's own."""
    rows = []
    for slug, summary in sorted(summaries.items()):
        council = summary.council
        if not council.is_current:
            continue
        own = grade_columns(summary.grades, NEIGHBOUR_JUDGEMENTS, prefix="council_")
        for rank, other in enumerate(council.statistical_neighbours, start=1):
            neighbour = summaries[other]
            latest = neighbour.latest
            row = {
                "council": slug,
                "council_name": council.name,
                "rank": rank,
                "neighbour": other,
                "neighbour_name": neighbour.council.name,
                "neighbour_inspection_id": latest.id if latest else None,
                "neighbour_published": latest.published if latest else None,
                **grade_columns(neighbour.grades, NEIGHBOUR_JUDGEMENTS),
                **own,
            }
            rows.append({column.name: row[column.name] for column in NEIGHBOUR_COLUMNS})
    return rows


def table_rows(dataset: Dataset, summaries: dict[str, CouncilSummary]) -> dict[str, list[dict]]:
    return {
        "inspections": inspection_rows(dataset),
        "latest": latest_rows(summaries),
        "councils": council_rows(dataset),
        "neighbours": neighbour_rows(summaries),
    }
