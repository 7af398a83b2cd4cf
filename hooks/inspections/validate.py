"""Check raw records against the schema and each other.

Every rule reports `path:line: field: what is wrong, what is allowed`.
Nothing here raises on bad input: problems are collected and returned.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
import reprlib

from .load import RawRecord
from .model import Council, Inspection, Problem, Source
from .names import match_council
from .sanitize import BIDI_CONTROLS, body_problems
from .schema import (
    FIELDS_BY_NAME,
    FRAMEWORKS,
    GRADES,
    INSPECTION_TYPES,
    JUDGEMENTS,
    KINDS,
    MAX_SOURCES,
    MAX_STRING,
    REPORT_HOSTS,
    framework_for,
    grades_of_judgement,
    record_path,
)
from .urls import url_problem

# C0 and C1 controls, line and paragraph separators, and the non-characters
# U+FFFE and U+FFFF, which XML (the Atom feeds, the workbook) cannot carry.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ufffe\uffff]")
# Shown in a message, these would break "one line per problem" or reorder the text.
_UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_PLAIN_KEY = re.compile(r"^[A-Za-z_][\w-]{0,60}$")
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_FILE_NAME = re.compile(r"^(\d{4}-\d{2}-\d{2})-([a-z-]+?)(-\d+)?\.md$")
#: Beyond this many unknown fields, one problem says how many.
MAX_UNKNOWN_FIELDS = 20
#: Rules of thumb for dates (a record's `exception:` overrides them). The
#: longest real inspection was 16 days on site; the longest wait for a report
#: 214 days.
MAX_DAYS_ON_SITE = 42
MAX_DAYS_TO_PUBLICATION = 274


def _allowed(values) -> str:
    return ", ".join(values)


# Bounded repr: YAML aliases can nest a 1 KB file into billions of items, and a
# plain repr() of that took minutes (a denial of service by pull request).
_REPR = reprlib.Repr()
_REPR.maxlevel, _REPR.maxlist, _REPR.maxdict, _REPR.maxstring, _REPR.maxother = 2, 4, 4, 60, 60


def _show(value) -> str:
    """A short, safe rendering of a bad value for an error message."""
    if isinstance(value, str):
        text = f"'{value[:80]}'"
    elif isinstance(value, dt.date):  # YAML made it a date or datetime: show it as written
        text = str(value)
    else:
        text = _REPR.repr(value)
    text = _UNPRINTABLE.sub("?", text)
    return text if len(text) <= 60 else text[:57] + "..."


def _field_name(key) -> str:
    """A key as it may appear before the colon of a problem line."""
    return key if isinstance(key, str) and _PLAIN_KEY.fullmatch(key) else _show(key)


def _did_you_mean(value, options) -> str:
    """' (did you mean 'x'?)' when one option is clearly what was meant, else ''.

    Case, spaces, hyphens and underscores are forgiven ('Requires improvement',
    'Telford and Wrekin'); among near misses only a clear winner is suggested,
    so 'ILACS' gets no guess at a year."""
    if not isinstance(value, str) or not value.strip() or len(value) > 100:
        return ""
    options = [o for o in options if isinstance(o, str)]

    def norm(text: str) -> str:
        return re.sub(r"[\s_-]+", "-", text.strip().lower())

    wanted = norm(value)
    for option in options:
        if norm(option) == wanted:
            return f" (did you mean '{option}'?)"
    scored = sorted(((difflib.SequenceMatcher(None, wanted, norm(o)).ratio(), o) for o in options), reverse=True)
    if scored and scored[0][0] >= 0.75 and (len(scored) == 1 or scored[0][0] - scored[1][0] >= 0.1):
        return f" (did you mean '{scored[0][1]}'?)"
    return ""


class _Checker:
    def __init__(self, raw: RawRecord, councils: dict[str, Council], today: dt.date):
        self.raw = raw
        self.councils = councils
        self.today = today
        self.problems: list[Problem] = []

    def fail(self, field: str, message: str, *, at: str | None = None) -> None:
        """Report a problem with `field`, on the line of `at` when the field itself is absent."""
        self.problems.append(Problem(self.raw.path, self.raw.line(at or field), _UNPRINTABLE.sub("?", field), message))

    # --- field types -------------------------------------------------------

    def string(self, name: str, value, *, multiline: bool = False) -> str | None:
        if not isinstance(value, str):
            self.fail(name, f"{_show(value)} is not text; write it as plain text")
            return None
        if not value.strip():
            self.fail(name, "is empty; give a value or leave the field out")
            return None
        if len(value) > MAX_STRING:
            self.fail(name, f"is {len(value)} characters long; at most {MAX_STRING} allowed")
            return None
        if _CONTROL.search(value) or (not multiline and "\n" in value):
            self.fail(name, "contains a line break or control character; write it on one line")
            return None
        if BIDI_CONTROLS.search(value):  # could make the text display as something else
            self.fail(name, "contains an invisible text-direction control character; remove it")
            return None
        return value.strip()

    def enum(self, name: str, value, allowed) -> str | None:
        if not isinstance(value, str) or value not in allowed:
            self.fail(name, f"{_show(value)} is not allowed{_did_you_mean(value, allowed)}; "
                            f"allowed: {_allowed(allowed)}")
            return None
        return value

    def sha256(self, name: str, value) -> str | None:
        if isinstance(value, str) and re.fullmatch(r"[0-9a-f]{64}", value):
            return value
        self.fail(name, f"{_show(value)} is not a SHA-256 checksum; write its 64 lower-case hexadecimal digits")
        return None

    def date(self, name: str, value) -> dt.date | None:
        # YAML reads 2024-07-12 as a date; a datetime or a quoted string is a mistake.
        if type(value) is dt.date:
            return value
        # fromisoformat alone would also take '20240712' and '2024-W28-5'.
        if isinstance(value, str) and _ISO_DATE.match(value.strip()):
            try:
                return dt.date.fromisoformat(value.strip())
            except ValueError:
                pass
        if isinstance(value, dt.datetime):
            self.fail(name, f"{_show(value)} has a time of day; write the date alone as YYYY-MM-DD, e.g. 2024-07-12")
        else:
            self.fail(name, f"{_show(value)} is not a date; write it as YYYY-MM-DD, e.g. 2024-07-12")
        return None

    def url(self, name: str, value, *, hosts: tuple[str, ...] = ()) -> str | None:
        text = self.string(name, value)
        if text is None:
            return None
        problem = url_problem(text, hosts)
        if problem:
            self.fail(name, f"{_show(text)} {problem}")
            return None
        return text

    # --- the record --------------------------------------------------------

    def check(self) -> Inspection | None:
        data = self.raw.data
        unknown = [key for key in data if key not in FIELDS_BY_NAME]
        if len(unknown) > MAX_UNKNOWN_FIELDS:  # a file of thousands of keys is answered quickly, and briefly
            self.fail("", f"front matter has {len(unknown):,} fields that are not record fields, from this line on; "
                          f"allowed: {_allowed(FIELDS_BY_NAME)}", at=str(unknown[0]))
            data = {key: value for key, value in data.items() if key in FIELDS_BY_NAME}
        for key in data:
            if key not in FIELDS_BY_NAME:
                name = _field_name(key)
                if key in JUDGEMENTS:
                    self.fail(name, "is a judgement, not a record field: indent it by two spaces under "
                                    "`judgements:`")
                    continue
                hint = _did_you_mean(key, FIELDS_BY_NAME)
                self.fail(name, f"is not a record field{hint}; allowed: {_allowed(FIELDS_BY_NAME)}", at=str(key))
        for field in FIELDS_BY_NAME.values():
            if field.required and data.get(field.name) is None:
                self.fail(field.name, f"is missing; {field.description}")

        get = data.get
        council = self.council(get("council")) if get("council") is not None else None
        kind = self.enum("kind", get("kind"), KINDS) if get("kind") is not None else None
        framework = self.enum("framework", get("framework"), FRAMEWORKS) if get("framework") is not None else None
        published = self.date("published", get("published")) if get("published") is not None else None
        start = self.date("inspection_start", get("inspection_start")) if get("inspection_start") is not None else None
        end = self.date("inspection_end", get("inspection_end")) if get("inspection_end") is not None else None
        inspection_type = None
        if get("inspection_type") is not None:
            inspection_type = self.enum("inspection_type", get("inspection_type"), INSPECTION_TYPES)
        lead = self.string("lead_inspector", get("lead_inspector")) if get("lead_inspector") is not None else None
        exception = self.string("exception", get("exception")) if get("exception") is not None else None
        pending = False
        if get("grades_pending") is not None:
            if isinstance(get("grades_pending"), bool):
                pending = get("grades_pending")
            else:
                self.fail("grades_pending", f"{_show(get('grades_pending'))} is not allowed; allowed: true, false")
        report_url = None
        if get("report_url") is not None:
            report_url = self.url("report_url", get("report_url"), hosts=REPORT_HOSTS)
        printed = None
        if get("published_in_report") is not None:
            printed = self.date("published_in_report", get("published_in_report"))
        checked_on = self.date("checked_on", get("checked_on")) if get("checked_on") is not None else None
        sha256 = self.sha256("report_sha256", get("report_sha256")) if get("report_sha256") is not None else None
        board = None
        if get("safeguarding_board") is not None:
            board = self.enum("safeguarding_board", get("safeguarding_board"), GRADES)
            if framework and not FRAMEWORKS[framework].has_safeguarding_board:
                self.fail("safeguarding_board", f"framework {framework} reviewed no safeguarding board "
                                                "alongside; only sif reports grade one")
        sources = self.sources(get("sources")) if get("sources") is not None else ()
        judgements = self.judgements(get("judgements"), framework, kind) if get("judgements") is not None else {}

        self.dates(start, end, published)
        if printed and published and printed == published:
            self.fail("published_in_report", "is the same as published; give it only when the date "
                                             "printed in the report differs")
        if printed and abs((printed - (published or printed)).days) > 60:
            self.fail("published_in_report", f"{printed} is more than 60 days from published {published}; "
                                             "check both dates against the report")
        if sha256 and not report_url:
            self.fail("report_sha256", "needs report_url: it is the checksum of the report that link gives")
        if checked_on and checked_on > self.today:
            self.fail("checked_on", f"{checked_on} is in the future")
        if not exception:
            self.plausible_dates(start, end, published)
        if council:
            self.within_council_life(self.councils[council], start, end, published)
        if framework and kind:
            self.framework_fits(framework, kind, start, published, inspection_type)
        if kind and KINDS[kind].graded and not judgements and not pending and judgements is not None:
            self.fail("judgements", "a full inspection needs its grades; "
                                    "add judgements, or `grades_pending: true` if they are not known yet")
        if council and kind and published:
            self.file_name(council, kind, published)

        # Untrusted body: say what the site would not show (raw HTML, unsafe links) rather than drop it silently.
        for message in body_problems(self.raw.body):
            self.fail("body", message)

        if self.problems or None in (council, kind, framework, published) or judgements is None:
            return None
        return Inspection(
            path=self.raw.path, council=council, kind=kind, framework=framework, published=published,
            inspection_type=inspection_type, inspection_start=start, inspection_end=end,
            lead_inspector=lead, judgements=judgements, grades_pending=pending,
            report_url=report_url, sources=sources, body=self.raw.body, exception=exception,
            safeguarding_board=board, published_in_report=printed, report_sha256=sha256, checked_on=checked_on,
        )

    def council(self, value) -> str | None:
        if isinstance(value, str) and value in self.councils:
            return value
        hint = _did_you_mean(value, self.councils)
        if not hint and isinstance(value, str) and len(value) <= 100:
            # "Leicestershire County Council", "Telford": a name, matched as the scaffold matches it
            match = match_council(value, self.councils)
            hint = f" (did you mean '{match.slug}'?)" if match.slug else ""
        self.fail("council", f"{_show(value)} is not a council in records/councils.yml{hint}; "
                             "use the council's slug, e.g. telford-and-wrekin")
        return None

    def judgements(self, value, framework: str | None, kind: str | None) -> dict[str, str] | None:
        if value == {} or value == []:
            return {}
        if not isinstance(value, dict):
            self.fail("judgements", "must be a set of `judgement: grade` lines, indented under `judgements:`")
            return None
        if kind and not KINDS[kind].graded:
            self.fail("judgements", f"a {KINDS[kind].label} has no grades; remove `judgements`")
            return None
        allowed = FRAMEWORKS[framework].judgements if framework else None
        result: dict[str, str] = {}
        ok = True
        for key, grade in value.items():
            name = f"judgements.{_field_name(key)}"
            if allowed is not None and key not in allowed:
                self.fail(name, f"{_show(key)} is not a judgement of framework {framework}; "
                                f"allowed: {_allowed(allowed)}")
                ok = False
                continue
            scale = FRAMEWORKS[framework].grades_for(key) if framework else grades_of_judgement(key)
            if not isinstance(grade, str) or grade not in scale:
                # 'adequate' (a grade before 2013) is not a misspelt 'inadequate': no guess
                adequate = isinstance(grade, str) and grade.strip().lower() == "adequate"
                hint = "" if adequate else _did_you_mean(grade, scale)
                where = f" under framework {framework}" if scale[: len(GRADES)] != GRADES else ""
                self.fail(name, f"{_show(grade)} is not a grade{where}{hint}; allowed: {_allowed(scale)}")
                ok = False
                continue
            result[key] = grade
        return result if ok else None

    def sources(self, value) -> tuple[Source, ...]:
        if not isinstance(value, list):
            self.fail("sources", "must be a list of items, each with `title:` and `url:`")
            return ()
        if len(value) > MAX_SOURCES:
            self.fail("sources", f"has {len(value)} items; at most {MAX_SOURCES} allowed")
            return ()
        result = []
        for i, item in enumerate(value):
            name = f"sources[{i}]"
            if not isinstance(item, dict) or set(item) - {"title", "url"} or not {"title", "url"} <= set(item):
                self.fail(name, "each source needs exactly `title:` and `url:`")
                continue
            title = self.string(f"{name}.title", item["title"])
            url = self.url(f"{name}.url", item["url"])
            if title and url:
                result.append(Source(title, url))
        return tuple(result)

    def dates(self, start, end, published) -> None:
        if start and end and end < start:
            self.fail("inspection_end", f"{end} is before inspection_start {start}; the last day on site comes after the first")
        last_on_site = end or start
        if last_on_site and published and published < last_on_site:
            self.fail("published", f"{published} is before the inspection ended ({last_on_site}); "
                                   "a report is published after inspectors leave")
        # Only when the other date is absent: an unreadable one was reported already.
        if start and self.raw.data.get("inspection_end") is None:
            self.fail("inspection_end", "is missing while inspection_start is given; give both dates or neither",
                      at="inspection_start")
        if end and self.raw.data.get("inspection_start") is None:
            self.fail("inspection_start", "is missing while inspection_end is given; give both dates or neither",
                      at="inspection_end")
        for name, day in (("inspection_start", start), ("inspection_end", end), ("published", published)):
            if day and day > self.today:
                self.fail(name, f"{day} is in the future; only published inspections are recorded")

    def plausible_dates(self, start, end, published) -> None:
        """Rules of thumb that catch a mistyped year or month; `exception:` overrides them."""
        if start and end and (end - start).days > MAX_DAYS_ON_SITE:
            self.fail("inspection_end", f"{end} is {(end - start).days} days after inspection_start {start}; "
                                        f"inspectors are on site at most {MAX_DAYS_ON_SITE // 7} weeks. Check the "
                                        f"dates, or if they are right, say why in `exception:`")
        last_on_site = end or start
        if last_on_site and published and (published - last_on_site).days > MAX_DAYS_TO_PUBLICATION:
            self.fail("published", f"{published} is {(published - last_on_site).days} days after the last day on "
                                   f"site ({last_on_site}); reports are published within about 9 months "
                                   f"({MAX_DAYS_TO_PUBLICATION} days). Check the dates, or if they are right, "
                                   "say why in `exception:`")

    def within_council_life(self, council: Council, start, end, published) -> None:
        """Inspectors visit a council only while it exists (records/councils.yml:
        `started`, or the day its predecessors ended, and `ended`)."""
        first = start or (published if self.raw.data.get("inspection_start") is None else None)
        if council.started and first and first < council.started:
            field = "inspection_start" if start else "published"
            self.fail(field, f"{first} is before {council.name} began ({council.started}, records/councils.yml); "
                             "record an earlier inspection under the council that existed then")
        last = end or start
        if council.ended and last and last >= council.ended:
            field = "inspection_end" if end else "inspection_start"
            self.fail(field, f"{last} is not before {council.name} ended ({council.ended}, records/councils.yml); "
                             "record a later inspection under the council that replaced it")
        if council.ended and not last and published and \
                (published - council.ended).days > MAX_DAYS_TO_PUBLICATION:
            self.fail("published", f"{published} is more than 9 months after {council.name} ended "
                                   f"({council.ended}, records/councils.yml); record it under the council that "
                                   "replaced it")

    def framework_fits(self, framework, kind, start, published, inspection_type) -> None:
        fw = FRAMEWORKS[framework]
        if start:
            if not fw.covers_inspection(start, late=True):
                expected = framework_for(start, None)
                self.fail("framework", f"'{framework}' does not cover an inspection starting {start}; "
                                       f"allowed for that date: {expected or 'none'}")
        elif published and self.raw.data.get("inspection_start") is None and not fw.covers_publication(published):
            expected = framework_for(None, published)
            self.fail("framework", f"'{framework}' does not fit a report published {published}; "
                                   f"expected: {expected or 'none'}")
        if inspection_type and (kind != "full-inspection" or not framework.startswith("ilacs")):
            self.fail("inspection_type", "applies only to ILACS full inspections; remove it")

    def file_name(self, council: str, kind: str, published: dt.date) -> None:
        parts = self.raw.path.split("/")
        expected = record_path(council, published, kind)
        match = _FILE_NAME.match(parts[-1])
        folder_ok = len(parts) >= 2 and parts[-2] == council
        name_ok = bool(match) and match.group(1) == published.isoformat() and match.group(2) == kind
        if not (folder_ok and name_ok):
            self.fail("", f"file path does not match its council, published date and kind; expected {expected}")


def check_record(raw: RawRecord, councils: dict[str, Council], today: dt.date) -> tuple[Inspection | None, list[Problem]]:
    checker = _Checker(raw, councils, today)
    try:
        inspection = checker.check()
    except Exception as exc:  # a rule we did not foresee must not become a traceback
        checker.problems.append(Problem(raw.path, 1, "", f"could not be checked ({type(exc).__name__}); "
                                                         "compare it with a record that works"))
        inspection = None
    return inspection, checker.problems


def check_collection(inspections: list[Inspection], raws: dict[str, RawRecord] | None = None) -> list[Problem]:
    """Rules across records: the same inspection recorded twice.

    `raws` (path -> RawRecord) lets a problem point at the field's line."""
    problems: list[Problem] = []

    def line(path: str, field: str) -> int:
        raw = (raws or {}).get(path)
        return raw.line(field) if raw else 1

    seen_report: dict[str, str] = {}
    seen_visit: dict[tuple, str] = {}
    seen_published: dict[tuple, Inspection] = {}
    # By name without `.md`, so that `<date>-<kind>.md` comes before `<date>-<kind>-2.md`.
    for insp in sorted(inspections, key=lambda i: i.path.removesuffix(".md")):
        # One council, kind and publication day is one inspection, whatever else
        # the records say (or leave out), unless one of them says why not.
        other = seen_published.setdefault((insp.council, insp.kind, insp.published), insp)
        if other is not insp and not (insp.exception or other.exception):
            problems.append(Problem(insp.path, line(insp.path, "published"), "published",
                                    f"{other.path} records the same {insp.kind_label} published {insp.published}; "
                                    "keep one record per inspection, or if these are two, say why in "
                                    "`exception:`"))
            continue
        if insp.report_url:
            other = seen_report.setdefault(insp.report_url, insp.path)
            if other != insp.path:
                problems.append(Problem(insp.path, line(insp.path, "report_url"), "report_url",
                                        f"the same report is already recorded in {other}; keep one record per inspection"))
        if insp.inspection_start:
            key = (insp.council, insp.kind, insp.inspection_start)
            other = seen_visit.setdefault(key, insp.path)
            if other != insp.path:
                problems.append(Problem(insp.path, line(insp.path, "inspection_start"), "inspection_start",
                                        f"{other} records the same {insp.kind_label} starting "
                                        f"{insp.inspection_start}; keep one record per inspection"))
    return problems
