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
  translation put a date phrase or a name ("у березні 2023 р. її …" → "У березні …").
"""

from __future__ import annotations

from typing import Any, cast

from jinja2 import pass_context
from jinja2.runtime import Context
from markupsafe import Markup

from .errors import TemplateError
from .i18n import Localizer
from .i18n.grammar import CASES, Case, Gender, PersonName, bare, decline, phrase
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


@pass_context
def case_filter(context: Context, value: Any, case: str) -> Any:
    """A name in a grammatical case: ``person.name|case("gen")`` → "Бахрома Хамроєва"."""
    if value is None or not str(value):
        return value
    wanted = _check_case(case)
    localizer = _localizer(context)
    if isinstance(value, NameLocalized):
        person: PersonName | str = value.person
        gender: Gender = value.gender
        field = value.field
    else:  # any other text is taken as a name of unknown gender
        person, gender, field = str(value), "unspecified", getattr(value, "field", "") or "name"
    declined = decline(person, gender, wanted, localizer.lang, locale_dirs=localizer.locale_dirs)
    text = declined.text
    if not declined.decided:
        # The whole name as written, never half declined ("Iryny Lisowska"), and reported.
        text = declined.nominative
        explanation = f"{declined.explain()}; the document prints {text!r} as written"
        _report(context, undecided_name(field, localizer.lang, explanation))
    if isinstance(value, NameLocalized):
        return value.with_text(text)
    if isinstance(value, Localized):
        return Localized(text, value.lang, value.doc_lang, value._report)
    return text


@pass_context
def phrase_filter(context: Context, value: Any, case: str = "nom") -> Any:
    """A court or an authority as a sentence needs it: ``court|phrase("nom")``."""
    if value is None or not str(value):
        return value
    wanted = _check_case(case)
    localizer = _localizer(context)
    if isinstance(value, Localized) and value.lang != value.doc_lang:
        return value  # a text in another language keeps its own grammar (and its notice)
    form = phrase(str(value), wanted, localizer.lang, locale_dirs=localizer.locale_dirs)
    if not form.decided:
        field = getattr(value, "field", "") or "text"
        _report(
            context, phrase_form_undecided(field, localizer.lang, wanted, str(value), form.note)
        )
    if isinstance(value, Localized):
        return Localized(form.text, value.lang, value.doc_lang, value._report)
    return form.text


@pass_context
def label_filter(context: Context, value: Any) -> Any:
    """A phrase without the definite article it is written with, for a table's cell."""
    if value is None or not str(value):
        return value
    localizer = _localizer(context)
    text = bare(
        str(value), getattr(value, "lang", localizer.lang), locale_dirs=localizer.locale_dirs
    )
    if isinstance(value, Localized):
        return Localized(text, value.lang, value.doc_lang, value._report)
    return text


@pass_context
def date_phrase_filter(context: Context, value: Any, role: str) -> str:
    """A date as the phrase of its role in a sentence: ``since|date_phrase("since")``."""
    if value is None:
        return ""
    return _localizer(context).date_phrase(value, role)


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
}
GLOBALS = {"pronoun": pronoun_function}
