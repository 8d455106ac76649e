"""The translators' workflow: extract messages, merge them into catalogs, start a locale.

Thin commands (``advocacy-docs i18n extract|update|init``) call these functions. Every function
writes only when the content changes, so running it twice leaves the tree as it was.
"""

from __future__ import annotations

import datetime as _dt
import io
import os
from collections.abc import Iterable
from dataclasses import dataclass
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
from .localedata import DOMAIN, LOCALE_FILE, parse_plural_rule

POT_NAME = f"{DOMAIN}.pot"
COMMENT_TAG = "Translators:"
WIDTH = 76
# Folders that never hold messages of ours: environments, outputs, tests' fixtures.
_SKIP_DIRS = frozenset({".venv", "venv", "tests", "out", "build", "dist", "node_modules", "bench"})
_HEADER = """\
# Messages of advocacy-docs: every text its documents print.
# Translate them in locales/<lang>/LC_MESSAGES/advocacy_docs.po (see docs/translating.md).
#"""


@dataclass(frozen=True)
class Project:
    """Where a translators' tree lives: ``babel.cfg``, ``templates/``, ``locales/``."""

    root: Path

    @classmethod
    def at(cls, root: Path | str = ".") -> Project:
        """The project at ``root``; InputError when it has no ``babel.cfg`` or ``locales/``."""
        path = Path(root).resolve()
        for needed in ("babel.cfg", "locales"):
            if not (path / needed).exists():
                raise InputError(
                    f"{path}: no {needed} here; run the i18n commands from the root of an "
                    f"advocacy-docs source tree (or give --root)"
                )
        return cls(path)

    @property
    def locales_dir(self) -> Path:
        """The folder of the locales."""
        return self.root / "locales"

    @property
    def pot_path(self) -> Path:
        """The message template every catalog is merged from."""
        return self.locales_dir / POT_NAME

    def catalog_path(self, lang: str) -> Path:
        """The ``.po`` file of ``lang``."""
        return self.locales_dir / lang / "LC_MESSAGES" / f"{DOMAIN}.po"

    def locales(self) -> list[str]:
        """The locales that have a catalog, sorted."""
        return sorted(
            p.name for p in self.locales_dir.iterdir() if self.catalog_path(p.name).is_file()
        )


def _version() -> str:
    from .. import __version__

    return __version__


