"""Read an Ofsted children's services inspection report (PDF) into record fields.

The report is the authority for a record, so this reader never guesses: a
document whose kind, council, dates or grades it cannot find is refused with
`ReportRefused` and a message that says what was missing.

Recognised reports (the title on the first page decides):

- "Inspection of looked after children services" (2013) and "Inspection of
  safeguarding and looked after children services": framework `pre-sif`, graded
  on the old scale with "adequate" (its own judgement keys, see schema).
- "Inspection of services for children in need of help and protection, children
  looked after and care leavers" (and "Re-inspection of ..."): framework `sif`,
  an overall grade, five judgements (some may be "not judged") and, kept apart,
  the review of the Local Safeguarding Children Board.
- "Inspection of <council> local authority children's services", "Inspection of
  children's social care services", "Inspection of local authority children's
  (social care) services": ILACS, whose framework follows from the judgements
  the report lists (and is checked against its dates).

Everything else is refused: a standalone review of a safeguarding board, a
monitoring or focused visit letter, a joint targeted area inspection, a document
that is not from Ofsted, a PDF with no text layer.

Text comes from pypdfium2 (PDFium): on the 497 reports of the reference copy it
read every real PDF, 20 times faster than pypdf and 40 times faster than
pdfminer.six, with the same text for the pages read here.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass, replace

from .names import match_council
from .schema import FRAMEWORKS, framework_for

#: Grades, dates and names sit on the first pages, except the SIF's lead
#: inspector and LSCB grade and the 2013 record of main findings, found later on.
FIRST_PAGES = 3
MAX_PAGES = 400
MAX_PDF_BYTES = 50 * 1024 * 1024


class ReportRefused(Exception):
    """The document is not a report this reader can turn into a record."""


@dataclass(frozen=True)
class ReportReading:
    council: str
    council_name: str  # as printed in the report
    kind: str
    framework: str
    inspection_start: dt.date | None
    inspection_end: dt.date | None
    published_in_report: dt.date | None
    lead_inspector: str | None
    judgements: dict[str, str]
    safeguarding_board: str | None = None  # SIF only: the LSCB review, not a grade of the council
    sha256: str = ""

    def as_json(self) -> dict:
        return {
            "council": self.council,
            "kind": self.kind,
            "framework": self.framework,
            "inspection_start": _iso(self.inspection_start),
            "inspection_end": _iso(self.inspection_end),
            "published_in_report": _iso(self.published_in_report),
            "lead_inspector": self.lead_inspector,
            "judgements": dict(self.judgements),
            "safeguarding_board": self.safeguarding_board,
            "council_name_in_report": self.council_name,
            "sha256": self.sha256,
        }


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


# --- PDF to text -------------------------------------------------------------


def pdf_pages(data: bytes) -> list[str]:
    """The text of every page, or ReportRefused."""
    if not data:
        raise ReportRefused("the file is empty; expected an Ofsted report in PDF")
    if len(data) > MAX_PDF_BYTES:
        raise ReportRefused(f"the file is {len(data) // (1024 * 1024)} MB; reports are under "
                            f"{MAX_PDF_BYTES // (1024 * 1024)} MB")
    if not data.lstrip()[:5].startswith(b"%PDF-"):
        start = data.lstrip()[:200].lower()
        what = "an HTML page" if b"<html" in start or b"<!doctype html" in start else "not a PDF"
        raise ReportRefused(f"the file is {what}, not a PDF report (a failed download saves an error page)")
    import pypdfium2 as pdfium  # imported here: the site build never needs it

    try:
        doc = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        message = str(exc)
        if "password" in message.lower():
            raise ReportRefused("the PDF is encrypted with a password; Ofsted's reports are not") from None
        raise ReportRefused(f"the PDF cannot be read ({message.removeprefix('Failed to load document ')}); "
                            "it may be truncated or damaged: download it again") from None
    try:
        count = len(doc)
        if count > MAX_PAGES:
            raise ReportRefused(f"the PDF has {count} pages; reports have fewer than {MAX_PAGES}")
        pages = []
        for index in range(count):
            page = doc[index]
            textpage = page.get_textpage()
            pages.append(textpage.get_text_range())
            textpage.close()
            page.close()
    except pdfium.PdfiumError as exc:
        raise ReportRefused(f"the PDF cannot be read ({exc}); it may be damaged: download it again") from None
    finally:
        doc.close()
    if not "".join(pages).strip():
        raise ReportRefused("the PDF has no text layer (a scan?); this reader needs the text Ofsted publishes")
    return pages


# --- Text helpers -----------------------------------------------------------------


def _flat(text: str) -> str:
    """One line, single spaces, plain quotes and dashes: '\u2019' -> "'", '\u2013' -> '-'."""
    text = text.replace("\u2019", "'").replace("\u2018", "'").replace("\u2013", "-").replace("\u2014", "-")
    text = re.sub("[\u2010\u2011\u2012\u2212\u2500\ufffe]", "-", text).replace("\u00a0", " ").replace("\u25fc", " ")
    return re.sub(r"\s+", " ", text).strip()


_MONTHS = {m: i for i, m in enumerate(
    ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
     "november", "december"), start=1)}
_MONTH = (r"(Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?"
          r"|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\b")
_DAY = rf"(\d{{1,2}})(?:st|nd|rd|th)?\s*(?:{_MONTH})?\s*(\d{{4}})?"


def _date(day: str, month: str, year: str) -> dt.date:
    number = next(n for name, n in _MONTHS.items() if name.startswith(month.lower()[:3]))
    return dt.date(int(year), number, int(day))


def _date_range(text: str) -> tuple[dt.date, dt.date] | None:
    """'7 to 18 November 2022', '6 July 2015 - 30 July 2015', '8 - 12 July 2013',
    '30 November to 11 December 2015', '4 July 2016-28 July 2016', '12/09/2016 to 06/10/2016'."""
    numeric = re.match(r"\s*(\d{1,2})/(\d{1,2})/(\d{4})\s*(?:to|-)\s*(\d{1,2})/(\d{1,2})/(\d{4})", text)
    if numeric:
        d1, m1, y1, d2, m2, y2 = (int(g) for g in numeric.groups())
        try:
            return dt.date(y1, m1, d1), dt.date(y2, m2, d2)
        except ValueError:
            return None
    pattern = re.compile(rf"{_DAY}\s*(?:to|-|and)\s*{_DAY}", re.I)
    match = pattern.match(text.strip())
    if not match:
        return None
    d1, m1, y1, d2, m2, y2 = match.groups()
    if not m2 or not y2:
        return None
    m1 = m1 or m2
    y1 = y1 or y2
    try:
        start, end = _date(d1, m1, y1), _date(d2, m2, y2)
    except ValueError:
        return None
    if start > end and not match.group(3):  # '28 December to 8 January 2016': the start is the year before
        start = start.replace(year=start.year - 1)
    return start, end


def _single_date(text: str) -> dt.date | None:
    numeric = re.match(r"\s*(\d{1,2})/(\d{1,2})/(\d{4})", text)
    if numeric:
        try:
            return dt.date(int(numeric.group(3)), int(numeric.group(2)), int(numeric.group(1)))
        except ValueError:
            return None
    match = re.search(rf"(\d{{1,2}})(?:st|nd|rd|th)?\s+{_MONTH}\s+(\d{{4}})", text, re.I)
    if not match:
        return None
    try:
        return _date(*match.groups())
    except ValueError:
        return None


# Grade words, longest first so "requires improvement to be good" wins over "requires improvement".
_GRADE_WORDS = (
    (r"requires? improvement(?: to be good)?", "requires_improvement"),
    (r"improvement(?: to be good)?", "requires_improvement"),  # after "services require"
    (r"not judged", "not_judged"),
    (r"inadequate", "inadequate"),
    (r"outstanding", "outstanding"),
    (r"good", "good"),
    (r"adequate", "adequate"),
)
_GRADE = re.compile(r"\b(" + "|".join(w for w, _ in _GRADE_WORDS) + r")\b", re.I)


def _grade_key(words: str) -> str:
    for pattern, key in _GRADE_WORDS:
        if re.fullmatch(pattern, words, re.I):
            return key
    raise AssertionError(words)  # _GRADE only matches the words above


def _first_grade(text: str) -> str | None:
    match = _GRADE.search(text)
    return _grade_key(match.group(1)) if match else None


_GRADE_AT_START = re.compile(r"[\s.:]*" + _GRADE.pattern, re.I)


def _grades_after_labels(text: str, labels: list[tuple[str, str]]) -> dict[str, str]:
    """The grade printed right after each label, in a table whose rows may come in any order.

    A label not directly followed by a grade (a sentence that mentions "overall
    effectiveness", say) is not a row of the table and is skipped."""
    result: dict[str, str] = {}
    for key, pattern in labels:
        for match in re.finditer(pattern, text, re.I):
            grade = _GRADE_AT_START.match(text, match.end())
            if grade:
                result[key] = _grade_key(grade.group(1))
                break
    return result


# --- Kinds of document ---------------------------------------------------------

_REFUSALS = (
    (re.compile(r"monitoring visit (?:to|of)\b", re.I),
     "a monitoring visit letter, not an inspection report: it has no grades; record it with scripts/new_record.py"),
    (re.compile(r"focused visit (?:to|of)\b", re.I),
     "a focused visit letter, not an inspection report: it has no grades; record it with scripts/new_record.py"),
    (re.compile(r"joint targeted area inspection", re.I),
     "a joint targeted area inspection letter: it has no grades; record it with scripts/new_record.py"),
)

_SIF_TITLE = re.compile(r"(Re-?)?inspection of services for children in need of help and protection, "
                        r"children looked after and care leavers", re.I)
_LSCB_TITLE = re.compile(r"Review of the effectiveness of the Local Safeguarding Children Board", re.I)
_PRE_SIF_TITLE = re.compile(r"Inspection of (?:safeguarding and )?looked after children(?:'s)? services", re.I)
_ILACS_TITLE = re.compile(
    r"Inspection of (?:children's social care services|local authority children's (?:social care )?services"
    r"|(?P<name>.{2,80}?) (?:local authority )?children's services|(?P<trust>.{2,80}?)(?= Inspection dates?:))",
    re.I)


def read_report(data: bytes, councils: dict) -> ReportReading:
    """Read a report's bytes into a ReportReading; ReportRefused when it is not one."""
    pages = pdf_pages(data)
    sha256 = hashlib.sha256(data).hexdigest()
    first = _flat("\n".join(pages[:FIRST_PAGES]))
    head = first[:1500]
    if "ofsted" not in _flat("\n".join(pages)).lower() and "her majesty's inspector" not in first.lower() \
            and "his majesty's inspector" not in first.lower():
        raise ReportRefused("the document does not name Ofsted; expected an Ofsted children's services "
                            "inspection report")
    for pattern, why in _REFUSALS:
        if pattern.search(head[:400]):
            raise ReportRefused(f"the document is {why}")
    if _SIF_TITLE.search(head):
        reading = _read_sif(pages, first, councils)
    elif _PRE_SIF_TITLE.search(head):
        reading = _read_pre_sif(pages, first, councils)
    elif _LSCB_TITLE.search(head[:600]):
        raise ReportRefused("the document is a review of a Local Safeguarding Children Board on its own, "
                            "not an inspection of the council's children's services")
    elif _ILACS_TITLE.search(head):
        reading = _read_ilacs(pages, first, councils)
    else:
        raise ReportRefused("the document is not a children's services inspection report this reader "
                            "knows (no title such as 'Inspection of ... local authority children's "
                            "services' on its first page)")
    return _checked(reading, sha256)


def _checked(reading: ReportReading, sha256: str) -> ReportReading:
    fw = FRAMEWORKS[reading.framework]
    missing = [key for key in fw.judgements if key not in reading.judgements]
    if missing:
        raise ReportRefused(f"no grade found for {', '.join(missing)} in a {fw.name} report; "
                            "the layout may be new to this reader")
    if reading.inspection_start and not fw.covers_inspection(reading.inspection_start, late=True):
        by_date = framework_for(reading.inspection_start, None)
        raise ReportRefused(f"the judgements are those of {fw.name}, but the inspection started "
                            f"{reading.inspection_start}, which falls under {by_date}")
    return replace(reading, sha256=sha256)


# --- Councils --------------------------------------------------------------------

def _council(name: str, councils: dict) -> str:
    """The council a report names ('Wirral Metropolitan Borough Council children's services')."""
    name = _flat(name).strip(" ,.-")
    match = match_council(name, councils)  # its style words are folded away there
    if match.slug:
        return match.slug
    raise ReportRefused(f"the report names '{name}', which is not a council in records/councils.yml")


_NAME_END = r"(?:,|\s+\(?(?:Senior )?HMI\b|\s+Her\b|\s+His\b|\s+Deputy|\s+Team inspectors?|\s+Judgement|$)"


def _lead_inspector(text: str) -> str | None:
    """'Lead inspector: Jane Smith, His Majesty's Inspector', 'Reporting inspector Gary Lamb HMI',
    'Lead inspectors: A, His Majesty's Inspector, and B, ...', 'Lead inspector on site: A Report author: B'."""
    pair = re.search(rf"Lead inspectors:?\s+(.{{3,60}}?){_NAME_END}.{{0,40}}?\band\s+(.{{3,60}}?){_NAME_END}", text)
    if pair:
        return f"{pair.group(1).strip()} and {pair.group(2).strip()}"
    match = re.search(rf"(?:Lead inspector(?: on site)?|Reporting inspector):?\s+(.{{3,80}}?){_NAME_END}", text)
    if not match:
        return None
    name = re.split(r"\s+Report author", match.group(1))[0].strip(" ,.")
    return name or None


# --- ILACS -----------------------------------------------------------------------

_ILACS_LABELS = [
    ("impact_of_leaders", r"The impact of leaders on (?:social work )?practice with children and families"),
    ("help_and_protection", r"The experiences and progress of children who need help and protection"),
    ("children_in_care_and_care_leavers", r"The experiences and progress of children in care and care leavers"),
    ("children_in_care", r"The experiences and progress of children in care(?! and care leavers)"),
    ("care_leavers", r"The experiences and progress of (?:children )?care leavers"),
    ("overall_effectiveness", r"Overall effectiveness"),
]


def _read_ilacs(pages: list[str], first: str, councils: dict) -> ReportReading:
    title = _ILACS_TITLE.search(first)
    name = title.group("name") or title.group("trust")
    if not name:
        # 'Wirral Metropolitan Borough Council Inspection of children's social care services'
        before = first[:title.start()].strip()
        name = re.sub(r"^\d+\s+", "", before)
    council = _council(name, councils)
    table = first.find("Judgement Grade")
    if table < 0:
        raise ReportRefused("no 'Judgement Grade' table on the first page; expected an ILACS report's grades")
    judgements = _grades_after_labels(first[table:table + 900], _ILACS_LABELS)
    if "children_in_care_and_care_leavers" in judgements:
        framework = "ilacs-2018"
    elif "overall_effectiveness" in judgements:
        framework = "ilacs-2023"
    else:
        framework = "ilacs-2026"
    return _full_inspection(council, name, framework, first, _lead_inspector(first[:1200]),
                            {k: v for k, v in judgements.items() if k in FRAMEWORKS[framework].judgements})


def _full_inspection(council: str, name: str, framework: str, first: str, lead: str | None,
                     judgements: dict[str, str], *, board: str | None = None) -> ReportReading:
    """A full inspection's reading; dates and the printed publication date come from the first pages."""
    dates = _dates_line(first)
    return ReportReading(
        council=council, council_name=_flat(name), kind="full-inspection", framework=framework,
        inspection_start=dates[0] if dates else None, inspection_end=dates[1] if dates else None,
        published_in_report=_published(first), lead_inspector=lead, judgements=judgements,
        safeguarding_board=board,
    )


def _dates_line(text: str) -> tuple[dt.date, dt.date] | None:
    match = re.search(r"Inspection dates?:?\s*(.{5,100})", text)
    if not match:
        raise ReportRefused("no 'Inspection dates' line on the first page")
    dates = _date_range(match.group(1))
    resumed = re.search(r"\d{4} and (.{5,40})", match.group(1))  # a visit resumed later ('... and 13 to 16 January 2025')
    if dates and resumed and _date_range(resumed.group(1)):
        dates = (dates[0], _date_range(resumed.group(1))[1])
    if not dates and _single_date(match.group(1)[:20]) and "published" in match.group(1)[12:30].lower():
        return None  # one day printed (City of London 2016): the first day on site is not known
    if not dates:
        raise ReportRefused(f"the inspection dates '{match.group(1)[:40]}' are not two dates this reader knows")
    return dates


def _published(text: str) -> dt.date | None:
    match = re.search(r"(?:Report published|\bPublished)\s*:\s*(.{5,30})", text[:2500])
    return _single_date(match.group(1)) if match else None


# --- SIF --------------------------------------------------------------------------

_SIF_LABELS = [
    ("help_and_protection", r"\b1\.? Children who need help and protection"),
    ("children_looked_after", r"\b2\.? Children looked after and achieving permanence"),
    ("adoption_performance", r"\b2\.1\.? Adoption performance"),
    ("care_leavers", r"\b2\.2\.? Experiences and progress of care leavers"),
    ("leadership_management_governance", r"\b\d\.? Leadership,? management and governance"),
]


def _read_sif(pages: list[str], first: str, councils: dict) -> ReportReading:
    title = _SIF_TITLE.search(first)
    name = re.sub(r"^\d+\s+", "", first[:title.start()].strip())
    council = _council(name, councils)
    summary_end = first.find("Executive summary")
    summary = first[:summary_end if summary_end > 0 else 2500]
    judgements = _grades_after_labels(summary, _SIF_LABELS)
    # "Children's services in Norfolk are inadequate", "The overall judgement is requires improvement"
    overall = re.search(r"(?:The overall judgement is(?: that children's services)?|Children's services)"
                        r"(.{0,120})", summary)
    grade = _first_grade(overall.group(1)) if overall else None
    if grade:
        judgements = {"overall_effectiveness": grade, **judgements}
    whole = _flat("\n".join(pages))
    board_grade = _board_grade(whole)
    lead = _lead_inspector(whole[whole.rfind("Lead inspector"):] if "Lead inspector" in whole else whole)
    return _full_inspection(council, name, "sif", first, lead, judgements, board=board_grade)


_BOARD = re.compile(
    r"(?:The effectiveness of the |The )(?:Local|[A-Z][\w ]{2,30}?) Safeguarding Children(?: Board)?"
    r"(?: \(\w+\))?(?: in [A-Z][\w ,'-]{1,40}?)? (?:is|are|requires?)\b|"
    r"The (?:effectiveness of the )?LSCB (?:is|requires?)\b")


def _board_grade(text: str) -> str | None:
    """The first sentence that grades the safeguarding board: 'The Local Safeguarding
    Children Board is good', 'The effectiveness of the LSCB requires improvement'."""
    for match in _BOARD.finditer(text):
        verb = match.group(0).rsplit(" ", 1)[-1]
        start = match.start(0) + len(match.group(0)) - (len(verb) if verb.startswith("require") else 0)
        grade = _GRADE_AT_START.match(text, start)
        if grade:
            return _grade_key(grade.group(1))
    return None


# --- Before the SIF (2013) ----------------------------------------------------------

_PRE_SIF_LABELS = [
    ("lac_overall_effectiveness", r"Overall effectiveness"),
    ("lac_capacity_to_improve", r"Capacity to improve"),
    ("lac_outcomes", r"Outcomes for looked after children and young people"),
    ("lac_quality_of_provision", r"Quality of provision"),
    ("lac_leadership_and_management", r"Leadership and management"),
]


def _read_pre_sif(pages: list[str], first: str, councils: dict) -> ReportReading:
    title = _PRE_SIF_TITLE.search(first)
    after = first[title.end():title.end() + 120]
    name = re.split(r"\s+Inspection dates?", after)[0]
    council = _council(name, councils)
    whole = _flat("\n".join(pages))
    findings = whole.rfind("Record of main findings")
    if findings < 0:
        raise ReportRefused("no 'Record of main findings' in a 2013 looked after children report")
    judgements = _grades_after_labels(whole[findings:findings + 800], _PRE_SIF_LABELS)
    return _full_inspection(council, name, "pre-sif", first, _lead_inspector(first[:800]), judgements)
