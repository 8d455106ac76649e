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
import re
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import PoFileError, PoFileParser

from ..errors import ConfigurationError, Problem, shown_path
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
    """Parse a ``.po`` file (cached by path, mtime and size); ConfigurationError naming file
    and line.

    ``default_plurals`` is the locale's rule, used when the file has no ``Plural-Forms`` header.
    """
    stamp = file_stamp(path)
    if stamp is None:
        raise ConfigurationError(f"{shown_path(path)}: catalog not found")
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
    # A catalog is the deployment's, not the caller's input: its faults are configuration
    # errors, named by file and line (and never by where the package is installed).
    shown = shown_path(path)
    try:
        PoFileParser(po, ignore_obsolete=True, abort_invalid=True).parse(io.BytesIO(data))
    except PoFileError as exc:
        reason = str(exc).rsplit(" on ", 1)[0]
        # Babel counts lines from 0.
        raise ConfigurationError(str(Problem(shown, exc.lineno + 1, None, "", reason))) from None
    except (UnicodeDecodeError, LookupError) as exc:
        raise ConfigurationError(f"{shown}: cannot decode the catalog ({exc})") from None
    except ValueError as exc:  # e.g. a Plural-Forms header with a non-numeric nplurals
        raise ConfigurationError(f"{shown}: {exc}") from None
    try:
        plural_forms = PluralForms.parse(po.num_plurals, po.plural_expr)
    except (ValueError, SyntaxError) as exc:
        raise ConfigurationError(
            f"{shown}: bad Plural-Forms header {po.plural_forms!r} ({exc})"
        ) from None

    singular: dict[MessageKey, str] = {}
    plural: dict[MessageKey, tuple[str, ...]] = {}
    for message in po:
        if not message.id or message.fuzzy:
            continue
        bad = unprintable(message.string)
        if bad is None:
            bad = _broken_placeholders(message.id, message.string)
        if bad is not None:
            problem = Problem(shown, message.lineno, None, "", f"the translation {bad}")
            raise ConfigurationError(str(problem))
        if isinstance(message.id, (tuple, list)):
            forms = tuple(str(s) for s in message.string) if message.string else ()
            # A plural entry with any empty form is unfinished: fall back as a whole.
            if forms and all(forms):
                plural[(message.context, str(message.id[0]))] = forms
        elif isinstance(message.string, str) and message.string:
            singular[(message.context, str(message.id))] = message.string
    return MessageCatalog(path, singular, plural, plural_forms)


# A %-conversion as Python's `text % mapping` reads it: "%(name)s", "%%", "%5.2f", or a stray
# "%" that ends the text or precedes a character that is no conversion.
_CONVERSION = re.compile(
    r"%(?:\((?P<name>[^)]*)\))?[-#0 +]*(?:\*|\d+)?(?:\.(?:\*|\d+))?[hlL]?(?P<type>.?)", re.S
)
_TYPES = frozenset("diouxXeEfFgGcrsa")
_PLACEHOLDER = re.compile(r"%\([^)]*\)[-#0 +]*\d*(?:\.\d+)?[diouxXeEfFgGcrsa]")


def _names(text: str) -> set[str] | None:
    """The placeholder names of ``text`` when it is a format string of named placeholders only
    ("%(name)s", "%%"); None when it has none, or is not one (then it is never formatted)."""
    names: set[str] = set()
    for match in _CONVERSION.finditer(text):
        if match.group("type") == "%" and match.group("name") is None:
            continue
        if match.group("name") is None or match.group("type") not in _TYPES:
            return None
        names.add(match.group("name"))
    return names or None


