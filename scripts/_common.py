"""Shared set-up for the command-line scripts: find the package, print problems,
write or check generated files."""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RECORDS = ROOT / "records"
if str(ROOT / "hooks") not in sys.path:
    sys.path.insert(0, str(ROOT / "hooks"))


def annotation_data(text: str) -> str:
    """Text after `::` in a GitHub workflow command, escaped as GitHub's toolkit does."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def annotation_property(text: str) -> str:
    """A property value (`file=...`) in a workflow command: also `:` and `,`,
    which would otherwise end the value (a file name is untrusted text)."""
    return annotation_data(text).replace(":", "%3A").replace(",", "%2C")


def print_problems(problems, *, github: bool = False, stream=sys.stdout) -> None:
    """One line per problem; with `github`, also as workflow annotations."""
    for problem in problems:
        print(problem, file=stream)
        if github:
            message = f"{problem.field}: {problem.message}" if problem.field else problem.message
            print(f"::error file={annotation_property(problem.path)},line={problem.line or 1}::"
                  f"{annotation_data(message)}", file=stream)


def shown_path(path: Path) -> str:
    """A path as printed: relative to the repository when it is inside it."""
    try:
        return Path(path).resolve().relative_to(ROOT).as_posix()
    except ValueError:
        return str(path)


def refresh(outputs: dict[Path, str], *, check: bool, command: str) -> int:
    """Write each generated file, or with `check` only compare it with the file on
    disk; one line each. Exit status: 1 when `check` finds a file stale or missing."""
    from inspections.write import write_or_check

    status = 0
    for path, text in outputs.items():
        done = write_or_check(path, text, check=check, command=command, shown=shown_path(path))
        print(done.message, file=sys.stdout if done.ok else sys.stderr)
        status = status or (0 if done.ok else 1)
    return status
