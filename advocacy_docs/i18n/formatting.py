"""Locale-aware formatting of dates (also partial ones), durations, lists, numbers and names.

Every value is looked up along the locale's chain: for each locale, first its ``locale.toml``
data, then its Babel (CLDR) data; the first locale that has the value wins. A locale that CLDR
knows therefore always answers itself, and a locale CLDR lacks answers from its own data and
borrows only what it does not define (each borrowing is logged, see :class:`FallbackLog`).
"""

from __future__ import annotations

import datetime
import gettext
import re
import threading
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_EVEN, Decimal, localcontext
from typing import TYPE_CHECKING, Any, Literal, TypeVar, cast

from babel import Locale
from babel.dates import format_date as babel_format_date
from babel.dates import match_skeleton
from babel.lists import format_list as babel_format_list
from babel.messages.plurals import get_plural
from babel.numbers import format_decimal as babel_format_decimal
from babel.plural import PluralRule, to_gettext
from babel.units import UnknownUnitError
from babel.units import format_unit as babel_format_unit

from ..errors import TemplateError
from . import typography
from .localedata import DATE_ROLES, DATE_STYLES, LIST_STYLES, LocaleSpec, parse_date_pattern

if TYPE_CHECKING:
    from ..case.types import Duration, PartialDate

T = TypeVar("T")

# The CLDR skeleton asked of Babel for each style and precision when locale.toml has no pattern.
# "text" is the date in running text, with the month's name; "short" is all digits.
_SKELETONS: dict[tuple[str, str], str] = {
    ("text", "day"): "yMMMMd",
    ("text", "month"): "yMMMM",  # CLDR gives the stand-alone (nominative) month: "травень 2023"
    ("text", "year"): "y",
    ("short", "day"): "yMMdd",
    ("short", "month"): "yMM",
    ("short", "year"): "y",
}
_BABEL_MONTH_CONTEXT = {"format": "format", "standalone": "stand-alone"}
_MONTH_WIDTH = {3: "abbreviated", 4: "wide", 5: "narrow"}
_DIGIT = re.compile(r"\d")
_TYPESET_KEPT = 4096  # texts typeset once per locale formatter
_TYPESET_LONGEST = 2000  # characters: longer texts are typeset every time


@dataclass(frozen=True, order=True)
class Fallback:
    """A message or a piece of locale data that the locale lacked and took from elsewhere."""

    kind: Literal["message", "data"]
    key: str  # the msgid, or the data item such as "units.year" or "countries.RU"
    context: str = ""  # the msgctxt of a message
    used: str = ""  # the locale that supplied it; "" for the English source string itself


class FallbackLog:
    """A thread-safe record of fallbacks; one per localizer, shared by all its renders."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._seen: set[Fallback] = set()

    def add(self, item: Fallback) -> None:
        """Record one fallback (recording the same one twice is harmless)."""
        if item not in self._seen:  # unlocked read first: the common case is "already known"
            with self._lock:
                self._seen.add(item)

    def snapshot(self) -> frozenset[Fallback]:
        """Every fallback recorded so far."""
        with self._lock:
            return frozenset(self._seen)


@dataclass(frozen=True)
class PluralForms:
    """A gettext plural rule (``Plural-Forms``): how many forms, and which one a number takes."""

    nplurals: int
    expr: str
    _index: Callable[[int], int] = field(compare=False, repr=False)

    @classmethod
    def parse(cls, nplurals: int, expr: str) -> PluralForms:
        """Compile a C plural expression; ValueError when it is not one."""
        return cls(nplurals, expr, gettext.c2py(expr))

    def index(self, n: int) -> int:
        """The msgstr index for ``n``."""
        return self._index(n)


ENGLISH_PLURALS = PluralForms.parse(2, "(n != 1)")


def _babel_date_pattern(locale: Locale, skeleton: str) -> str | None:
    """The CLDR pattern of ``locale`` closest to ``skeleton``, as Babel's format_skeleton picks."""
    skeletons = locale.datetime_skeletons
    key = skeleton if skeleton in skeletons else match_skeleton(skeleton, skeletons)
    if key is None:
        return None
    pattern = skeletons[key]
    return str(getattr(pattern, "pattern", pattern))


