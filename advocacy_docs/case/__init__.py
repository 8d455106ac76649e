"""The case record: models of the contracts and safe loading of case, recipient and sender files.

``load_case`` and friends read YAML, JSON or CSV without executing anything, validate the data
and report every problem with its file, line and field path (:class:`ValidationFailed`).
"""

from __future__ import annotations

import os
from pathlib import Path

from ..errors import Problem, ValidationFailed
from .model import (
    Affiliation,
    Appeal,
    Case,
    Charge,
    Contact,
    Demand,
    Detention,
    Person,
    Proceedings,
    Recognition,
    Right,
    Sentence,
    SentencePart,
    Source,
    TimelineEvent,
    Verdict,
)
from .parties import (
    RECIPIENTS_SCHEMA,
    SENDERS_SCHEMA,
    Recipient,
    RecipientsFile,
    Sender,
    SendersFile,
)
from .schema import case_json_schema
from .source import read_document
from .validate import model_for, validate_document

__all__ = [
    "Affiliation",
    "Appeal",
    "Case",
    "Charge",
    "Contact",
    "Demand",
    "Detention",
    "Person",
    "Proceedings",
    "Recipient",
    "Recognition",
    "Right",
    "Sender",
    "Sentence",
    "SentencePart",
    "Source",
    "TimelineEvent",
    "Verdict",
    "case_json_schema",
    "load_case",
    "load_recipients",
    "load_senders",
    "validate_file",
]


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


def validate_file(path: str | os.PathLike[str]) -> list[Problem]:
    """Every problem in a case, recipients or senders file (told apart by ``schema:``); [] if OK.

    Raises InputError only when the file cannot be read at all.
    """
    try:
        doc = read_document(Path(path))
        validate_document(doc, model_for(doc))
    except ValidationFailed as exc:
        return list(exc.problems)
    return []
