"""Locale data that CLDR lacks or that we fix, read from ``locales/<lang>/locale.toml``.

Every formatter looks a value up in this order: the locale's ``locale.toml``, the locale's Babel
(CLDR) data, then the same two for each locale of the fallback chain. A locale Babel does not
know (Crimean Tatar, ``crh``) therefore only adds data here; a locale Babel knows only fixes
what it wants.

Schema of ``locale.toml`` (every key is optional; an unknown key or a wrong type is an error)::

    name = "Українська"              # endonym; default: Babel's display name, else the folder name
    fallback = ["en"]                # chain after the locale itself; "en" is always appended last
    babel = "uk"                     # Babel/CLDR locale; default: the folder name when Babel knows
                                     # it; false = none (use only this file, then the chain)
    plural = "one: n % 10 = 1 and n % 100 != 11; few: ..."   # CLDR plural rule syntax
                                     # ("other" is implicit); drives units and plural_index

    [dates]                          # LDML patterns per style (text, short) and precision
    text.day = "d MMMM y 'р'."       # fields: d dd, M MM MMM MMMM MMMMM (format context),
    text.month = "LLLL y 'р'."       # L LL LLL LLLL LLLLL (stand-alone context), y yy yyyy;
    text.year = "y 'р'."             # 'quoted text' is literal, '' is an apostrophe
    short.day = "dd.MM.y"
    short.month = "MM.y"
    short.year = "y"
    when.day = "d MMMM y 'р'."       # "when" = an adverbial of time, as it starts a sentence:
    when.month = "'у' LLLL y 'р'."   # en "on 23 May 2023", "in October 2022", "in 2022"; uk "у
    when.year = "'у' y 'р'."         # жовтні 2022 р.". Its L fields use the locative months.
                                     # A locale without "when" patterns uses its "text" ones.
    since.day = "'з' d MMMM y 'р'."  # "since" and "until": the date as the start or the end of
    since.month = "'з' MMMM y 'р'."  # a period ("з березня 2023 р.", "until 2024"); M fields
    since.year = "'з' y 'р'."        # give the format (genitive) month, L the stand-alone one.
    until.day = "'до' d MMMM y 'р'." # Templates ask for these by role: |date_phrase("on"),
    until.month = "..."              # "in" (both: "when"), "since", "until".
    until.year = "..."

    [months]                         # 12 names each; stand-alone falls back to format
    format.wide = ["січня", ...]         # genitive where the language has one: "23 травня"
    format.abbreviated = ["січ.", ...]
    format.narrow = [...]
    standalone.wide = ["січень", ...]    # nominative: "травень 2023"
    standalone.abbreviated = [...]
    standalone.narrow = [...]
    locative.wide = ["січні", ...]       # the form after "in" (uk locative, ru prepositional),
                                         # used by "when" patterns; falls back to stand-alone

    [lists.standard]                 # CLDR list patterns; styles: standard, standard-short,
    start = "{0}, {1}"               # or, or-short, unit, unit-short, unit-narrow
    middle = "{0}, {1}"
    end = "{0} і {1}"
    "2" = "{0} і {1}"

    [numbers]                        # number symbols
    decimal = ","
    group = "\u00a0"
    minus = "-"

    [units.year]                     # units year, month, day; plural categories zero, one, two,
    one = "{0} рік"                  # few, many, other ("other" required: a missing category
    few = "{0} роки"                 # falls back to it, as in CLDR)
    many = "{0} років"
    other = "{0} року"

    [countries]                      # ISO 3166-1 alpha-2 (or UN M.49 area code) -> name
    RU = "Rusiye"                    # (also to override CLDR: fr BY = "Bélarus")

    [authorities_of]                 # a State as it follows "the authorities of" (only this
    RU = "Російської Федерації"      # locale's own, never a fallback's): the genitive, with
                                     # the article or preposition the language puts there
                                     # (de "der Russischen Föderation", fr "de la Fédération
                                     # de Russie")

    [nationalities]                  # a citizenship as the value of a "Citizenship" label, where
    RU = "rosyjskie"                 # the language writes an adjective (this locale's own only)

    [ordinals]                       # how a number is written as an ordinal (crh "2-nci"): the
    "1" = "{0}-nci"                  # pattern of the number's last non-zero digit ("1".."9"),
    "10" = "{0}-ncı"                 # else of its tens ("10".."90"), else "100" or "1000"

    [languages]                      # language code -> name in this language
    uk = "ukrain tili"

    [pronouns.male]                  # personal pronouns by gender (male, female, unspecified)
    nom = "він"                      # and case (nom gen dat acc ins loc): the forms a sentence
    gen = "його"                     # uses after the person's first mention. A language with
    dat = "йому"                     # no neutral pronoun leaves [pronouns.unspecified] out:
                                     # templates then name the person again or recast.

    [grammar]                        # for the translators' check (`i18n check`): the words that
    date_prepositions = ["з", "у"]   # must not stand right before a date placeholder (the date
    date_postpositions = ["berli"]   # phrase brings its own), or right after it (postpositions)
    slots = { about = "gen" }        # the grammatical case a placeholder of a role takes in
                                     # this language's sentences (see the translator guide);
                                     # a role not listed takes the nominative
    possessive = ["’", "’s"]         # English: a length before "imprisonment" ("14 years’",
                                     # "1 year’s"): after an s, otherwise

    [typography]                     # French: a no-break space before ; : ! ? (and ») that
    space_before = ";:!?"            # templates and data write without one
    no_break_after = ["a", "i", "o", "u", "w", "z"]   # Polish: words (any letter case) that
                                     # never end a line: a no-break space ties each to the next
    apostrophe = "’"            # Ukrainian: the apostrophe inside a word ("в’язень"),
                                     # written for every typewriter ' between two letters
    quotes = "“”‘’"                  # typewriter quotes (" and ') become these: double open,
                                     # double close, single open, single close
    guillemet_space = true           # French: a no-break space inside « … »
    no_break_after_number = true     # a number never ends a line before its word ("14 років",
                                     # "24 лютого", "2023 р.")
    no_break_before_number = ["ст.", "ч.", "№"]   # these never end a line before a number
    no_break_before = ["—", "–"]     # these never begin a line (a no-break space before them)
    no_break_dates = true            # a month's name stays on the line of the numbers beside it
                                     # ("30 вересня 2024 р.", "im März 2023")
    continued_list_items = true      # items of a list that completes a sentence begin in lower
                                     # case and end with ";", the last with "." (Polish)
    elision = { "de" = "d’", "du" = "de l’" }   # French: words elided before a vowel
    elision_before = "aeiouéèêàâîôû"   # ... the letters a word starts with to elide them

When several locale folders are searched (a user folder before the bundled one), their
``locale.toml`` files are merged key by key, earlier folders winning.
"""

