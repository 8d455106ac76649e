"""Declining a personal name: explicit forms, then locale rules, then a language's library."""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from pathlib import Path

from ..localedata import resolve_locale_dirs
from .person import PersonName
from .rules import NameRules, load_name_rules
from .types import CASES, GENDERS, Case, Declined, Gender, Part, Source, WordForm

MAX_VARIANTS = 16
"""The ways of writing one name (or one word of it) that are listed: a name of many hyphenated
pieces, each with two standard forms, has 2**pieces of them ("Mrożka-Mrożeka-…")."""

# The worst source of a word's pieces is the word's source; of a name's words, the name's.
_RANK = {
    Source.NOMINATIVE: 0,
    Source.RULE: 1,
    Source.LIBRARY: 2,
    Source.EXPLICIT: 3,
    Source.UNDECIDED: 4,
}


def name_rules(lang: str, locale_dirs: Sequence[Path] | None = None) -> NameRules:
    """The name rules of ``lang`` (or of its base language: ``uk`` for ``uk-UA``)."""
    dirs = resolve_locale_dirs(locale_dirs)
    rules = load_name_rules(lang, dirs)
    base = lang.replace("_", "-").split("-")[0]
    if not rules.known and base != lang:
        rules = load_name_rules(base, dirs)
    return rules


def person_name(
    data: PersonName | str | Mapping[str, object],
    lang: str,
    locale_dirs: Sequence[Path] | None = None,
) -> PersonName:
    """``data`` as a :class:`PersonName`, split by ``lang``'s conventions when it is a string."""
    if isinstance(data, PersonName):
        return data
    return PersonName.from_data(data, name_rules(lang, locale_dirs))


def decline(
    name: PersonName | str | Mapping[str, object],
    gender: Gender,
    case: Case,
    lang: str,
    *,
    locale_dirs: Sequence[Path] | None = None,
) -> Declined:
    """``name`` in grammatical ``case`` in ``lang``; undecided forms stay nominative, flagged."""
    if case not in CASES:
        raise ValueError(f"unknown case {case!r} (expected one of {', '.join(CASES)})")
    if gender not in GENDERS:
        raise ValueError(f"unknown gender {gender!r} (expected one of {', '.join(GENDERS)})")
    rules = name_rules(lang, locale_dirs)
    person = person_name(name, lang, locale_dirs)
    nominative = person.nominative
    explicit = person.form(case)
    if explicit is not None:
        return Declined(explicit, nominative, case, lang, Source.EXPLICIT)
    entries = [(part, word) for part, text in person.parts() for word in text.split()]
    words: list[WordForm] = []
    for index, (part, word) in enumerate(entries):
        final = index == len(entries) - 1
        words.append(_decline_word(rules, person, part, word, gender, case, final))
    text = " ".join(w.form for w in words)
    source = max((w.source for w in words), key=_RANK.__getitem__, default=Source.NOMINATIVE)
    return Declined(text, nominative, case, lang, source, tuple(words))


def variants(declined: Declined) -> set[str]:
    """Every equally standard way to write ``declined`` (its text first among them)."""
    if not declined.words:
        return {declined.text}
    choices = [(w.form, *w.alternatives) for w in declined.words]
    combos = itertools.islice(itertools.product(*choices), MAX_VARIANTS)  # never all of them
    return {" ".join(combo) for combo in combos}


def _decline_word(
    rules: NameRules,
    person: PersonName,
    part: Part,
    word: str,
    gender: Gender,
    case: Case,
    final: bool,
) -> WordForm:
    def same(source: Source, rule: str, note: str = "") -> WordForm:
        return WordForm(part, word, word, source, rule, (), note)

    if case == "nom":
        return same(Source.NOMINATIVE, "")
    if not rules.known:
        return same(Source.UNDECIDED, "", f"no name rules for the language {rules.lang!r}")
    if case in rules.nominative_cases:
        return same(Source.NOMINATIVE, f"{rules.lang}:nominative-case")
    if rules.declines == "last" and not final:
        return same(Source.NOMINATIVE, f"{rules.lang}:last-word-declines")
    if word.lower() in rules.particles:
        return same(Source.RULE, f"{rules.lang}:particle")
    if part == "patronymic" and any(
        w.lower() in rules.patronymic_markers for w in person.patronymic.split()
    ):
        return same(Source.RULE, f"{rules.lang}:patronymic-marker")
    pieces = word.split("-")
    results = [
        _decline_piece(rules, part, piece, gender, case, last=i == len(pieces) - 1)
        for i, piece in enumerate(pieces)
    ]
    worst = max(results, key=lambda r: _RANK[r[1]])
    if worst[1] is Source.UNDECIDED:
        return WordForm(part, word, word, Source.UNDECIDED, worst[2], (), worst[3])
    combos = itertools.islice(itertools.product(*(r[0] for r in results)), MAX_VARIANTS)
    forms = ["-".join(combo) for combo in combos]
    rule = ", ".join(dict.fromkeys(r[2] for r in results if r[2]))
    return WordForm(part, word, forms[0], worst[1], rule, tuple(forms[1:]))


_Piece = tuple[tuple[str, ...], Source, str, str]  # forms, source, rule, note


def _decline_piece(
    rules: NameRules, part: Part, piece: str, gender: Gender, case: Case, *, last: bool
) -> _Piece:
    if not piece or not rules.in_script(piece):
        return ((piece,), Source.RULE, f"{rules.lang}:foreign-script", "")
    if gender != "unspecified":
        return _by_gender(rules, part, piece, gender, case, last)
    male = _by_gender(rules, part, piece, "male", case, last)
    female = _by_gender(rules, part, piece, "female", case, last)
    if male[1] is Source.UNDECIDED:
        return male
    if female[1] is Source.UNDECIDED:
        return female
    if male[0][0] != female[0][0]:
        note = (
            f"the form depends on the gender ({male[0][0]} for a man, {female[0][0]} for a "
            "woman), which is unspecified"
        )
        return ((piece,), Source.UNDECIDED, male[2], note)
    return male


def _by_gender(
    rules: NameRules, part: Part, piece: str, gender: str, case: Case, last: bool
) -> _Piece:
    rule = rules.find(piece, part, gender)
    if rule is not None:
        rule_id = f"{rules.lang}:{rule.id}"
        if rule.undecided:
            return ((piece,), Source.UNDECIDED, rule_id, rule.undecided)
        forms = rule.inflect(piece, case)
        if forms is None:
            note = rule.note or f"the rule gives no {case} form"
            return ((piece,), Source.UNDECIDED, rule_id, note)
        return (forms, Source.RULE, rule_id, "")
    if rules.library == "pytrovich":
        from .russian import inflect  # the library is loaded only for Russian

        form = inflect(piece, part, gender, case, last=last)
        if form is not None:
            return ((form,), Source.LIBRARY, "pytrovich", "")
        return ((piece,), Source.UNDECIDED, "pytrovich", "no pytrovich rule covers this word")
    return ((piece,), Source.UNDECIDED, "", f"no {rules.lang} rule covers this ending")
