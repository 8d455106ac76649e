"""The template stage: document kinds, and the one sandboxed Jinja environment that renders them.

A kind is a folder ``<kind>/`` with ``kind.toml`` and ``document.html.j2`` (plus ``style.css`` and
``assets/``). User template folders come before the bundled one, so a user can override a kind, or
a single file of one (the shared ``partials/`` included), or add a new kind.
"""

from __future__ import annotations

import os
import re
import tomllib
import traceback
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any, cast

import jinja2
import jinja2.meta
from jinja2 import pass_context
from jinja2.loaders import split_template_path
from jinja2.runtime import Context
from markupsafe import Markup, escape

from .case.types import SENSITIVITY_ORDER, Duration, PartialDate, Sensitivity
from .errors import AdvocacyError, InputError, TemplateError
from .grammar_filters import FILTERS as GRAMMAR_FILTERS
from .grammar_filters import GLOBALS as GRAMMAR_GLOBALS
from .i18n import Localizer
from .i18n.datafile import unprintable
from .i18n.localedata import merge_tables
from .paths import bundled_templates_dir
from .sandbox import DocumentSandbox
from .writers.vocabulary import VocabularyProblem, parse_document, vocabulary_problems

FORMATS = ("pdf", "docx", "html", "txt", "eml")
_KIND_KEYS = {
    "title",
    "description",
    "formats",
    "audience",
    "locales",
    "paper",
    "needs",
    "data",
}


BUNDLED_PREFIX = "bundled:"
"""A template name starting with this names a bundled template only, whatever the user folders
hold: ``{% extends "bundled:letter/document.html.j2" %}``."""

COMBINED_FILES = ("kind.toml", "style.css")
"""A kind's files that every layer adds to rather than replaces: ``kind.toml`` (key by key) and
``style.css`` (each applies, the bundled one first, so a user rule wins the cascade)."""

DOCS_PAGE = "docs/templates.md"
"""Where template authors read about blocks, layers and the HTML vocabulary."""


@dataclass(frozen=True)
class KindFile:
    """One file of a kind and the template folders it comes from, highest priority first
    (one folder, unless the file is one of :data:`COMBINED_FILES`)."""

    name: str
    layers: tuple[Path, ...]

    @property
    def combined(self) -> bool:
        """True when every layer's copy is used (kind.toml merged, style.css cascaded)."""
        return self.name in COMBINED_FILES


@dataclass(frozen=True)
class KindSpec:
    """A document kind as its ``kind.toml`` files declare it, and the folders it is made of."""

    name: str
    title: str
    description: str
    folder: Path
    formats: tuple[str, ...] = FORMATS
    audience: Sensitivity = "public"
    locales: tuple[str, ...] = ()
    paper: str = "A4"
    needs: tuple[str, ...] = ()
    data: Mapping[str, Any] = field(default_factory=dict)
    layers: tuple[Path, ...] = ()
    """The kind's folders, highest priority first (user folders, then the bundled one)."""

    @property
    def template_name(self) -> str:
        """The Jinja name of the kind's document template."""
        return f"{self.name}/document.html.j2"

    def summary(self) -> dict[str, Any]:
        """What a listing of kinds shows of this one, as JSON data (``kinds --json``, the
        studio's ``/api/kinds``)."""
        return {
            "name": self.name,
            "title": self.title,
            "formats": list(self.formats),
            "audience": self.audience,
            "needs": list(self.needs),
            "locales": list(self.locales),
        }

    def stylesheets(self) -> tuple[Path, ...]:
        """Every layer's ``style.css``, the bundled one first: later sheets win the cascade."""
        return tuple(
            folder / "style.css"
            for folder in reversed(self.layers or (self.folder,))
            if (folder / "style.css").is_file()
        )

    def stylesheet(self) -> Path | None:
        """The kind's highest-priority ``style.css``, if it has one (see :meth:`stylesheets`)."""
        sheets = self.stylesheets()
        return sheets[-1] if sheets else None

    def files(self) -> tuple[KindFile, ...]:
        """Each file of the kind, by its name in the kind folder, with the folders it comes
        from (template folders, not kind folders), highest priority first."""
        origins: dict[str, list[Path]] = {}
        for folder in self.layers or (self.folder,):
            for path in sorted(folder.rglob("*")):
                if path.is_file():
                    origins.setdefault(path.relative_to(folder).as_posix(), []).append(
                        folder.parent
                    )
        return tuple(
            KindFile(name, tuple(bases if name in COMBINED_FILES else bases[:1]))
            for name, bases in sorted(origins.items(), key=lambda item: _file_order(item[0]))
        )


