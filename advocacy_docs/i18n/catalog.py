"""Message catalogs read straight from ``.po`` files at run time, and lookups along a chain.

Translators edit ``locales/<lang>/LC_MESSAGES/advocacy_docs.po`` and see the result at the next
render: there is no compile step. Parsed catalogs are cached by (path, mtime, size).

A lookup tries, for each locale of the chain in turn, each locale folder in turn (user folders
before the bundled one), and finally the English msgid itself. Fuzzy and empty translations do
not count. A plural form is chosen by the rule of the catalog that supplies it: its own
``Plural-Forms`` header, else its locale's rule; the English msgid uses English's rule.
"""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import PoFileError, PoFileParser

from ..errors import InputError, Problem
from .datafile import MAX_CATALOG_BYTES, read_bytes, unprintable
from .formatting import ENGLISH_PLURALS, Fallback, FallbackLog, PluralForms
from .localedata import StampedCache, file_stamp

GENDER_CONTEXTS: tuple[str, ...] = ("male", "female", "unspecified")
"""The msgctxt values templates pass to pgettext for grammatical gender (the person's gender)."""

MessageKey = tuple[str | None, str]
"""(msgctxt, msgid); msgctxt None when the message has no context."""


@dataclass(frozen=True, eq=False)
class MessageCatalog:
    """The usable translations of one ``.po`` file, and the plural rule that indexes them."""

    path: Path
    singular: Mapping[MessageKey, str]
    plural: Mapping[MessageKey, tuple[str, ...]]
    plural_forms: PluralForms  # the file's Plural-Forms header, else its locale's rule

    def __len__(self) -> int:
        return len(self.singular) + len(self.plural)


_cache: StampedCache[tuple[Path, str], MessageCatalog] = StampedCache()


def load_catalog(path: Path, default_plurals: PluralForms = ENGLISH_PLURALS) -> MessageCatalog:
    """Parse a ``.po`` file (cached by path, mtime and size); InputError naming file and line.

    ``default_plurals`` is the locale's rule, used when the file has no ``Plural-Forms`` header.
    """
    stamp = file_stamp(path)
    if stamp is None:
        raise InputError(f"{path}: catalog not found")
    return _cache.get((path, default_plurals.expr), stamp, lambda: _parse(path, default_plurals))


def _parse(path: Path, default_plurals: PluralForms) -> MessageCatalog:
    # <locale folder>/<lang>/LC_MESSAGES/<domain>.po: read as every file of a locale is.
    data = read_bytes(path, path.parents[2], limit=MAX_CATALOG_BYTES)
    # This is read_po() with one difference: the catalog starts with the locale's plural rule,
    # so that a file without a Plural-Forms header (or with a Language Babel does not know, such
    # as crh) may still have as many plural forms as its language has. The file's own headers,
    # parsed first, replace it.
    po = Catalog(locale=None)
    po.mime_headers = [
        ("Plural-Forms", f"nplurals={default_plurals.nplurals}; plural={default_plurals.expr};")
    ]
    try:
        PoFileParser(po, ignore_obsolete=True, abort_invalid=True).parse(io.BytesIO(data))
    except PoFileError as exc:
        reason = str(exc).rsplit(" on ", 1)[0]
        # Babel counts lines from 0.
        raise InputError(str(Problem(str(path), exc.lineno + 1, None, "", reason))) from None
    except (UnicodeDecodeError, LookupError) as exc:
        raise InputError(f"{path}: cannot decode the catalog ({exc})") from None
    except ValueError as exc:  # e.g. a Plural-Forms header with a non-numeric nplurals
        raise InputError(f"{path}: {exc}") from None
    try:
        plural_forms = PluralForms.parse(po.num_plurals, po.plural_expr)
    except (ValueError, SyntaxError) as exc:
        raise InputError(f"{path}: bad Plural-Forms header {po.plural_forms!r} ({exc})") from None

    singular: dict[MessageKey, str] = {}
    plural: dict[MessageKey, tuple[str, ...]] = {}
    for message in po:
        if not message.id or message.fuzzy:
            continue
        bad = unprintable(message.string)
        if bad is not None:
            problem = Problem(str(path), message.lineno, None, "", f"the translation {bad}")
            raise InputError(str(problem))
        if isinstance(message.id, (tuple, list)):
            forms = tuple(str(s) for s in message.string) if message.string else ()
            # A plural entry with any empty form is unfinished: fall back as a whole.
            if forms and all(forms):
                plural[(message.context, str(message.id[0]))] = forms
        elif isinstance(message.string, str) and message.string:
            singular[(message.context, str(message.id))] = message.string
    return MessageCatalog(path, singular, plural, plural_forms)


@dataclass(frozen=True)
class CatalogLayer:
    """One locale of a chain and its catalogs, earliest locale folder first."""

    lang: str
    catalogs: tuple[MessageCatalog, ...]


class Translations:
    """gettext lookups along a fallback chain; the English msgid is the last resort."""

    def __init__(
        self,
        lang: str,
        layers: Sequence[CatalogLayer],
        log: FallbackLog | None = None,
        *,
        source_language: str = "en",
    ) -> None:
        self.lang = lang
        self.layers = tuple(layers)
        self.log = log or FallbackLog()
        self.source_language = source_language

    def _fell_back(self, context: str | None, msgid: str, used: str) -> None:
        # The source language's own msgids are its text, not a fallback.
        if used != self.lang and not (used == "" and self.lang == self.source_language):
            self.log.add(Fallback("message", msgid, context or "", used))

    def _singular(self, context: str | None, message: str) -> str:
        key = (context, message)
        for layer in self.layers:
            for catalog in layer.catalogs:
                found = catalog.singular.get(key)
                if found is not None:
                    self._fell_back(context, message, layer.lang)
                    return found
        self._fell_back(context, message, "")
        return message

    def _plural(self, context: str | None, singular: str, plural: str, n: int) -> str:
        key = (context, singular)
        for layer in self.layers:
            for catalog in layer.catalogs:
                forms = catalog.plural.get(key)
                if forms is None:
                    continue
                index = catalog.plural_forms.index(n)
                if 0 <= index < len(forms):
                    self._fell_back(context, singular, layer.lang)
                    return forms[index]
        self._fell_back(context, singular, "")
        return singular if ENGLISH_PLURALS.index(n) == 0 else plural

    def gettext(self, message: str) -> str:
        """The translation of ``message``."""
        return self._singular(None, message) if message else message

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        """The plural form of a message for the number ``n``."""
        return self._plural(None, singular, plural, int(n))

    def pgettext(self, context: str, message: str) -> str:
        """The translation of ``message`` in ``context`` (e.g. the person's gender)."""
        return self._singular(context, message) if message else message

    def npgettext(self, context: str, singular: str, plural: str, n: int) -> str:
        """The plural form of a message in ``context`` for the number ``n``."""
        return self._plural(context, singular, plural, int(n))
