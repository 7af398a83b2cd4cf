"""How dates read on the site, in one place (GOV.UK style: no leading zero).

Every page, download, feed and chart formats dates through these functions,
so a date reads the same everywhere ("1 June 2009", never "01 June 2009").
"""

from __future__ import annotations

import datetime as dt

NOT_RECORDED = "not recorded"


def long_date(day: dt.date | None) -> str:
    """12 July 2024."""
    return f"{day.day} {day:%B %Y}" if day else NOT_RECORDED


def short_date(day: dt.date | None) -> str:
    """For tables: 4 Sep 2023."""
    return f"{day.day} {day:%b %Y}" if day else NOT_RECORDED


def month_year(day: dt.date) -> str:
    """July 2024."""
    return f"{day:%B %Y}"


def month_name(month: int) -> str:
    """7 -> July."""
    return dt.date(2000, month, 1).strftime("%B")


def span(starts: dt.date, ends: dt.date | None) -> str:
    """A framework's years in force: '1 April 2013 to 31 December 2017', or 'from 1 January 2018'."""
    return f"{long_date(starts)} to {long_date(ends)}" if ends else f"from {long_date(starts)}"


def timestamp(day: dt.date) -> str:
    """Midnight UTC on a day, as Atom feeds write it (RFC 3339)."""
    return f"{day.isoformat()}T00:00:00Z"


def short_month_year(day: dt.date) -> str:
    """Jul 2024."""
    return f"{day:%b %Y}"
