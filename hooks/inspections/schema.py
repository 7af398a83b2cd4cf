"""The one schema: vocabularies, frameworks and record fields.

Everything else is derived from the tables in this module: the validator
(`validate.py`), the JSON Schema for editors (`json_schema()`), the field
reference in the docs, and the CSV columns of the exports. Adding a framework
is one entry in FRAMEWORKS.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

# --- Grades ---------------------------------------------------------------

#: Best first. The order is used for "movement" (up/down) and for sorting.
GRADES: tuple[str, ...] = ("outstanding", "good", "requires_improvement", "inadequate")

#: The four-point scale before November 2013: "adequate" met only minimum
#: requirements. It is not "requires improvement", so the scales stay apart.
GRADES_BEFORE_2013: tuple[str, ...] = ("outstanding", "good", "adequate", "inadequate")

#: A SIF sub-judgement left ungraded (too few children in scope, e.g. adoption
#: in the Isles of Scilly). Not a grade: it ranks nowhere and counts nowhere.
NOT_JUDGED = "not_judged"

GRADE_LABELS: dict[str, str] = {
    "outstanding": "Outstanding",
    "good": "Good",
    "requires_improvement": "Requires improvement",
    "inadequate": "Inadequate",
    "adequate": "Adequate",
    NOT_JUDGED: "Not judged",
}

GRADE_RANK: dict[str, int] = {grade: rank for rank, grade in enumerate(GRADES)}


# --- Kinds of inspection and visit ----------------------------------------


@dataclass(frozen=True)
class Kind:
    key: str
    label: str
    graded: bool
    description: str


KINDS: dict[str, Kind] = {
    k.key: k
    for k in (
        Kind("full-inspection", "full inspection", True,
             "A graded inspection of the whole service (ILACS standard or short, or the SIF's four-week inspection)."),
        Kind("focused-visit", "focused visit", False,
             "One or two days on one area of practice between full inspections. No grades; a published letter."),
        Kind("monitoring-visit", "monitoring visit", False,
             "A visit to an authority judged inadequate, every few months until it is inspected again. No grades."),
        Kind("jtai", "joint targeted area inspection", False,
             "Ofsted with the CQC and the inspectorates of constabulary and probation, on one theme across agencies. No grades."),
    )
}

INSPECTION_TYPES: dict[str, str] = {
    "standard": "Standard inspection: two weeks on site, for authorities last judged requires improvement or inadequate.",
    "short": "Short inspection: one week on site, for authorities last judged good or outstanding.",
}


# --- Judgements and frameworks --------------------------------------------


@dataclass(frozen=True)
class Judgement:
    key: str
    label: str  # short, plain label used in tables
    full_name: str  # Ofsted's wording


JUDGEMENTS: dict[str, Judgement] = {
    j.key: j
    for j in (
        Judgement("overall_effectiveness", "Overall effectiveness", "Overall effectiveness"),
        Judgement("impact_of_leaders", "Impact of leaders",
                  "The impact of leaders on social work practice with children and families"),
        Judgement("help_and_protection", "Help and protection",
                  "The experiences and progress of children who need help and protection"),
        Judgement("children_in_care_and_care_leavers", "Children in care and care leavers",
                  "The experiences and progress of children in care and care leavers"),
        Judgement("children_in_care", "Children in care",
                  "The experiences and progress of children in care"),
        Judgement("care_leavers", "Care leavers", "The experiences and progress of care leavers"),
        Judgement("children_looked_after", "Children looked after",
                  "Children looked after and achieving permanence"),
        Judgement("adoption_performance", "Adoption performance", "Adoption performance"),
        Judgement("leadership_management_governance", "Leadership, management and governance",
                  "Leadership, management and governance"),
        # 2013 inspections of looked after children services, on the scale with "adequate"
        Judgement("lac_overall_effectiveness", "Looked after children: overall",
                  "Overall effectiveness of services for looked after children and young people"),
        Judgement("lac_capacity_to_improve", "Looked after children: capacity to improve",
                  "Capacity to improve (services for looked after children)"),
        Judgement("lac_outcomes", "Looked after children: outcomes",
                  "Outcomes for looked after children and young people"),
        Judgement("lac_quality_of_provision", "Looked after children: quality of provision",
                  "Quality of provision (services for looked after children)"),
        Judgement("lac_leadership_and_management", "Looked after children: leadership",
                  "Leadership and management (services for looked after children)"),
    )
}

#: The judgement every framework but the newest leads with.
HEADLINE = "overall_effectiveness"


@dataclass(frozen=True)
class Framework:
    key: str
    name: str
    #: Inspections whose first day on site falls in [starts, ends] belong here.
    starts: dt.date
    ends: dt.date | None
    judgements: tuple[str, ...]
    description: str
    #: How long after `ends` a report with no inspection dates may still be
    #: published under this framework (old reports often lack dates).
    publication_lag_days: int = 365
    #: The grade scale its judgements use.
    grades: tuple[str, ...] = GRADES
    #: Judgements the framework allowed to be "not judged".
    may_be_not_judged: tuple[str, ...] = ()
    #: The grade of a body reviewed alongside (the SIF's safeguarding board), not of the council.
    has_safeguarding_board: bool = False
    #: Re-inspections that began under this framework's rules after `ends` (the SIF's ran into
    #: June 2018, beside the first ILACS inspections): the report's judgements decide.
    late_until: dt.date | None = None

    def grades_for(self, judgement: str) -> tuple[str, ...]:
        extra = (NOT_JUDGED,) if judgement in self.may_be_not_judged else ()
        return self.grades + extra

    @property
    def has_overall(self) -> bool:
        return HEADLINE in self.judgements

    @property
    def drops_overall(self) -> bool:
        """A framework on today's scale without an overall grade (ILACS 2026). The 2013
        inspections of looked after children had no whole-service grade either, but they
        are history on another scale, not a council with "no overall grade" now."""
        return not self.has_overall and self.grades == GRADES

    def covers_inspection(self, day: dt.date, *, late: bool = False) -> bool:
        """Whether an inspection starting on `day` belongs here; with `late`, also a
        re-inspection begun after `ends` and before `late_until`."""
        last = self.late_until if late and self.late_until else self.ends
        return self.starts <= day and (last is None or day <= last)

    def covers_publication(self, day: dt.date) -> bool:
        if day < self.starts:
            return False
        return self.ends is None or day <= self.ends + dt.timedelta(days=self.publication_lag_days)


FRAMEWORKS: dict[str, Framework] = {
    f.key: f
    for f in (
        Framework(
            "pre-sif", "Inspections before the Single Inspection Framework",
            dt.date(2009, 6, 1), dt.date(2013, 10, 31),
            ("lac_overall_effectiveness", "lac_capacity_to_improve", "lac_outcomes",
             "lac_quality_of_provision", "lac_leadership_and_management"),
            "Safeguarding and looked after children inspections before November 2013, graded outstanding, "
            "good, adequate or inadequate. Their judgements are of looked after children's services only "
            "and are not comparable with later overall grades.",
            publication_lag_days=92,
            grades=GRADES_BEFORE_2013,
        ),
        Framework(
            "sif", "Single Inspection Framework (SIF)",
            dt.date(2013, 11, 1), dt.date(2017, 12, 31),
            ("overall_effectiveness", "help_and_protection", "children_looked_after",
             "adoption_performance", "care_leavers", "leadership_management_governance"),
            "Four-week inspections from November 2013 to the end of 2017, published with a review "
            "of the Local Safeguarding Children Board.",
            may_be_not_judged=("children_looked_after", "adoption_performance", "care_leavers"),
            has_safeguarding_board=True,
            late_until=dt.date(2018, 6, 30),
        ),
        Framework(
            "ilacs-2018", "ILACS (2018)",
            dt.date(2018, 1, 1), dt.date(2022, 12, 31),
            ("overall_effectiveness", "impact_of_leaders", "help_and_protection",
             "children_in_care_and_care_leavers"),
            "Inspecting local authority children's services, January 2018 to December 2022: "
            "children in care and care leavers judged together.",
        ),
        Framework(
            "ilacs-2023", "ILACS (2023)",
            dt.date(2023, 1, 1), dt.date(2026, 3, 31),
            ("overall_effectiveness", "impact_of_leaders", "help_and_protection",
             "children_in_care", "care_leavers"),
            "ILACS from January 2023: children in care and care leavers judged separately.",
        ),
        Framework(
            "ilacs-2026", "ILACS (2026)",
            dt.date(2026, 4, 1), None,
            ("impact_of_leaders", "help_and_protection", "children_in_care", "care_leavers"),
            "ILACS from April 2026, after Ofsted's Big Listen: no overall effectiveness grade.",
        ),
    )
}

#: Every judgement key in a stable order: the order of JUDGEMENTS above.
JUDGEMENT_ORDER: tuple[str, ...] = tuple(JUDGEMENTS)


def grades_of_judgement(judgement: str) -> tuple[str, ...]:
    """Every value a judgement may take under any framework, in scale order."""
    values: list[str] = []
    for fw in FRAMEWORKS.values():
        if judgement in fw.judgements:
            values += [g for g in fw.grades_for(judgement) if g not in values]
    return tuple(values) or GRADES


def framework_for(start: dt.date | None, published: dt.date | None) -> str | None:
    """The framework an inspection belongs to: by its first day on site when
    known, otherwise by its publication date (the earliest framework that fits:
    a report published early in a framework's first year is usually from the one before)."""
    if start is not None:
        for fw in FRAMEWORKS.values():
            if fw.covers_inspection(start):
                return fw.key
        return None
    if published is not None:
        for fw in FRAMEWORKS.values():
            if fw.covers_publication(published):
                return fw.key
    return None


# --- Regions and council types --------------------------------------------

REGIONS: dict[str, str] = {
    "north-east": "North East",
    "north-west": "North West",
    "yorkshire-and-the-humber": "Yorkshire and the Humber",
    "east-midlands": "East Midlands",
    "west-midlands": "West Midlands",
    "east-of-england": "East of England",
    "london": "London",
    "south-east": "South East",
    "south-west": "South West",
}

#: The Office for National Statistics' code of each region (GSS codes,
#: E12000001 to E12000009), on which councils' analysts key their data.
REGION_ONS_CODES: dict[str, str] = {
    "north-east": "E12000001",
    "north-west": "E12000002",
    "yorkshire-and-the-humber": "E12000003",
    "east-midlands": "E12000004",
    "west-midlands": "E12000005",
    "east-of-england": "E12000006",
    "london": "E12000007",
    "south-east": "E12000008",
    "south-west": "E12000009",
}

COUNCIL_TYPES: dict[str, str] = {
    "county": "County council",
    "unitary": "Unitary authority",
    "metropolitan-district": "Metropolitan district",
    "london-borough": "London borough",
}

COUNCIL_STATUSES = ("current", "former")


# --- Record fields ----------------------------------------------------------


@dataclass(frozen=True)
class Field:
    name: str
    type: str  # string | date | enum | boolean | judgements | url | sources | sha256
    required: bool
    description: str
    allowed: tuple[str, ...] = ()
    example: str = ""
    #: CSV column names this field flattens to (default: the field name).
    columns: tuple[str, ...] = field(default=())


RECORD_FIELDS: tuple[Field, ...] = (
    Field("council", "enum", True,
          "The council inspected: its slug in `records/councils.yml`.", example="leicestershire"),
    Field("kind", "enum", True, "What sort of inspection or visit this was.",
          allowed=tuple(KINDS), example="full-inspection"),
    Field("framework", "enum", True,
          "The inspection framework, decided by the first day on site.",
          allowed=tuple(FRAMEWORKS), example="ilacs-2023"),
    Field("inspection_type", "enum", False,
          "ILACS full inspections only: standard (two weeks) or short (one week).",
          allowed=tuple(INSPECTION_TYPES), example="standard"),
    Field("inspection_start", "date", False,
          "First day inspectors were on site (YYYY-MM-DD). May be absent on old reports.",
          example="2024-04-22"),
    Field("inspection_end", "date", False, "Last day on site (YYYY-MM-DD).", example="2024-05-03"),
    Field("published", "date", True, "The day Ofsted published the report or letter (YYYY-MM-DD).",
          example="2024-07-12"),
    Field("lead_inspector", "string", False, "His Majesty's Inspector who led the inspection.",
          example="Jane Smith"),
    Field("judgements", "judgements", False,
          "Grades by judgement. Allowed judgements depend on the framework; "
          "ungraded kinds (visits and JTAIs) have none.",
          allowed=JUDGEMENT_ORDER, columns=JUDGEMENT_ORDER),
    Field("grades_pending", "boolean", False,
          "true when the inspection is known but some or all of its grades are not recorded yet.",
          example="true"),
    Field("safeguarding_board", "enum", False,
          "SIF reports only: the grade of the review of the Local Safeguarding Children Board, "
          "published with the inspection. It is the board's grade, not the council's.",
          allowed=GRADES, example="requires_improvement"),
    Field("report_url", "url", False, "Link to Ofsted's report (https, on ofsted.gov.uk).",
          example="https://files.ofsted.gov.uk/v1/file/50252253"),
    Field("published_in_report", "date", False,
          "The publication date printed in the report, only where it differs from `published` "
          "(the day Ofsted listed it).", example="2015-10-19"),
    Field("report_sha256", "sha256", False,
          "SHA-256 of the report PDF this record was checked against (scripts/check_reports.py).",
          example="3f7c9a..."),
    Field("checked_on", "date", False,
          "The day this record was last checked against its report.", example="2026-12-02"),
    Field("sources", "sources", False,
          "Other sources used for the body: a list of `title` and `url` pairs.",
          columns=("sources",)),
    Field("exception", "string", False,
          "Only for a real exception to a rule of thumb the validator checks (a report published more than "
          "9 months after the visit, more than 6 weeks on site, or two records of one kind for a council "
          "published the same day): why, in words.",
          example="Publication was delayed by a legal challenge."),
)

FIELDS_BY_NAME: dict[str, Field] = {f.name: f for f in RECORD_FIELDS}

#: Limits that keep hostile or accidental input from hurting the build.
MAX_FILE_BYTES = 256 * 1024
MAX_STRING = 300
MAX_SOURCES = 20

#: Report links must point at Ofsted; other sources may be any web page.
REPORT_HOSTS = ("ofsted.gov.uk",)


def record_path(council: str, published: dt.date, kind: str) -> str:
    """Where a record lives, repository-relative: one rule for the validator, scaffold and importers."""
    return f"records/{council}/{published.isoformat()}-{kind}.md"


def record_file(records_dir: Path, council: str, published: dt.date, kind: str) -> Path:
    """The file `record_path` names, inside a records folder of any name (a test's, a benchmark's)."""
    return Path(records_dir) / record_path(council, published, kind).removeprefix("records/")


def csv_columns() -> list[str]:
    """The columns of `inspections.csv`, in order, from the fields above."""
    cols = ["id", "council_name", "region"]
    for f in RECORD_FIELDS:
        cols.extend(f.columns or (f.name,))
    cols.append("path")
    return cols
