#!/usr/bin/env python3
"""Write a new inspection record, checked by the real validator before it is saved.

    python scripts/new_record.py --council leicestershire --kind full-inspection \\
        --published 2026-05-15 --start 2026-03-09 --end 2026-03-20 --type standard \\
        --grade impact_of_leaders=good --grade help_and_protection=good \\
        --grade children_in_care=good --grade care_leavers=requires_improvement \\
        --report-url https://files.ofsted.gov.uk/v1/file/50270000

Missing values are asked for when run in a terminal. The framework is worked out
from the dates. An existing record is never overwritten. Prints the new file's path.
"""

from __future__ import annotations

import argparse
import datetime as dt
import difflib
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

from _common import RECORDS, ROOT
from dev import local_url

try:
    from inspections.dataset import REGISTRY_NAME, load_councils, record_paths
    from inspections.load import RawRecord, parse_record, read_record
    from inspections.model import Council, Problem, RecordsInvalid
    from inspections.names import match_council
    from inspections.schema import (
        FRAMEWORKS,
        GRADE_LABELS,
        GRADES,
        INSPECTION_TYPES,
        JUDGEMENTS,
        KINDS,
        framework_for,
        record_file,
        record_path,
    )
    from inspections.validate import check_collection, check_record
    from inspections.write import dump_record
except ImportError as missing:  # run by a Python without the project's dependencies
    if __name__ != "__main__":
        raise
    import dev

    dev.rerun_in_venv(__file__, missing)


class ScaffoldError(Exception):
    """A problem the contributor can fix; printed as one line a problem, never a traceback.

    `code` is the exit status: 2 for a bad or missing argument, 1 when the
    record would be invalid or already exists.
    """

    def __init__(self, message: str, code: int = 2):
        super().__init__(message)
        self.code = code


# --- Councils ---------------------------------------------------------------------


def resolve_council(query: str, councils: dict[str, Council]) -> str:
    match = match_council(query, councils)
    if match.slug:
        return match.slug
    if match.suggestions:
        shown = ", ".join(f"{slug} ({councils[slug].name})" for slug in match.suggestions)
        raise ScaffoldError(f"'{query}' is not a council we know; did you mean: {shown}?")
    raise ScaffoldError(f"'{query}' is not a council we know; give its slug from records/councils.yml, "
                        "e.g. telford-and-wrekin")


# --- Parsing argument values -----------------------------------------------------


def parse_date(text: str, what: str = "date") -> dt.date:
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise ScaffoldError(f"{what} '{text}' is not a date; write it as YYYY-MM-DD, e.g. 2026-05-15") from None


def _key(text: str) -> str:
    return re.sub(r"[\s-]+", "_", text.strip().casefold())


def parse_kind(text: str) -> str:
    wanted = _key(text).replace("_", "-")
    for kind in KINDS.values():
        if wanted in (kind.key, kind.label.replace(" ", "-")):
            return kind.key
    close = difflib.get_close_matches(wanted, list(KINDS), n=1)
    hint = f" (did you mean '{close[0]}'?)" if close else ""
    raise ScaffoldError(f"kind '{text}' is not allowed{hint}; allowed: {', '.join(KINDS)}")


def parse_type(text: str) -> str:
    wanted = _key(text)
    if wanted in INSPECTION_TYPES:
        return wanted
    raise ScaffoldError(f"inspection type '{text}' is not allowed; allowed: {', '.join(INSPECTION_TYPES)}")


def parse_grade_value(text: str) -> str:
    wanted = _key(text)
    if wanted in ("requires_improvement_to_be_good", "ri"):
        wanted = "requires_improvement"
    if wanted in GRADES:
        return wanted
    close = difflib.get_close_matches(wanted, list(GRADES), n=1)
    hint = f" (did you mean '{close[0]}'?)" if close else ""
    raise ScaffoldError(f"grade '{text}' is not allowed{hint}; allowed: {', '.join(GRADES)}")


def parse_grade(text: str) -> tuple[str, str]:
    """'help_and_protection=good' -> ('help_and_protection', 'good')."""
    if "=" not in text:
        raise ScaffoldError(f"--grade '{text}' needs the form judgement=grade, e.g. help_and_protection=good")
    judgement, grade = (part.strip() for part in text.split("=", 1))
    key = _key(judgement)
    if key not in JUDGEMENTS:
        close = difflib.get_close_matches(key, list(JUDGEMENTS), n=1)
        hint = f" (did you mean '{close[0]}'?)" if close else ""
        raise ScaffoldError(f"--grade: '{judgement}' is not a judgement{hint}; allowed: {', '.join(JUDGEMENTS)}")
    return key, parse_grade_value(grade)


