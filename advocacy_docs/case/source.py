"""Read YAML, JSON and CSV input files safely into plain data, remembering where each value is.

Nothing in a file can make Python run code or allocate without bound: YAML is composed with PyYAML's
parser and turned into data here (no constructor ever runs), explicit tags other than the core ones
are refused, aliases, nodes, nesting depth and file size are capped. Every value's line and column
are kept so that a validation error can point at it.
"""

from __future__ import annotations

import bisect
import csv
import datetime as _dt
import io
import json
import json.decoder
import json.scanner
import os
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

import yaml
from yaml.composer import Composer
from yaml.events import AliasEvent
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.parser import Parser
from yaml.reader import Reader
from yaml.resolver import BaseResolver
from yaml.scanner import Scanner

from ..atomic import open_regular as open_inside
from ..errors import InputError, Problem, ValidationFailed
from ..regular import open_regular, read_regular, size_text
from .model import Loc, format_loc

MAX_BYTES = 5 * 1024 * 1024
MAX_ALIASES = 50
MAX_NODES = 100_000
MAX_DEPTH = 64
MAX_INT_DIGITS = 100
"""Longer integers are kept as text (Python refuses to convert more than 4300 digits)."""

CSV_SCHEMAS = {
    "advocacy-docs/recipients@1": "recipients",
    "advocacy-docs/senders@1": "senders",
}
"""The contracts a CSV file can hold, and the list key its rows become."""

Position = tuple[int, int]


class IntText(int):
    """An integer that remembers how it was written (``2``, ``0123``), for fields that are text."""

    source_text: str

    def __new__(cls, value: int, text: str) -> IntText:
        obj = super().__new__(cls, value)
        obj.source_text = text
        return obj

    def __reduce__(self) -> tuple[Any, ...]:
        # Loaded data crosses to campaign worker processes: keep the text through pickling.
        return (type(self), (int(self), self.source_text))


class FloatText(float):
    """A number that remembers how it was written (``205.2``, ``205.10``)."""

    source_text: str

    def __new__(cls, value: float, text: str) -> FloatText:
        obj = super().__new__(cls, value)
        obj.source_text = text
        return obj

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (float(self), self.source_text))


class DateText(_dt.date):
    """A date that remembers how it was written, for fields that are text."""

    source_text: str

    def __new__(cls, value: _dt.date, text: str) -> DateText:
        obj = super().__new__(cls, value.year, value.month, value.day)
        obj.source_text = text
        return obj

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (_dt.date(self.year, self.month, self.day), self.source_text))


@dataclass
class Document:
    """The plain data of one input file and where each value of it is written."""

    file: str
    data: Any = None
    values: dict[Loc, Position] = field(default_factory=dict)
    keys: dict[Loc, Position] = field(default_factory=dict)
    columns: dict[Loc, str] = field(default_factory=dict)  # CSV: the header above each cell

    def position(self, loc: Loc, *, key: bool = False) -> Position | None:
        """Where ``loc`` is written (its key with ``key=True``), or its nearest written parent."""
        if key and loc in self.keys:
            return self.keys[loc]
        while True:
            if loc in self.values:
                return self.values[loc]
            if not loc:
                return None
            loc = loc[:-1]

    def key_position(self, loc: Loc) -> Position | None:
        """Where the key of ``loc`` is written, if it is (a key with an empty value, too)."""
        return self.keys.get(loc)

    def describe(self, loc: Loc) -> str:
        """The field path as the user wrote it: ``charges[0].article``, or a CSV column name."""
        if self.columns:
            probe = loc
            while probe:
                if probe in self.columns:
                    return self.columns[probe]
                probe = probe[:-1]
            # A missing field in a CSV row: name it as its column would be named.
            return ".".join(str(p) for p in loc[2:]) or format_loc(loc)
        return format_loc(loc)


class _Stop(Exception):
    """A problem after which the rest of the file cannot be read."""

    def __init__(self, message: str, position: Position | None) -> None:
        super().__init__(message)
        self.message = message
        self.position = position


def open_input_file(path: Path) -> BinaryIO:
    """``path`` opened for reading when it is a regular file (streamed readers: a CSV)."""
    return open_regular(path)


_CONFINED: ContextVar[Path | None] = ContextVar("inputs_confined_to", default=None)


