"""Name declension rules as locale data: ``locales/<lang>/names.toml``, and the engine that
applies them.

A language without a ``names.toml`` is one whose grammar we do not know: its names are left in
the nominative and reported as undecided. Schema (an unknown key or a wrong type is an error)::

    [names]
    script = "Cyrl"                  # Cyrl | Latn: a word without a letter of it stays as it is
    cases = ["gen", "dat", "acc"]    # the cases the rules below give
    nominative_cases = ["voc"]       # cases in which the language keeps the nominative
                                     # (every case but "nom" is in exactly one of the two lists)
    declines = "every"               # every word of a name takes the case, or only the "last"
                                     # one (Crimean Tatar suffixes end the noun phrase)
    library = "pytrovich"            # a library asked when no rule here matches (Russian)
    particles = ["фон", "ван"]       # words that never decline (von, van, de, ibn, ...)
    patronymic_markers = ["огли"]    # a patronymic with one of these words stays as it is
    patronymic = "(ович|івна)$"      # how a patronymic ends, to split "Прізвище Ім'я По-батькові"

    [[rule]]                         # rules are tried in file order: specific ones first;
    id = "family-enko-male"          # every rule with "words" is tried before any with "match"
    part = ["family"]                # given | patronymic | family (default: all three)
    gender = "male"                  # male | female | any (default)
    match = "енко"                   # an ending pattern matched at the end of the word
                                     # (letters, [classes], (a|b), * + ? after one letter:
                                     # advocacy_docs.i18n.grammar.endings)
    words = ["гюго", "шоу"]          # ... or whole words (written in lower case)
    unless = "ець"                   # skip the rule when this matches at the end
    strip = 1                        # letters removed before the ending of a case is added
    gen = "а"                        # the ending per case; a list gives equally standard
    dat = ["ові", "у"]               # forms, the first one is used; "?" = cannot decide
    invariable = true                # ... or: the word never declines
    undecided = "why not"            # ... or: these rules cannot decide (a person must)
    note = "why ? in a case"         # shown with a "?" form

Matching is on the lower-cased word; an all-capitals word gets a capitalised ending. When
several folders are searched, an earlier folder's rules are tried first and its ``[names]``
keys win.
"""

from __future__ import annotations

import os
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ...errors import Problem, ValidationFailed
from ..datafile import FileProblems, locale_paths, read_toml
from ..localedata import StampedCache
from .endings import MAX_WAYS_PER_FILE, PatternError, compile_ending, ends
from .types import CASES, PARTS, Case, Part

NAMES_FILE = "names.toml"
UNDECIDED_MARK = "?"

_NAMES_KEYS = (
    "script",
    "cases",
    "nominative_cases",
    "declines",
    "library",
    "particles",
    "patronymic_markers",
    "patronymic",
)
_RULE_KEYS: tuple[str, ...] = (
    *("id", "part", "gender", "match", "words", "unless", "strip", "invariable"),
    *("undecided", "note", *CASES[1:]),
)
_SCRIPTS = {"Cyrl": re.compile(r"[\u0400-\u04FF]"), "Latn": re.compile(r"[A-Za-z\u00C0-\u024F]")}
_LIBRARIES = ("pytrovich",)
MAX_RULES = 2_000
"""Rules one ``names.toml`` may have (the bundled ones have fewer than 100)."""
MAX_FORMS = 8
"""Equally standard endings one rule may give for a case."""


