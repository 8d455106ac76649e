"""The translators' workflow: extract messages, merge them into catalogs, start a locale.

Thin commands (``advocacy-docs i18n extract|update|init``) call these functions. Every function
writes only when the content changes, so running it twice leaves the tree as it was.

A :class:`Project` is either a source tree (``babel.cfg``, ``templates/``, ``locales/``: what
developers extract messages from) or a translator's own locale folder next to an installed
package, whose message template is the bundled ``.pot``: every command but ``extract`` works
with either. Files are written deterministically: no creation date, no tool version, so a
catalog changes only when its messages do.
"""

from __future__ import annotations

import datetime as _dt
import difflib
import io
import json
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from babel import Locale, UnknownLocaleError
from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.plurals import get_plural
from babel.messages.pofile import read_po, write_po
from babel.plural import to_gettext

from ..atomic import write_atomic
from ..errors import InputError
from ..paths import bundled_locales_dir, bundled_templates_dir
from .localedata import DOMAIN, LOCALE_FILE, LocaleSpec, load_locale_spec, parse_plural_rule

POT_NAME = f"{DOMAIN}.pot"
COMMENT_TAG = "Translators:"
WIDTH = 76
# Folders that never hold messages of ours: environments, outputs, tests' fixtures.
_SKIP_DIRS = frozenset({".venv", "venv", "tests", "out", "build", "dist", "node_modules", "bench"})
_HEADER = """\
# Messages of advocacy-docs: every text its documents print.
# Translate them in locales/<lang>/LC_MESSAGES/advocacy_docs.po (see docs/translating.md).
#"""


SOURCE_TREE_FILES = ("babel.cfg", "templates", "locales")
"""What a source tree has: ``extract`` needs all three."""

# Header lines that would change with the day or the tools rather than with the messages.
_VOLATILE_HEADERS = re.compile(r'^"(?:POT-Creation-Date|Generated-By): [^"]*\\n"\n', re.MULTILINE)


@dataclass(frozen=True)
class Project:
    """Where catalogs are read and written, and the message template they are merged from.

    ``source`` is the root of a source tree (``babel.cfg``, ``templates/``, ``locales/``), or
    None for a translator's folder next to an installed package: then the template is the
    bundled ``.pot`` and ``base_dirs`` (the bundled locales) supply what the folder lacks.
    """

    locales_dir: Path
    source: Path | None = None
    base_dirs: tuple[Path, ...] = ()
    read_only: bool = field(default=False, compare=False)

    @classmethod
    def at(cls, root: Path | str = ".") -> Project:
        """The source tree at ``root``; InputError when it has no ``babel.cfg`` or ``locales/``."""
        path = Path(root).resolve()
        for needed in ("babel.cfg", "locales"):
            if not (path / needed).exists():
                raise InputError(
                    f"{path}: no {needed} here; run the i18n commands from the root of an "
                    f"advocacy-docs source tree (or give --root), or give --locales-dir DIR "
                    f"for a locale folder of your own"
                )
        return cls(path / "locales", source=path)

    @classmethod
    def user(cls, locales_dir: Path | str, *, create: bool = False) -> Project:
        """A translator's locale folder, over the bundled locales; ``create`` makes it."""
        path = Path(locales_dir).expanduser()
        if create:
            path.mkdir(parents=True, exist_ok=True)
        if not path.is_dir():
            raise InputError(f"--locales-dir {locales_dir}: no such folder")
        path = path.resolve()
        bundled = bundled_locales_dir().resolve()
        return cls(path, base_dirs=() if path == bundled else (bundled,))

    @classmethod
    def bundled(cls) -> Project:
        """The locales the installed package ships: read, never written."""
        return cls(bundled_locales_dir().resolve(), read_only=True)

    @classmethod
    def find(cls, root: Path | str | None, locales_dir: Path | str | None) -> Project:
        """The project the command line names: ``--locales-dir``, else the source tree at
        ``--root`` (default: here), else the installed package's own locales (read only)."""
        if locales_dir is not None:
            return cls.user(locales_dir)
        if root is not None or all((Path.cwd() / n).exists() for n in SOURCE_TREE_FILES):
            return cls.at(root if root is not None else ".")
        return cls.bundled()

    @property
    def root(self) -> Path:
        """The source tree's root; for a locale folder, the folder itself."""
        return self.source if self.source is not None else self.locales_dir

    @property
    def pot_path(self) -> Path:
        """The message template every catalog is merged from."""
        if self.source is not None:
            return self.source / "locales" / POT_NAME
        return bundled_locales_dir() / POT_NAME

    @property
    def templates_dir(self) -> Path:
        """The bundled kinds whose messages the template holds."""
        if self.source is not None:
            return self.source / "templates"
        return bundled_templates_dir()

    @property
    def lookup_dirs(self) -> tuple[Path, ...]:
        """The locale folders a render reads for this project, its own first."""
        return (self.locales_dir, *self.base_dirs)

    def require_source(self, command: str) -> Path:
        """The source tree's root; InputError when this is no source tree."""
        if self.source is None:
            raise InputError(
                f"`i18n {command}` is a developers' command: it reads the templates and the "
                f"code of a source tree (babel.cfg, templates/, advocacy_docs/); run it from "
                f"the root of a clone, or give --root. Translators start from the bundled "
                f"template: `i18n init`, `update`, `status`, `check`, `preview`"
            )
        return self.source

    def require_writable(self, command: str) -> None:
        """InputError when this project is the installed package's own locales."""
        if self.read_only:
            raise InputError(
                f"`i18n {command}` writes catalogs: give --locales-dir DIR, the folder of your "
                f"locales (the bundled ones belong to the installed package)"
            )

    def catalog_path(self, lang: str) -> Path:
        """The ``.po`` file of ``lang``."""
        return self.locales_dir / lang / "LC_MESSAGES" / f"{DOMAIN}.po"

    def display(self, path: Path) -> str:
        """``path`` as messages show it: relative to the project, never a site-packages path."""
        for base, label in (
            (self.locales_dir, None),
            (bundled_locales_dir().resolve(), "(bundled) locales"),
        ):
            try:
                rel = path.resolve().relative_to(base)
            except ValueError:
                continue
            if label is None:
                return str(path)
            return f"{label}/{rel.as_posix()}"
        return str(path)

    def locales(self) -> list[str]:
        """The locales that have a catalog, sorted."""
        return sorted(
            p.name for p in self.locales_dir.iterdir() if self.catalog_path(p.name).is_file()
        )


