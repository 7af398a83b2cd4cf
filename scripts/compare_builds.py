#!/usr/bin/env python3
"""Build the site from two versions of the code on the same records and
compare every file byte for byte.

    python3 scripts/compare_builds.py REF             # REF (e.g. main~3) against the working tree
    python3 scripts/compare_builds.py REF --records tests/fixtures/records
    python3 scripts/compare_builds.py --sites A B     # compare two sites built already

A change to the code that should not change the site (a restructuring) must
print "identical" here. The REF version is checked out with `git worktree`
into a temporary folder; both builds read the same records and the same
"as of" date, so only the code differs. Exit status: 0 identical, 1 differs.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent


def site_files(site_dir: Path) -> dict[str, bytes]:
    return {p.relative_to(site_dir).as_posix(): p.read_bytes() for p in sorted(site_dir.rglob("*")) if p.is_file()}


def differences(before: Path, after: Path) -> list[str]:
    """One line per file that is missing, new or different, in path order."""
    old, new = site_files(before), site_files(after)
    lines = []
    for path in sorted(old.keys() | new.keys()):
        if path not in new:
            lines.append(f"only in {before.name}: {path}")
        elif path not in old:
            lines.append(f"only in {after.name}: {path}")
        elif old[path] != new[path]:
            lines.append(f"differs: {path}")
    return lines


def write_config(tree: Path, records: Path, dest: Path, *, as_of: str | None) -> Path:
    """A config in `dest` that builds the site of the code in `tree` from
    `records` (and, if given, with a fixed "as of" date)."""
    extra = {"records_dir": str(Path(records).resolve())}
    if as_of:
        extra["as_of"] = str(as_of)
    config = {
        "INHERIT": str(tree / "mkdocs.yml"),
        # Relative paths in the inherited file would resolve against `dest`.
        "docs_dir": str(tree / "docs"),
        "theme": {"name": "material", "custom_dir": str(tree / "overrides")},
        "hooks": [str(tree / "hooks" / "site.py")],
        "watch": [],
        "extra": extra,
    }
    path = Path(dest) / "mkdocs.yml"
    path.write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    return path


def build(tree: Path, records: Path, as_of: str, dest: Path) -> Path:
    """`mkdocs build --strict` of the code in `tree`, reading `records`."""
    dest.mkdir(parents=True, exist_ok=True)
    write_config(tree, records, dest, as_of=as_of)
    site = dest / "site"
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-f",
                             str(dest / "mkdocs.yml"), "-d", str(site)], cwd=dest,
                            env=dict(os.environ, NO_MKDOCS_2_WARNING="1"), capture_output=True, text=True)
    if result.returncode:
        raise SystemExit(f"compare_builds: the build of {tree} failed:\n{result.stderr}{result.stdout}")
    return site


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("ref", nargs="?", help="git revision to compare the working tree with")
    parser.add_argument("--records", type=Path, default=ROOT / "records", help="records folder both builds read")
    parser.add_argument("--as-of", default="2026-11-01", help="the site's 'as of' date in both builds")
    parser.add_argument("--sites", nargs=2, type=Path, metavar=("BEFORE", "AFTER"), help="compare two built sites")
    args = parser.parse_args(argv)
    if args.sites:
        before, after = args.sites
        lines = differences(before, after)
    elif args.ref:
        with tempfile.TemporaryDirectory(prefix="compare-builds-") as tmp:
            tmp = Path(tmp)
            subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "--detach", "-q", str(tmp / "ref"), args.ref],
                           check=True)
            try:
                before = build(tmp / "ref", args.records, args.as_of, tmp / "before")
                after = build(ROOT, args.records, args.as_of, tmp / "after")
                lines = differences(before, after)
            finally:
                subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(tmp / "ref")],
                               check=False)
    else:
        parser.error("give a git revision, or --sites BEFORE AFTER")
    for line in lines:
        print(line)
    print("identical" if not lines else f"{len(lines)} file(s) differ")
    return 1 if lines else 0


if __name__ == "__main__":
    sys.exit(main())
