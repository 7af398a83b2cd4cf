"""Web addresses checked the way a browser reads them.

Python's `urllib.parse` does not follow the WHATWG URL standard that browsers
do, and the two disagree on crafted addresses: `urlsplit` reads
`https://evil.example\\@files.ofsted.gov.uk/` as a link to Ofsted, while a
browser turns the backslash into `/` and goes to evil.example. So an address
is refused when it holds anything the two could read differently (a
backslash, a user name before an `@`, spaces, control or non-ASCII
characters), and the host that counts is the one the WHATWG parser (ada, as
in Node.js) finds, which must also be the one urllib finds.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import ada_url

# Anything outside printable ASCII: browsers drop tabs and newlines inside an
# address, trim spaces and controls, and encode non-ASCII characters.
_NOT_PLAIN = re.compile(r"[^\x21-\x7e]")
_DEFAULT_PORTS = {"http": 80, "https": 443}


def _urllib_view(text: str) -> tuple[str, str, int | None] | None:
    try:
        parts = urlsplit(text)
        port = parts.port
    except ValueError:
        return None
    if not parts.netloc:
        return None
    return parts.scheme.lower(), (parts.hostname or "").lower(), port or _DEFAULT_PORTS.get(parts.scheme.lower())


def _browser_view(text: str) -> tuple[str, str, int | None] | None:
    try:
        parts = ada_url.parse_url(text)
    except ValueError:
        return None
    scheme = parts["protocol"].rstrip(":")
    port = int(parts["port"]) if parts["port"] else _DEFAULT_PORTS.get(scheme)
    return scheme, parts["hostname"], port


def url_problem(text: str, hosts: tuple[str, ...] = ()) -> str | None:
    """What is wrong with `text` as a link, said after the value, or None.
    With `hosts`, it must be an https link to one of them (or a subdomain)."""
    if _NOT_PLAIN.search(text):
        return ("contains a space, a control character or a character outside ASCII; copy the address from "
                "the browser's address bar, which writes them as %xx")
    if "\\" in text:
        return "contains a backslash, which browsers read as `/`; write the address as the browser shows it"
    ours, theirs = _urllib_view(text), _browser_view(text)
    if ours is None or theirs is None or ours[0] not in ("http", "https") or not ours[1]:
        return "is not a web address; write a full https:// link"
    if "@" in urlsplit(text).netloc:
        return ("has a user name or password before an @; browsers go to the host after the @, so link to "
                "the page directly")
    if ours != theirs:
        return (f"is read as a link to {ours[1]} by Python but to {theirs[1]} by browsers; write the address "
                "as the browser shows it")
    if hosts:
        host = theirs[1]
        if theirs[0] != "https" or not any(host == h or host.endswith("." + h) for h in hosts):
            return f"is not an https link to {', '.join(hosts)}; link to the report on Ofsted's site"
    return None
