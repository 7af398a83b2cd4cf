"""Build the site from any records folder and read its pages. For tests.

    from sitebuild import build_site

    site = build_site(records_dir, tmp_path)        # mkdocs build --strict, as CI does
    assert site.ok, site.log                        # exit code 0
    soup = site.page("ratings/")                    # BeautifulSoup of /ratings/index.html
    site.exists("councils/leicester/")              # True if that page was written
    site.warnings                                   # WARNING/ERROR lines of the build log
    BuiltSite(real_site_dir).page("history/")       # read a site built elsewhere
    shared_real_site()                              # this checkout's site, built once per test process

`build_site` writes a small config into `dest` that inherits the real
`mkdocs.yml` (same theme, hooks, templates and hand-written docs) and points
`extra.records_dir` at `records_dir`. `as_of` fixes the site's "as of" date
so ages like "2 years 3 months" are stable; pass None to use the real rule
(last git commit touching the records, else the newest publication date).

Not a test module: pytest only collects test_*.py.
"""

from __future__ import annotations

import atexit
import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import compare_builds
from bs4 import BeautifulSoup

ROOT = Path(__file__).resolve().parent.parent


@dataclass
class BuiltSite:
    site_dir: Path
    result: subprocess.CompletedProcess | None = None  # None: a site folder read as it is, built elsewhere

    @property
    def ok(self) -> bool:
        return self.result is None or self.result.returncode == 0

    @property
    def log(self) -> str:
        return self.result.stderr + self.result.stdout if self.result else ""

    @property
    def warnings(self) -> list[str]:
        return [line for line in self.log.splitlines() if line.startswith(("WARNING", "ERROR"))]

    def path(self, url: str) -> Path:
        """The HTML file for a site URL like "councils/leicester/" ("" is the home page)."""
        url = url.strip("/")
        target = self.site_dir / url if url else self.site_dir
        return target if url.endswith((".html", ".xml", ".json", ".csv")) else target / "index.html"

    def exists(self, url: str) -> bool:
        return self.path(url).is_file()

    def page(self, url: str) -> BeautifulSoup:
        return _parse(self.path(url))


@lru_cache(maxsize=512)
def _parse(path: Path) -> BeautifulSoup:
    # Pages are read many times by a module's tests; parse each once.
    return BeautifulSoup(path.read_text(encoding="utf-8"), "lxml")


def write_config(records_dir: Path, dest: Path, *, as_of: str | None) -> Path:
    """A config in `dest` building the real site from `records_dir`."""
    return compare_builds.write_config(ROOT, records_dir, dest, as_of=as_of)


def build_site(records_dir: Path, dest: Path, *, as_of: str | None = "2026-11-01", strict: bool = True,
               timeout: int = 900) -> BuiltSite:
    """`mkdocs build` (in a subprocess, like CI) of the site made from
    `records_dir`, into `dest/site`. Returns a BuiltSite whatever the outcome."""
    dest = Path(dest)
    dest.mkdir(parents=True, exist_ok=True)
    config = write_config(records_dir, dest, as_of=as_of)
    site_dir = dest / "site"
    cmd = [sys.executable, "-m", "mkdocs", "build", "-f", str(config), "-d", str(site_dir)]
    if strict:
        cmd.append("--strict")
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    result = subprocess.run(cmd, cwd=dest, env=env, capture_output=True, text=True, timeout=timeout, check=False)
    return BuiltSite(site_dir, result)


def text(node) -> str:
    """The visible text of a node with whitespace collapsed (for comparisons),
    without the "¶" permalinks MkDocs adds to headings."""
    if node is None:
        return ""
    parts = [s for s in node.find_all(string=True)
             if not any("headerlink" in (p.get("class") or []) for p in s.parents if p is not node)]
    return " ".join("".join(parts).split())


# --- the real site, shared ------------------------------------------------------------

_shared: dict[str, BuiltSite] = {}
#: How many times this process has built the real site (1 once any test asked for it).
real_site_builds = 0


def shared_real_site(tmp_path_factory=None) -> BuiltSite:
    """This checkout's records built into the real site, once per test process.

    Every helper and fixture that wants the real site (conftest's `real_site`
    fixture, browser.real_site, opendata_fixtures.real_site) goes through this,
    so a run builds it once. A module cache rather than only a session fixture:
    helpers called from module-scoped fixtures in several test files must reach
    the same build. The "as of" date follows the real rule (the last commit
    touching the records), as the published site's does. The build goes under
    `tmp_path_factory`'s folder when given (kept by pytest for a look after a
    failure), else in a temporary folder removed at exit.
    """
    global real_site_builds
    if "site" not in _shared:
        if tmp_path_factory is not None:
            dest = tmp_path_factory.mktemp("real-site")
        else:
            dest = Path(tempfile.mkdtemp(prefix="real-site-"))
            atexit.register(shutil.rmtree, dest, ignore_errors=True)
        real_site_builds += 1
        print(f"sitebuild: building the real site in {dest} (build {real_site_builds} of this process)",
              file=sys.stderr)
        _shared["site"] = build_site(ROOT / "records", dest, as_of=None)
    return _shared["site"]
