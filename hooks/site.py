"""MkDocs hooks: the only module that knows about MkDocs.

It stays thin: find the records, load them into a Dataset (failing the build
closed on any invalid record), make the build's context (`Build`), ask the
page generators for the generated pages and hand them to MkDocs, and write
the downloads when MkDocs is done. Everything else lives in
`hooks/inspections/`, which has no MkDocs import, so a move to another
generator is a port of this file only.
"""

from __future__ import annotations

import calendar
import contextlib
import datetime as dt
import gc
import logging
import os
import sys
from pathlib import Path

import markdown
from markupsafe import escape
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.utils import clean_directory

# MkDocs puts this folder on sys.path only while importing this module;
# the domain package is imported here, once.
sys.path.insert(0, str(Path(__file__).resolve().parent))

from inspections import asof  # noqa: E402
from inspections.build import Build, make_build  # noqa: E402
from inspections.dataset import Dataset, load_dataset  # noqa: E402
from inspections.model import RecordsInvalid  # noqa: E402
from inspections.outputs import downloads, pages  # noqa: E402
from inspections.paths import DATA_PAGE  # noqa: E402
from inspections.reference import field_reference_markdown  # noqa: E402

log = logging.getLogger("mkdocs.hooks.inspections")

FIELD_REFERENCE_MARKER = "<!-- field-reference -->"

# Per-build state, reset in on_config (a hook module lives for the whole
# `mkdocs serve` process).
_state: dict = {}
# What outlives one build of `mkdocs serve`: the command, and the last records
# that were valid, which serve keeps showing while a record is broken.
_session: dict = {}

# Under `mkdocs serve` a broken record is reported on this logger, outside
# MkDocs' own: MkDocs counts its errors in strict mode and would then fail the
# rebuild, and a failed rebuild leaves the server stuck until the next one.
_serve_log = logging.getLogger("inspections.serve")
if not _serve_log.handlers:
    _handler = logging.StreamHandler(sys.stderr)
    _handler.setFormatter(logging.Formatter("ERROR    -  %(message)s"))
    _serve_log.addHandler(_handler)
    _serve_log.propagate = False


def on_startup(*, command: str, dirty: bool) -> None:
    _session["command"] = command


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    root = Path(config.config_file_path).resolve().parent
    records_dir = Path(config.extra.get("records_dir") or "records")
    if not records_dir.is_absolute():
        records_dir = root / records_dir
    _state.clear()
    _state["records_dir"] = records_dir
    _state["as_of_override"] = config.extra.get("as_of")
    _state["site_dir"] = config.site_dir
    if not any(isinstance(e, _CaptionIsBlock) for e in config.markdown_extensions):
        config.markdown_extensions.append(_CaptionIsBlock())
    return config


class _CaptionIsBlock(markdown.Extension):
    """Python-Markdown does not count <caption> as a block element, so in a
    `<table markdown="1">` it wrapped the caption in <p>: invalid HTML that
    stops the Nu HTML Checker ("Start tag p seen in table", fatal)."""

    def extendMarkdown(self, md):
        if "caption" not in md.block_level_elements:
            md.block_level_elements.append("caption")


def on_files(files: Files, /, *, config: MkDocsConfig) -> Files:
    with _collector_paused():
        files = _add_generated_pages(files, config)
    # Performance: the dataset and the generated pages live for the whole build
    # (about 200 MB at 10,000 records). Freezing them keeps Python's garbage
    # collector from scanning them again on every full collection while MkDocs
    # renders pages; they are unfrozen when the build ends, so `mkdocs serve`
    # can free them before the next rebuild.
    gc.collect()
    gc.freeze()
    return files


