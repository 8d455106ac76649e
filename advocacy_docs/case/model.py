"""The case record (contract ``advocacy-docs/case@1``) as pydantic models.

Field names follow the case file; where a file key is a Python keyword or shadows a pydantic
attribute (``schema``, ``as``) the attribute ends in ``_`` and the file key is its alias.
"""

from __future__ import annotations

import difflib
import re
import urllib.parse
from functools import cache
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import Annotated, Any, ClassVar, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PrivateAttr,
    WithJsonSchema,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from .types import (
    LOCALIZED_TEXT_JSON_SCHEMA,
    SENSITIVITY_ORDER,
    AtMost,
    CountryCode,
    Duration,
    FormsText,
    Gender,
    LangCode,
    LocalizedText,
    NameText,
    PartialDate,
    Sensitivity,
    require_text,
)

CASE_SCHEMA = "advocacy-docs/case@1"
SLUG_PATTERN = r"^[a-z0-9][a-z0-9-]*$"

Loc = tuple[str | int, ...]

MAX_TIMELINE = 2000
"""The most timeline events a case may hold (a real one has a few hundred at most)."""
MAX_SOURCES = 2000
"""The most sources a case may hold."""


# --- field types shared by the case, recipient and sender models ---------------------------


def scalar_text(value: object) -> object:
    """The text a number or date was written as in the file, so ``205.2`` stays "205.2"."""
    text = getattr(value, "source_text", None)
    if isinstance(text, str):
        return text
    if isinstance(value, bool):
        raise ValueError("expected text, got true/false: put the value in quotes")
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return repr(value)
    return value


def _text_value(value: object) -> object:
    """Like :func:`scalar_text`, for a text or each text of a language mapping."""
    if isinstance(value, dict):
        return {k: scalar_text(v) if not isinstance(v, bool) else v for k, v in value.items()}
    return value if isinstance(value, bool) else scalar_text(value)


Plain = Annotated[
    str,
    BeforeValidator(scalar_text),
    AfterValidator(require_text),
    WithJsonSchema({"type": ["string", "number"], "minLength": 1}),
]
"""A string; a number written without quotes is taken exactly as written (``205.2``, ``0123``)."""

TextLine = Annotated[
    str, AfterValidator(require_text), WithJsonSchema({"type": "string", "minLength": 1})
]
"""A string that is not blank."""

Text = Annotated[LocalizedText, BeforeValidator(_text_value)]
"""Localized text; numbers written without quotes are taken as written."""

Name = Annotated[NameText, BeforeValidator(_text_value)]
"""A person's name: text, per language, or in parts per language (``{given, family}``)."""

Forms = Annotated[FormsText, BeforeValidator(_text_value)]
"""Localized text that may give its forms by grammatical case per language (``{nom, gen}``)."""

Slug = Annotated[str, Field(pattern=SLUG_PATTERN), BeforeValidator(scalar_text)]
"""An identifier: lower-case letters, digits and hyphens."""


def _sensitivity(value: object) -> object:
    # "confidential" is the word DESIGN.md's example uses; it fails closed to the strictest level.
    if value == "confidential":
        return "legal"
    if isinstance(value, str) and value in SENSITIVITY_ORDER:
        return value
    hint = ""
    if isinstance(value, str):
        close = difflib.get_close_matches(value, [*SENSITIVITY_ORDER, "confidential"], n=1)
        hint = f"; did you mean '{close[0]}'?" if close else ""
    raise ValueError(
        f"{value!r} is not a sensitivity: use public, partners or legal "
        f"('confidential' also means legal){hint}"
    )


SensitivityField = Annotated[
    Sensitivity,
    BeforeValidator(_sensitivity),
    WithJsonSchema(
        {
            "enum": ["public", "partners", "legal", "confidential"],
            "default": "public",
            "description": "The least audience allowed to see this item "
            "(public < partners < legal; confidential means legal).",
        }
    ),
]


class StrictModel(BaseModel):
    """Base of every contract model: unknown keys are errors; file keys are the aliases."""

    model_config = ConfigDict(
        extra="forbid",
        validate_by_alias=True,
        validate_by_name=True,
        serialize_by_alias=True,
    )

    SCHEMA_ID: ClassVar[str] = ""
    """The ``schema:`` value of a file holding this model at its top level ("" if none)."""


