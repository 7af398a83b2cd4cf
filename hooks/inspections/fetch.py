"""Download a report or a listing over HTTP(S), bounded in size and time.

Used by scripts/read_report.py and scripts/update.py. Links come from outside
(a scraped CSV), so a download is refused unless its host is allowed, and it
never reads more than `limit` bytes or waits longer than `timeout` seconds.
"""

from __future__ import annotations

import urllib.error
import urllib.request
from urllib.parse import urlsplit

from .report_reader import MAX_PDF_BYTES
from .schema import REPORT_HOSTS
from .urls import url_problem

USER_AGENT = "ofsted-childrens-services-record (+https://github.com/ofsted-childrens-services/inspections)"
TIMEOUT_SECONDS = 60


class FetchError(Exception):
    """A download that failed; the message says why in one line."""


def host_allowed(url: str, hosts: tuple[str, ...]) -> bool:
    """Whether a browser and urllib both read `url` as a link to one of `hosts` (see urls.py)."""
    if url_problem(url) is not None:
        return False
    host = (urlsplit(url).hostname or "").lower()
    return any(host == h or host.endswith("." + h) for h in hosts)


def fetch(url: str, *, hosts: tuple[str, ...] = REPORT_HOSTS, limit: int = MAX_PDF_BYTES,
          timeout: float = TIMEOUT_SECONDS) -> bytes:
    """The body of `url`, or FetchError. `hosts` are the hosts it may come from."""
    parts = urlsplit(url)
    local = parts.hostname in ("127.0.0.1", "localhost") and "127.0.0.1" in hosts
    if parts.scheme != "https" and not (parts.scheme == "http" and local):
        raise FetchError(f"{url}: only https:// links are fetched")
    if not host_allowed(url, hosts):
        raise FetchError(f"{url}: the host is not one of {', '.join(hosts)}")
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 - scheme checked above
            final = response.geturl()
            if not host_allowed(final, hosts):
                raise FetchError(f"{url}: redirected to {final}, whose host is not allowed")
            body = response.read(limit + 1)
    except urllib.error.HTTPError as exc:
        raise FetchError(f"{url}: the server answered {exc.code}") from None
    except urllib.error.URLError as exc:
        raise FetchError(f"{url}: cannot be reached ({exc.reason})") from None
    except (TimeoutError, OSError) as exc:
        raise FetchError(f"{url}: the download failed ({type(exc).__name__})") from None
    if len(body) > limit:
        raise FetchError(f"{url}: larger than {limit // (1024 * 1024)} MB; not read")
    return body


def fetch_report(url: str, *, hosts: tuple[str, ...] = REPORT_HOSTS) -> bytes:
    return fetch(url, hosts=hosts)
