"""The council registry, records/councils.yml, read and checked like a record.

The registry arrives by pull request like any record, and every value in it
reaches the pages, feeds and downloads. So it is held to the same standard:
read within bounds (`yamlsafe`), every field checked against COUNCIL_FIELDS
below, and every problem reported as `path:line: field: what is wrong, what
is allowed`, never as a traceback. `load_registry` returns the councils or
raises RecordsInvalid with every problem found.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import yaml

from .load import read_capped
from .model import Centroid, Council, Problem, RecordsInvalid
from .sanitize import BIDI_CONTROLS
from .schema import COUNCIL_STATUSES, COUNCIL_TYPES, REGIONS
from .validate import _did_you_mean, _field_name
from .validate import _show as _shown
from .yamlsafe import BoundedLoader, check_shape

REGISTRY_NAME = "councils.yml"
#: The real registry is about 60 KB.
MAX_REGISTRY_BYTES = 1024 * 1024

SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
MAX_SLUG = 60
#: Slugs that would put a council's files where they do not belong:
#: `councils/index.md` is the councils/ folder's own page (URL /councils/), not
#: /councils/index/ where the council's feed and API links point; the others
#: are names Windows will not allow as the folder records/<slug>/.
RESERVED_SLUGS = frozenset({"index", "con", "prn", "aux", "nul",
                            *(f"com{n}" for n in range(10)), *(f"lpt{n}" for n in range(10))})
MAX_NAME = 120
MAX_ALIASES = 10
MAX_LINKS = 20
ONS_CODE = re.compile(r"E\d{8}")

# What a name may not contain: control characters (they break the Atom feeds
# and one-line messages), line and paragraph separators, lone surrogates (they
# cannot be written as UTF-8) and the two non-characters U+FFFE and U+FFFF.
_NOT_TEXT = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufffe\uffff]")


@dataclass(frozen=True)
class CouncilField:
    name: str
    #: slug | name | integer | ons_code | choice | slugs | names | centroid | date
    type: str
    required: bool
    description: str
    allowed: tuple[str, ...] = ()
    bounds: tuple[int, int] = (0, 0)


COUNCIL_FIELDS: tuple[CouncilField, ...] = (
    CouncilField("slug", "slug", True, "the council's key in URLs and file names: lower-case letters, digits "
                                       "and single hyphens, e.g. telford-and-wrekin"),
    CouncilField("name", "name", True, "the council's usual name, one line of plain text"),
    CouncilField("ofsted_urn", "integer", True, "Ofsted's unique reference number, a whole number",
                 bounds=(1, 99_999_999)),
    CouncilField("la_number", "integer", True, "the DfE's local authority number, a whole number",
                 bounds=(1, 999)),
    CouncilField("ons_code", "ons_code", True, "the ONS code: E and eight digits, e.g. E06000016"),
    CouncilField("region", "choice", True, "the English region", allowed=tuple(REGIONS)),
    CouncilField("type", "choice", True, "the kind of authority", allowed=tuple(COUNCIL_TYPES)),
    CouncilField("status", "choice", True, "current, or former for an authority that no longer exists",
                 allowed=COUNCIL_STATUSES),
    CouncilField("predecessors", "slugs", False, "slugs of the councils this one replaced"),
    CouncilField("successors", "slugs", False, "slugs of the councils that replaced this one"),
    CouncilField("statistical_neighbours", "slugs", False, "slugs of the most similar councils"),
    CouncilField("centroid", "centroid", False, "the centre of the area, e.g. {lat: 52.63, lon: -1.13}"),
    CouncilField("also_known_as", "names", False, "other names, a list of one-line texts"),
    CouncilField("started", "date", False, "the day the council began (YYYY-MM-DD); for one made by a "
                                           "reorganisation, the day its predecessors ended unless given"),
    CouncilField("ended", "date", False, "the day a former council ended (YYYY-MM-DD)"),
)
COUNCIL_FIELDS_BY_NAME = {f.name: f for f in COUNCIL_FIELDS}


class _Registry:
    """Checks one parsed registry, collecting problems with their lines."""

    def __init__(self, rel: str, lines: dict[str, int]):
        self.rel = rel
        self.lines = lines
        self.problems: list[Problem] = []

    def line(self, path: str) -> int:
        while path:
            if path in self.lines:
                return self.lines[path]
            cut = max(path.rfind("."), path.rfind("["))
            path = path[:cut] if cut > 0 else ""
        return 1

    def fail(self, path: str, shown: str, message: str) -> None:
        """A problem at the line of `path` (indices), shown as `shown` (slugs)."""
        self.problems.append(Problem(self.rel, self.line(path), shown, message))

    # --- values ------------------------------------------------------------

    def value(self, field: CouncilField, value, path: str, shown: str):
        check = getattr(self, f"_{field.type}")
        return check(field, value, path, shown)

    def _slug(self, field, value, path, shown):
        if not isinstance(value, str) or not SLUG.fullmatch(value) or len(value) > MAX_SLUG:
            self.fail(path, shown, f"{_shown(value)} is not a slug; write {field.description}, "
                                   f"at most {MAX_SLUG} characters")
            return None
        if value in RESERVED_SLUGS:
            self.fail(path, shown, f"'{value}' is reserved (it names a page or folder the site or Windows "
                                   "already uses); choose another slug")
            return None
        return value

    def _name(self, field, value, path, shown):
        if not isinstance(value, str):
            self.fail(path, shown, f"{_shown(value)} is not text; write {field.description}")
            return None
        problem = name_problem(value)
        if problem:
            self.fail(path, shown, problem)
            return None
        return value

    def _integer(self, field, value, path, shown):
        low, high = field.bounds
        if isinstance(value, bool) or not isinstance(value, int):
            self.fail(path, shown, f"{_shown(value)} is not {field.description}")
            return None
        if not low <= value <= high:
            self.fail(path, shown, f"{_shown(value)} is out of range; allowed: {low} to {high:,}")
            return None
        return value

    def _ons_code(self, field, value, path, shown):
        if not isinstance(value, str) or not ONS_CODE.fullmatch(value):
            self.fail(path, shown, f"{_shown(value)} is not an ONS code; write {field.description}")
            return None
        return value

    def _choice(self, field, value, path, shown):
        if not isinstance(value, str) or value not in field.allowed:
            self.fail(path, shown, f"{_shown(value)} is not allowed{_did_you_mean(value, field.allowed)}; "
                                   f"allowed: {', '.join(field.allowed)}")
            return None
        return value

    def _date(self, field, value, path, shown):
        if type(value) is dt.date:
            return value
        self.fail(path, shown, f"{_shown(value)} is not a date; write it as YYYY-MM-DD, e.g. 2023-04-01")
        return None

    def _list(self, field, value, path, shown, limit: int) -> list | None:
        if not isinstance(value, list):
            example = "[leicester, leicestershire]" if field.type == "slugs" else '["Other name"]'
            self.fail(path, shown, f"{_shown(value)} is not a list; write a list in brackets, "
                                   f"e.g. {example}, or leave the field out")
            return None
        if len(value) > limit:
            self.fail(path, shown, f"has {len(value)} items; at most {limit} allowed")
            return None
        return value

    def _slugs(self, field, value, path, shown):
        items = self._list(field, value, path, shown, MAX_LINKS)
        if items is None:
            return None
        slugs = []
        for index, item in enumerate(items):
            if not isinstance(item, str) or not SLUG.fullmatch(item):
                self.fail(f"{path}[{index}]", shown, f"{_shown(item)} is not a council slug; "
                                                     "write the slug of a council in this registry")
                return None
            if item in slugs:
                self.fail(f"{path}[{index}]", shown, f"'{item}' is listed twice; keep one")
                return None
            slugs.append(item)
        return tuple(slugs)

    def _names(self, field, value, path, shown):
        items = self._list(field, value, path, shown, MAX_ALIASES)
        if items is None:
            return None
        names = []
        for index, item in enumerate(items):
            if self._name(field, item, f"{path}[{index}]", shown) is None:
                return None
            names.append(item)
        return tuple(names)

    def _centroid(self, field, value, path, shown):
        if not isinstance(value, dict) or set(value) != {"lat", "lon"}:
            self.fail(path, shown, f"{_shown(value)} is not a position; write {field.description}")
            return None
        lat, lon = value["lat"], value["lon"]
        numbers = all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in (lat, lon))
        # also refuses NaN and infinity, which would make the JSON exports invalid
        if not numbers or not all(math.isfinite(v) for v in (lat, lon)) or not (-90 <= lat <= 90 and -180 <= lon <= 180):
            self.fail(path, shown, "must be a latitude and longitude in degrees, e.g. {lat: 52.63, lon: -1.13}")
            return None
        return Centroid(float(lat), float(lon))

    # --- entries -----------------------------------------------------------

    def entry(self, index: int, entry) -> tuple[str, dict, str] | None:
        """Check one entry; returns (slug, checked values, path) or None."""
        path = f"councils[{index}]"
        if not isinstance(entry, dict):
            self.fail(path, path, "each council is a set of `field: value` lines, starting `- slug:`")
            return None
        slug = None
        if entry.get("slug") is not None:
            slug = self._slug(COUNCIL_FIELDS_BY_NAME["slug"], entry["slug"], f"{path}.slug", f"{path}.slug")
        label = f"councils[{slug}]" if slug else path
        values: dict = {"slug": slug} if slug else {}
        for key in entry:
            if key not in COUNCIL_FIELDS_BY_NAME:
                name = _field_name(key)
                self.fail(f"{path}.{name}", f"{label}.{name}",
                          f"is not a registry field{_did_you_mean(key, COUNCIL_FIELDS_BY_NAME)}; "
                          f"allowed: {', '.join(COUNCIL_FIELDS_BY_NAME)}")
        for field in COUNCIL_FIELDS:
            where, shown = f"{path}.{field.name}", f"{label}.{field.name}"
            if field.name == "slug" and entry.get("slug") is not None:
                continue  # checked above
            if entry.get(field.name) is None:
                if field.required:
                    self.fail(path, shown, f"is missing; give {field.description}")
                continue
            checked = self.value(field, entry[field.name], where, shown)
            if checked is not None:
                values[field.name] = checked
        if "slug" not in values:
            return None
        # Kept even with a bad field, so that links to it are not reported as well.
        return values["slug"], values, path

    def life(self, values: dict, path: str, label: str) -> None:
        """Status and dates that agree with each other."""
        status, started, ended = values.get("status"), values.get("started"), values.get("ended")
        if status == "current" and ended is not None:
            self.fail(f"{path}.ended", f"{label}.ended", "a current council has not ended; remove `ended` "
                                                         "or make the status former")
        if started and ended and ended <= started:
            self.fail(f"{path}.ended", f"{label}.ended", f"{ended} is not after started ({started}); "
                                                         "a council ends after it begins")


def name_problem(value: str) -> str | None:
    """What is wrong with a council's name as plain text on one line, or None."""
    if not value.strip():
        return "is empty; write the council's name"
    if len(value) > MAX_NAME:
        return f"is {len(value)} characters long; at most {MAX_NAME} allowed"
    if _NOT_TEXT.search(value):
        return "contains a line break or control character; write the name on one line as plain text"
    if BIDI_CONTROLS.search(value):
        return "contains an invisible text-direction control character; remove it"
    if value != value.strip() or "  " in value:
        return "has spaces at its start or end, or two in a row; write single spaces between words"
    if unicodedata.category(value[0]) in ("Mn", "Me", "Cf"):
        return "starts with a combining mark or invisible character; start with a letter"
    return None