class Item(StrictModel):
    """A list item that carries its own sensitivity."""

    sensitivity: SensitivityField = "public"


class SourcedItem(Item):
    """A list item that cites sources by id."""

    sources: Annotated[list[Slug], AtMost(100)] = Field(
        default_factory=list, description="Ids of entries in `sources`."
    )


# --- the person ---------------------------------------------------------------------------


class Affiliation(Item):
    """An organisation the person belongs or belonged to."""

    organization: Text = Field(description="The organisation's name.")
    role: Text | None = Field(
        None, description="The person's role in it (member, founder, lawyer)."
    )
    until: PartialDate | None = Field(
        None, description="When the person left it (or it was dissolved); empty while a member."
    )


class Person(StrictModel):
    """The prisoner."""

    name: Name = Field(
        description="The person's name: once, per language, or in parts per language "
        "({uk: {given: …, family: …}})."
    )
    gender: Gender = Field(
        "unspecified",
        description="male, female or unspecified: texts about the person agree with it.",
    )
    born: PartialDate | None = Field(
        None, description="The date of birth, as far as it is known (YYYY, YYYY-MM or YYYY-MM-DD)."
    )
    birthplace: Text | None = Field(None, description="Where the person was born.")
    photo: str | None = Field(None, description="An image file beside the case file.")
    citizenship: Annotated[list[CountryCode], AtMost(20)] = Field(
        default_factory=list,
        description="The person's citizenships, as ISO 3166-1 alpha-2 codes (RU, UA).",
    )
    occupation: Forms | None = Field(
        None,
        description="What the person does, as an apposition to the name: per language, the "
        "text or its forms by case ({uk: {nom: журналістка, gen: журналістки}}); in English "
        'with its article ("a journalist").',
    )
    affiliations: Annotated[list[Affiliation], AtMost(200)] = Field(
        default_factory=list, description="Organisations the person belongs or belonged to."
    )

    @field_validator("photo")
    @classmethod
    def _photo_is_local(cls, value: str | None) -> str | None:
        if value is None:
            return None
        # Documents may only embed files from the case folder: no URLs, no way out of it.
        if not value.strip():
            raise ValueError("the photo file name is empty")
        if re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:", value):
            raise ValueError(f"{value!r}: give a file name beside the case file, not a URL")
        if PurePosixPath(value).is_absolute() or PureWindowsPath(value).anchor:
            raise ValueError(f"{value!r}: give a file name relative to the case file's folder")
        if ".." in re.split(r"[\\/]", value):
            raise ValueError(f"{value!r}: the photo must be inside the case file's folder")
        return value


class Recognition(SourcedItem):
    """Recognition as a political prisoner (or similar) by an organisation."""

    by: Forms = Field(
        description="The organisation; per language, its forms by case where a sentence needs "
        "one ({ru: {nom: Правозащитный центр «Мемориал», ins: Правозащитным центром …}})."
    )
    as_: Literal["political_prisoner", "prisoner_of_conscience", "arbitrarily_detained"] = Field(
        alias="as",
        description="What the organisation recognised the person as.",
    )
    date: PartialDate | None = Field(None, description="When the recognition was made.")


# --- charges, detention, proceedings ------------------------------------------------------


class Charge(SourcedItem):
    """One criminal charge: the code, article and part are kept exactly as written."""

    code: Plain = Field(description="The criminal code, e.g. RU-CC.")
    article: Plain = Field(description='The article, e.g. "205.2" (quote it to be safe).')
    part: Plain | None = Field(None, description="The part of the article, e.g. 2.")
    summary: Text = Field(description="What the charge accuses the person of, in a few words.")
    added: PartialDate | None = Field(None, description="When the charge was brought.")


def _text_shorthand(value: Any) -> Any:
    """A value given as its text alone (a string, or text by language) as ``{text: value}``."""
    if isinstance(value, dict) and "text" in value:
        return value
    if isinstance(value, str | dict) or hasattr(value, "source_text"):
        return {"text": value}
    return value