def _file_order(name: str) -> tuple[int, str]:
    known = ("kind.toml", "document.html.j2", "style.css")
    return (known.index(name) if name in known else len(known), name)


def _read_toml(path: Path) -> dict[str, Any]:
    """One ``kind.toml``: its keys checked, not yet its values (a layer may set only some)."""
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"{shown_path(path)}: cannot read kind manifest: {exc}") from exc
    except tomllib.TOMLDecodeError as exc:
        raise InputError(f"{shown_path(path)}: not valid TOML: {exc}") from exc
    unknown = set(raw) - _KIND_KEYS
    if unknown:
        raise InputError(
            f"{shown_path(path)}: unknown key(s) {', '.join(sorted(unknown))}; "
            f"allowed: {', '.join(sorted(_KIND_KEYS))}"
        )
    return raw


def _read_kind(folder: Path, layers: Sequence[Path] = ()) -> KindSpec:
    """The kind made of ``layers`` (its folders, highest priority first; ``folder`` alone when
    none are given): every ``kind.toml`` merged, the highest-priority value of each key winning."""
    layers = tuple(layers) or (folder,)
    raw: dict[str, Any] = {}
    origin: dict[str, Path] = {}
    manifests = [f / "kind.toml" for f in layers if (f / "kind.toml").is_file()]
    for path in reversed(manifests):
        own = _read_toml(path)
        raw = merge_tables(raw, own)
        origin.update(dict.fromkeys(own, path))
    top = manifests[0]

    def where(key: str) -> str:
        return shown_path(origin.get(key, top))

    formats = tuple(raw.get("formats", FORMATS))
    bad = [f for f in formats if f not in FORMATS]
    if bad:
        raise InputError(
            f"{where('formats')}: formats: unknown format(s) {bad}; known: {', '.join(FORMATS)}"
        )
    audience = raw.get("audience", "public")
    if audience not in SENSITIVITY_ORDER:
        raise InputError(
            f"{where('audience')}: audience: {audience!r} is not one of public, partners, legal"
        )
    needs = tuple(raw.get("needs", ()))
    if set(needs) - {"recipient", "sender"}:
        raise InputError(f"{where('needs')}: needs: only 'recipient' and 'sender' are known")
    if not isinstance(raw.get("title", ""), str) or "title" not in raw:
        raise InputError(f"{where('title')}: title: a kind needs a title (a string)")
    return KindSpec(
        name=folder.name,
        title=raw["title"],
        description=str(raw.get("description", "")),
        folder=layers[0],
        formats=formats,
        audience=cast(Sensitivity, audience),
        locales=tuple(raw.get("locales", ())),
        paper=str(raw.get("paper", "A4")),
        needs=needs,
        data=dict(raw.get("data", {})),
        layers=layers,
    )


_KIND_FILES = ("kind.toml", "document.html.j2", "style.css")


def discover_kinds(template_dirs: Sequence[Path]) -> dict[str, KindSpec]:
    """Every kind found in ``template_dirs``, earlier folders first: a kind is every folder of
    its name that holds any of its files, layered (an earlier folder's file wins, its
    ``kind.toml`` keys override, its ``style.css`` applies after)."""
    folders: dict[str, list[Path]] = {}
    for base in template_dirs:
        if not base.is_dir():
            raise InputError(f"{base}: template folder does not exist")
        root = Path(os.path.realpath(base))
        for folder in sorted(p for p in base.iterdir() if p.is_dir()):
            present = [folder / n for n in _KIND_FILES if (folder / n).is_file()]
            for path in present:
                if root not in Path(os.path.realpath(path)).parents:
                    raise InputError(
                        f"{shown_path(path)}: links to a file outside the template folder "
                        f"{shown_path(base)}; a kind's files must be inside it"
                    )
            if present:
                folders.setdefault(folder.name, []).append(folder)
    kinds: dict[str, KindSpec] = {}
    for name, layers in folders.items():
        if any((f / "kind.toml").is_file() for f in layers):
            kinds[name] = _read_kind(layers[0], layers)
    for name, layers in folders.items():
        if name not in kinds and name != "partials":
            raise InputError(
                f"{shown_path(layers[0])}: no kind {name!r} to add to: a new kind needs a "
                f"kind.toml (known kinds: {', '.join(sorted(kinds)) or 'none'}; see {DOCS_PAGE})"
            )
    return dict(sorted(kinds.items()))