from __future__ import annotations

import os
import re
import threading
from collections.abc import Callable, Hashable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any, Generic, TypeVar

from babel import Locale, UnknownLocaleError
from babel.plural import PluralRule, RuleError, to_gettext

from ..errors import InputError, Problem, ValidationFailed
from ..paths import bundled_locales_dir
from .datafile import LANG_CODE, KeyLines, check_lang, locale_paths, read_toml

DOMAIN = "advocacy_docs"
"""The gettext domain: catalogs are ``<lang>/LC_MESSAGES/advocacy_docs.po``."""

SOURCE_LANGUAGE = "en"
"""The language of the msgids, and the last locale of every fallback chain."""

LOCALE_FILE = "locale.toml"
CATALOG_FILE = f"LC_MESSAGES/{DOMAIN}.po"

PRECISIONS = ("day", "month", "year")
DATE_STYLES = ("text", "short", "when", "since", "until")
DATE_ROLES: dict[str, str] = {
    "on": "when",
    "in": "when",
    "at": "when",
    "since": "since",
    "until": "until",
}
"""The role of a date in a sentence (``|date_phrase(role)``) and the date style that says it:
"on" and "in" are one role, a point in time, whose phrase the date's precision chooses."""
PRONOUN_GENDERS = ("male", "female", "unspecified")
PRONOUN_CASES = ("nom", "gen", "dat", "acc", "ins", "loc")
MONTH_CONTEXTS = ("format", "standalone", "locative")
MONTH_WIDTHS = ("wide", "abbreviated", "narrow")
PLURAL_CATEGORIES = ("zero", "one", "two", "few", "many", "other")
UNITS = ("year", "month", "day")
# The list styles Babel's format_list knows; locale.toml may define the same ones.
LIST_STYLES = ("standard", "standard-short", "or", "or-short", "unit", "unit-short", "unit-narrow")
LIST_PARTS = ("start", "middle", "end", "2")
NUMBER_SYMBOLS = ("decimal", "group", "minus")

# Date fields our own pattern formatter implements, and which precision needs which fields.
DATE_FIELDS = frozenset("dMLy")
_REQUIRED_FIELDS: dict[str, tuple[frozenset[str], ...]] = {
    "day": (frozenset("d"), frozenset("ML"), frozenset("y")),
    "month": (frozenset("ML"), frozenset("y")),
    "year": (frozenset("y"),),
}
_FORBIDDEN_FIELDS: dict[str, frozenset[str]] = {
    "day": frozenset(),
    "month": frozenset("d"),
    "year": frozenset("dML"),
}

_TOP_KEYS = (
    "name",
    "fallback",
    "babel",
    "plural",
    "dates",
    "days",
    "months",
    "lists",
    "numbers",
    "units",
    "countries",
    "languages",
    "typography",
    "pronouns",
    "grammar",
    "authorities_of",
    "nationalities",
    "ordinals",
)
_COUNTRY_CODE = re.compile(r"^(?:[A-Z]{2}|\d{3})\Z")
_PLURAL_TAG = re.compile(r"\b(zero|one|two|few|many|other)\s*:")


