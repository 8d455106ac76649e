"""Noun phrases in running text: a court or an authority as a sentence needs it.

A case file writes an institution as a label shows it ("Zweites Westliches
Bezirksmilitärgericht", "FSB", "Police du district de Khatai"). A sentence may need it with an
article and in a case: "das Zweite Westliche Bezirksmilitärgericht", "von Beamten des FSB",
"par des agents de la Police du district de Khatai". The rules are locale data,
``locales/<lang>/phrases.toml`` (an unknown key or a wrong type is an error)::

    [phrases]
    declines = true                   # false: phrases are used as written in every case (en)
    cases = ["nom", "gen", "dat"]     # the cases the rules below give
    label_drops = ["the", "a", "an"]  # articles a phrase is written with in running text and
                                      # a label leaves out (en "the Memorial Human Rights
                                      # Centre", "a journalist" -> "Journalist")

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
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ...errors import Problem, ValidationFailed
from ..datafile import MAX_PROBLEMS, KeyLines, check_lang, locale_paths, read_toml
from ..localedata import StampedCache, file_stamp, resolve_locale_dirs
from .endings import MAX_WAYS_PER_FILE, PatternError, compile_ending, ends
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
    label_drops: frozenset[str] = frozenset()  # articles a label leaves out (en "the", "a")


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
        if not ends(rules.stem, stem.lower()):
            why = f"{word!r} may be an adjective or an indeclinable attribute"
            return _undecided(text, case, lang, why)
        out.append(stem + weak)
    rest = list(words[index:])
    ending = rules.genitive.get(gender) if case == "gen" else None
    if ending and rest and not abbreviation(rest[0]) and found is not None:
        head = rest[0]
        es = ends(rules.genitive_es, head.lower())
        rest[0] = head + ("e" + ending if es else ending)
    return PhraseForm(_join(rules, rules.articles[gender][case], [*out, *rest]), text, case, lang,
                      Source.RULE)  # fmt: skip


def bare(text: str, lang: str, *, locale_dirs: Sequence[Path] | None = None) -> str:
    """``text`` without the article it is written with, for a label: French "le deuxième
    tribunal militaire" → "deuxième tribunal militaire", English "a journalist" →
    "journalist"."""
    rules = phrase_rules(lang, locale_dirs)
    words = text.split()
    if len(words) > 1 and words[0] in rules.label_drops:
        return " ".join(words[1:])
    if not rules.known or not rules.declines:
        return text
    gender, words = _written_article(rules, words)
    return " ".join(words) if gender is not None else text


def _written_article(rules: PhraseRules, words: list[str]) -> tuple[str | None, list[str]]:
    """The gender a phrase's own article shows ("le tribunal": m), and the words after it."""
    if not words:
        return None, words
    first = words[0].lower()
    for elided in set(rules.elided.values()):
        if " " not in elided and first.startswith(elided) and len(first) > len(elided):
            # "l'Ouest": either gender elides alike; the first one with that form is taken
            gender = next(
                (g for g, a in rules.articles.items() if a.get("nom") in rules.elided), None
            )
            if gender is None:
                break  # no article elides so (refused when the file is read)
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
    check_lang(lang)  # it names a folder
    for code in dict.fromkeys((lang, lang.replace("_", "-").split("-")[0])):
        for d, path in zip(dirs, locale_paths(dirs, code, PHRASES_FILE), strict=True):
            stamp = file_stamp(path)
            if stamp is not None:
                return _cache.get((code, path), stamp, functools.partial(_read, path, code, d))
    return PhraseRules(lang)


class _Reader:
    """Reads one ``phrases.toml``, collecting every problem."""

    def __init__(self, path: Path, lines: KeyLines) -> None:
        self.path = path
        self.lines = lines
        self.problems: list[Problem] = []
        self.ways = 0  # of the file's patterns together

    def problem(self, key: str, message: str) -> None:
        if len(self.problems) < MAX_PROBLEMS:
            self.problems.append(Problem(str(self.path), self.lines.line(key), None, key, message))

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
        if value is None:
            return None
        if not isinstance(value, str) or not value:
            self.problem(key, 'expected a text: an ending pattern such as "(s|ß|x|z)"')
            return None
        try:
            pattern, ways = compile_ending(value)
        except PatternError as exc:
            self.problem(key, f"not a valid ending pattern: {exc}")
            return None
        self.ways += ways
        return pattern


def _read(path: Path, lang: str, root: Path) -> PhraseRules:
    text, raw = read_toml(path, root)  # size, depth, characters: as every locale file
    r = _Reader(path, KeyLines(text))
    keys = ("phrases", "article", "elision", "adjective", "noun", "heads")
    top = r.table(raw, "", keys)
    settings = r.table(top.get("phrases", {}), "phrases", ("declines", "cases", "label_drops"))
    declines = settings.get("declines", True)
    if not isinstance(declines, bool):
        r.problem("phrases.declines", "expected true or false")
        declines = True
    listed = settings.get("cases", [])
    if not isinstance(listed, list) or not all(isinstance(c, str) for c in listed):
        listed = [None]
    cases: list[Case] = [c for c in CASES if c in listed]
    if len(cases) != len(listed):
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
        elif declines and gender not in articles:
            r.problem(
                f"heads.{ending}", f"no [article] {gender} for a head noun of gender {gender}"
            )
        heads.append((ending.lower(), gender))
    elided = r.texts(elision.get("forms", {}), "elision.forms")
    known_articles = {text for forms in articles.values() for text in forms.values()}
    for article in elided:
        if article not in known_articles:
            r.problem(f"elision.forms.{article}", "not an article of [article]: nothing elides")
    vowels = elision.get("vowels", "")
    if not isinstance(vowels, str):
        r.problem("elision.vowels", 'expected the letters an elision comes before: "aeiou"')
        vowels = ""
    stem = r.regex(adjective.get("stem"), "adjective.stem")
    genitive_es = r.regex(noun.get("genitive_es"), "noun.genitive_es")
    if r.ways > MAX_WAYS_PER_FILE:
        ways = f"{r.ways:,} ways (at most {MAX_WAYS_PER_FILE:,})"
        r.problem("", f"the patterns together can match a word in {ways}")
    drops = settings.get("label_drops", [])
    if not isinstance(drops, list) or not all(isinstance(w, str) and w.isalpha() for w in drops):
        r.problem("phrases.label_drops", 'expected a list of words such as ["the", "a"]')
        drops = []
    rules = PhraseRules(
        lang,
        known=True,
        label_drops=frozenset(drops),
        declines=declines,
        cases=frozenset(cases),
        articles=articles,
        vowels=vowels,
        elided=elided,
        strong=r.texts(adjective.get("strong", {}), "adjective.strong", GENDERS),
        weak={
            g: r.texts(v, f"adjective.weak.{g}", cases)
            for g, v in r.table(adjective.get("weak", {}), "adjective.weak", GENDERS).items()
        },
        stem=stem,
        genitive=r.texts(noun.get("genitive", {}), "noun.genitive", GENDERS),
        genitive_es=genitive_es,
        heads=tuple(sorted(heads, key=lambda h: -len(h[0]))),
    )
    if r.problems:
        raise ValidationFailed(r.problems)
    return rules
