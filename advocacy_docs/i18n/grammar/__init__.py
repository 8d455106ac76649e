"""The grammar layer: what templates need from a language and gettext cannot give.

Names in a grammatical case::

    >>> from advocacy_docs.i18n.grammar import decline
    >>> str(decline("Бахром Хамроєв", "male", "gen", "uk"))
    'Бахрома Хамроєва'

Explicit forms a case file gives win (``{given: Бахром, family: Хамроєв, gen: …}``); then the
rules of ``locales/<lang>/names.toml`` (see :mod:`.rules` for its schema); then a library made
for the language where a good one exists (pytrovich for Russian). A form none of them decides is
the nominative, marked :attr:`Source.UNDECIDED`, so that a person can be told
(:meth:`Declined.explain`). A language without a ``names.toml`` is one we know nothing about:
its names stay nominative and are reported.

Languages whose names do not decline (de, en, fr) say so in their ``names.toml``; Crimean
Tatar adds case suffixes to the last word of the name (gen/dat/acc/loc); its instrumental and
vocative are the nominative (the instrumental is a separate word, ``ile``).

Beside names: pronouns by gender and case (:func:`pronoun`, from ``[pronouns]`` in
``locale.toml``) and noun phrases in running text (:func:`phrase`: a German court takes its
article and adjective endings, "dem Zweiten Westlichen Bezirksmilitärgericht"). Templates reach
all of it through filters: ``name|case("gen")``, ``court|phrase("nom")``, ``pronoun("dat")``,
``date|date_phrase("since")`` (:mod:`advocacy_docs.grammar_filters`).
"""

from .declension import decline, name_rules, person_name, variants
from .person import PersonName
from .phrases import PhraseForm, bare, phrase, phrase_rules
from .pronouns import pronoun
from .rules import NameRules
from .types import CASES, GENDERS, PARTS, Case, Declined, Gender, Part, Source, WordForm

__all__ = [
    "CASES",
    "GENDERS",
    "PARTS",
    "Case",
    "Declined",
    "Gender",
    "NameRules",
    "Part",
    "PersonName",
    "PhraseForm",
    "Source",
    "WordForm",
    "bare",
    "decline",
    "name_rules",
    "person_name",
    "phrase",
    "phrase_rules",
    "pronoun",
    "variants",
]
