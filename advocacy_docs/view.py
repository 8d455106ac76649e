"""The localize stage: turn a (redacted) case, a recipient and a sender into what templates see.

Templates never see LocalizedText: every text is resolved along the locale's fallback chain into a
:class:`Localized` string that knows its language. Rendered into HTML it marks itself with a
``lang`` attribute when that language is not the document's, and a fallback the reader should
know about becomes a notice (:mod:`advocacy_docs.notices`) once the text is actually printed.

Not every text in another language is a fallback (:func:`fallback_is_news`):

- a text without letters (a number, "205.2"), an e-mail address or a web address is the same in
  every language: it is taken as the document's own, neither marked nor reported;
- a name (a field called ``name``: the person's, a contact's, a recipient's) given once, as a
  plain string, is how its bearer writes it in every language whose readers read its script:
  the Latin script everywhere (it is the script of passports, of international mail and of the
  bodies these documents go to), any other script only in a document written in it. A Cyrillic
  name in a German letter is still reported: it needs a transliteration;
- a name given per language but not in the document's language is fine when both the name
  found instead and the document are in the Latin script ("Dmytro Lubinets" in a Polish
  letter), and reported otherwise: a Russian form of a Ukrainian's name in a Ukrainian letter
  ("Дмитрий" for "Дмитро") is a mistake, not a spelling;
- address lines are written for the post office of the recipient's country: lines in the
  recipient's own language are right in a letter in any language (a Crimean Tatar letter to the
  Ukrainian ombudsman carries his address in Ukrainian) and are not reported; lines in a third
  language are.

- an organisation's name (``organization``, a recognition's ``by``) is a name as above;
- a place (``city``, ``birthplace``, ``place``) written in the document's script reads as the
  place's name ("Dublin" in a German letter) and is not reported; in another script it is.

When a name or a place has no text in the document's language, the first one along the chain
written in the document's script is printed (a Latin organisation name in a Crimean Tatar
letter, not the Ukrainian Cyrillic one); prose keeps the chain's order.

Any other text (an occupation, a sentence) in another language is reported: it is prose the
reader may not read, or reads as a foreign phrase.
"""

from __future__ import annotations

import calendar
import datetime as _dt
import re
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache, lru_cache, partial
from types import MappingProxyType, SimpleNamespace
from typing import Any

from fontTools import unicodedata as _unicode
from markupsafe import Markup, escape
from pydantic import BaseModel

from .bidi import isolate_direction
from .case import Case, Recipient, Sender, Source
from .case.types import Duration, FormsText, LocalizedText, NameText, PartialDate
from .i18n import Localizer
from .i18n.grammar import Gender, PersonName
from .notices import NAME_FORM_UNDECIDED, Notice, fallback_address, fallback_text, stale_facts

# Explicit direction controls end where the text that holds them ends (advocacy_docs.bidi).


LATIN = "Latn"
# Unicode's "Common" (digits, punctuation, spaces), "Inherited" (combining marks) and "Unknown"
# belong to no script: "205.2" or "—" is written the same in every script.
_NO_SCRIPT = frozenset({"Zyyy", "Zinh", "Zzzz"})
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+\Z")
_WEB_ADDRESS = re.compile(r"^(?:[a-z][a-z0-9+.-]*://|www\.)\S+\Z", re.IGNORECASE)


@cache
def _script(char: str) -> str:
    # The Unicode Script property, from fontTools (a dependency of WeasyPrint), whose data
    # follows current Unicode; the standard library's unicodedata has no script property.
    return str(_unicode.script(char))


@lru_cache(maxsize=16384)  # the same names and texts, in every document of a campaign
def scripts(text: str) -> frozenset[str]:
    """The scripts (ISO 15924 codes: Latn, Cyrl, ...) the letters of ``text`` are written in."""
    return frozenset(_script(char) for char in text) - _NO_SCRIPT


@cache
def script_of(text: str) -> str | None:
    """The script most of the letters of ``text`` are written in; None when it has no letters."""
    counts = Counter(_script(char) for char in text)
    for name in _NO_SCRIPT:
        counts.pop(name, None)
    return counts.most_common(1)[0][0] if counts else None