@contextmanager
def inputs_confined_to(root: Path) -> Iterator[None]:
    """While the block runs, every input file (case, recipients, senders, campaign) is read
    inside ``root`` only, with no symbolic link followed at any step: a server that checked a
    path and reads it later (the studio's workers) cannot be sent out of its folder by a file
    swapped for a link in between."""
    token = _CONFINED.set(Path(os.path.abspath(root)))
    try:
        yield
    finally:
        _CONFINED.reset(token)


def _read_confined(root: Path, path: Path) -> bytes:
    relative = Path(os.path.relpath(os.path.abspath(path), root))
    if relative.parts[:1] == ("..",):
        raise InputError(f"{path}: outside the folder it may be read from")
    try:
        fd = open_inside(root, relative)
    except OSError as exc:
        raise InputError(f"{path}: cannot read the file: {exc.strerror or exc}") from None
    with os.fdopen(fd, "rb") as fh:
        os.set_blocking(fd, True)
        data = fh.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise InputError(f"{path}: the file is larger than {size_text(MAX_BYTES)}")
    return data


def read_text(path: Path) -> str:
    """The file's text; InputError when it cannot be read, is not a regular file, is too large
    or is not UTF-8. Every case, recipients, senders and campaign file is read here."""
    root = _CONFINED.get()
    raw = read_regular(path, MAX_BYTES) if root is None else _read_confined(root, path)
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise InputError(f"{path}:{line}: the file is not UTF-8 text; save it as UTF-8") from exc


def read_document(path: Path, *, csv_schema: str | None = None) -> Document:
    """Read a YAML (.yaml/.yml, also the default), JSON (.json) or CSV (.csv) input file.

    Raises InputError when the file cannot be read and ValidationFailed when it is not
    well-formed or breaks a safety limit.
    """
    return parse_text(read_text(path), path, csv_schema=csv_schema)


def parse_text(text: str, path: Path, *, csv_schema: str | None = None) -> Document:
    """The text of the input file ``path``, parsed by its extension (as :func:`read_document`)."""
    suffix = path.suffix.lower()
    if suffix == ".json":
        doc = parse_json(text, str(path))
    elif suffix == ".csv":
        doc = parse_csv(text, str(path), schema=csv_schema)
    else:
        doc = parse_yaml(text, str(path))
    problems = unprintable_problems(doc)
    if problems:
        raise ValidationFailed(problems)
    return doc


# C0 controls but tab and line breaks, lone surrogates (JSON "\ud800") and the non-characters
# U+FFFE/U+FFFF: no document format can hold them (DOCX and PDF refuse or mangle them), and
# printed back in an error message a control character could drive the user's terminal.
_UNPRINTABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def unprintable_problems(doc: Document) -> list[Problem]:
    """A problem for each key or text of ``doc`` holding a character no document can show."""
    problems: list[Problem] = []

    def report(loc: Loc, char: str, *, key: bool) -> None:
        line, col = doc.position(loc, key=key) or (None, None)
        where = "a key here" if key else "this text"
        problems.append(
            Problem(
                doc.file,
                line,
                col,
                doc.describe(loc[:-1] if key else loc),
                f"{where} contains U+{ord(char):04X}, a control character or half of a "
                "surrogate pair that no document can show: delete it",
            )
        )

    def walk(value: Any, loc: Loc) -> None:
        if isinstance(value, str):
            found = _UNPRINTABLE.search(value)
            if found:
                report(loc, found.group(), key=False)
        elif isinstance(value, list):
            for i, item in enumerate(value):
                walk(item, (*loc, i))
        elif isinstance(value, dict):
            for k, item in value.items():
                found = _UNPRINTABLE.search(k) if isinstance(k, str) else None
                if found:
                    report((*loc, k), found.group(), key=True)
                else:
                    walk(item, (*loc, k))

    walk(doc.data, ())
    return problems


def _fail(file: str, message: str, position: Position | None, path: str = "") -> ValidationFailed:
    line, col = position if position else (None, None)
    return ValidationFailed([Problem(file, line, col, path, message)])


# --- YAML ---------------------------------------------------------------------------------

