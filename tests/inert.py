"""What "nothing executable" means, checked on parsed HTML.

Shared by the security, fuzz and whole-site tests. Each check returns a list
of findings (empty = inert) so a failing test shows every problem at once.
"""

from __future__ import annotations

import re

from bs4 import BeautifulSoup

# Elements that run code, load other documents, or restyle/redirect the page.
DANGEROUS_ELEMENTS = ("script", "iframe", "frame", "frameset", "object", "embed", "applet",
                      "style", "base", "meta", "link", "portal", "template")
URL_ATTRIBUTES = ("href", "src", "action", "formaction", "xlink:href", "data", "poster",
                  "background", "cite", "longdesc", "ping", "srcset", "codebase", "manifest")
SAFE_SCHEMES = ("http", "https")
# What a browser ignores before reading a URL's scheme (WHATWG URL parsing).
_URL_IGNORED = re.compile(r"[\x00-\x20]")
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.\-]*):")


def url_scheme(value: str) -> str | None:
    """The scheme a browser would see in an attribute value, or None if relative."""
    match = _SCHEME.match(_URL_IGNORED.sub("", value))
    return match.group(1).lower() if match else None


def unsafe_url(value: str, allowed=SAFE_SCHEMES) -> bool:
    scheme = url_scheme(value)
    return scheme is not None and scheme not in allowed


def element_findings(tag, *, allowed_schemes=SAFE_SCHEMES) -> list[str]:
    """Event handlers and non-http(s) URLs on one element."""
    found = []
    for name, value in tag.attrs.items():
        lowered = name.lower()
        if lowered.startswith("on"):
            found.append(f"<{tag.name} {name}=...>")
        values = value if isinstance(value, list) else [value]
        if lowered in URL_ATTRIBUTES or lowered.endswith(":href"):
            for v in values:
                # srcset is "url size, url size": check each URL
                for url in (part.strip().split(" ")[0] for part in v.split(",")) if lowered == "srcset" else [v]:
                    if unsafe_url(url, allowed_schemes):
                        found.append(f"<{tag.name} {name}={url[:60]!r}>")
        if lowered == "style" and re.search(r"url\s*\(|expression\s*\(", " ".join(values), re.I):
            found.append(f"<{tag.name} style={' '.join(values)[:60]!r}>")
    return found


def fragment_findings(fragment: str) -> list[str]:
    """Findings in an HTML fragment that should contain no active content at all
    (a record body, a search index entry)."""
    soup = BeautifulSoup(fragment, "lxml")
    found = [f"<{el.name}>" for el in soup.find_all(list(DANGEROUS_ELEMENTS) + ["svg", "math", "img", "form", "input", "button"])]
    for tag in soup.find_all(True):
        found.extend(element_findings(tag))
    return found