# --- The record ------------------------------------------------------------------


@dataclass
class Answers:
    """Everything a contributor tells us; None means not given."""

    council: str | None = None
    kind: str | None = None
    published: dt.date | None = None
    start: dt.date | None = None
    end: dt.date | None = None
    inspection_type: str | None = None
    grades: dict[str, str] = field(default_factory=dict)
    report_url: str | None = None
    lead_inspector: str | None = None
    grades_pending: bool = False
    sources: list[dict[str, str]] = field(default_factory=list)


def choose_framework(start: dt.date | None, published: dt.date | None, graded: tuple[str, ...] = ()) -> str | None:
    """The framework from the first day on site; without it, from the publication
    date, where a report published soon after a change could belong to either
    framework: then the judgements given decide (exactly that set first)."""
    if start is not None or published is None:
        return framework_for(start, published)
    fits = [fw for fw in FRAMEWORKS.values() if fw.covers_publication(published)]
    wanted = set(graded)
    for fw in fits:
        if wanted and wanted == set(fw.judgements):
            return fw.key
    for fw in fits:
        if wanted <= set(fw.judgements):
            return fw.key
    return framework_for(None, published)


def record_fields(answers: Answers) -> dict:
    """Front matter for a record, with the framework worked out from the dates."""
    framework = choose_framework(answers.start, answers.published, tuple(answers.grades))
    if framework is None:
        when = f"starting {answers.start}" if answers.start else f"published {answers.published}"
        raise ScaffoldError(f"no inspection framework covers an inspection {when}; check the dates")
    return {
        "council": answers.council,
        "kind": answers.kind,
        "framework": framework,
        "inspection_type": answers.inspection_type,
        "inspection_start": answers.start,
        "inspection_end": answers.end,
        "published": answers.published,
        "lead_inspector": answers.lead_inspector,
        "judgements": dict(answers.grades),
        "grades_pending": answers.grades_pending,
        "report_url": answers.report_url,
        "sources": list(answers.sources),
    }


def record_rel_path(fields: dict) -> str:
    return record_path(fields["council"], fields["published"], fields["kind"])


def check_text(text: str, rel: str, councils: dict[str, Council], records_dir: Path,
               today: dt.date | None = None) -> list[Problem]:
    """Run the validator over the new record, and its cross-record checks against
    the records already there. Returns the new record's problems."""
    today = today or dt.date.today()
    raw = parse_record(text.encode("utf-8"), rel)
    if isinstance(raw, list):
        return raw
    inspection, problems = check_record(raw, councils, today)
    if problems or inspection is None:
        return sorted(problems, key=lambda p: p.line) or [Problem(rel, 1, "", "the record could not be checked")]
    others = []
    for path in record_paths(records_dir):
        other_rel = f"records/{path.parent.name}/{path.name}"
        other = read_record(path, other_rel)
        if isinstance(other, list):
            continue  # a broken neighbour is the validator's business, not this record's
        found, _ = check_record(other, councils, today)
        if found:
            others.append(found)
    problems = []
    for problem in check_collection(others + [inspection], {rel: raw}):
        if problem.path == rel:
            problems.append(problem)
        elif rel in problem.message:  # reported on the older file; say it from this one's side
            problems.append(Problem(rel, raw.line(problem.field), problem.field,
                                    f"the same inspection is already recorded in {problem.path}; "
                                    "keep one record per inspection"))
    return sorted(problems, key=lambda p: p.line)


def _plain(problem: Problem) -> str:
    return f"{problem.field}: {problem.message}" if problem.field else problem.message