@dataclass(frozen=True)
class Rule:
    """One suffix rule or exception list of a ``names.toml``."""

    id: str
    parts: frozenset[Part]
    gender: str
    match: re.Pattern[str] | None
    words: frozenset[str]
    unless: re.Pattern[str] | None
    strip: int
    forms: dict[Case, tuple[str, ...]]
    invariable: bool
    undecided: str
    note: str

    def applies(self, word: str, part: Part, gender: str) -> bool:
        """True when this rule is for ``word`` (lower case) as ``part`` of a ``gender`` name."""
        if part not in self.parts or self.gender not in ("any", gender):
            return False
        if self.words:
            return word in self.words
        if not ends(self.match, word):
            return False
        return not ends(self.unless, word)

    def inflect(self, word: str, case: Case) -> tuple[str, ...] | None:
        """The forms of ``word`` in ``case`` (first = preferred), or None when undecided."""
        if self.invariable:
            return (word,)
        endings = self.forms.get(case)
        if self.undecided or not endings or UNDECIDED_MARK in endings:
            return None
        if self.strip >= len(word):
            return None
        stem = word[: len(word) - self.strip]
        upper = len(word) > 1 and word.isupper()
        return tuple(stem + (e.upper() if upper else e) for e in endings)


@dataclass(frozen=True)
class NameRules:
    """Everything the ``names.toml`` files of one language say."""

    lang: str
    script: str = ""
    cases: frozenset[Case] = frozenset()
    nominative_cases: frozenset[Case] = frozenset()
    declines: str = "every"
    library: str = ""
    particles: frozenset[str] = frozenset()
    patronymic_markers: frozenset[str] = frozenset()
    patronymic: re.Pattern[str] | None = None
    rules: tuple[Rule, ...] = ()
    files: tuple[Path, ...] = field(default=())

    @property
    def known(self) -> bool:
        """False when no ``names.toml`` describes the language."""
        return bool(self.files)

    def in_script(self, word: str) -> bool:
        """True when ``word`` has a letter of the language's script (or no script is set)."""
        pattern = _SCRIPTS.get(self.script)
        return pattern is None or bool(pattern.search(word))

    def find(self, word: str, part: Part, gender: str) -> Rule | None:
        """The first rule for ``word`` (any case) as ``part`` of a ``gender`` name, or None."""
        lowered = word.lower()
        for rule in self.rules:
            if rule.applies(lowered, part, gender):
                return rule
        return None


_cache: StampedCache[tuple[str, tuple[Path, ...]], NameRules] = StampedCache()


def load_name_rules(lang: str, dirs: Sequence[Path]) -> NameRules:
    """The merged ``names.toml`` of ``lang`` from ``dirs``, cached until a file changes."""
    paths = locale_paths(tuple(dirs), lang, NAMES_FILE)
    return _cache.for_files((lang, tuple(dirs)), paths, lambda: _build(lang, paths))


def _build(lang: str, paths: Sequence[Path]) -> NameRules:
    settings: dict[str, Any] = {}
    word_rules: list[Rule] = []
    match_rules: list[Rule] = []
    files: list[Path] = []
    problems: list[Problem] = []
    for path in paths:
        if not os.path.lexists(path):  # a pipe or a link out is an error, not skipped
            continue
        files.append(path)
        checker = _Checker(path, path.parent.parent)
        names, rules = checker.parse()
        problems.extend(checker.reported())
        for key, value in names.items():
            settings.setdefault(key, value)
        word_rules.extend(r for r in rules if r.words)
        match_rules.extend(r for r in rules if not r.words)
    if problems:
        raise ValidationFailed(problems)
    if not files:
        return NameRules(lang)
    result = NameRules(lang, rules=(*word_rules, *match_rules), files=tuple(files), **settings)
    covered = result.cases | result.nominative_cases
    missing = [c for c in CASES[1:] if c not in covered]
    if missing or result.cases & result.nominative_cases:
        raise ValidationFailed(
            [
                Problem(
                    str(files[0]),
                    None,
                    None,
                    "names",
                    "every case but nom must be in exactly one of cases and nominative_cases "
                    f"(missing: {', '.join(missing) or 'none'})",
                )
            ]
        )
    return result


