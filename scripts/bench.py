#!/usr/bin/env python3
"""Benchmark the site build: `python scripts/bench.py [--sizes 1000,10000] [--runs 3]`.

In one run, on one machine, so that the ratios compare like with like:

- generates synthetic but valid records (`inspections.synthetic`) at each
  size into a temporary folder, each a full site project that reuses this
  repository's mkdocs.yml (via MkDocs' `INHERIT`), docs and hooks, with
  `extra.records_dir` pointed at the temporary records;
- times, `--runs` times each and reports the median:
  the validator alone (`load_dataset`) against merely parsing the same files'
  YAML with the same loader; a full `mkdocs build --strict` of the real
  records and of each size; a BASELINE plain MkDocs + Material build of the
  very same pages written out as static Markdown with no hooks (captured from
  a build with the hooks, so they are exactly what the hooks make); and Hugo
  with a tiny self-written theme building the same pages, when `hugo` is
  installed;
- measures each build's peak memory (`os.wait4` on the child), the gzipped
  size of `/`, `/ratings/`, `/history/` and the largest council page, the
  size of the search index and of the whole site;
- measures how long `mkdocs serve` takes to rebuild after one record's body
  changes, with and without `--dirty`;
- checks the performance targets and prints a table; `--json` writes every
  figure with the machine and versions; `--profile` saves a pyinstrument
  profile of the real-records build.

Output goes to `bench-results/` (git-ignored) unless told otherwise.
Not a timed test: CI runs it at a tiny size only to check that it works.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import gzip
import json
import os
import platform
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from importlib import metadata
from pathlib import Path

import yaml
from _common import RECORDS, ROOT
from inspections import asof, load, synthetic
from inspections.dataset import REGISTRY_NAME, load_councils, load_dataset, record_paths

RESULTS = ROOT / "bench-results"
GZIP_LEVEL = 6  # what web servers commonly use for HTML
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONDONTWRITEBYTECODE": "1"}

# Targets from issue 8, checked on figures measured in this run.
MAX_HOOKS_OVER_BASELINE = 1.25
MAX_SCALING_SLACK = 1.1  # 10x the records may take at most 11x the time
MAX_VALIDATOR_OVER_YAML = 3.0
MAX_RATINGS_GZ = 60 * 1024


# --- running and measuring a child process ------------------------------------


def run_measured(cmd: list[str], *, cwd: Path | None = None, log: Path | None = None) -> dict:
    """Run a command to completion; wall time and the child's peak RSS.

    `os.wait4` gives the rusage of exactly this child (and the children it
    waited for), unlike RUSAGE_CHILDREN which is the maximum over every child
    this process ever had.
    """
    out = open(log, "wb") if log else subprocess.DEVNULL  # noqa: SIM115
    try:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=cwd, env=ENV, stdout=out, stderr=subprocess.STDOUT)
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
    finally:
        if log:
            out.close()
    if proc.returncode != 0:
        tail = log.read_text(errors="replace")[-3000:] if log else ""
        raise RuntimeError(f"{' '.join(map(str, cmd))} failed ({proc.returncode}):\n{tail}")
    return {"seconds": seconds, "cpu_s": usage.ru_utime + usage.ru_stime,
            "peak_rss_mb": usage.ru_maxrss / 1024}  # ru_maxrss is in KiB on Linux


def repeat(runs: int, measure) -> dict:
    """Call `measure()` `runs` times; medians and every run's figures."""
    results = [measure() for _ in range(runs)]
    out = {"median_s": statistics.median(r["seconds"] for r in results),
           "median_cpu_s": statistics.median(r["cpu_s"] for r in results),
           "runs_s": [round(r["seconds"], 4) for r in results],
           "runs_cpu_s": [round(r["cpu_s"], 4) for r in results]}
    if "peak_rss_mb" in results[0]:
        out["peak_rss_mb"] = max(r["peak_rss_mb"] for r in results)
    return out