def write_record(answers: Answers, records_dir: Path = RECORDS, *, today: dt.date | None = None) -> Path:
    """Validate and write the record; return its path. Raises ScaffoldError."""
    councils = load_registry(records_dir)
    fields = record_fields(answers)
    rel = record_rel_path(fields)
    target = record_file(records_dir, fields["council"], fields["published"], fields["kind"])
    if target.exists():
        raise ScaffoldError(f"{rel} already exists; not overwriting it. Edit that file instead "
                            f"(a second {fields['kind']} published the same day goes in "
                            f"{rel.removesuffix('.md')}-2.md)", code=1)
    check_grades_complete(fields)
    text = dump_record(fields)
    problems = check_text(text, rel, councils, records_dir, today)
    if problems:  # the validator's own lines, as `validate.py` would print them once the file was written
        raise ScaffoldError("\n".join(f"not written: {problem}" for problem in problems), code=1)
    target.parent.mkdir(parents=True, exist_ok=True)
    with open(target, "x", encoding="utf-8", newline="\n") as out:  # "x": never clobber, even in a race
        out.write(text)
    return target


def check_grades_complete(fields: dict) -> None:
    """Some grades but not all is usually a slip: say which are missing.

    (The validator accepts a partial set, as old reports sometimes are; here the
    contributor says so with --grades-pending.)"""
    framework = FRAMEWORKS[fields["framework"]]
    given = fields["judgements"]
    lacking = [key for key in framework.judgements if key not in given]
    if given and lacking and not fields["grades_pending"] and KINDS[fields["kind"]].graded:
        raise ScaffoldError(f"{framework.name} also judges {', '.join(lacking)}: add --grade "
                            f"{lacking[0]}=... for each, or --grades-pending if the report does not give them")


def date_problems(answers: Answers, councils: dict[str, Council], fields: tuple[str, ...],
                  today: dt.date | None = None) -> list[str]:
    """The validator's problems with the answers given so far, on `fields` only: a
    date typed at a prompt is checked by the same rules as the finished record."""
    data = {"council": answers.council, "kind": answers.kind, "published": answers.published,
            "inspection_start": answers.start, "inspection_end": answers.end}
    raw = RawRecord("", {key: value for key, value in data.items() if value is not None}, "", {})
    _, problems = check_record(raw, councils, today or dt.date.today())
    return [_plain(problem) for problem in problems if problem.field in fields]


def load_registry(records_dir: Path) -> dict[str, Council]:
    try:
        return load_councils(records_dir / REGISTRY_NAME)
    except RecordsInvalid as exc:
        raise ScaffoldError(f"the council registry is invalid: {exc.problems[0]}") from None


# --- Asking in a terminal --------------------------------------------------------


Ask = Callable[[str], str]


class Prompter:
    """Asks for missing values, listing the choices. `ask` is `input` in real use."""

    def __init__(self, ask: Ask, say: Callable[[str], None]):
        self.ask = ask
        self.say = say

    def text(self, question: str, *, optional: bool = False) -> str | None:
        while True:
            hint = " (Enter to skip)" if optional else ""
            answer = self.ask(f"{question}{hint}: ").strip()
            if answer:
                return answer
            if optional:
                return None
            self.say("  Please give a value.")

    def parsed(self, question: str, parse, *, optional: bool = False):
        while True:
            answer = self.text(question, optional=optional)
            if answer is None:
                return None
            try:
                return parse(answer)
            except ScaffoldError as exc:
                self.say(f"  {exc}")

    def choice(self, question: str, options: list[tuple[str, str]], *, optional: bool = False) -> str | None:
        """Pick one of `options` (value, label) by number or by value."""
        self.say(question)
        for number, (value, label) in enumerate(options, start=1):
            self.say(f"  {number}. {value}" + (f"  - {label}" if label and label != value else ""))
        while True:
            answer = self.text("Choose a number or type the value", optional=optional)
            if answer is None:
                return None
            if answer.isdigit() and 1 <= int(answer) <= len(options):
                return options[int(answer) - 1][0]
            for value, _ in options:
                if _key(answer) == _key(value):
                    return value
            self.say(f"  '{answer}' is not one of the choices.")

    def council(self, councils: dict[str, Council]) -> str:
        while True:
            query = self.text("Council (name or slug, e.g. Leicestershire)")
            match = match_council(query, councils)
            if match.slug:
                self.say(f"  -> {match.slug} ({councils[match.slug].name})")
                return match.slug
            if match.suggestions:
                options = [(slug, councils[slug].name) for slug in match.suggestions]
                picked = self.choice(f"'{query}' could be one of these:", options, optional=True)
                if picked:
                    return picked
            else:
                self.say(f"  No council matches '{query}'. Try its name as Ofsted writes it.")


