"""What translators need to know about their catalogs: how complete they are, what would break.

``status`` counts, per locale and document kind, the messages translated, fuzzy and missing.
``check`` finds the mistakes that break documents: placeholders that differ from the source,
the wrong number of plural forms, markup or links smuggled into a translation, a preposition
before a date placeholder (:mod:`.datewords`), and everything ``msgfmt --check`` reports.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from babel.messages.catalog import Catalog, Message

from ..errors import InputError
from .datacheck import check_data, data_files
from .datafile import unprintable
from .datewords import misplaced_words
from .workflow import Project, extract_catalog, gettext_plural_forms, read_catalog, template

SHARED = "(shared)"
"""The pseudo-kind of messages every kind may print: those of the Python code."""

# %(name)s / %s / %d style (with flags), and {name} / {0} style placeholders.
_PERCENT = re.compile(
    r"%(?:\((?P<name>[^)]*)\))?[-#0 +]*\d*(?:\.\d+)?(?P<type>[diouxXeEfFgGcrsa%])"
)
_BRACE = re.compile(r"(?<!\{)\{(?P<name>[A-Za-z_][A-Za-z0-9_]*|\d+)\}(?!\})")
_TAG = re.compile(r"</?\s*([A-Za-z][A-Za-z0-9-]*)")
_URLISH = re.compile(
    r"(?i)(?:\b(?:https?|ftp|file|data|javascript|mailto):|\bwww\.|url\s*\(|@import|"
    r"\b(?:src|href|srcset)\s*=)"
)


# -- status ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class StatusRow:
    """Counts for one locale and one kind."""

    locale: str
    kind: str
    translated: int
    fuzzy: int
    untranslated: int

    @property
    def total(self) -> int:
        """How many messages the kind has."""
        return self.translated + self.fuzzy + self.untranslated

    @property
    def percent(self) -> float:
        """The share translated, 0 to 100."""
        return 100.0 * self.translated / self.total if self.total else 100.0

    @property
    def complete(self) -> bool:
        """True when every message is translated and none is fuzzy."""
        return self.translated == self.total


def template_files_by_kind(templates: Path) -> dict[str, set[str]]:
    """For each kind, the template files its document uses (its own and the partials it
    imports, includes or extends, recursively), as paths relative to the project root."""
    from jinja2 import Environment, meta
    from jinja2.ext import i18n

    env = Environment(extensions=[i18n])
    cache: dict[str, set[str]] = {}

    def referenced(name: str) -> set[str]:
        if name not in cache:
            cache[name] = {name}
            path = templates / name
            if path.is_file():
                ast = env.parse(path.read_text(encoding="utf-8"))
                for ref in meta.find_referenced_templates(ast):
                    if ref:
                        cache[name] |= referenced(ref)
        return cache[name]

    kinds: dict[str, set[str]] = {}
    for folder in sorted(p for p in templates.iterdir() if (p / "kind.toml").is_file()):
        names: set[str] = set()
        for j2 in folder.rglob("*.j2"):
            names |= referenced(j2.relative_to(templates).as_posix())
        kinds[folder.name] = {f"templates/{n}" for n in names}
    return kinds


CHECKS_CODE = "advocacy_docs/checks/"
"""The legal checks' sentences: printed only by the drafts whose kind.toml names a body."""
STUDIO_CODE = "advocacy_docs/studio/"
"""The studio's interface: its words are in no document, so they count for no kind."""


def _kinds_of(
    message: Message, files: dict[str, set[str]], checked: dict[str, str] | None = None
) -> set[str]:
    """The kinds that may print ``message``; ``checked`` maps a kind to the body of its checks.

    A sentence of ``checks/<body>*.py`` counts for the drafts of that body, any other sentence
    of ``checks/`` for every draft with checks, and the rest of the Python code for every kind.
    """
    kinds = set()
    for filename, _ in message.locations:
        if filename.startswith(STUDIO_CODE):
            continue
        if filename.startswith(CHECKS_CODE):
            stem = filename[len(CHECKS_CODE) :].split("/")[-1].split("_")[0].removesuffix(".py")
            bodies = set((checked or {}).values())
            kinds |= {k for k, b in (checked or {}).items() if b == stem or stem not in bodies}
        elif not filename.startswith("templates/"):
            kinds.add(SHARED)  # Python code: any document may print it
        kinds |= {kind for kind, used in files.items() if filename in used}
    return kinds