@contextlib.contextmanager
def _collector_paused():
    """Loading records and making pages and downloads allocates millions of
    objects that all live to the end of the build: the garbage collector
    would only scan them again and again (measured: 0.3 to 0.6 s at 10,000
    records), so it waits until the work is done."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _add_generated_pages(files: Files, config: MkDocsConfig) -> Files:
    records_dir: Path = _state["records_dir"]
    try:
        dataset = load_dataset(records_dir, root=records_dir.parent)
        _session["last_good"] = dataset
    except RecordsInvalid as invalid:
        dataset = _keep_serving(invalid.problems, records_dir)
    as_of = _as_of(dataset, records_dir)
    # Reproducible output: MkDocs dates pages (sitemap <lastmod>, the gzip
    # header of sitemap.xml.gz) by the clock unless SOURCE_DATE_EPOCH is set;
    # pin it to the records' date so two builds of a commit are byte-identical.
    os.environ["SOURCE_DATE_EPOCH"] = str(calendar.timegm(as_of.timetuple()))
    hand_written = {f.src_uri for f in files.documentation_pages()}
    build = make_build(dataset, as_of, site_url=config.site_url, site_name=config.site_name,
                       repo_url=config.repo_url, docs_pages=hand_written | {DATA_PAGE})
    _state["build"] = build
    for path, content in pages.files(build).items():
        existing = files.get_file_from_path(path)
        if existing is not None:
            files.remove(existing)
        files.append(File.generated(config, path, content=content))
    return files


def _keep_serving(problems, records_dir: Path) -> Dataset:
    """A build stops at the first invalid record. `mkdocs serve` instead keeps
    serving the last valid records, with the problems shown on every page
    until they are fixed (a failed rebuild would leave the server stuck)."""
    last_good = _session.get("last_good")
    if _session.get("command") != "serve" or last_good is None:
        for problem in problems:
            log.error(str(problem))
        raise Abort(f"{len(problems)} problem(s) in {records_dir}: the site was not built.")
    for problem in problems:
        _serve_log.error(str(problem))
    _serve_log.error("%d problem(s) in %s: serving the last valid records until they are fixed",
                     len(problems), records_dir)
    _state["problems"] = [str(problem) for problem in problems]
    return last_good


#: At most this many problems are listed on each page while serving.
_SHOWN_PROBLEMS = 20


def on_page_content(html: str, /, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    problems = _state.get("problems")
    if not problems:
        return html
    items = "".join(f"<li><code>{escape(p)}</code></li>" for p in problems[:_SHOWN_PROBLEMS])
    more = f"<p>And {len(problems) - _SHOWN_PROBLEMS} more: see the terminal.</p>" \
        if len(problems) > _SHOWN_PROBLEMS else ""
    banner = (f'<div class="admonition failure" id="records-invalid"><p class="admonition-title">'
              f"{len(problems)} problem(s) in the records: this preview shows the last valid records</p>"
              f"<ul>{items}</ul>{more}</div>")
    return banner + html


def _as_of(dataset: Dataset, records_dir: Path) -> dt.date:
    override = _state.get("as_of_override")
    if override:
        return override if isinstance(override, dt.date) else dt.date.fromisoformat(str(override))
    return asof.as_of_date(dataset, records_dir)


def on_page_markdown(markdown: str, /, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    if FIELD_REFERENCE_MARKER in markdown:
        markdown = markdown.replace(FIELD_REFERENCE_MARKER, field_reference_markdown())
    return markdown


def on_post_build(*, config: MkDocsConfig) -> None:
    build: Build | None = _state.get("build")
    if build is not None:
        # Data downloads, the JSON API, the data package and the Atom feeds.
        with _collector_paused():
            downloads.write(build, Path(config.site_dir))
    gc.unfreeze()


def on_build_error(*, error: Exception) -> None:
    """Fail closed. MkDocs empties site_dir before on_files, but a failure after
    pages are written (strict-mode warnings, an export error) would leave a
    complete-looking site behind: empty site_dir so nothing half-built is deployed."""
    gc.unfreeze()
    site_dir = _state.get("site_dir")
    if site_dir and Path(site_dir).is_dir():
        clean_directory(site_dir)
        log.error("the build failed: %s was emptied so no partial site is left", site_dir)
