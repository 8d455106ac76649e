"""Small value types of the case contract: partial dates, durations, localized text."""

from __future__ import annotations

import calendar
import datetime as _dt
import re
from dataclasses import dataclass
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, GetCoreSchemaHandler, GetJsonSchemaHandler
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import core_schema

Sensitivity = Literal["public", "partners", "legal"]
"""The least audience allowed to see an item; ordered public < partners < legal."""

SENSITIVITY_ORDER: dict[str, int] = {"public": 0, "partners": 1, "legal": 2}

Gender = Literal["male", "female", "unspecified"]

Role = Literal[
    "ambassador",
    "prosecutor_general",
    "ombudsperson",
    "minister",
    "head_of_state",
    "head_of_government",
    "judge",
    "member_of_parliament",
    "official",
]
"""A recipient's office: what their salutation, address line and requests depend on."""

LANG_PATTERN = r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$"
"""A language code such as en, uk, ru, crh or sr-Latn."""

LangCode = Annotated[str, Field(pattern=LANG_PATTERN)]
CountryCode = Annotated[str, Field(pattern=r"^[A-Z]{2}$")]

_PARTIAL_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?\Z")

YEAR_MIN = 1000
YEAR_MAX = 2999
"""The years a date of the case contract may have. No real case reaches either end, and the
headroom to ``datetime``'s limits (1 and 9999) is wider than any arithmetic the documents and
checks do (a time limit of at most a century, a margin of a few years), so a valid date never
overflows: 9999-12 or 0000 is refused by ``validate`` instead of crashing ``render``."""


