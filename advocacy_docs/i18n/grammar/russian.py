"""Russian names through pytrovich, the petrovich project's Python port.

pytrovich returns a word unchanged both when a rule says it does not decline (Гюго, Черных)
and when no rule matches at all; only the second is undecided. It has no public call that
tells them apart, so :func:`inflect` asks its rule indices the way its ``make`` does (the
pinned version range keeps that stable; tests/test_grammar_names.py fails if it changes).
"""

from __future__ import annotations

from functools import cache
from typing import Any

from pytrovich.enums import Case as PCase
from pytrovich.enums import Gender as PGender
from pytrovich.enums import NamePart
from pytrovich.maker import PetrovichDeclinationMaker

from .types import Case, Part

_PARTS = {
    "given": NamePart.FIRSTNAME,
    "patronymic": NamePart.MIDDLENAME,
    "family": NamePart.LASTNAME,
}
_CASES = {
    "gen": PCase.GENITIVE,
    "dat": PCase.DATIVE,
    "acc": PCase.ACCUSATIVE,
    "ins": PCase.INSTRUMENTAL,
    "loc": PCase.PREPOSITIONAL,
}
_GENDERS = {"male": PGender.MALE, "female": PGender.FEMALE}
# pytrovich's rule data labels genders by these names (its Gender.str() is untyped).
_LABELS = {PGender.MALE: "male", PGender.FEMALE: "female"}


@cache
def _maker() -> PetrovichDeclinationMaker:
    return PetrovichDeclinationMaker()


def _has_rule(part: NamePart, gender: PGender, word: str, known: bool) -> bool:
    """Whether pytrovich's ``make`` finds a rule for ``word`` (mirrors its lookup order)."""
    maker = _maker()
    exceptions: Any = maker._exception_indices[part]
    suffixes: Any = maker._suffix_indices[part]
    lowered = word.lower()
    either, label = "androgynous", _LABELS[gender]
    found = (
        exceptions.find_first_match(lowered, label, known)
        or suffixes.find_first_match(lowered, label, known)
        or exceptions.find_first_match(lowered, either, False)
        or suffixes.find_first_match(lowered, either, False)
    )
    return found is not None


def inflect(word: str, part: Part, gender: str, case: Case, *, last: bool = True) -> str | None:
    """``word`` (one hyphen-free word) in ``case``; None when no pytrovich rule covers it.

    ``last`` is False for the first components of a hyphenated name, whose gender pytrovich
    treats as guessed rather than known.
    """
    name_part, pgender = _PARTS[part], _GENDERS[gender]
    if not _has_rule(name_part, pgender, word, last):
        return None
    upper = len(word) > 1 and word.isupper()
    source = word.capitalize() if upper else word
    result: str = _maker().make(name_part, pgender, _CASES[case], source, known_gender=last)
    return result.upper() if upper else result
