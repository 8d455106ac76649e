"""Translation in context: a document with each of its messages outlined, and their editing.

:func:`render` renders a kind in a locale with every translatable text the document shows in
a ``<span class="x-msg" data-msg="N">`` (also ``x-untranslated`` when the locale lacks it); N
is the message's number, its index in the message template (:func:`.preview.numbered_messages`).
:func:`message` tells what a translator needs about message N, :func:`save_translation` writes
a translation into the translator's catalog through :func:`.workflow.save`, the code of
``i18n update``, after the checks of ``i18n check``. The studio serves these over HTTP.
"""

from __future__ import annotations

import bisect
import datetime as _dt
import shutil
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from babel.messages.catalog import Catalog, Message

from ..case.parties import Recipient, Sender
from ..errors import InputError
from ..paths import bundled_locales_dir
from ..writers import get_writer
from . import audit, get_localizer
from .catalog import _broken_placeholders
from .datafile import check_lang
from .datewords import misplaced_words
from .formatting import PluralForms
from .localedata import SOURCE_LANGUAGE, available_locales, load_locale_spec
from .preview import message_key, numbered_messages, render_marked
from .workflow import Project, init, merge, read_catalog, save, template


def project_for(locale_dir: Path | None) -> Project:
    """The translator's locale folder over the bundled locales; the bundled locales alone
    (read only) while the folder does not exist."""
    if locale_dir is None or not locale_dir.is_dir():
        return Project.bundled()
    return Project.user(locale_dir)


def _locale(project: Project, lang: str) -> str:
    """``lang`` when the project has that locale; InputError otherwise."""
    check_lang(lang)
    known = available_locales(project.lookup_dirs)
    if lang not in known:
        raise InputError(f"locale {lang!r}: no such locale (available: {', '.join(known)})")
    return lang


def _numbered(project: Project, number: int) -> Message:
    messages = numbered_messages(project)
    if not 0 <= number < len(messages):
        raise InputError(f"message {number}: no such message (0 to {len(messages) - 1})")
    return messages[number]


@dataclass(frozen=True)
class InContext:
    """A document with its messages marked: its HTML, the numbers of the messages it shows
    (``outlined``: an element holds the text; ``hidden``: in an attribute or the title), the
    numbers the locale lacks, and the render's warnings."""

    html: str
    outlined: tuple[int, ...]
    hidden: tuple[int, ...]
    untranslated: frozenset[int]
    warnings: tuple[str, ...]

    @property
    def shown(self) -> tuple[int, ...]:
        """Every message the document shows, outlined or not."""
        return (*self.outlined, *self.hidden)


def render(
    locale_dir: Path | None,
    lang: str,
    kind: str = "letter",
    *,
    case_path: Path | None = None,
    recipient: Recipient | None = None,
    sender: Sender | None = None,
    template_dirs: Sequence[Path] = (),
    today: _dt.date | None = None,
) -> InContext:
    """``kind`` in ``lang`` as one HTML file with every message it shows marked (the bundled
    example case, recipient and sender unless given)."""
    project = project_for(locale_dir)
    _locale(project, lang)
    marked = render_marked(
        project, lang, kind=kind, every=True, case_path=case_path, recipient=recipient,
        sender=sender, template_dirs=template_dirs, today=today,
    )  # fmt: skip
    html = get_writer("html")(marked.document).decode("utf-8")
    return InContext(
        html=html,
        outlined=marked.marks.outlined,
        hidden=marked.marks.hidden,
        untranslated=marked.overlay.untranslated,
        warnings=marked.warnings,
    )


@dataclass(frozen=True)
class PluralForm:
    """One plural form of a locale: its msgstr index and numbers that take it."""

    index: int
    examples: tuple[int, ...]


@dataclass(frozen=True)
class MessageInfo:
    """What a translator needs to translate message ``number`` in ``locale``."""

    number: int
    locale: str
    msgid: str
    msgid_plural: str | None
    msgctxt: str | None
    translator_comments: tuple[str, ...]
    extracted_comments: tuple[str, ...]
    flags: tuple[str, ...]
    plural_forms: tuple[PluralForm, ...]
    """The locale's forms (from its catalog's ``Plural-Forms``); () for a singular message."""
    plural_rule: str
    msgstr: str | None
    """The translation of a singular message ("" when there is none)."""
    msgstr_plural: tuple[str, ...] | None
    """The translations of a plural message, one per form."""
    translated: bool
    fuzzy: bool
    source: str | None
    """Whose catalog the translation comes from: "user", "bundled", or None (no translation)."""
    references: tuple[tuple[str, int | None], ...]

    def as_json(self) -> dict[str, object]:
        """The message as the studio's JSON API gives it."""
        return {
            "number": self.number,
            "locale": self.locale,
            "msgid": self.msgid,
            "msgid_plural": self.msgid_plural,
            "msgctxt": self.msgctxt,
            "translator_comments": list(self.translator_comments),
            "extracted_comments": list(self.extracted_comments),
            "flags": list(self.flags),
            "plural_forms": [
                {"index": f.index, "examples": list(f.examples)} for f in self.plural_forms
            ],
            "plural_rule": self.plural_rule,
            "msgstr": self.msgstr,
            "msgstr_plural": None if self.msgstr_plural is None else list(self.msgstr_plural),
            "translated": self.translated,
            "fuzzy": self.fuzzy,
            "source": self.source,
            "references": [{"file": f, "line": line} for f, line in self.references],
        }