def extract_catalog(project: Project) -> Catalog:
    """Every translatable message of the templates and the Python code, in a fresh template."""
    root = project.require_source("extract")
    with open(root / "babel.cfg", encoding="utf-8") as fh:
        method_map, options_map = parse_mapping_cfg(fh)  # type: ignore[no-untyped-call]
    catalog = Catalog(
        project="advocacy-docs",
        # No version: a release would otherwise change the template without a message changing.
        version=None,
        header_comment=_HEADER,
        msgid_bugs_address="the advocacy-docs issue tracker",
        charset="utf-8",
        fuzzy=False,
    )

    def keep_dir(path: str) -> bool:
        name = os.path.basename(path)
        return not (name.startswith(".") or name in _SKIP_DIRS)

    found = extract_from_dir(
        str(root),
        method_map,
        options_map,
        comment_tags=(COMMENT_TAG,),
        strip_comment_tags=True,
        directory_filter=keep_dir,
    )
    for filename, lineno, message, comments, context in found:
        catalog.add(
            message,
            None,
            [(filename.replace(os.sep, "/"), lineno)],
            auto_comments=comments,
            context=context,
            flags=("python-format",) if _has_placeholder(message) else (),
        )
    return catalog


def _has_placeholder(message: str | Iterable[str]) -> bool:
    texts = [message] if isinstance(message, str) else list(message)
    return any("%" in t for t in texts if t)


def _po_bytes(catalog: Catalog) -> bytes:
    """The catalog as a file: no obsolete entries, nothing that changes with the day."""
    buf = io.BytesIO()
    write_po(buf, catalog, width=WIDTH, ignore_obsolete=True, include_previous=False)
    text = buf.getvalue().decode("utf-8")
    head, sep, body = text.partition("\n\n")
    return (_VOLATILE_HEADERS.sub("", head + "\n").rstrip("\n") + sep + body).encode("utf-8")


def _write_if_changed(path: Path, data: bytes) -> bool:
    if path.is_file() and path.read_bytes() == data:
        return False
    write_atomic(path, data)
    return True