def extract_catalog(project: Project) -> Catalog:
    """Every translatable message of the templates and the Python code, in a fresh template."""
    with open(project.root / "babel.cfg", encoding="utf-8") as fh:
        method_map, options_map = parse_mapping_cfg(fh)  # type: ignore[no-untyped-call]
    catalog = Catalog(
        project="advocacy-docs",
        version=_version(),
        header_comment=_HEADER,
        msgid_bugs_address="the advocacy-docs issue tracker",
        charset="utf-8",
        fuzzy=False,
    )

    def keep_dir(path: str) -> bool:
        name = os.path.basename(path)
        return not (name.startswith(".") or name in _SKIP_DIRS)

    found = extract_from_dir(
        str(project.root),
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


def _po_bytes(catalog: Catalog, *, ignore_obsolete: bool = False) -> bytes:
    buf = io.BytesIO()
    write_po(buf, catalog, width=WIDTH, ignore_obsolete=ignore_obsolete, include_previous=False)
    return buf.getvalue()


def _write_if_changed(path: Path, data: bytes) -> bool:
    if path.is_file() and path.read_bytes() == data:
        return False
    write_atomic(path, data)
    return True


def extract(project: Project) -> tuple[Path, bool]:
    """Write ``locales/advocacy_docs.pot``; returns its path and whether it changed.

    The creation date changes only when the messages do, so extracting twice changes nothing.
    """
    catalog = extract_catalog(project)
    old = _read(project.pot_path) if project.pot_path.is_file() else None
    if old is not None:
        catalog.creation_date = old.creation_date
        if _po_bytes(catalog) == project.pot_path.read_bytes():
            return project.pot_path, False
    catalog.creation_date = _now()
    return project.pot_path, _write_if_changed(project.pot_path, _po_bytes(catalog))


def _now() -> _dt.datetime:
    # Whole minutes, as the header shows them; UTC, so the file does not depend on the machine.
    return _dt.datetime.now(_dt.UTC).replace(second=0, microsecond=0)


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


def update(project: Project, langs: Iterable[str] | None = None) -> list[UpdateResult]:
    """Merge the template into each catalog: new messages added, translations kept.

    A message whose text changed keeps its old translation marked fuzzy (Babel's fuzzy
    matching), so the translator reviews it; removed messages stay as obsolete ``#~`` entries.
    """
    if not project.pot_path.is_file():
        raise InputError(f"{project.pot_path}: no template yet; run `advocacy-docs i18n extract`")
    template = _read(project.pot_path)
    results = []
    for lang in langs or project.locales():
        path = project.catalog_path(lang)
        catalog = _read(path)
        catalog.update(template, update_header_comment=False, update_creation_date=False)
        changed = _write_if_changed(path, _po_bytes(catalog))
        messages = [m for m in catalog if m.id]
        results.append(
            UpdateResult(
                lang=lang,
                path=path,
                changed=changed,
                fuzzy=sum(1 for m in messages if m.fuzzy),
                untranslated=sum(1 for m in messages if not _translated(m.string)),
                obsolete=len(catalog.obsolete),
            )
        )
    return results


def _translated(string: str | tuple[str, ...] | list[str] | None) -> bool:
    if isinstance(string, (tuple, list)):
        return all(string)
    return bool(string)


def gettext_plural_forms(lang: str, plural: str | None) -> str:
    """The ``Plural-Forms`` header of ``lang``: from a CLDR rule if given, else from CLDR data."""
    if plural:
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
    fallback: Iterable[str] = ("en",),
) -> list[Path]:
    """Start locale ``lang``: its catalog (with the right ``Plural-Forms``) and ``locale.toml``.

    Works for languages CLDR does not know (give ``plural``); refuses to overwrite a locale.
    """
    if not lang or not all(part.isalnum() for part in lang.replace("_", "-").split("-")):
        raise InputError(f"{lang!r} is not a language code such as de, crh or sr-Latn")
    path = project.catalog_path(lang)
    toml = project.locales_dir / lang / LOCALE_FILE
    if path.exists() or toml.exists():
        raise InputError(f"{project.locales_dir / lang}: the locale exists already; use update")
    if not project.pot_path.is_file():
        extract(project)
    plural_forms = gettext_plural_forms(lang, plural)
    catalog = _read(project.pot_path)
    catalog.locale = None  # Babel would impose its own data; ours may be a non-CLDR language
    catalog.fuzzy = False
    catalog.revision_date = catalog.creation_date
    catalog.language_team = f"{name or lang} <>"
    header = _po_bytes(catalog).decode("utf-8")
    header = header.replace(
        '"MIME-Version: 1.0\\n"',
        f'"Language: {lang}\\n"\n"Plural-Forms: {plural_forms}\\n"\n"MIME-Version: 1.0\\n"',
        1,
    )
    write_atomic(path, header.encode("utf-8"))
    write_atomic(toml, _locale_toml(lang, name, plural, list(fallback)).encode("utf-8"))
    return [path, toml]


def _locale_toml(lang: str, name: str | None, plural: str | None, fallback: list[str]) -> str:
    known = _cldr_knows(lang)
    lines = [
        f"# {name or lang}: locale data. Schema: see advocacy_docs/i18n/localedata.py.",
        f'name = "{name or lang}"',
        f"fallback = [{', '.join(repr(f).replace(chr(39), chr(34)) for f in fallback)}]",
    ]
    if known:
        lines.append(f'babel = "{lang}"')
        lines.append("")
        lines.append("# CLDR knows this language; override only what documents need, e.g.")
        lines.append("# [dates]")
        lines.append("# when.day = \"'on' d MMMM y\"      # a date that starts a sentence")
        return "\n".join(lines) + "\n"
    lines += [
        "babel = false  # CLDR does not know this language: everything below is ours",
        f'plural = "{plural or ""}"',
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
