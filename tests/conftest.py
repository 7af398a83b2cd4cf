"""Shared test set-up: import the domain package from hooks/, and the real site."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "hooks"))
sys.path.insert(0, str(ROOT / "scripts"))


@pytest.fixture(scope="session")
def real_site(tmp_path_factory):
    """The real site (this checkout's records) as a sitebuild.BuiltSite, built
    once per test process: the same build that browser.real_site and
    opendata_fixtures.real_site return."""
    from sitebuild import shared_real_site

    site = shared_real_site(tmp_path_factory)
    if not site.ok:
        pytest.fail(f"mkdocs build of the real site failed:\n{site.log[-4000:]}")
    return site


# --- fixtures shared by several test modules ---------------------------------------------


@pytest.fixture(scope="module")
def dataset():
    """The real records, loaded and validated (a module may define its own `dataset`)."""
    from inspections.dataset import load_dataset

    return load_dataset(ROOT / "records")


@pytest.fixture(scope="module")
def summaries(dataset):
    from inspections import derive

    return derive.summarise(dataset)


@pytest.fixture(scope="module")
def base_url(site_dir):
    """The module's `site_dir` served on localhost (for browser tests)."""
    from browser import serve

    with serve(site_dir) as url:
        yield url


@pytest.fixture(scope="module")
def chromium():
    """One headless Chromium for the module's browser tests."""
    from browser import launch
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = launch(playwright)
        yield browser
        browser.close()
