"""The browser tests' rule for a page's requests (browser.request_problem) and
the bookkeeping that tells a request cancelled by leaving the page from one
that failed (browser.Problems), fed with synthetic events: no browser needed."""

from __future__ import annotations

import pytest
from browser import ABORTED, Problems, request_problem

HOST = "127.0.0.1:8123"
SITE = f"http://{HOST}/inspections/"
WORKER = SITE + "assets/javascripts/workers/search.a7633da7.min.js"


def test_same_origin_request_aborted_by_leaving_the_page_is_no_problem():
    assert request_problem(WORKER, HOST, failure=ABORTED, page_left=True) is None


def test_same_origin_abort_while_the_page_stayed_is_a_problem():
    assert request_problem(WORKER, HOST, failure=ABORTED) == f"{WORKER}: {ABORTED}"


@pytest.mark.parametrize("failure", ["net::ERR_CONNECTION_REFUSED", "net::ERR_NAME_NOT_RESOLVED",
                                     "net::ERR_CONNECTION_RESET", "net::ERR_TIMED_OUT", "net::ERR_FAILED"])
def test_other_failures_are_problems_even_after_leaving_the_page(failure):
    assert request_problem(WORKER, HOST, failure=failure, page_left=True) == f"{WORKER}: {failure}"


@pytest.mark.parametrize("status", [400, 404, 410, 500, 503])
def test_http_errors_are_problems(status):
    url = SITE + "search/search_index.json"
    assert request_problem(url, HOST, status=status) == f"{url}: HTTP {status}"


@pytest.mark.parametrize("status", [200, 204, 304])
def test_answered_requests_are_no_problem(status):
    assert request_problem(SITE + "ratings/", HOST, status=status) is None


@pytest.mark.parametrize("outcome", [{}, {"status": 200}, {"failure": "net::ERR_FAILED"},
                                     {"failure": ABORTED, "page_left": True}])
@pytest.mark.parametrize("url", ["https://fonts.googleapis.com/css?family=Roboto", "http://127.0.0.1:9999/x.js",
                                 "https://www.google-analytics.com/collect"])
def test_requests_to_other_hosts_are_problems_however_they_end(url, outcome):
    assert request_problem(url, HOST, **outcome) == f"request to another host: {url}"


def test_the_stubbed_repository_widget_and_local_schemes_are_no_problem():
    assert request_problem("https://api.github.com/repos/o/r", HOST, status=200) is None
    assert request_problem("data:image/svg+xml,<svg/>", HOST, status=200) is None


# --- Problems: which failures came after leaving the page ------------------------------


class FakeRequest:
    def __init__(self, url: str, frame=None, failure: str | None = None):
        self.url, self.frame, self.failure = url, frame, failure

    def is_navigation_request(self) -> bool:
        return self.frame is not None


class FakePage:
    """Records the handlers Problems registers, so a test can fire events."""

    def __init__(self):
        self.main_frame = object()
        self.url = SITE
        self.handlers: dict[str, object] = {}

    def on(self, event: str, handler) -> None:
        self.handlers[event] = handler

    def route(self, pattern: str, handler) -> None:
        pass

    def fire(self, event: str, what) -> None:
        self.handlers[event](what)

    def start_navigation(self, url: str, frame=None) -> None:
        self.fire("request", FakeRequest(url, frame=frame or self.main_frame))

    def commit(self, frame=None) -> None:
        self.fire("framenavigated", frame or self.main_frame)

    def navigate(self, url: str) -> None:
        self.start_navigation(url)
        self.commit()


def _watched() -> tuple[FakePage, Problems]:
    page, problems = FakePage(), Problems(SITE)
    problems.watch(page)
    page.navigate(SITE)  # the first page
    return page, problems


def test_a_request_started_before_the_page_navigated_away_was_cancelled_by_it():
    page, problems = _watched()
    worker = FakeRequest(WORKER, failure=ABORTED)
    page.fire("request", worker)
    page.navigate(SITE + "ratings/")  # the test moves on
    page.fire("requestfailed", worker)
    assert problems.all() == []


def test_a_request_the_old_page_starts_while_the_next_one_loads_is_cancelled_with_it():
    page, problems = _watched()
    page.start_navigation(SITE + "ratings/")
    page.commit(frame=object())  # an iframe of the old page: the next page has not come yet
    late = FakeRequest(SITE + "assets/site.css", failure=ABORTED)
    page.fire("request", late)  # the old page is still parsing
    page.fire("requestfailed", late)  # cancelled as the next page commits
    page.commit()
    assert problems.all() == []


def test_aborts_without_leaving_the_page_are_problems():
    page, problems = _watched()
    worker = FakeRequest(WORKER, failure=ABORTED)
    page.fire("request", worker)
    frame = object()
    page.start_navigation(SITE + "frame/", frame=frame)  # an iframe navigating leaves nothing
    page.commit(frame)
    page.fire("requestfailed", worker)
    index = FakeRequest(SITE + "search/search_index.json", failure=ABORTED)
    page.navigate(SITE + "ratings/")
    page.fire("request", index)  # started on the new page, which stays
    page.fire("requestfailed", index)
    page.fire("requestfailed", FakeRequest(SITE + "unseen.js", failure=ABORTED))  # its start was not seen
    assert problems.all() == [f"{WORKER}: {ABORTED}", f"{index.url}: {ABORTED}", f"{SITE}unseen.js: {ABORTED}"]


def test_a_navigation_aborted_with_no_later_one_is_a_problem():
    page, problems = _watched()
    stopped = FakeRequest(SITE + "data/ilacs.xlsx", frame=page.main_frame, failure=ABORTED)  # e.g. a download
    page.fire("request", stopped)
    page.fire("requestfailed", stopped)
    replaced = FakeRequest(SITE + "history/", frame=page.main_frame, failure=ABORTED)
    page.fire("request", replaced)
    page.navigate(SITE + "about/")
    page.fire("requestfailed", replaced)  # replaced by the next navigation: no problem
    assert problems.all() == [f"{stopped.url}: {ABORTED}"]


def test_other_failures_count_after_leaving_the_page_too():
    page, problems = _watched()
    refused = FakeRequest(SITE + "x.css", failure="net::ERR_CONNECTION_REFUSED")
    page.fire("request", refused)
    page.navigate(SITE + "history/")
    page.fire("requestfailed", refused)
    assert problems.all() == [f"{refused.url}: net::ERR_CONNECTION_REFUSED"]
