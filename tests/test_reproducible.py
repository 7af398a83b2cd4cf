"""Reproducible builds: the same commit built twice gives byte-identical files.

The second build runs with a different clock (faketime, when installed),
timezone, hash seed and SOURCE_DATE_EPOCH, into a different folder: none of
them may show in the output. Dates come from the records (the last commit
touching records/, else the newest publication date), never the clock.
"""

from __future__ import annotations

import datetime as dt
import gzip
import re
import shutil
import struct
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from browser import ROOT, build, build_env, make_project

pytestmark = pytest.mark.slow

FAKETIME = shutil.which("faketime")


def _files(site_dir: Path) -> dict[str, bytes]:
    return {p.relative_to(site_dir).as_posix(): p.read_bytes() for p in sorted(site_dir.rglob("*")) if p.is_file()}


def _build_under_other_conditions(site_dir: Path, config: Path) -> subprocess.CompletedProcess:
    env = build_env(SOURCE_DATE_EPOCH="978307200",  # 2001-01-01: must be overridden by the records' date
                    PYTHONHASHSEED="4242", TZ="Pacific/Kiritimati", LC_ALL="C.UTF-8")
    if not FAKETIME:
        return build(site_dir, config=config, env=env)
    # faketime shifts every clock read (Python, zip, gzip) 400 days ahead.
    cmd = [FAKETIME, "-f", "+400d", *build_cmd(site_dir, config)]
    return subprocess.run(cmd, cwd=config.parent, env=env, capture_output=True, text=True, timeout=900, check=False)


def build_cmd(site_dir: Path, config: Path) -> list[str]:
    return [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config), "-d", str(site_dir)]


@pytest.fixture(scope="module")
def two_builds(tmp_path_factory):
    base = tmp_path_factory.mktemp("reproducible")
    first, second = base / "one" / "site", base / "two" / "elsewhere"
    result = build(first, env=build_env(PYTHONHASHSEED="1"))
    assert result.returncode == 0, result.stderr[-3000:]
    result = _build_under_other_conditions(second, ROOT / "mkdocs.yml")
    assert result.returncode == 0, result.stderr[-3000:]
    return _files(first), _files(second)


def test_two_builds_are_byte_identical(two_builds):
    one, two = two_builds
    assert sorted(one) == sorted(two), "the two builds made different files"
    differ = [name for name in one if one[name] != two[name]]
    assert not differ, f"{len(differ)} files differ between two builds of the same commit, e.g. {differ[:10]}"


def test_every_kind_of_output_was_compared(two_builds):
    one, _ = two_builds
    for name in ("index.html", "sitemap.xml", "sitemap.xml.gz", "search/search_index.json",
                 "councils/leeds/index.html", "feed.xml"):
        assert name in one, name
    for suffix in (".csv", ".json", ".xlsx"):
        assert any(name.endswith(suffix) for name in one), suffix
    assert any(name.startswith("api/councils/") for name in one)


def _records_commit_date() -> dt.date:
    out = subprocess.run(["git", "log", "-1", "--format=%cs", "--", "records"], cwd=ROOT,
                         capture_output=True, text=True, check=True).stdout.strip()
    return dt.date.fromisoformat(out)


def _sitemap_dates(files: dict[str, bytes]) -> set[str]:
    return set(re.findall(r"<lastmod>([^<]+)</lastmod>", files["sitemap.xml"].decode()))


def _gzip_mtime(data: bytes) -> int:
    return struct.unpack("<I", data[4:8])[0]


def test_dates_come_from_the_last_records_commit(two_builds):
    one, _ = two_builds
    as_of = _records_commit_date()
    assert _sitemap_dates(one) == {as_of.isoformat()}
    assert _gzip_mtime(one["sitemap.xml.gz"]) == int(dt.datetime(as_of.year, as_of.month, as_of.day,
                                                                 tzinfo=dt.UTC).timestamp())
    assert gzip.decompress(one["sitemap.xml.gz"]) == one["sitemap.xml"]


def test_workbook_zip_entries_are_not_dated_by_the_clock(two_builds, tmp_path):
    one, _ = two_builds
    (name,) = [n for n in one if n.endswith(".xlsx")]
    path = tmp_path / "book.xlsx"
    path.write_bytes(one[name])
    with zipfile.ZipFile(path) as book:
        stamps = {info.date_time[:3] for info in book.infolist()}
    as_of = _records_commit_date()
    assert stamps <= {(as_of.year, as_of.month, as_of.day), (1980, 1, 1)}, stamps


def test_without_git_the_date_is_the_newest_publication(tmp_path):
    """A copy of the records outside git (e.g. a source tarball) is dated by
    the records themselves, not by the day it is built."""
    config = make_project(tmp_path / "project")
    result = build(tmp_path / "site", config=config)
    assert result.returncode == 0, result.stderr[-3000:]
    newest = max(re.search(r"^published:\s*(\S+)", p.read_text(encoding="utf-8"), re.M).group(1)
                 for p in (ROOT / "records").glob("*/*.md"))
    files = _files(tmp_path / "site")
    assert _sitemap_dates(files) == {newest}
