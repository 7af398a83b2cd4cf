"""Needs data: records a contributor could complete, with a link to edit each."""

from __future__ import annotations

from .. import derive
from ..build import Build
from ..paths import NEEDS_DATA
from ..templating import safe_url
from .generator import Page, render_page


def build(b: Build) -> dict[str, str]:
    repo = b.repo_url.rstrip("/")
    items = []
    for inspection in derive.needs_data(b.dataset):
        edit = f"{repo}/edit/main/{inspection.path}" if repo else None
        items.append({"entry": b.entries[inspection.id], "gaps": inspection.needs_data, "edit_url": safe_url(edit)})
    return {NEEDS_DATA: render_page(b, "needs_data.md.j2", NEEDS_DATA, items=items, repo_url=safe_url(repo))}


OUTPUT = Page("Needs data", build)