def timed(fn) -> dict:
    start, cpu = time.perf_counter(), time.process_time()
    fn()
    return {"seconds": time.perf_counter() - start, "cpu_s": time.process_time() - cpu}


#: Which clock the ratios use: "cpu" (user+sys time of the work, steady when
#: other jobs share the machine) or "wall". Set from --clock.
CLOCK = {"key": "median_cpu_s"}


def median(figure: dict) -> float:
    return figure[CLOCK["key"]]


# --- projects -----------------------------------------------------------------

CAPTURE_HOOK = '''\
"""Bench only: write out every page exactly as the hooks made it (after every
other hook ran), and the files the hooks write into the site, so a plain
MkDocs build and Hugo can build the same site without hooks."""
import json, os, shutil
from pathlib import Path
import yaml

OUT = Path({out!r})
_files = {{}}


def on_config(config):
    (OUT.parent / "nav.json").write_text(json.dumps(config.nav))


def on_files(files, config):
    _files["all"] = files
    for f in files:
        if f.generated_by is not None and not f.is_documentation_page():
            target = OUT / f.src_uri
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(f.content_bytes)
    return files


def on_page_markdown(markdown, page, config, files):
    target = OUT / page.file.src_uri
    target.parent.mkdir(parents=True, exist_ok=True)
    meta = ("---\\n" + yaml.safe_dump(dict(page.meta), allow_unicode=True) + "---\\n\\n") if page.meta else ""
    target.write_text(meta + markdown, encoding="utf-8")
    return markdown


def on_post_build(config):
    site = Path(config.site_dir)
    made = {{os.path.normpath(f.abs_dest_path) for f in _files["all"]}}
    for path in site.rglob("*"):
        rel = path.relative_to(site).as_posix()
        if (path.is_dir() or os.path.normpath(str(path)) in made or rel.startswith("search/")
                or rel in ("sitemap.xml", "sitemap.xml.gz", "404.html")):
            continue
        target = OUT / rel
        if not target.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, target)
'''


def real_config() -> dict:
    """The repository's mkdocs.yml, read only for its paths (tags ignored)."""

    class Loader(yaml.SafeLoader):
        pass

    Loader.add_multi_constructor("", lambda loader, suffix, node: None)
    return yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=Loader) or {}


class Project:
    """A temporary site project: config inheriting the real mkdocs.yml."""

    def __init__(self, name: str, folder: Path, records_dir: Path, as_of: dt.date | None = None):
        self.name = name
        self.folder = folder
        self.records_dir = records_dir
        self.folder.mkdir(parents=True, exist_ok=True)
        self.captured = folder / "baseline-docs"
        base = real_config()
        theme = base.get("theme") or {}
        self.overrides = {"INHERIT": str(ROOT / "mkdocs.yml"), "docs_dir": str(ROOT / base.get("docs_dir", "docs"))}
        if isinstance(theme, dict) and theme.get("custom_dir"):
            self.overrides["theme"] = {"custom_dir": str(ROOT / theme["custom_dir"])}
        hooks = [str(ROOT / h) for h in base.get("hooks") or []]
        extra = {"records_dir": str(records_dir), **({"as_of": as_of.isoformat()} if as_of else {})}
        self.write_config("mkdocs.yml", hooks=hooks, watch=[str(records_dir), str(ROOT / "hooks")], extra=extra)
        self.write_config("capture.yml", hooks=hooks + [str(folder / "capture_hook.py")], watch=[], extra=extra)
        (folder / "capture_hook.py").write_text(CAPTURE_HOOK.format(out=str(self.captured)), encoding="utf-8")

    def write_config(self, name: str, **settings) -> Path:
        path = self.folder / name
        path.write_text(yaml.safe_dump({**self.overrides, **settings}, sort_keys=False), encoding="utf-8")
        return path

    def mkdocs(self, config: str, site: str, *extra: str) -> list[str]:
        return [sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-f", str(self.folder / config),
                "-d", str(self.folder / site), *extra]

    def capture(self) -> None:
        """Build once with the hooks plus the capture hook (also warms caches),
        then set up the no-hooks baseline project from what was captured."""
        shutil.rmtree(self.captured, ignore_errors=True)
        shutil.copytree(self.overrides["docs_dir"], self.captured)
        run_measured(self.mkdocs("capture.yml", "site-capture"), log=self.folder / "capture.log")
        nav = json.loads((self.folder / "nav.json").read_text())
        overrides = {**self.overrides, "docs_dir": str(self.captured)}
        (self.folder / "baseline.yml").write_text(
            yaml.safe_dump({**overrides, "hooks": [], "watch": [], "nav": nav}, sort_keys=False), encoding="utf-8")
        shutil.rmtree(self.folder / "site-capture", ignore_errors=True)