# --------------------------------------------------------------------------------------------
# LDML date patterns


def parse_date_pattern(pattern: str) -> tuple[tuple[bool, str], ...]:
    """Split an LDML date pattern into ``(is_field, text)`` tokens; ValueError when malformed."""
    return _date_pattern_tokens(pattern)


@lru_cache(maxsize=1024)
def _date_pattern_tokens(pattern: str) -> tuple[tuple[bool, str], ...]:
    # A locale has a handful of patterns, and every date of every document is written with one.
    tokens: list[tuple[bool, str]] = []
    literal: list[str] = []
    i, n = 0, len(pattern)
    while i < n:
        ch = pattern[i]
        if ch == "'":
            if i + 1 < n and pattern[i + 1] == "'":  # '' is a literal apostrophe
                literal.append("'")
                i += 2
                continue
            end = i + 1
            quoted: list[str] = []
            while True:
                if end >= n:
                    raise ValueError(f"unclosed quote in date pattern {pattern!r}")
                if pattern[end] == "'":
                    if end + 1 < n and pattern[end + 1] == "'":
                        quoted.append("'")
                        end += 2
                        continue
                    break
                quoted.append(pattern[end])
                end += 1
            literal.append("".join(quoted))
            i = end + 1
        elif ("a" <= ch <= "z") or ("A" <= ch <= "Z"):
            if literal:
                tokens.append((False, "".join(literal)))
                literal = []
            j = i
            while j < n and pattern[j] == ch:
                j += 1
            tokens.append((True, pattern[i:j]))
            i = j
        else:
            literal.append(ch)
            i += 1
    if literal:
        tokens.append((False, "".join(literal)))
    return tuple(tokens)


def check_date_pattern(pattern: str, precision: str) -> str | None:
    """Why ``pattern`` cannot format a date of ``precision`` with our formatter, or None."""
    try:
        tokens = parse_date_pattern(pattern)
    except ValueError as exc:
        return str(exc)
    letters = {text[0] for is_field, text in tokens if is_field}
    unknown = sorted(letters - DATE_FIELDS)
    if unknown:
        return (
            f"unsupported field {unknown[0]!r} in {pattern!r}; use d, M, L and y "
            "(quote literal text: 'р'.)"
        )
    for field_text in (text for is_field, text in tokens if is_field):
        if len(field_text) > (2 if field_text[0] == "d" else 5 if field_text[0] in "ML" else 4):
            return f"field {field_text!r} is too long in {pattern!r}"
    if letters & _FORBIDDEN_FIELDS[precision]:
        return f"a {precision}-precision pattern cannot show a day or month: {pattern!r}"
    for needed in _REQUIRED_FIELDS[precision]:
        if not letters & needed:
            return f"a {precision}-precision pattern needs a {'/'.join(sorted(needed))} field"
    return None


# --------------------------------------------------------------------------------------------
# Plural rules


def parse_plural_rule(text: str) -> PluralRule:
    """Parse ``"one: n = 1; few: n in 2..4"`` (CLDR syntax); ValueError when malformed.

    An empty rule (``""``, as ``"other:"``) is a language with one form for every number.
    """
    if not text.strip():
        return PluralRule({})
    matches = list(_PLURAL_TAG.finditer(text))
    if not matches or text[: matches[0].start()].strip(" \t\n;,"):
        raise ValueError(
            f"expected 'category: condition' pairs such as \"one: n = 1\", got {text!r}"
        )
    rules: dict[str, str] = {}
    for k, m in enumerate(matches):
        end = matches[k + 1].start() if k + 1 < len(matches) else len(text)
        expr = text[m.end() : end].strip().rstrip(";,").strip()
        tag = m.group(1)
        if tag in rules:
            raise ValueError(f"category {tag!r} is given twice")
        if tag == "other":  # "other" is whatever no other rule matches
            continue
        if not expr.split("@", 1)[0].strip():
            raise ValueError(f"category {tag!r} has no condition")
        rules[tag] = expr
    try:
        rule = PluralRule(rules)
        to_gettext(rule)  # the rule must also translate to a gettext Plural-Forms expression
    except (RuleError, ValueError, KeyError) as exc:
        raise ValueError(f"bad plural rule {text!r}: {exc}") from None
    return rule


# --------------------------------------------------------------------------------------------
# The data of one locale