def layer_name(base: Path) -> str:
    """A template folder as ``kinds`` shows it: ``bundled``, or the user folder's path."""
    if os.path.realpath(base) == os.path.realpath(bundled_templates_dir()):
        return "bundled"
    return str(base)


def shown_path(path: Path | str) -> str:
    """``path`` as a message shows it: a bundled file as ``bundled:<name>``, never the folder
    the package is installed in; any other path as it is."""
    text = str(path)
    try:
        rel = Path(os.path.realpath(text)).relative_to(os.path.realpath(bundled_templates_dir()))
    except ValueError:
        return text
    return BUNDLED_PREFIX + rel.as_posix()


def _localizer(context: Context) -> Localizer:
    return cast(Localizer, context["localizer"])


# Jinja marks what these return as safe markup before it fills in the placeholders, so a
# translation is escaped here: a catalog is text, and markup or a link in it prints as text.
@pass_context
def _gettext(context: Context, message: str) -> Markup:
    return escape(_localizer(context).gettext(message))


@pass_context
def _ngettext(context: Context, singular: str, plural: str, n: int) -> Markup:
    return escape(_localizer(context).ngettext(singular, plural, n))


@pass_context
def _pgettext(context: Context, ctx: str, message: str) -> Markup:
    return escape(_localizer(context).pgettext(ctx, message))


@pass_context
def _npgettext(context: Context, ctx: str, singular: str, plural: str, n: int) -> Markup:
    return escape(_localizer(context).npgettext(ctx, singular, plural, n))


@pass_context
def _date(context: Context, value: PartialDate | None, style: str = "text") -> str:
    if value is None:
        return ""
    return _localizer(context).date(value, style=style)


@pass_context
def _duration(context: Context, value: Any, style: str = "") -> str:
    # Sentence parts carry years/months/days beside their regime: take the length only.
    # style "possessive": before the word for a punishment ("14 years’ imprisonment").
    if value is None:
        return ""
    if style not in ("", "possessive"):
        raise TemplateError(f"unknown duration style {style!r}; use possessive or none")
    if not isinstance(value, Duration):
        value = Duration(years=value.years, months=value.months, days=value.days)
    return _localizer(context).duration(value, possessive=style == "possessive")


@pass_context
def _join(context: Context, items: Sequence[str], style: str = "standard") -> Markup:
    # The list pattern comes from locale data a user may edit, so it is escaped too; items that
    # are already Markup (texts marked with another lang) keep their markup.
    tokens = [f"\x00{i}\x00" for i in range(len(items))]
    joined = str(escape(_localizer(context).list(tokens, style=style)))
    for token, item in zip(tokens, items, strict=True):
        joined = joined.replace(token, str(escape(item)))
    return Markup(joined)


def _css_counters(value: str) -> Markup:
    # A translated "Page %(page)s of %(pages)s", rendered with \x01 and \x02 in place of the
    # numbers, as the value of a CSS `content` property: strings and page counters. The text
    # goes inside <style>, where HTML escapes mean nothing: it is CSS-escaped instead, and "<"
    # too, so that no translation can close the element.
    text = value.unescape() if isinstance(value, Markup) else str(value)
    out: list[str] = []
    for i, part in enumerate(re.split("([\x01\x02])", text)):
        if part == "\x01":
            out.append("counter(page)")
        elif part == "\x02":
            out.append("counter(pages)")
        elif part or i == 0:
            escaped = "".join(
                c if c.isalnum() or c in " .,:;/-·" else f"\\{ord(c):x} " for c in part
            )
            out.append(f'"{escaped}"')
    return Markup(" ".join(out))


def _capfirst(value: str) -> str:
    # Unlike Jinja's "capitalize", leaves the rest alone: "In October 2022", not "In october".
    return value[:1].upper() + value[1:]