@dataclass(frozen=True)
class ExtractResult:
    """What ``extract`` found: the template's path, whether it changed, and how."""

    path: Path
    changed: bool
    summary: tuple[str, ...] = ()


def extract(project: Project, *, check: bool = False) -> ExtractResult:
    """Write ``locales/advocacy_docs.pot``; ``check``: only say whether it would change.

    The file depends on the messages alone (no date, no tool version): extracting twice, or on
    another machine, changes nothing.
    """
    catalog = extract_catalog(project)
    data = _po_bytes(catalog)
    path = project.pot_path
    old = path.read_bytes() if path.is_file() else None
    if old == data:
        return ExtractResult(path, False)
    summary = _differences(old, data)
    if not check:
        write_atomic(path, data)
    return ExtractResult(path, True, summary)


def _differences(old: bytes | None, new: bytes) -> tuple[str, ...]:
    """What changed between two templates: messages added and removed, then lines."""
    if old is None:
        return ("the file does not exist",)
    before = {(m.context, _key(m.id)): m for m in read_po(io.BytesIO(old)) if m.id}
    after = {(m.context, _key(m.id)): m for m in read_po(io.BytesIO(new)) if m.id}
    lines: list[str] = []
    for label, keys in (("added", after.keys() - before.keys()),
                        ("removed", before.keys() - after.keys())):  # fmt: skip
        for context, msgid in sorted(keys, key=lambda k: (k[1], k[0] or "")):
            short = msgid if len(msgid) <= 60 else msgid[:57] + "..."
            lines.append(f"{label}: {short!r}" + (f" (msgctxt {context!r})" if context else ""))
    changed = [
        k for k in before.keys() & after.keys()
        if (before[k].locations, before[k].auto_comments, before[k].flags)
        != (after[k].locations, after[k].auto_comments, after[k].flags)
    ]  # fmt: skip
    if changed:
        lines.append(f"{len(changed)} message(s) with other locations, comments or flags")
    diff = list(
        difflib.unified_diff(
            old.decode("utf-8", "replace").splitlines(),
            new.decode("utf-8", "replace").splitlines(),
            "committed", "extracted", n=0, lineterm="",
        )
    )  # fmt: skip
    changed_lines = sum(1 for d in diff if d[:1] in "+-" and not d.startswith(("+++", "---")))
    lines.append(f"{changed_lines} line(s) differ")
    return tuple(lines)


def _key(msgid: str | tuple[str, ...] | list[str]) -> str:
    return msgid[0] if isinstance(msgid, (tuple, list)) else msgid


def read_catalog(path: Path, *, strict: bool = True) -> Catalog:
    """A ``.po``/``.pot`` file as a Babel catalog; InputError naming the file when broken.

    ``strict=False`` reads a catalog whose entries disagree with its header (more plural forms
    than ``Plural-Forms`` says), so that ``check`` can report the disagreement.
    """
    return _read(path, strict=strict)


def _read(path: Path, locale: str | None = None, *, strict: bool = True) -> Catalog:
    try:
        with open(path, "rb") as fh:
            return read_po(fh, locale=locale, abort_invalid=strict)
    except Exception as exc:  # Babel raises several types for a broken file
        raise InputError(f"{path}: cannot read catalog: {exc}") from exc


@dataclass(frozen=True)
class UpdateResult:
    """What ``update`` did to one catalog."""

    lang: str
    path: Path
    changed: bool
    fuzzy: int
    untranslated: int
    obsolete: int
    """Entries dropped because the template no longer has them."""


def template(project: Project) -> Catalog:
    """The message template of ``project``; InputError when there is none."""
    if not project.pot_path.is_file():
        hint = "run `advocacy-docs i18n extract`" if project.source else "reinstall the package"
        raise InputError(f"{project.display(project.pot_path)}: no template; {hint}")
    return _read(project.pot_path)


def merge(catalog: Catalog, pot: Catalog) -> int:
    """Merge the template into ``catalog`` in place; returns how many entries were dropped.

    New messages come in empty; translations are kept; a message whose text changed keeps its
    old translation marked fuzzy (Babel's fuzzy matching), for the translator to review. What
    the template no longer has is dropped (no ``#~`` entries: Weblate and Poedit would show
    them as work), and a fuzzy mark on an entry with nothing to review goes.
    """
    catalog.update(pot, update_header_comment=False, update_creation_date=False)
    dropped = len(catalog.obsolete)
    catalog.obsolete.clear()
    for message in catalog:
        if message.id and message.fuzzy and not _any_form(message.string):
            message.flags.discard("fuzzy")
    catalog.fuzzy = False
    return dropped


