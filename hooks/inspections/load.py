"""Read record files from disk into raw front matter, never raising.

A record is untrusted input: any bytes at all may arrive in a pull request.
`read_record` turns a file into (front matter dict, body, line index) or a
list of Problems; it must not raise for any content.
"""

from __future__ import annotations

import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path

import yaml

from .model import Problem
from .schema import MAX_FILE_BYTES
from .yamlsafe import BoundedLoader, check_shape

#: The loader for front matter (see yamlsafe): safe, and dates or numbers
#: Python cannot build stay text for the validator to report.
RecordLoader = BoundedLoader

#: The line that closes the front matter (the opening one is checked separately).
_CLOSING = re.compile(r"^---[ \t]*$", re.M)
_TOP_KEY = re.compile(r"^([A-Za-z_][\w-]*)\s*:")
_NESTED_KEY = re.compile(r"^\s+(?:-\s+)?([A-Za-z_][\w-]*)\s*:")


@dataclass
class RawRecord:
    path: str
    data: dict
    body: str
    lines: dict[str, int]  # field path (e.g. "judgements.care_leavers") -> line

    def line(self, field: str) -> int:
        """Line of a field, or of its nearest parent, or of the opening `---`."""
        while field:
            if field in self.lines:
                return self.lines[field]
            cut = max(field.rfind("."), field.rfind("["))
            field = field[:cut] if cut > 0 else ""
        return 1


def _index_lines(front_matter: str) -> dict[str, int]:
    """Map field paths to line numbers with a cheap scan of block-style YAML,
    for front matter that is not valid YAML (valid front matter gets exact
    lines from `check_shape`). Line 1 is the opening `---`.
    """
    index: dict[str, int] = {}
    parent = None
    item = -1
    for number, text in enumerate(front_matter.split("\n"), start=2):
        top = _TOP_KEY.match(text)
        if top:
            parent, item = top.group(1), -1
            key = parent
        elif parent and text[:1] in (" ", "\t") and text.strip():
            if text.lstrip().startswith("-"):
                item += 1
                index.setdefault(f"{parent}[{item}]", number)
            nested = _NESTED_KEY.match(text)
            if not nested:
                continue
            key = f"{parent}[{item}].{nested.group(1)}" if item >= 0 else f"{parent}.{nested.group(1)}"
        else:
            continue
        index.setdefault(key, number)
    return index


def _field_at(lines: dict[str, int], line: int) -> str:
    """The top-level field a line belongs to: the last one starting at or above it."""
    above = [(n, key) for key, n in lines.items() if n <= line and key != "body"]
    return max(above)[1].split(".")[0].split("[")[0] if above else ""


def read_capped(path: Path, limit: int, within: Path | None = None) -> bytes | str:
    """The bytes of a regular file, at most `limit + 1` of them (so a caller
    can tell the file is too long without reading all of it), or a message
    saying why the file was not read.

    A device, pipe or socket is never opened (reading /dev/zero would never
    end), and a symbolic link is followed only to a file inside `within`."""
    try:
        if within is not None and path.is_symlink():
            target = path.resolve(strict=True)
            if not target.is_relative_to(Path(within).resolve()):
                return f"is a link to a file outside {Path(within).name}/; put the file itself here"
        if not stat.S_ISREG(os.stat(path).st_mode):
            return "is not a regular file (a device, pipe or folder); a record is a text file"
        # O_NONBLOCK: should the file be swapped for a pipe after the check, opening it does not wait.
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
        with os.fdopen(descriptor, "rb") as file:
            if not stat.S_ISREG(os.fstat(file.fileno()).st_mode):
                return "is not a regular file (a device, pipe or folder); a record is a text file"
            return file.read(limit + 1)
    except (OSError, RuntimeError) as exc:  # RuntimeError: a loop of symbolic links
        return f"cannot read the file ({getattr(exc, 'strerror', None) or exc})"


def read_record(path: Path, rel: str, within: Path | None = None) -> RawRecord | list[Problem]:
    """Parse one record file. Returns the raw record or the problems found.

    `within` is the records folder: a symbolic link may point only inside it."""
    raw = read_capped(path, MAX_FILE_BYTES, within)
    if isinstance(raw, str):
        return [Problem(rel, 1, "", raw if raw.startswith("cannot") else "file " + raw)]
    if len(raw) > MAX_FILE_BYTES:
        size = _size(path)
        return [Problem(rel, 1, "", f"file is {size:,} bytes; a record may be at most {MAX_FILE_BYTES:,} bytes")]
    return parse_record(raw, rel)


def _size(path: Path) -> int:
    try:
        return os.stat(path).st_size
    except OSError:
        return MAX_FILE_BYTES + 1


