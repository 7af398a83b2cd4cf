"""Load the council registry and every record into one validated Dataset.

This is the first step of the one-way flow: files on disk -> Dataset ->
derived views -> pages and exports. Callers get either a complete, valid
Dataset or RecordsInvalid carrying every problem found.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from .load import RawRecord, read_record
from .model import Council, Inspection, Problem, RecordsInvalid
from .registry import REGISTRY_NAME, load_registry
from .validate import check_collection, check_record


@dataclass(frozen=True)
class Dataset:
    councils: dict[str, Council]  # by slug, in registry order
    inspections: tuple[Inspection, ...]  # oldest first, stable

    def for_council(self, slug: str) -> list[Inspection]:
        return [i for i in self.inspections if i.council == slug]


def load_councils(path: Path, rel: str = "records/councils.yml") -> dict[str, Council]:
    """Read and check the registry. Raises RecordsInvalid on any problem."""
    return load_registry(path, rel)


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
