"""The case record: models of the contracts and safe loading of case, recipient and sender files.

``load_case`` and friends read YAML, JSON or CSV without executing anything, validate the data
and report every problem with its file, line and field path (:class:`ValidationFailed`);
``parse_case`` and friends run the same checks on data from a program (JSON, a database row).
"""

from __future__ import annotations

import os
from pathlib import Path

from ..errors import Problem, ValidationFailed
from .load import (
    load_case,
    load_recipients,
    load_senders,
    parse_case,
    parse_recipients,
    parse_senders,
)
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
from .parties import Recipient, Sender
from .schema import SCHEMA_KINDS, case_json_schema, json_schema
from .source import read_document
from .validate import model_for, validate_document

__all__ = [
    "SCHEMA_KINDS",
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
    "json_schema",
    "load_case",
    "load_recipients",
    "load_senders",
    "parse_case",
    "parse_recipients",
    "parse_senders",
    "validate_file",
]


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
