"""The localization runtime: one :class:`Localizer` per locale, for messages and formatting.

A locale is a folder ``<locale_dir>/<lang>/`` with ``LC_MESSAGES/advocacy_docs.po`` (messages,
read at run time) and/or ``locale.toml`` (fallback chain, Babel locale, data CLDR lacks; see
:mod:`advocacy_docs.i18n.localedata` for its schema). Several locale folders may be searched:
earlier ones (a user's) override later ones (the bundled one), message by message and key by key.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import InputError, Problem
from .catalog import GENDER_CONTEXTS, CatalogLayer, MessageCatalog, Translations, load_catalog
from .etiquette import Etiquette, load_etiquette
from .formatting import Fallback, FallbackLog, LocaleFormatter, PluralForms
from .localedata import (
    SOURCE_LANGUAGE,
    LocaleSpec,
    StampedCache,
    available_locales,
    catalog_path,
    load_locale_spec,
    locale_files,
    resolve_locale_dirs,
)

if TYPE_CHECKING:
    from ..case.types import Duration, PartialDate

__all__ = [
    "GENDER_CONTEXTS",
    "Fallback",
    "Localizer",
    "available_locales",
    "get_localizer",
]


@dataclass(frozen=True, eq=False)
class Localizer:
    """Translations and formatting for one locale; immutable, cached, shared across renders."""

    lang: str
    chain: tuple[str, ...]
    name: str
    _translations: Translations = field(repr=False)
    _formatter: LocaleFormatter = field(repr=False)
    _log: FallbackLog = field(repr=False)
    # Not in its repr: a template that prints a Localizer must not print where it was loaded.
    locale_dirs: tuple[Path, ...] = field(default=(), repr=False)
    """The locale folders this localizer reads, user folders first."""

    # -- messages -------------------------------------------------------------------------------

    def gettext(self, message: str) -> str:
        """The translation of ``message``, or its fallback along the chain."""
        return self._translations.gettext(message)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        """The plural form of a message for ``n``."""
        return self._translations.ngettext(singular, plural, n)

    def pgettext(self, context: str, message: str) -> str:
        """The translation of ``message`` in ``context`` (a gender from GENDER_CONTEXTS, ...)."""
        return self._translations.pgettext(context, message)

    def npgettext(self, context: str, singular: str, plural: str, n: int) -> str:
        """The plural form of a message in ``context`` for ``n``."""
        return self._translations.npgettext(context, singular, plural, n)

    def missing(self) -> frozenset[Fallback]:
        """Messages and locale data this locale lacked so far, and where they came from instead.

        The record accumulates over every render that used this (shared) localizer.
        """
        return self._log.snapshot()

    # -- formatting -----------------------------------------------------------------------------

    def date(self, value: PartialDate | datetime.date, *, style: str = "text") -> str:
        """A date at day, month or year precision; style "text" (running text) or "short"."""
        return self._formatter.date(value, style=style)

    def date_phrase(self, value: PartialDate | datetime.date, role: str) -> str:
        """A date as a phrase for its role in a sentence: "on", "in", "since", "until"."""
        return self._formatter.date_phrase(value, role)

    def pronoun(self, gender: str, case: str) -> str | None:
        """The personal pronoun by gender and case; None when the language has none."""
        return self._formatter.pronoun(gender, case)

    @property
    def date_words(self) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """The words a catalog must not put right before and right after a date placeholder."""
        spec = self._formatter.specs[0]
        return spec.date_prepositions, spec.date_postpositions

    def duration(self, value: Duration, *, possessive: bool = False) -> str:
        """A length of time with plural forms: "14 років", "3 years and 6 months";
        ``possessive``: before the word for a punishment, where the language says so
        ("14 years’ imprisonment")."""
        return self._formatter.duration(value, possessive=possessive)

    def authorities_of(self, code: str) -> str | None:
        """A State as it follows "the authorities of" in this language; None if not known."""
        return self._formatter.authorities_of(code)

    def nationality(self, code: str) -> str | None:
        """A citizenship as an adjective ("rosyjskie", "russe"), where the language uses one."""
        return self._formatter.nationality(code)

    def ordinal(self, number: str) -> str:
        """A number as an ordinal ("2-nci") where the language writes one; else unchanged."""
        return self._formatter.ordinal(number)

    @property
    def continued_list_items(self) -> bool:
        """True when items of a list that completes a sentence begin in lower case and end
        with a semicolon (Polish)."""
        return self._formatter.specs[0].continued_list_items

    def slot_case(self, role: str) -> str:
        """The grammatical case this language's sentences give a placeholder of ``role``."""
        return self._formatter.slot_case(role)

    def list(self, items: Sequence[str], style: str = "standard") -> str:
        """Items joined as the language does: "a, b and c"; style "or" for alternatives."""
        return self._formatter.list(items, style=style)

    def number(self, value: int | float | Decimal) -> str:
        """A number with the locale's grouping and decimal sign."""
        return self._formatter.number(value)

    def country(self, code: str) -> str:
        """A country's name from its ISO 3166-1 alpha-2 code."""
        return self._formatter.country(code)

    def language_name(self, code: str) -> str:
        """A language's name in this locale's language."""
        return self._formatter.language_name(code)

    def plural_index(self, n: int) -> int:
        """The gettext msgstr index for ``n`` under this locale's plural rule."""
        return self._formatter.plural_index(n)

    def typeset(self, text: str) -> str:
        """``text`` with the locale's typography: spacing before punctuation (French «texte :
        suite»), no short word at a line's end (Polish "w\u00a0marcu")."""
        return self._formatter.typeset(text)

    @property
    def has_typography(self) -> bool:
        """True when :meth:`typeset` can change a text in this locale."""
        return self._formatter.has_typography

    def plural_forms(self) -> PluralForms:
        """The gettext plural rule (``Plural-Forms``) this locale's catalog must use."""
        return self._formatter.gettext_plurals()

    def plural_category(self, n: int | float | Decimal) -> str:
        """The CLDR plural category of ``n`` ("one", "few", "many", "other", ...)."""
        return self._formatter.plural_category(n)

    # -- letter etiquette -----------------------------------------------------------------------

    def etiquette(self) -> Etiquette:
        """Salutations and closings by a recipient's role, gender and name (``etiquette.toml``
        of this locale only: a salutation never falls back to another language)."""
        return load_etiquette(self.lang, self.locale_dirs)


