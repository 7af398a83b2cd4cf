"""The Excel workbook `data/ilacs.xlsx`, written with XlsxWriter.

Sheets "Latest", "All inspections", "Councils" (the same rows and columns as
the CSV files), "Neighbours" (each council page's comparison with its
statistical neighbours, grades in words) and "About" (sources, licence, date,
column dictionary). Each data sheet has its header row frozen, filters on and
readable widths.

Why XlsxWriter: it streams rows to the file (`constant_memory`) and took
1.1 s against openpyxl's 1.45 s (write-only mode) for 10,000 records, the
largest single cost of the data downloads (docs/performance.md).
Readers of the file (tests, analysts) still open it with openpyxl or Excel.

What we make sure of:
- Text is text: every string goes in with `write_string`, so a record value
  starting with "=" is never a formula, and XlsxWriter's guessing of numbers
  and links from strings is off.
- Reproducible bytes: the document properties carry the site's "as of" date,
  and the zip is re-packed with that date on every entry.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import re
import zipfile

import xlsxwriter

from ..build import Build
from ..columns import TABLE_INFO, TABLES, Column
from ..derive import CouncilSummary
from ..licence import LICENCE_TEXT, OGL_ATTRIBUTION, SOURCES, TITLE
from ..paths import WORKBOOK, SitePaths
from ..sanitize import is_safe_url
from ..schema import JUDGEMENTS
from .generator import Download, Listing
from .neighbours import COMPARED, comparison

#: Sheet name for each table, in workbook order.
SHEETS: dict[str, str] = {"latest": "Latest", "inspections": "All inspections", "councils": "Councils"}
NEIGHBOURS = "Neighbours"
ABOUT = "About"

MIN_WIDTH, MAX_WIDTH = 8, 60
DATE_FORMAT = "yyyy-mm-dd"
#: Excel refuses these control characters in cells (the file would not open).
_ILLEGAL = re.compile(r"[\000-\010\013\014\016-\037]")
#: Excel's limit on links in one sheet; beyond it the URL is written as text.
_MAX_LINKS = 65_530


def _cell_value(value):
    """A row value as an Excel value: dates stay dates, lists become JSON text."""
    if isinstance(value, list):
        return json.dumps(value, ensure_ascii=False) if value else None
    if isinstance(value, str):
        return _ILLEGAL.sub("", value)
    return value


def _display_width(value) -> int:
    if value is None:
        return 0
    if isinstance(value, dt.date):
        return 10
    return len(str(value))


class _Writer:
    """The workbook's formats, and one way of writing each kind of value."""

    def __init__(self, book: xlsxwriter.Workbook):
        self.book = book
        self.bold = book.add_format({"bold": True})
        self.date = book.add_format({"num_format": DATE_FORMAT})
        self.wrap = book.add_format({"text_wrap": True, "valign": "top"})
        self.bold_wrap = book.add_format({"bold": True, "text_wrap": True, "valign": "top"})
        self.link = book.get_default_url_format()

    def put(self, ws, row: int, col: int, value, cell_format=None) -> None:
        if value is None or value == "":
            return
        if isinstance(value, bool):
            ws.write_boolean(row, col, value, cell_format)
        elif isinstance(value, (int, float)):
            ws.write_number(row, col, value, cell_format)
        elif isinstance(value, dt.datetime):
            ws.write_datetime(row, col, value, cell_format or self.date)
        elif isinstance(value, dt.date):
            ws.write_datetime(row, col, dt.datetime(value.year, value.month, value.day), cell_format or self.date)
        else:
            ws.write_string(row, col, str(value), cell_format)


def _data_sheet(writer: _Writer, ws, columns: tuple[Column, ...], rows: list[dict]) -> None:
    names = [column.name for column in columns]
    widths = [len(name) for name in names]
    link_col = names.index("report_url") if "report_url" in names else None
    values = []
    for row in rows:
        line = [_cell_value(row[name]) for name in names]
        widths = [max(width, _display_width(value)) for width, value in zip(widths, line, strict=True)]
        values.append(line)
    # constant_memory writes each row as the next one starts, so the sheet's
    # settings come first and rows go in order.
    for col, width in enumerate(widths):
        ws.set_column(col, col, min(MAX_WIDTH, max(MIN_WIDTH, width + 2)))
    ws.freeze_panes(1, 0)
    ws.autofilter(0, 0, max(1, len(rows)), len(columns) - 1)
    for col, name in enumerate(names):
        ws.write_string(0, col, name, writer.bold)
    links = 0
    for number, line in enumerate(values, start=1):
        for col, value in enumerate(line):
            if col == link_col and isinstance(value, str) and is_safe_url(value) and links < _MAX_LINKS:
                ws.write_url(number, col, value, writer.link, string=value)
                links += 1
            else:
                writer.put(ws, number, col, value)


#: The Neighbours sheet's columns and what each holds.
NEIGHBOUR_HEADINGS: tuple[tuple[str, str], ...] = (
    ("Council", "The council whose comparison this is."),
    ("Neighbour rank", "1 to 10, most similar first; empty on the council's own row, which comes first."),
    ("Compared council", "The council itself, then each statistical neighbour."),
    *((JUDGEMENTS[key].label, f"Latest grade for \"{JUDGEMENTS[key].full_name}\", in words.") for key in COMPARED),
    ("Latest graded inspection published", "When the report of those grades was published."),
)