@dataclass(frozen=True, eq=False)
class LocaleSpec:
    """One locale's data: its ``locale.toml`` files merged, and the Babel locale it builds on."""

    lang: str
    name: str
    fallback: tuple[str, ...]
    babel_id: str | None
    files: tuple[Path, ...] = ()
    fallback_file: Path | None = None
    plural_text: str | None = None
    date_patterns: Mapping[tuple[str, str], str] = field(default_factory=dict)
    months: Mapping[tuple[str, str], tuple[str, ...]] = field(default_factory=dict)
    days: Mapping[int, str] = field(default_factory=dict)
    """How a date writes a day of the month that is not a plain number (French "1er")."""
    lists: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    numbers: Mapping[str, str] = field(default_factory=dict)
    units: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    countries: Mapping[str, str] = field(default_factory=dict)
    languages: Mapping[str, str] = field(default_factory=dict)
    space_before: str = ""  # punctuation that takes a no-break space before it (French)
    no_break_after: tuple[str, ...] = ()  # words that never end a line (Polish "w", "z")
    apostrophe: str = ""  # the apostrophe inside a word (Ukrainian ’), for the typewriter one
    quotes: str = ""  # double open, double close, single open, single close: for " and '
    guillemet_space: bool = False  # a no-break space inside « » (French)
    no_break_after_number: bool = False  # a number is tied to the word after it
    no_break_before_number: tuple[str, ...] = ()  # abbreviations tied to the number after them
    no_break_before: tuple[str, ...] = ()  # marks that never begin a line (dashes)
    continued_list_items: bool = False  # list items completing a sentence: lower case, ";"
    no_break_dates: bool = False  # month names tied to the numbers beside them
    elision: Mapping[str, str] = field(default_factory=dict)  # French "de" -> "d’" ...
    elision_before: str = ""  # ... before a word starting with one of these letters
    authorities_of: Mapping[str, str] = field(default_factory=dict)
    nationalities: Mapping[str, str] = field(default_factory=dict)
    ordinals: Mapping[str, str] = field(default_factory=dict)
    slots: Mapping[str, str] = field(default_factory=dict)  # role -> grammatical case
    possessive: tuple[str, ...] = ()  # after an s, otherwise (English "’", "’s")
    pronouns: Mapping[str, Mapping[str, str]] = field(default_factory=dict)  # gender -> case
    date_prepositions: tuple[str, ...] = ()  # words a catalog must not put before a date
    date_postpositions: tuple[str, ...] = ()  # ... nor after it (Crimean Tatar "berli")

    @cached_property
    def babel(self) -> Locale | None:
        """The Babel locale, or None for a locale CLDR does not know."""
        return Locale.parse(self.babel_id) if self.babel_id else None

    @cached_property
    def plural(self) -> PluralRule | None:
        """The plural rule from locale.toml, or None (then Babel's, or the chain's)."""
        return parse_plural_rule(self.plural_text) if self.plural_text is not None else None

    @property
    def chain(self) -> tuple[str, ...]:
        """The locale itself, then its fallbacks; always ends in the source language."""
        seen: list[str] = []
        for lang in (self.lang, *self.fallback):
            if lang not in seen and lang != SOURCE_LANGUAGE:
                seen.append(lang)
        return (*seen, SOURCE_LANGUAGE)


# --------------------------------------------------------------------------------------------
# Folders


# What this function returned: given back, it is returned as it is (resolving a resolved list
# again only costs system calls, for every name a document declines).
_RESOLVED: set[tuple[Path, ...]] = set()


def resolve_locale_dirs(locale_dirs: Sequence[Path | str] | None) -> tuple[Path, ...]:
    """The absolute locale folders to search, in order; the bundled folder by default."""
    if isinstance(locale_dirs, tuple) and locale_dirs in _RESOLVED:
        return locale_dirs
    if locale_dirs is None:
        found: tuple[Path, ...] = (bundled_locales_dir().resolve(),)
    else:
        dirs: list[Path] = []
        for d in locale_dirs:
            path = Path(d).expanduser().resolve()
            if not path.is_dir():
                raise InputError(f"{path}: the locale folder does not exist")
            if path not in dirs:
                dirs.append(path)
        found = tuple(dirs)
    if len(_RESOLVED) > 256:  # a program that makes folders without end: start again
        _RESOLVED.clear()
    _RESOLVED.add(found)
    return found


def catalog_path(locale_dir: Path, lang: str) -> Path:
    """Where the catalog of ``lang`` lives in ``locale_dir``."""
    return locale_dir / lang / CATALOG_FILE


def locale_files(lang: str, dirs: Sequence[Path]) -> list[Path]:
    """Every ``locale.toml`` and catalog path that may hold data of ``lang`` (existing or not)."""
    return list(locale_paths(tuple(dirs), lang, LOCALE_FILE, CATALOG_FILE))


def available_locales(locale_dirs: Sequence[Path | str] | None = None) -> list[str]:
    """The locale folders that have a ``locale.toml`` or a catalog, sorted."""
    found: set[str] = set()
    for d in resolve_locale_dirs(locale_dirs):
        for child in d.iterdir():
            if child.name.startswith((".", "_")) or not child.is_dir():
                continue
            if (child / LOCALE_FILE).is_file() or catalog_path(d, child.name).is_file():
                found.add(child.name)
    return sorted(found)


# --------------------------------------------------------------------------------------------
# Reading and validating locale.toml


