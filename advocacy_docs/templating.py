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
from .paths import bundled_templates_dir
from .sandbox import DocumentSandbox

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


@dataclass(frozen=True)
class KindSpec:
    """A document kind as declared by its ``kind.toml``."""

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

    @property
    def template_name(self) -> str:
        """The Jinja name of the kind's document template."""
        return f"{self.name}/document.html.j2"

    def stylesheet(self) -> Path | None:
        """The kind's ``style.css``, if it has one."""
        css = self.folder / "style.css"
        return css if css.is_file() else None


def _read_kind(folder: Path) -> KindSpec:
    path = folder / "kind.toml"
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"{path}: cannot read kind manifest: {exc}") from exc
    except tomllib.TOMLDecodeError as exc:
        raise InputError(f"{path}: not valid TOML: {exc}") from exc
    unknown = set(raw) - _KIND_KEYS
    if unknown:
        raise InputError(
            f"{path}: unknown key(s) {', '.join(sorted(unknown))}; "
            f"allowed: {', '.join(sorted(_KIND_KEYS))}"
        )
    formats = tuple(raw.get("formats", FORMATS))
    bad = [f for f in formats if f not in FORMATS]
    if bad:
        raise InputError(f"{path}: formats: unknown format(s) {bad}; known: {', '.join(FORMATS)}")
    audience = raw.get("audience", "public")
    if audience not in SENSITIVITY_ORDER:
        raise InputError(f"{path}: audience: {audience!r} is not one of public, partners, legal")
    needs = tuple(raw.get("needs", ()))
    if set(needs) - {"recipient", "sender"}:
        raise InputError(f"{path}: needs: only 'recipient' and 'sender' are known")
    if not isinstance(raw.get("title", ""), str) or "title" not in raw:
        raise InputError(f"{path}: title: a kind needs a title (a string)")
    return KindSpec(
        name=folder.name,
        title=raw["title"],
        description=str(raw.get("description", "")),
        folder=folder,
        formats=formats,
        audience=cast(Sensitivity, audience),
        locales=tuple(raw.get("locales", ())),
        paper=str(raw.get("paper", "A4")),
        needs=needs,
        data=dict(raw.get("data", {})),
    )


def discover_kinds(template_dirs: Sequence[Path]) -> dict[str, KindSpec]:
    """Every kind found in ``template_dirs``; a kind in an earlier folder hides a later one."""
    kinds: dict[str, KindSpec] = {}
    for base in template_dirs:
        if not base.is_dir():
            raise InputError(f"{base}: template folder does not exist")
        root = Path(os.path.realpath(base))
        for folder in sorted(p for p in base.iterdir() if (p / "kind.toml").is_file()):
            if root not in Path(os.path.realpath(folder / "kind.toml")).parents:
                raise InputError(
                    f"{folder / 'kind.toml'}: links to a file outside the template folder "
                    f"{base}; a kind's files must be inside it"
                )
            kinds.setdefault(folder.name, _read_kind(folder))
    return dict(sorted(kinds.items()))


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
    outside its folders: a template folder cannot link to a file elsewhere and print it."""

    def get_source(
        self, environment: jinja2.Environment, template: str
    ) -> tuple[str, str, Callable[[], bool]]:
        pieces = split_template_path(template)
        roots = [os.path.realpath(d) for d in self.searchpath]
        for folder in self.searchpath:
            candidate = os.path.join(folder, *pieces)
            if os.path.isfile(candidate):  # the file the loader would read: check it first
                real = Path(os.path.realpath(candidate))
                if not any(Path(root) in real.parents for root in roots):
                    raise TemplateError(
                        f"template {template!r} links to a file outside the template "
                        "folders; templates may only use files inside them"
                    )
                break
        return super().get_source(environment, template)


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
        """Render the kind's document template with ``context``."""
        try:
            template = self.env.get_template(kind.template_name)
            html = template.render(context)
        except jinja2.TemplateSyntaxError as exc:
            raise TemplateError(
                f"{exc.filename or exc.name}:{exc.lineno}: template syntax error: {exc.message}"
            ) from exc
        except jinja2.exceptions.SecurityError as exc:
            raise TemplateError(f"{kind.template_name}: blocked by the sandbox: {exc}") from exc
        except jinja2.UndefinedError as exc:
            raise TemplateError(f"{kind.template_name}: {exc.message}") from exc
        except jinja2.TemplateNotFound as exc:
            raise TemplateError(f"kind {kind.name!r}: template {exc.name!r} not found") from exc
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
        return html


def _template_line(exc: BaseException) -> str | None:
    """``file:line`` of the innermost template line in the traceback of ``exc``, if any."""
    where = None
    for frame, line in traceback.walk_tb(exc.__traceback__):
        if frame.f_code.co_filename.endswith(".j2"):
            where = f"{frame.f_code.co_filename}:{line}"
    return where
