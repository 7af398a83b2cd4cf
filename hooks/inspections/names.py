"""Find the council meant by a slug, a name or a nickname, as contributors and
reports write them ('Telford', 'Kingston upon Hull, City of', 'Leicestershire
County Council'). The one rule for council names: the scaffold, the validator's
suggestions and the report reader all match through `match_council`."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field

from .model import Council

#: The words around a council's name that do not tell councils apart: its style
#: ('County Council', 'London Borough of') and how reports name its services.
#: Longest first: the first alternative that matches at a position wins.
_STYLE = re.compile(
    r"\b(?:metropolitan borough council|metropolitan district council|district metropolitan council|"
    r"metropolitan borough of|london borough of|royal borough of|city of|county of|borough of|"
    r"metropolitan borough|metropolitan council|borough council|county council|city council|unitary authority|"
    r"children and families trust|children's services|children's trust|council|city|the)\b")


def _normal(text: str) -> str:
    """Fold a council name for comparison: case, '&', punctuation and style go.

    'Kingston upon Hull, City of' -> 'kingstonuponhull';
    'Wirral Metropolitan Borough Council' -> 'wirral'."""
    text = text.casefold().replace("&", " and ")
    text = _STYLE.sub(" ", text)
    return re.sub(r"[^a-z0-9]", "", text)


def council_names(council: Council) -> list[str]:
    """Every name a council is known by: slug, official name, other names."""
    return [council.slug, council.name, *council.also_known_as]


@dataclass
class CouncilMatch:
    slug: str | None  # the one council meant, when it is clear
    suggestions: list[str] = field(default_factory=list)  # slugs, best first, when it is not
    exact: bool = False


def match_council(query: str, councils: dict[str, Council]) -> CouncilMatch:
    """Find the council a contributor means by a slug, a name or a nickname.

    Exact (after folding case, punctuation and words like 'City of') wins; then a
    unique name starting with the query ('Telford'); otherwise close matches
    (difflib) are offered as suggestions.
    """
    query = query.strip()
    if query in councils:
        return CouncilMatch(query, exact=True)
    wanted = _normal(query)
    if not wanted:
        return CouncilMatch(None)
    by_name: dict[str, set[str]] = {}
    for council in councils.values():
        for name in council_names(council):
            by_name.setdefault(_normal(name), set()).add(council.slug)
    hits = by_name.get(wanted, set())
    if len(hits) == 1:
        return CouncilMatch(next(iter(hits)), exact=True)
    if len(hits) > 1:
        return CouncilMatch(None, sorted(hits))
    starts = sorted({slug for name, slugs in by_name.items() if name.startswith(wanted) for slug in slugs})
    if len(starts) == 1 and len(wanted) >= 3:
        return CouncilMatch(starts[0])
    close = difflib.get_close_matches(wanted, list(by_name), n=8, cutoff=0.75)
    suggestions: list[str] = []
    for slug in starts + [slug for name in close for slug in sorted(by_name[name])]:
        if slug not in suggestions:
            suggestions.append(slug)
    if close and not starts and len(by_name[close[0]]) == 1:
        # One near-certain typo ('Leicestershre') resolves; two similar names do not.
        best = difflib.SequenceMatcher(None, wanted, close[0]).ratio()
        runner_up = max((difflib.SequenceMatcher(None, wanted, name).ratio() for name in close[1:]
                         if by_name[name] != by_name[close[0]]), default=0.0)
        if best >= 0.9 and best - runner_up >= 0.1:
            return CouncilMatch(suggestions[0])
    return CouncilMatch(None, suggestions[:6])