class _Checker:
    """Collects every problem of one locale.toml, so that the user sees all of them at once."""

    def __init__(self, path: Path, lines: KeyLines | None = None) -> None:
        self.path = path
        self.lines = lines
        self.problems: list[Problem] = []

    def problem(self, key: str, message: str) -> None:
        line = self.lines.line(key.replace('"', "")) if self.lines is not None else None
        self.problems.append(Problem(str(self.path), line, None, key, message))

    def table(self, value: Any, key: str, allowed: Sequence[str] | None) -> dict[str, Any]:
        """``value`` as a table with only ``allowed`` keys (any key when None)."""
        if not isinstance(value, dict):
            self.problem(key, f"expected a table, got {_type_name(value)}")
            return {}
        if allowed is not None:
            for k in value:
                if k not in allowed:
                    self.problem(
                        f"{key}.{k}" if key else k,
                        f"unknown key; expected one of: {', '.join(allowed)}",
                    )
            return {k: v for k, v in value.items() if k in allowed}
        return dict(value)

    def string(self, value: Any, key: str) -> str | None:
        if not isinstance(value, str) or not value:
            self.problem(key, f"expected a non-empty string, got {_type_name(value)}")
            return None
        return value

    def pattern(self, value: Any, key: str, placeholders: Sequence[str]) -> str | None:
        """A ``{0}``/``{1}`` pattern as CLDR writes list and unit patterns."""
        text = self.string(value, key)
        if text is None:
            return None
        try:
            text.format(*("x" for _ in placeholders))
        except (IndexError, KeyError, ValueError):
            self.problem(key, f"bad pattern {text!r}: use only {' and '.join(placeholders)}")
            return None
        for p in placeholders:
            if p not in text:
                self.problem(key, f"the pattern {text!r} must contain {p}")
                return None
        return text


def _type_name(value: Any) -> str:
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, str):
        return "an empty string" if not value else "a string"
    return type(value).__name__


def _babel_known(identifier: str) -> bool:
    try:
        Locale.parse(identifier)
    except (UnknownLocaleError, ValueError, TypeError):
        return False
    return True


