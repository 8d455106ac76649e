"""A personal name in parts (given, patronymic, family) with the forms a case file gives.

A name written as one string is split by :meth:`PersonName.parse`:

* "Бахром Хамроєв", "Anna Nowak": given + family.
* "Family, Given [Patronymic]": the comma marks the family name.
* Three or more words with a patronymic ("Олександр Володимирович Гуцан"; a Turkic one such as
  "Мустафа огли", whose marker the locale lists): given + patronymic + family; when the
  patronymic is last ("Хамроев Бахром Хамроевич", the official order), family + given +
  patronymic, and the name is written back in that order.
* Three or more words without one ("Anna Maria Nowak"): the last word is the family name, the
  ones before it given names; particles (von, van, de, ibn, ...) before the last word belong to
  the family name ("Ludwig van Beethoven").

A case file that wants another split gives the parts: ``{given: …, family: …}``.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass

from ...errors import InputError
from .endings import ends
from .rules import NameRules
from .types import CASES, PARTS, Case, Part

_PART_KEYS = frozenset(PARTS)


@dataclass(frozen=True)
class PersonName:
    """A name's parts in the nominative, and explicit forms by case (which always win)."""

    given: str = ""
    family: str = ""
    patronymic: str = ""
    forms: tuple[tuple[Case, str], ...] = ()
    family_first: bool = False
    """True for the official order "Family Given Patronymic"; text is written in that order."""

    def parts(self) -> tuple[tuple[Part, str], ...]:
        """The non-empty parts in writing order."""
        order: tuple[Part, ...] = ("given", "patronymic", "family")
        if self.family_first:
            order = ("family", "given", "patronymic")
        values = {"given": self.given, "patronymic": self.patronymic, "family": self.family}
        return tuple((p, values[p]) for p in order if values[p])

    def form(self, case: Case) -> str | None:
        """The explicit form the case file gives for ``case``, if any."""
        for key, text in self.forms:
            if key == case:
                return text
        return None

    @property
    def nominative(self) -> str:
        """The name as written in the nominative."""
        return self.form("nom") or " ".join(text for _, text in self.parts())

    @classmethod
    def parse(cls, text: str, rules: NameRules | None = None) -> PersonName:
        """Split a name written as one string into parts (see the module's documentation)."""
        text = _clean(text)
        rules = rules or NameRules("")
        if "," in text:
            family, _, rest = text.partition(",")
            words = rest.split()
            if len(words) >= 2 and _is_patronymic(words[-1], rules):
                return cls(" ".join(words[:-1]), _clean(family), words[-1], family_first=True)
            return cls(" ".join(words), _clean(family), family_first=True)
        words = text.split()
        if len(words) <= 1:
            return cls(given=text)
        span = _patronymic_span(words, rules) if len(words) >= 3 else None
        if span is not None:
            start, end = span
            before, patronymic, after = words[:start], words[start:end], words[end:]
            if not after:  # "Family Given Patronymic"
                return cls(" ".join(before[1:]), before[0], " ".join(patronymic), family_first=True)
            return cls(" ".join(before), " ".join(after), " ".join(patronymic))
        cut = len(words) - 1
        while cut > 1 and words[cut - 1].lower() in rules.particles:
            cut -= 1
        return cls(" ".join(words[:cut]), " ".join(words[cut:]))

    @classmethod
    def from_data(
        cls,
        data: str | Mapping[str, object],
        rules: NameRules | None = None,
        *,
        where: str = "name",
    ) -> PersonName:
        """A name from a case file: a string, or ``{given, patronymic, family, <case>: form}``."""
        if isinstance(data, str):
            return cls.parse(data, rules)
        parts: dict[str, str] = {}
        forms: list[tuple[Case, str]] = []
        for key, value in data.items():
            if not isinstance(value, str) or not value.strip():
                raise InputError(f"{where}.{key}: expected a non-empty text")
            if key in _PART_KEYS:
                parts[key] = _clean(value)
            elif key in CASES:
                forms.append((key, _clean(value)))
            else:
                expected = ", ".join((*PARTS, *CASES))
                raise InputError(f"{where}.{key}: unknown key (expected one of {expected})")
        if not parts:
            nominative = dict(forms).get("nom")
            if nominative is None:
                raise InputError(f"{where}: give the name's parts (given, family) or its nom form")
            base = cls.parse(nominative, rules)
            return cls(base.given, base.family, base.patronymic, tuple(forms), base.family_first)
        given, family = parts.get("given", ""), parts.get("family", "")
        return cls(given, family, parts.get("patronymic", ""), tuple(forms))


def _clean(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())


def _is_patronymic(word: str, rules: NameRules) -> bool:
    return ends(rules.patronymic, word.lower())


def _patronymic_span(words: list[str], rules: NameRules) -> tuple[int, int] | None:
    """Where the patronymic is among ``words`` (start, end), never at the first word."""
    lowered = [w.lower() for w in words]
    for i in range(2, len(words)):
        if lowered[i] in rules.patronymic_markers:
            return (i - 1, i + 1)
    for i in range(1, len(words)):
        if _is_patronymic(words[i], rules):
            return (i, i + 1)
    return None