def make_synthetic(folder: Path, n: int, latest: dt.date) -> Path:
    records = folder / "records"
    records.mkdir(parents=True)
    shutil.copyfile(RECORDS / REGISTRY_NAME, records / REGISTRY_NAME)
    schema = RECORDS / "record.schema.json"
    if schema.exists():
        shutil.copyfile(schema, records / schema.name)
    councils = load_councils(records / REGISTRY_NAME)
    made_dirs: set[str] = set()
    for rel, text in synthetic.generate(councils, n, latest=latest):
        slug = rel.split("/", 1)[0]
        if slug not in made_dirs:
            (records / slug).mkdir(exist_ok=True)
            made_dirs.add(slug)
        (records / rel).write_text(text, encoding="utf-8")
    return records


# --- the validator against YAML alone -------------------------------------------


def parse_yaml_only(records_dir: Path) -> int:
    """What the validator cannot avoid: read each file and parse its front matter."""
    count = 0
    loader = load.RecordLoader  # the validator's own loader
    yaml.load((records_dir / REGISTRY_NAME).read_text(encoding="utf-8"), Loader=loader)
    for path in record_paths(records_dir):
        text = path.read_bytes().decode("utf-8-sig")
        parts = text.split("---\n", 2)
        yaml.load(parts[1] if len(parts) == 3 else "", Loader=loader)
        count += 1
    return count


def clear_caches() -> None:
    """Forget memoised results (e.g. rendered bodies), so every run is cold."""
    for module in list(sys.modules.values()):
        if getattr(module, "__name__", "").startswith("inspections."):
            for value in list(vars(module).values()):
                if callable(getattr(value, "cache_clear", None)):
                    value.cache_clear()


def validate_cold(records_dir: Path) -> None:
    clear_caches()
    load_dataset(records_dir, root=records_dir.parent)


def bench_validator(records_dir: Path, runs: int) -> dict:
    parse_yaml_only(records_dir)  # warm the file cache for both
    yaml_only = repeat(runs, lambda: timed(lambda: parse_yaml_only(records_dir)))
    validator = repeat(runs, lambda: timed(lambda: validate_cold(records_dir)))
    return {"yaml_parse": yaml_only, "validator": validator,
            "validator_over_yaml": median(validator) / median(yaml_only)}


# --- Hugo -----------------------------------------------------------------------

