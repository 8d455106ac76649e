"""What a campaigner should know about rendered documents: structured notices, and their summary.

A notice is never an error: the document was written. It names what it is about (a field path,
the document's locale, the language used instead) so that a tool can act on it, and ``str()``
gives the one line a person reads. :class:`NoticeLog` gathers the notices of many documents and
says them once per kind ("28 texts printed in a fallback language ..."), in memory that does
not grow with the number of documents.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

FALLBACK_TEXT = "fallback-text"
"""A text printed in another language than the document's: it has none in that language."""

FALLBACK_ADDRESS = "fallback-address"
"""Address lines in another language than the document's and than the recipient's own."""

NAME_FORM_UNDECIDED = "name-form-undecided"
"""A name printed in the nominative where the sentence needs another case that no rule could
decide (the case file can give the form)."""

PHRASE_FORM_UNDECIDED = "phrase-form-undecided"
"""A court or an authority printed as written where the sentence needs another form."""

STALE_FACTS = "stale-facts"
"""The case's facts are stated as of a day long before the document's date: the document says
"as of …" where it would otherwise state them as current."""

MISSING_TRANSLATION = "missing-translation"
"""A sentence of the template printed in another language: the catalog of the document's
language has no translation for it (``field`` is its msgid, ``context`` its msgctxt)."""

LAYOUT = "layout"
"""What the PDF engine said while laying the document out (a font without a glyph, a
stylesheet rule it ignored); ``field`` is the engine's logger ("weasyprint")."""

_EXAMPLES = 3  # fields or documents named in a summary line


@dataclass(frozen=True)
class Notice:
    """One thing to know about one document: a code, what it is about, and the sentence.

    ``code`` is one of this module's constants (a program tests it, never the message);
    ``field`` the field path or msgid the notice is about; ``locale`` the document's language;
    ``used`` the language printed instead; ``context`` a message's msgctxt.
    """

    code: str
    message: str
    field: str | None = None
    locale: str | None = None
    used: str | None = None
    context: str | None = None

    def __str__(self) -> str:
        return self.message


def fallback_text(field: str, locale: str, used: str) -> Notice:
    """The notice for a text printed in ``used`` because it has none in ``locale``."""
    message = f"{field}: no {locale!r} text, used the {used!r} one"
    return Notice(FALLBACK_TEXT, message, field, locale, used)


def fallback_address(field: str, locale: str, used: str) -> Notice:
    """The notice for address lines printed in ``used`` because none are in ``locale``."""
    message = f"{field}: no {locale!r} lines, used the {used!r} ones"
    return Notice(FALLBACK_ADDRESS, message, field, locale, used)


def missing_translation(msgid: str, context: str, locale: str, used: str) -> Notice:
    """The notice for a template's sentence printed in ``used``: no ``locale`` translation."""
    where = f" (msgctxt {context!r})" if context else ""
    message = f"{msgid!r}{where}: no {locale!r} translation in the catalog, used the {used!r} one"
    return Notice(MISSING_TRANSLATION, message, msgid, locale, used, context or None)


def layout(logger: str, message: str, locale: str) -> Notice:
    """The notice for what the PDF engine's ``logger`` said about a document in ``locale``."""
    return Notice(LAYOUT, f"PDF layout ({logger}): {message}", logger, locale)


def stale_facts(as_of: str, today: str, months: int) -> Notice:
    """The notice for a document dated ``today`` whose facts are stated as of ``as_of``."""
    message = (
        f"as_of: the facts are stated as of {as_of}, more than {months} months before the "
        f"document's date ({today}); it says so where it tells what may have changed since "
        "(the verdict, the detention): check the case and update the file"
    )
    return Notice(STALE_FACTS, message, "as_of")


_CASE_NAMES = {
    "nom": "nominative",
    "gen": "genitive",
    "dat": "dative",
    "acc": "accusative",
    "ins": "instrumental",
    "loc": "locative",
    "voc": "vocative",
}