class DetentionOrder(StrictModel):
    """Who ordered the detention, as the sources say; a file may give just its text."""

    text: Text = Field(
        description="The authority that ordered the detention (a court, a judge, a prosecutor), "
        "with its decision if known."
    )
    sources: Annotated[list[Slug], AtMost(100)] = Field(
        default_factory=list, description="Ids of entries in `sources`."
    )

    # `ordered_by: Basmanny District Court` is a shorthand for `ordered_by: {text: ...}`.
    @model_validator(mode="before")
    @classmethod
    def _text_only(cls, value: Any) -> Any:
        return _text_shorthand(value)


DetentionOrderEntry = Annotated[
    DetentionOrder,
    WithJsonSchema(
        {
            "anyOf": [
                *LOCALIZED_TEXT_JSON_SCHEMA["anyOf"],
                {
                    "type": "object",
                    "properties": {
                        "text": {
                            "anyOf": LOCALIZED_TEXT_JSON_SCHEMA["anyOf"],
                            "description": "The authority that ordered the detention, with "
                            "its decision if known.",
                        },
                        "sources": {
                            "type": "array",
                            "items": {"type": "string"},
                            "description": "Ids of entries in `sources`.",
                        },
                    },
                    "required": ["text"],
                    "additionalProperties": False,
                },
            ],
            "description": "Who ordered the detention: a text, a mapping of language to text, "
            "or {text, sources}. Only this is printed as the authority that ordered it.",
        }
    ),
]


class DetentionDecision(SourcedItem):
    """A court's final decision on one detention order (the order itself, an extension, or the
    appeal against it): complaints about that order run from it (ECHR Article 35 § 1)."""

    date: PartialDate | None = Field(None, description="The day of the final decision.")
    court: Text | None = Field(None, description="The court that decided.")
    text: Text | None = Field(
        None, description="What was decided: which order, for which period, with what outcome."
    )
    final: bool = Field(
        True, description="False when a further appeal against it lies or is pending."
    )


class Detention(StrictModel):
    """Where and since when the person is held, and when the detention ended."""

    since: PartialDate = Field(description="The day the detention began (the arrest).")
    until: PartialDate | None = Field(
        None, description="The day the person was released (the detention ended); empty if held."
    )
    authority: Text | None = Field(None, description="The authority holding the person.")
    ordered_by: DetentionOrderEntry | None = Field(
        None, description="Who ordered the detention (a court, a judge, a prosecutor)."
    )
    place: Text | None = Field(
        None, description="Where the person is held (a detention centre, a colony)."
    )
    decisions: Annotated[list[DetentionDecision], AtMost(1000)] = Field(
        default_factory=list,
        description="Final court decisions on the detention orders (the initial order, each "
        "extension, the appeals against them), each with its date.",
    )
    sources: Annotated[list[Slug], AtMost(100)] = Field(
        default_factory=list, description="Ids of entries in `sources`."
    )


Regime = Literal[
    "prison",
    "strict_regime_colony",
    "general_regime_colony",
    "special_regime_colony",
    "colony_settlement",
    "suspended",
    "restriction_of_freedom",
]


class SentencePart(Duration):
    """A part of a sentence served under one regime."""

    regime: Regime = Field(
        description="The regime this part is served under (prison, strict_regime_colony, ...)."
    )


def _months_days(d: Duration) -> tuple[int, int]:
    return d.years * 12 + d.months, d.days


class Sentence(StrictModel):
    """A sentence: its total and, optionally, its parts by regime."""

    total: Duration = Field(
        description="The whole sentence ({years: 14} or {years: 3, months: 6})."
    )
    parts: Annotated[list[SentencePart], AtMost(50)] = Field(
        default_factory=list,
        description="The parts of the sentence served under each regime; they add up to the total.",
    )

    @model_validator(mode="after")
    def _parts_add_up(self) -> Sentence:
        if self.parts:
            months = sum(_months_days(p)[0] for p in self.parts)
            days = sum(p.days for p in self.parts)
            if (months, days) != _months_days(self.total):
                raise ValueError(
                    f"the parts add up to {_describe(months, days)} "
                    f"but the total is {_describe(*_months_days(self.total))}"
                )
        return self


def _describe(months: int, days: int) -> str:
    bits = [f"{months // 12} years"] if months // 12 else []
    bits += [f"{months % 12} months"] if months % 12 else []
    bits += [f"{days} days"] if days else []
    return ", ".join(bits) or "nothing"


