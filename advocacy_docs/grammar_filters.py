"""The grammar layer as templates reach it: Jinja filters and functions of the environment.

- ``name|case("gen")``: a person's name in a grammatical case, in the document's language
  (explicit forms of the case file win, then the rules; an undecided form is printed as written
  and reported as a notice, never silently);
- ``court|phrase("nom")``: a court or an authority as a noun phrase in running text (German
  adds the article and the adjective endings: "das Zweite Westliche Bezirksmilitärgericht");
- ``date|date_phrase("on")``: a date as the phrase of its role, chosen by its precision:
  "on" / "in" (one role: "on 24 February 2022", "in March 2023"), "since", "until";
- ``pronoun("dat")``: the person's pronoun in a case (None where the language has none);
- ``court|label``: a phrase as a label shows it, without the article it is written with
  (French "le deuxième tribunal …" → "deuxième tribunal …");
- ``text|sentence``: a translated sentence with its first letter capitalised, wherever the
  translation put a date phrase or a name ("у березні 2023 р. її …" → "У березні …");
- ``number|ordinal``: a number as the language writes an ordinal with digits (crh "2-nci");
- ``state|authorities_of``: a State as it follows "the authorities of" (uk "Російської
  Федерації"), or None where the locale does not say.

A case may be named by the role of its placeholder instead ("about", "agent"): the locale's
``[grammar] slots`` says which case that role takes in its sentences (uk: the person after "у
справі" in the genitive; en and de: the nominative), so that one template serves languages
whose sentences put the same placeholder in different cases. Explicit forms of the case file
(``occupation: {uk: {nom: …, gen: …}}``) win over every rule.
"""

from __future__ import annotations

import re
from typing import Any, cast

from jinja2 import pass_context
from jinja2.runtime import Context
from markupsafe import Markup

from .bidi import isolate_direction
from .errors import TemplateError
from .i18n import Localizer
from .i18n.grammar import CASES, Case, Gender, PersonName, bare, decline, phrase
from .i18n.localedata import SLOT_ROLES
from .notices import Notice, phrase_form_undecided, undecided_name
from .view import Localized, NameLocalized


def _localizer(context: Context) -> Localizer:
    return cast(Localizer, context["localizer"])


def _report(context: Context, notice: Notice) -> None:
    sink = context.get("notice_sink")
    if isinstance(sink, list):
        sink.append(notice)


def _check_case(case: str) -> Case:
    for known in CASES:
        if case == known:
            return known
    raise TemplateError(f"unknown grammatical case {case!r}; use one of {', '.join(CASES)}")


def _case_of(context: Context, case: str) -> Case:
    """A case, or the case the locale gives the placeholder role ``case`` ("about")."""
    if case in CASES:
        return _check_case(case)
    if case not in SLOT_ROLES:
        raise TemplateError(
            f"unknown grammatical case {case!r}; use one of {', '.join(CASES)} "
            f"or a role: {', '.join(SLOT_ROLES)}"
        )
    return _check_case(_localizer(context).slot_case(case))


@pass_context
def case_filter(context: Context, value: Any, case: str) -> Any:
    """A name in a grammatical case: ``person.name|case("gen")`` → "Бахрома Хамроєва"."""
    if value is None or not str(value):
        return value
    wanted = _case_of(context, case)
    localizer = _localizer(context)
    if isinstance(value, NameLocalized):
        person: PersonName | str = value.person
        gender: Gender = value.gender
        field = value.field
    else:  # any other text is taken as a name of unknown gender
        person, gender, field = str(value), "unspecified", _field(value, "name")
    declined = decline(person, gender, wanted, localizer.lang, locale_dirs=localizer.locale_dirs)
    text = declined.text
    if not declined.decided:
        # The whole name as written, never half declined ("Iryny Lisowska"), and reported.
        text = declined.nominative
        explanation = f"{declined.explain()}; the document prints {text!r} as written"
        _report(context, undecided_name(field, localizer.lang, explanation))
    if isinstance(value, NameLocalized):
        return value.with_text(text)
    return _same_kind(value, text)


def _field(value: Any, default: str) -> str:
    """Where a text comes from, for a notice: only a text of the view knows (a template's own
    object names nothing; what it says would reach the terminal)."""
    return value.field if isinstance(value, Localized) and value.field else default


def _same_kind(value: Any, text: str) -> Any:
    """``text`` made from ``value``, marked with its language when ``value`` is; its direction
    controls end with it (advocacy_docs.bidi)."""
    text = isolate_direction(text)
    if isinstance(value, Localized):
        return Localized(text, value.lang, value.doc_lang, value._report)
    return text