def _read(path: Path, rel: str) -> tuple[object, dict[str, int]]:
    """The parsed registry and the line of every key; raises RecordsInvalid."""
    raw = read_capped(path, MAX_REGISTRY_BYTES, within=path.parent)
    if isinstance(raw, str):
        raise RecordsInvalid([Problem(rel, 1, "", f"the council registry {raw}")])
    if len(raw) > MAX_REGISTRY_BYTES:
        raise RecordsInvalid([Problem(rel, 1, "", f"file is more than {MAX_REGISTRY_BYTES:,} bytes; "
                                                  "the council registry may be at most that")])
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise RecordsInvalid([Problem(rel, raw[: exc.start].count(b"\n") + 1, "",
                                      "file is not UTF-8 text; save it as UTF-8")]) from None
    try:
        shape = check_shape(text, BoundedLoader)
        if shape.problems:
            raise RecordsInvalid([Problem(rel, p.line, p.field, p.message) for p in shape.problems])
        return yaml.load(text, Loader=BoundedLoader), shape.lines
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        what = " ".join(str(exc.problem or exc.context or "invalid YAML").split())
        raise RecordsInvalid([Problem(rel, mark.line + 1 if mark else 1, "",
                                      f"is not valid YAML ({what}); check quotes, colons and indentation")]) from None
    except (yaml.YAMLError, ValueError, TypeError, OverflowError, RecursionError) as exc:
        detail = " ".join(str(exc).split())[:80]
        raise RecordsInvalid([Problem(rel, 1, "", f"is not valid YAML ({detail}); "
                                                  "check quotes, colons and indentation")]) from None