def language_neutral(text: str) -> bool:
    """True for a text without letters ("205.2"), an e-mail address or a web address."""
    text = text.strip()
    return not scripts(text) or bool(_EMAIL.match(text) or _WEB_ADDRESS.match(text))


NAME_FIELDS = frozenset({"name", "organization", "by"})
"""Fields that hold a person's or an organisation's name (the last part of a field path)."""

PLACE_FIELDS = frozenset({"city", "birthplace", "place"})
"""Fields that hold the name of a place."""


def field_role(path: str) -> str:
    """What the field at ``path`` holds: "name", "place" or "prose" ("contacts[0].name")."""
    last = re.sub(r"\[\d+\]$", "", path.rsplit(".", 1)[-1])
    if last in NAME_FIELDS:
        return "name"
    return "place" if last in PLACE_FIELDS else "prose"


def fallback_is_news(
    text: str, *, name: bool, given_once: bool, script: str, place: bool = False
) -> bool:
    """Whether a text not in the document's language is worth a notice (see the module's notes)."""
    # script: the document's; name: the text is a name; given_once: as a plain string;
    # place: the text names a place.
    if language_neutral(text):
        return False
    if place:
        return not scripts(text) <= {script}
    if not name:
        return True
    used = scripts(text)
    if given_once:
        return not used <= {LATIN, script}
    return not (script == LATIN and used <= {LATIN})


class Localized(str):
    """A text in a known language; in HTML it carries ``lang`` when that is not the document's."""

    lang: str
    doc_lang: str
    # Where to report that this text is in a fallback language, once it is actually printed:
    # a fallback in a field the template never shows is no news to the campaigner.
    _report: tuple[list[Notice], Notice] | None
    field: str = ""  # where the text comes from ("proceedings.court"), for notices about it
    # Its forms by grammatical case as the case file gives them ({"gen": "журналістки"}).
    forms: Mapping[str, str] = MappingProxyType({})

    def __new__(
        cls, text: str, lang: str, doc_lang: str, report: tuple[list[Notice], Notice] | None = None
    ) -> Localized:
        obj = super().__new__(cls, text)
        obj.lang = lang
        obj.doc_lang = doc_lang
        obj._report = report
        return obj

    def __html__(self) -> Markup:
        text = escape(str(self))
        if self.lang == self.doc_lang:
            return text
        if self._report is not None:
            sink, message = self._report
            sink.append(message)
        return Markup('<span lang="{}">{}</span>').format(self.lang, text)


class NameLocalized(Localized):
    """A person's name that templates can decline (``name|case("gen")``): the text as printed,
    its parts in the language it is written in (with any forms the case file gives), the
    person's gender and where the name comes from (for notices)."""

    person: PersonName
    gender: Gender
    field: str

    @classmethod
    def of(cls, base: Localized, person: PersonName, gender: Gender, field: str) -> NameLocalized:
        """``base`` (a resolved name) with what declining it needs."""
        obj = cls(str(base), base.lang, base.doc_lang, base._report)
        obj.person, obj.gender, obj.field = person, gender, field
        return obj

    def with_text(self, text: str) -> Localized:
        """Another form of this name, marked and reported like the name itself; its direction
        controls end with it, as the name's own do."""
        return Localized(isolate_direction(text), self.lang, self.doc_lang, self._report)


