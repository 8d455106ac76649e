"""Recipients one row at a time: a bad row is reported and skipped, the good ones still render.

``load_recipients`` refuses a whole file with one bad row, which is right for a single letter and
wrong for a campaign of hundreds. Here each row (CSV) or list item (YAML, JSON) is validated on
its own with the same reader, model and messages; problems name the file, line and column.
A CSV file is streamed, so that a long file never sits in memory.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from pydantic import ValidationError

from ..case import source as _source
from ..case.model import Loc
from ..case.parties import RECIPIENTS_SCHEMA, Recipient, RecipientsFile
from ..case.source import (
    _SCHEMA_COMMENT,
    CSV_SCHEMAS,
    Document,
    _guess_schema,
    _Lines,
    _read_header,
    _read_row,
    extra_cells,
    open_input_file,
    read_document,
)
from ..case.validate import problems_from, validate_document, without_nulls
from ..errors import InputError, Problem, ValidationFailed

# Characters no document can show are refused by read_document (case/source.py); a streamed
# CSV row gets the same check. Looked up, so that this module works with a source.py without it.
_unprintable: Any = getattr(_source, "unprintable_problems", None)


@dataclass
class Row:
    """One recipient row: the recipient, or the problems that keep it out."""

    index: int  # 0-based among the file's rows
    line: int | None
    recipient: Recipient | None = None
    problems: list[Problem] = field(default_factory=list)
    raw_id: str | None = None  # the id as written, to name a bad row


class _ItemView(Document):
    """A file's document seen from one list item, for errors of a model of that item."""

    def __init__(self, doc: Document, prefix: Loc) -> None:
        super().__init__(doc.file, None, doc.values, doc.keys, doc.columns)
        self.prefix = prefix

    def position(self, loc: Loc, *, key: bool = False) -> tuple[int, int] | None:
        return super().position((*self.prefix, *loc), key=key)

    def key_position(self, loc: Loc) -> tuple[int, int] | None:
        return super().key_position((*self.prefix, *loc))

    def describe(self, loc: Loc) -> str:
        return super().describe((*self.prefix, *loc))


def _validate(doc: Document, prefix: Loc, data: Any) -> Recipient | list[Problem]:
    try:
        # As validate_document does for a whole file: an empty value is an absent one.
        return Recipient.model_validate(without_nulls(data))
    except ValidationError as exc:
        view = _ItemView(doc, prefix)
        return sorted(set(problems_from(exc, view, Recipient)), key=lambda p: (p.line or 0, p.path))


def _raw_id(data: Any) -> str | None:
    value = data.get("id") if isinstance(data, dict) else None
    return value if isinstance(value, str) else None


def iter_rows(path: Path) -> Iterator[Row]:
    """Every row of a recipients file, validated one by one, in file order.

    Raises InputError / ValidationFailed only for what spoils the whole file (missing file,
    YAML syntax, a bad CSV header). Duplicate ids: the second row is a bad row.
    """
    seen: dict[str, int | None] = {}
    rows = _csv_rows(path) if path.suffix.lower() == ".csv" else _document_rows(path)
    for row in rows:
        rec = row.recipient
        if rec is not None:
            if rec.id in seen:
                first = seen[rec.id]
                where = f" (line {first})" if first is not None else ""
                row.problems.append(
                    Problem(str(path), row.line, None, "id", f"duplicate id '{rec.id}'{where}")
                )
                row.recipient = None
            else:
                seen[rec.id] = row.line
        yield row


def _document_rows(path: Path) -> Iterator[Row]:
    doc = read_document(path, csv_schema=RECIPIENTS_SCHEMA)
    data = doc.data
    items = data.get("recipients") if isinstance(data, dict) else None
    if not isinstance(items, list):
        # Not a recipients file at all: the whole-file validation says what is wrong.
        validate_document(doc, RecipientsFile)
        raise ValidationFailed(
            [Problem(doc.file, 1, 1, "recipients", "expected a list of recipients")]
        )
    # The file's own fields (schema, unknown keys) checked once, without the rows.
    validate_document(
        Document(doc.file, {**data, "recipients": []}, doc.values, doc.keys), RecipientsFile
    )
    for i, item in enumerate(items):
        prefix: Loc = ("recipients", i)
        position = doc.position(prefix)
        result = _validate(doc, prefix, item)
        row = Row(i, position[0] if position else None, raw_id=_raw_id(item))
        if isinstance(result, Recipient):
            row.recipient = result
        else:
            row.problems = result
        yield row


