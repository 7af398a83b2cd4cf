"""The JSON API: `api/councils/<slug>.json`, one council with all its records."""

from __future__ import annotations

from ..build import Build
from ..encode import dump_json, json_value
from ..model import Inspection
from ..paths import council_api, council_feed, council_url
from ..rows import council_row
from ..sanitize import markdown_to_text
from ..schema import JUDGEMENT_ORDER
from .generator import Download, Listing


def links(b: Build, slug: str) -> dict[str, str]:
    """Where a council's page, feed and API document are."""
    return {
        "page": b.paths.absolute(council_url(slug)),
        "feed": b.paths.absolute(council_feed(slug)),
        "api": b.paths.absolute(council_api(slug)),
    }


def council_document(b: Build, slug: str) -> dict:
    """The council's registry entry, links, its current standing and every
    record (newest first), judgements nested as in the record files."""
    summary = b.summaries[slug]
    document = {k: json_value(v) for k, v in council_row(summary.council).items()}
    document["links"] = links(b, slug)
    latest, previous = summary.latest, summary.previous
    document["latest"] = None if latest is None else {
        "inspection_id": latest.id,
        "published": latest.published.isoformat(),
        "framework": latest.framework,
        "judgements": _ordered_judgements(latest),
        "previous_inspection_id": previous.id if previous else None,
        "previous_overall_effectiveness": previous.overall if previous else None,
        "movement": summary.movement,
    }
    document["inspections"] = [
        _inspection_document(b, i) for i in sorted(summary.inspections, key=lambda i: i.sort_key, reverse=True)
    ]
    return document


def _ordered_judgements(inspection: Inspection) -> dict[str, str]:
    return {key: inspection.judgements[key] for key in JUDGEMENT_ORDER if key in inspection.judgements}


def _inspection_document(b: Build, inspection: Inspection) -> dict:
    return {
        "id": inspection.id,
        "council": inspection.council,
        "kind": inspection.kind,
        "framework": inspection.framework,
        "inspection_type": inspection.inspection_type,
        "inspection_start": json_value(inspection.inspection_start),
        "inspection_end": json_value(inspection.inspection_end),
        "published": inspection.published.isoformat(),
        "lead_inspector": inspection.lead_inspector,
        "judgements": _ordered_judgements(inspection),
        "grades_pending": inspection.grades_pending,
        "report_url": inspection.report_url,
        "sources": [{"title": s.title, "url": s.url} for s in inspection.sources],
        "exception": inspection.exception,
        "changes": b.entries[inspection.id].sentence,
        "notes": markdown_to_text(inspection.body),
        "path": inspection.path,
        "url": b.paths.absolute(council_url(inspection.council)) + "#" + inspection.anchor,
    }


def build(b: Build) -> dict[str, str]:
    # Compact: the documents are for programs, can be large, and an indent
    # makes Python's json use its slow pure-Python encoder.
    return {council_api(slug): dump_json(council_document(b, slug), pretty=False) for slug in sorted(b.dataset.councils)}


def example(b: Build):
    """The council the Data page shows as an example: Leicestershire, or the first by slug."""
    councils = b.dataset.councils
    current = [c for c in councils.values() if c.is_current] or list(councils.values())
    return next((c for c in current if c.slug == "leicestershire"), min(current, key=lambda c: c.slug))


def listing(b: Build) -> list[Listing]:
    slug = example(b).slug
    return [Listing(council_api(slug), f"api/councils/{slug}.json", "JSON",
                    "One council with all its inspections (one file per council).")]


OUTPUT = Download("JSON API", "JSON", build, listing)
