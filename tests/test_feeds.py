"""Atom feeds, read with feedparser as a feed reader would."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET

import feedparser
import pytest
from inspections.build import make_build
from inspections.outputs import feeds
from opendata_fixtures import AS_OF, RECORDS, make_dataset, many_visits, real_dataset, real_site

SITE_URL = "https://example.org/inspections/"
ATOM_TYPE = {"content-type": "application/atom+xml"}


def parse(data: bytes):
    parsed = feedparser.parse(data)
    assert parsed.bozo == 0, parsed.get("bozo_exception")
    assert parsed.version == "atom10"
    return parsed


@pytest.fixture()
def dataset(tmp_path):
    return make_dataset(tmp_path)


def published(entry) -> dt.date:
    return dt.date(*entry.published_parsed[:3])


def test_site_feed_parses_newest_first_with_titles_links_and_summaries(dataset):
    parsed = parse(feeds.site_feed(make_build(dataset, AS_OF, site_url=SITE_URL)))
    entries = parsed.entries
    assert len(entries) == len(RECORDS)
    dates = [published(e) for e in entries]
    assert dates == sorted(dates, reverse=True)
    assert parsed.feed.updated == "2026-06-18T00:00:00Z"  # newest entry, not the clock
    titles = [e.title for e in entries]
    assert titles[0] == "Beta: full inspection, June 2026 (no overall grade since the 2026 reform)"
    assert "Alpha & <Sons>: outstanding (full inspection, July 2024)" in titles
    assert "Alpha & <Sons>: focused visit, March 2022" in titles
    assert "Alpha & <Sons>: requires improvement (full inspection, November 2019)" in titles
    assert "Beta: grades not recorded yet (full inspection, May 2016)" in titles
    outstanding = next(e for e in entries if "July 2024" in e.title)
    assert outstanding.summary.startswith("overall effectiveness from requires improvement to outstanding")
    links = {link.rel: link.href for link in outstanding.links}
    assert links["alternate"] == SITE_URL + "councils/alpha/#alpha-2024-07-12-full-inspection"
    assert links["related"] == "https://files.ofsted.gov.uk/v1/file/4"
    assert outstanding.updated == outstanding.published == "2024-07-12T00:00:00Z"
    visit = next(e for e in entries if "focused visit" in e.title)
    assert visit.summary == "focused visit (no grades)"
    assert {link.rel: link.href for link in parsed.feed.links}["self"] == SITE_URL + "feed.xml"


def test_text_is_escaped_for_xml(dataset):
    data = feeds.site_feed(make_build(dataset, AS_OF, site_url=SITE_URL))
    assert b"Alpha &amp; &lt;Sons&gt;" in data
    ET.fromstring(data)  # well-formed


def test_site_feed_holds_the_50_most_recent(tmp_path):
    dataset = make_dataset(tmp_path, RECORDS + many_visits(60))
    parsed = parse(feeds.site_feed(make_build(dataset, AS_OF, site_url=SITE_URL)))
    assert len(parsed.entries) == feeds.SITE_FEED_SIZE == 50
    newest = sorted(dataset.inspections, key=lambda i: i.sort_key, reverse=True)[:50]
    assert [e.id for e in parsed.entries] == [feeds.entry_id(i) for i in newest]


def test_a_newly_added_record_comes_first_and_old_ids_stay(tmp_path):
    before = parse(feeds.site_feed(make_build(make_dataset(tmp_path / "before"), AS_OF, site_url=SITE_URL)))
    added = {"council": "delta", "kind": "monitoring-visit", "framework": "ilacs-2026",
             "published": dt.date(2026, 9, 1), "report_url": "https://files.ofsted.gov.uk/v1/file/99"}
    after_dataset = make_dataset(tmp_path / "after", RECORDS + [added])
    after = parse(feeds.site_feed(make_build(after_dataset, AS_OF, site_url=SITE_URL)))
    assert after.entries[0].title == "Delta: monitoring visit, September 2026"
    assert after.feed.updated == "2026-09-01T00:00:00Z"
    assert [e.id for e in after.entries[1:]] == [e.id for e in before.entries]
    delta = parse(feeds.council_feed_xml(make_build(after_dataset, AS_OF, site_url=SITE_URL), "delta"))
    assert [e.title for e in delta.entries] == ["Delta: monitoring visit, September 2026"]


def test_ids_are_stable_unique_and_independent_of_the_address(dataset):
    one = parse(feeds.site_feed(make_build(dataset, AS_OF, site_url=SITE_URL)))
    two = parse(feeds.site_feed(make_build(dataset, dt.date(2030, 1, 1), site_url="https://elsewhere.example/")))
    ids = [e.id for e in one.entries]
    assert ids == [e.id for e in two.entries]
    assert len(set(ids)) == len(ids)
    assert all(i.startswith("urn:uuid:") for i in ids)
    assert feeds.site_feed(make_build(dataset, AS_OF, site_url=SITE_URL)) == \
        feeds.site_feed(make_build(dataset, AS_OF, site_url=SITE_URL))


def test_council_feeds_for_every_council(dataset):
    all_feeds = feeds.build(make_build(dataset, AS_OF, site_url=SITE_URL))
    assert set(all_feeds) == {"feed.xml"} | {f"councils/{slug}/feed.xml" for slug in dataset.councils}
    alpha = parse(all_feeds["councils/alpha/feed.xml"])
    assert [e.title.split(": ", 1)[1] for e in alpha.entries] == [
        "outstanding (full inspection, July 2024)", "focused visit, March 2022",
        "requires improvement (full inspection, November 2019)"]
    assert {link.rel: link.href for link in alpha.feed.links}["alternate"] == SITE_URL + "councils/alpha/"
    gamma = parse(all_feeds["councils/gamma/feed.xml"])  # a former council keeps its feed
    assert [e.title for e in gamma.entries] == ["Gamma: inadequate (full inspection, March 2015)"]
    empty = parse(all_feeds["councils/delta/feed.xml"])
    assert empty.entries == [] and empty.feed.updated == "2026-07-01T00:00:00Z"


def test_without_site_url_links_resolve_from_the_feed_location(dataset):
    site = feedparser.parse(feeds.site_feed(make_build(dataset, AS_OF, site_url=None)),
                            response_headers={"content-location": "https://host.example/x/feed.xml", **ATOM_TYPE})
    assert site.bozo == 0
    assert site.entries[0].link == "https://host.example/x/councils/beta/#beta-2026-06-18-full-inspection"
    council = feedparser.parse(feeds.council_feed_xml(make_build(dataset, AS_OF, site_url=None), "beta"),
                               response_headers={"content-location": "https://host.example/x/councils/beta/feed.xml",
                                                 **ATOM_TYPE})
    assert council.entries[0].link == "https://host.example/x/councils/beta/#beta-2026-06-18-full-inspection"


# --- the real site ----------------------------------------------------------------------


@pytest.mark.slow
def test_real_feeds_parse_and_pages_advertise_them():
    site = real_site()
    assert site.ok, site.log
    dataset = real_dataset()
    parsed = parse((site.site_dir / "feed.xml").read_bytes())
    assert len(parsed.entries) == 50
    dates = [published(e) for e in parsed.entries]
    assert dates == sorted(dates, reverse=True)
    newest = max(dataset.inspections, key=lambda i: i.sort_key)
    assert parsed.entries[0].id == feeds.entry_id(newest)
    assert dates[0] == newest.published
    for slug in dataset.councils:
        council = parse((site.site_dir / f"councils/{slug}/feed.xml").read_bytes())
        assert len(council.entries) == len(dataset.for_council(slug))
        head = site.page(f"councils/{slug}/").select('link[rel~="alternate"][type="application/atom+xml"]')
        hrefs = [link["href"] for link in head]
        assert f"../../councils/{slug}/feed.xml" in hrefs and "../../feed.xml" in hrefs
        visible = [a["href"] for a in site.page(f"councils/{slug}/").select("article a[href]")]
        assert "feed.xml" in visible and f"../../api/councils/{slug}.json" in visible