def load_registry(path: Path, rel: str = "records/councils.yml") -> dict[str, Council]:
    """Read and check the registry. Raises RecordsInvalid with every problem."""
    data, lines = _read(Path(path), rel)
    registry = _Registry(rel, lines)
    if not isinstance(data, dict) or not isinstance(data.get("councils"), list) or not data["councils"]:
        raise RecordsInvalid([Problem(rel, 1, "councils", "the registry must have a `councils:` list of councils")])
    for key in data:
        if key != "councils":
            registry.fail(str(key), str(key)[:40], "is not part of the registry; allowed: councils")
    entries: dict[str, tuple[dict, str]] = {}
    for index, entry in enumerate(data["councils"]):
        checked = registry.entry(index, entry)
        if checked is None:
            continue
        slug, values, path = checked
        if slug in entries:
            first = registry.line(entries[slug][1])
            registry.fail(f"{path}.slug", f"councils[{slug}].slug", f"'{slug}' appears twice (first on line "
                                                                     f"{first}); keep one entry per council")
            continue
        entries[slug] = (values, path)
    _check_links(registry, entries)
    _check_unique_codes(registry, entries)
    for slug, (values, path) in entries.items():
        registry.life({**values, "started": _started(values, entries)}, path, f"councils[{slug}]")
    if registry.problems:
        raise RecordsInvalid(sorted(registry.problems, key=lambda p: p.line))
    return {slug: _council(values, entries) for slug, (values, _) in entries.items()}