def _plain(value: Any) -> str:
    # A Localized text without its lang marking, for places such as <title> and attributes.
    return str.__str__(value) if isinstance(value, str) else str(value)


@pass_context
def _number(context: Context, value: int | float) -> str:
    return _localizer(context).number(value)


@pass_context
def _country(context: Context, code: str) -> str:
    return _localizer(context).country(code)


class _ContainedLoader(jinja2.FileSystemLoader):
    """A file system loader that reads no template whose real path (symlinks resolved) lies
    outside its folders: a template folder cannot link to a file elsewhere and print it.

    A name starting with :data:`BUNDLED_PREFIX` is looked up in the last folder (the bundled
    one) only, so that a user template can extend the bundled template it replaces."""

    def get_source(
        self, environment: jinja2.Environment, template: str
    ) -> tuple[str, str, Callable[[], bool]]:
        folders = self.searchpath
        name = template
        if template.startswith(BUNDLED_PREFIX):
            folders, name = self.searchpath[-1:], template[len(BUNDLED_PREFIX) :]
        pieces = split_template_path(name)  # TemplateNotFound for "..": no way out of a folder
        roots = [Path(os.path.realpath(d)) for d in folders]
        for folder in folders:
            candidate = os.path.join(folder, *pieces)
            if os.path.isfile(candidate):  # the file the loader would read: check it first
                real = Path(os.path.realpath(candidate))
                if not any(root in real.parents for root in roots):
                    raise TemplateError(
                        f"template {template!r} links to a file outside the template "
                        "folders; templates may only use files inside them"
                    )
                with open(candidate, encoding=self.encoding) as f:
                    source = f.read()
                return source, os.path.normpath(candidate), _unchanged(candidate)
        raise jinja2.TemplateNotFound(template)


def _unchanged(path: str) -> Callable[[], bool]:
    mtime = os.path.getmtime(path)

    def uptodate() -> bool:
        try:
            return os.path.getmtime(path) == mtime
        except OSError:
            return False

    return uptodate