_PLAIN_TAG = "tag:advocacy-docs,2024:plain"  # an untagged plain scalar, resolved by _resolve_plain
_CORE = "tag:yaml.org,2002:"
_NULLS = {"", "~", "null", "Null", "NULL"}
_BOOLS = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_INT = re.compile(r"[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+")
_FLOAT = re.compile(r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?")
_SPECIAL_FLOAT = {".inf": "inf", "+.inf": "inf", "-.inf": "-inf", ".nan": "nan"}
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_DATETIME = re.compile(r"[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}([Tt]|[ \t]+)[0-9]{1,2}:[0-9]{2}.*")


def _mark(node_or_event: Any) -> Position:
    mark = node_or_event.start_mark
    return mark.line + 1, mark.column + 1


def _resolve_plain(text: str) -> Any:
    """An unquoted scalar as data, by the YAML 1.2 core schema plus dates.

    YAML 1.2 rather than 1.1, so that ``NO`` (Norway) and ``no`` stay text and ``0123`` is not
    octal; numbers and dates remember their text for fields that expect text.
    """
    if text in _NULLS:
        return None
    if text in _BOOLS:
        return _BOOLS[text]
    if _INT.fullmatch(text):
        if len(text) > MAX_INT_DIGITS:
            return text  # no field takes such a number; Python could not even print it
        base = 8 if text.startswith("0o") else 16 if text.startswith("0x") else 10
        return IntText(int(text[2:] if base != 10 else text, base), text)
    if _FLOAT.fullmatch(text):
        return FloatText(float(text), text)
    if text.lower() in _SPECIAL_FLOAT:
        return FloatText(float(_SPECIAL_FLOAT[text.lower()]), text)
    if _DATE.fullmatch(text):
        try:
            return DateText(_dt.date.fromisoformat(text), text)
        except ValueError:
            return text  # e.g. 2023-02-30: the date field explains what is wrong with it
    if _DATETIME.fullmatch(text):
        try:
            return _dt.datetime.fromisoformat(text.replace("t", "T"))
        except ValueError:
            return text
    return text


class _Loader(Reader, Scanner, Parser, Composer, BaseResolver):
    """PyYAML's parser and composer with limits; builds nodes only, never Python objects."""

    def __init__(self, text: str) -> None:
        Reader.__init__(self, text)
        Scanner.__init__(self)
        Parser.__init__(self)
        Composer.__init__(self)
        BaseResolver.__init__(self)
        self.alias_count = 0
        self.depth = 0

    def _here(self) -> Position:
        return _mark(self.peek_event())  # type: ignore[no-untyped-call]

    def resolve(self, kind: Any, value: Any, implicit: Any) -> Any:
        # Plain scalars get a marker tag; we resolve them ourselves (see _resolve_plain).
        if kind is ScalarNode:
            return _PLAIN_TAG if implicit[0] else self.DEFAULT_SCALAR_TAG
        return super().resolve(kind, value, implicit)  # type: ignore[no-untyped-call]

    def compose_node(self, parent: Node | None, index: Any) -> Node | None:
        if self.check_event(AliasEvent):
            self.alias_count += 1
            if self.alias_count > MAX_ALIASES:
                raise _Stop(
                    f"more than {MAX_ALIASES} aliases (*name): repeat the values instead",
                    self._here(),
                )
            return super().compose_node(parent, index)
        self.depth += 1
        try:
            if self.depth > MAX_DEPTH:
                raise _Stop(f"values are nested more than {MAX_DEPTH} levels deep", self._here())
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1


def _tag_name(tag: str) -> str:
    return "!!" + tag[len(_CORE) :] if tag.startswith(_CORE) else tag


class _YamlBuilder:
    """Turns composed nodes into plain data, recording positions and non-fatal problems."""

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.nodes = 0
        self.problems: list[Problem] = []

    def problem(self, position: Position, loc: Loc, message: str) -> None:
        self.problems.append(Problem(self.doc.file, *position, format_loc(loc), message))

    def build(self, node: Node, loc: Loc, depth: int) -> Any:
        self.nodes += 1
        if self.nodes > MAX_NODES:
            raise _Stop(f"more than {MAX_NODES} values (aliases expanding too far?)", _mark(node))
        if depth > MAX_DEPTH:  # an alias inside its own anchor would otherwise never end
            raise _Stop(f"values are nested more than {MAX_DEPTH} levels deep", _mark(node))
        self.doc.values[loc] = _mark(node)
        if isinstance(node, ScalarNode):
            return self.scalar(node, loc)
        if isinstance(node, SequenceNode):
            if node.tag != _CORE + "seq":
                return self.bad_tag(node, loc)
            return [self.build(child, (*loc, i), depth + 1) for i, child in enumerate(node.value)]
        if isinstance(node, MappingNode):
            if node.tag != _CORE + "map":
                return self.bad_tag(node, loc)
            return self.mapping(node, loc, depth)
        raise _Stop("unexpected YAML node", _mark(node))  # pragma: no cover - PyYAML has 3 kinds

    def bad_tag(self, node: Node, loc: Loc) -> None:
        self.problem(
            _mark(node),
            loc,
            f"the tag '{_tag_name(node.tag)}' is not allowed: input files hold plain data only "
            "(text, numbers, dates, true/false, lists and mappings)",
        )
        return None

    def scalar(self, node: ScalarNode, loc: Loc) -> Any:
        text = node.value
        if node.tag == _PLAIN_TAG:
            return _resolve_plain(text)
        if node.tag == _CORE + "str":
            return text
        explicit = {
            "int": int,
            "float": float,
            "bool": bool,
            "null": type(None),
            "timestamp": _dt.date,
        }
        kind = node.tag[len(_CORE) :] if node.tag.startswith(_CORE) else ""
        if kind not in explicit:
            return self.bad_tag(node, loc)
        value = _resolve_plain(text)
        if kind == "float" and isinstance(value, int) and not isinstance(value, bool):
            value = FloatText(float(value), text)
        if not isinstance(value, explicit[kind]) or (kind == "int" and isinstance(value, bool)):
            self.problem(_mark(node), loc, f"{text!r} is not a valid {_tag_name(node.tag)}")
            return None
        return value

    def mapping(self, node: MappingNode, loc: Loc, depth: int) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key_node, value_node in node.value:
            self.nodes += 1
            if not isinstance(key_node, ScalarNode):
                self.problem(_mark(key_node), loc, "a key must be text, not a list or mapping")
                continue
            if key_node.tag not in (_PLAIN_TAG, _CORE + "str"):
                self.bad_tag(key_node, loc)
                continue
            key = key_node.value
            if key == "<<" and key_node.tag == _PLAIN_TAG:
                self.problem(
                    _mark(key_node), loc, "merge keys (<<) are not supported: write the fields out"
                )
                continue
            if key in out:
                first = self.doc.keys[(*loc, key)][0]
                self.problem(
                    _mark(key_node),
                    (*loc, key),
                    f"duplicate key '{key}' (first given on line {first})",
                )
                continue
            self.doc.keys[(*loc, key)] = _mark(key_node)
            out[key] = self.build(value_node, (*loc, key), depth + 1)
        return out


def _unreadable_character(file: str, text: str, exc: yaml.reader.ReaderError) -> ValidationFailed:
    # For text input PyYAML reports the character's code point and its index in the text.
    index = max(0, min(int(exc.position), len(text)))
    line = text.count("\n", 0, index) + 1
    column = index - (text.rfind("\n", 0, index) + 1) + 1
    code = exc.character if isinstance(exc.character, int) else None
    what = f"the control character U+{code:04X}" if code is not None else "a character"
    return _fail(
        file, f"{what} is not allowed in YAML: delete it (it is invisible in most editors)",
        (line, column),
    )  # fmt: skip


def parse_yaml(text: str, file: str) -> Document:
    """Parse YAML text into a Document; ValidationFailed on syntax errors or unsafe content."""
    doc = Document(file)
    try:
        loader = _Loader(text)  # the reader refuses control characters here, before parsing
    except yaml.reader.ReaderError as exc:
        raise _unreadable_character(file, text, exc) from None
    builder = _YamlBuilder(doc)
    try:
        root = loader.get_single_node()
        if root is None:
            raise _Stop("the file is empty", (1, 1))
        doc.data = builder.build(root, (), 0)
    except _Stop as stop:
        raise _fail(file, stop.message, stop.position) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        position = (mark.line + 1, mark.column + 1) if mark else None
        detail = exc.problem or "invalid YAML"
        context = f" ({exc.context})" if exc.context else ""
        raise _fail(file, f"YAML syntax error: {detail}{context}", position) from None
    except yaml.reader.ReaderError as exc:
        raise _unreadable_character(file, text, exc) from None
    except yaml.YAMLError as exc:
        raise _fail(file, f"YAML error: {exc}", None) from None
    finally:
        loader.dispose()
    if builder.problems:
        raise ValidationFailed(builder.problems)
    return doc


# --- JSON ---------------------------------------------------------------------------------

_WS = re.compile(r"[ \t\n\r]*")
# The stdlib's string reader (escapes, surrogates); typeshed does not declare it.
_scanstring: Callable[[str, int, bool], tuple[str, int]] = json.decoder.scanstring  # type: ignore[attr-defined]


class _JsonParser:
    """A small recursive-descent JSON reader that records the position of every key and value."""

    def __init__(self, text: str, doc: Document) -> None:
        self.text = text
        self.doc = doc
        self.line_starts = [0] + [m.end() for m in re.finditer("\n", text)]
        self.problems: list[Problem] = []

    def pos(self, index: int) -> Position:
        line = bisect.bisect_right(self.line_starts, index)
        return line, index - self.line_starts[line - 1] + 1

    def ws(self, index: int) -> int:
        match = _WS.match(self.text, index)
        return match.end() if match else index

    def expect(self, index: int, what: str) -> _Stop:
        found = self.text[index : index + 1] or "the end of the file"
        return _Stop(f"JSON syntax error: expected {what}, found {found!r}", self.pos(index))

    def value(self, index: int, loc: Loc, depth: int) -> tuple[Any, int]:
        if depth > MAX_DEPTH:
            raise _Stop(f"values are nested more than {MAX_DEPTH} levels deep", self.pos(index))
        self.doc.values[loc] = self.pos(index)
        char = self.text[index : index + 1]
        if char == "{":
            return self.object(index + 1, loc, depth)
        if char == "[":
            return self.array(index + 1, loc, depth)
        if char == '"':
            return self.string(index)
        number = json.scanner.NUMBER_RE.match(self.text, index)
        if number:
            integer, frac, exp = number.groups()
            text = number.group()
            if frac or exp:
                return FloatText(float(text), text), number.end()
            if len(text) > MAX_INT_DIGITS:
                return text, number.end()  # as in YAML: kept as written, a number field says so
            return IntText(int(integer), text), number.end()
        for word, val in (("true", True), ("false", False), ("null", None)):
            if self.text.startswith(word, index):
                return val, index + len(word)
        raise self.expect(index, "a value")

    def string(self, index: int) -> tuple[str, int]:
        try:
            return _scanstring(self.text, index + 1, True)
        except json.JSONDecodeError as exc:
            raise _Stop(f"JSON syntax error: {exc.msg}", self.pos(exc.pos)) from None

    def object(self, index: int, loc: Loc, depth: int) -> tuple[dict[str, Any], int]:
        out: dict[str, Any] = {}
        index = self.ws(index)
        if self.text.startswith("}", index):
            return out, index + 1
        while True:
            if not self.text.startswith('"', index):
                raise self.expect(index, "a key in double quotes")
            key_pos = self.pos(index)
            key, index = self.string(index)
            index = self.ws(index)
            if not self.text.startswith(":", index):
                raise self.expect(index, "':'")
            index = self.ws(index + 1)
            value, index = self.value(index, (*loc, key), depth + 1)
            if key in out:
                first = self.doc.keys[(*loc, key)][0]
                self.problems.append(
                    Problem(
                        self.doc.file,
                        *key_pos,
                        format_loc((*loc, key)),
                        f"duplicate key '{key}' (first given on line {first})",
                    )
                )
                self.doc.values[(*loc, key)] = self.doc.keys[(*loc, key)]
            else:
                out[key] = value
                self.doc.keys[(*loc, key)] = key_pos
            index = self.ws(index)
            if self.text.startswith("}", index):
                return out, index + 1
            if not self.text.startswith(",", index):
                raise self.expect(index, "',' or '}'")
            index = self.ws(index + 1)

    def array(self, index: int, loc: Loc, depth: int) -> tuple[list[Any], int]:
        out: list[Any] = []
        index = self.ws(index)
        if self.text.startswith("]", index):
            return out, index + 1
        while True:
            value, index = self.value(index, (*loc, len(out)), depth + 1)
            out.append(value)
            index = self.ws(index)
            if self.text.startswith("]", index):
                return out, index + 1
            if not self.text.startswith(",", index):
                raise self.expect(index, "',' or ']'")
            index = self.ws(index + 1)


def parse_json(text: str, file: str) -> Document:
    """Parse JSON text into a Document; ValidationFailed on syntax errors or duplicate keys."""
    doc = Document(file)
    parser = _JsonParser(text, doc)
    try:
        start = parser.ws(0)
        if start == len(text):
            raise _Stop("the file is empty", (1, 1))
        doc.data, end = parser.value(start, (), 0)
        end = parser.ws(end)
        if end != len(text):
            raise _Stop(
                "JSON syntax error: extra data after the end of the document", parser.pos(end)
            )
    except _Stop as stop:
        raise _fail(file, stop.message, stop.position) from None
    if parser.problems:
        raise ValidationFailed(parser.problems)
    return doc


# --- CSV ----------------------------------------------------------------------------------

_SCHEMA_COMMENT = re.compile(r"^\s*#\s*schema\s*:\s*(\S+)")
_MULTILINE_FIELDS = {"address"}  # a cell of these holds one line per line of the cell


class _Lines:
    """Feeds lines to csv.reader, skipping comment and blank lines between records."""

    def __init__(self, text: str) -> None:
        self.source = iter(io.StringIO(text, newline=""))
        self.number = 0
        self.record_start = 0
        self.between_records = True
        self.comments: list[tuple[int, str]] = []

    def __iter__(self) -> Iterator[str]:
        for line in self.source:
            self.number += 1
            if self.between_records:
                # Only between records: inside a quoted cell, '#' and blank lines are content.
                if line.lstrip().startswith("#"):
                    self.comments.append((self.number, line))
                    continue
                if not line.strip():
                    continue
                self.record_start = self.number
                self.between_records = False
            yield line


def _header_parts(name: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in name.split("."))


def parse_csv(text: str, file: str, *, schema: str | None = None) -> Document:
    """Parse a recipients or senders CSV file into the same data a YAML file would give.

    The header names the fields; ``name.ru`` gives one language of a text, ``address`` holds
    one postal line per line of its cell (or use ``address.1``, ``address.2``...). Lines
    starting with ``#`` are comments; ``# schema: advocacy-docs/senders@1`` says what the file
    holds. Empty cells are absent values. Positions are (line, column number).
    """
    doc = Document(file)
    lines = _Lines(text)
    reader = csv.reader(lines, strict=True)
    records: list[tuple[int, list[str]]] = []
    try:
        for cells in reader:
            records.append((lines.record_start, cells))
            lines.between_records = True
    except csv.Error as exc:
        raise _fail(file, f"CSV syntax error: {exc}", (lines.record_start, 1)) from None
    declared = next(
        (m.group(1) for _, c in lines.comments if (m := _SCHEMA_COMMENT.match(c))), None
    )
    if not records:
        raise _fail(file, "the file has no header row", (1, 1))
    header_line, header = records[0]
    schema = declared or schema or _guess_schema(header)
    if schema not in CSV_SCHEMAS:
        line = next((n for n, c in lines.comments if _SCHEMA_COMMENT.match(c)), 1)
        raise _fail(
            file,
            f"unknown schema '{schema}' for a CSV file; use one of: " + ", ".join(CSV_SCHEMAS),
            (line, 1),
        )
    collection = CSV_SCHEMAS[schema]
    columns, problems = _read_header(file, header_line, header)
    rows: list[dict[str, Any]] = []
    doc.values[()] = (1, 1)
    doc.values[(collection,)] = (header_line, 1)
    for line, cells in records[1:]:
        loc: Loc = (collection, len(rows))
        doc.values[loc] = (line, 1)
        problems.extend(extra_cells(file, line, cells, header))
        rows.append(_read_row(doc, loc, line, cells, columns, problems))
    if not rows:  # a header alone (or a file that only looks like one): nothing to send
        problems.append(
            Problem(
                file, header_line, 1, collection, f"the file lists no {collection}: only a header"
            )
        )
    if problems:
        raise ValidationFailed(problems)
    doc.data = {"schema": schema, collection: rows}
    return doc


def extra_cells(file: str, line: int, cells: list[str], header: list[str]) -> list[Problem]:
    """A problem when a CSV row has more cells than its header has columns."""
    if len(cells) <= len(header):
        return []
    message = (
        f"this row has {len(cells)} cells but the header names {len(header)} columns "
        "(a stray comma or quote?)"
    )
    return [Problem(file, line, len(header) + 1, "", message)]


def _guess_schema(header: list[str]) -> str:
    # Only senders have a city; a file can always say what it is with a "# schema:" comment.
    names = {_header_parts(h)[0] for h in header}
    return "advocacy-docs/senders@1" if "city" in names else "advocacy-docs/recipients@1"


def _read_header(
    file: str, line: int, header: list[str]
) -> tuple[list[tuple[int, str, tuple[str, ...]]], list[Problem]]:
    columns: list[tuple[int, str, tuple[str, ...]]] = []
    problems: list[Problem] = []
    seen: dict[str, int] = {}
    for index, raw in enumerate(header):
        name = raw.strip()
        parts = _header_parts(name)
        if not name:
            continue  # trailing commas from spreadsheets; cells under it are reported per row
        if any(not p for p in parts):
            problems.append(Problem(file, line, index + 1, name, f"bad column name '{name}'"))
        elif name in seen:
            problems.append(
                Problem(
                    file,
                    line,
                    index + 1,
                    name,
                    f"column '{name}' appears twice (columns {seen[name]} and {index + 1})",
                )
            )
        else:
            seen[name] = index + 1
            columns.append((index, name, parts))
    return columns, problems


def _read_row(
    doc: Document,
    loc: Loc,
    line: int,
    cells: list[str],
    columns: list[tuple[int, str, tuple[str, ...]]],
    problems: list[Problem],
) -> dict[str, Any]:
    row: dict[str, Any] = {}
    named = {index for index, _, _ in columns}
    width = max(named, default=-1) + 1
    for index, cell in enumerate(cells[:width]):  # cells beyond the header are reported once
        if index not in named and cell.strip():
            problems.append(
                Problem(
                    doc.file,
                    line,
                    index + 1,
                    "",
                    f"the cell in column {index + 1} has no column name",
                )
            )
    numbered: dict[tuple[str, ...], list[tuple[int, int, str, str]]] = {}
    for index, name, parts in columns:
        cell = cells[index].strip() if index < len(cells) else ""
        if not cell:
            continue
        if len(parts) > 1 and parts[-1].isdigit():
            numbered.setdefault(parts[:-1], []).append((int(parts[-1]), index, name, cell))
            continue
        value: Any = cell
        if parts[0] in _MULTILINE_FIELDS:
            value = [ln.strip() for ln in cell.splitlines() if ln.strip()]
            for i in range(len(value)):
                doc.values[(*loc, *parts, i)] = (line, index + 1)
                doc.columns[(*loc, *parts, i)] = name
        if not _put(row, parts, value):
            problems.append(_conflict(doc.file, line, index + 1, name))
            continue
        doc.values[(*loc, *parts)] = (line, index + 1)
        doc.columns[(*loc, *parts)] = name
    for prefix, items in numbered.items():
        items.sort()
        if not _put(row, prefix, [cell for _, _, _, cell in items]):
            problems.append(_conflict(doc.file, line, items[0][1] + 1, items[0][2]))
            continue
        doc.values[(*loc, *prefix)] = (line, items[0][1] + 1)
        for i, (_, index, name, _) in enumerate(items):
            doc.values[(*loc, *prefix, i)] = (line, index + 1)
            doc.columns[(*loc, *prefix, i)] = name
    return row


def _put(target: dict[str, Any], parts: tuple[str, ...], value: Any) -> bool:
    """Set ``target[a][b]... = value``; False when another column already set that place."""
    for part in parts[:-1]:
        child = target.setdefault(part, {})
        if not isinstance(child, dict):
            return False
        target = child
    if parts[-1] in target:
        return False
    target[parts[-1]] = value
    return True


def _conflict(file: str, line: int, column: int, name: str) -> Problem:
    field_name = name.split(".")[0]
    return Problem(
        file,
        line,
        column,
        name,
        f"'{name}' clashes with another '{field_name}' column in this row: give "
        f"either '{field_name}' or '{field_name}.<language>' columns, not both",
    )