def status(project: Project, source_language: str = "en") -> list[StatusRow]:
    """Rows of locale × kind for every catalog, against the messages the tree has now.

    A kind's messages are those of the templates its document uses (its folder and the partials
    it imports) and of the Python code; the sentences of the legal checks count only for the
    drafts that print them (see :func:`_kinds_of`). The source language counts as complete.
    A source tree's messages are extracted afresh; a locale folder's are the bundled template's,
    and a message the bundled catalog of the same language translates counts as translated.
    """
    source = extract_catalog(project) if project.source is not None else template(project)
    messages = [m for m in source if m.id]
    files = template_files_by_kind(project.templates_dir)
    kinds = sorted(files)
    from ..templating import discover_kinds

    specs = discover_kinds([project.templates_dir])
    shipped_in = {k: spec.locales for k, spec in specs.items()}
    checked = {k: str(spec.data["checks"]) for k, spec in specs.items() if spec.data.get("checks")}
    rows: list[StatusRow] = []
    for lang in project.locales():
        catalogs = [read_catalog(project.catalog_path(lang))]
        catalogs += [read_catalog(p) for p in _base_catalogs(project, lang)]
        for kind in kinds or [SHARED]:
            if shipped_in.get(kind) and lang not in shipped_in[kind]:
                continue  # the kind is not offered in this language (kind.toml `locales`)
            counts = {"translated": 0, "fuzzy": 0, "untranslated": 0}
            for m in messages:
                if not ({kind, SHARED} & _kinds_of(m, files, checked)):
                    continue
                state = "translated" if lang == source_language else _state(catalogs, m)
                counts[state] += 1
            rows.append(StatusRow(lang, kind, **counts))
    return rows


def _base_catalogs(project: Project, lang: str) -> list[Path]:
    """The catalogs of ``lang`` under the project's own folder (the bundled one's)."""
    paths = [d / lang / "LC_MESSAGES" / project.catalog_path(lang).name for d in project.base_dirs]
    return [p for p in paths if p.is_file()]


def _state(catalogs: list[Catalog], message: Message) -> str:
    """translated, fuzzy or untranslated: as the first catalog that translates it has it."""
    state = "untranslated"
    for catalog in catalogs:
        found = catalog.get(message.id, context=message.context)
        if found is None or not _all_forms(found.string):
            continue
        if not found.fuzzy:
            return "translated"
        state = "fuzzy"
    return state


def _all_forms(string: object) -> bool:
    if isinstance(string, (tuple, list)):
        return bool(string) and all(string)
    return bool(string)


def format_status(rows: Iterable[StatusRow]) -> str:
    """The status rows as an aligned table."""
    header = ("locale", "kind", "translated", "fuzzy", "untranslated", "percent")
    body = [
        (r.locale, r.kind, str(r.translated), str(r.fuzzy), str(r.untranslated),
         f"{r.percent:.0f} %")
        for r in rows
    ]  # fmt: skip
    widths = [max(len(row[i]) for row in (header, *body)) for i in range(len(header))]

    def line(row: tuple[str, ...]) -> str:
        cells = zip(row, widths, strict=True)
        return "  ".join(c.ljust(w) if i < 2 else c.rjust(w) for i, (c, w) in enumerate(cells))

    return "\n".join(line(row) for row in (header, *body))


# -- check ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Finding:
    """One thing in a catalog that would break a document."""

    path: Path
    line: int | None
    msgid: str
    problem: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else str(self.path)
        short = self.msgid if len(self.msgid) <= 50 else self.msgid[:47] + "..."
        return f"{where}: {short!r}: {self.problem}" if self.msgid else f"{where}: {self.problem}"


def placeholders(text: str) -> list[str]:
    """The placeholders of ``text`` in both styles, sorted: ``%(name)s``, ``%s``, ``{name}``."""
    found = [m.group(0) for m in _PERCENT.finditer(text) if m.group("type") != "%"]
    found += ["{" + m.group("name") + "}" for m in _BRACE.finditer(text)]
    return sorted(found)


def _tags(text: str) -> list[str]:
    return sorted(t.lower() for t in _TAG.findall(text))


def _forms(message: Message) -> list[str]:
    if isinstance(message.string, (tuple, list)):
        return list(message.string)
    return [message.string or ""]


def check_message(message: Message, nplurals: int) -> list[str]:
    """The problems of one translated message; [] when it is fine or untranslated."""
    problems: list[str] = []
    bad = unprintable(message.string)
    if bad is not None:
        problems.append(f"the translation {bad}")
    sources = list(message.id) if isinstance(message.id, (tuple, list)) else [message.id]
    forms = _forms(message)
    if isinstance(message.id, (tuple, list)) and len(forms) != nplurals:
        problems.append(
            f"has {len(forms)} plural form(s) but the locale has {nplurals} (Plural-Forms)"
        )
    expected = set(placeholders(sources[-1])) | set(placeholders(sources[0]))
    source_tags = _tags(" ".join(sources))
    for i, form in enumerate(forms):
        if not form:
            continue
        label = f"msgstr[{i}]" if len(forms) > 1 else "msgstr"
        got = set(placeholders(form))
        if got - expected:
            problems.append(
                f"{label} has placeholder(s) the source lacks: {sorted(got - expected)}"
            )
        # A plural's singular may drop the number ("one year"), but a placeholder the source
        # always has must stay in every other form.
        must = set(placeholders(sources[0])) if len(forms) == 1 else expected
        if i > 0 or len(forms) == 1:
            missing = must - got
            if missing:
                problems.append(f"{label} lacks placeholder(s) {sorted(missing)}")
        extra_tags = _tags(form)
        for tag in set(extra_tags):
            if extra_tags.count(tag) > source_tags.count(tag):
                problems.append(f"{label} has markup <{tag}> that the source does not have")
        for match in _URLISH.finditer(form):
            if match.group(0).lower() not in " ".join(sources).lower():
                problems.append(f"{label} refers to a URL or resource ({match.group(0)!r})")
                break
    return problems