def _validate(raw: dict[str, Any], c: _Checker) -> dict[str, Any]:
    """Check a parsed locale.toml and normalize it into flat, typed mappings."""
    out: dict[str, Any] = {}
    top = c.table(raw, "", _TOP_KEYS)

    if "name" in top and (name := c.string(top["name"], "name")) is not None:
        out["name"] = name

    if "fallback" in top:
        value = top["fallback"]
        if not isinstance(value, list) or not all(
            isinstance(x, str) and LANG_CODE.match(x) for x in value
        ):
            c.problem("fallback", 'expected a list of locale codes such as ["uk", "en"]')
        else:
            out["fallback"] = tuple(value)

    if "babel" in top:
        value = top["babel"]
        if value is False:
            out["babel"] = False
        elif not isinstance(value, str):
            c.problem(
                "babel", f'expected a Babel locale such as "uk" or false, got {_type_name(value)}'
            )
        elif not _babel_known(value.replace("-", "_")):
            c.problem("babel", f"Babel (CLDR) does not know the locale {value!r}")
        else:
            out["babel"] = str(Locale.parse(value.replace("-", "_")))

    if "plural" in top:
        value = top["plural"]
        if not isinstance(value, str):
            c.problem(
                "plural",
                f'expected a CLDR rule string such as "one: n = 1", got {_type_name(value)}',
            )
        else:
            try:
                parse_plural_rule(value)
            except ValueError as exc:
                c.problem("plural", str(exc))
            else:
                out["plural"] = value

    if "dates" in top:
        patterns: dict[tuple[str, str], str] = {}
        for style, table in c.table(top["dates"], "dates", DATE_STYLES).items():
            for precision, value in c.table(table, f"dates.{style}", PRECISIONS).items():
                key = f"dates.{style}.{precision}"
                text = c.string(value, key)
                if text is None:
                    continue
                why = check_date_pattern(text, precision)
                if why:
                    c.problem(key, why)
                else:
                    patterns[(style, precision)] = text
        out["dates"] = patterns

    if "days" in top:
        days: dict[int, str] = {}
        table = top["days"]
        if not isinstance(table, dict):
            c.problem("days", 'expected a table of day numbers, e.g. days = { "1" = "1er" }')
        else:
            for number, value in table.items():
                text = c.string(value, f'days."{number}"')
                if not (isinstance(number, str) and number.isdigit() and 1 <= int(number) <= 31):
                    c.problem(f'days."{number}"', "expected a day of the month, 1 to 31")
                elif text:
                    days[int(number)] = text
        out["days"] = days

    if "months" in top:
        months: dict[tuple[str, str], tuple[str, ...]] = {}
        for context, table in c.table(top["months"], "months", MONTH_CONTEXTS).items():
            for width, value in c.table(table, f"months.{context}", MONTH_WIDTHS).items():
                key = f"months.{context}.{width}"
                if (
                    not isinstance(value, list)
                    or len(value) != 12
                    or not all(isinstance(x, str) and x for x in value)
                ):
                    c.problem(key, "expected a list of 12 month names, January first")
                else:
                    months[(context, width)] = tuple(value)
        out["months"] = months

    if "lists" in top:
        lists: dict[str, dict[str, str]] = {}
        for style, table in c.table(top["lists"], "lists", LIST_STYLES).items():
            parts: dict[str, str] = {}
            for part, value in c.table(table, f"lists.{style}", LIST_PARTS).items():
                text = c.pattern(value, f'lists.{style}."{part}"', ("{0}", "{1}"))
                if text is not None:
                    parts[part] = text
            lists[style] = parts
        out["lists"] = lists

    if "numbers" in top:
        numbers: dict[str, str] = {}
        for symbol, value in c.table(top["numbers"], "numbers", NUMBER_SYMBOLS).items():
            text = c.string(value, f"numbers.{symbol}")
            if text is not None:
                numbers[symbol] = text
        out["numbers"] = numbers

    if "units" in top:
        units: dict[str, dict[str, str]] = {}
        for unit, table in c.table(top["units"], "units", UNITS).items():
            forms: dict[str, str] = {}
            checked = c.table(table, f"units.{unit}", PLURAL_CATEGORIES)
            for category, value in checked.items():
                text = c.pattern(value, f"units.{unit}.{category}", ("{0}",))
                if text is not None:
                    forms[category] = text
            if isinstance(table, dict) and "other" not in table:
                c.problem(
                    f"units.{unit}", 'the "other" form is required (other forms fall back to it)'
                )
            units[unit] = forms
        out["units"] = units

    for section, pattern, example in (
        ("countries", _COUNTRY_CODE, "RU"),
        ("languages", LANG_CODE, "uk"),
        ("authorities_of", _COUNTRY_CODE, "RU"),
        ("nationalities", _COUNTRY_CODE, "RU"),
    ):
        if section in top:
            names: dict[str, str] = {}
            for code, value in c.table(top[section], section, None).items():
                if not pattern.match(code):
                    c.problem(f"{section}.{code}", f"not a code such as {example}")
                    continue
                text = c.string(value, f"{section}.{code}")
                if text is not None:
                    names[code] = text
            out[section] = names

    if "ordinals" in top:
        ordinals: dict[str, str] = {}
        for key, value in c.table(top["ordinals"], "ordinals", None).items():
            if key not in _ORDINAL_KEYS:
                c.problem(f'ordinals."{key}"', 'expected "1" to "9", "10" to "90", "100", "1000"')
                continue
            text = c.pattern(value, f'ordinals."{key}"', ("{0}",))
            if text is not None:
                ordinals[key] = text
        out["ordinals"] = ordinals

    if "typography" in top:
        table = c.table(top["typography"], "typography", _TYPOGRAPHY_KEYS)
        typo: dict[str, Any] = {}
        if "space_before" in table:
            marks = c.string(table["space_before"], "typography.space_before")
            if marks is not None and not all(ch in ";:!?»" for ch in marks):
                c.problem("typography.space_before", "only the marks ; : ! ? » may take a space")
            elif marks is not None:
                typo["space_before"] = marks
        if "no_break_after" in table:
            words = _short_words(c, table["no_break_after"], "typography.no_break_after")
            if words is not None:
                typo["no_break_after"] = words
        if "apostrophe" in table:
            mark = c.string(table["apostrophe"], "typography.apostrophe")
            if mark is not None and mark not in ("’", "ʼ"):
                c.problem("typography.apostrophe", "expected ’ (U+2019) or ʼ (U+02BC)")
            elif mark is not None:
                typo["apostrophe"] = mark
        if "quotes" in table:
            marks = c.string(table["quotes"], "typography.quotes")
            if marks is not None and len(marks) != 4:
                c.problem("typography.quotes", 'expected four marks, e.g. "“”‘’"')
            elif marks is not None:
                typo["quotes"] = marks
        for flag in (
            "guillemet_space",
            "no_break_after_number",
            "continued_list_items",
            "no_break_dates",
        ):
            if flag in table:
                if not isinstance(table[flag], bool):
                    c.problem(f"typography.{flag}", "expected true or false")
                else:
                    typo[flag] = table[flag]
        if "elision" in table:
            forms = c.table(table["elision"], "typography.elision", None)
            words_and_forms = (
                isinstance(k, str) and k.strip() and isinstance(v, str) and v
                for k, v in (forms or {}).items()
            )
            if not forms or not all(words_and_forms):
                c.problem("typography.elision", 'expected words and their forms: { "de" = "d’" }')
            else:
                typo["elision"] = dict(forms)
        if "elision_before" in table:
            letters = c.string(table["elision_before"], "typography.elision_before")
            if letters is not None:
                typo["elision_before"] = letters
        for key in ("no_break_before_number", "no_break_before"):
            if key in table:
                value = table[key]
                if (
                    not isinstance(value, list)
                    or not value
                    or not all(
                        isinstance(w, str) and w.strip() and not any(ch.isspace() for ch in w)
                        for w in value
                    )
                ):
                    c.problem(f"typography.{key}", 'expected a list of marks such as ["—"]')
                else:
                    typo[key] = tuple(value)
        if typo:
            out["typography"] = typo

    if "pronouns" in top:
        pronouns: dict[str, dict[str, str]] = {}
        for gender, table in c.table(top["pronouns"], "pronouns", PRONOUN_GENDERS).items():
            cased: dict[str, str] = {}
            for case, value in c.table(table, f"pronouns.{gender}", PRONOUN_CASES).items():
                text = c.string(value, f"pronouns.{gender}.{case}")
                if text is not None:
                    cased[case] = text
            pronouns[gender] = cased
        out["pronouns"] = pronouns

    if "grammar" in top:
        table = c.table(
            top["grammar"],
            "grammar",
            ("date_prepositions", "date_postpositions", "slots", "possessive"),
        )
        grammar: dict[str, Any] = {}
        for key in ("date_prepositions", "date_postpositions"):
            if key in table:
                found = _words(c, table[key], f"grammar.{key}")
                if found is not None:
                    grammar[key] = found
        if "slots" in table:
            slots: dict[str, str] = {}
            for role, case in c.table(table["slots"], "grammar.slots", SLOT_ROLES).items():
                if case not in GRAMMATICAL_CASES:
                    cases = ", ".join(GRAMMATICAL_CASES)
                    c.problem(f"grammar.slots.{role}", f"expected a case among {cases}")
                else:
                    slots[role] = case
            grammar["slots"] = slots
        if "possessive" in table:
            value = table["possessive"]
            if (
                not isinstance(value, list)
                or len(value) != 2
                or not all(isinstance(x, str) and x for x in value)
            ):
                c.problem("grammar.possessive", 'expected two endings, e.g. ["’", "’s"]')
            else:
                grammar["possessive"] = tuple(value)
        out["grammar"] = grammar
    return out


