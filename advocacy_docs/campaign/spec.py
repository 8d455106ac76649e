"""The campaign file (contract ``advocacy-docs/campaign@1``): its model, loading and checks.

A campaign file says which case to write about, to whom (a recipients file and a filter), who
signs (one or more senders), which kinds, formats and languages, and where the files go::

    schema: advocacy-docs/campaign@1
    case: ../cases/khamroev.yaml                 # paths are relative to the campaign file
    recipients: ../recipients/officials.csv      # YAML, JSON or CSV
    filter: {country: [DE, FR, PL], language: [de, fr, pl]}
    senders: [../senders/campaigner.yaml#alex-morgan, ../senders/campaigner.yaml#olena-koval]
    assign_senders: round-robin
    kinds: [letter]
    formats: [pdf, txt, eml]
    locale: recipient
    output: "{recipient.id}/{kind}.{locale}.{format}"

Errors name the file, the line and the field, like case files (the same loader and messages).
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import os
import string
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Annotated, ClassVar, Literal

from pydantic import BeforeValidator, Field, field_validator, model_validator
from pydantic_core import PydanticCustomError

from ..case.load import DATA_NAME
from ..case.model import Loc, Plain, Slug, StrictModel
from ..case.source import (
    Document,
    parse_text,
    read_text,
)
from ..case.types import CountryCode, Gender, LangCode, Sensitivity
from ..case.validate import parse_data, validate_document
from ..errors import Problem, ValidationFailed

CAMPAIGN_SCHEMA = "advocacy-docs/campaign@1"
FormatName = Literal["pdf", "docx", "html", "txt", "eml"]
DEFAULT_OUTPUT = "{recipient.id}/{kind}.{locale}.{format}"
OUTPUT_FIELDS = (
    "recipient.id",
    "recipient.country",
    "recipient.language",
    "sender.id",
    "case.id",
    "kind",
    "locale",
    "format",
)
"""The fields an output path pattern may use; ``{format}`` is the file extension."""
RESERVED_NAMES = frozenset({"manifest.json", "errors.json", "manifest.journal"})
"""Files of the output folder that belong to the campaign itself."""


def _one_or_many(value: object) -> object:
    """``country: RU`` means ``country: [RU]``."""
    return value if isinstance(value, list) else [value]


SlugList = Annotated[list[Slug], BeforeValidator(_one_or_many)]
CountryList = Annotated[list[CountryCode], BeforeValidator(_one_or_many)]
LangList = Annotated[list[LangCode], BeforeValidator(_one_or_many)]
GenderList = Annotated[list[Gender], BeforeValidator(_one_or_many)]


class RecipientFilter(StrictModel):
    """Recipients whose fields match: each key one value or a list; every key given must match."""

    id: SlugList | None = Field(None, description="Recipient ids: one or a list.")
    country: CountryList | None = Field(
        None, description="Recipient countries (ISO 3166-1 alpha-2): one or a list."
    )
    language: LangList | None = Field(None, description="Recipient languages: one or a list.")
    gender: GenderList | None = Field(None, description="Recipient genders: one or a list.")

    def matches(self, values: dict[str, str]) -> bool:
        """True when every field this filter names has one of its values."""
        for name in ("id", "country", "language", "gender"):
            allowed = getattr(self, name)
            if allowed is not None and values.get(name) not in allowed:
                return False
        return True

    def is_empty(self) -> bool:
        """True when the filter names no field."""
        return all(getattr(self, n) is None for n in ("id", "country", "language", "gender"))


class SenderRule(StrictModel):
    """Senders chosen by a recipient field: ``{by: language, map: {uk: olena-koval}, ...}``."""

    by: Literal["id", "country", "language", "gender"] = Field(
        description="The recipient field that chooses the sender: id, country, language or gender."
    )
    map: dict[str, Slug] = Field(
        default_factory=dict, description="A value of that field to the id of the sender who signs."
    )
    default: Slug | None = Field(
        None, description="The sender for recipients the map does not name."
    )

    @field_validator("map", mode="before")
    @classmethod
    def _keys_as_text(cls, value: object) -> object:
        # YAML keys are text already; a CSV-minded user might write numbers: take them as text.
        if isinstance(value, dict):
            return {str(k): v for k, v in value.items()}
        return value


PersonalText = Annotated[Plain | dict[LangCode, Plain], Field(union_mode="left_to_right")]
"""A personal paragraph: one text for every letter, or one per letter language."""


class Personal(StrictModel):
    """Personal paragraphs: officials ignore identical form letters.

    ``senders`` maps a sender id and ``recipients`` a recipient id to a paragraph; the
    recipient's one wins when both are given. A mapping by language is used only for letters in
    that language (a paragraph is never printed in another language than the letter's).
    """

    senders: dict[Slug, PersonalText] = Field(
        default_factory=dict,
        description="A paragraph per sender id: one text, or one per letter language.",
    )
    recipients: dict[Slug, PersonalText] = Field(
        default_factory=dict, description="A paragraph per recipient id (wins over the sender's)."
    )


def _check_pattern(pattern: str) -> str:
    """The output path pattern, if safe: relative, no ``..``, only known fields."""
    if not pattern.strip():
        raise ValueError("the output pattern is empty")
    if "\\" in pattern or "\x00" in pattern:
        raise ValueError("use '/' between folders; a backslash is not allowed")
    if pattern.startswith("/") or (len(pattern) > 1 and pattern[1] == ":"):
        raise ValueError(f"{pattern!r} is an absolute path; give a path inside the output folder")
    try:
        parsed = list(string.Formatter().parse(pattern))
    except ValueError as exc:
        raise ValueError(f"{pattern!r}: {exc} (write {{recipient.id}}, {{kind}}...)") from None
    for _, name, spec, conversion in parsed:
        if name is None:
            continue
        if name not in OUTPUT_FIELDS:
            raise ValueError(
                f"unknown field {{{name}}} in the output pattern; known: "
                + ", ".join(f"{{{f}}}" for f in OUTPUT_FIELDS)
            )
        if spec or conversion:
            raise ValueError(f"{{{name}}}: no format specifications or conversions here")
    parts = PurePosixPath(pattern).parts
    for part in pattern.split("/"):
        if part in ("", ".", ".."):
            raise ValueError(
                f"{pattern!r}: no empty, '.' or '..' parts; every output stays in the folder"
            )
        if part.startswith("."):
            raise ValueError(f"{pattern!r}: a file or folder name may not start with '.'")
    if len(parts) == 1 and pattern in RESERVED_NAMES:
        raise ValueError(f"{pattern!r} is the campaign's own file")
    return pattern


def _default_formats() -> list[FormatName]:
    return ["pdf"]


class Campaign(StrictModel):
    """A campaign file: one case, many recipients, one or more senders."""

    SCHEMA_ID: ClassVar[str] = CAMPAIGN_SCHEMA

    schema_: Literal["advocacy-docs/campaign@1"] = Field(
        alias="schema", description="The contract of this file: advocacy-docs/campaign@1."
    )
    name: Plain | None = Field(None, description="What the campaign is, for the summary.")
    case: Plain = Field(description="The case file, relative to the campaign file.")
    recipients: Plain = Field(description="The recipients file (YAML, JSON or CSV).")
    filter: RecipientFilter = Field(
        default_factory=RecipientFilter, description="Only the recipients that match."
    )
    exclude: RecipientFilter = Field(
        default_factory=RecipientFilter, description="Leave out the recipients that match."
    )
    senders: list[Plain] = Field(min_length=1, description="FILE#id, or FILE for all of it.")
    # None: round-robin (the file says `round-robin`, or nothing).
    assign_senders: SenderRule | None = Field(
        None, description="round-robin (the default), or a rule {by, map, default}."
    )
    kinds: list[Slug] = Field(
        default_factory=lambda: ["letter"],
        min_length=1,
        description="The document kinds to write (letter, briefing, ...).",
    )
    formats: list[FormatName] = Field(
        default_factory=_default_formats,
        min_length=1,
        description="The formats to write: pdf, docx, html, txt, eml.",
    )
    locale: Literal["recipient"] | list[LangCode] = Field(
        "recipient", description="recipient (each recipient's language) or a list of locales."
    )
    fallback_locale: LangCode = Field(
        "en", description="The locale for a recipient whose language has no locale."
    )
    audience: Sensitivity | None = Field(
        None,
        description="The audience of every document (public, partners, legal); default: "
        "each kind's.",
    )
    date: _dt.date | None = Field(
        None, description="The date the documents carry (YYYY-MM-DD); default: the day of the run."
    )
    attach_pdf: bool = Field(
        False, description="Attach the PDF to each e-mail (needs eml among the formats)."
    )
    personal: Personal = Field(
        default_factory=Personal, description="Personal paragraphs by sender or recipient id."
    )
    output: Plain = Field(
        DEFAULT_OUTPUT,
        description="The path of each output inside the output folder, with fields such as "
        "{recipient.id}, {kind}, {locale} and {format}.",
    )

    @field_validator("output")
    @classmethod
    def _output(cls, value: str) -> str:
        return _check_pattern(value)

    @field_validator("locale", mode="before")
    @classmethod
    def _locale(cls, value: object) -> object:
        # One message instead of one per branch of the union.
        if isinstance(value, list) or value == "recipient":
            return value
        raise ValueError(
            f"{value!r}: write `recipient` (each recipient's language) "
            "or a list of locales such as [en, uk]"
        )

    @field_validator("assign_senders", mode="before")
    @classmethod
    def _assign(cls, value: object) -> object:
        if value == "round-robin":
            return None
        if isinstance(value, dict) or value is None:
            return value
        raise ValueError(
            f"{value!r}: write `round-robin`, or a rule such as "
            "{by: language, map: {uk: olena-koval}, default: alex-morgan}"
        )

    @field_validator("senders", "kinds", "formats")
    @classmethod
    def _no_repeats(cls, value: list[str]) -> list[str]:
        repeated = sorted({v for v in value if value.count(v) > 1})
        if repeated:
            raise ValueError(f"given twice: {', '.join(repeated)}")
        return value

    @model_validator(mode="after")
    def _pattern_distinguishes(self) -> Campaign:
        # Two outputs must never get the same path: the pattern names what varies.
        used = {name for _, name, _, _ in string.Formatter().parse(self.output) if name}
        needed = ["recipient.id"]
        if len(self.kinds) > 1:
            needed.append("kind")
        if len(self.formats) > 1:
            needed.append("format")
        if isinstance(self.locale, list) and len(self.locale) > 1:
            needed.append("locale")
        found: list[tuple[Loc, str]] = []
        missing = [n for n in needed if n not in used]
        if missing:
            fields = ", ".join(f"{{{n}}}" for n in missing)
            found.append(
                (
                    ("output",),
                    f"the pattern {self.output!r} must contain {fields}, "
                    "or different files would get the same name",
                )
            )
        if self.attach_pdf and "eml" not in self.formats:
            found.append(
                (
                    ("attach_pdf",),
                    "attach_pdf: true attaches the PDF to e-mails: add eml to formats",
                )
            )
        if found:
            # Reported at each field's own line (see validate.problems_from).
            details = "; ".join(m for _, m in found)
            raise PydanticCustomError(
                "campaign", "{details}", {"details": details, "problems": found}
            )
        return self


@dataclass(frozen=True)
class SenderRef:
    """One entry of ``senders``: a file and an optional id, with where it is written."""

    path: Path
    id: str | None
    loc: Loc


@dataclass
class CampaignFile:
    """A validated campaign with its paths resolved, and its document for later problems."""

    spec: Campaign
    path: Path
    doc: Document = field(repr=False)
    sha256: str = ""  # of the text that was read and validated (read_input)

    @property
    def base_dir(self) -> Path:
        """The folder relative paths in the campaign file start from."""
        return self.path.parent

    def resolve(self, relative: str) -> Path:
        """A path of the campaign file, relative to its folder."""
        return (self.base_dir / os.path.expanduser(relative)).resolve()

    def sender_refs(self) -> list[SenderRef]:
        """The ``senders`` entries as files and ids."""
        refs = []
        for i, ref in enumerate(self.spec.senders):
            file, _, wanted = ref.partition("#")
            refs.append(SenderRef(self.resolve(file), wanted or None, ("senders", i)))
        return refs

    def problem(self, loc: Loc, message: str) -> Problem:
        """A problem at ``loc`` of the campaign file (its line and field path)."""
        line, col = self.doc.position(loc) or (None, None)
        return Problem(self.doc.file, line, col, self.doc.describe(loc), message)


def read_input(path: Path, *, csv_schema: str | None = None) -> tuple[Document, str]:
    """An input file read once: its document and the SHA-256 of the very text parsed.

    As ``read_document`` (the same reader, parsers and checks), and the hash is of what was
    read, not of the file read again later: a file edited while a campaign runs can never be
    recorded under the hash of another version of it.
    """
    text = read_text(path)
    digest = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
    return parse_text(text, path, csv_schema=csv_schema), digest


def parse_campaign(data: object, *, name: str = DATA_NAME) -> Campaign:
    """A campaign from data shaped like a campaign file (``schema`` may be left out; None is
    absent), checked as a campaign file is; ValidationFailed naming ``name`` and each field."""
    return parse_data(data, Campaign, name=name)


def load_campaign(path: str | os.PathLike[str]) -> CampaignFile:
    """Read and validate a campaign file; ValidationFailed naming file, line and field."""
    file = Path(path)
    doc, digest = read_input(file)
    spec = validate_document(doc, Campaign)
    return CampaignFile(spec, file.resolve(), doc, digest)


def fail(problems: list[Problem]) -> None:
    """Raise ValidationFailed if there are problems."""
    if problems:
        raise ValidationFailed(sorted(problems, key=lambda p: (p.line or 0, p.column or 0)))