class Verdict(StrictModel):
    """The first-instance verdict."""

    date: PartialDate = Field(description="The day the verdict was given.")
    court: Text | None = Field(None, description="Defaults to the proceedings' court.")
    sentence: Sentence | None = Field(None, description="The sentence imposed, if any.")
    final: bool = Field(
        False, description="True when no ordinary appeal against the verdict lies any more."
    )
    sources: Annotated[list[Slug], AtMost(100)] = Field(
        default_factory=list, description="Ids of entries in `sources`."
    )


class Appeal(SourcedItem):
    """An appeal against the verdict and its outcome."""

    date: PartialDate | None = Field(
        None, description="The day the appeal was decided (or lodged, while pending)."
    )
    court: Text | None = Field(None, description="The appeal court.")
    outcome: Literal["pending", "upheld", "reduced", "overturned", "returned"] = Field(
        description="pending, upheld, reduced, overturned or returned (for a new trial)."
    )
    final: bool = Field(False, description="True when the appeal's decision is final.")
    text: Text | None = Field(
        None, description="What the appeal court decided, in a sentence or two."
    )


class Proceedings(StrictModel):
    """The trial and what followed."""

    court: Text | None = Field(None, description="The trial court.")
    prosecution_demand: Duration | None = Field(
        None, description="The sentence the prosecution asked for ({years: 15})."
    )
    verdict: Verdict | None = Field(None, description="The first-instance verdict.")
    appeals: Annotated[list[Appeal], AtMost(200)] = Field(
        default_factory=list, description="Appeals against the verdict, in order."
    )

    def verdict_court(self) -> LocalizedText | None:
        """The court that gave the verdict (the trial court unless the verdict names another)."""
        if self.verdict is not None and self.verdict.court is not None:
            return self.verdict.court
        return self.court


# --- timeline, rights, demands, contacts, sources -----------------------------------------


WgadCategory = Literal["I", "II", "III", "IV", "V"]
"""A category of arbitrary detention in the UN Working Group's methods of work."""


def _wgad_categories() -> Any:
    return Field(
        default_factory=list,
        description="The categories of arbitrary detention (I-V) these facts support, as the "
        "author judges: the only support a draft to the Working Group cites for a category.",
    )


class TimelineEvent(SourcedItem):
    """One dated event."""

    date: PartialDate = Field(description="When it happened (YYYY, YYYY-MM or YYYY-MM-DD).")
    kind: Literal[
        "arrest",
        "search",
        "detention",
        "charge",
        "hearing",
        "verdict",
        "appeal",
        "transfer",
        "release",
        "designation",
        "torture",
        "other",
    ] = Field(description="What kind of event it was.")
    text: Text = Field(description="What happened, in a sentence.")
    wgad_categories: Annotated[list[WgadCategory], AtMost(20)] = _wgad_categories()


class Right(SourcedItem):
    """An alleged violation of one article of a human-rights instrument."""

    instrument: Literal["ECHR", "ICCPR", "UDHR", "CAT"] = Field(
        description="The instrument: ECHR, ICCPR, UDHR or CAT."
    )
    article: Plain = Field(description='The article violated, e.g. "5" or "10".')
    facts: Text = Field(description="The facts that show the violation.")
    together_with: Annotated[list[Plain], AtMost(50)] = Field(
        default_factory=list,
        description="Articles an accessory article is pleaded with: Article 18 (or 13, 14) "
        'of the Convention "taken together with" Article 5.',
    )
    wgad_categories: Annotated[list[WgadCategory], AtMost(20)] = _wgad_categories()


class InternationalProcedure(SourcedItem):
    """Another international procedure the matter was (or is to be) submitted to: filing the
    same matter twice can bar an application (ECHR Art. 35 § 2(b); ICCPR-OP art. 5(2)(a))."""

    body: Plain = Field(
        description="The body: ECHR, HRC, WGAD, CAT, CED, CEDAW, CERD, CRC, CRPD, IACHR, ACHPR, "
        "or its name."
    )
    date: PartialDate | None = Field(None, description="When the matter was submitted to it.")
    reference: Plain | None = Field(None, description="The body's case or file number.")
    status: Literal["planned", "pending", "decided", "withdrawn"] = Field(
        "pending", description="Where the procedure stands."
    )
    decided: PartialDate | None = Field(
        None, description="When the procedure ended (its decision, opinion or views)."
    )