def _catalogs(project: Project, lang: str) -> list[tuple[str, Catalog]]:
    """The catalogs of ``lang`` a render reads, the translator's first."""
    found = []
    for label, d in zip(("user", "bundled"), project.lookup_dirs, strict=False):
        path = d / lang / "LC_MESSAGES" / project.catalog_path(lang).name
        if path.is_file():
            found.append(("bundled" if project.read_only else label, read_catalog(path)))
    return found


def _plural_forms(project: Project, lang: str, catalogs: list[tuple[str, Catalog]]) -> PluralForms:
    """The locale's plural rule: its first catalog's ``Plural-Forms``, else its locale data's."""
    if catalogs:
        catalog = catalogs[0][1]
        return PluralForms.parse(catalog.num_plurals, catalog.plural_expr)
    return get_localizer(lang, project.lookup_dirs).plural_forms()


def message(locale_dir: Path | None, lang: str, number: int) -> MessageInfo:
    """Message ``number`` in ``lang``: its source, comments, plural forms and translation."""
    project = project_for(locale_dir)
    _locale(project, lang)
    source = _numbered(project, number)
    catalogs = _catalogs(project, lang)
    rule = _plural_forms(project, lang, catalogs)
    is_plural = isinstance(source.id, (tuple, list))
    forms: tuple[PluralForm, ...] = ()
    if is_plural:
        examples: dict[int, list[int]] = {i: [] for i in range(rule.nplurals)}
        for n in range(200):
            index = rule.index(n)
            if index in examples and len(examples[index]) < 6:
                examples[index].append(n)
        forms = tuple(PluralForm(i, tuple(e)) for i, e in examples.items())
    found: tuple[str, Message] | None = None
    for label, catalog in catalogs:
        entry = catalog.get(source.id, context=source.context)
        if entry is None:
            continue
        if found is None:
            found = (label, entry)
        if _done(entry.string) and not entry.fuzzy:
            found = (label, entry)
            break
    entry = found[1] if found else None
    string = entry.string if entry is not None else None
    if is_plural:
        strings = list(string) if isinstance(string, (tuple, list)) else []
        strings = (strings + [""] * rule.nplurals)[: rule.nplurals]
        msgstr, msgstr_plural = None, tuple(str(s) for s in strings)
    else:
        msgstr, msgstr_plural = str(string or ""), None
    translated = lang == SOURCE_LANGUAGE or (
        entry is not None and not entry.fuzzy and _done(entry.string)
    )
    return MessageInfo(
        number=number,
        locale=lang,
        msgid=str(source.id[0]) if is_plural else str(source.id),
        msgid_plural=str(source.id[1]) if is_plural else None,
        msgctxt=source.context,
        translator_comments=tuple(entry.user_comments) if entry is not None else (),
        extracted_comments=tuple(source.auto_comments),
        flags=tuple(sorted(source.flags)),
        plural_forms=forms,
        plural_rule=rule.expr,
        msgstr=msgstr,
        msgstr_plural=msgstr_plural,
        translated=translated,
        fuzzy=bool(entry is not None and entry.fuzzy),
        source=found[0] if found and _done(string) else None,
        references=tuple((f, line) for f, line in source.locations),
    )


def _done(string: object) -> bool:
    if isinstance(string, (tuple, list)):
        return bool(string) and all(string)
    return bool(string)


def refusals(lang: str, source: Message, string: str | tuple[str, ...], nplurals: int,
             project: Project) -> list[str]:  # fmt: skip
    """What ``i18n check`` (and the renderer) would refuse in ``string`` as the translation of
    ``source``, each problem naming its field (msgstr, msgstr[i]); [] when nothing."""
    candidate = Message(source.id, string, context=source.context, flags=source.flags)
    problems = [p if p.startswith("msgstr") else f"msgstr: {p}" for p in
                audit.check_message(candidate, nplurals)]  # fmt: skip
    broken = _broken_placeholders(source.id, string)
    if broken is not None and not problems:
        problems.append(f"msgstr: the translation {broken}")
    spec = load_locale_spec(lang, project.lookup_dirs)
    forms = list(string) if isinstance(string, tuple) else [string]
    for i, form in enumerate(forms):
        label = f"msgstr[{i}]" if isinstance(string, tuple) else "msgstr"
        for problem in misplaced_words(form, spec.date_prepositions, spec.date_postpositions):
            problems.append(f"{label}: {problem}")
    return problems