def _neighbours_sheet(writer: _Writer, ws, summaries: dict[str, CouncilSummary]) -> None:
    """The council pages' neighbour tables one after another: the council's own
    row, then its neighbours by rank, grades in words."""
    current = sorted((s for s in summaries.values() if s.council.is_current), key=lambda s: s.council.name.lower())
    lines = []
    for summary in current:
        for line in comparison(summaries, summary.council.slug):
            latest = line.summary.latest
            lines.append([summary.council.name, line.rank, line.council.name,
                          *(grade.full for grade in line.grades), latest.published if latest else None])
    headings = [heading for heading, _ in NEIGHBOUR_HEADINGS]
    widths = [max([len(heading), *(_display_width(v[col]) for v in lines)]) for col, heading in enumerate(headings)]
    for col, width in enumerate(widths):
        ws.set_column(col, col, min(MAX_WIDTH, max(MIN_WIDTH, width + 2)))
    ws.freeze_panes(1, 0)
    ws.autofilter(0, 0, max(1, len(lines)), len(headings) - 1)
    for col, heading in enumerate(headings):
        ws.write_string(0, col, heading, writer.bold)
    for number, line in enumerate(lines, start=1):
        own = line[1] is None
        for col, value in enumerate(line):
            writer.put(ws, number, col, _cell_value(value),
                       writer.bold if own and not isinstance(value, dt.date) else None)


def _about_sheet(writer: _Writer, ws, as_of: dt.date, paths: SitePaths, currency: list[tuple[str, dt.date]]) -> None:
    for col, width in enumerate((18, 32, 10, 80, 40)):
        ws.set_column(col, col, width)
    facts = [
        ("Data as of", as_of),
        *currency,
        ("Generated", as_of),
        ("Licence", LICENCE_TEXT),
        ("Attribution", OGL_ATTRIBUTION),
        ("Text values", "Every text cell holds the value exactly as recorded, stored as text (never a formula)."),
    ]
    if paths.site_url:
        facts.append(("Documentation", paths.absolute("data/")))
    facts += [("Source", f"{source['title']}: {source['path']}") for source in SOURCES]
    bold, wrap, bold_wrap = writer.bold, writer.wrap, writer.bold_wrap
    lines: list[list[tuple]] = [[(TITLE, bold)], []]
    lines += [[(label, bold), (value, None if isinstance(value, dt.date) else wrap)] for label, value in facts]
    lines.append([])
    lines.append([(heading, bold) for heading in ("Sheet", "Column", "Type", "What it holds", "Allowed values")])
    for table, sheet in SHEETS.items():
        lines.append([(sheet, bold), (None, None), (None, None), (TABLE_INFO[table]["description"], bold_wrap)])
        lines += [[(sheet, None), (column.name, None), (column.type, None), (column.description, wrap),
                   (", ".join(column.enum), wrap) if column.enum else (None, None)]
                  for column in TABLES[table]]
    lines.append([(NEIGHBOURS, bold), (None, None), (None, None),
                  ("Each current council's latest grades beside its ten statistical neighbours', as on its "
                   "page on the site. The same in codes: data/neighbours.csv.", bold_wrap)])
    lines += [[(NEIGHBOURS, None), (heading, None), (None, None), (description, wrap)]
              for heading, description in NEIGHBOUR_HEADINGS]
    for number, line in enumerate(lines):
        for col, (value, cell_format) in enumerate(line):
            writer.put(ws, number, col, value, cell_format)


def workbook_bytes(tables: dict[str, list[dict]], summaries: dict[str, CouncilSummary], as_of: dt.date,
                   paths: SitePaths, *, published_until: dt.date | None = None,
                   checked_until: dt.date | None = None) -> bytes:
    """The workbook as bytes; identical for identical input. The About sheet
    says how current the records are, from the records themselves."""
    currency = [(label, day) for label, day in (("Inspections published up to", published_until),
                                                 ("Records last checked against Ofsted", checked_until)) if day]
    raw = io.BytesIO()
    book = xlsxwriter.Workbook(raw, {
        "constant_memory": True,
        "in_memory": True,
        # Never guess: text stays text, whatever it looks like.
        "strings_to_formulas": False,
        "strings_to_numbers": False,
        "strings_to_urls": False,
    })
    stamp = dt.datetime(as_of.year, as_of.month, as_of.day)
    book.set_properties({"title": TITLE, "author": "hooks/inspections/outputs/workbook.py", "created": stamp})
    writer = _Writer(book)
    for table, sheet in SHEETS.items():
        _data_sheet(writer, book.add_worksheet(sheet), TABLES[table], tables[table])
    _neighbours_sheet(writer, book.add_worksheet(NEIGHBOURS), summaries)
    _about_sheet(writer, book.add_worksheet(ABOUT), as_of, paths, currency)
    book.close()
    return _repack(raw.getvalue(), (max(1980, as_of.year), as_of.month, as_of.day, 0, 0, 0))


def _repack(data: bytes, date_time: tuple[int, ...]) -> bytes:
    """The same zip with every entry's timestamp set to `date_time`."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=date_time)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o600 << 16
            target.writestr(entry, source.read(info.filename))
    return out.getvalue()


def build(b: Build) -> dict[str, bytes]:
    return {WORKBOOK: workbook_bytes(b.tables, b.summaries, b.as_of, b.paths,
                                     published_until=b.published_until, checked_until=b.checked_until)}


def listing(b: Build) -> list[Listing]:
    names = [f'"{name}"' for name in (*SHEETS.values(), NEIGHBOURS, ABOUT)]
    return [Listing(WORKBOOK, "ilacs.xlsx", "Excel workbook", f"Sheets {', '.join(names[:-1])} and {names[-1]}.")]


OUTPUT = Download("Excel workbook", "Excel workbook", build, listing)
