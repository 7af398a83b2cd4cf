"""The build fails closed: an invalid record stops `mkdocs build` with the
validator's messages (no traceback), and no site is left looking good.

MkDocs empties site_dir before the hooks load the records, and
hooks/site.py's on_build_error empties it again when a later step fails
(strict-mode warnings, exports), so a failed build leaves an empty folder.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from browser import build, make_project

ROOT = Path(__file__).resolve().parent.parent
REJECTED = ROOT / "tests" / "fixtures" / "hostile" / "rejected"

pytestmark = pytest.mark.slow  # builds the site

# What the validator must say about each rejected fixture (tests/fixtures/hostile/rejected/leeds/).
EXPECTED = {
    "2024-01-08-focused-visit.md": "body: contains HTML (`<script>alert('XSS')</script>`)",
    "2024-01-09-focused-visit.md": "body: contains HTML (`<iframe",
    "2024-01-10-focused-visit.md": "body: contains HTML (",
    "2024-01-11-focused-visit.md": "body: contains HTML (`<style>",
    "2024-01-12-focused-visit.md": "body: contains HTML (`<a href=",
    "2024-01-15-focused-visit.md": "body: links to 'javascript:alert(",
    "2024-01-16-focused-visit.md": "body: links to 'jav%09ascript:alert(",
    "2024-01-17-focused-visit.md": "body: links to 'vbscript:msgbox(",
    "2024-01-18-focused-visit.md": "body: contains an image",
    "2024-01-19-focused-visit.md": "body: contains HTML (",
    "2024-01-22-focused-visit.md": "lead_inspector: contains an invisible text-direction control character",
    "2024-01-23-focused-visit.md": "sources[0].url: 'javascript:alert('XSS')' is not a web address",
    "2024-01-24-focused-visit.md": "report_url: 'https://evil.example/v1/file/1' is not an https link to ofsted.gov.uk",
    "2024-01-25-focused-visit.md": "sources[0].url: 'data:text/html,",
}

BROKEN_YAML = "---\ncouncil: leeds\nkind: [focused-visit\n---\nBody.\n"
# Files the build would once skip without a word: now refused by name.
SKIPPED = {
    "records/leeds/2024-02-05-focused-visit.MD": "ends in '.MD'; a record's name ends in .md",
    "records/leeds/2024/2024-02-06-focused-visit.md": "is too deep in records/",
}


def test_every_rejected_fixture_is_listed():
    assert sorted(p.name for p in (REJECTED / "leeds").glob("*.md")) == sorted(EXPECTED)


@pytest.fixture(scope="module")
def failed_build(tmp_path_factory):
    """A good build into site/, then a build with every rejected record into the same folder."""
    project = tmp_path_factory.mktemp("fail-closed")
    config = make_project(project)
    site_dir = project / "site"
    good = build(site_dir, config=config)
    assert good.returncode == 0, good.stderr[-3000:]
    assert (site_dir / "index.html").is_file() and (site_dir / "councils/leeds/index.html").is_file()

    for path in (REJECTED / "leeds").glob("*.md"):
        (project / "records/leeds" / path.name).write_bytes(path.read_bytes())
    (project / "records/leeds/2024-02-01-focused-visit.md").write_text(BROKEN_YAML, encoding="utf-8")
    for rel in SKIPPED:
        (project / rel).parent.mkdir(parents=True, exist_ok=True)
        (project / rel).write_bytes((REJECTED / "leeds" / "2024-01-08-focused-visit.md").read_bytes())
    return build(site_dir, config=config), site_dir


@pytest.mark.parametrize("rel", sorted(SKIPPED))
def test_a_file_the_build_would_skip_stops_it_by_name(failed_build, rel):
    result, _ = failed_build
    assert f"{rel}:1: {SKIPPED[rel]}" in result.stderr


def test_invalid_records_stop_the_build(failed_build):
    result, _ = failed_build
    assert result.returncode != 0
    assert "Traceback" not in result.stderr + result.stdout
    assert "the site was not built" in result.stdout + result.stderr  # MkDocs prints Abort on stdout


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_the_validators_message_names_file_line_and_field(failed_build, name):
    result, _ = failed_build
    lines = [line for line in result.stderr.splitlines() if f"records/leeds/{name}:" in line]
    assert lines, f"no message for {name}"
    assert any(EXPECTED[name] in line for line in lines), lines
    # path:line: field: message
    assert all(line.split(f"records/leeds/{name}:")[1].split(":")[0].isdigit() for line in lines)


def test_broken_yaml_is_reported_not_raised(failed_build):
    result, _ = failed_build
    assert "records/leeds/2024-02-01-focused-visit.md:" in result.stderr


def test_no_previous_site_is_left_behind(failed_build):
    _, site_dir = failed_build
    assert not site_dir.exists() or list(site_dir.iterdir()) == []


def test_a_failure_after_pages_are_written_empties_the_site(tmp_path):
    """Strict mode aborts only after writing every page; the hook must then remove them."""
    config = make_project(tmp_path, copy_docs=True,
                          extra_files={"docs/broken-link.md": "# Broken\n\nA [link](no-such-page.md).\n"})
    site_dir = tmp_path / "site"
    result = build(site_dir, config=config)
    assert result.returncode != 0
    assert "no-such-page.md" in result.stderr
    assert "Traceback" not in result.stderr
    assert list(site_dir.iterdir()) == [], "a site that failed --strict must not be left in place"


def test_a_registry_slug_cannot_write_outside_the_site(tmp_path):
    """Slugs become paths (councils/<slug>/, api/councils/<slug>.json): one
    like ../../x must be refused before anything is written."""
    evil = {"slug": "../../../escaped", "name": "Evil", "ofsted_urn": 5, "la_number": 5, "ons_code": "E1",
            "region": "london", "type": "london-borough", "status": "former"}
    config = make_project(tmp_path / "project", registry=lambda data: {**data, "councils": data["councils"] + [evil]})
    result = build(tmp_path / "project" / "site", config=config, strict=False)
    assert result.returncode != 0
    assert "councils[156].slug: '../../../escaped' is not a slug" in result.stderr
    assert "Traceback" not in result.stderr
    assert not list(tmp_path.rglob("*escaped*"))


def test_a_registry_centroid_must_be_a_real_position(tmp_path):
    """NaN or infinity in the registry would make the JSON exports invalid JSON."""
    def nan_centroid(data):
        for council in data["councils"]:
            if council["slug"] == "leeds":
                council["centroid"] = {"lat": float("nan"), "lon": float("inf")}
        return data

    config = make_project(tmp_path / "project", registry=nan_centroid)
    result = build(tmp_path / "project" / "site", config=config, strict=False)
    assert result.returncode != 0
    assert "councils[leeds].centroid: must be a latitude and longitude" in result.stderr
