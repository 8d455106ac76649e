"""The localize stage: turn a (redacted) case, a recipient and a sender into what templates see.

Templates never see LocalizedText: every text is resolved along the locale's fallback chain into a
:class:`Localized` string that knows its language. Rendered into HTML it marks itself with a
``lang`` attribute when that language is not the document's; every such fallback is a warning.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any

from markupsafe import Markup, escape
from pydantic import BaseModel

from .case import Case, Recipient, Sender, Source
from .case.types import Duration, LocalizedText, PartialDate
from .i18n import Localizer

_EMBEDDINGS = "\u202a\u202b\u202d\u202e"  # LRE RLE LRO RLO, closed by PDF (U+202C)
_ISOLATES = "\u2066\u2067\u2068"  # LRI RLI FSI, closed by PDI (U+2069)
_DIRECTION_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")


def isolate_direction(text: str) -> str:
    """``text`` as is, or, when it holds explicit direction controls, balanced and wrapped in an
    isolate (FSI ... PDI): a right-to-left override in a name then ends where the name ends and
    can never reorder the words, dates or other fields printed after it (Unicode bidi rule X6a).
    """
    if not _DIRECTION_CONTROLS.search(text):
        return text
    out: list[str] = []
    opened: list[str] = []
    for char in text:
        if char in _EMBEDDINGS or char in _ISOLATES:
            opened.append(char)
        elif char == "\u202c":  # PDF closes the innermost embedding, never an isolate
            if not opened or opened[-1] in _ISOLATES:
                continue
            opened.pop()
        elif char == "\u2069":  # PDI closes the innermost isolate and all opened inside it
            if not any(c in _ISOLATES for c in opened):
                continue
            while opened.pop() not in _ISOLATES:
                pass
        out.append(char)
    closers = "".join("\u2069" if c in _ISOLATES else "\u202c" for c in reversed(opened))
    return "\u2068" + "".join(out) + closers + "\u2069"


class Localized(str):
    """A text in a known language; in HTML it carries ``lang`` when that is not the document's."""

    lang: str
    doc_lang: str
    # Where to report that this text is in a fallback language, once it is actually printed:
    # a fallback in a field the template never shows is no news to the campaigner.
    _report: tuple[list[str], str] | None

    def __new__(
        cls, text: str, lang: str, doc_lang: str, report: tuple[list[str], str] | None = None
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


@dataclass
class ViewBuilder:
    """Resolves texts for one locale and records which ones fell back to another language."""

    localizer: Localizer
    default_language: str
    warnings: list[str] = field(default_factory=list)

    def text(self, value: LocalizedText, path: str, *, report: bool = True) -> Localized:
        """``value`` in the document's language, or the best fallback (recorded as a warning)."""
        text, lang = value.resolve(self.localizer.chain, self.default_language)
        text = isolate_direction(text)
        note = f"{path}: no {self.localizer.lang!r} text, used the {lang!r} one"
        return Localized(text, lang, self.localizer.lang, (self.warnings, note) if report else None)

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

    def exact(self, values: dict[str, str]) -> Localized | None:
        """The value for the document's own language only (salutations must never fall back)."""
        text = values.get(self.localizer.lang)
        if text is None:
            return None
        return Localized(isolate_direction(text), self.localizer.lang, self.localizer.lang)

    def lines(self, value: list[str] | dict[str, list[str]], path: str) -> list[Localized]:
        """Address lines, in the document's language when given per language."""
        if isinstance(value, list):
            return [
                Localized(isolate_direction(line), self.localizer.lang, self.localizer.lang)
                for line in value
            ]
        for lang in (*self.localizer.chain, self.default_language, *value):
            if lang in value:
                # Addresses are written for the post office of the recipient's country, so a
                # fallback is fine; it is still marked with its language, and reported.
                note = f"{path}: no {self.localizer.lang!r} lines, used the {lang!r} ones"
                return [
                    Localized(
                        isolate_direction(line), lang, self.localizer.lang, (self.warnings, note)
                    )
                    for line in value[lang]
                ]
        return []


def _sorted_by_date(items: Sequence[Any], attr: str) -> list[Any]:
    """Items in date order, keeping the author's order where partial dates overlap.

    "2022" (within ten days of an arrest, say) and "2022-02-24" cannot be ordered by their
    dates: an item moves before another only when its latest possible day is earlier than the
    other's earliest. Undated items stay in place relative to each other, after dated ones.
    """

    def before(a: Any, b: Any) -> bool:
        da, db = getattr(a, attr, None), getattr(b, attr, None)
        if isinstance(da, PartialDate) and isinstance(db, PartialDate):
            return da.latest < db.earliest
        return isinstance(da, PartialDate) and not isinstance(db, PartialDate)

    remaining = list(items)
    ordered: list[Any] = []
    while remaining:
        # The first item (in the author's order) that nothing remaining must precede.
        pick = next(i for i, a in enumerate(remaining) if not any(before(b, a) for b in remaining))
        ordered.append(remaining.pop(pick))
    return ordered


def chronology(view: SimpleNamespace) -> list[SimpleNamespace]:
    """The facts in date order: timeline events, charges, the verdict and appeals.

    A charge or decision the timeline already tells on the same date (an event of the same
    kind) is not told twice; undated items come last.
    """
    told = {(e.kind, e.date) for e in view.timeline}
    items = [SimpleNamespace(kind="event", date=e.date, item=e) for e in view.timeline]
    items += [
        SimpleNamespace(kind="charge", date=c.added, item=c)
        for c in view.charges
        if ("charge", c.added) not in told
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


def build_context(
    case: Case,
    localizer: Localizer,
    *,
    recipient: Recipient | None = None,
    sender: Sender | None = None,
    today: PartialDate,
    kind_data: dict[str, Any] | None = None,
    extra: dict[str, Any] | None = None,
) -> tuple[dict[str, Any], list[str]]:
    """The template context for one document, and the warnings found while localizing."""
    vb = ViewBuilder(localizer, case.language)
    view = vb.convert(case, "")
    view.charges = _sorted_by_date(view.charges, "added")
    view.timeline = _sorted_by_date(view.timeline, "date")
    view.sources_by_id = {source.id: source for source in view.sources}
    view.chronology = chronology(view)
    rec = None
    if recipient is not None:
        rec = vb.convert(recipient, "recipient")
        rec.salutation = vb.exact(recipient.salutation)
        rec.closing = vb.exact(recipient.closing)
        rec.address = vb.lines(recipient.address, "recipient.address")
    snd = vb.convert(sender, "sender") if sender is not None else None
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
        **(extra or {}),
    }
    return context, vb.warnings