HUGO_LAYOUT = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ .Title }} - {{ .Site.Title }}</title></head>
<body><header><a href="/">{{ .Site.Title }}</a><nav><ul>NAV</ul></nav></header>
<main><h1>{{ .Title }}</h1>{{ .Content }}</main></body></html>
"""


def hugo_version() -> str | None:
    exe = shutil.which("hugo")
    if not exe:
        return None
    try:
        return subprocess.run([exe, "version"], capture_output=True, text=True, timeout=30).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return None


def _nav_links(nav, out: list[str]) -> list[str]:
    for item in nav or []:
        title, value = next(iter(item.items())) if isinstance(item, dict) else (None, item)
        if isinstance(value, list):
            _nav_links(value, out)
        elif isinstance(value, str) and value.endswith(".md"):
            url = "/" + re.sub(r"(^|/)index\.md$", r"\1", value).removesuffix(".md")
            url = url if url.endswith("/") else url + "/"
            out.append(f'<li><a href="{url}">{title or value}</a></li>')
    return out


def hugo_project(project: Project) -> Path:
    """The captured pages as a Hugo site with a one-file theme."""
    root = project.folder / "hugo"
    shutil.rmtree(root, ignore_errors=True)
    (root / "content").mkdir(parents=True)
    (root / "static").mkdir()
    layouts = root / "layouts" / "_default"
    layouts.mkdir(parents=True)
    nav = json.loads((project.folder / "nav.json").read_text())
    layout = HUGO_LAYOUT.replace("NAV", "".join(_nav_links(nav, [])))
    for name in ("single.html", "list.html"):
        (layouts / name).write_text(layout, encoding="utf-8")
    (root / "layouts" / "index.html").write_text(layout, encoding="utf-8")
    (root / "hugo.toml").write_text(
        'baseURL = "/"\ntitle = "Children\'s services inspections"\n'
        'disableKinds = ["taxonomy", "term", "RSS", "sitemap", "robotsTXT", "404"]\n'
        "[markup.goldmark.renderer]\nunsafe = true\n"
        "[markup.goldmark.parser.attribute]\nblock = true\ntitle = true\n",
        encoding="utf-8")
    for path in project.captured.rglob("*"):
        if path.is_dir():
            continue
        rel = path.relative_to(project.captured)
        if path.suffix == ".md":
            text = path.read_text(encoding="utf-8")
            meta: dict = {}
            if text.startswith("---\n"):
                _, front, text = text.split("---\n", 2)
                meta = yaml.safe_load(front) or {}
            if "title" not in meta:
                heading = re.search(r"^# (.+)$", text, re.M)
                meta["title"] = heading.group(1).strip() if heading else rel.stem
            meta = {k: v for k, v in meta.items() if isinstance(v, (str, int, float, bool))}
            name = "_index.md" if rel.name == "index.md" else rel.name
            target = root / "content" / rel.parent / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text("---\n" + yaml.safe_dump(meta, allow_unicode=True) + "---\n" + text, encoding="utf-8")
        else:
            target = root / "static" / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, target)
    return root


# --- page weight ----------------------------------------------------------------


def gz_size(path: Path) -> int:
    return len(gzip.compress(path.read_bytes(), compresslevel=GZIP_LEVEL, mtime=0))


def page_weights(site: Path) -> dict:
    councils = sorted((site / "councils").glob("*/index.html"))
    largest = max(councils, key=gz_size, default=None)
    files = [p for p in site.rglob("*") if p.is_file()]
    search = site / "search" / "search_index.json"

    def weigh(path: Path | None) -> dict | None:
        if path is None or not path.exists():
            return None
        return {"path": "/" + path.relative_to(site).parent.as_posix().strip(".") + ("/" if path.parent != site else ""),
                "bytes": path.stat().st_size, "gzip_bytes": gz_size(path)}

    return {
        "home": weigh(site / "index.html"),
        "ratings": weigh(site / "ratings" / "index.html"),
        "history": weigh(site / "history" / "index.html"),
        "largest_council": weigh(largest),
        "search_index": weigh(search),
        "site_bytes": sum(p.stat().st_size for p in files),
        "site_files": len(files),
        "html_pages": sum(1 for p in files if p.suffix == ".html"),
    }


# --- mkdocs serve -----------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class LogWatcher:
    """Reads a child's output lines in a thread, timestamping each."""

    def __init__(self, stream):
        self.lines: list[tuple[float, str]] = []
        self.cond = threading.Condition()
        self.thread = threading.Thread(target=self._read, args=(stream,), daemon=True)
        self.thread.start()

    def _read(self, stream):
        for raw in stream:
            with self.cond:
                self.lines.append((time.perf_counter(), raw.decode(errors="replace").rstrip()))
                self.cond.notify_all()

    def wait_for(self, pattern: str, after: int, timeout: float) -> tuple[float, int] | None:
        """Time and index of the first line at or after `after` containing `pattern`."""
        deadline = time.perf_counter() + timeout
        with self.cond:
            while True:
                for i in range(after, len(self.lines)):
                    if pattern in self.lines[i][1]:
                        return self.lines[i][0], i + 1
                left = deadline - time.perf_counter()
                if left <= 0:
                    return None
                self.cond.wait(left)