#: Plain advice for the parser messages newcomers meet most (the parser's own
#: words stay in the message, for people who search for them).
_YAML_HINTS = (
    ("could not find expected ':'", "a line needs a colon after its field name, as in `field: value`"),
    ("mapping values are not allowed", "put a value that contains ': ' in quotes, or check that the line is "
                                       "indented like the lines around it"),
    ("expected '-' indicator", "a line starting `- ` is a list item; judgements are `key: grade` lines "
                               "indented by two spaces under `judgements:`, without `- `"),
    ("expected <block end>", "check that the line is indented like the lines around it (two spaces under "
                             "`judgements:` or `sources:`)"),
    ("did not find expected key", "check that the line is indented like the lines around it (two spaces under "
                                  "`judgements:` or `sources:`)"),
    ("cannot start any token", "indent with spaces, not tabs, and put a value starting with ` or @ in quotes"),
    ("tab character", "indent with spaces, not tabs"),
)


def _yaml_hint(what: str) -> str:
    for phrase, hint in _YAML_HINTS:
        if phrase in what:
            return hint
    return "check quotes, colons and indentation"


def parse_record(raw: bytes, rel: str) -> RawRecord | list[Problem]:
    """Parse the bytes of one record (see `read_record`)."""
    if len(raw) > MAX_FILE_BYTES:
        return [Problem(rel, 1, "", f"file is {len(raw):,} bytes; a record may be at most {MAX_FILE_BYTES:,} bytes")]
    if not raw.strip():
        return [Problem(rel, 1, "", "file is empty; a record starts with a line `---`, then its fields, then `---`")]
    if b"\x00" in raw:
        return [Problem(rel, 1, "", "file is binary, not text; a record is a Markdown file with YAML front matter")]
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return [Problem(rel, line, "", "file is not UTF-8 text; save it as UTF-8")]
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.startswith("---\n"):
        return [Problem(rel, 1, "", "file must start with a line `---` opening the YAML front matter")]
    # Split by hand so that front matter line 1 is file line 2 (python-frontmatter's
    # split keeps the newline after the opening `---`, which shifted every line by one).
    closing = _CLOSING.search(text, 4)
    if closing is None:
        return [Problem(rel, 1, "", "front matter is not closed: add a line `---` after the last field")]
    front_matter, body = text[4:closing.start()], text[closing.end():]
    closing_line = text.count("\n", 0, closing.start()) + 1
    try:
        # Bounds and repeated keys first: only a document that passes is built.
        shape = check_shape(front_matter, RecordLoader)
        if shape.problems:
            return [Problem(rel, p.line + 1, p.field, p.message) for p in shape.problems]
        data = yaml.load(front_matter, Loader=RecordLoader)
    except yaml.MarkedYAMLError as exc:
        lines = _index_lines(front_matter)
        mark = exc.problem_mark or exc.context_mark
        what = (exc.problem or exc.context or "invalid YAML").strip()
        if "end of stream" in what and exc.context_mark:
            # e.g. an unclosed quote: point at where it opened, not at the closing `---`
            mark, what = exc.context_mark, f"{exc.context.strip()}, {what}" if exc.context else what
        if "could not find expected ':'" in what and exc.context_mark:
            # the parser notices on a later line; the key without its colon is where it started
            mark = exc.context_mark
        # YAML also counts U+0085/U+2028/U+2029 as line breaks; stay within the front matter.
        line = min(mark.line + 2, closing_line) if mark else 1
        field = _field_at(lines, line)
        bare = text.split("\n")[line - 1].strip() if line > 1 else ""
        if "could not find expected ':'" in what and re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", bare):
            field = bare  # e.g. `judgements` without its colon: name it, not the field above
        return [Problem(rel, line, field,
                        f"front matter is not valid YAML ({what}); {_yaml_hint(what)}")]
    except yaml.reader.ReaderError as exc:  # a control character YAML refuses
        lines = _index_lines(front_matter)
        position = exc.position if isinstance(exc.position, int) else 0
        line = min(front_matter[:position].count("\n") + 2, closing_line)
        code = ord(exc.character) if isinstance(exc.character, str) and len(exc.character) == 1 else exc.character
        what = f"U+{code:04X}" if isinstance(code, int) else "a character"
        return [Problem(rel, line, _field_at(lines, line),
                        f"front matter contains the control character {what}, which YAML does not allow; remove it")]
    except (yaml.YAMLError, ValueError, TypeError, OverflowError, RecursionError) as exc:
        # anything else the loader refuses (dates it cannot build are kept as text above)
        detail = " ".join(str(exc).split())[:80]
        return [Problem(rel, 1, "", f"front matter could not be read ({type(exc).__name__}: {detail})")]
    if data is None:
        data = {}
    if not isinstance(data, dict):
        return [Problem(rel, 2, "", "front matter must be a set of `field: value` lines")]
    lines = {key: line + 1 for key, line in shape.lines.items()}  # front matter line 1 is file line 2
    lines.setdefault("body", closing_line + 1)  # the line after the closing `---`
    return RawRecord(rel, data, body.strip("\n") + "\n" if body.strip() else "", lines)
