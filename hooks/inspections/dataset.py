"""Load the council registry and every record into one validated Dataset.

This is the first step of the one-way flow: files on disk -> Dataset ->
derived views -> pages and exports. Callers get either a complete, valid
Dataset or RecordsInvalid carrying every problem found.
"""

from __future__ import annotations

import datetime as dt
import os
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


#: The files in records/ itself that are not records: the registry, and the
#: JSON Schema editors use (scripts/gen_schema.py).
NOT_RECORDS = frozenset({REGISTRY_NAME, "record.schema.json"})
_WHERE = "a record lives in its council's folder, as records/<council>/<YYYY-MM-DD>-<kind>.md"


def files_under(folder: Path) -> list[Path]:
    """Every file under `folder`, and every folder linked into it (never
    followed), in a stable order: what a pull request could add."""
    found = []
    for top, folders, files in os.walk(folder):
        top_path = Path(top)
        for name in sorted(folders):
            if (top_path / name).is_symlink():
                found.append(top_path / name)
        found.extend(top_path / name for name in files)
        folders.sort()
    return sorted(found)


def refusal(parts: tuple[str, ...], path: Path) -> str | None:
    """Why the file at `parts` (its path inside records/) is not a record, or
    None when it is one. The build and the validator both ask, so they agree
    on what is a record; nothing under records/ is skipped without a word."""
    name = parts[-1]
    if path.is_dir():
        return f"is a link to a folder; {_WHERE}, in a real folder"
    if len(parts) > 2:
        return f"is too deep in records/; {_WHERE}, or the build skips it"
    if len(parts) == 1:
        return f"is not a record; {_WHERE}"
    suffix = Path(name).suffix
    if suffix == ".md":
        return None
    if suffix.lower() in (".md", ".markdown", ".mdown", ".mkd", ".mkdn"):
        return f"ends in '{suffix}'; a record's name ends in .md, in lower case, or the build skips it"
    return "is not a record (a council's folder holds only records, named <YYYY-MM-DD>-<kind>.md); move or remove it"


def _parts_in(records_dir: Path, path: Path) -> tuple[str, ...] | None:
    """The path of `path` inside `records_dir` (its last part not followed if
    it is a link), or None when it lies outside."""
    try:
        inside = (Path(path).parent.resolve() / Path(path).name).relative_to(records_dir.resolve())
    except ValueError:
        return None
    return inside.parts or None


def record_paths(records_dir: Path) -> list[Path]:
    """Every record file, in a stable order."""
    return [path for path in files_under(records_dir)
            if (parts := _parts_in(records_dir, path)) and refusal(parts, path) is None]


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
    for path in paths if paths is not None else files_under(records_dir):
        rel = rel_path(path)
        parts = _parts_in(records_dir, path)
        if parts is None:
            problems.append(Problem(rel, 1, "", f"is not in {records_dir.name}/, so the build never reads it; "
                                                f"{_WHERE}"))
            continue
        if len(parts) == 1 and parts[0] in NOT_RECORDS:
            continue
        refused = refusal(parts, path)
        if refused:
            problems.append(Problem(rel, 1, "", refused))
            continue
        raw = read_record(path, rel, within=records_dir)
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
    records). A file that is a symbolic link keeps its own name: the name is
    what a contributor sees and must fix."""
    root_resolved = root.resolve()
    folders: dict[Path, Path] = {}

    def rel(path: Path) -> str:
        path = Path(path)
        if path.name in ("", ".", ".."):
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
