"""The site builds the same with ProperDocs, the continuation of MkDocs 1.x, as with MkDocs.

ProperDocs runs in its own environment, .venv-properdocs (requirements-properdocs.txt),
made here on first use through scripts/dev.py and kept (it is gitignored), so .venv
stays as requirements-dev.txt makes it. Both builds are of the real mkdocs.yml and
records, with --strict.

"The same" means: the same files; every file that is not an HTML page (downloads
under data/ and api/, the feeds, datapackage.json, the search index, sitemaps,
assets) byte-identical; every HTML page byte-identical once its
`<meta name="generator">` tag is taken out. That tag names the generator
("mkdocs-1.6.1, ..." against "mkdocs-ProperDocs 1.6.7, ...") and is the only
thing allowed to differ.
"""

from __future__ import annotations

import fcntl
import re
import shutil
import subprocess
from pathlib import Path

import dev
import pytest
from browser import ROOT, build_env, real_site
from sitebuild import write_config

pytestmark = pytest.mark.slow  # builds the whole real site twice

PROPERDOCS_VERSION = "1.6.7"
GENERATOR = re.compile(rb'<meta name="generator" content="([^"]*)">')
MKDOCS_GENERATOR = b"mkdocs-1.6.1, mkdocs-material-9.8.1"
PROPERDOCS_GENERATOR = f"mkdocs-ProperDocs {PROPERDOCS_VERSION}, mkdocs-material-9.8.1".encode()
REJECTED = ROOT / "tests" / "fixtures" / "hostile" / "rejected"


@pytest.fixture(scope="module")
def properdocs_python() -> Path:
    """.venv-properdocs' Python, the environment made or updated first if needed.
    A lock keeps two test processes from installing into it at once."""
    with open(ROOT / ".venv-properdocs.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            return dev.ensure_properdocs()
        except dev.SetupError as exc:
            pytest.fail(f"could not make {dev.PROPERDOCS_VENV.name}: {exc}")


def properdocs_build(python: Path, config: Path, site_dir: Path) -> subprocess.CompletedProcess:
    cmd = [str(python), "-m", "properdocs", "build", "--strict", "-f", str(config), "-d", str(site_dir)]
    return subprocess.run(cmd, cwd=config.parent, env=build_env(), capture_output=True, text=True,
                          timeout=900, check=False)


def files(site_dir: Path) -> dict[str, bytes]:
    return {p.relative_to(site_dir).as_posix(): p.read_bytes() for p in sorted(site_dir.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def two_builds(tmp_path_factory, properdocs_python):
    """(MkDocs build, ProperDocs build) of the real site, each as {path: bytes}."""
    mkdocs_site = real_site(tmp_path_factory)
    properdocs_site = tmp_path_factory.mktemp("properdocs") / "site"
    result = properdocs_build(properdocs_python, ROOT / "mkdocs.yml", properdocs_site)
    assert result.returncode == 0, f"properdocs build --strict failed:\n{result.stderr[-4000:]}"
    return files(mkdocs_site), files(properdocs_site)


def test_properdocs_is_the_pinned_version(properdocs_python):
    out = subprocess.run([str(properdocs_python), "-m", "properdocs", "--version"], capture_output=True,
                         text=True, check=True).stdout
    assert f"version {PROPERDOCS_VERSION}" in out, out


def test_both_builds_make_the_same_files(two_builds):
    mkdocs_files, properdocs_files = two_builds
    only_mkdocs = sorted(set(mkdocs_files) - set(properdocs_files))
    only_properdocs = sorted(set(properdocs_files) - set(mkdocs_files))
    assert not only_mkdocs and not only_properdocs, (
        f"only MkDocs made {only_mkdocs[:20]}; only ProperDocs made {only_properdocs[:20]}")


def test_downloads_and_other_files_are_byte_identical(two_builds):
    mkdocs_files, properdocs_files = two_builds
    compared = [name for name in mkdocs_files if not name.endswith(".html") and name in properdocs_files]
    differ = [name for name in compared if mkdocs_files[name] != properdocs_files[name]]
    assert not differ, f"{len(differ)} of {len(compared)} files differ between MkDocs and ProperDocs: {differ}"
    # The downloads are among them.
    for name in ("feed.xml", "datapackage.json", "data/inspections.csv", "data/latest.json", "data/ilacs.xlsx",
                 "councils/leeds/feed.xml", "search/search_index.json", "sitemap.xml"):
        assert name in compared, name
    assert any(name.startswith("api/councils/") for name in compared)


def test_pages_differ_only_in_the_generator_tag(two_builds):
    mkdocs_files, properdocs_files = two_builds
    pages = [name for name in mkdocs_files if name.endswith(".html") and name in properdocs_files]
    assert len(pages) > 150 and "councils/leeds/index.html" in pages and "404.html" in pages
    differ, generators = [], set()
    for name in pages:
        one, two = mkdocs_files[name], properdocs_files[name]
        generators.add((tuple(GENERATOR.findall(one)), tuple(GENERATOR.findall(two))))
        if GENERATOR.sub(b"", one) != GENERATOR.sub(b"", two):
            differ.append(name)
    assert not differ, f"{len(differ)} of {len(pages)} pages differ beyond the generator tag: {differ}"
    assert generators == {((MKDOCS_GENERATOR,), (PROPERDOCS_GENERATOR,))}, generators


def test_an_invalid_record_stops_the_properdocs_build_too(tmp_path, properdocs_python):
    """hooks/site.py's `raise Abort` works under ProperDocs: the validator's
    messages, no traceback, a non-zero exit and no site left behind."""
    records = tmp_path / "records"
    shutil.copytree(REJECTED / "leeds", records / "leeds")
    shutil.copy2(ROOT / "records" / "councils.yml", records / "councils.yml")
    config = write_config(records, tmp_path, as_of="2026-11-01")
    site_dir = tmp_path / "site"
    site_dir.mkdir()
    (site_dir / "index.html").write_text("an earlier build")
    result = properdocs_build(properdocs_python, config, site_dir)
    output = result.stdout + result.stderr
    assert result.returncode == 1, output[-3000:]
    assert "records/leeds/2024-01-08-focused-visit.md:" in result.stderr and "contains HTML" in result.stderr
    assert "the site was not built" in output
    assert "Traceback" not in output
    assert list(site_dir.iterdir()) == []