@dataclass
class ViewBuilder:
    """Resolves texts for one locale and records which ones fell back to another language."""

    localizer: Localizer
    default_language: str
    warnings: list[Notice] = field(default_factory=list)

    @property
    def script(self) -> str:
        """The script (ISO 15924) the document's language is written in."""
        # The language's name in itself is written in it (Qırımtatarca: Latin; Українська:
        # Cyrillic), also for a locale CLDR does not know; CLDR would say Cyrillic for crh.
        return script_of(self.localizer.name) or LATIN

    def resolve(self, value: LocalizedText, path: str) -> tuple[str, str]:
        """The text of ``value`` to print and its language: the document's, else the chain's
        first; for a name or a place, the chain's first in the document's script if any."""
        text, lang = value.resolve(self.localizer.chain, self.default_language)
        if lang == self.localizer.lang or value.plain is not None or field_role(path) == "prose":
            return text, lang
        if scripts(text) <= {self.script}:
            return text, lang
        for other in (*self.localizer.chain, self.default_language, *value.values):
            found = value.values.get(other)
            if found is not None and scripts(found) and scripts(found) <= {self.script}:
                return found, other
        return text, lang

    def text(self, value: LocalizedText, path: str, *, report: bool = True) -> Localized:
        """``value`` in the document's language, or the best fallback (reported when news)."""
        text, lang = self.resolve(value, path)
        doc = self.localizer.lang
        if lang != doc and language_neutral(text):
            lang = doc  # "205.2" or an e-mail address has no language to mark
        notice = None
        if report and lang != doc:
            role = field_role(path)
            given_once = value.plain is not None
            if fallback_is_news(
                text,
                name=role == "name",
                given_once=given_once,
                script=self.script,
                place=role == "place",
            ):
                notice = fallback_text(path, doc, lang)
        text = isolate_direction(text)
        out = Localized(text, lang, doc, (self.warnings, notice) if notice else None)
        out.field = path
        if isinstance(value, FormsText):
            forms = value.forms_in(None if value.plain is not None else lang)
            out.forms = {case: isolate_direction(form) for case, form in forms.items()}
        return out

    def convert(self, value: Any, path: str) -> Any:
        """A template-friendly copy of ``value``: models become records, texts are resolved."""
        if isinstance(value, LocalizedText):
            return self.text(value, path)
        if isinstance(value, Duration):
            return value
        if isinstance(value, Source):
            # A source is cited as published (title, publisher): its language is no fallback.
            record = self._record(value, path)
            title = value.title
            if title.plain is not None and value.language:
                # A title given once is in the language the source was published in.
                title = LocalizedText(values={value.language: title.plain})
            record.title = self.text(title, f"{path}.title", report=False)
            if value.publisher is not None:
                record.publisher = self.text(value.publisher, f"{path}.publisher", report=False)
            return record
        if isinstance(value, BaseModel):
            return self._record(value, path)
        if isinstance(value, list):
            return [self.convert(v, f"{path}[{i}]") for i, v in enumerate(value)]
        if isinstance(value, str):
            return isolate_direction(value)
        return value

    def _record(self, value: BaseModel, path: str) -> SimpleNamespace:
        return SimpleNamespace(
            **{
                name: self.convert(getattr(value, name), f"{path}.{name}" if path else name)
                for name in type(value).model_fields
            }
        )

    def person_name(self, value: LocalizedText, gender: Gender, path: str) -> NameLocalized:
        """A person's name as :meth:`text` resolves it, declinable by templates."""
        from .i18n.grammar import person_name

        base = self.text(value, path)
        text, lang = self.resolve(value, path)
        written = value.parts_in(lang) if isinstance(value, NameText) else None
        person = person_name(written if written is not None else text, lang)
        return NameLocalized.of(base, person, gender, path)

    def name_parts(self, value: LocalizedText) -> SimpleNamespace:
        """The parts of a person's name (given, patronymic, family) in the language the name
        resolves to, for forms that ask for the surname apart: written in parts by the case
        file, or split by that language's conventions (:class:`~.i18n.grammar.PersonName`)."""
        from .i18n.grammar import person_name

        text, lang = self.resolve(value, "person.name")
        written = value.parts_in(lang) if isinstance(value, NameText) else None
        name = person_name(written if written is not None else text, lang)
        doc = self.localizer.lang

        def part(word: str) -> Localized:
            return Localized(isolate_direction(word), doc if language_neutral(word) else lang, doc)

        return SimpleNamespace(
            given=part(name.given),
            patronymic=part(name.patronymic),
            family=part(name.family),
            # "Хамроев Бахром Хамроевич": the official order, family name first.
            family_first=name.family_first,
        )

    def exact(self, values: dict[str, str]) -> Localized | None:
        """The value for the document's own language only (salutations must never fall back)."""
        text = values.get(self.localizer.lang)
        if text is None:
            return None
        return Localized(isolate_direction(text), self.localizer.lang, self.localizer.lang)

    def lines(
        self, value: list[str] | dict[str, list[str]], path: str, *, own: str | None = None
    ) -> list[Localized]:
        """Address lines in the document's language, else in ``own`` (the recipient's), else
        along the chain (then reported)."""
        doc = self.localizer.lang
        if isinstance(value, list):
            return [Localized(isolate_direction(line), doc, doc) for line in value]
        for lang in (doc, own, *self.localizer.chain, self.default_language, *value):
            if lang is None or lang not in value:
                continue
            # Lines in the recipient's own language are written for the post office of the
            # recipient's country and read by the recipient's registry: right in a letter in any
            # language. They are still marked with their language.
            report = (
                None if lang in (doc, own) else (self.warnings, fallback_address(path, doc, lang))
            )
            return [Localized(isolate_direction(line), lang, doc, report) for line in value[lang]]
        return []

    def own_lines(self, value: list[str] | dict[str, list[str]], path: str) -> list[Localized]:
        """The sender's address lines: in the document's language, else the first along the
        chain written in the document's script (a Ukrainian sender's Latin address in a
        Crimean Tatar letter, never the Cyrillic one), else as :meth:`lines` finds them."""
        if isinstance(value, dict) and self.localizer.lang not in value:
            doc = self.localizer.lang
            for lang in (*self.localizer.chain, self.default_language, *value):
                lines = value.get(lang)
                if lines and all(scripts(line) <= {self.script} for line in lines):
                    # Postal lines in the letter's script serve its reader: no news.
                    return [Localized(isolate_direction(x), lang, doc) for x in lines]
        return self.lines(value, path)