_TYPOGRAPHY_KEYS = (
    "space_before",
    "no_break_after",
    "apostrophe",
    "quotes",
    "guillemet_space",
    "no_break_after_number",
    "no_break_before_number",
    "no_break_before",
    "continued_list_items",
    "no_break_dates",
    "elision",
    "elision_before",
)
_ORDINAL_KEYS = frozenset(
    [str(n) for n in range(1, 10)] + [str(n * 10) for n in range(1, 10)] + ["100", "1000"]
)
GRAMMATICAL_CASES = ("nom", "gen", "dat", "acc", "ins", "loc", "voc")  # as grammar.CASES
SLOT_ROLES = ("about", "agent", "recognised")
"""The roles of placeholders whose case a locale gives under ``[grammar] slots``: "about" the
person (and the occupation) a letter is about; "agent" the organisation that recognised the
person; "recognised" the person it recognised (see the translator guide)."""


def _words(c: _Checker, value: Any, key: str) -> tuple[str, ...] | None:
    """A list of single words (letters, and apostrophes as in "jusqu'au"), lower-cased."""
    if not isinstance(value, list) or not all(
        isinstance(w, str) and w.replace("'", "").replace("’", "").isalpha() for w in value
    ):
        c.problem(key, 'expected a list of single words such as ["on", "in"]')
        return None
    return tuple(w.lower() for w in value)


def _short_words(c: _Checker, value: Any, key: str) -> tuple[str, ...] | None:
    """A list of words, each letters only (["a", "i", "w", "z"])."""
    if not isinstance(value, list) or not value:
        c.problem(key, f"expected a non-empty list of words, got {_type_name(value)}")
        return None
    bad = [w for w in value if not isinstance(w, str) or not w.isalpha()]
    if bad:
        c.problem(key, f"expected words made of letters only, got {bad[0]!r}")
        return None
    return tuple(value)


def file_stamp(path: Path) -> tuple[int, int] | None:
    """(mtime_ns, size) of a file, or None when it does not exist; the key of our caches."""
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return None
    return (st.st_mtime_ns, st.st_size)


K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