def undecided_name(field: str, locale: str, explanation: str) -> Notice:
    """The notice for a name whose form in a grammatical case no rule could decide.

    ``explanation`` is :meth:`~advocacy_docs.i18n.grammar.Declined.explain` (what was printed
    or tried, and why it is in doubt); the case file can give the form itself.
    """
    message = (
        f"{field}: {explanation}; give the form in the file "
        f"({field}: {{{locale}: {{given: ..., family: ..., <case>: ...}}}})"
    )
    return Notice(NAME_FORM_UNDECIDED, message, field, locale)


def phrase_form_undecided(field: str, locale: str, case: str, text: str, why: str) -> Notice:
    """The notice for a phrase (a court) printed as written where a sentence needs another form."""
    what = _CASE_NAMES.get(case, case)
    message = (
        f"{field}: the {locale!r} {what} of {text!r} for a sentence could not be decided ({why}); "
        "it is printed as written: check that sentence"
    )
    return Notice(PHRASE_FORM_UNDECIDED, message, field, locale)


# What a summary line calls the notices of a code that is about fields: (one, many, what).
_NOUNS = {
    FALLBACK_TEXT: ("text", "texts", "text"),
    FALLBACK_ADDRESS: ("address", "addresses", "lines"),
    MISSING_TRANSLATION: ("sentence", "sentences", "translation"),
}
_ORDER = {code: i for i, code in enumerate(_NOUNS)}


def _natural(text: str) -> list[str | int]:
    # contacts[2] before contacts[10]
    return [int(p) if p.isdigit() else p for p in re.split(r"(\d+)", text)]


def _some(items: Iterable[str], limit: int = _EXAMPLES) -> str:
    ordered = sorted(set(items), key=_natural)
    shown = ", ".join(ordered[:limit])
    rest = len(ordered) - limit
    return f"{shown} and {rest} more" if rest > 0 else shown


def _either(items: Iterable[str]) -> str:
    quoted = [repr(i) for i in sorted(set(items))]
    return quoted[0] if len(quoted) == 1 else f"{', '.join(quoted[:-1])} or {quoted[-1]}"


@dataclass
class _Group:
    code: str
    message: str
    count: int = 0
    documents: int = 0
    fields: set[str] = field(default_factory=set)
    locales: set[str] = field(default_factory=set)
    # The first few documents by name (not by arrival: a campaign's results come in any order).
    examples: list[str] = field(default_factory=list)

    def line(self) -> str:
        nouns = _NOUNS.get(self.code)
        if nouns is None:
            rest = self.documents - len(self.examples)
            more = f" and {rest} more" if rest > 0 else ""
            return f"{self.message} (for {', '.join(self.examples)}{more})"
        one, many, what = nouns
        documents = f"{self.documents} document{'s' if self.documents != 1 else ''}"
        return (
            f"{self.count} {one if self.count == 1 else many} printed in a fallback language "
            f"(no {_either(self.locales)} {what} for {_some(self.fields)}; in {documents})"
        )


@dataclass
class NoticeLog:
    """The notices of many documents, counted by message and grouped by kind for a summary."""

    messages: Counter[str] = field(default_factory=Counter)
    _groups: dict[tuple[str, str], _Group] = field(default_factory=dict)

    def add(self, document: str, notices: Iterable[Notice]) -> None:
        """Record the notices of one document (call once per document; repeats count once)."""
        seen: set[tuple[str, str]] = set()
        for notice in dict.fromkeys(notices):
            self.messages[notice.message] += 1
            key = (notice.code, "" if notice.code in _NOUNS else notice.message)
            group = self._groups.get(key)
            if group is None:
                group = self._groups[key] = _Group(notice.code, notice.message)
            group.count += 1
            if notice.field is not None:
                group.fields.add(notice.field)
            if notice.locale is not None:
                group.locales.add(notice.locale)
            if key not in seen:
                seen.add(key)
                group.documents += 1
                if document not in group.examples:
                    group.examples = sorted([*group.examples, document], key=_natural)[:_EXAMPLES]

    def __bool__(self) -> bool:
        return bool(self._groups)

    def lines(self) -> list[str]:
        """One line per kind of notice: how many, and the first few fields or documents."""
        groups = sorted(
            self._groups.values(), key=lambda g: (_ORDER.get(g.code, len(_ORDER)), g.message)
        )
        return [group.line() for group in groups]
