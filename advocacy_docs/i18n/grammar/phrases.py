"""Noun phrases in running text: a court or an authority as a sentence needs it.

A case file writes an institution as a label shows it ("Zweites Westliches
Bezirksmilitärgericht", "FSB", "Police du district de Khatai"). A sentence may need it with an
article and in a case: "das Zweite Westliche Bezirksmilitärgericht", "von Beamten des FSB",
"par des agents de la Police du district de Khatai". The rules are locale data,
``locales/<lang>/phrases.toml`` (an unknown key or a wrong type is an error)::

    [phrases]
    declines = true                   # false: phrases are used as written in every case (en)
    cases = ["nom", "gen", "dat"]     # the cases the rules below give

    [article]                         # the definite article by gender (m, n, f) and case; a
    m = {nom = "der", gen = "des"}    # phrase written with one ("le tribunal") is recognised

    [elision]                         # French: an article before a vowel ("de l'Ouest")
    vowels = "aeiouyhé"
    forms = {"le" = "l'", "du" = "de l'"}

    [adjective]                       # German: adjectives before the head noun
    strong = {m = "er", n = "es", f = "e"}     # their ending as the label writes them
    weak.m = {nom = "e", gen = "en"}           # and after the article
    stem = "(t|lich|isch)"            # what precedes the ending in a real adjective

    [noun]                            # German: the head noun's genitive ending (not for
    genitive = {m = "s", n = "s"}     # abbreviations such as "FSB")
    genitive_es = "(s|ß|x|z)"         # ... "es" after these

    [heads]                           # the head noun: the first word ending in one of these
    gericht = "n"                     # (the longest first), and its gender

A language without a ``phrases.toml`` (Ukrainian, Russian, Polish) keeps a phrase as written:
right in the nominative, and in any case for an abbreviation ("ФСБ"); another phrase in
another case is undecided and reported.
"""

from __future__ import annotations

import functools
import re
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ...errors import InputError, Problem, ValidationFailed
from ..localedata import StampedCache, file_stamp, resolve_locale_dirs
from .types import CASES, Case, Source

PHRASES_FILE = "phrases.toml"
GENDERS = ("m", "n", "f")


@dataclass(frozen=True)
class PhraseForm:
    """A noun phrase in a case, and how it was decided (``note`` says why when undecided)."""

    text: str
    written: str
    case: Case
    lang: str
    source: Source
    note: str = ""

    def __str__(self) -> str:
        return self.text

    @property
    def decided(self) -> bool:
        """False when the phrase is shown as written because no rule could decide its form."""
        return self.source is not Source.UNDECIDED


@dataclass(frozen=True)
class PhraseRules:
    """What a ``phrases.toml`` says; ``known`` is False for a language without one."""

    lang: str
    known: bool = False
    declines: bool = True
    cases: frozenset[Case] = frozenset()
    articles: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    vowels: str = ""
    elided: Mapping[str, str] = field(default_factory=dict)
    strong: Mapping[str, str] = field(default_factory=dict)
    weak: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    stem: re.Pattern[str] | None = None
    genitive: Mapping[str, str] = field(default_factory=dict)
    genitive_es: re.Pattern[str] | None = None
    heads: tuple[tuple[str, str], ...] = ()  # (ending, gender), the longest ending first


def abbreviation(text: str) -> bool:
    """True for an abbreviation written in capitals ("FSB", "ФСБ", "KGB"): it never declines."""
    word = text.strip()
    return word.isupper() and not any(c.isspace() for c in word) and sum(map(str.isalpha, word)) > 1


