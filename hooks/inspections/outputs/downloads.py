"""The registry of downloads, in the order the Data page lists them.

Adding a download: a module in this package with an `OUTPUT = Download(...)`,
and one line here.
"""

from __future__ import annotations

from pathlib import Path

from ..build import Build
from . import api, datapackage, feeds, neighbours, tables, workbook
from .generator import Download, Listing, collect

DOWNLOADS: tuple[Download, ...] = (
    workbook.OUTPUT,
    tables.LATEST,
    tables.INSPECTIONS,
    tables.COUNCILS,
    neighbours.OUTPUT,
    datapackage.OUTPUT,
    api.OUTPUT,
    feeds.OUTPUT,
)


def files(b: Build) -> dict[str, bytes]:
    """Every download, as {site path: bytes}. Pure: the same build always gives the same bytes."""
    return {path: data.encode("utf-8") if isinstance(data, str) else data
            for path, data in collect(DOWNLOADS, b).items()}


def listings(b: Build) -> list[Listing]:
    return [line for download in DOWNLOADS for line in download.listing(b)]


def write(b: Build, site_dir: Path) -> list[str]:
    """Write every download into the built site; returns their site paths in order."""
    written = []
    for path, data in sorted(files(b).items()):
        target = site_dir / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        written.append(path)
    return written