_DEMAND_TEXT_SCHEMA = {"anyOf": LOCALIZED_TEXT_JSON_SCHEMA["anyOf"]}


class Demand(Item):
    """A request to the authorities; a file may give just its text."""

    text: Text = Field(description="What the authorities are asked to do.")

    # `- Release him` and `- {en: ..., uk: ...}` are shorthands for `- {text: ...}`.
    @model_validator(mode="before")
    @classmethod
    def _text_only(cls, value: Any) -> Any:
        return _text_shorthand(value)


DemandEntry = Annotated[
    Demand,
    WithJsonSchema(
        {
            "anyOf": [
                *_DEMAND_TEXT_SCHEMA["anyOf"],
                {
                    "type": "object",
                    "properties": {
                        "text": {
                            **_DEMAND_TEXT_SCHEMA,
                            "description": "What the authorities are asked to do.",
                        },
                        "sensitivity": {
                            "enum": ["public", "partners", "legal", "confidential"],
                            "description": "The least audience allowed to see this demand.",
                        },
                    },
                    "required": ["text"],
                    "additionalProperties": False,
                },
            ],
            "description": "A demand: text, a mapping of language to text, or {text, sensitivity}.",
        }
    ),
]


class Contact(Item):
    """Someone campaigners may contact (family, lawyer, partner): usually not public."""

    name: Text = Field(description="The contact's name.")
    relation: Text = Field(
        description="How the contact relates to the person, as legal drafts print it in "
        'their language ("lawyer", "адвокат").'
    )
    role: Text | None = Field(None, description="What the contact does in the case.")
    phone: Plain | None = Field(None, description="A telephone number.")
    email: TextLine | None = Field(None, description="An e-mail address.")
    address: Annotated[list[Plain], AtMost(50)] = Field(
        default_factory=list, description="Postal lines."
    )
    notes: Text | None = Field(None, description="Notes for campaigners.")


class Source(Item):
    """A published source that items cite by id."""

    id: Slug = Field(
        description="The id items cite the source by (lower-case letters, digits and hyphens)."
    )
    title: Text = Field(description="The title of the article, report or decision.")
    publisher: Text | None = Field(
        None, description="Who published it (a newspaper, an NGO, a court)."
    )
    author: Plain | None = Field(None, description="Who wrote it.")
    date: PartialDate | None = Field(None, description="When it was published.")
    url: str | None = Field(None, description="Where it is on the web (http:// or https://).")
    language: LangCode | None = Field(
        None, description="The language it is written in (en, uk, ru)."
    )

    @field_validator("url")
    @classmethod
    def _web_url(cls, value: str | None) -> str | None:
        if value is None:
            return None
        parts = urllib.parse.urlsplit(value)
        if parts.scheme not in ("http", "https") or not parts.netloc or re.search(r"\s", value):
            raise ValueError(f"{value!r} is not a web address: write http://... or https://...")
        return value


# --- the case -----------------------------------------------------------------------------


