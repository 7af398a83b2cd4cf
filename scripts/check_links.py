#!/usr/bin/env python3
"""Check that the external links in records (report_url and sources) still work.

    python scripts/check_links.py [--report FILE] [--workers N]

Run weekly by .github/workflows/links.yml. Prints one line per broken link with
the records that use it, writes a Markdown report with --report, and exits 1 when
any link is broken. Links that could not be checked (rate limits, timeouts) are
listed but do not fail the run: they are the network's fault, not the record's.
"""

from __future__ import annotations

import argparse
import re
import socket
import sys
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from _common import RECORDS, ROOT
from inspections.dataset import load_dataset
from inspections.model import RecordsInvalid

USER_AGENT = "Mozilla/5.0 (compatible; inspections-record-link-check/1.0)"
#: Statuses that say the link is gone or wrong; anything else unexpected is "could not check".
BROKEN = {400, 401, 404, 410, 451}


@dataclass(frozen=True)
class Result:
    url: str
    status: int | None  # HTTP status, None when no answer came
    detail: str
    broken: bool


def _request(url: str, method: str, timeout: float):
    headers = {"User-Agent": USER_AGENT}
    if method == "GET":
        headers["Range"] = "bytes=0-0"  # a report is a PDF: ask for one byte, not megabytes
    request = urllib.request.Request(url, method=method, headers=headers)
    with urllib.request.urlopen(request, timeout=timeout) as response:  # follows redirects
        return response.status


def check_url(url: str, *, timeout: float = 20.0, retries: int = 2, pause: float = 2.0) -> Result:
    """HEAD, falling back to a one-byte GET (some servers refuse HEAD); retry server errors."""
    last = Result(url, None, "not checked", False)
    for attempt in range(retries + 1):
        for method in ("HEAD", "GET"):
            try:
                status = _request(url, method, timeout)
                return Result(url, status, "ok", False)
            except urllib.error.HTTPError as exc:
                if method == "HEAD" and exc.code in (403, 405, 501):
                    continue  # try GET
                if exc.code in BROKEN:
                    return Result(url, exc.code, exc.reason or "broken", True)
                last = Result(url, exc.code, str(exc.reason or "server error"), False)
                break
            except urllib.error.URLError as exc:
                reason = exc.reason
                if isinstance(reason, socket.gaierror) and reason.errno == socket.EAI_NONAME:
                    return Result(url, None, "no such host", True)
                last = Result(url, None, f"no answer ({reason})", False)
                break
            except (TimeoutError, OSError, ValueError) as exc:
                last = Result(url, None, f"no answer ({type(exc).__name__})", False)
                break
        if attempt < retries:
            time.sleep(pause * (attempt + 1))
    return last


def links_in_records(dataset) -> dict[str, list[str]]:
    """Every external link -> the records that use it, in a stable order."""
    links: dict[str, list[str]] = {}
    for inspection in dataset.inspections:
        urls = [inspection.report_url] if inspection.report_url else []
        urls += [source.url for source in inspection.sources]
        for url in urls:
            links.setdefault(url, []).append(inspection.path)
    return dict(sorted(links.items()))


def check_all(links: dict[str, list[str]], *, workers: int = 4, **kwargs) -> list[Result]:
    with ThreadPoolExecutor(max_workers=workers) as pool:
        return list(pool.map(lambda url: check_url(url, **kwargs), links))


_MENTION = re.compile(r"@[\w-]*")
_IMAGE = re.compile(r"!\[[^\]]*\]\([^)]*\)")


def quoted(text: object, limit: int = 120) -> str:
    """Text from a server (or a record) made inert in a GitHub issue: on one
    line, in a code span, without @mentions or images, `|` escaped for a
    table cell. A reason phrase is whatever the server chose to send."""
    text = "".join(ch if ch.isprintable() else " " for ch in str(text))
    text = " ".join(_MENTION.sub("", _IMAGE.sub("", text)).replace("`", "'").split())
    text = text if len(text) <= limit else text[: limit - 3] + "..."
    return "`" + (text or "no reason given").replace("|", "\\|") + "`"


def report_markdown(results: list[Result], links: dict[str, list[str]]) -> str:
    broken = [r for r in results if r.broken]
    unsure = [r for r in results if not r.broken and (r.status is None or r.status >= 400)]
    lines = [f"Checked {len(results)} external links in the records: {len(broken)} broken, "
             f"{len(unsure)} could not be checked.", ""]
    for title, rows in (("Broken links", broken), ("Could not be checked (try again later)", unsure)):
        if not rows:
            continue
        lines += [f"## {title}", "", "| Link | Answer | Records |", "| --- | --- | --- |"]
        for r in rows:
            answer = f"{r.status} {quoted(r.detail)}" if r.status else quoted(r.detail)
            lines.append(f"| {quoted(r.url, 300)} | {answer} | {', '.join(quoted(p, 300) for p in links[r.url])} |")
        lines.append("")
    if broken:
        lines.append("Find the report on Ofsted's page for the council and update `report_url` in each record.")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--report", help="write a Markdown report to this file")
    parser.add_argument("--workers", type=int, default=4, help="links checked at once (default: %(default)s)")
    parser.add_argument("--timeout", type=float, default=20.0, help="seconds to wait per request")
    args = parser.parse_args(argv)
    try:
        dataset = load_dataset(RECORDS, root=ROOT)
    except RecordsInvalid as exc:
        print(f"records are invalid; run python scripts/validate.py first ({len(exc.problems)} problems)",
              file=sys.stderr)
        return 2
    links = links_in_records(dataset)
    results = check_all(links, workers=args.workers, timeout=args.timeout)
    for r in results:
        if r.broken:
            print(f"BROKEN {r.url} ({r.status or ''} {quoted(r.detail)}) in {', '.join(links[r.url])}")
    report = report_markdown(results, links)
    if args.report:
        with open(args.report, "w", encoding="utf-8") as out:
            out.write(report)
    print(report.splitlines()[0])
    return 1 if any(r.broken for r in results) else 0


if __name__ == "__main__":
    sys.exit(main())
