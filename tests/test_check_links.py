"""scripts/check_links.py against a local web server: broken links are found, flaky ones are not blamed."""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import check_links
import pytest


class Handler(BaseHTTPRequestHandler):
    def _answer(self, head: bool) -> None:
        path = self.path
        if path == "/ok":
            code = 200
        elif path == "/no-head" and head:
            code = 405
        elif path == "/no-head":
            code = 206 if self.headers.get("Range") == "bytes=0-0" else 200
        elif path == "/moved":
            self.send_response(301)
            self.send_header("Location", "/ok")
            self.end_headers()
            return
        elif path == "/gone":
            code = 410
        elif path == "/hostile":
            self.send_response(404, "Gone @maintainer ![x](https://evil.example/t.png) `x` | [y](https://evil.example)")
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        elif path == "/busy":
            code = 503
        else:
            code = 404
        self.send_response(code)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def do_HEAD(self):
        self._answer(head=True)

    def do_GET(self):
        self._answer(head=False)

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


@pytest.mark.parametrize(("path", "broken", "status"), [
    ("/ok", False, 200),
    ("/no-head", False, 206),
    ("/moved", False, 200),
    ("/missing", True, 404),
    ("/gone", True, 410),
    ("/busy", False, 503),  # a server error is "could not check", not a broken record
])
def test_check_url(server, path, broken, status):
    result = check_links.check_url(server + path, timeout=60, retries=1, pause=0)
    assert (result.broken, result.status) == (broken, status)


def test_report_lists_broken_links_with_their_records(server):
    links = {server + "/ok": ["records/a/2024-01-01-jtai.md"],
             server + "/missing": ["records/b/2024-02-02-focused-visit.md", "records/c/2024-03-03-jtai.md"],
             server + "/busy": ["records/d/2024-04-04-jtai.md"]}
    results = check_links.check_all(links, workers=2, timeout=60, retries=0, pause=0)
    report = check_links.report_markdown(results, links)
    assert report.startswith("Checked 3 external links in the records: 1 broken, 1 could not be checked.")
    assert (f"| `{server}/missing` | 404 `Not Found` | `records/b/2024-02-02-focused-visit.md`, "
            "`records/c/2024-03-03-jtai.md` |") in report
    assert "## Could not be checked" in report and f"| `{server}/busy` | 503" in report


def test_links_come_from_report_urls_and_sources():
    from inspections.dataset import load_dataset

    dataset = load_dataset(check_links.RECORDS, root=check_links.ROOT)
    links = check_links.links_in_records(dataset)
    with_url = [i for i in dataset.inspections if i.report_url]
    assert with_url and all(i.path in links[i.report_url] for i in with_url)
    assert list(links) == sorted(links)


def test_a_servers_reason_phrase_is_quoted_inert_in_the_issue(server):
    links = {server + "/hostile": ["records/b/2024-02-02-focused-visit.md"]}
    results = check_links.check_all(links, workers=1, timeout=5, retries=0, pause=0)
    report = check_links.report_markdown(results, links)
    assert (f"| `{server}/hostile` | 404 `Gone 'x' \\| [y](https://evil.example)` | "
            "`records/b/2024-02-02-focused-visit.md` |") in report
    assert "@" not in report and "![" not in report


def test_quoted_text_is_one_inert_line():
    assert check_links.quoted("a\nb\r\n::error::x @octocat ![i](https://e/x.png)") == "`a b ::error::x`"
    assert check_links.quoted("") == "`no reason given`"
