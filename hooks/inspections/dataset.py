"""Load the council registry and every record into one validated Dataset.

This is the first step of the one-way flow: files on disk -> Dataset ->
derived views -> pages and exports. Callers get either a complete, valid
Dataset or RecordsInvalid carrying every problem found.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from .load import RawRecord, read_record
from .model import Centroid, Council, Inspection, Problem, RecordsInvalid
from .schema import COUNCIL_STATUSES, COUNCIL_TYPES, REGIONS
from .validate import check_collection, check_record
from .yamlsafe import SafeLoader

REGISTRY_NAME = "councils.yml"
_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


@dataclass(frozen=True)
class Dataset:
    councils: dict[str, Council]  # by slug, in registry order
    inspections: tuple[Inspection, ...]  # oldest first, stable

    def for_council(self, slug: str) -> list[Inspection]:
        return [i for i in self.inspections if i.council == slug]


def _registry_problem(rel: str, slug: str, message: str) -> Problem:
    return Problem(rel, 0, f"councils[{slug}]", message)


def load_councils(path: Path, rel: str = "records/councils.yml") -> dict[str, Council]:
    """Read and check the registry. Raises RecordsInvalid on any problem."""
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=SafeLoader)
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise RecordsInvalid([Problem(rel, 1, "", f"cannot read the council registry ({str(exc)[:120]})")]) from None
    if not isinstance(data, dict) or not isinstance(data.get("councils"), list):
        raise RecordsInvalid([Problem(rel, 1, "councils", "the registry must have a `councils:` list")])
    councils: dict[str, Council] = {}
    problems: list[Problem] = []
    for entry in data["councils"]:
        slug = entry.get("slug") if isinstance(entry, dict) else None
        if not isinstance(slug, str):
            problems.append(Problem(rel, 1, "councils", f"an entry has no slug: {str(entry)[:60]}"))
            continue
        if not _SLUG.fullmatch(slug):
            # Slugs become paths (councils/<slug>/, api/councils/<slug>.json): "../x" would write outside the site.
            problems.append(_registry_problem(rel, ascii(slug[:60]), "slug must be lower-case letters, digits and single "
                                                              "hyphens, e.g. telford-and-wrekin"))
            continue
        try:
            centroid = entry.get("centroid")
            council = Council(
                slug=slug,
                name=str(entry["name"]),
                ofsted_urn=int(entry["ofsted_urn"]),
                la_number=int(entry["la_number"]),
                ons_code=str(entry["ons_code"]),
                region=str(entry["region"]),
                type=str(entry["type"]),
                status=str(entry["status"]),
                predecessors=tuple(entry.get("predecessors") or ()),
                successors=tuple(entry.get("successors") or ()),
                statistical_neighbours=tuple(entry.get("statistical_neighbours") or ()),
                centroid=Centroid(float(centroid["lat"]), float(centroid["lon"])) if centroid else None,
                also_known_as=tuple(entry.get("also_known_as") or ()),
                ended=entry.get("ended"),
            )
        except (KeyError, TypeError, ValueError) as exc:
            problems.append(_registry_problem(rel, slug, f"missing or bad value ({exc})"))
            continue
        if slug in councils:
            problems.append(_registry_problem(rel, slug, "slug appears twice"))
        if council.centroid and not (-90 <= council.centroid.lat <= 90 and -180 <= council.centroid.lon <= 180):
            # also refuses NaN and infinity, which would make the JSON exports invalid
            problems.append(_registry_problem(rel, slug, "centroid must be a latitude and longitude in degrees, "
                                                         "e.g. {lat: 52.63, lon: -1.13}"))
        if council.region not in REGIONS:
            problems.append(_registry_problem(rel, slug, f"region '{council.region}' not allowed; allowed: {', '.join(REGIONS)}"))
        if council.type not in COUNCIL_TYPES:
            problems.append(_registry_problem(rel, slug, f"type '{council.type}' not allowed; allowed: {', '.join(COUNCIL_TYPES)}"))
        if council.status not in COUNCIL_STATUSES:
            problems.append(_registry_problem(rel, slug, f"status '{council.status}' not allowed; allowed: current, former"))
        councils[slug] = council
    for council in councils.values():
        for link in council.predecessors + council.successors + council.statistical_neighbours:
            if link not in councils:
                problems.append(_registry_problem(rel, council.slug, f"links to unknown council '{link}'"))
    if problems:
        raise RecordsInvalid(problems)
    return councils


def record_paths(records_dir: Path) -> list[Path]:
    """Every record file, in a stable order."""
    return sorted(p for p in records_dir.glob("*/*.md") if p.is_file())


def load_dataset(
    records_dir: Path,
    *,
    today: dt.date | None = None,
    paths: list[Path] | None = None,
    root: Path | None = None,
) -> Dataset:
    """Load and validate the registry and records (all, or just `paths`).

    Paths in problems are relative to `root` (default: the parent of
    `records_dir`, i.e. the repository), so they read `records/x/y.md`.
    """
    records_dir = Path(records_dir)
    root = Path(root) if root else records_dir.parent
    today = today or dt.date.today()
    rel_path = _relative_to(root)
    councils = load_councils(records_dir / REGISTRY_NAME, rel_path(records_dir / REGISTRY_NAME))
    problems: list[Problem] = []
    inspections: list[Inspection] = []
    raws: dict[str, RawRecord] = {}
    for path in paths if paths is not None else record_paths(records_dir):
        rel = rel_path(path)
        raw = read_record(path, rel)
        if isinstance(raw, list):
            problems.extend(raw)
            continue
        raws[rel] = raw
        inspection, found = check_record(raw, councils, today)
        problems.extend(found)
        if inspection:
            inspections.append(inspection)
    problems.extend(check_collection(inspections, raws))
    if problems:
        raise RecordsInvalid(sorted(problems, key=lambda p: (p.path, p.line)))
    inspections.sort(key=lambda i: i.sort_key)
    return Dataset(councils, tuple(inspections))


def _relative_to(root: Path):
    """`_rel` for many paths under few folders: each folder is resolved once
    (resolving every file was a third of the validator's time on 10,000
    records). A file that is itself a symlink is resolved in full, as before."""
    root_resolved = root.resolve()
    folders: dict[Path, Path] = {}

    def rel(path: Path) -> str:
        path = Path(path)
        if path.name in ("", ".", "..") or path.is_symlink():
            return _rel(path, root)
        folder = folders.get(path.parent)
        if folder is None:
            folder = folders[path.parent] = path.parent.resolve()
        try:
            return (folder / path.name).relative_to(root_resolved).as_posix()
        except ValueError:
            return path.as_posix()

    return rel


def _rel(path: Path, root: Path) -> str:
    try:
        return Path(path).resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return Path(path).as_posix()