@dataclass(frozen=True, order=True)
class PartialDate:
    """A date known to the year, the month or the day: ``2022``, ``2022-10`` or ``2022-10-17``."""

    year: int
    month: int | None = None
    day: int | None = None

    @property
    def precision(self) -> Literal["year", "month", "day"]:
        """How much of the date is known."""
        if self.day is not None:
            return "day"
        return "month" if self.month is not None else "year"

    @property
    def earliest(self) -> _dt.date:
        """The first day the date may mean (for sorting and comparisons)."""
        return _dt.date(self.year, self.month or 1, self.day or 1)

    @property
    def latest(self) -> _dt.date:
        """The last day the date may mean."""
        if self.day is not None and self.month is not None:
            return _dt.date(self.year, self.month, self.day)
        if self.month is not None:
            # The month's own length: no step into the next month, which may be past year 9999.
            return _dt.date(self.year, self.month, calendar.monthrange(self.year, self.month)[1])
        return _dt.date(self.year, 12, 31)

    def as_date(self) -> _dt.date | None:
        """The full date, or None when day or month is unknown."""
        return self.earliest if self.precision == "day" else None

    def isoformat(self) -> str:
        """The date as written in a case file."""
        out = f"{self.year:04d}"
        if self.month is not None:
            out += f"-{self.month:02d}"
            if self.day is not None:
                out += f"-{self.day:02d}"
        return out

    def __str__(self) -> str:
        return self.isoformat()

    @classmethod
    def parse(cls, value: object) -> PartialDate:
        """Read ``2022``, ``"2022-10"``, ``"2022-10-17"`` or a ``date``; ValueError otherwise."""
        if isinstance(value, PartialDate):
            return value
        if isinstance(value, _dt.datetime):
            raise ValueError("expected a date without a time, e.g. 2023-05-23")
        if isinstance(value, _dt.date):
            return cls(_year_in_range(value.year, value.isoformat()), value.month, value.day)
        if isinstance(value, bool):
            raise ValueError("expected a date: YYYY, YYYY-MM or YYYY-MM-DD")
        if isinstance(value, int):
            value = str(value)
        if not isinstance(value, str):
            raise ValueError("expected a date: YYYY, YYYY-MM or YYYY-MM-DD")
        m = _PARTIAL_DATE.match(value.strip())
        if not m:
            raise ValueError(f"{value!r} is not a date: write YYYY, YYYY-MM or YYYY-MM-DD")
        year = _year_in_range(int(m.group(1)), value)
        month = int(m.group(2)) if m.group(2) else None
        day = int(m.group(3)) if m.group(3) else None
        if month is not None and not 1 <= month <= 12:
            raise ValueError(f"{value!r} is not a date: month {month} does not exist")
        if day is not None and month is not None:
            try:
                _dt.date(year, month, day)
            except ValueError:
                raise ValueError(
                    f"{value!r} is not a date: {year}-{month:02d} has no day {day}"
                ) from None
        return cls(year, month, day)

    @classmethod
    def __get_pydantic_core_schema__(
        cls, source: Any, handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        return core_schema.no_info_plain_validator_function(
            cls.parse,
            serialization=core_schema.plain_serializer_function_ser_schema(lambda v: v.isoformat()),
        )

    @classmethod
    def __get_pydantic_json_schema__(
        cls, schema: core_schema.CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        return {
            "anyOf": [
                {"type": "string", "pattern": r"^\d{4}(-\d{2}(-\d{2})?)?$"},
                {"type": "integer", "minimum": YEAR_MIN, "maximum": YEAR_MAX},
            ],
            "description": f"A partial date: YYYY, YYYY-MM or YYYY-MM-DD, in the years "
            f"{YEAR_MIN}-{YEAR_MAX}.",
            "examples": ["2022", "2022-10", "2022-10-17"],
        }


def _year_in_range(year: int, value: object) -> int:
    """``year`` when a case date may have it; ValueError naming the value otherwise."""
    if not YEAR_MIN <= year <= YEAR_MAX:
        raise ValueError(
            f"{value!r} is not a date of a case: the year must be {YEAR_MIN} to {YEAR_MAX}"
        )
    return year


@dataclass(frozen=True)
class AtMost:
    """A list annotation: at most ``limit`` items, refused before any item is read.

    The limits lie far above any real case, so only a hostile or broken file meets them; they
    bound the work every later stage does (sorting, cross-references, rendering) per list.
    """

    limit: int

    def _check(self, value: Any) -> Any:
        if isinstance(value, (list, tuple)) and len(value) > self.limit:
            raise ValueError(
                f"{len(value):,} items; a case holds at most {self.limit:,} here "
                "(no real case has more: is the list generated or repeated?)"
            )
        return value

    def __get_pydantic_core_schema__(
        self, source: Any, handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        return core_schema.no_info_before_validator_function(self._check, handler(source))

    def __get_pydantic_json_schema__(
        self, schema: core_schema.CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        out = handler(schema)
        out["maxItems"] = self.limit
        return out


class Duration(BaseModel):
    """A length of time such as a sentence: ``{years: 14}`` or ``{years: 3, months: 6}``."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    years: int = Field(0, ge=0, description="Whole years.")
    months: int = Field(0, ge=0, description="Months, beyond the years.")
    days: int = Field(0, ge=0, description="Days, beyond the years and months.")

    def is_zero(self) -> bool:
        """True when no part is set."""
        return not (self.years or self.months or self.days)


EMPTY_TEXT = "text is empty"
"""The one message for a text field given blank, wherever it is."""


def require_text(value: str) -> str:
    """``value`` when it holds more than white space; ValueError (:data:`EMPTY_TEXT`) if not.

    The one rule for text: a field given is given in full, required or optional alike."""
    if not value.strip():
        raise ValueError(EMPTY_TEXT)
    return value


class LocalizedText:
    """Text given once (in the case's language) or per language: ``{en: ..., uk: ...}``."""

    __slots__ = ("plain", "values")

    def __init__(self, plain: str | None = None, values: dict[str, str] | None = None) -> None:
        self.plain = plain
        self.values = dict(values or {})

    def __repr__(self) -> str:
        return f"LocalizedText({self.plain!r}, {self.values!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, LocalizedText) and (self.plain, self.values) == (
            other.plain,
            other.values,
        )

    def __hash__(self) -> int:
        return hash((self.plain, tuple(sorted(self.values.items()))))

    def languages(self, default_language: str) -> list[str]:
        """The languages this text is available in."""
        return [default_language] if self.plain is not None else list(self.values)

    def resolve(self, chain: tuple[str, ...], default_language: str) -> tuple[str, str]:
        """The text in the first language of ``chain`` that has it, and that language.

        Falls back to the case's default language, then to any language given.
        """
        if self.plain is not None:
            return self.plain, default_language
        for lang in (*chain, default_language):
            if lang in self.values:
                return self.values[lang], lang
        lang, text = next(iter(self.values.items()))
        return text, lang

    @classmethod
    def parse(cls, value: object) -> LocalizedText:
        """Read a string or a mapping of language code to string."""
        if isinstance(value, LocalizedText):
            return value
        if isinstance(value, str):
            return cls(plain=require_text(value))
        if isinstance(value, dict):
            if not value:
                raise ValueError("expected text, or a mapping of language to text; got {}")
            values: dict[str, str] = {}
            for k, v in value.items():
                if not isinstance(k, str) or not re.match(LANG_PATTERN, k):
                    raise ValueError(f"{k!r} is not a language code such as en, uk, ru or crh")
                if not isinstance(v, str) or not v.strip():
                    raise ValueError(f"the {k} text must be a non-empty string")
                values[k] = v
            return cls(values=values)
        raise ValueError(
            "expected text, or a mapping of language to text such as {en: ..., uk: ...}"
        )

    def to_json(self) -> str | dict[str, str]:
        """The value as written in a case file."""
        return self.plain if self.plain is not None else dict(self.values)

    @classmethod
    def __get_pydantic_core_schema__(
        cls, source: Any, handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        return core_schema.no_info_plain_validator_function(
            cls.parse,
            serialization=core_schema.plain_serializer_function_ser_schema(lambda v: v.to_json()),
        )

    @classmethod
    def __get_pydantic_json_schema__(
        cls, schema: core_schema.CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        return dict(LOCALIZED_TEXT_JSON_SCHEMA)


NAME_PARTS = ("given", "patronymic", "family")
NAME_CASES = ("nom", "gen", "dat", "acc", "ins", "loc", "voc")  # as i18n.grammar.CASES


def _name_parts(value: dict[Any, Any], where: str) -> tuple[str, dict[str, str]]:
    """The nominative of a name written in parts (``{given, family, gen: …}``), and the parts."""
    parts: dict[str, str] = {}
    for key, text in value.items():
        if key not in NAME_PARTS and key not in NAME_CASES:
            known = ", ".join((*NAME_PARTS, *NAME_CASES))
            raise ValueError(f"{where}{key!r} is not a part or a case of a name (use {known})")
        if not isinstance(text, str) or not text.strip():
            raise ValueError(f"{where}{key}: expected a non-empty text")
        parts[key] = " ".join(text.split())
    nominative = parts.get("nom") or " ".join(parts[p] for p in NAME_PARTS if p in parts)
    if not nominative:
        raise ValueError(f"{where}give the name's parts (given, family) or its nom form")
    return nominative, parts


class NameText(LocalizedText):
    """A person's name: text once, per language, or in parts per language.

    ``{uk: {given: Бахром, family: Хамроєв, gen: Бахрома Хамроєва}}`` (or, in the case's
    language, ``{given: …, family: …}``): ``values`` holds the nominative ("Бахром Хамроєв")
    for every use of a text; ``parts`` the mapping as written, for forms that need the family
    name apart ("Surname") and for the grammar layer.
    """

    __slots__ = ("parts",)

    def __init__(
        self,
        plain: str | None = None,
        values: dict[str, str] | None = None,
        parts: dict[str, dict[str, str]] | None = None,
    ) -> None:
        super().__init__(plain, values)
        # Keyed by language; "" for a name in parts given once (in the case's language).
        self.parts = dict(parts or {})

    def __repr__(self) -> str:
        return f"NameText({self.plain!r}, {self.values!r}, {self.parts!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, LocalizedText) and (
            self.plain,
            self.values,
            getattr(other, "parts", {}),
        ) == (other.plain, other.values, self.parts)

    def __hash__(self) -> int:
        return hash((self.plain, tuple(sorted(self.values.items()))))

    def parts_in(self, lang: str | None) -> dict[str, str] | None:
        """The parts written for ``lang`` (None: the name given once), if given in parts."""
        return self.parts.get("" if lang is None or self.plain is not None else lang)

    @classmethod
    def parse(cls, value: object) -> NameText:
        """Read a string, ``{lang: string or parts}`` or parts in the case's language."""
        if isinstance(value, NameText):
            return value
        if isinstance(value, dict) and any(k in NAME_PARTS for k in value):
            nominative, parts = _name_parts(value, "")
            return cls(plain=nominative, parts={"": parts})
        if isinstance(value, dict):
            parts_by_lang: dict[str, dict[str, str]] = {}
            texts: dict[str, object] = {}
            for lang, text in value.items():
                if isinstance(text, dict) and isinstance(lang, str):
                    texts[lang], parts_by_lang[lang] = _name_parts(text, f"{lang}.")
                else:
                    texts[lang] = text
            base = LocalizedText.parse(texts)
            return cls(values=base.values, parts=parts_by_lang)
        base = LocalizedText.parse(value)
        return cls(plain=base.plain, values=base.values)

    def to_json(self) -> str | dict[str, Any]:
        """The value as written in a case file."""
        if self.plain is not None:
            return self.parts.get("", self.plain)
        return {lang: self.parts.get(lang, text) for lang, text in self.values.items()}

    @classmethod
    def __get_pydantic_json_schema__(
        cls, schema: core_schema.CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        return dict(NAME_TEXT_JSON_SCHEMA)


class FormsText(LocalizedText):
    """A text that a sentence may need in a grammatical case: text once, per language, or per
    language as its forms by case.

    ``{uk: {nom: правозахисник, gen: правозахисника}}`` (or, in the case's language,
    ``{nom: …, gen: …}``): ``values`` holds the nominative for every use of a text; ``forms``
    the forms as written, which win over any rule of the grammar layer (an occupation, a title
    or an organisation in running text: "у справі правозахисника …", "Генеральному прокурору …").
    """

    __slots__ = ("forms",)

    def __init__(
        self,
        plain: str | None = None,
        values: dict[str, str] | None = None,
        forms: dict[str, dict[str, str]] | None = None,
    ) -> None:
        super().__init__(plain, values)
        # Keyed by language; "" for forms given once (in the case's language).
        self.forms = dict(forms or {})

    def __repr__(self) -> str:
        return f"FormsText({self.plain!r}, {self.values!r}, {self.forms!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, LocalizedText) and (
            self.plain,
            self.values,
            getattr(other, "forms", {}),
        ) == (other.plain, other.values, self.forms)

    def __hash__(self) -> int:
        return hash((self.plain, tuple(sorted(self.values.items()))))

    def forms_in(self, lang: str | None) -> dict[str, str]:
        """The forms by case written for ``lang`` (None: the text given once); {} if none."""
        return dict(self.forms.get("" if lang is None or self.plain is not None else lang, {}))

    @classmethod
    def parse(cls, value: object) -> FormsText:
        """Read a string, ``{lang: string or forms}`` or forms in the case's language."""
        if isinstance(value, FormsText):
            return value
        if isinstance(value, dict) and value and all(k in NAME_CASES for k in value):
            nominative, forms = _case_forms(value, "")
            return cls(plain=nominative, forms={"": forms})
        if isinstance(value, dict):
            forms_by_lang: dict[str, dict[str, str]] = {}
            texts: dict[str, object] = {}
            for lang, text in value.items():
                if isinstance(text, dict) and isinstance(lang, str):
                    texts[lang], forms_by_lang[lang] = _case_forms(text, f"{lang}.")
                else:
                    texts[lang] = text
            base = LocalizedText.parse(texts)
            return cls(values=base.values, forms=forms_by_lang)
        base = LocalizedText.parse(value)
        return cls(plain=base.plain, values=base.values)

    def to_json(self) -> str | dict[str, Any]:
        """The value as written in a case file."""
        if self.plain is not None:
            return self.forms.get("", self.plain)
        return {lang: self.forms.get(lang, text) for lang, text in self.values.items()}

    @classmethod
    def __get_pydantic_json_schema__(
        cls, schema: core_schema.CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        return dict(FORMS_TEXT_JSON_SCHEMA)


def _case_forms(value: dict[Any, Any], where: str) -> tuple[str, dict[str, str]]:
    """The nominative of a text given by its forms (``{nom: …, gen: …}``), and the forms."""
    forms: dict[str, str] = {}
    for key, text in value.items():
        if key not in NAME_CASES:
            known = ", ".join(NAME_CASES)
            raise ValueError(f"{where}{key!r} is not a grammatical case (use {known})")
        if not isinstance(text, str) or not text.strip():
            raise ValueError(f"{where}{key}: expected a non-empty text")
        forms[key] = " ".join(text.split())
    if "nom" not in forms:
        raise ValueError(f"{where}give the nom form (the text as a label shows it)")
    return forms["nom"], forms


LOCALIZED_TEXT_JSON_SCHEMA: dict[str, Any] = {
    "anyOf": [
        {"type": "string", "minLength": 1},
        {
            "type": "object",
            "propertyNames": {"pattern": LANG_PATTERN},
            "additionalProperties": {"type": "string", "minLength": 1},
            "minProperties": 1,
        },
    ],
    "description": "Text in the case's language, or a mapping of language code to text.",
}

_PART_DESCRIPTIONS = {
    "given": "The given name.",
    "patronymic": "The patronymic (the name after the father), where the language has one.",
    "family": "The family name.",
    "nom": "The nominative: the form a label shows.",
    "gen": "The genitive form.",
    "dat": "The dative form.",
    "acc": "The accusative form.",
    "ins": "The instrumental form.",
    "loc": "The locative (prepositional) form.",
    "voc": "The vocative form, as a salutation addresses it.",
}

_NAME_PARTS_JSON_SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {
        key: {"type": "string", "minLength": 1, "description": _PART_DESCRIPTIONS[key]}
        for key in (*NAME_PARTS, *NAME_CASES)
    },
    "additionalProperties": False,
    "minProperties": 1,
    "description": "A name in parts (given, patronymic, family) and, optionally, its forms by "
    "grammatical case (nom, gen, dat, acc, ins, loc, voc), which always win.",
}

_CASE_FORMS_JSON_SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {
        key: {"type": "string", "minLength": 1, "description": _PART_DESCRIPTIONS[key]}
        for key in NAME_CASES
    },
    "required": ["nom"],
    "additionalProperties": False,
    "description": "A text by grammatical case (nom, gen, dat, acc, ins, loc, voc): the forms "
    "a sentence needs, which always win over the grammar rules.",
}

FORMS_TEXT_JSON_SCHEMA: dict[str, Any] = {
    "anyOf": [
        {"type": "string", "minLength": 1},
        _CASE_FORMS_JSON_SCHEMA,
        {
            "type": "object",
            "propertyNames": {"pattern": LANG_PATTERN},
            "additionalProperties": {
                "anyOf": [{"type": "string", "minLength": 1}, _CASE_FORMS_JSON_SCHEMA]
            },
            "minProperties": 1,
        },
    ],
    "description": "Text in the case's language, or per language code: the text, or its forms "
    "by grammatical case {nom: …, gen: …}.",
}

NAME_TEXT_JSON_SCHEMA: dict[str, Any] = {
    "anyOf": [
        {"type": "string", "minLength": 1},
        _NAME_PARTS_JSON_SCHEMA,
        {
            "type": "object",
            "propertyNames": {"pattern": LANG_PATTERN},
            "additionalProperties": {
                "anyOf": [{"type": "string", "minLength": 1}, _NAME_PARTS_JSON_SCHEMA]
            },
            "minProperties": 1,
        },
    ],
    "description": "A name in the case's language, or per language code: the name, or its "
    "parts {given, family} with any explicit forms by case.",
}
