"""The site's "as of" date: when the records last changed.

Pages say how long ago things happened relative to this date, never the
wall clock, so building the same commit twice gives the same site.
"""

from __future__ import annotations

import datetime as dt
import subprocess
from pathlib import Path


def last_commit_date(path: Path) -> dt.date | None:
    """Date of the last git commit touching `path`, or None without git."""
    path = Path(path).resolve()
    try:
        out = subprocess.run(
            ["git", "log", "-1", "--format=%cs", "--", path.name],
            cwd=path.parent, capture_output=True, text=True, timeout=30, check=False,
        ).stdout.strip()
        return dt.date.fromisoformat(out) if out else None
    except (OSError, ValueError, subprocess.SubprocessError):
        return None


def as_of_date(dataset, records_dir: Path) -> dt.date:
    """Last commit touching the records, else the newest publication date.

    Never earlier than the newest publication: a record added but not yet
    committed (while editing, or in a pull request's merge preview) must not
    look published after the data "last changed"."""
    newest = max((i.published for i in dataset.inspections), default=None)
    committed = last_commit_date(records_dir)
    dates = [d for d in (committed, newest) if d is not None]
    return max(dates) if dates else dt.date(1970, 1, 1)
