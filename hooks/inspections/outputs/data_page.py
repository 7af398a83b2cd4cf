"""The Data page (`data.md`, URL /data/): what each download holds, its
columns and allowed values, all read from the columns, the schema and the
download registry, so the page cannot miss a file or a column."""

from __future__ import annotations

from markupsafe import Markup

from .. import dates
from ..build import Build
from ..columns import TABLE_INFO, TABLES
from ..derive import MOVEMENT_LABELS
from ..licence import LICENCE_TEXT, OGL, OGL_ATTRIBUTION, PROJECT_LICENCE, TITLE
from ..paths import COUNCILS_JSON, DATA_PAGE, DATAPACKAGE, SITE_FEED, TABLE_FILES, WORKBOOK, root_from, table_schema
from ..paths import council_feed as council_feed_path
from ..schema import COUNCIL_TYPES, FRAMEWORKS, GRADE_LABELS, GRADES, INSPECTION_TYPES, JUDGEMENTS, KINDS, REGIONS
from ..templating import md_text
from . import api, downloads, feeds
from .generator import Page, render_page


def _tables() -> list[dict]:
    out = []
    for name in TABLE_INFO:
        info, (csv_path, json_path) = TABLE_INFO[name], TABLE_FILES[name]
        out.append({
            "title": info["title"], "description": info["description"], "columns": TABLES[name],
            "csv": csv_path, "csv_name": csv_path.rsplit("/", 1)[-1],
            "json": json_path, "json_name": json_path.rsplit("/", 1)[-1],
            "schema": table_schema(name), "schema_name": table_schema(name).rsplit("/", 1)[-1],
        })
    return out


def build(b: Build) -> dict[str, str]:
    # The downloads are written after MkDocs checks links, so they are linked
    # with plain HTML relative to the page.
    root = root_from(DATA_PAGE)

    def link(path: str, label: str) -> Markup:
        return Markup('<a href="%s">%s</a>') % (md_text(root + path), md_text(label))

    n_records, n_current, n_councils = (len(b.tables[t]) for t in ("inspections", "latest", "councils"))
    example = api.example(b)
    site_url = b.paths.site_url
    return {DATA_PAGE: render_page(
        b, "data.md.j2", DATA_PAGE,
        site_url=site_url,
        site_url_data=b.paths.absolute("data/") if site_url else "",
        site_name=b.site_name,
        title=TITLE,
        link=link,
        counts={"inspections": n_records, "councils": n_councils, "current": n_current,
                "former": n_councils - n_current},
        downloads=downloads.listings(b),
        files={"workbook": WORKBOOK, "datapackage": DATAPACKAGE, "councils_json": COUNCILS_JSON,
               "site_feed": SITE_FEED},
        tables=_tables(),
        grades=[(g, GRADE_LABELS[g]) for g in GRADES],
        grade_keys=list(GRADES),
        grade_words=[GRADE_LABELS[g] for g in GRADES],
        kinds=list(KINDS.values()),
        frameworks=[{"key": fw.key, "name": fw.name, "description": fw.description, "judgements": fw.judgements,
                     "span": dates.span(fw.starts, fw.ends)} for fw in FRAMEWORKS.values()],
        judgements=list(JUDGEMENTS.values()),
        inspection_types=list(INSPECTION_TYPES.items()),
        movements=list(MOVEMENT_LABELS.items()),
        regions=list(REGIONS.items()),
        council_types=list(COUNCIL_TYPES.items()),
        example={"name": example.name, "api": b.paths.council_api(example.slug),
                 "feed": council_feed_path(example.slug)},
        feed_size=feeds.SITE_FEED_SIZE,
        licence_text=LICENCE_TEXT,
        ogl=OGL,
        ogl_attribution=OGL_ATTRIBUTION,
        project_licence=PROJECT_LICENCE,
    )}


OUTPUT = Page("Data page", build)
