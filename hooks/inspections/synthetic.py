"""Synthetic but valid records, for the benchmark (`scripts/bench.py`).

The real data set is a few hundred records; a decade of visits and
monitoring letters is thousands. To know how the build scales we need many
records that pass the validator exactly as real ones do: same schema, every
kind and framework, plausible dates (never in the future), bodies of a few
paragraphs of Markdown, and unique file paths (one council never has two
records of one kind published on the same day) and report links.

Deterministic: the same `n`, `seed` and `latest` give the same files, so
runs on two machines benchmark the same input. Pure: returns text; the
caller writes it.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator

from .model import Council
from .schema import FRAMEWORKS, GRADES, framework_for, record_path
from .write import dump_record

#: The earliest publication date used: the oldest framework's start plus a
#: few months, so that an inspection before it is still in a framework.
EARLIEST = dt.date(2009, 9, 1)

#: (kind, weight, first year it plausibly happened)
_KINDS = (
    ("full-inspection", 30, 2009),
    ("monitoring-visit", 35, 2009),
    ("focused-visit", 22, 2018),
    ("jtai", 13, 2016),
)
#: Weights of grades, best first (matches schema.GRADES).
_GRADE_WEIGHTS = (10, 45, 30, 15)

_LEADS = (
    "Jane Smith", "Margaret Burke", "Amanda Maxwell", "Tom Anderson", "Rachel Griffiths",
    "Nicola Bennett", "Peter McEntee", "Lorna Schlechte", "Kathryn Grindrod", "Brenda McLaughlin",
    "Neil Penswick", "Emmy Tomsett", "Alison Smale", "Steve Lowe", "Lisa Summers",
)

_STRENGTHS = (
    "Children who need help and protection are seen quickly, and social workers know them well.",
    "Leaders have a clear and accurate understanding of the quality of practice.",
    "Children in care live in stable homes and are helped to stay in touch with people who matter to them.",
    "Care leavers speak warmly about their personal advisers, who keep in touch and stay with them.",
    "Partnership working with schools, health services and the police is strong at the front door.",
    "Caseloads are manageable, and social workers say that managers are visible and supportive.",
    "Plans for children are specific and reviewed regularly, with children's views recorded in their own words.",
    "The virtual school tracks the progress of children in care closely and challenges schools where needed.",
)
_WEAKNESSES = (
    "Some assessments do not consider the history of the family, so risks are not always understood.",
    "Too many children wait too long for a permanent home once adoption is agreed.",
    "The quality of supervision varies, and management oversight is not always recorded.",
    "Some care leavers live in accommodation that does not meet their needs.",
    "Return home interviews after children go missing are not always offered or completed.",
    "Pathway plans are not updated when young people's circumstances change.",
    "Workforce turnover means that some children have had several social workers in a year.",
    "Disabled children's plans do not always show how their needs will be met.",
)
_THEMES = (
    "the front door and contacts about children",
    "children in need and child protection planning",
    "children in care and permanence planning",
    "care leavers and their accommodation",
    "the response to children at risk of exploitation",
    "domestic abuse and its impact on children",
)


def _weighted(rng: random.Random, items, weights):
    return rng.choices(items, weights=weights, k=1)[0]


def _grades(rng: random.Random, framework: str) -> dict[str, str]:
    """Grades for one inspection: judgements close to each other, as in life."""
    centre = rng.choices(range(len(GRADES)), weights=_GRADE_WEIGHTS, k=1)[0]
    scale = FRAMEWORKS[framework].grades  # the same four steps; before 2013 the third is "adequate"
    result = {}
    for key in FRAMEWORKS[framework].judgements:
        rank = min(len(scale) - 1, max(0, centre + rng.choice((-1, 0, 0, 0, 1))))
        result[key] = scale[rank]
    if "overall_effectiveness" in result and len(result) > 1:
        # Overall effectiveness is never better than the worst other judgement by more than one step.
        worst = max(GRADES.index(g) for k, g in result.items() if k != "overall_effectiveness")
        result["overall_effectiveness"] = GRADES[max(worst - 1, GRADES.index(result["overall_effectiveness"]))]
    return result


def _body(rng: random.Random, council: Council, kind: str, framework: str) -> str:
    """A few paragraphs of Markdown like a contributor's summary of a report."""
    theme = rng.choice(_THEMES)
    strengths = rng.sample(_STRENGTHS, k=rng.randint(2, 4))
    weaknesses = rng.sample(_WEAKNESSES, k=rng.randint(1, 3))
    what = {
        "full-inspection": f"Inspectors looked at the whole of {council.name}'s children's services "
                           f"({FRAMEWORKS[framework].name}).",
        "focused-visit": f"This focused visit to {council.name} looked at {theme}.",
        "monitoring-visit": f"This was a monitoring visit to {council.name}, which was judged inadequate; "
                            f"inspectors looked at {theme}.",
        "jtai": f"Ofsted, the CQC and the inspectorates of constabulary and probation looked at {theme} "
                f"across agencies in {council.name}.",
    }[kind]
    paragraphs = [
        what + " " + " ".join(strengths[:2]),
        "## What needs to improve\n\n" + "\n".join(f"- {w}" for w in weaknesses),
        " ".join(strengths[2:]) + (" " if len(strengths) > 2 else "")
        + f"Leaders in {council.name} have an action plan, and **progress will be checked** at the next visit.",
    ]
    if rng.random() < 0.4:
        paragraphs.append(f"The council's response is on [its website](https://www.example.org/{council.slug}/news).")
    return "\n\n".join(paragraphs)