class StampedCache(Generic[K, V]):
    """A thread-safe cache whose entries are rebuilt when their files' stamps change.

    Translators edit catalogs and locale files while a long-running process renders: an edit
    must be seen on the next render, without parsing unchanged files every time.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._entries: dict[K, tuple[Hashable, V]] = {}

    def for_files(self, key: K, paths: Sequence[Path], build: Callable[[], V]) -> V:
        """The cached value for ``key`` built from ``paths``, rebuilt when any of them changed
        (appeared, went, or was edited)."""
        return self.get(key, tuple(file_stamp(p) for p in paths), build)

    def get(self, key: K, stamp: Hashable, build: Callable[[], V]) -> V:
        """The cached value for ``key`` if built at ``stamp``, else a fresh ``build()``."""
        with self._lock:
            hit = self._entries.get(key)
        if hit is not None and hit[0] == stamp:
            return hit[1]
        value = build()
        with self._lock:
            self._entries[key] = (stamp, value)
        return value


_file_cache: StampedCache[Path, dict[str, Any]] = StampedCache()


def read_locale_file(path: Path, root: Path | None = None) -> dict[str, Any]:
    """A validated, normalized ``locale.toml`` of the locale folder ``root`` (by default the
    folder two levels up: ``<root>/<lang>/locale.toml``); ValidationFailed naming the file,
    line and key."""
    stamp = file_stamp(path)
    if stamp is None:
        raise InputError(f"{path}: file not found")
    folder = root if root is not None else path.parent.parent
    return _file_cache.get(path, stamp, lambda: _read_locale_file(path, folder))


def _read_locale_file(path: Path, root: Path) -> dict[str, Any]:
    text, raw = read_toml(path, root)  # size, depth, characters: as every locale file
    checker = _Checker(path, KeyLines(text))
    data = _validate(raw, checker)
    if checker.problems:
        raise ValidationFailed(checker.problems)
    return data


def merge_tables(base: Mapping[Any, Any], override: Mapping[Any, Any]) -> dict[Any, Any]:
    """``base`` updated with ``override``, tables merged key by key (not replaced whole)."""
    out = dict(base)
    for k, v in override.items():
        if isinstance(v, Mapping) and isinstance(out.get(k), Mapping):
            out[k] = merge_tables(out[k], v)
        else:
            out[k] = v
    return out


def load_locale_spec(lang: str, dirs: Sequence[Path]) -> LocaleSpec:
    """The merged data of ``lang`` from every folder; InputError for an unknown locale."""
    check_lang(lang)
    merged: dict[str, Any] = {}
    files: list[Path] = []
    fallback_file: Path | None = None
    has_catalog = False
    # Later folders first, so that earlier ones (user folders) override them.
    for d in reversed(dirs):
        toml_path = d / lang / LOCALE_FILE
        if os.path.lexists(toml_path):  # a pipe or a link out is an error, not skipped
            data = read_locale_file(toml_path, d)
            merged = merge_tables(merged, data)
            files.append(toml_path)
            if "fallback" in data:
                fallback_file = toml_path
        has_catalog = has_catalog or catalog_path(d, lang).is_file()
    if not files and not has_catalog:
        known = ", ".join(available_locales(dirs)) or "none"
        where = ", ".join(str(d) for d in dirs)
        raise InputError(f"unknown locale {lang!r}: available locales are {known} (in {where})")

    babel_value = merged.get("babel")
    babel_id: str | None
    if babel_value is False:
        babel_id = None
    elif isinstance(babel_value, str):
        babel_id = babel_value
    else:  # absent: a folder named after a CLDR locale uses that locale
        babel_id = (
            str(Locale.parse(lang.replace("-", "_")))
            if _babel_known(lang.replace("-", "_"))
            else None
        )

    typography = merged.get("typography", {})
    grammar = merged.get("grammar", {})
    name = merged.get("name")
    if name is None:
        babel_name = Locale.parse(babel_id).display_name if babel_id else None
        name = babel_name or lang

    return LocaleSpec(
        lang=lang,
        name=name,
        fallback=tuple(merged.get("fallback", ())),
        babel_id=babel_id,
        files=tuple(files),
        fallback_file=fallback_file,
        plural_text=merged.get("plural"),
        date_patterns=merged.get("dates", {}),
        months=merged.get("months", {}),
        days=merged.get("days", {}),
        lists=merged.get("lists", {}),
        numbers=merged.get("numbers", {}),
        units=merged.get("units", {}),
        countries=merged.get("countries", {}),
        languages=merged.get("languages", {}),
        space_before=merged.get("typography", {}).get("space_before", ""),
        no_break_after=tuple(merged.get("typography", {}).get("no_break_after", ())),
        apostrophe=typography.get("apostrophe", ""),
        quotes=typography.get("quotes", ""),
        guillemet_space=bool(typography.get("guillemet_space", False)),
        no_break_after_number=bool(typography.get("no_break_after_number", False)),
        no_break_before_number=tuple(typography.get("no_break_before_number", ())),
        no_break_before=tuple(typography.get("no_break_before", ())),
        continued_list_items=bool(typography.get("continued_list_items", False)),
        no_break_dates=bool(typography.get("no_break_dates", False)),
        elision=typography.get("elision", {}),
        elision_before=typography.get("elision_before", ""),
        pronouns=merged.get("pronouns", {}),
        date_prepositions=tuple(grammar.get("date_prepositions", ())),
        date_postpositions=tuple(grammar.get("date_postpositions", ())),
        authorities_of=merged.get("authorities_of", {}),
        nationalities=merged.get("nationalities", {}),
        ordinals=merged.get("ordinals", {}),
        slots=grammar.get("slots", {}),
        possessive=tuple(grammar.get("possessive", ())),
    )