class Case(StrictModel):
    """One political prisoner's case: everything every document is made from."""

    SCHEMA_ID: ClassVar[str] = CASE_SCHEMA

    schema_: Literal["advocacy-docs/case@1"] = Field(
        alias="schema", description="The contract of this file: advocacy-docs/case@1."
    )
    id: Slug = Field(
        description="The case's id: lower-case letters, digits and hyphens (khamroev-bakhrom)."
    )
    language: LangCode = Field(description="The language of texts given as plain strings.")
    person: Person = Field(description="The prisoner: name, birth, citizenship, affiliations.")
    status: Literal[
        "detained",
        "charged",
        "on_trial",
        "sentenced",
        "released",
        "missing",
        "deceased",
        "in_exile",
    ] = Field(description="Where the case stands.")
    state: CountryCode = Field(description="The State responsible (ISO 3166-1 alpha-2).")
    summary: Text | None = Field(None, description="The case in a few sentences.")
    as_of: PartialDate | None = Field(None, description="The date the facts are stated as of.")
    # The caps lie far above any real case (hundreds of events at most) and bound the work of
    # every later stage; see AtMost.
    recognitions: Annotated[list[Recognition], AtMost(500)] = Field(
        default_factory=list,
        description="Recognitions as a political prisoner (or similar) by organisations.",
    )
    charges: Annotated[list[Charge], AtMost(500)] = Field(
        default_factory=list, description="The criminal charges."
    )
    detention: Detention | None = Field(
        None, description="Where and since when the person is held."
    )
    proceedings: Proceedings | None = Field(
        None, description="The trial, the verdict and the appeals."
    )
    timeline: Annotated[list[TimelineEvent], AtMost(MAX_TIMELINE)] = Field(
        default_factory=list, description="Dated events, in any order."
    )
    rights: Annotated[list[Right], AtMost(500)] = Field(
        default_factory=list,
        description="Alleged violations of human-rights instruments, article by article.",
    )
    international: Annotated[list[InternationalProcedure], AtMost(500)] = Field(
        default_factory=list,
        description="Other international procedures about the same matter (body, date, "
        "reference, status).",
    )
    demands: Annotated[list[DemandEntry], AtMost(500)] = Field(
        default_factory=list, description="What the documents ask the authorities to do."
    )
    contacts: Annotated[list[Contact], AtMost(500)] = Field(
        default_factory=list,
        description="Family, lawyers and partners campaigners may contact (usually not public).",
    )
    sources: Annotated[list[Source], AtMost(MAX_SOURCES)] = Field(
        default_factory=list, description="Published sources that items cite by id."
    )

    _source_path: Path | None = PrivateAttr(default=None)
    _photo: str | None = PrivateAttr(default=None)  # a checked data: URL (parse_case)

    @field_validator("state")
    @classmethod
    def _state_is_a_country(cls, value: str) -> str:
        # The checks look the State up in treaty data: a code that names no country ("UK",
        # "XY") would otherwise pass as "no data" and hide every treaty rule.
        if not is_country_code(value):
            hint = {"UK": "GB", "EL": "GR"}.get(value)
            more = f"; did you mean '{hint}'?" if hint else ""
            raise ValueError(f"{value!r} is not a country's ISO 3166-1 alpha-2 code{more}")
        return value

    @property
    def source_path(self) -> Path | None:
        """The file this case was loaded from, if any."""
        return self._source_path

    @property
    def base_dir(self) -> Path | None:
        """The folder of the case file (photos are looked up there)."""
        return self._source_path.parent if self._source_path is not None else None

    @property
    def embedded_photo(self) -> str | None:
        """The photo given with the case's data (``parse_case(photo=...)``) as a ``data:`` URL."""
        return self._photo

    def source(self, source_id: str) -> Source:
        """The source with this id; KeyError when there is none."""
        for src in self.sources:
            if src.id == source_id:
                return src
        raise KeyError(f"no source with id {source_id!r}")

    @model_validator(mode="after")
    def _cross_check(self) -> Case:
        found = cross_problems(self.model_dump(mode="json", by_alias=True))
        if found:
            raise PydanticCustomError(
                "case_cross_check",
                "{details}",
                {
                    "details": "; ".join(f"{format_loc(loc)}: {msg}" for loc, msg in found),
                    "problems": found,
                },
            )
        return self


_NOT_COUNTRIES = frozenset({"ZZ", "EU", "EZ", "UN", "QO"})


@cache
def is_country_code(code: str) -> bool:
    """True when ``code`` is a country's ISO 3166-1 alpha-2 code that CLDR knows (XK included)."""
    from babel import Locale

    return code not in _NOT_COUNTRIES and code in Locale("en").territories


# --- cross-checks: work on raw file data so they run even when other fields are invalid ----


def format_loc(loc: Loc) -> str:
    """A field path as users write it: ``charges[0].sources[1]``."""
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _level(value: object, unknown: int) -> int:
    if value is None:
        return 0
    if value == "confidential":
        return SENSITIVITY_ORDER["legal"]
    return SENSITIVITY_ORDER.get(value, unknown) if isinstance(value, str) else unknown


_LEVEL_NAMES = {v: k for k, v in SENSITIVITY_ORDER.items()}