class _StreamLines(_Lines):
    """The CSV reader's line feeder (comments and blank lines skipped), over an open file."""

    def __init__(self, fh: IO[str]) -> None:
        super().__init__("")
        self.source = iter(fh)


def _csv_rows(path: Path) -> Iterator[Row]:
    file = str(path)
    # Opened by the one reader of input files: a pipe or a device is refused, not waited on.
    fh = io.TextIOWrapper(open_input_file(path), encoding="utf-8-sig", newline="")
    with fh:
        lines = _StreamLines(fh)
        reader = csv.reader(lines, strict=True)
        try:
            header = _next_record(reader, lines)
        except csv.Error as exc:
            raise ValidationFailed(
                [Problem(file, lines.record_start, 1, "", f"CSV syntax error: {exc}")]
            ) from None
        except UnicodeDecodeError:
            raise _not_utf8(path, lines.number + 1) from None
        if header is None:
            raise ValidationFailed([Problem(file, 1, 1, "", "the file has no header row")])
        header_line = lines.record_start
        declared = next(
            (m.group(1) for _, c in lines.comments if (m := _SCHEMA_COMMENT.match(c))), None
        )
        schema = declared or _guess_schema(header)
        if CSV_SCHEMAS.get(schema) != "recipients":
            line = next((n for n, c in lines.comments if _SCHEMA_COMMENT.match(c)), 1)
            raise ValidationFailed(
                [
                    Problem(
                        file,
                        line,
                        1,
                        "schema",
                        f"this file declares '{schema}'; a campaign needs recipients "
                        f"('{RECIPIENTS_SCHEMA}')",
                    )
                ]
            )
        columns, problems = _read_header(file, header_line, header)
        if problems:
            raise ValidationFailed(problems)
        index = 0
        while True:
            try:
                cells = _next_record(reader, lines)
            except csv.Error as exc:
                # A broken quote spoils this record; the reader goes on with the next line.
                yield Row(
                    index,
                    lines.record_start,
                    problems=[Problem(file, lines.record_start, 1, "", f"CSV syntax error: {exc}")],
                )
                index += 1
                continue
            except UnicodeDecodeError:
                raise _not_utf8(path, lines.number + 1) from None
            if cells is None:
                return
            yield _csv_row(file, index, lines.record_start, header, header_line, columns, cells)
            index += 1


def _next_record(reader: Any, lines: _Lines) -> list[str] | None:
    lines.between_records = True
    try:
        cells: list[str] = next(reader)
    except StopIteration:
        return None
    lines.between_records = True
    return cells


def _not_utf8(path: Path, line: int) -> InputError:
    return InputError(f"{path}:{line}: the file is not UTF-8 text; save it as UTF-8")


def _csv_row(
    file: str,
    index: int,
    line: int,
    header: list[str],
    header_line: int,
    columns: list[tuple[int, str, tuple[str, ...]]],
    cells: list[str],
) -> Row:
    # One document per row, as parse_csv builds for the whole file, so that positions and
    # column names in messages are the same as `advocacy-docs validate` gives.
    doc = Document(file)
    doc.values[()] = (1, 1)
    doc.values[("recipients",)] = (header_line, 1)
    loc: Loc = ("recipients", 0)
    doc.values[loc] = (line, 1)
    problems: list[Problem] = extra_cells(file, line, cells, header)
    data = _read_row(doc, loc, line, cells, columns, problems)
    if _unprintable is not None and not problems:
        # The check read_document makes of every file, made of each streamed row.
        doc.data = {"schema": RECIPIENTS_SCHEMA, "recipients": [data]}
        problems.extend(_unprintable(doc))
    row = Row(index, line, raw_id=_raw_id(data))
    if problems:
        row.problems = problems
        return row
    result = _validate(doc, loc, data)
    if isinstance(result, Recipient):
        row.recipient = result
    else:
        row.problems = result
    return row


__all__ = ["Row", "iter_rows"]