class TemplateEngine:
    """The sandboxed Jinja environment over a list of template folders, with our filters."""

    def __init__(self, template_dirs: Sequence[Path] = ()) -> None:
        self.template_dirs: tuple[Path, ...] = (
            *(Path(d).resolve() for d in template_dirs),
            bundled_templates_dir(),
        )
        # Plain data only: no path, file or internal object is reachable (advocacy_docs.sandbox).
        self.env = DocumentSandbox(
            loader=_ContainedLoader([str(d) for d in self.template_dirs]),
            autoescape=True,
            undefined=jinja2.StrictUndefined,
            extensions=["jinja2.ext.i18n"],
            trim_blocks=True,
            lstrip_blocks=True,
            auto_reload=False,
        )
        self.env.policies["ext.i18n.trimmed"] = True
        # newstyle: placeholders are %(name)s, escaped by autoescape, checked at render time.
        self.env.install_gettext_callables(  # type: ignore[attr-defined]
            _gettext, _ngettext, newstyle=True, pgettext=_pgettext, npgettext=_npgettext
        )
        self.env.filters.update(
            date=_date,
            duration=_duration,
            join_list=_join,
            number=_number,
            country=_country,
            plain=_plain,
            capfirst=_capfirst,
            css_counters=_css_counters,
        )
        # The grammar layer: name|case("gen"), court|phrase("nom"), date|date_phrase("since"),
        # text|sentence, pronoun("dat") (see advocacy_docs.grammar_filters).
        self.env.filters.update(GRAMMAR_FILTERS)
        self.env.globals.update(GRAMMAR_GLOBALS)

    @cached_property
    def kinds(self) -> dict[str, KindSpec]:
        """The kinds available to this engine, by name."""
        return discover_kinds(self.template_dirs)

    def kind(self, name: str) -> KindSpec:
        """One kind by name; InputError naming the known kinds otherwise."""
        try:
            return self.kinds[name]
        except KeyError:
            known = ", ".join(self.kinds) or "none"
            raise InputError(f"unknown document kind {name!r}; known kinds: {known}") from None

    def render(self, kind: KindSpec, context: Mapping[str, Any]) -> str:
        """Render the kind's document template with ``context``; TemplateError naming the
        template file and line when it fails or writes HTML outside the vocabulary."""
        try:
            template = self.env.get_template(kind.template_name)
            html = template.render(context)
        except jinja2.TemplateSyntaxError as exc:
            raise TemplateError(
                f"{shown_path(exc.filename or exc.name or '?')}:{exc.lineno}: "
                f"template syntax error: {exc.message}"
            ) from exc
        except jinja2.exceptions.SecurityError as exc:
            where = _template_line(exc) or kind.template_name
            raise TemplateError(f"{where}: blocked by the sandbox: {exc}") from exc
        except jinja2.UndefinedError as exc:
            where = _template_line(exc) or kind.template_name
            raise TemplateError(f"{where}: {exc.message}") from exc
        except jinja2.TemplateNotFound as exc:
            where = _template_line(exc) or f"kind {kind.name!r}"
            raise TemplateError(f"{where}: template {exc.name!r} not found") from exc
        except AdvocacyError:
            raise
        except Exception as exc:  # an expression failed: 1/0, range(10**9), a 5000-digit number
            where = _template_line(exc) or kind.template_name
            raise TemplateError(
                f"{where}: the template failed: {type(exc).__name__}: {exc}"
            ) from exc
        # Case texts and translations are refused with such characters when read: only the
        # template's own text can hold one, and no format can (XML refuses it, a terminal obeys it).
        bad = unprintable(html)
        if bad is not None:
            raise TemplateError(f"{kind.template_name}: the document it wrote {bad}")
        # Checked here, where the template is known, rather than in a writer: a template
        # error is the template author's to fix, named by file and line.
        if html.strip():
            problems = vocabulary_problems(parse_document(html))
            if problems:
                raise TemplateError(self._vocabulary_message(kind, problems))
        return html

    def _sources(self, name: str) -> list[tuple[str, str]]:
        """``(shown file, source)`` of the template ``name`` and of every template it extends,
        includes or imports by a constant name, the template itself first."""
        out: list[tuple[str, str]] = []
        todo, seen = [name], set()
        while todo:
            current = todo.pop(0)
            if current in seen:
                continue
            seen.add(current)
            try:
                source, filename, _ = self.env.loader.get_source(self.env, current)  # type: ignore[union-attr]
                referenced = jinja2.meta.find_referenced_templates(self.env.parse(source))
            except (jinja2.TemplateError, TemplateError):
                continue
            out.append((shown_path(filename or current), source))
            todo.extend(r for r in referenced if r is not None)
        return out

    def _vocabulary_message(self, kind: KindSpec, problems: Sequence[VocabularyProblem]) -> str:
        sources = self._sources(kind.template_name)
        lines = []
        for problem in problems:
            where = _find_in_sources(problem, sources)
            if where is None:
                top = sources[0][0] if sources else kind.template_name
                where = f"{top}: (written by an expression; no line of the template holds it)"
            hint = f"; {problem.hint}" if problem.hint else ""
            lines.append(
                f"{where}: {problem.text} is outside the HTML vocabulary: {problem.rule}{hint} "
                f"(see {DOCS_PAGE})"
            )
        return "\n".join(lines)


def _find_in_sources(problem: VocabularyProblem, sources: Sequence[tuple[str, str]]) -> str | None:
    """``file:line`` of the first template line that writes ``problem``, if one does."""
    tag = re.escape(problem.tag)
    if problem.name is None:
        patterns = [re.compile(rf"<{tag}\b", re.IGNORECASE)]
    else:
        word = rf"(?<![\w-]){re.escape(problem.name)}(?![\w-])"
        patterns = [
            re.compile(rf"<{tag}\b[^>]*\bclass\s*=\s*[\"'][^\"']*{word}", re.IGNORECASE),
            re.compile(rf"\bclass\s*=\s*[\"'][^\"']*{word}", re.IGNORECASE),
        ]
    for pattern in patterns:
        for shown, source in sources:
            for number, line in enumerate(source.splitlines(), start=1):
                if pattern.search(line):
                    return f"{shown}:{number}"
    return None


def _template_line(exc: BaseException) -> str | None:
    """``file:line`` of the innermost template line in the traceback of ``exc``, if any."""
    where = None
    for frame, line in traceback.walk_tb(exc.__traceback__):
        if frame.f_code.co_filename.endswith(".j2"):
            where = f"{shown_path(frame.f_code.co_filename)}:{line}"
    return where