_localizers: StampedCache[tuple[str, tuple[Path, ...]], Localizer] = StampedCache()


def get_localizer(lang: str, locale_dirs: Sequence[Path] | None = None) -> Localizer:
    """The localizer of ``lang``, cached per (lang, folders) until one of its files changes."""
    dirs = resolve_locale_dirs(locale_dirs)
    spec = load_locale_spec(lang, dirs)
    chain = spec.chain
    # Stat every file the localizer reads: an edited catalog or locale.toml rebuilds it.
    files = [p for code in chain for p in locale_files(code, dirs)]
    return _localizers.for_files((lang, dirs), files, lambda: _build(spec, dirs))


def _build(spec: LocaleSpec, dirs: tuple[Path, ...]) -> Localizer:
    specs: list[LocaleSpec] = [spec]
    for code in spec.chain[1:]:
        try:
            specs.append(load_locale_spec(code, dirs))
        except InputError:
            if code == SOURCE_LANGUAGE and code not in spec.fallback:
                raise InputError(
                    f"the source language {SOURCE_LANGUAGE!r}, the last fallback of every "
                    f"locale, has no folder in {', '.join(str(d) for d in dirs)}"
                ) from None
            where = str(spec.fallback_file) if spec.fallback_file else spec.lang
            known = ", ".join(available_locales(dirs))
            raise InputError(
                str(
                    Problem(
                        where, None, None, "fallback", f"no locale {code!r} (available: {known})"
                    )
                )
            ) from None
    log = FallbackLog()
    formatter = LocaleFormatter(specs, log)
    layers: list[CatalogLayer] = []
    for index, code in enumerate(spec.chain):
        # Each locale's catalogs choose plural forms by that locale's rule, not the first one's.
        plurals = formatter.gettext_plurals(index)
        catalogs: list[MessageCatalog] = []
        for d in dirs:
            path = catalog_path(d, code)
            if path.is_file():
                catalogs.append(load_catalog(path, plurals))
        layers.append(CatalogLayer(code, tuple(catalogs)))
    translations = Translations(spec.lang, layers, log, source_language=SOURCE_LANGUAGE)
    return Localizer(
        lang=spec.lang,
        chain=spec.chain,
        name=spec.name,
        _translations=translations,
        _formatter=formatter,
        _log=log,
        locale_dirs=dirs,
    )