def cross_problems(data: Any) -> list[tuple[Loc, str]]:
    """Problems between fields of a case (raw or dumped): source references, ids, dates."""
    if not isinstance(data, dict):
        return []
    out: list[tuple[Loc, str]] = []
    known: dict[str, tuple[int, int]] = {}
    sources = data.get("sources")
    for i, src in enumerate(sources if isinstance(sources, list) else []):
        sid = src.get("id") if isinstance(src, dict) else None
        if not isinstance(sid, str):
            continue
        if sid in known:
            first = known[sid][0]
            out.append((("sources", i, "id"), f"duplicate source id '{sid}' (sources[{first}])"))
        else:
            # An unknown level on a source counts as public: that error is reported elsewhere.
            known[sid] = (i, _level(src.get("sensitivity"), 0))
    for key, value in data.items():
        if key != "sources":
            _walk_refs(value, (key,), 0, known, out)
    out += _birth_problems(data)
    out += _release_problems(data)
    return out


def _release_problems(data: dict[str, Any]) -> list[tuple[Loc, str]]:
    detention = data.get("detention")
    if not isinstance(detention, dict):
        return []
    since = _date_or_none(detention.get("since"))
    until = _date_or_none(detention.get("until"))
    if since is not None and until is not None and until.latest < since.earliest:
        return [(("detention", "until"), f"{until} is before the detention began ({since})")]
    return []


def _walk_refs(
    value: Any, loc: Loc, level: int, known: dict[str, tuple[int, int]], out: list[tuple[Loc, str]]
) -> None:
    if isinstance(value, list):
        for i, item in enumerate(value):
            _walk_refs(item, (*loc, i), level, known, out)
        return
    if not isinstance(value, dict):
        return
    # An unknown level on an item fails closed (legal), so it never triggers a second error here.
    level = max(level, _level(value.get("sensitivity"), SENSITIVITY_ORDER["legal"]))
    refs = value.get("sources")
    for j, ref in enumerate(refs if isinstance(refs, list) else []):
        if isinstance(ref, str):
            msg = _ref_problem(ref, level, known)
            if msg:
                out.append(((*loc, "sources", j), msg))
    for key, child in value.items():
        if key != "sources":
            _walk_refs(child, (*loc, key), level, known, out)


def _ref_problem(ref: str, level: int, known: dict[str, tuple[int, int]]) -> str | None:
    if ref not in known:
        close = difflib.get_close_matches(ref, list(known), n=1, cutoff=0.6)
        if close:
            return f"unknown source '{ref}'; did you mean '{close[0]}'?"
        if known:
            return f"unknown source '{ref}'; the sources are: {', '.join(known)}"
        return f"unknown source '{ref}': add it under `sources:`"
    src_level = known[ref][1]
    if src_level > level:
        item, src = _LEVEL_NAMES[level], _LEVEL_NAMES[src_level]
        return (
            f"this {item} item cites source '{ref}', which is marked {src}: "
            f"mark the item {src} (or the source {item})"
        )
    return None


_DATED: tuple[Loc, ...] = (
    ("recognitions", "*", "date"),
    ("charges", "*", "added"),
    ("detention", "since"),
    ("detention", "until"),
    ("international", "*", "date"),
    ("international", "*", "decided"),
    ("detention", "decisions", "*", "date"),
    ("proceedings", "verdict", "date"),
    ("proceedings", "appeals", "*", "date"),
    ("timeline", "*", "date"),
)


def _birth_problems(data: dict[str, Any]) -> list[tuple[Loc, str]]:
    person = data.get("person")
    born = _date_or_none(person.get("born") if isinstance(person, dict) else None)
    if born is None:
        return []
    out: list[tuple[Loc, str]] = []
    for pattern in _DATED:
        for loc, value in _select(data, pattern, ()):
            date = _date_or_none(value)
            if date is not None and date.latest < born.earliest:
                out.append((loc, f"{date} is before the person was born ({born})"))
    return out


def _select(value: Any, pattern: Loc, loc: Loc) -> list[tuple[Loc, Any]]:
    if not pattern:
        return [(loc, value)]
    head, rest = pattern[0], pattern[1:]
    if head == "*":
        items = value if isinstance(value, list) else []
        return [m for i, v in enumerate(items) for m in _select(v, rest, (*loc, i))]
    if isinstance(value, dict) and head in value:
        return _select(value[head], rest, (*loc, head))
    return []


def _date_or_none(value: object) -> PartialDate | None:
    try:
        return PartialDate.parse(value) if value is not None else None
    except ValueError:
        return None