@dataclass(frozen=True)
class Saved:
    """A saved translation: the catalog written (as the studio shows it), whether the file
    changed, and the message as it is now."""

    path: str
    changed: bool
    message: MessageInfo


def save_translation(
    locale_dir: Path,
    lang: str,
    number: int,
    msgstr: str | None = None,
    msgstr_plural: Sequence[str] | None = None,
) -> Saved:
    """Write the translation of message ``number`` into the translator's catalog of ``lang``
    (made from the bundled one when the folder has none), merged and written as ``i18n
    update`` does; InputError naming the field when ``i18n check`` would refuse it."""
    reading = project_for(locale_dir)
    _locale(reading, lang)
    source = _numbered(reading, number)
    is_plural = isinstance(source.id, (tuple, list))
    if is_plural and (msgstr_plural is None or msgstr is not None):
        raise InputError(f"message {number} has plural forms: give msgstr_plural, a list")
    if not is_plural and (msgstr is None or msgstr_plural is not None):
        raise InputError(f"message {number} has no plural forms: give msgstr, a text")
    values = [msgstr] if msgstr is not None else list(msgstr_plural or ())
    for i, value in enumerate(values):
        if not isinstance(value, str):
            label = "msgstr" if msgstr is not None else f"msgstr_plural[{i}]"
            raise InputError(f"{label}: must be a text")
    project = Project.user(locale_dir, create=True)
    path = project.catalog_path(lang)
    if not path.is_file():
        _start_catalog(project, lang)
    pot = template(project)
    catalog = read_catalog(path)
    merge(catalog, pot)
    entry = catalog.get(source.id, context=source.context)
    if entry is None:  # the merge adds every message of the template
        raise InputError(f"{project.display(path)}: message {number} is not in the catalog")
    string: str | tuple[str, ...]
    if is_plural:
        if len(values) != catalog.num_plurals:
            raise InputError(
                f"msgstr_plural: {len(values)} form(s), but {lang} has {catalog.num_plurals} "
                f"(Plural-Forms of {project.display(path)})"
            )
        string = tuple(str(v) for v in values)
    else:
        string = str(values[0])
    problems = refusals(lang, source, string, catalog.num_plurals, project)
    if problems:
        raise InputError(f"message {number}: " + "; ".join(problems))
    entry.string = string
    entry.flags.discard("fuzzy")
    result = save(path, catalog, pot, lang)
    return Saved(project.display(result.path), result.changed, message(locale_dir, lang, number))


def _start_catalog(project: Project, lang: str) -> None:
    """The translator's catalog of ``lang``: a copy of the bundled one, else a new one."""
    bundled = bundled_locales_dir() / lang / "LC_MESSAGES" / project.catalog_path(lang).name
    path = project.catalog_path(lang)
    if bundled.is_file() and bundled.resolve() != path.resolve():
        path.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(bundled, path)
    else:
        init(project, lang)


# -- status and check --------------------------------------------------------------------------


def status(locale_dir: Path | None) -> list[dict[str, object]]:
    """The rows of ``i18n status`` for the translator's folder (the bundled locales without
    one), as JSON objects."""
    rows = audit.status(project_for(locale_dir))
    return [
        {
            "locale": r.locale,
            "kind": r.kind,
            "translated": r.translated,
            "fuzzy": r.fuzzy,
            "untranslated": r.untranslated,
            "total": r.total,
            "percent": round(r.percent, 1),
            "complete": r.complete,
        }
        for r in rows
    ]


def check(locale_dir: Path | None, lang: str) -> list[dict[str, object]]:
    """The findings of ``i18n check`` for ``lang`` (in the catalog renders read first), each
    with the number of the message it is about when it is about one."""
    project = project_for(locale_dir)
    _locale(project, lang)
    if not project.catalog_path(lang).is_file() and not project.read_only:
        project = Project.bundled()
    numbers = {message_key(m): n for n, m in enumerate(numbered_messages(project))}
    path = project.catalog_path(lang)
    starts: list[int] = []
    keys: list[tuple[str | None, str]] = []
    if path.is_file():
        for entry in read_catalog(path, strict=False):
            if entry.id and entry.lineno:
                starts.append(entry.lineno)
                keys.append(message_key(entry))
    out: list[dict[str, object]] = []
    for finding in audit.check(project, [lang]):
        number = None
        if finding.path == path and finding.line is not None:
            at = bisect.bisect_right(starts, finding.line) - 1
            if at >= 0:
                number = numbers.get(keys[at])
        out.append(
            {
                "file": project.display(finding.path),
                "line": finding.line,
                "msgid": finding.msgid,
                "problem": finding.problem,
                "message": number,
                "text": str(finding).replace(str(finding.path), project.display(finding.path), 1),
            }
        )
    return out
