"""Shared helpers for tests that need a built site or a real browser.

- `build(...)` runs `mkdocs build` in a subprocess (as CI does) and returns the result.
- `make_project(...)` makes a throw-away project whose records are a copy of
  the real ones plus extra (e.g. hostile) files, with docs/hooks/overrides
  linked to the real ones, so tests build the real site code on other data.
- `real_site(tmp_path_factory)` is the folder of the real site, built once per
  test process by sitebuild.shared_real_site (shared with opendata_fixtures and
  conftest's `real_site` fixture).
- `serve(site_dir)` serves a built site on localhost from a thread.
- `launch(playwright)` starts Debian's chromium headless.
- `open_page(page, url)` loads a page and waits until it has settled.
- `Problems` collects a page's console errors and problem requests, by the
  rule in `request_problem`.

Not a test module: pytest only collects test_*.py.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import re
import shutil
import subprocess
import sys
import threading
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml
from sitebuild import shared_real_site

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]

needs_chromium = pytest.mark.skipif(
    not CHROMIUM.exists(),
    reason="needs Debian's chromium at /usr/bin/chromium (apt-get install chromium; "
           "scripts/dev.py test installs it in CI)",
)

# Entries of the repository a throw-away project links to (everything the build reads but records/).
_PROJECT_LINKS = ("docs", "hooks", "overrides")


def build_env(**extra: str) -> dict[str, str]:
    env = dict(os.environ)
    env["NO_MKDOCS_2_WARNING"] = "1"  # Material's end-of-life notice on stderr
    env.pop("SOURCE_DATE_EPOCH", None)  # builds must be reproducible without it
    env.update(extra)
    return env


def build(site_dir: Path, *, config: Path | None = None, strict: bool = True,
          env: dict[str, str] | None = None, timeout: int = 900) -> subprocess.CompletedProcess:
    """`mkdocs build` of `config` (default: the real mkdocs.yml) into `site_dir`."""
    config = config or ROOT / "mkdocs.yml"
    cmd = [sys.executable, "-m", "mkdocs", "build", "-f", str(config), "-d", str(site_dir)]
    if strict:
        cmd.append("--strict")
    return subprocess.run(cmd, cwd=config.parent, env=env or build_env(), capture_output=True,
                          text=True, timeout=timeout, check=False)


def make_project(dest: Path, *, extra_files: dict[str, str | bytes] | None = None,
                 registry=None, copy_records: bool = True, copy_docs: bool = False) -> Path:
    """A project in `dest` building the real site from a copy of records/ plus
    `extra_files` (paths relative to the project, e.g. "records/leeds/x.md";
    "docs/..." needs `copy_docs`).
    `registry(data) -> data` may edit the parsed councils.yml. Returns the config path.

    The project is not a git checkout, so the site's "as of" date falls back
    to the newest publication date.
    """
    dest.mkdir(parents=True, exist_ok=True)
    for name in _PROJECT_LINKS:
        if not (ROOT / name).exists():
            continue
        if name == "docs" and copy_docs:  # so extra_files may add pages
            shutil.copytree(ROOT / name, dest / name)
        else:
            (dest / name).symlink_to(ROOT / name, target_is_directory=True)
    if copy_records:
        shutil.copytree(ROOT / "records", dest / "records")
    else:
        (dest / "records").mkdir()
        shutil.copy2(ROOT / "records" / "councils.yml", dest / "records" / "councils.yml")
    if registry is not None:
        path = dest / "records" / "councils.yml"
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        path.write_text(yaml.safe_dump(registry(data), allow_unicode=True, sort_keys=False), encoding="utf-8")
    for rel, content in (extra_files or {}).items():
        path = dest / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    shutil.copy2(ROOT / "mkdocs.yml", dest / "mkdocs.yml")
    return dest / "mkdocs.yml"


def real_site(tmp_path_factory=None) -> Path:
    """The folder of the real site (this checkout's records), built once per
    test process: the same build as opendata_fixtures.real_site and conftest's
    `real_site` fixture (sitebuild.shared_real_site). A failed strict build
    fails the test that asked for it."""
    site = shared_real_site(tmp_path_factory)
    if not site.ok:
        pytest.fail(f"mkdocs build of the real site failed:\n{site.log[-4000:]}")
    return site.site_dir


def site_path() -> str:
    """The path the site is published under (from site_url), e.g. /inspections/."""
    match = re.search(r"^site_url:\s*(\S+)", (ROOT / "mkdocs.yml").read_text(encoding="utf-8"), re.M)
    path = urlsplit(match.group(1)).path if match else "/"
    return path if path.endswith("/") else path + "/"


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    prefix = "/"

    def translate_path(self, path):
        # Serve the site under the same path as in production, so absolute
        # links (404.html uses them) resolve as they will there.
        if not path.startswith(self.prefix):
            return str(Path(self.directory) / "\0not-under-the-site-path")
        return super().translate_path("/" + path[len(self.prefix):])

    def log_message(self, format, *args):  # noqa: A002  (the base class's name)
        pass


@contextlib.contextmanager
def serve(site_dir: Path, prefix: str | None = None):
    """Serve `site_dir` on an ephemeral localhost port under `prefix` (default:
    the site_url's path); yields the site's base URL (ending in /)."""
    prefix = prefix or site_path()
    handler_class = type("Handler", (_QuietHandler,), {"prefix": prefix})
    handler = functools.partial(handler_class, directory=str(site_dir))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}{prefix}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


def launch(playwright):
    return playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)


def html_pages(site_dir: Path) -> list[Path]:
    return sorted(site_dir.rglob("*.html"))


# --- pages in the browser ---------------------------------------------------------

# Generous: on a busy machine pages are slow, not broken; a real hang still fails.
TIMEOUT_MS = 60_000
# What Material's search box says until its worker has loaded the index (the site is in English).
SEARCH_INITIALIZING = "Initializing search"


def open_page(page, url: str) -> None:
    """Load `url` and wait until the page has settled: every script has run (the
    load event) and Material's search worker has loaded the index, which goes on
    after the load event (and after network idle). Leaving a page before then
    aborts the worker's requests."""
    page.goto(url)
    page.wait_for_function(
        """initializing => {
             const meta = document.querySelector('.md-search-result__meta');
             return meta === null || meta.textContent.trim() !== initializing;
           }""",
        arg=SEARCH_INITIALIZING, timeout=TIMEOUT_MS)


# Hosts the site may call, answered here with a stub so tests run offline.
KNOWN_THIRD_PARTY = {
    # Material's header repository widget fetches the repo's stars and forks
    # (only because repo_url is set; cached per session by Material).
    "api.github.com": "Material's repository widget",
}
ABORTED = "net::ERR_ABORTED"  # Chromium's error text for a request cancelled, e.g. by leaving the page


def request_problem(url: str, host: str, *, status: int | None = None, failure: str | None = None,
                    page_left: bool = False) -> str | None:
    """What is wrong with one request of a page served from `host`, or None.

    - A request to another host is a problem however it ends (the site must
      work offline and send visitors to nobody else), except to the stubbed
      KNOWN_THIRD_PARTY hosts.
    - A same-origin request that failed with net::ERR_ABORTED after a later
      navigation of the page that made it had started (`page_left`) was
      cancelled by that navigation: not a problem.
    - Any other failure (refused or reset connection, DNS, timeout, an abort
      while the page stayed) and any HTTP status of 400 or more is a problem.
    """
    parts = urlsplit(url)
    if parts.scheme in ("http", "https") and parts.netloc != host:
        return None if parts.netloc in KNOWN_THIRD_PARTY else f"request to another host: {url}"
    if failure is not None:
        return None if failure == ABORTED and page_left else f"{url}: {failure}"
    if status is not None and status >= 400:
        return f"{url}: HTTP {status}"
    return None


class Problems:
    """Console errors, uncaught exceptions and problem requests (see
    `request_problem`) of one page; requests to other hosts are refused."""

    def __init__(self, base_url: str):
        self.host = urlsplit(base_url).netloc
        self.console: list[str] = []
        self.requests: list[str] = []
        # Pages are numbered by the main-frame navigations that load them. While
        # one is under way (`leaving`) the old page is still there and may start
        # requests of its own, until the new one commits (framenavigated).
        self.navigations = 0
        self.leaving = False
        self._page_of: dict = {}  # request -> the number of the page that made it

    def watch(self, page) -> None:
        page.on("console", lambda msg: msg.type == "error" and self.console.append(f"{page.url}: {msg.text}"))
        page.on("pageerror", lambda exc: self.console.append(f"{page.url}: uncaught {exc}"))
        page.on("request", lambda req: self._started(page, req))
        page.on("framenavigated", lambda frame: frame == page.main_frame and self._committed())
        page.on("response", lambda resp: self._note(resp.url, status=resp.status))
        page.on("requestfailed", lambda req: self._note(
            req.url, failure=req.failure, page_left=self._page_of.get(req, self.navigations) < self.navigations))
        page.route("**/*", self._route)

    def _started(self, page, request) -> None:
        if request.is_navigation_request() and request.frame == page.main_frame:
            self.navigations += 1  # the request of the next page, which it belongs to
            self.leaving = True
            self._page_of[request] = self.navigations
        else:
            self._page_of[request] = self.navigations - 1 if self.leaving else self.navigations

    def _committed(self) -> None:
        self.leaving = False

    def _note(self, url: str, **outcome) -> None:
        problem = request_problem(url, self.host, **outcome)
        if problem and problem not in self.requests:
            self.requests.append(problem)

    def _route(self, route):
        parts = urlsplit(route.request.url)
        if parts.scheme not in ("http", "https") or parts.netloc == self.host:
            route.continue_()
        elif parts.netloc in KNOWN_THIRD_PARTY:
            route.fulfill(status=200, content_type="application/json", body="{}")
        else:
            # Noted now: the requestfailed event of the refused request may come after a test's last check.
            self._note(route.request.url)
            route.abort()

    def all(self) -> list[str]:
        return self.console + self.requests