def bench_serve(project: Project, touches: int, dirty: bool, timeout: float) -> dict:
    """Start `mkdocs serve`, change one record's body `touches` times, and time
    from each change to the log line saying browsers are reloaded."""
    record = next(p for p in record_paths(project.records_dir) if p.parent.name == "leeds") \
        if (project.records_dir / "leeds").is_dir() else record_paths(project.records_dir)[0]
    original = record.read_bytes()
    port = free_port()
    cmd = [sys.executable, "-m", "mkdocs", "serve", "-f", str(project.folder / "mkdocs.yml"),
           "-a", f"127.0.0.1:{port}", *(["--dirty"] if dirty else [])]
    proc = subprocess.Popen(cmd, env=ENV, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True)
    watcher = LogWatcher(proc.stdout)
    result: dict = {"dirty": dirty, "record": record.relative_to(project.records_dir).as_posix()}
    try:
        started = time.perf_counter()
        ready = watcher.wait_for("Serving on", 0, timeout)
        if ready is None:
            raise RuntimeError("mkdocs serve did not start:\n" + "\n".join(t for _, t in watcher.lines[-30:]))
        result["first_build_s"] = ready[0] - started
        seen = ready[1]
        times = []
        for i in range(touches):
            time.sleep(1.0)  # let the watcher settle
            text = original.decode("utf-8") + f"\nBench edit {i}: inspectors returned and saw progress.\n"
            changed = time.perf_counter()
            record.write_text(text, encoding="utf-8")
            done = watcher.wait_for("Reloading browsers", seen, timeout)
            if done is None:
                raise RuntimeError("no rebuild after a record changed:\n" + "\n".join(t for _, t in watcher.lines[-30:]))
            times.append(done[0] - changed)
            seen = done[1]
        errors = [t for _, t in watcher.lines if "ERROR" in t or "Traceback" in t]
        if errors:
            raise RuntimeError("mkdocs serve reported errors:\n" + "\n".join(errors[:10]))
        result["rebuild_s"] = statistics.median(times)
        result["runs_s"] = [round(t, 3) for t in times]
    finally:
        record.write_bytes(original)
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGINT)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
    return result


# --- one size ---------------------------------------------------------------------


def bench_size(name: str, project: Project, args, hugo: str | None) -> dict:
    records = len(record_paths(project.records_dir))
    say(f"[{name}] {records} records: validator")
    out: dict = {"records": records, **bench_validator(project.records_dir, args.runs)}
    say(f"[{name}] capture build (warm-up)")
    project.capture()
    say(f"[{name}] mkdocs build --strict with hooks x{args.runs}")
    out["hooks_build"] = repeat(args.runs, lambda: run_measured(
        project.mkdocs("mkdocs.yml", "site"), log=project.folder / "build.log"))
    out["pages"] = page_weights(project.folder / "site")
    say(f"[{name}] baseline: plain MkDocs + Material, same pages, no hooks x{args.runs}")
    out["baseline_build"] = repeat(args.runs, lambda: run_measured(
        project.mkdocs("baseline.yml", "site-baseline"), log=project.folder / "baseline.log"))
    out["baseline_pages"] = page_weights(project.folder / "site-baseline")
    out["hooks_over_baseline"] = median(out["hooks_build"]) / median(out["baseline_build"])
    if hugo and not args.no_hugo:
        say(f"[{name}] Hugo x{args.runs}")
        root = hugo_project(project)
        out["hugo_build"] = repeat(args.runs, lambda: run_measured(
            [hugo, "--quiet", "--source", str(root), "--destination", str(root / "public"), "--cleanDestinationDir"],
            log=project.folder / "hugo.log"))
        out["hugo_pages"] = page_weights(root / "public")
    else:
        out["hugo_build"] = {"skipped": "--no-hugo" if args.no_hugo else "hugo is not installed"}
    if not args.no_serve:
        out["serve"] = {}
        for dirty in (False, True):
            say(f"[{name}] mkdocs serve{' --dirty' if dirty else ''}: rebuild after one record changes")
            out["serve"]["dirty" if dirty else "full"] = bench_serve(project, args.serve_touches, dirty, args.timeout)
    return out