def _sorted_by_date(items: Sequence[Any], attr: str) -> list[Any]:
    """Items in date order, keeping the author's order where partial dates overlap.

    "2022" (within ten days of an arrest, say) and "2022-02-24" cannot be ordered by their
    dates: an item moves before another only when its latest possible day is earlier than the
    other's earliest. Undated items stay in place relative to each other, after dated ones.

    Each step takes the first remaining item (in the author's order) that no remaining item
    must precede. A dated item may be taken once its earliest day is no later than the least
    latest day of the remaining dated items; that bound only grows, so the items become
    takeable in order of their earliest day and each is pushed on a heap once: O(n log n),
    never the O(n^2) a scan of every pair per step costs on thousands of events.
    """
    import heapq  # here, not at the top: this function is the only user in the module

    dated: list[tuple[_dt.date, _dt.date, int]] = []
    undated: list[Any] = []
    for i, item in enumerate(items):
        when = getattr(item, attr, None)
        if isinstance(when, PartialDate):
            dated.append((when.earliest, when.latest, i))
        else:
            undated.append(item)
    by_earliest = sorted(dated)
    by_latest = [(latest, i) for _, latest, i in dated]
    heapq.heapify(by_latest)
    taken: set[int] = set()
    takeable: list[int] = []
    ordered: list[Any] = []
    nxt = 0
    while len(ordered) < len(dated):
        while by_latest[0][1] in taken:  # drop items already taken (lazy deletion)
            heapq.heappop(by_latest)
        bound = by_latest[0][0]
        while nxt < len(by_earliest) and by_earliest[nxt][0] <= bound:
            heapq.heappush(takeable, by_earliest[nxt][2])
            nxt += 1
        # Never empty: the item of the least latest day has its earliest day before it.
        pick = heapq.heappop(takeable)
        taken.add(pick)
        ordered.append(items[pick])
    return ordered + undated


def cites_article(text: str, article: str) -> bool:
    """True when ``text`` cites ``article`` ("205.2") as a number of its own: not "1205.2",
    "205.21" or "205.2.1"."""
    return re.search(rf"(?<![\d.]){re.escape(article)}(?![\d]|\.\d)", text) is not None


def _charge_told(charge: Any, timeline: Sequence[Any]) -> bool:
    """Whether an event on the day the charge was brought already tells it: an event of the
    kind "charge", or any event whose text cites the charge's article ("The FSB took him away
    and charged him under Article 205.2 …", an arrest)."""
    if charge.added is None:
        return False
    return any(
        e.date == charge.added and (e.kind == "charge" or cites_article(e.text, charge.article))
        for e in timeline
    )


