"""`mkdocs serve` with a broken record: it keeps serving the last good site,
shows the problem on every page, and drops the notice once the record is
fixed. Against a live server on 127.0.0.1 (about two minutes: three builds).
"""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from browser import build_env, make_project

pytestmark = pytest.mark.slow

BROKEN = "records/leeds/2024-01-08-focused-visit.md"
BROKEN_TEXT = "---\ncouncil: leeds\nkind: [focused-visit\n---\n"
NOTICE = 'id="records-invalid"'
WAIT = 300  # seconds for a build, generous for a busy machine


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _get(url: str) -> str:
    # A page request must be answered: before, it hung while a record was broken.
    with urllib.request.urlopen(url, timeout=60) as response:
        return response.read().decode("utf-8")


def _wait_for(url: str, condition, what: str) -> str:
    deadline = time.monotonic() + WAIT
    last = ""
    while time.monotonic() < deadline:
        try:
            last = _get(url)
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            last = ""
        if last and condition(last):
            return last
        time.sleep(2)
    raise AssertionError(f"waited {WAIT} s for {what}")


@pytest.fixture
def server(tmp_path):
    config = make_project(tmp_path / "project", copy_records=False)
    port = _free_port()
    log = (tmp_path / "serve.log").open("w")
    process = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "-f", str(config), "-a", f"127.0.0.1:{port}"],
        cwd=config.parent, env=build_env(), stdout=log, stderr=subprocess.STDOUT)
    try:
        yield config.parent, f"http://127.0.0.1:{port}/inspections/", tmp_path / "serve.log"
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


def test_serve_keeps_the_last_good_site_and_shows_the_problem(server):
    project, base, log = server
    page = base + "councils/leeds/"
    first = _wait_for(page, lambda html: "Leeds" in html, "the first build")
    assert NOTICE not in first

    (project / BROKEN).parent.mkdir(exist_ok=True)
    (project / BROKEN).write_text(BROKEN_TEXT, encoding="utf-8")
    broken = _wait_for(page, lambda html: NOTICE in html, "the notice after breaking a record")
    assert f"{BROKEN}:4: kind: front matter is not valid YAML" in broken
    assert "Leeds" in broken  # the last good site, still served
    assert NOTICE in _get(base) and NOTICE in _get(base + "ratings/")  # on every page
    assert f"{BROKEN}:4: kind:" in Path(log).read_text(encoding="utf-8")  # and in the terminal

    (project / BROKEN).unlink()
    fixed = _wait_for(page, lambda html: NOTICE not in html, "the notice to go once the record is fixed")
    assert "Leeds" in fixed