def _date_answer(answers: Answers, councils: dict[str, Council], name: str, what: str,
                 fields: tuple[str, ...]) -> Callable[[str], dt.date]:
    """Parse a typed date for `answers.<name>` and check it as the validator would."""
    def parse(text: str) -> dt.date:
        day = parse_date(text, what)
        problems = date_problems(replace(answers, **{name: day}), councils, fields)
        if problems:
            raise ScaffoldError("\n  ".join(problems))  # one problem a line, indented as the prompt shows it
        return day

    return parse


def fill_in(answers: Answers, councils: dict[str, Council], prompter: Prompter) -> Answers:
    """Ask for whatever is missing, in the order a report gives it."""
    if answers.council is None:
        answers.council = prompter.council(councils)
    if answers.kind is None:
        answers.kind = prompter.choice("Kind of inspection or visit:",
                                       [(k.key, k.label) for k in KINDS.values()])
    # Asked in the order the report's front page gives them, each checked as it
    # is typed so a slip is asked again rather than losing the answers so far.
    if answers.published is None:
        answers.published = prompter.parsed("Date Ofsted published the report, YYYY-MM-DD",
                                            _date_answer(answers, councils, "published", "published",
                                                         ("published",)))
    if answers.start is None:
        answers.start = prompter.parsed("First day inspectors were on site, YYYY-MM-DD",
                                        _date_answer(answers, councils, "start", "start",
                                                     ("inspection_start", "published")),
                                        optional=answers.end is None)
    if answers.start is not None and answers.end is None:
        answers.end = prompter.parsed("Last day on site, YYYY-MM-DD",
                                      _date_answer(answers, councils, "end", "end", ("inspection_end", "published")))
    framework = choose_framework(answers.start, answers.published)
    graded = KINDS[answers.kind].graded
    if graded and framework and framework.startswith("ilacs") and answers.inspection_type is None:
        answers.inspection_type = prompter.choice("Inspection type:", list(INSPECTION_TYPES.items()), optional=True)
    if graded and framework and not answers.grades and not answers.grades_pending:
        prompter.say(f"Grades under {FRAMEWORKS[framework].name} (Enter to skip one you do not know):")
        options = [(g, GRADE_LABELS[g]) for g in GRADES]
        for key in FRAMEWORKS[framework].judgements:
            grade = prompter.choice(f"{JUDGEMENTS[key].full_name} ({key}):", options, optional=True)
            if grade:
                answers.grades[key] = grade
        if len(answers.grades) < len(FRAMEWORKS[framework].judgements):
            answers.grades_pending = True
            prompter.say("  Some grades are missing, so the record says grades_pending: true.")
    if answers.report_url is None:
        answers.report_url = prompter.text("Link to Ofsted's report (https://files.ofsted.gov.uk/...)", optional=True)
    if answers.lead_inspector is None:
        answers.lead_inspector = prompter.text("Lead inspector", optional=True)
    return answers


def as_command(answers: Answers) -> str:
    """The scaffold command line that gives these answers (shell-quoted)."""
    import shlex

    parts = ["python3", "scripts/new_record.py"]
    for option, value in (("--council", answers.council), ("--kind", answers.kind),
                          ("--published", answers.published), ("--start", answers.start), ("--end", answers.end),
                          ("--type", answers.inspection_type), ("--report-url", answers.report_url),
                          ("--lead-inspector", answers.lead_inspector)):
        if value:
            parts += [option, str(value)]
    parts += [arg for key, grade in answers.grades.items() for arg in ("--grade", f"{key}={grade}")]
    if answers.grades_pending:
        parts.append("--grades-pending")
    for source in answers.sources:
        parts += ["--source", source["title"], source["url"]]
    return " ".join(shlex.quote(part) for part in parts)


def missing(answers: Answers) -> list[str]:
    """Required options not given (grades count for a full inspection)."""
    out = [f"--{name}" for name in ("council", "kind", "published") if getattr(answers, name) is None]
    if answers.kind and KINDS[answers.kind].graded and not answers.grades and not answers.grades_pending:
        out.append("--grade (or --grades-pending)")
    return out


# --- Command line ----------------------------------------------------------------


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):  # one clear line instead of usage + error
        raise ScaffoldError(f"{message} (see --help)")