def _broken_placeholders(msgid: object, msgstr: object) -> str | None:
    """What in a translation would break the sentence it fills in (templates and code format
    every message with named placeholders: ``text % {"name": ...}``); None when nothing does.

    A translation may leave a placeholder out (a plural's "one year"), but not use one the
    source lacks (``%(nombre)s`` for ``%(name)s``), an unnamed one, or a lone "%".
    """
    sources = [str(s) for s in msgid] if isinstance(msgid, (tuple, list)) else [str(msgid)]
    expected: set[str] = set()
    for source in sources:
        expected |= _names(source) or set()
    if not expected:
        return None  # the source has no placeholders: only our own code formats such a text
    forms = [str(s) for s in msgstr] if isinstance(msgstr, (tuple, list)) else [str(msgstr or "")]
    wanted = ", ".join(f"%({n})s" for n in sorted(expected))
    for form in forms:
        for match in _CONVERSION.finditer(form):
            name, kind = match.group("name"), match.group("type")
            if kind == "%" and name is None:
                continue
            if kind not in _TYPES:
                return (
                    f"has a {match.group()!r} that is no placeholder (write a percent sign as %%)"
                )
            if name is None:
                return f"has the placeholder {match.group()!r} without a name; use {wanted}"
            if name not in expected:
                return (
                    f"has the placeholder {match.group()!r} that the source lacks; "
                    f"the source has {wanted} (a placeholder is never translated)"
                )
    return None


# The fallbacks of the render under way in this thread (or task), for its warnings: each render
# collects its own, while the localizer's FallbackLog accumulates them over all renders.
_render_fallbacks: ContextVar[list[Fallback] | None] = ContextVar("_render_fallbacks", default=None)


# A text in another language than the document's, as a translation lookup returns it during a
# render: OPEN, the language (each character shifted into the private use area), SEPARATOR,
# the text, CLOSE. Markers pass through formatting, filters and templates as text no rule
# reads as a letter; the pipeline turns them into lang="…" spans in the document's body and
# drops them elsewhere (the title, attributes, the stylesheet).
MARK_OPEN, MARK_SEPARATOR, MARK_CLOSE = "\ue001", "\ue002", "\ue003"
_SHIFT = 0xE000


def mark_language(text: str, lang: str) -> str:
    """``text`` wrapped in the markers that say it is written in ``lang``."""
    code = "".join(chr(_SHIFT + ord(c)) for c in lang)
    return f"{MARK_OPEN}{code}{MARK_SEPARATOR}{text}{MARK_CLOSE}"


def marked_language(code: str) -> str:
    """The language the shifted characters between MARK_OPEN and MARK_SEPARATOR name."""
    return "".join(chr(ord(c) - _SHIFT) for c in code)


@contextmanager
def collect_fallbacks() -> Iterator[list[Fallback]]:
    """Collect the messages that fell back to another language while the block runs; their
    texts come back marked with their language (:func:`mark_language`)."""
    found: list[Fallback] = []
    token = _render_fallbacks.set(found)
    try:
        yield found
    finally:
        _render_fallbacks.reset(token)


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

    def _fell_back(self, context: str | None, msgid: str, used: str, text: str) -> str:
        """``text`` as printed: marked with its language when it fell back during a render."""
        # The source language's own msgids are its text, not a fallback; nor is a message of
        # placeholders and punctuation only ("%(place)s, %(today)s"): it has no language.
        if used == self.lang or (used == "" and self.lang == self.source_language):
            return text
        if not any(c.isalpha() for c in _PLACEHOLDER.sub("", msgid)):
            return text
        item = Fallback("message", msgid, context or "", used)
        self.log.add(item)
        sink = _render_fallbacks.get()
        if sink is None:
            return text
        sink.append(item)
        return mark_language(text, used or self.source_language)

    def _singular(self, context: str | None, message: str) -> str:
        key = (context, message)
        for layer in self.layers:
            for catalog in layer.catalogs:
                found = catalog.singular.get(key)
                if found is not None:
                    return self._fell_back(context, message, layer.lang, found)
        return self._fell_back(context, message, "", message)

    def _plural(self, context: str | None, singular: str, plural: str, n: int) -> str:
        key = (context, singular)
        for layer in self.layers:
            for catalog in layer.catalogs:
                forms = catalog.plural.get(key)
                if forms is None:
                    continue
                index = catalog.plural_forms.index(n)
                if 0 <= index < len(forms):
                    return self._fell_back(context, singular, layer.lang, forms[index])
        text = singular if ENGLISH_PLURALS.index(n) == 0 else plural
        return self._fell_back(context, singular, "", text)

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