def profile_build(project: Project, path: Path) -> None:
    """A pyinstrument profile of one hooks build (HTML if the path ends .html, else text)."""
    renderer = "html" if path.suffix == ".html" else "text"
    path.parent.mkdir(parents=True, exist_ok=True)
    cmd = [sys.executable, "-m", "pyinstrument", "-r", renderer, "-o", str(path)]
    run_measured(cmd + ["-m", "mkdocs", "build", "--strict", "-q", "-f", str(project.folder / "mkdocs.yml"),
                        "-d", str(project.folder / "site-profile")], log=project.folder / "profile.log")
    if renderer == "html":  # a text copy too, to read and quote
        run_measured([sys.executable, "-m", "pyinstrument", "-r", "text", "-o", str(path.with_suffix(".txt")),
                      "-m", "mkdocs", "build", "--strict", "-q", "-f", str(project.folder / "mkdocs.yml"),
                      "-d", str(project.folder / "site-profile")], log=project.folder / "profile.log")


# --- machine, targets, table ---------------------------------------------------------


def machine(hugo: str | None) -> dict:
    cpu = ""
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    ram = None
    with contextlib.suppress(OSError, ValueError, IndexError):
        ram = round(int(Path("/proc/meminfo").read_text().split()[1]) / 1024 / 1024, 1)

    def version(dist: str) -> str | None:
        try:
            return metadata.version(dist)
        except metadata.PackageNotFoundError:
            return None

    return {
        "cpu": cpu or platform.processor(), "cores": os.cpu_count(), "ram_gib": ram,
        "os": platform.platform(), "python": platform.python_version(),
        **{name: version(name) for name in ("mkdocs", "mkdocs-material", "Markdown", "cmarkgfm", "PyYAML",
                                            "Jinja2", "nh3", "XlsxWriter")},
        "hugo": hugo,
    }


def targets(sizes: dict, synthetic_sizes: list[int]) -> list[dict]:
    out = []
    for name, fig in sizes.items():
        out.append({"target": f"hooks add at most 25% over plain MkDocs ({name})",
                    "value": f"{fig['hooks_over_baseline']:.2f}x", "pass": fig["hooks_over_baseline"] <= MAX_HOOKS_OVER_BASELINE})
    if len(synthetic_sizes) >= 2:
        small, large = str(min(synthetic_sizes)), str(max(synthetic_sizes))
        ratio = median(sizes[large]["hooks_build"]) / median(sizes[small]["hooks_build"])
        limit = MAX_SCALING_SLACK * int(large) / int(small)
        out.append({"target": f"{large} records take at most {limit:g}x the time of {small}",
                    "value": f"{ratio:.2f}x", "pass": ratio <= limit})
    largest = str(max(synthetic_sizes)) if synthetic_sizes else "real"
    ratio = sizes[largest]["validator_over_yaml"]
    out.append({"target": f"validator at most 3x parsing the YAML ({largest})",
                "value": f"{ratio:.2f}x", "pass": ratio <= MAX_VALIDATOR_OVER_YAML})
    for name, fig in sizes.items():
        ratings = fig["pages"]["ratings"]
        out.append({"target": f"/ratings/ at most 60 KB gzipped ({name})",
                    "value": f"{ratings['gzip_bytes'] / 1024:.1f} KB" if ratings else "missing",
                    "pass": bool(ratings) and ratings["gzip_bytes"] <= MAX_RATINGS_GZ})
    for name, fig in sizes.items():
        if "serve" in fig:
            full, dirty = fig["serve"]["full"], fig["serve"]["dirty"]
            out.append({"target": f"mkdocs serve rebuilds after one record changes ({name})",
                        "value": f"{full['rebuild_s']:.2f} s, --dirty {dirty['rebuild_s']:.2f} s", "pass": True})
    return out


