"""The vocabulary of the grammar layer: cases, genders, name parts, and a declined name."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Literal, get_args

Case = Literal["nom", "gen", "dat", "acc", "ins", "loc", "voc"]
"""A grammatical case: nominative, genitive, dative, accusative, instrumental, locative
(Russian prepositional), vocative (the form of address: uk, pl)."""

CASES: tuple[Case, ...] = get_args(Case)

Gender = Literal["male", "female", "unspecified"]
GENDERS: tuple[Gender, ...] = get_args(Gender)

Part = Literal["given", "patronymic", "family"]
PARTS: tuple[Part, ...] = get_args(Part)


class Source(StrEnum):
    """Who decided a form; ``UNDECIDED`` forms are the nominative, flagged for a person."""

    EXPLICIT = "explicit"  # the case file gave this form
    LIBRARY = "library"  # a library made for the language (pytrovich for Russian)
    RULE = "rule"  # a rule of locales/<lang>/names.toml, or a script/particle rule
    NOMINATIVE = "nominative"  # the language uses the nominative here (names do not decline)
    UNDECIDED = "undecided"  # no rule could decide: the nominative is shown, and reported


@dataclass(frozen=True)
class WordForm:
    """One word of a name in one case, and how that form was decided."""

    part: Part
    nominative: str
    form: str
    source: Source
    rule: str = ""
    """The rule that decided (``uk:family-enko-male``, ``pytrovich``, ...), for explanations."""
    alternatives: tuple[str, ...] = ()
    """Other forms that are equally standard (uk dative ``Бахромові`` / ``Бахрому``)."""
    note: str = ""
    """Why the form is undecided, in plain words."""


@dataclass(frozen=True)
class Declined:
    """A personal name in a grammatical case; ``str()`` gives the text to print."""

    text: str
    nominative: str
    case: Case
    lang: str
    source: Source
    words: tuple[WordForm, ...] = ()

    def __str__(self) -> str:
        return self.text

    @property
    def decided(self) -> bool:
        """False when a form could not be decided and the nominative stands in for it."""
        return self.source is not Source.UNDECIDED

    def undecided(self) -> tuple[WordForm, ...]:
        """The words whose form no rule could decide."""
        return tuple(w for w in self.words if w.source is Source.UNDECIDED)

    def explain(self) -> str:
        """One line for ``validate --explain-names``: the form, its source and any doubt."""
        head = f"{self.lang} {self.case}: {self.text} ({self.source})"
        doubts = [f"{w.nominative}: {w.note}" for w in self.undecided()]
        return head if not doubts else f"{head}: " + "; ".join(doubts)