def chronology(view: SimpleNamespace) -> list[SimpleNamespace]:
    """The facts in date order: timeline events, charges, the verdict and appeals.

    A fact the timeline already tells on the same date is not told twice: a decision told by an
    event of its kind, a charge by an event of the kind "charge" or one whose text cites the
    charge's article. Undated items come last.
    """
    told = {(e.kind, e.date) for e in view.timeline}
    items = [SimpleNamespace(kind="event", date=e.date, item=e) for e in view.timeline]
    items += [
        SimpleNamespace(kind="charge", date=c.added, item=c)
        for c in view.charges
        if not _charge_told(c, view.timeline)
    ]
    proceedings = view.proceedings
    if proceedings is not None:
        verdict = proceedings.verdict
        if verdict is not None and ("verdict", verdict.date) not in told:
            items.append(SimpleNamespace(kind="verdict", date=verdict.date, item=verdict))
        items += [
            SimpleNamespace(kind="appeal", date=a.date, item=a)
            for a in proceedings.appeals
            if ("appeal", a.date) not in told
        ]
    return _sorted_by_date(items, "date")


def elapsed(start: _dt.date, end: _dt.date) -> Duration | None:
    """Whole years, months and days from ``start`` to ``end``; None when ``end`` is earlier.

    A month counts from a day to the same day of the next month, or to that month's last day
    when it is shorter (31 January to 28 February is one month).
    """
    if end < start:
        return None
    months = (end.year - start.year) * 12 + end.month - start.month
    while months > 0 and _add_months(start, months) > end:
        months -= 1
    days = (end - _add_months(start, months)).days
    return Duration(years=months // 12, months=months % 12, days=days)


def _add_months(day: _dt.date, months: int) -> _dt.date:
    year, month = divmod(day.month - 1 + months, 12)
    year += day.year
    last = calendar.monthrange(year, month + 1)[1]
    return _dt.date(year, month + 1, min(day.day, last))


def custody(case: Case) -> SimpleNamespace | None:
    """Whether the person is held, as the checks read the case file (one rule for both): the
    detention ends on ``detention.until``, else on the last release the timeline records;
    ``ended`` is that day, ``continuing`` whether the person is still held as of ``as_of``, and
    ``release_told`` whether a timeline event already tells the release on that day."""
    from .checks.common import detention_span as recorded

    span = recorded(case)
    if span is None:
        return None
    told = span.ended is not None and any(
        e.kind == "release" and e.date == span.ended for e in case.timeline
    )
    return SimpleNamespace(ended=span.ended, continuing=span.continuing, release_told=told)


def detention_span(case: Case) -> SimpleNamespace | None:
    """How long the detention lasted: until release (``detention.until``, else a release the
    timeline records) or, while it goes on, until the day the facts are stated as of
    (``as_of``); None unless both days are known."""
    detention = case.detention
    if detention is None:
        return None
    held = custody(case)
    until = held.ended if held is not None else None
    end = until if until is not None else case.as_of
    start, stop = detention.since.as_date(), end.as_date() if end is not None else None
    if start is None or stop is None:
        return None
    duration = elapsed(start, stop)
    if duration is None:
        return None
    return SimpleNamespace(duration=duration, end=end, ended=until is not None)


def recipient_person(vb: ViewBuilder, recipient: Recipient) -> PersonName | None:
    """The recipient's personal name in the letter's script, or None (unknown, an office)."""
    from .i18n.etiquette import office_name
    from .i18n.grammar import name_rules, person_name

    localizer = vb.localizer
    lang, dirs = localizer.lang, localizer.locale_dirs
    # A recipients file may name an office instead of a person: the name greets the recipient
    # only when it is a person's, written in the letter's script: given in parts, or given
    # with a gender (an office has none) and not reading as an office.
    # The name along the locale's own chain, not the first one in the letter's script that
    # the address may print: a greeting uses a name only as the letter's language spells it
    # (Crimean Tatar "Dmitro", never the English "Dmytro"; the title greets instead).
    text, name_lang = recipient.name.resolve(localizer.chain, vb.default_language)
    written = recipient.name.parts_in(name_lang)
    if script_of(text) != vb.script or (written is None and recipient.gender == "unspecified"):
        return None
    office = [
        value.resolve(localizer.chain, vb.default_language)[0]
        for value in (recipient.title, recipient.organization)
        if value is not None
    ]
    particles = name_rules(lang, dirs).particles
    if written is None and office_name(text, office, particles):
        return None
    return person_name(written if written is not None else text, lang, dirs)


def addressee(vb: ViewBuilder, recipient: Recipient, address: Sequence[str]) -> list[Localized]:
    """The lines naming the recipient above the address, by the locale's etiquette (title and
    name, in the case the language addresses a letter in: ru «Генеральному прокурору … /
    А. В. Гуцану»); a line the address already has is not repeated."""
    from .i18n.etiquette import Addressee, addressee_lines

    localizer = vb.localizer
    lang = localizer.lang
    title: dict[str, str] | None = None
    if recipient.title is not None:
        text, title_lang = recipient.title.resolve(localizer.chain, recipient.language)
        # A title in the letter's language, or in the recipient's own (as address lines are).
        if title_lang in (lang, recipient.language) and script_of(text) == vb.script:
            key = None if recipient.title.plain is not None else title_lang
            forms = recipient.title.forms_in(key) if isinstance(recipient.title, FormsText) else {}
            title = {"nom": text, **forms}
    person = recipient_person(vb, recipient)
    who = Addressee(recipient.role, recipient.gender, person, recipient.formal)
    lines = addressee_lines(localizer.etiquette(), who, title, locale_dirs=localizer.locale_dirs)
    known = {" ".join(line.split()).casefold() for line in address}
    return [
        Localized(isolate_direction(line), lang, lang)
        for line in lines
        if " ".join(line.split()).casefold() not in known
    ]


def _country_names(code: str, langs: Sequence[str], localizer: Localizer) -> set[str]:
    """What a country line for ``code`` may read, in the letter's and the given languages."""
    from babel import Locale, UnknownLocaleError

    names = {localizer.country(code)}
    for lang in langs:
        try:
            territory = Locale.parse(lang.replace("-", "_")).territories.get(code)
        except (UnknownLocaleError, ValueError):
            continue
        if territory:
            names.add(str(territory))
    return {" ".join(n.split()).casefold() for n in names}


def with_country(
    lines: list[Localized], recipient: Recipient, sender: Sender | None, localizer: Localizer
) -> list[Localized]:
    """The address with its country line when the letter crosses a border, and without one
    when it does not: the line is kept or added (the country's name in the letter's language)
    when the sender's country differs, and dropped when both are in the same country."""
    if sender is None:
        return lines
    langs = [localizer.lang, recipient.language, "en", *{line.lang for line in lines}]
    names = _country_names(recipient.country, langs, localizer)
    last = " ".join(lines[-1].split()).casefold() if lines else ""
    # The last line names the country: as CLDR writes it, or as a line without a postcode
    # after the line that has one ("GSP-3, Moscow 125993 / Russian Federation").
    has_country = bool(lines) and (
        last in names
        or (
            len(lines) > 1
            and not any(c.isdigit() for c in last)
            and any(c.isdigit() for c in lines[-2])
        )
    )
    if sender.country == recipient.country:
        return lines[:-1] if has_country else lines
    if has_country:
        return lines
    country = Localized(localizer.country(recipient.country), localizer.lang, localizer.lang)
    return [*lines, country]


def greeting(
    vb: ViewBuilder, recipient: Recipient
) -> tuple[Localized | None, Localized | None, Callable[[str], Markup]]:
    """The salutation and closing of a letter to ``recipient`` (its own win; else derived from
    its role, gender and name by the locale's ``etiquette.toml``; None: the template's own), and
    what writes the first sentence after the salutation (German continues it in lower case)."""
    from .i18n.etiquette import Addressee, continue_sentence, write

    localizer = vb.localizer
    lang, dirs = localizer.lang, localizer.locale_dirs
    data = localizer.etiquette()
    name = recipient_person(vb, recipient)
    chosen = write(
        data,
        Addressee(recipient.role, recipient.gender, name, recipient.formal),
        own_salutation=recipient.salutation.get(lang),
        own_closing=recipient.closing.get(lang),
        locale_dirs=dirs,
    )
    for declined in chosen.undecided if chosen else ():
        why = "; ".join(w.note for w in declined.undecided()) or "no rule decides it"
        message = (
            f"recipient.name: the {lang!r} {declined.case} form of {declined.nominative!r} could "
            f"not be decided ({why}); the salutation does not use the name: give the form in the "
            f"recipients file (name: {{{lang}: {{given: ..., family: ..., {declined.case}: ...}}}})"
        )
        vb.warnings.append(Notice(NAME_FORM_UNDECIDED, message, "recipient.name", lang))
    if chosen is None:
        salutation, closing = vb.exact(recipient.salutation), vb.exact(recipient.closing)
    else:
        salutation = Localized(isolate_direction(chosen.salutation), lang, lang)
        closing = Localized(isolate_direction(chosen.closing), lang, lang)
    said = str.__str__(salutation) if salutation is not None else None
    return salutation, closing, _Continue(continue_sentence, data, said)


class _Continue(partial[Markup]):
    """``recipient.continue_sentence``: printed, its name only (not the etiquette data it was
    made from, nor where that was read)."""

    def __repr__(self) -> str:
        return "<continue_sentence>"


def build_context(
    case: Case,
    localizer: Localizer,
    *,
    recipient: Recipient | None = None,
    sender: Sender | None = None,
    today: PartialDate,
    kind_data: dict[str, Any] | None = None,
    extra: dict[str, Any] | None = None,
) -> tuple[dict[str, Any], list[Notice]]:
    """The template context for one document, and the notices found while localizing (the list
    fills as the template prints: a fallback in a field never shown is no news)."""
    vb = ViewBuilder(localizer, case.language)
    view = vb.convert(case, "")
    view.charges = _sorted_by_date(view.charges, "added")
    view.timeline = _sorted_by_date(view.timeline, "date")
    view.sources_by_id = {source.id: source for source in view.sources}
    view.person.name_parts = vb.name_parts(case.person.name)
    view.person.name = vb.person_name(case.person.name, case.person.gender, "person.name")
    view.detention_span = detention_span(case)
    view.custody = custody(case)
    view.chronology = chronology(view)
    rec = None
    if recipient is not None:
        rec = vb.convert(recipient, "recipient")
        rec.salutation, rec.closing, rec.continue_sentence = greeting(vb, recipient)
        lines = vb.lines(recipient.address, "recipient.address", own=recipient.language)
        rec.address = with_country(lines, recipient, sender, localizer)
        rec.addressee = addressee(vb, recipient, rec.address)
        rec.dateline_place = localizer.etiquette().dateline_place
        # The recipient's State: a letter to an official of another State than the one that
        # holds the person asks them to take the requests to that State's authorities.
        rec.same_state = recipient.country == case.state
    snd = vb.convert(sender, "sender") if sender is not None else None
    if snd is not None and sender is not None:
        snd.address = vb.own_lines(sender.address, "sender.address")
    # Facts long older than the document: it says "as of …" where they may have changed.
    from .checks.common import STALE_MONTHS, facts_stale

    view.stale = case.as_of is not None and facts_stale(case.as_of, today.earliest)
    if view.stale and case.as_of is not None:
        vb.warnings.append(stale_facts(case.as_of.isoformat(), today.isoformat(), STALE_MONTHS))
    context = {
        "localizer": localizer,
        "lang": localizer.lang,
        "case": view,
        "person": view.person,
        "recipient": rec,
        "sender": snd,
        "today": today,
        "kind": SimpleNamespace(**(kind_data or {})),
        "photo": None,
        "lawyer_notes": [],
        "page_overruns": [],
        # Where filters report what they could not decide (a name's case form): printed notices.
        "notice_sink": vb.warnings,
        **(extra or {}),
    }
    return context, vb.warnings