def kb(n: float | None) -> str:
    return "-" if n is None else f"{n / 1024:,.1f}"


def table(result: dict) -> str:
    rows = [("", *result["sizes"].keys())]

    def add(label, fn):
        cells = []
        for fig in result["sizes"].values():
            try:
                cells.append(fn(fig))
            except (KeyError, TypeError):
                cells.append("-")
        rows.append((label, *cells))

    add("records", lambda f: f"{f['records']:,}")
    clock = "CPU s" if CLOCK["key"] == "median_cpu_s" else "s"
    add(f"parse YAML only ({clock})", lambda f: f"{median(f['yaml_parse']):.3f}")
    add(f"validator ({clock})", lambda f: f"{median(f['validator']):.3f}")
    add("  validator / YAML", lambda f: f"{f['validator_over_yaml']:.2f}x")
    add(f"mkdocs build, hooks ({clock})", lambda f: f"{median(f['hooks_build']):.2f}")
    add(f"plain MkDocs baseline ({clock})", lambda f: f"{median(f['baseline_build']):.2f}")
    add("  hooks / baseline", lambda f: f"{f['hooks_over_baseline']:.2f}x")
    add(f"Hugo ({clock})", lambda f: f"{median(f['hugo_build']):.2f}")
    add("mkdocs build, hooks (wall s)", lambda f: f"{f['hooks_build']['median_s']:.2f}")
    add("plain MkDocs baseline (wall s)", lambda f: f"{f['baseline_build']['median_s']:.2f}")
    add("Hugo (wall s)", lambda f: f"{f['hugo_build']['median_s']:.2f}")
    add("peak RSS hooks (MB)", lambda f: f"{f['hooks_build']['peak_rss_mb']:.0f}")
    add("peak RSS baseline (MB)", lambda f: f"{f['baseline_build']['peak_rss_mb']:.0f}")
    add("peak RSS Hugo (MB)", lambda f: f"{f['hugo_build']['peak_rss_mb']:.0f}")
    add("/ gzip (KB)", lambda f: kb(f["pages"]["home"]["gzip_bytes"]))
    add("/ratings/ gzip (KB)", lambda f: kb(f["pages"]["ratings"]["gzip_bytes"]))
    add("/history/ gzip (KB)", lambda f: kb(f["pages"]["history"]["gzip_bytes"]))
    add("largest council gzip (KB)", lambda f: kb(f["pages"]["largest_council"]["gzip_bytes"]))
    add("search index (KB)", lambda f: kb(f["pages"]["search_index"]["bytes"]))
    add("site total (MB)", lambda f: f"{f['pages']['site_bytes'] / 1024 / 1024:.1f}")
    add("serve rebuild (s)", lambda f: f"{f['serve']['full']['rebuild_s']:.2f}")
    add("serve --dirty rebuild (s)", lambda f: f"{f['serve']['dirty']['rebuild_s']:.2f}")
    widths = [max(len(str(r[i])) for r in rows) for i in range(len(rows[0]))]
    lines = []
    for i, row in enumerate(rows):
        lines.append("| " + " | ".join(str(c).ljust(w) if j == 0 else str(c).rjust(w)
                                       for j, (c, w) in enumerate(zip(row, widths, strict=True))) + " |")
        if i == 0:
            lines.append("|" + "|".join("-" * (w + 1) + (":" if j else "-") for j, w in enumerate(widths)) + "|")
    lines.append("")
    for t in result["targets"]:
        lines.append(f"{'PASS' if t['pass'] else 'FAIL'}  {t['target']}: {t['value']}")
    return "\n".join(lines)


