"""Atom 1.0 feeds (RFC 4287): the site's newest records and one feed per council.

Written with the standard library's ElementTree, which escapes text and
attribute values for XML; characters XML 1.0 cannot carry at all (control
characters) are dropped first. Dates come from the records, never the clock:
an entry is "published" and "updated" on the day Ofsted published the report,
and a feed is "updated" on its newest entry's day (an empty feed: the site's
"as of" date).

Entry ids are `urn:uuid:` names derived (UUID version 5) from the record's
id (council slug and file name), so they never change between builds, nor
if the site moves to another address; renaming a record file (e.g. to fix
its publication date) gives it a new id, as it is then a different record.
"""

from __future__ import annotations

import re
import uuid
import xml.etree.ElementTree as ET

from .. import dates
from ..build import Build, Entry
from ..derive import recent
from ..licence import LICENCE_TEXT
from ..model import Inspection
from ..paths import SITE_FEED, SitePaths, council_feed, council_url
from ..sanitize import is_safe_url
from ..schema import FRAMEWORKS, JUDGEMENTS, KINDS
from .generator import Download, Listing

ATOM = "http://www.w3.org/2005/Atom"
SITE_FEED_SIZE = 50

#: Namespace for the UUIDs of entries and feeds. Fixed for ever: changing it
#: would change every id and make readers show every entry again.
ID_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://github.com/ofsted-childrens-services-record")

_NOT_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def stable_id(name: str) -> str:
    return f"urn:uuid:{uuid.uuid5(ID_NAMESPACE, name)}"


def entry_id(inspection: Inspection) -> str:
    return stable_id("inspection/" + inspection.id)


def entry_title(inspection: Inspection, council_name: str) -> str:
    """E.g. "Leicestershire: outstanding (full inspection, July 2024)",
    "Leicestershire: focused visit, March 2022",
    "Brent: full inspection, June 2026 (no overall grade since the 2026 reform)"."""
    when = dates.month_year(inspection.published)
    if not inspection.graded:
        return f"{council_name}: {inspection.kind_label}, {when}"
    if inspection.overall:
        outcome = inspection.overall.replace("_", " ")
    elif FRAMEWORKS[inspection.framework].drops_overall:
        # No grade to lead with: lead with what happened, and say why there is none.
        return f"{council_name}: {inspection.kind_label}, {when} (no overall grade since the 2026 reform)"
    elif inspection.judgements and not FRAMEWORKS[inspection.framework].has_overall:
        # Before 2013, on its own scale: lead with the first judgement, named.
        key, grade = next(iter(inspection.judgements.items()))
        outcome = f"{JUDGEMENTS[key].label.lower()} {grade.replace('_', ' ')}"
    elif inspection.judgements:
        outcome = "overall grade not recorded yet"
    else:
        outcome = "grades not recorded yet"
    return f"{council_name}: {outcome} ({inspection.kind_label}, {when})"


class _Link:
    """Turns a path (relative to the site root) into an href for one feed:
    absolute when the site's address is known, otherwise relative to the
    feed's own location, which feed readers resolve correctly."""

    def __init__(self, paths: SitePaths, feed_path: str):
        self.base = paths.absolute("") if paths.site_url else "../" * feed_path.count("/")

    def __call__(self, path: str) -> str:
        return (self.base + path) or "./"


def _text(parent: ET.Element, tag: str, text: str, **attrs) -> ET.Element:
    element = ET.SubElement(parent, tag, attrs)
    element.text = _NOT_XML.sub("", text)
    return element


def _link(parent: ET.Element, href: str, rel: str, **attrs) -> None:
    ET.SubElement(parent, "link", {"rel": rel, "href": _NOT_XML.sub("", href), **attrs})


def _entry(feed: ET.Element, record: Entry, link: _Link):
    inspection, council_name = record.inspection, record.council.name
    entry = ET.SubElement(feed, "entry")
    _text(entry, "id", entry_id(inspection))
    _text(entry, "title", entry_title(inspection, council_name))
    _text(entry, "published", dates.timestamp(inspection.published))
    _text(entry, "updated", dates.timestamp(inspection.published))
    _link(entry, link(council_url(inspection.council)) + "#" + inspection.anchor, "alternate",
          type="text/html", title=council_name)
    if inspection.report_url and is_safe_url(inspection.report_url):
        _link(entry, inspection.report_url, "related", title="Ofsted's report")
    ET.SubElement(entry, "category",
                  {"term": inspection.kind, "label": KINDS[inspection.kind].label})
    ET.SubElement(entry, "category",
                  {"term": inspection.framework, "label": FRAMEWORKS[inspection.framework].name})
    _text(entry, "summary", record.sentence, type="text")


def feed_xml(b: Build, *, feed_path: str, feed_name: str, title: str, subtitle: str, alternate: str,
             entries: list[Entry]) -> bytes:
    """One Atom feed of `entries`, newest first; `alternate` is the page the
    feed belongs to (path relative to the site root)."""
    link = _Link(b.paths, feed_path)
    # Plain tag names under a default namespace declared on the root: the
    # serialisation readers expect (<feed xmlns="...">, no prefixes).
    feed = ET.Element("feed", {"xmlns": ATOM})
    _text(feed, "id", stable_id(feed_name))
    _text(feed, "title", title)
    _text(feed, "subtitle", subtitle)
    newest = entries[0].inspection.published if entries else b.as_of
    _text(feed, "updated", dates.timestamp(newest))
    author = ET.SubElement(feed, "author")
    _text(author, "name", b.site_name)
    _link(feed, link(feed_path), "self", type="application/atom+xml")
    _link(feed, link(alternate), "alternate", type="text/html")
    _text(feed, "rights", LICENCE_TEXT)
    for entry in entries:
        _entry(feed, entry, link)
    ET.indent(feed)
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True) + b"\n"


def site_feed(b: Build) -> bytes:
    """`feed.xml`: the 50 most recently published records, newest first."""
    return feed_xml(
        b, feed_path=SITE_FEED, feed_name="feed", title=b.site_name,
        subtitle="The newest published Ofsted inspections and visits of children's services in England.",
        alternate="", entries=[b.entries[i.id] for i in recent(b.dataset, SITE_FEED_SIZE)],
    )


def council_feed_xml(b: Build, slug: str) -> bytes:
    """`councils/<slug>/feed.xml`: every record of one council, newest first."""
    summary = b.summaries[slug]
    name = summary.council.name
    history = sorted(summary.inspections, key=lambda i: i.sort_key, reverse=True)
    return feed_xml(
        b, feed_path=council_feed(slug), feed_name=f"councils/{slug}/feed",
        title=f"{name}: Ofsted inspections of children's services",
        subtitle=f"Ofsted inspections and visits of {name}'s children's services, newest first.",
        alternate=council_url(slug), entries=[b.entries[i.id] for i in history],
    )


def build(b: Build) -> dict[str, bytes]:
    """Every feed, as {path relative to the site root: bytes}."""
    feeds = {SITE_FEED: site_feed(b)}
    for slug in sorted(b.dataset.councils):
        feeds[council_feed(slug)] = council_feed_xml(b, slug)
    return feeds


def listing(b: Build) -> list[Listing]:
    return [Listing(SITE_FEED, "feed.xml", "Atom feed",
                    f"The {SITE_FEED_SIZE} most recently published inspections and visits.")]


OUTPUT = Download("Atom feeds", "Atom feed", build, listing)
