"""Cases, recipients and senders from files or from data (JSON, a form, a database row).

Both ways run the same checks and give the same messages: a file's problems name its file,
line and field; data's name the ``name`` given and the field path.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from ..errors import Problem, ValidationFailed
from .model import Case
from .parties import (
    RECIPIENTS_SCHEMA,
    SENDERS_SCHEMA,
    Recipient,
    RecipientsFile,
    Sender,
    SendersFile,
)
from .photo import photo_data_url
from .source import read_document
from .validate import parse_data, validate_document

DATA_NAME = "<data>"
"""What problems in data that comes from no file are said to be in, unless named."""


def parse_case(data: object, *, name: str = DATA_NAME, photo: bytes | None = None) -> Case:
    """A case from data shaped like a case file (``schema`` may be left out; None is absent).

    ``photo``: the bytes of the person's photo (JPEG, PNG or GIF), checked as a photo file is.
    ValidationFailed lists every problem, each as ``name: field.path: message``.
    """
    photo_url: str | None = None
    photo_problem: list[Problem] = []
    if photo is not None:
        try:
            photo_url = photo_data_url(photo)
        except ValueError as exc:
            photo_problem = [Problem(name, None, None, "person.photo", f"the photo {exc}")]
    try:
        case = parse_data(data, Case, name=name)
    except ValidationFailed as exc:
        raise ValidationFailed([*exc.problems, *photo_problem]) from None
    if photo_problem:
        raise ValidationFailed(photo_problem)
    case._photo = photo_url
    return case


def _records(data: object, key: str) -> object:
    """A list of records as the mapping a file holds (``{key: [...]}``); a mapping as given."""
    if isinstance(data, Sequence) and not isinstance(data, str | bytes):
        return {key: data}
    return data


def parse_recipients(data: object, *, name: str = DATA_NAME) -> list[Recipient]:
    """Recipients from a list of records, or a mapping shaped like a recipients file."""
    return parse_data(_records(data, "recipients"), RecipientsFile, name=name).recipients


def parse_senders(data: object, *, name: str = DATA_NAME) -> list[Sender]:
    """Senders from a list of records (``[form]``), or a mapping shaped like a senders file."""
    return parse_data(_records(data, "senders"), SendersFile, name=name).senders


def load_case(path: str | os.PathLike[str]) -> Case:
    """Read and validate a case file (YAML or JSON); ValidationFailed or InputError if bad."""
    file = Path(path)
    case = validate_document(read_document(file), Case)
    case._source_path = file.resolve()
    return case


def load_recipients(path: str | os.PathLike[str]) -> list[Recipient]:
    """Read and validate a recipients file (YAML, JSON or CSV, by extension)."""
    doc = read_document(Path(path), csv_schema=RECIPIENTS_SCHEMA)
    return validate_document(doc, RecipientsFile).recipients


def load_senders(path: str | os.PathLike[str]) -> list[Sender]:
    """Read and validate a senders file (YAML, JSON or CSV, by extension)."""
    doc = read_document(Path(path), csv_schema=SENDERS_SCHEMA)
    return validate_document(doc, SendersFile).senders