def say(message: str) -> None:
    print(f"{time.strftime('%H:%M:%S')} {message}", file=sys.stderr, flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Benchmark the site build against plain MkDocs and Hugo.")
    parser.add_argument("--sizes", default="1000,10000",
                        help="synthetic record counts, comma-separated (default: %(default)s)")
    parser.add_argument("--runs", type=int, default=3, help="runs of each timing; the median is reported")
    parser.add_argument("--json", type=Path, default=RESULTS / "bench.json", help="write figures here")
    parser.add_argument("--profile", type=Path, help="save a pyinstrument profile of the real-records build "
                                                     "(.html for HTML, anything else for text)")
    parser.add_argument("--no-hugo", action="store_true", help="skip Hugo even if installed")
    parser.add_argument("--no-serve", action="store_true", help="skip the mkdocs serve rebuild timing")
    parser.add_argument("--no-real", action="store_true", help="skip the real records")
    parser.add_argument("--serve-touches", type=int, default=2, help="record changes timed per serve run")
    parser.add_argument("--timeout", type=float, default=600, help="seconds to wait for a serve build")
    parser.add_argument("--clock", choices=("cpu", "wall"), default="cpu",
                        help="time the ratios use: cpu (user+sys of the work; steady on a shared machine) "
                             "or wall (default: %(default)s); both are reported")
    parser.add_argument("--check", action="store_true", help="exit 1 when a target is missed")
    parser.add_argument("--keep", action="store_true", help="keep the temporary projects (path printed)")
    args = parser.parse_args(argv)
    try:
        sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    except ValueError:
        parser.error("--sizes takes whole numbers separated by commas, e.g. 1000,10000")
    if any(n < 1 for n in sizes) or args.runs < 1:
        parser.error("sizes and --runs must be at least 1")

    CLOCK["key"] = "median_cpu_s" if args.clock == "cpu" else "median_s"
    hugo = shutil.which("hugo")
    if not hugo and not args.no_hugo:
        say("note: hugo is not installed (apt-get install hugo); skipping the Hugo reference builds")
    work = Path(tempfile.mkdtemp(prefix="bench-"))
    result: dict = {"date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
                    "machine": machine(hugo_version()), "runs": args.runs, "clock": args.clock, "gzip_level": GZIP_LEVEL, "sizes": {}}
    try:
        real = load_dataset(RECORDS)
        latest = min(max(i.published for i in real.inspections), dt.date.today())
        if not args.no_real:
            # A copy, so that the serve timing can edit a record; the as-of date
            # is the real one (the copy has no git history to read it from).
            shutil.copytree(RECORDS, work / "real" / "records")
            real_project = Project("real", work / "real", work / "real" / "records",
                                   as_of=asof.as_of_date(real, RECORDS))
            result["sizes"]["real"] = bench_size("real", real_project, args, hugo)
            if args.profile:
                say(f"[real] profile -> {args.profile}")
                profile_build(real_project, args.profile)
                result["profile"] = str(args.profile)
        for n in sizes:
            folder = work / str(n)
            say(f"[{n}] generating {n:,} synthetic records")
            records = make_synthetic(folder, n, latest)
            result["sizes"][str(n)] = bench_size(str(n), Project(str(n), folder, records), args, hugo)
        result["targets"] = targets(result["sizes"], sizes)
    finally:
        if args.keep:
            say(f"kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(result, indent=2, default=str) + "\n", encoding="utf-8")
    print(table(result))
    print(f"\nfigures: {args.json}")
    return 1 if args.check and not all(t["pass"] for t in result["targets"]) else 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except KeyboardInterrupt:
        sys.exit(130)