def _first_allowed(council: Council, councils: dict[str, Council]) -> dt.date:
    """A council made by a reorganisation has no records before its predecessors ended."""
    ends = [councils[p].ended for p in council.predecessors if p in councils and councils[p].ended]
    return max([EARLIEST, *ends])


def generate(councils: dict[str, Council], n: int, *, latest: dt.date, seed: int = 8) -> Iterator[tuple[str, str]]:
    """Yield `n` records as (path under the records folder, file text).

    Spread over the current councils; `latest` is the newest publication
    date allowed (pass the newest real date, never a future one).
    """
    rng = random.Random(f"{seed}-{n}")
    current = [c for c in councils.values() if c.is_current]
    if not current:
        raise ValueError("no current councils to spread records over")
    weights = [rng.uniform(0.6, 1.4) for _ in current]
    total = sum(weights)
    counts = [int(n * w / total) for w in weights]
    for i in rng.sample(range(len(current)), k=n - sum(counts)):
        counts[i] += 1
    report_number = 70_000_000
    for council, count in zip(current, counts, strict=True):
        first = _first_allowed(council, councils)
        span = (latest - first).days
        if count > span:
            raise ValueError(f"{count} records for {council.slug} do not fit in {span} days of dates")
        # Distinct publication days per council: no two paths can collide.
        days = sorted(rng.sample(range(span + 1), k=count))
        starts_used: set[tuple[str, dt.date]] = set()
        for offset in days:
            published = first + dt.timedelta(days=offset)
            kind = _weighted(rng, [k[0] for k in _KINDS], [k[1] for k in _KINDS])
            if published.year < dict((k[0], k[2]) for k in _KINDS)[kind]:
                kind = "monitoring-visit"
            fields: dict = {"council": council.slug, "kind": kind, "published": published}
            full = kind == "full-inspection"
            start = end = None
            if rng.random() < 0.93:  # a few old reports lack their inspection dates
                start = published - dt.timedelta(days=rng.randint(28, 75))
                # not on site before the council began (the validator checks it)
                while (kind, start) in starts_used or start < first:
                    start += dt.timedelta(days=1)
                if start > published or framework_for(start, None) is None:
                    start = None
            if start is not None:
                starts_used.add((kind, start))
                framework = framework_for(start, None)
                length = {"pre-sif": 9, "sif": 25}.get(framework, 11) if full else rng.randint(1, 2)
                if full and framework.startswith("ilacs") and rng.random() < 0.4:
                    fields["inspection_type"] = "short"
                    length = 4
                elif full and framework.startswith("ilacs"):
                    fields["inspection_type"] = "standard"
                if kind == "jtai":
                    length = rng.randint(5, 9)
                end = min(start + dt.timedelta(days=length), published)
                fields["inspection_start"], fields["inspection_end"] = start, end
            else:
                framework = framework_for(None, published)
            fields["framework"] = framework
            if rng.random() < 0.8:
                fields["lead_inspector"] = rng.choice(_LEADS)
            if full:
                if rng.random() < 0.05:
                    fields["grades_pending"] = True
                else:
                    fields["judgements"] = _grades(rng, framework)
            report_number += 1
            fields["report_url"] = f"https://files.ofsted.gov.uk/v1/file/{report_number}"
            if rng.random() < 0.15:
                fields["sources"] = [{"title": f"{council.name} council press release",
                                      "url": f"https://www.example.org/{council.slug}/press/{report_number}"}]
            path = record_path(council.slug, published, kind).removeprefix("records/")
            yield path, dump_record(fields, _body(rng, council, kind, framework))