@pass_context
def phrase_filter(context: Context, value: Any, case: str = "nom", strict: bool = False) -> Any:
    """A court or an authority as a sentence needs it: ``court|phrase("nom")``; a case or the
    role of a placeholder (``by|phrase("agent")``). The case file's explicit form wins; one no
    rule decides is printed as written and reported, or with ``strict`` gives None (no notice),
    so that the template can say it with another sentence."""
    if value is None or not str(value):
        return value
    wanted = _case_of(context, case)
    localizer = _localizer(context)
    if isinstance(value, Localized) and value.lang != value.doc_lang:
        return value  # a text in another language keeps its own grammar (and its notice)
    explicit = value.forms.get(wanted) if isinstance(value, Localized) else None
    if explicit is not None:
        return _same_kind(value, explicit)
    form = phrase(str(value), wanted, localizer.lang, locale_dirs=localizer.locale_dirs)
    if not form.decided and strict:
        return None
    if not form.decided:
        field = _field(value, "text")
        _report(
            context, phrase_form_undecided(field, localizer.lang, wanted, str(value), form.note)
        )
    return _same_kind(value, form.text)


@pass_context
def label_filter(context: Context, value: Any) -> Any:
    """A phrase without the definite article it is written with, for a table's cell."""
    if value is None or not str(value):
        return value
    localizer = _localizer(context)
    # The language names a folder: only a text of the view says which, never a template's object.
    lang = value.lang if isinstance(value, Localized) else localizer.lang
    text = isolate_direction(bare(str(value), lang, locale_dirs=localizer.locale_dirs))
    if isinstance(value, Localized):
        out = Localized(text, value.lang, value.doc_lang, value._report)
        out.field = value.field
        if text == str(value):  # the same words: the case file's forms of them still hold
            out.forms = value.forms
        return out
    return text


@pass_context
def date_phrase_filter(context: Context, value: Any, role: str) -> str:
    """A date as the phrase of its role in a sentence: ``since|date_phrase("since")``."""
    if value is None:
        return ""
    return _localizer(context).date_phrase(value, role)


_FINAL = re.compile(r"[.;,]\s*$")


@pass_context
def list_item_filter(context: Context, value: Any, last: bool, items: Any = ()) -> Any:
    """An item of a list that completes the sentence before it, as the language writes one:
    where the locale says so (Polish), a lower-case first letter and a semicolon at the end
    (a full stop after the last); the item unchanged elsewhere. A first word that is a name
    (in capitals, with a capital inside, or capitalised in the middle of any item) keeps it."""
    if value is None or not _localizer(context).continued_list_items:
        return value
    text = str(value)
    match = re.match(r"\W*([^\W\d_]+)", text)
    end = "." if last else ";"
    if match is not None:
        word = match.group(1)
        inner = [str(item) for item in items] or [text]
        named = any(re.search(rf"(?<=\S\s){re.escape(word)}\b", item) for item in inner)
        if word[:1].isupper() and word[1:].islower() and not named:
            start = match.start(1)
            text = text[:start] + word[0].lower() + text[start + 1 :]
    return _same_kind(value, _FINAL.sub("", text) + end)


@pass_context
def ordinal_filter(context: Context, value: Any) -> str:
    """A number as the language writes an ordinal with digits ("2-nci"); else unchanged."""
    return _localizer(context).ordinal(str(value))


@pass_context
def authorities_filter(context: Context, code: str) -> str | None:
    """A State as it follows "the authorities of" in the document's language, or None."""
    return _localizer(context).authorities_of(code)


@pass_context
def nationality_filter(context: Context, code: str) -> str:
    """A citizenship as the language gives it after its label: an adjective where the locale
    has one ("rosyjskie"), the country's name otherwise."""
    localizer = _localizer(context)
    return localizer.nationality(code) or localizer.country(code)


@pass_context
def pronoun_function(context: Context, case: str, gender: str | None = None) -> str | None:
    """The pronoun of the person (or of ``gender``) in ``case``; None if the language has none."""
    wanted = _check_case(case)
    if gender is None:
        person = context.get("person")
        gender = getattr(person, "gender", None) or "unspecified"
    return _localizer(context).pronoun(gender, wanted)


def sentence_filter(value: Any) -> Any:
    """The first letter of a sentence in upper case, past any leading markup or entity."""
    text = str(value)
    index, n = 0, len(text)
    while index < n:
        char = text[index]
        if char == "<":
            end = text.find(">", index)
            index = n if end < 0 else end + 1
        elif char == "&":
            end = text.find(";", index)
            index = n if end < 0 else end + 1
        elif char.isalpha():
            break
        elif char.isdigit():
            return value  # "24 лютого 2022 р. …": nothing to capitalise
        else:
            index += 1
    if index >= n or text[index].isupper():
        return value
    out = text[:index] + text[index].upper() + text[index + 1 :]
    return Markup(out) if isinstance(value, Markup) else out


FILTERS = {
    "case": case_filter,
    "phrase": phrase_filter,
    "label": label_filter,
    "date_phrase": date_phrase_filter,
    "sentence": sentence_filter,
    "ordinal": ordinal_filter,
    "list_item": list_item_filter,
    "authorities_of": authorities_filter,
    "nationality": nationality_filter,
}
GLOBALS = {"pronoun": pronoun_function}
