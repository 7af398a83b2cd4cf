"""Untrusted YAML read within bounds, with the line of every key.

Records and the council registry arrive by pull request, and libyaml (the C
loader PyYAML uses) sets no limits of its own:

- brackets nested 100,000 deep crash its composer with a segfault (exit 139,
  no message), and nesting a few thousand deep already takes seconds (its
  scanner is quadratic in depth);
- aliases let a 1 KB file stand for billions of items;
- a key written twice is silently overwritten by the second, whether it is
  written plainly, quoted or inside a `{...}` mapping.

`check_shape` walks the parser's events before anything is built: it stops at
the first alias or anchor and at the first collection nested deeper than
MAX_DEPTH (so neither cost is ever paid), reports every repeated key, and
records the line of every key and list item. Only a document that passes is
handed to the loader, which is then safe to use.

`BoundedLoader` is the loader for that second step: SafeLoader, except that
dates and whole numbers Python cannot build (`2024-13-45`, a 5,000-digit
number) stay text, so the validator can report them on their own line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import yaml

# libyaml's loader when present: the same safe semantics, several times faster.
SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

#: Deepest nesting of lists and mappings a data file may use. A record needs
#: 3 (the front matter, `sources`, one source), the registry 4.
MAX_DEPTH = 16


class BoundedLoader(SafeLoader):
    """SafeLoader, except that a date or whole number Python cannot build stays text.

    Plain SafeLoader raises for the whole file, so the problem had no field or
    line; as text, the validator reports it on its own line."""


def _timestamp_or_text(loader, node):
    try:
        return loader.construct_yaml_timestamp(node)
    except (ValueError, OverflowError):
        return loader.construct_scalar(node)


def _int_or_text(loader, node):
    # Python refuses to read integers of more than 4,300 digits (a guard against slow conversion).
    try:
        return loader.construct_yaml_int(node)
    except (ValueError, OverflowError):
        return loader.construct_scalar(node)


BoundedLoader.add_constructor("tag:yaml.org,2002:timestamp", _timestamp_or_text)
BoundedLoader.add_constructor("tag:yaml.org,2002:int", _int_or_text)


@dataclass(frozen=True)
class ShapeProblem:
    line: int  # 1-based, in the text given to check_shape
    field: str
    message: str


@dataclass
class Shape:
    #: key path (`judgements.care_leavers`, `sources[1].url`) -> 1-based line
    lines: dict[str, int] = field(default_factory=dict)
    problems: list[ShapeProblem] = field(default_factory=list)


@dataclass
class _Frame:
    is_mapping: bool
    path: str
    expecting_key: bool = True
    index: int = 0
    value_path: str = ""
    keys: set = field(default_factory=set)


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def _outer(path: str, parts: int = 3) -> str:
    """The first few steps of a long path (`a[0][0][0][0]...` is `a[0][0]`)."""
    steps = re.findall(r"\[\d+\]|[^.\[]+", path)
    return "".join(s if s.startswith("[") or i == 0 else "." + s for i, s in enumerate(steps[:parts]))


def _child_path(parent: _Frame | None, event, shape: Shape, line: int) -> str | None:
    """The path of the node `event` starts, or None when it is a mapping key
    (the key itself is recorded, and checked for repeats, here)."""
    if parent is None:
        return ""
    if not parent.is_mapping:
        path = f"{parent.path}[{parent.index}]"
        parent.index += 1
        shape.lines.setdefault(path, line)
        return path
    if not parent.expecting_key:
        parent.expecting_key = True
        return parent.value_path
    parent.expecting_key = False
    key = event.value if isinstance(event, yaml.ScalarEvent) else "?"
    path = parent.value_path = _join(parent.path, key)
    if isinstance(event, yaml.ScalarEvent):
        if key in parent.keys:
            shape.problems.append(ShapeProblem(line, path, "appears more than once; keep one"))
        parent.keys.add(key)
        shape.lines.setdefault(path, line)
    return None


def check_shape(text: str, loader=BoundedLoader, max_depth: int = MAX_DEPTH) -> Shape:
    """Walk the YAML events of `text` (see the module's docstring).

    Raises what the loader would raise for text that is not YAML at all
    (yaml.MarkedYAMLError, yaml.reader.ReaderError), so callers report syntax
    errors as before."""
    shape = Shape()
    frames: list[_Frame] = []
    for event in yaml.parse(text, Loader=loader):
        line = event.start_mark.line + 1 if event.start_mark else 1
        if isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            frames.pop()
            continue
        if not isinstance(event, (yaml.ScalarEvent, yaml.MappingStartEvent, yaml.SequenceStartEvent,
                                  yaml.AliasEvent)):
            continue
        parent = frames[-1] if frames else None
        path = _child_path(parent, event, shape, line)
        where = path if path is not None else (parent.value_path if parent else "")
        if isinstance(event, yaml.AliasEvent) or event.anchor is not None:
            shape.problems.append(ShapeProblem(line, where, "uses a YAML anchor or alias (`&name`, `*name`), "
                                                            "which data files may not; write the value out"))
            return shape
        if isinstance(event, yaml.ScalarEvent):
            if path is None and event.value == "<<" and event.implicit[0]:
                # A merge key copies fields from elsewhere: one more way to write a key twice.
                shape.problems.append(ShapeProblem(line, where, "is a YAML merge key (`<<`), which data files "
                                                                "may not use; write the fields out"))
            continue
        if len(frames) >= max_depth:
            shape.problems.append(ShapeProblem(line, _outer(where), f"is nested more than {max_depth} levels deep "
                                                            "(lists and `{...}` inside each other); "
                                                            "write a plain value"))
            return shape
        frames.append(_Frame(isinstance(event, yaml.MappingStartEvent), where))
    return shape