def build_parser() -> argparse.ArgumentParser:
    p = _Parser(prog="new_record.py", description="Write a new inspection record at the right path.",
                formatter_class=argparse.RawDescriptionHelpFormatter,
                epilog="judgements: " + ", ".join(JUDGEMENTS) + "\ngrades: " + ", ".join(GRADES))
    p.add_argument("--council", help="council slug or name, e.g. leicestershire or 'Telford'")
    p.add_argument("--kind", help="one of: " + ", ".join(KINDS))
    p.add_argument("--published", help="date Ofsted published the report, YYYY-MM-DD")
    p.add_argument("--start", help="first day on site, YYYY-MM-DD")
    p.add_argument("--end", help="last day on site, YYYY-MM-DD")
    p.add_argument("--type", dest="inspection_type", help="ILACS full inspections: standard or short")
    p.add_argument("--grade", action="append", default=[], metavar="JUDGEMENT=GRADE",
                   help="a grade, e.g. help_and_protection=good (repeat for each judgement)")
    p.add_argument("--grades-pending", action="store_true", help="grades are not known yet")
    p.add_argument("--report-url", help="link to Ofsted's report, https://files.ofsted.gov.uk/v1/file/...")
    p.add_argument("--lead-inspector", help="name of the lead inspector")
    p.add_argument("--source", action="append", nargs=2, default=[], metavar=("TITLE", "URL"),
                   help="another source used, e.g. a council press release (repeatable)")
    p.add_argument("--records", type=Path, default=RECORDS, help=argparse.SUPPRESS)
    p.add_argument("--no-input", action="store_true", help="never ask; fail if something is missing")
    return p


def answers_from_args(args: argparse.Namespace, councils: dict[str, Council]) -> Answers:
    answers = Answers(
        council=resolve_council(args.council, councils) if args.council else None,
        kind=parse_kind(args.kind) if args.kind else None,
        published=parse_date(args.published, "--published") if args.published else None,
        start=parse_date(args.start, "--start") if args.start else None,
        end=parse_date(args.end, "--end") if args.end else None,
        inspection_type=parse_type(args.inspection_type) if args.inspection_type else None,
        report_url=args.report_url,
        lead_inspector=args.lead_inspector,
        grades_pending=args.grades_pending,
        sources=[{"title": title, "url": url} for title, url in args.source],
    )
    for text in args.grade:
        key, grade = parse_grade(text)
        if key in answers.grades:
            raise ScaffoldError(f"--grade gives {key} twice; give each judgement once")
        answers.grades[key] = grade
    return answers


def main(argv: list[str] | None = None, *, ask: Ask = input, interactive: bool | None = None) -> int:
    try:
        args = build_parser().parse_args(argv)
        councils = load_registry(args.records)
        answers = answers_from_args(args, councils)
        if args.council and answers.council != args.council:
            print(f"new_record.py: council '{args.council}' -> {answers.council} "
                  f"({councils[answers.council].name})", file=sys.stderr)
        if interactive is None:
            interactive = sys.stdin.isatty() and not args.no_input
        gaps = missing(answers)
        if gaps and interactive:
            fill_in(answers, councils, Prompter(ask, lambda line: print(line, file=sys.stderr)))
        elif gaps:
            raise ScaffoldError(f"missing {', '.join(gaps)}: give {'it as an option' if len(gaps) == 1 else 'them as options'} "
                                "(not asking, as this is not a terminal)")
        try:
            target = write_record(answers, args.records)
        except ScaffoldError:
            if interactive and gaps:  # keep what was typed: show it as options to correct and re-run
                print("new_record.py: nothing written. Your answers as a command, to correct and run again:\n  "
                      + as_command(answers), file=sys.stderr)
            raise
    except ScaffoldError as exc:
        for line in str(exc).splitlines():
            print(f"new_record.py: {line}", file=sys.stderr)
        return exc.code
    except (EOFError, KeyboardInterrupt):
        print("\nnew_record.py: stopped; nothing written", file=sys.stderr)
        return 130
    try:
        shown = target.resolve().relative_to(ROOT)
    except ValueError:
        shown = target
    print(shown)
    if not answers.report_url:
        print("new_record.py: note: no report link yet; add report_url when Ofsted's report is online "
              "(readers and the link check rely on it)", file=sys.stderr)
    print(f"Next: check it with `.venv/bin/python scripts/validate.py {shown}`, add a short summary under the closing `---` "
          f"if you like, and see it with `python3 scripts/dev.py serve` at {local_url(f'councils/{answers.council}/')}",
          file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