def _check_links(registry: _Registry, entries: dict) -> None:
    """Every linked slug is a council here, and reorganisations are told from both sides."""
    for slug, (values, path) in entries.items():
        for name in ("predecessors", "successors", "statistical_neighbours"):
            for index, link in enumerate(values.get(name, ())):
                where, shown = f"{path}.{name}[{index}]", f"councils[{slug}].{name}"
                if link == slug:
                    registry.fail(where, shown, "a council cannot link to itself")
                elif link not in entries:
                    registry.fail(where, shown, f"'{link}' is not a council in this registry"
                                                f"{_did_you_mean(link, entries)}")
        for name, other in (("predecessors", "successors"), ("successors", "predecessors")):
            for index, link in enumerate(values.get(name, ())):
                if link in entries and link != slug and slug not in entries[link][0].get(other, ()):
                    registry.fail(f"{path}.{name}[{index}]", f"councils[{slug}].{name}",
                                  f"'{link}' does not list '{slug}' among its {other}; add it there too")


def _check_unique_codes(registry: _Registry, entries: dict) -> None:
    for name in ("ofsted_urn", "la_number", "ons_code"):
        seen: dict = {}
        for slug, (values, path) in entries.items():
            if name not in values:
                continue
            other = seen.setdefault(values[name], slug)
            if other != slug:
                registry.fail(f"{path}.{name}", f"councils[{slug}].{name}",
                              f"{_shown(values[name])} is already the {name} of '{other}'; each council has its own")


def _started(values: dict, entries: dict) -> dt.date | None:
    """The day a council began: as given, or for a council made by a
    reorganisation, the day its predecessors ended."""
    if values.get("started") is not None:
        return values["started"]
    ends = [entries[p][0].get("ended") for p in values.get("predecessors", ()) if p in entries]
    return max((e for e in ends if e), default=None)


def _council(values: dict, entries: dict) -> Council:
    started = _started(values, entries)
    return Council(
        slug=values["slug"], name=values["name"], ofsted_urn=values["ofsted_urn"], la_number=values["la_number"],
        ons_code=values["ons_code"], region=values["region"], type=values["type"], status=values["status"],
        predecessors=values.get("predecessors", ()), successors=values.get("successors", ()),
        statistical_neighbours=values.get("statistical_neighbours", ()), centroid=values.get("centroid"),
        also_known_as=values.get("also_known_as", ()), ended=values.get("ended"), started=started,
    )
