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