class LocaleFormatter:
    """The formatting half of a localizer: dates, durations, lists, numbers, names, plurals."""

    def __init__(self, specs: Sequence[LocaleSpec], log: FallbackLog | None = None) -> None:
        if not specs:
            raise ValueError("a formatter needs at least one locale")
        self.specs = tuple(specs)
        self.log = log or FallbackLog()
        self._gettext_plurals: dict[int, PluralForms] = {}  # compiled once per chain index
        self._months: tuple[str, ...] | None = None  # month names, for typesetting dates
        self._typeset: dict[str, str] = {}  # text -> typeset text (the same texts recur)
        self._units: dict[tuple[int, str], str] = {}  # (n, unit) -> "14 років", own data only

    # -- lookup along the chain ---------------------------------------------------------------

    def _find(
        self, item: str, getter: Callable[[LocaleSpec], T | None], start: int = 0
    ) -> tuple[T, int] | None:
        """The first value ``getter`` finds along the chain, and the index of its locale."""
        for i in range(start, len(self.specs)):
            value = getter(self.specs[i])
            if value is not None:
                if i > start:  # the locale asked lacked it
                    self.log.add(Fallback("data", item, used=self.specs[i].lang))
                return value, i
        return None

    # -- plural rules ---------------------------------------------------------------------------

    def plural_rule(self, start: int = 0) -> PluralRule:
        """The CLDR plural rule of the locale at chain index ``start`` (or its fallback's)."""
        found = self._find(
            "plural", lambda s: s.plural or (s.babel.plural_form if s.babel else None), start
        )
        return found[0] if found else PluralRule({"one": "n = 1"})

    def plural_category(self, n: int | float | Decimal, start: int = 0) -> str:
        """The CLDR plural category of ``n``: "one", "few", "many", "other", ..."""
        return str(self.plural_rule(start)(n))

    def gettext_plurals(self, start: int = 0) -> PluralForms:
        """The gettext plural rule a catalog of the locale at ``start`` uses by default."""
        cached = self._gettext_plurals.get(start)
        if cached is not None:
            return cached

        def rule(spec: LocaleSpec) -> PluralForms | None:
            if spec.plural is not None:
                text = to_gettext(spec.plural)  # "nplurals=N; plural=(...);"
                head, _, expr = text.partition("; plural=")
                return PluralForms.parse(int(head.split("=")[1]), expr.rstrip(";"))
            if spec.babel is not None:
                # The rule `pybabel init` writes into new catalogs, so it matches translators'.
                plural = get_plural(spec.babel)
                return PluralForms.parse(plural.num_plurals, plural.plural_expr)
            return None

        found = self._find("plural", rule, start)
        forms = found[0] if found else ENGLISH_PLURALS
        self._gettext_plurals[start] = forms  # a benign race: both threads compute the same
        return forms

    def typeset(self, text: str) -> str:
        """``text`` with the locale's typography rules applied (see
        :mod:`advocacy_docs.i18n.typography`): apostrophes and quotation marks, no-break spaces
        before the punctuation the language spaces, after short words, numbers and
        abbreviations that must not end a line, and before dashes that must not begin one."""
        # A campaign typesets the same sentences for every letter: each is done once, in a
        # table of bounded size (cleared when full; a race only computes a text twice).
        done = self._typeset.get(text)
        if done is None:
            done = self._typeset_now(text)
            if len(text) <= _TYPESET_LONGEST:
                if len(self._typeset) >= _TYPESET_KEPT:
                    self._typeset.clear()
                self._typeset[text] = done
        return done

    def _typeset_now(self, text: str) -> str:
        spec = self.specs[0]
        text = typography.one_full_stop(text)
        text = typography.elision(text, spec.elision, spec.elision_before)
        text = typography.apostrophe(text, spec.apostrophe)
        text = typography.quotes(text, spec.quotes)
        if spec.guillemet_space:
            text = typography.guillemet_space(text)
        text = typography.space_before(text, spec.space_before)
        # The rules about numbers only where there is one (most texts of a letter have none).
        numbers = _DIGIT.search(text) is not None
        if numbers and spec.no_break_after_number:
            text = typography.no_break_after_number(text)
        if numbers:
            text = typography.no_break_before_number(text, spec.no_break_before_number)
        text = typography.no_break_before(text, spec.no_break_before)
        if numbers and spec.no_break_dates:
            text = typography.no_break_dates(text, self._month_words())
        return typography.no_break_after(text, spec.no_break_after)

    def _month_words(self) -> tuple[str, ...]:
        """Every month's name as dates in running text write it (the last word of a name
        written with its preposition, Polish "w\u00a0marcu")."""
        if self._months is None:
            names = {
                self.month_name(m, ctx).split()[-1].split("\u00a0")[-1]
                for m in range(1, 13)
                for ctx in ("format", "standalone", "locative")
            }
            self._months = tuple(sorted(n for n in names if not n.isdigit()))
        return self._months

    @property
    def has_typography(self) -> bool:
        """True when :meth:`typeset` can change a text in this locale."""
        spec = self.specs[0]
        return bool(
            spec.space_before
            or spec.no_break_after
            or spec.apostrophe
            or spec.quotes
            or spec.guillemet_space
            or spec.no_break_after_number
            or spec.no_break_before_number
            or spec.no_break_before
            or spec.elision
            or spec.no_break_dates
        )

    def plural_index(self, n: int) -> int:
        """The msgstr index of ``n`` under the locale's gettext plural rule."""
        return self.gettext_plurals().index(n)

    # -- dates ----------------------------------------------------------------------------------

    def date(self, value: PartialDate | datetime.date, *, style: str = "text") -> str:
        """A date, or a partial date at month or year precision, in running text or digits."""
        if style not in DATE_STYLES:
            raise TemplateError(
                f"unknown date style {style!r}; use one of {', '.join(DATE_STYLES)}"
            )
        month: int | None
        day: int | None
        if isinstance(value, datetime.date):  # also datetime.datetime: the time is not shown
            year, month, day, precision = value.year, value.month, value.day, "day"
        else:
            year, month, day, precision = value.year, value.month, value.day, value.precision

        def pattern(spec: LocaleSpec) -> str | None:
            own = spec.date_patterns.get((style, precision))
            if own is not None:
                return own
            if style == "when":
                # CLDR has no adverbial dates; another locale's would bring its prepositions,
                # so a locale without them says the date as in running text.
                own = spec.date_patterns.get(("text", precision))
                if own is not None:
                    return own
            if (style, precision) not in _SKELETONS and style != "when":
                return None  # a phrase ("since …") only locale data has: the chain's is used
            skeleton = _SKELETONS["text" if style == "when" else style, precision]
            return _babel_date_pattern(spec.babel, skeleton) if spec.babel else None

        found = self._find(f"dates.{style}.{precision}", pattern)
        if found is None:
            raise TemplateError(f"no {style} date pattern for {self.specs[0].lang!r}")
        text, index = found
        standalone = "locative" if style == "when" else "standalone"
        return self._format_date_pattern(text, index, year, month, day, standalone)

    def date_phrase(self, value: PartialDate | datetime.date, role: str) -> str:
        """A date as the phrase of its ``role`` in a sentence, chosen by its precision: "on"
        or "in" ("on 24 February 2022", "in March 2023", "у березні 2023 р."), "since" ("з
        березня 2023 р.") or "until"."""
        style = DATE_ROLES.get(role)
        if style is None:
            raise TemplateError(f"unknown date role {role!r}; use one of {', '.join(DATE_ROLES)}")
        return self.date(value, style=style)

    def pronoun(self, gender: str, case: str) -> str | None:
        """The personal pronoun of ``gender`` in ``case`` ("йому"), or None when the language
        has none for it (no neutral pronoun): another language's pronoun is never borrowed."""
        return self.specs[0].pronouns.get(gender, {}).get(case)

    def _format_date_pattern(
        self,
        pattern: str,
        index: int,
        year: int,
        month: int | None,
        day: int | None,
        standalone: str = "standalone",
    ) -> str:
        out: list[str] = []
        for is_field, text in parse_date_pattern(pattern):
            if not is_field:
                out.append(text)
                continue
            letter, width = text[0], len(text)
            if letter == "y":
                out.append(f"{year % 100:02d}" if width == 2 else str(year).zfill(width))
            elif letter == "d" and day is not None:
                # A day written otherwise than as its number (French "1er") is locale data.
                out.append(self.specs[index].days.get(day) or str(day).zfill(width))
            elif letter in "ML" and month is not None:
                if width <= 2:
                    out.append(str(month).zfill(width))
                else:
                    context = "format" if letter == "M" else standalone
                    out.append(self.month_name(month, context, _MONTH_WIDTH[width]))
            else:
                out.append(self._babel_field(text, index, year, month, day))
        return "".join(out)

    def _babel_field(
        self, field_text: str, index: int, year: int, month: int | None, day: int | None
    ) -> str:
        # A CLDR pattern may hold fields we do not implement (an era, a weekday): Babel formats
        # them, as long as the pattern came from a Babel locale and the date is complete enough.
        babel = self.specs[index].babel
        needs_day = field_text[0] in "dEec"
        if babel is None or (needs_day and day is None) or (field_text[0] in "dML" and not month):
            raise TemplateError(
                f"the date pattern field {field_text!r} cannot be formatted for "
                f"{self.specs[0].lang!r} at this precision"
            )
        when = datetime.date(year, month or 1, day or 1)
        return str(babel_format_date(when, field_text, locale=babel))

    def month_name(self, month: int, context: str = "format", width: str = "wide") -> str:
        """A month's name: ``format`` (with a day: genitive), ``standalone`` or ``locative``."""

        def names(spec: LocaleSpec, ctx: str = context) -> str | None:
            own = spec.months.get((ctx, width))
            if own is not None:
                return own[month - 1]
            if ctx == "locative":
                # Only locales that decline month names after "in" define these; the others
                # (English, German, …) say the stand-alone name there.
                return names(spec, "standalone")
            if spec.babel is not None:
                return str(spec.babel.months[_BABEL_MONTH_CONTEXT[ctx]][width][month])
            # CLDR's rule: a locale without stand-alone names uses its format names.
            if ctx == "standalone" and (fmt := spec.months.get(("format", width))):
                return fmt[month - 1]
            return None

        found = self._find(f"months.{context}.{width}", names)
        return found[0] if found else str(month)

    # -- durations ------------------------------------------------------------------------------

    def unit(self, n: int, unit: str) -> str:
        """``n`` of a duration unit (year, month, day) with the right plural form: "3 роки"."""
        known = self._units.get((n, unit))
        if known is not None:
            return known

        def own(i: int) -> str | None:
            spec = self.specs[i]
            forms = spec.units.get(unit)
            if forms is not None:
                pattern = forms.get(self.plural_category(n, i)) or forms["other"]
                return pattern.format(self._number_at(n, i))
            if spec.babel is not None:
                try:
                    return str(
                        babel_format_unit(n, f"duration-{unit}", length="long", locale=spec.babel)
                    )
                except UnknownUnitError:
                    return None
            return None

        for i in range(len(self.specs)):
            text = own(i)
            if text is not None:
                if i > 0:  # said every time: a fallback is never remembered
                    self.log.add(Fallback("data", f"units.{unit}", used=self.specs[i].lang))
                elif len(self._units) < _TYPESET_KEPT:
                    self._units[(n, unit)] = text
                return text
        raise TemplateError(f"no pattern for the unit {unit!r} in {self.specs[0].lang!r}")

    def duration(self, value: Duration, *, possessive: bool = False) -> str:
        """A length of time: "14 років", "3 years and 6 months"; ``possessive``: as it stands
        before the word for a punishment where the language says so ("14 years’")."""
        parts = [
            (unit, n)
            for unit, n in (("year", value.years), ("month", value.months), ("day", value.days))
            if n
        ]
        if not parts:  # a zero length still reads as a length: "0 days"
            parts = [("day", 0)]
        text = self.list([self.unit(n, unit) for unit, n in parts])
        endings = self.specs[0].possessive
        if possessive and len(endings) == 2:
            text += endings[0] if text.endswith("s") else endings[1]
        return text

    # -- this locale's own words for a State (never a fallback's) --------------------------------

    def authorities_of(self, code: str) -> str | None:
        """A State as it follows "the authorities of" ("Російської Федерації"); None if the
        locale does not say."""
        return self.specs[0].authorities_of.get(code)

    def nationality(self, code: str) -> str | None:
        """A citizenship as an adjective ("rosyjskie"), where the locale gives one."""
        return self.specs[0].nationalities.get(code)

    def ordinal(self, number: str) -> str:
        """A number written as an ordinal ("2-nci") where the locale has ordinal patterns; the
        number unchanged otherwise (and for anything that is not a whole number)."""
        patterns = self.specs[0].ordinals
        if not patterns or not number.isdigit() or int(number) == 0:
            return number
        n = int(number)
        for key in (n % 10, n % 100, n % 1000 and 100, 1000):
            if key and str(key) in patterns:
                return patterns[str(key)].format(number)
        return number

    def slot_case(self, role: str) -> str:
        """The grammatical case a placeholder of ``role`` takes in this language ("gen")."""
        return self.specs[0].slots.get(role, "nom")

    # -- lists ----------------------------------------------------------------------------------

    def list(self, items: Iterable[str], style: str = "standard") -> str:
        """Items joined as the language joins them: "a, b and c"; style "or": "a, b or c"."""
        if style not in LIST_STYLES:
            raise TemplateError(
                f"unknown list style {style!r}; use one of {', '.join(LIST_STYLES)}"
            )
        values = [str(x) for x in items]
        if len(values) <= 1:
            return values[0] if values else ""
        first = self.specs[0]
        if first.babel is not None and style not in first.lists:
            try:
                return str(babel_format_list(values, style=cast(Any, style), locale=first.babel))
            except ValueError:  # the locale lacks this style: fall through to the chain
                pass
        parts = {part: self._list_part(style, part) for part in ("start", "middle", "end", "2")}
        if len(values) == 2:
            return parts["2"].format(values[0], values[1])
        result = parts["start"].format(values[0], values[1])
        for value in values[2:-1]:
            result = parts["middle"].format(result, value)
        return parts["end"].format(result, values[-1])

    def _list_part(self, style: str, part: str) -> str:
        def get(spec: LocaleSpec) -> str | None:
            own = spec.lists.get(style, {}).get(part)
            if own is not None:
                return own
            if spec.babel is not None:
                patterns = spec.babel.list_patterns
                if style in patterns:
                    return str(patterns[style][part])
            return None

        found = self._find(f"lists.{style}.{part}", get)
        return found[0] if found else "{0}, {1}"

    # -- numbers --------------------------------------------------------------------------------

    def number(self, value: int | float | Decimal) -> str:
        """A number with the locale's digit grouping and decimal sign: "10,000" / "10 000"."""
        return self._number_at(value, 0)

    def _number_at(self, value: int | float | Decimal, start: int) -> str:
        # The first locale (from `start`) with number data decides: its own symbols when its
        # locale.toml has any (the rest from its Babel data or the chain), else Babel's format.
        for i in range(start, len(self.specs)):
            spec = self.specs[i]
            if spec.numbers:
                return _format_number(value, *(self._symbol(s, i) for s in NUMBER_FIELDS))
            if spec.babel is not None:
                if i > 0:
                    self.log.add(Fallback("data", "numbers", used=spec.lang))
                return str(babel_format_decimal(value, locale=spec.babel))
        return _format_number(value, *(_DEFAULT_SYMBOLS[s] for s in NUMBER_FIELDS))

    def _symbol(self, name: str, start: int) -> str:
        def get(spec: LocaleSpec) -> str | None:
            own = spec.numbers.get(name)
            if own is not None:
                return own
            if spec.babel is not None:
                symbols = spec.babel.number_symbols
                # Babel >= 2.14 keys the symbols by numbering system; older ones do not.
                system = getattr(spec.babel, "default_numbering_system", "latn")
                table = symbols.get(system, symbols)
                return str(table[_BABEL_SYMBOL[name]])
            return None

        found = self._find(f"numbers.{name}", get, start)
        return found[0] if found else _DEFAULT_SYMBOLS[name]

    # -- names ----------------------------------------------------------------------------------

    def country(self, code: str) -> str:
        """A country's name from its ISO 3166-1 alpha-2 code: "RU" -> "Росія"."""

        def get(spec: LocaleSpec) -> str | None:
            own = spec.countries.get(code)
            if own is not None:
                return own
            return (
                str(spec.babel.territories[code])
                if spec.babel and code in spec.babel.territories
                else None
            )

        found = self._find(f"countries.{code}", get)
        if found is None:  # show the code rather than fail a whole document on one name
            self.log.add(Fallback("data", f"countries.{code}"))
            return code
        return found[0]

    def language_name(self, code: str) -> str:
        """A language's name in this locale: "uk" -> "українська"."""
        key = code.replace("-", "_")

        def get(spec: LocaleSpec) -> str | None:
            own = spec.languages.get(code) or spec.languages.get(key)
            if own is not None:
                return own
            return (
                str(spec.babel.languages[key])
                if spec.babel and key in spec.babel.languages
                else None
            )

        found = self._find(f"languages.{code}", get)
        if found is None:
            self.log.add(Fallback("data", f"languages.{code}"))
            return code
        return found[0]


NUMBER_FIELDS = ("decimal", "group", "minus")
_BABEL_SYMBOL = {"decimal": "decimal", "group": "group", "minus": "minusSign"}
_DEFAULT_SYMBOLS = {"decimal": ".", "group": ",", "minus": "-"}


def _format_number(value: int | float | Decimal, decimal: str, group: str, minus: str) -> str:
    """A number with up to three decimals (rounded half to even, as CLDR's #,##0.###)."""
    if isinstance(value, Decimal):
        number = value
    elif isinstance(value, float):
        number = Decimal(repr(value))  # the shortest repr, not the binary expansion
    else:
        number = Decimal(int(value))
    if not number.is_finite():
        return str(value)
    with localcontext() as ctx:
        ctx.prec = max(28, len(number.as_tuple().digits) + 4)
        number = number.quantize(Decimal("0.001"), rounding=ROUND_HALF_EVEN)
    negative = number < 0
    whole, _, fraction = format(abs(number), "f").partition(".")
    fraction = fraction.rstrip("0")
    groups: list[str] = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    text = group.join(groups) + (decimal + fraction if fraction else "")
    return minus + text if negative else text