def phrase(
    text: str, case: Case, lang: str, *, locale_dirs: Sequence[Path] | None = None
) -> PhraseForm:
    """``text`` (as a label writes it) as a noun phrase in ``case`` in running text."""
    if case not in CASES:
        raise ValueError(f"unknown case {case!r} (expected one of {', '.join(CASES)})")
    rules = phrase_rules(lang, locale_dirs)
    if not rules.known or not rules.declines:
        if case == "nom" or not rules.declines or abbreviation(text):
            return PhraseForm(text, text, case, lang, Source.NOMINATIVE)
        return _undecided(text, case, lang, f"no {lang} rules decline this phrase")
    if case not in rules.cases:
        return _undecided(text, case, lang, f"the {lang} phrase rules give no {case} form")
    words = text.split()
    gender, words = _written_article(rules, words)
    index = 0
    if gender is None:
        found = _head(rules, words)
        if found is None and case == "nom":
            # A proper name without a head noun ("Amnesty International", "Memorial") takes no
            # article: in the nominative it stands as written.
            return PhraseForm(text, text, case, lang, Source.NOMINATIVE)
        if found is None:
            return _undecided(text, case, lang, "no known noun heads the phrase (see [heads])")
        index, gender = found
    else:
        found = _head(rules, words)
        index = found[0] if found else 0
    out: list[str] = []
    strong, weak = rules.strong.get(gender), rules.weak.get(gender, {}).get(case)
    for word in words[:index]:
        if strong is None or weak is None or not word.lower().endswith(strong):
            out.append(word)  # "Bakuer", "II.", "deuxième": attributes that do not change
            continue
        stem = word[: len(word) - len(strong)]
        if rules.stem is None or not rules.stem.search(stem.lower()):
            why = f"{word!r} may be an adjective or an indeclinable attribute"
            return _undecided(text, case, lang, why)
        out.append(stem + weak)
    rest = list(words[index:])
    ending = rules.genitive.get(gender) if case == "gen" else None
    if ending and rest and not abbreviation(rest[0]) and found is not None:
        head = rest[0]
        es = rules.genitive_es is not None and rules.genitive_es.search(head.lower())
        rest[0] = head + ("e" + ending if es else ending)
    return PhraseForm(_join(rules, rules.articles[gender][case], [*out, *rest]), text, case, lang,
                      Source.RULE)  # fmt: skip


def bare(text: str, lang: str, *, locale_dirs: Sequence[Path] | None = None) -> str:
    """``text`` without the definite article it is written with, for a label: French "le
    deuxième tribunal militaire" → "deuxième tribunal militaire"."""
    rules = phrase_rules(lang, locale_dirs)
    if not rules.known or not rules.declines:
        return text
    gender, words = _written_article(rules, text.split())
    return " ".join(words) if gender is not None else text


def _written_article(rules: PhraseRules, words: list[str]) -> tuple[str | None, list[str]]:
    """The gender a phrase's own article shows ("le tribunal": m), and the words after it."""
    if not words:
        return None, words
    first = words[0].lower()
    for elided in set(rules.elided.values()):
        if " " not in elided and first.startswith(elided) and len(first) > len(elided):
            # "l'Ouest": either gender elides alike; the first one with that form is taken
            gender = next((g for g, a in rules.articles.items() if a.get("nom") in rules.elided))
            return gender, [words[0][len(elided) :], *words[1:]]
    genders = [g for g, forms in rules.articles.items() if forms.get("nom") == first]
    if len(genders) == 1 and len(words) > 1:
        return genders[0], words[1:]
    return None, words


def _join(rules: PhraseRules, article: str, words: list[str]) -> str:
    if words and rules.vowels and words[0][:1].lower() in rules.vowels:
        elided = rules.elided.get(article)
        if elided is not None:
            return elided + " ".join(words)
    return " ".join([article, *words])


def _undecided(text: str, case: Case, lang: str, note: str) -> PhraseForm:
    return PhraseForm(text, text, case, lang, Source.UNDECIDED, note)


def _head(rules: PhraseRules, words: Sequence[str]) -> tuple[int, str] | None:
    for index, word in enumerate(words):
        lowered = word.lower()
        for ending, gender in rules.heads:
            if lowered.endswith(ending):
                return index, gender
    return None


_cache: StampedCache[tuple[str, Path], PhraseRules] = StampedCache()


def phrase_rules(lang: str, locale_dirs: Sequence[Path] | None = None) -> PhraseRules:
    """The phrase rules of ``lang`` (its base language's for ``de-AT``), from the first folder
    that has a ``phrases.toml``; cached until the file changes."""
    dirs = resolve_locale_dirs(locale_dirs)
    for code in dict.fromkeys((lang, lang.replace("_", "-").split("-")[0])):
        for d in dirs:
            path = d / code / PHRASES_FILE
            stamp = file_stamp(path)
            if stamp is not None:
                return _cache.get((code, path), stamp, functools.partial(_read, path, code))
    return PhraseRules(lang)