class _Checker(FileProblems):
    """Reads one ``names.toml`` and collects every problem in it, with its line."""

    def __init__(self, path: Path, root: Path) -> None:
        super().__init__(path, root)
        self.ways = 0  # of all the file's patterns together

    def problem(self, key: str, message: str, needle: str = "") -> None:
        """Record a problem; ``needle`` is a regular expression for the line to point at."""
        if not self.room():
            return
        found = re.search(needle, self.text, re.MULTILINE) if needle else None
        self.record(key, self.text.count("\n", 0, found.start()) + 1 if found else None, message)

    def parse(self) -> tuple[dict[str, Any], list[Rule]]:
        self.text, raw = read_toml(self.path, self.root)  # size, depth, characters
        for key in raw:
            if key not in ("names", "rule"):
                self.problem(key, "unknown key (expected [names] and [[rule]])", _line_of(key))
        names = self._names(raw.get("names", {}))
        rules_raw = raw.get("rule", [])
        if not isinstance(rules_raw, list):
            self.problem("rule", "must be an array of tables: [[rule]]", _line_of("rule"))
            return names, []
        if len(rules_raw) > MAX_RULES:
            self.problem("rule", f"{len(rules_raw)} rules; at most {MAX_RULES}", _line_of("rule"))
            return names, []
        rules: list[Rule] = []
        seen: set[str] = set()
        for index, item in enumerate(rules_raw):
            rule = self._rule(index, item)
            if rule is None:
                continue
            if rule.id in seen:
                self.problem(f"rule.{rule.id}", "duplicate rule id", _id_line(rule.id))
            seen.add(rule.id)
            rules.append(rule)
        if self.ways > MAX_WAYS_PER_FILE:
            self.problem(
                "rule",
                f"the patterns of the file can match a word in {self.ways:,} ways together (at "
                f"most {MAX_WAYS_PER_FILE:,}): use fewer *, + and ?",
            )
        return names, rules

    def _names(self, raw: Any) -> dict[str, Any]:
        out: dict[str, Any] = {}
        if not isinstance(raw, dict):
            self.problem("names", "must be a table", _line_of("names"))
            return out
        for key, value in raw.items():
            where, needle = f"names.{key}", _line_of(key)
            if key not in _NAMES_KEYS:
                expected = ", ".join(_NAMES_KEYS)
                self.problem(where, f"unknown key (expected one of {expected})", needle)
            elif key == "script" and (not isinstance(value, str) or value not in _SCRIPTS):
                self.problem(where, f"must be one of {', '.join(_SCRIPTS)}", needle)
            elif key == "library" and (not isinstance(value, str) or value not in _LIBRARIES):
                self.problem(where, f"must be one of {', '.join(_LIBRARIES)}", needle)
            elif key == "declines" and value not in ("every", "last"):
                self.problem(where, 'must be "every" or "last"', needle)
            elif key in ("cases", "nominative_cases"):
                cases = self._strings(where, value, needle, allow_empty=True)
                bad = [c for c in cases if c not in CASES[1:]]
                if bad:
                    known = ", ".join(CASES[1:])
                    self.problem(where, f"unknown case {bad[0]!r} (use {known})", needle)
                else:
                    out[key] = frozenset(cases)
            elif key in ("particles", "patronymic_markers"):
                strings = self._strings(where, value, needle, allow_empty=True)
                out[key] = frozenset(_fold(s) for s in strings)
            elif key == "patronymic":
                pattern = self._regex(where, value, needle)
                if pattern is not None:
                    out[key] = pattern
            else:
                out[key] = value
        return out

    def _rule(self, index: int, raw: Any) -> Rule | None:
        if not isinstance(raw, dict):
            self.problem(f"rule[{index}]", "must be a table")
            return None
        rule_id = raw.get("id")
        if not isinstance(rule_id, str) or not rule_id:
            self.problem(f"rule[{index}].id", "every rule needs an id (a non-empty string)")
            return None
        where, needle = f"rule.{rule_id}", _id_line(rule_id)
        before = len(self.problems)
        for key in raw:
            if key not in _RULE_KEYS:
                self.problem(f"{where}.{key}", "unknown key", needle)
        parts = self._strings(f"{where}.part", raw.get("part", list(PARTS)), needle)
        if any(p not in PARTS for p in parts):
            self.problem(f"{where}.part", f"must be among {', '.join(PARTS)}", needle)
        gender = raw.get("gender", "any")
        if not isinstance(gender, str) or gender not in ("male", "female", "any"):
            self.problem(f"{where}.gender", "must be male, female or any", needle)
        match = self._regex(f"{where}.match", raw["match"], needle) if "match" in raw else None
        words: frozenset[str] = frozenset()
        if "words" in raw:
            listed = self._strings(f"{where}.words", raw["words"], needle)
            words = frozenset(_fold(w) for w in listed)
        if ("match" in raw) == bool(words):
            self.problem(where, "give either match (an ending) or words (whole words)", needle)
        unless = self._regex(f"{where}.unless", raw["unless"], needle) if "unless" in raw else None
        strip = raw.get("strip", 0)
        if not isinstance(strip, int) or isinstance(strip, bool) or strip < 0:
            self.problem(f"{where}.strip", "must be a whole number of letters, 0 or more", needle)
            strip = 0
        if words and strip > min(len(w) for w in words):
            self.problem(f"{where}.strip", "strips more letters than a word has", needle)
        forms: dict[Case, tuple[str, ...]] = {}
        for case in CASES[1:]:
            if case in raw:
                value = raw[case]
                endings = [value] if isinstance(value, str) else value
                found = self._strings(f"{where}.{case}", endings, needle, allow_blank=True)
                if len(found) > MAX_FORMS:
                    self.problem(f"{where}.{case}", f"at most {MAX_FORMS} endings", needle)
                forms[case] = tuple(unicodedata.normalize("NFC", e) for e in found)
        invariable = raw.get("invariable", False) is True
        undecided = raw.get("undecided", "")
        for key in ("undecided", "note"):
            if not isinstance(raw.get(key, ""), str):
                self.problem(f"{where}.{key}", "must be a text", needle)
        kinds = sum((bool(forms), invariable, bool(undecided)))
        if kinds != 1:
            self.problem(where, "give case endings, or invariable = true, or undecided", needle)
        if len(self.problems) > before:
            return None
        return Rule(
            id=rule_id,
            parts=frozenset(parts),  # type: ignore[arg-type]  # checked against PARTS above
            gender=gender,
            match=match,
            words=words,
            unless=unless,
            strip=strip,
            forms=forms,
            invariable=invariable,
            undecided=str(undecided),
            note=str(raw.get("note", "")),
        )

    def _strings(
        self,
        where: str,
        value: Any,
        needle: str,
        *,
        allow_empty: bool = False,
        allow_blank: bool = False,
    ) -> list[str]:
        if (
            isinstance(value, list)
            and (value or allow_empty)
            and all(isinstance(v, str) and (v or allow_blank) for v in value)
        ):
            return list(value)
        what = "strings" if allow_blank else "non-empty strings"
        self.problem(where, f"must be a list of {what}", needle)
        return []

    def _regex(self, where: str, value: Any, needle: str) -> re.Pattern[str] | None:
        if not isinstance(value, str) or not value:
            self.problem(where, "must be a non-empty string (a regular expression)", needle)
            return None
        try:
            pattern, ways = compile_ending(value)
        except PatternError as exc:
            self.problem(where, f"not a valid ending pattern: {exc}", needle)
            return None
        self.ways += ways
        return pattern


def _line_of(key: str) -> str:
    """A pattern for the line that sets ``key`` or opens the table ``[key]``/``[[key]]``."""
    return rf"^\s*(\[+\s*{re.escape(key)}\b|{re.escape(key)}\s*=)"


def _id_line(rule_id: str) -> str:
    return rf'^\s*id\s*=\s*"{re.escape(rule_id)}"'


def _fold(text: str) -> str:
    return unicodedata.normalize("NFC", text).lower()