def check(project: Project, langs: Iterable[str] | None = None) -> list[Finding]:
    """Every problem in the catalogs and the data files (``locale.toml``, ``names.toml``,
    ``etiquette.toml``, ``phrases.toml``) of ``langs`` (default: all)."""
    findings: list[Finding] = []
    for lang in langs or _with_files(project):
        data = check_data(project.locales_dir, lang)
        findings += [Finding(path, line, "", problem) for path, line, problem in data]
        if data_files(project.locales_dir, lang) and not project.catalog_path(lang).is_file():
            continue  # a language with rules only (names.toml of be): no catalog to check
        try:
            before, after = _date_words(project, lang)
        except InputError:
            if not data:
                raise
            continue  # locale.toml cannot be read (said above): its rules are unknown
        path = project.catalog_path(lang)
        catalog = read_catalog(path, strict=False)
        expected = _expected_nplurals(project, lang)
        if expected is not None and catalog.num_plurals != expected:
            findings.append(
                Finding(path, None, "", f"Plural-Forms has nplurals={catalog.num_plurals}, "
                                        f"but {lang} needs {expected}")
            )  # fmt: skip
        for message in catalog:
            if not message.id or message.fuzzy:
                continue  # fuzzy entries are not used, and `status` counts them as pending
            for problem in check_message(message, catalog.num_plurals):
                findings.append(Finding(path, message.lineno, _msgid(message), problem))
            # The source language's text is its msgid when the msgstr is empty.
            texts = _forms(message) if lang != "en" else [*_forms(message), _msgid(message)]
            for problem in {p: None for t in texts for p in misplaced_words(t, before, after)}:
                findings.append(Finding(path, message.lineno, _msgid(message), problem))
        findings.extend(_msgfmt(path))
    return findings


def _with_files(project: Project) -> list[str]:
    """The locales that have a catalog or a data file, sorted."""
    folders = [p.name for p in project.locales_dir.iterdir() if p.is_dir()]
    with_data = [name for name in folders if data_files(project.locales_dir, name)]
    return sorted({*project.locales(), *with_data})


def _date_words(project: Project, lang: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The words that must not stand before and after a date placeholder in ``lang``."""
    from .localedata import load_locale_spec

    spec = load_locale_spec(lang, project.lookup_dirs)
    return spec.date_prepositions, spec.date_postpositions


def _expected_nplurals(project: Project, lang: str) -> int | None:
    """How many plural forms the locale's rule has (CLDR, or its locale.toml); None if unknown."""
    from .localedata import load_locale_spec

    spec = load_locale_spec(lang, project.lookup_dirs)
    try:
        header = gettext_plural_forms(spec.babel_id or lang, spec.plural_text)
    except InputError:
        return None
    return int(header.split(";")[0].split("=")[1])


def _msgid(message: Message) -> str:
    return message.id[0] if isinstance(message.id, (tuple, list)) else str(message.id)


def _msgfmt(path: Path) -> list[Finding]:
    """What GNU ``msgfmt --check`` reports; nothing when msgfmt is not installed."""
    msgfmt = shutil.which("msgfmt")
    if msgfmt is None:
        return []
    result = subprocess.run(
        [msgfmt, "--check", "--output-file=/dev/null", str(path)],
        capture_output=True, text=True, check=False, timeout=60,
    )  # fmt: skip
    findings = []
    for line in result.stderr.splitlines():
        m = re.match(r"^(.*?):(\d+): (.*)$", line)
        if m and "fatal error" not in line and "found" not in m.group(3).split(" ")[0]:
            findings.append(Finding(path, int(m.group(2)), "", f"msgfmt: {m.group(3)}"))
        elif line.strip() and not line.startswith(f"{msgfmt}: found"):
            findings.append(Finding(path, None, "", f"msgfmt: {line.strip()}"))
    if result.returncode != 0 and not findings:
        findings.append(
            Finding(path, None, "", f"msgfmt failed with exit code {result.returncode}")
        )
    return findings


MSGFMT_MISSING = "msgfmt (GNU gettext) is not installed: apt-get install gettext"


def require_msgfmt() -> None:
    """InputError when GNU msgfmt is missing (the check is incomplete without it)."""
    if shutil.which("msgfmt") is None:
        raise InputError(MSGFMT_MISSING)


def has_msgfmt() -> bool:
    """True when GNU msgfmt can be run."""
    return shutil.which("msgfmt") is not None


__all__ = ["Catalog", "Finding", "StatusRow", "check", "format_status", "status"]