class _Reader:
    """Reads one ``phrases.toml``, collecting every problem."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.problems: list[Problem] = []

    def problem(self, key: str, message: str) -> None:
        self.problems.append(Problem(str(self.path), None, None, key, message))

    def table(self, value: Any, key: str, allowed: Sequence[str] | None = None) -> dict[str, Any]:
        if not isinstance(value, dict):
            self.problem(key, "expected a table")
            return {}
        for k in value:
            if allowed is not None and k not in allowed:
                where = f"{key}.{k}" if key else k
                self.problem(where, f"unknown key (expected {', '.join(allowed)})")
        return {k: v for k, v in value.items() if allowed is None or k in allowed}

    def texts(self, value: Any, key: str, keys: Sequence[str] | None = None) -> dict[str, str]:
        out: dict[str, str] = {}
        for k, v in self.table(value, key, keys).items():
            if isinstance(v, str):
                out[k] = v
            else:
                self.problem(f"{key}.{k}", "expected a text")
        return out

    def regex(self, value: Any, key: str) -> re.Pattern[str] | None:
        try:
            return re.compile(f"(?:{value})$") if isinstance(value, str) else None
        except re.error as exc:
            self.problem(key, f"not a valid regular expression: {exc}")
            return None


def _read(path: Path, lang: str) -> PhraseRules:
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError as exc:
        raise InputError(f"{path}: not UTF-8 text ({exc.reason})") from None
    except tomllib.TOMLDecodeError as exc:
        problem = Problem(str(path), None, None, "", f"not valid TOML: {exc}")
        raise ValidationFailed([problem]) from None
    r = _Reader(path)
    keys = ("phrases", "article", "elision", "adjective", "noun", "heads")
    top = r.table(raw, "", keys)
    settings = r.table(top.get("phrases", {}), "phrases", ("declines", "cases"))
    declines = settings.get("declines", True)
    if not isinstance(declines, bool):
        r.problem("phrases.declines", "expected true or false")
        declines = True
    cases: list[Case] = [c for c in CASES if c in settings.get("cases", [])]
    if not isinstance(settings.get("cases", []), list) or len(cases) != len(
        settings.get("cases", [])
    ):
        r.problem("phrases.cases", f"expected a list of cases among {', '.join(CASES)}")
    articles = {
        g: r.texts(v, f"article.{g}", cases)
        for g, v in r.table(top.get("article", {}), "article", GENDERS).items()
    }
    for gender, forms in articles.items():
        missing = [c for c in cases if c not in forms]
        if missing:
            r.problem(f"article.{gender}", f"needs a text for each of: {', '.join(missing)}")
    if declines and not articles:
        r.problem("article", "a language whose phrases decline needs its articles")
    elision = r.table(top.get("elision", {}), "elision", ("vowels", "forms"))
    adjective = r.table(top.get("adjective", {}), "adjective", ("strong", "weak", "stem"))
    noun = r.table(top.get("noun", {}), "noun", ("genitive", "genitive_es"))
    heads: list[tuple[str, str]] = []
    for ending, gender in r.texts(top.get("heads", {}), "heads").items():
        if gender not in GENDERS:
            r.problem(f"heads.{ending}", f"expected a gender among {', '.join(GENDERS)}")
        heads.append((ending.lower(), gender))
    rules = PhraseRules(
        lang,
        known=True,
        declines=declines,
        cases=frozenset(cases),
        articles=articles,
        vowels=str(elision.get("vowels", "")),
        elided=r.texts(elision.get("forms", {}), "elision.forms"),
        strong=r.texts(adjective.get("strong", {}), "adjective.strong", GENDERS),
        weak={
            g: r.texts(v, f"adjective.weak.{g}", cases)
            for g, v in r.table(adjective.get("weak", {}), "adjective.weak", GENDERS).items()
        },
        stem=r.regex(adjective.get("stem"), "adjective.stem"),
        genitive=r.texts(noun.get("genitive", {}), "noun.genitive", GENDERS),
        genitive_es=r.regex(noun.get("genitive_es"), "noun.genitive_es"),
        heads=tuple(sorted(heads, key=lambda h: -len(h[0]))),
    )
    if r.problems:
        raise ValidationFailed(r.problems)
    return rules