def save(path: Path, catalog: Catalog, pot: Catalog, lang: str) -> UpdateResult:
    """Merge ``pot`` into ``catalog`` and write it to ``path`` if that changes it."""
    dropped = merge(catalog, pot)
    changed = _write_if_changed(path, _po_bytes(catalog))
    messages = [m for m in catalog if m.id]
    return UpdateResult(
        lang=lang,
        path=path,
        changed=changed,
        fuzzy=sum(1 for m in messages if m.fuzzy),
        untranslated=sum(1 for m in messages if not _translated(m.string)),
        obsolete=dropped,
    )


def update(project: Project, langs: Iterable[str] | None = None) -> list[UpdateResult]:
    """Merge the template into each catalog of the project (see :func:`merge`)."""
    project.require_writable("update")
    pot = template(project)
    results = []
    for lang in langs or project.locales():
        path = project.catalog_path(lang)
        if not path.is_file():
            raise InputError(f"{path}: no catalog of {lang!r} here; start it with `i18n init`")
        results.append(save(path, _read(path), pot, lang))
    return results


def _any_form(string: str | tuple[str, ...] | list[str] | None) -> bool:
    if isinstance(string, (tuple, list)):
        return any(string)
    return bool(string)


def _translated(string: str | tuple[str, ...] | list[str] | None) -> bool:
    if isinstance(string, (tuple, list)):
        return all(string)
    return bool(string)


def gettext_plural_forms(lang: str, plural: str | None) -> str:
    """The ``Plural-Forms`` header of ``lang``: from a CLDR rule if given, else from CLDR data."""
    if plural is not None:
        try:
            return to_gettext(parse_plural_rule(plural))
        except ValueError as exc:
            raise InputError(f"--plural: {exc}") from None
    try:
        info = get_plural(Locale.parse(lang))
    except (UnknownLocaleError, ValueError):
        raise InputError(
            f"{lang!r} is not in CLDR, so its plural rule is unknown: give it with --plural in "
            f"CLDR syntax, e.g. --plural 'one: n = 1' (two forms) or --plural '' (one form)"
        ) from None
    return f"nplurals={info.num_plurals}; plural=({info.plural_expr});"


def _cldr_knows(lang: str) -> bool:
    try:
        Locale.parse(lang)
    except (UnknownLocaleError, ValueError):
        return False
    return True


def init(
    project: Project,
    lang: str,
    *,
    name: str | None = None,
    plural: str | None = None,
    fallback: Iterable[str] | None = None,
) -> list[Path]:
    """Start locale ``lang``: its catalog (with the right ``Plural-Forms``) and ``locale.toml``.

    Works for languages CLDR does not know (give ``plural``); refuses to overwrite a catalog.
    The ``locale.toml`` sets only what is given here (and, for a language neither CLDR nor the
    bundled locales know, that CLDR has no data for it): a locale the package ships keeps its
    name, fallbacks and rules unless the translator overrides them. Returns the files written.
    """
    project.require_writable("init")
    if not lang or not all(part.isalnum() for part in lang.replace("_", "-").split("-")):
        raise InputError(f"{lang!r} is not a language code such as de, crh or sr-Latn")
    path = project.catalog_path(lang)
    toml = project.locales_dir / lang / LOCALE_FILE
    if path.exists():
        raise InputError(f"{path}: the catalog exists already; use `i18n update`")
    if not project.pot_path.is_file() and project.source is not None:
        extract(project)
    base = _base_spec(project, lang)
    shipped = [d / lang / "LC_MESSAGES" / path.name for d in project.base_dirs]
    shipped = [p for p in shipped if p.is_file()]
    if plural is None and shipped:
        plural_forms = _read(shipped[0]).plural_forms  # the bundled catalog's, as it has it
    elif plural is None and base is not None:
        plural_forms = gettext_plural_forms(base.babel_id or lang, base.plural_text)
    else:
        plural_forms = gettext_plural_forms(lang, plural)
    pot = template(project)
    catalog = template(project)
    catalog.locale = None  # Babel would impose its own data; ours may be a non-CLDR language
    catalog.fuzzy = False
    # msgfmt --check refuses the template's placeholder date; Poedit sets it again on save.
    catalog.revision_date = _dt.datetime.now(_dt.UTC).replace(second=0, microsecond=0)
    catalog.language_team = name or (base.name if base else None) or _cldr_name(lang) or lang
    catalog.last_translator = "advocacy-docs translators"
    catalog.header_comment = (
        f"# {catalog.language_team} ({lang}) translations of advocacy-docs.\n"
        "# See docs/translating.md: `advocacy-docs i18n --help`.\n#"
    )
    # The header alone, with the language's plural rule; the messages come in as `update`
    # merges them, each with as many forms as the language has.
    header = _po_bytes(catalog).decode("utf-8").partition("\n\n")[0] + "\n"
    header = header.replace(
        '"MIME-Version: 1.0\\n"',
        f'"Language: {lang}\\n"\n"Plural-Forms: {plural_forms}\\n"\n"MIME-Version: 1.0\\n"',
        1,
    )
    write_atomic(path, header.encode("utf-8"))
    save(path, _read(path), pot, lang)
    created = [path]
    if not toml.exists():
        known = base is not None or _cldr_knows(lang)
        fallbacks = list(fallback) if fallback is not None else None
        write_atomic(toml, _locale_toml(lang, name, plural, fallbacks, known).encode("utf-8"))
        created.append(toml)
    return created


