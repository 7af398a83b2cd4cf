"""Shared set-up for the command-line scripts: find the package, print problems."""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RECORDS = ROOT / "records"
if str(ROOT / "hooks") not in sys.path:
    sys.path.insert(0, str(ROOT / "hooks"))


def print_problems(problems, *, github: bool = False, stream=sys.stdout) -> None:
    """One line per problem; with `github`, also as workflow annotations."""
    for problem in problems:
        print(problem, file=stream)
        if github:
            message = f"{problem.field}: {problem.message}" if problem.field else problem.message
            message = message.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
            print(f"::error file={problem.path},line={problem.line or 1}::{message}", file=stream)