def _base_spec(project: Project, lang: str) -> LocaleSpec | None:
    """The data the bundled locales have for ``lang`` under a user's folder; None if none."""
    if not project.base_dirs:
        return None
    try:
        return load_locale_spec(lang, project.base_dirs)
    except InputError:
        return None


def _cldr_name(lang: str) -> str | None:
    try:
        return Locale.parse(lang.replace("-", "_")).get_display_name()
    except (UnknownLocaleError, ValueError):
        return None


def _toml_string(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)  # a JSON string is a TOML basic string


def _locale_toml(
    lang: str, name: str | None, plural: str | None, fallback: list[str] | None, known: bool
) -> str:
    """A ``locale.toml`` with the keys given and nothing else set (the rest commented)."""
    lines = [
        f"# {name or lang}: locale data. Schema: see advocacy_docs/i18n/localedata.py.",
        "# Only what is set here overrides the bundled data (CLDR's, or the package's own).",
    ]
    if name:
        lines.append(f"name = {_toml_string(name)}")
    if fallback is not None:
        lines.append(f"fallback = [{', '.join(_toml_string(f) for f in fallback)}]")
    if known:
        if plural:
            lines.append(f"plural = {_toml_string(plural)}")
        lines.append("")
        lines.append("# Override only what documents need, e.g.")
        lines.append("# [dates]")
        lines.append("# when.day = \"'on' d MMMM y\"      # a date that starts a sentence")
        return "\n".join(lines) + "\n"
    lines += [
        "babel = false  # CLDR does not know this language: everything below is ours",
        f"plural = {_toml_string(plural or '')}",
        "",
        "# Until a section is filled in, its data falls back along `fallback` (and the",
        "# render warns). Fill in every section before shipping the locale:",
        "#",
        "# [dates]",
        '# text.day = "d MMMM y"',
        '# text.month = "LLLL y"',
        '# text.year = "y"',
        '# short.day = "dd.MM.y"',
        '# short.month = "MM.y"',
        '# short.year = "y"',
        '# when.day = "d MMMM y"',
        '# when.month = "LLLL y"',
        '# when.year = "y"',
        "#",
        "# [months]",
        "# format.wide = [12 names, as after a day: 23 <month> 2023]",
        "# standalone.wide = [12 names, as alone: <month> 2023]",
        "#",
        "# [lists.standard]",
        '# start = "{0}, {1}"',
        '# middle = "{0}, {1}"',
        '# end = "{0} and {1}"',
        '# "2" = "{0} and {1}"',
        "#",
        "# [numbers]",
        '# decimal = ","',
        '# group = " "',
        "#",
        "# [units.year]",
        '# other = "{0} years"',
    ]
    return "\n".join(lines) + "\n"
