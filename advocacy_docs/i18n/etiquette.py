"""Letter etiquette as locale data: the salutation and closing a letter owes its recipient.

``locales/<lang>/etiquette.toml`` says, per language, how to greet a recipient of a known role
and gender, by title or by name, and how to take leave. A user's locale folder (``--locales-dir``)
overrides the bundled file key by key. Schema (an unknown key or a wrong type is an error)::

    [letter]
    closing = "Mit freundlichen Grüßen"  # after every salutation no form below gives a closing
                                         # for; "{salutation}" is the salutation without its
                                         # last mark (fr: "Veuillez agréer, {salutation}, ...")
    continue_after = ","                 # a salutation ending in one of these marks is the start
                                         # of the letter's first sentence (de, pl) ...
    continue_lower = ["ich", "wir"]      # ... whose first word is then written in lower case
                                         # when it is one of these (nouns and names keep their
                                         # capital, so only the words listed lose it)
    dateline_place = false               # the dateline is the date alone (British letters);
                                         # default true: "Berlin, 27. November 2026"

    [generic]                            # nobody known: no role, an unspecified gender, or no
    salutation = "Dear Sir or Madam,"    # form below fits; also "closing"
    closing = "Yours faithfully,"

    [every_role]                         # forms tried before a role's own, for every role and
    male = "Уважаемый {given} {patronymic}!"   # for a recipient without one (ru)

    [role.ambassador]                    # a role of recipients@1; keys male, female,
    male = "Sehr geehrter Herr Botschafter,"   # unspecified, and "any" for the genders not
    female = "Sehr geehrte Frau Botschafterin,"  # listed; a gender without a form gets [generic]
    unspecified = "Exzellenz,"
    [role.ambassador.formal]             # tried first when the recipient asks for the formal
    any = "Exzellenz,"                   # form (``formal: true``); same keys

    [addressee]                          # the lines naming the recipient above the address,
    any = [["{title:dat}", "{initials} {family:dat}"], ["{title:dat}"], ["{title}"]]
    [addressee.role.ambassador]          # per role like salutations; each gender has a list
    female = [["Her Excellency Ms {given} {family}", "{title}"], ["{title}"]]  # of choices

An addressee choice is a list of lines, tried in order like forms: the first whose placeholders
can all be filled is printed (an empty list prints nothing). Beside the name's parts it may use
``{title}`` (the recipient's title; ``{title:dat}`` its form by case, given in the recipients
file), ``{initials}`` ("А. В.") and ``:upper`` after a part ("{family:dat:upper}": "ЛУБІНЦЮ").

A form is a salutation, a table ``{salutation = "…", closing = "…"}``, or a list of those tried
in order: the first whose placeholders can all be filled is used. ``{given}``, ``{patronymic}``,
``{family}`` and ``{name}`` are the parts of the recipient's name, ``{given:voc}`` one in a
grammatical case (:func:`~advocacy_docs.i18n.grammar.decline`). A form with a placeholder fits
only a recipient known by a personal name in the letter's script, and only when the grammar
layer decides every form it needs: a form it cannot decide is never printed in the nominative;
the next form is tried, and :attr:`Written.undecided` says why the name was not used.
"""

from __future__ import annotations

import os
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, get_args

from markupsafe import Markup

from ..bidi import isolate_direction
from ..case.types import Role
from ..errors import Problem, ValidationFailed
from .datafile import FileProblems, KeyLines, check_lang, locale_paths, read_toml
from .grammar import CASES, Case, Declined, Gender, PersonName, decline
from .localedata import StampedCache, merge_tables

ETIQUETTE_FILE = "etiquette.toml"

ROLES: tuple[Role, ...] = get_args(Role)

GENDER_KEYS = ("male", "female", "unspecified", "any")
NAME_PARTS = ("given", "patronymic", "family", "name")
_TOP_KEYS = ("letter", "generic", "every_role", "role", "addressee")
ADDRESSEE_PLACEHOLDERS = (*NAME_PARTS, "title", "initials")
_LETTER_KEYS = ("closing", "continue_after", "continue_lower", "dateline_place")
_FORM_KEYS = ("salutation", "closing")
_PLACEHOLDER = re.compile(r"\{([^{}]*)\}")
# The marks a salutation ends in; a closing repeating it (fr) leaves them out.
_FINAL_MARKS = ",!.:;"


@dataclass(frozen=True)
class Form:
    """One way to greet: a salutation pattern, and the closing that goes with it (or None)."""

    salutation: str
    closing: str | None = None


Forms = tuple[Form, ...]
Lines = tuple[tuple[str, ...], ...]
"""Choices of lines naming a recipient, tried in order."""


@dataclass(frozen=True)
class Etiquette:
    """What the ``etiquette.toml`` files of one language say."""

    lang: str
    files: tuple[Path, ...] = field(default=(), repr=False)  # never printed: where it lies
    closing: str = ""
    generic: Form | None = None
    every_role: Mapping[str, Forms] = field(default_factory=dict)
    roles: Mapping[str, Mapping[str, Forms]] = field(default_factory=dict)
    formal: Mapping[str, Mapping[str, Forms]] = field(default_factory=dict)
    continue_after: str = ""
    continue_lower: frozenset[str] = frozenset()
    dateline_place: bool = True
    addressee: Mapping[str, Lines] = field(default_factory=dict)
    addressee_roles: Mapping[str, Mapping[str, Lines]] = field(default_factory=dict)

    def addressee_choices(self, role: str | None, gender: Gender) -> Lines:
        """The choices of lines naming a recipient, the role's first."""
        found: list[tuple[str, ...]] = []
        if role is not None:
            table = self.addressee_roles.get(role, {})
            found += table.get(gender) or table.get("any") or ()
        found += self.addressee.get(gender) or self.addressee.get("any") or ()
        return tuple(found)

    @property
    def known(self) -> bool:
        """False when no ``etiquette.toml`` describes the language."""
        return bool(self.files) and self.generic is not None

    def candidates(self, role: str | None, gender: Gender, *, formal: bool = False) -> Forms:
        """The forms to try for a recipient, in order, ending with the generic one."""
        found: list[Form] = []
        if role is not None and formal:
            found += _for_gender(self.formal.get(role, {}), gender)
        found += _for_gender(self.every_role, gender)
        if role is not None:
            found += _for_gender(self.roles.get(role, {}), gender)
        if self.generic is not None:
            found.append(self.generic)
        return tuple(found)

    def all_forms(self) -> Forms:
        """Every form of the file, generic first (to recognise a hand-written salutation)."""
        out: list[Form] = [self.generic] if self.generic is not None else []
        for table in (self.every_role, *self.formal.values(), *self.roles.values()):
            for forms in table.values():
                out.extend(forms)
        return tuple(out)


def _for_gender(table: Mapping[str, Forms], gender: Gender) -> Forms:
    return table.get(gender) or table.get("any") or ()


# --------------------------------------------------------------------------------------------
# The recipient's name, as the forms use it


@dataclass(frozen=True)
class Addressee:
    """Who the letter greets: role, gender, and a personal name in the letter's script (or
    None: the name is unknown, an office, or written in another script)."""

    role: str | None
    gender: Gender
    name: PersonName | None = None
    formal: bool = False


@dataclass(frozen=True)
class Written:
    """A salutation and closing chosen for a letter, and the name forms that could not be used."""

    salutation: str
    closing: str
    undecided: tuple[Declined, ...] = ()


def _parts(name: PersonName) -> dict[str, str]:
    return {
        "given": name.given,
        "patronymic": name.patronymic,
        "family": name.family,
        "name": name.nominative,
    }


def _explicit_part(name: PersonName, part: str, case: Case) -> str | None:
    """A part's form in ``case`` taken from the whole name's explicit form, word by word."""
    whole = name.form(case)
    if whole is None:
        return None
    if part == "name":
        return whole
    words = [(p, w) for p, text in name.parts() for w in text.split()]
    forms = whole.split()
    if len(forms) != len(words):
        return None
    picked = [form for (p, _), form in zip(words, forms, strict=True) if p == part]
    return " ".join(picked) or None


def _one_part(part: str, text: str) -> PersonName:
    """A name of one part, to decline that part alone (a salutation's "пане Дмитре")."""
    if part == "given":
        return PersonName(given=text)
    if part == "patronymic":
        return PersonName(patronymic=text)
    return PersonName(family=text)


def fill(
    pattern: str,
    addressee: Addressee,
    lang: str,
    *,
    salutation: str = "",
    locale_dirs: Sequence[Path] | None = None,
    undecided: list[Declined] | None = None,
    title: Mapping[str, str] | None = None,
) -> str | None:
    """``pattern`` with its placeholders filled, or None when one cannot be (no such name part,
    no usable name, or a form the grammar layer cannot decide: then noted in ``undecided``).
    ``title`` is the recipient's title by case (``{"nom": …, "dat": …}``)."""
    out: list[str] = []
    pos = 0
    for m in _PLACEHOLDER.finditer(pattern):
        out.append(pattern[pos : m.start()])
        pos = m.end()
        key, _, rest = m.group(1).partition(":")
        case_name, _, modifier = rest.partition(":")
        if case_name == "upper":
            case_name, modifier = "", "upper"
        if key == "salutation":
            out.append(salutation.rstrip().rstrip(_FINAL_MARKS).rstrip())
            continue
        if key == "title":
            found = (title or {}).get(case_name or "nom")
            if not found:
                return None
            out.append(isolate_direction(found.upper() if modifier == "upper" else found))
            continue
        word = _name_word(key, case_name, addressee, lang, locale_dirs, undecided)
        if word is None:
            return None
        # A part of a name from a file: its direction controls end with it (advocacy_docs.bidi).
        out.append(isolate_direction(word.upper() if modifier == "upper" else word))
    out.append(pattern[pos:])
    return "".join(out)


def _name_word(
    key: str,
    case_name: str,
    addressee: Addressee,
    lang: str,
    locale_dirs: Sequence[Path] | None,
    undecided: list[Declined] | None,
) -> str | None:
    """A part of the addressee's name in a case ("{given:voc}"), or None when it cannot be."""
    name = addressee.name
    if name is None:
        return None
    if key == "initials":
        letters = [p[:1] for p in (name.given, name.patronymic) if p]
        return " ".join(f"{letter}." for letter in letters) or None
    text = _parts(name)[key]
    if not text:
        return None
    case: Case = case_name or "nom"  # type: ignore[assignment]  # checked when loaded
    if case == "nom":
        return name.nominative if key == "name" else text
    explicit = _explicit_part(name, key, case)
    if explicit is not None:
        return explicit
    subject = name if key == "name" else _one_part(key, text)
    declined = decline(subject, addressee.gender, case, lang, locale_dirs=locale_dirs)
    if not declined.decided:
        if undecided is not None:
            undecided.append(declined)
        return None
    return declined.text


def addressee_lines(
    etiquette: Etiquette,
    addressee: Addressee,
    title: Mapping[str, str] | None,
    *,
    locale_dirs: Sequence[Path] | None = None,
) -> list[str]:
    """The lines that name ``addressee`` above the address: the first choice (the role's, then
    the language's) whose placeholders can all be filled; [] when none can."""
    for choice in etiquette.addressee_choices(addressee.role, addressee.gender):
        lines = [
            fill(line, addressee, etiquette.lang, locale_dirs=locale_dirs, title=title)
            for line in choice
        ]
        if all(line is not None for line in lines):
            return [line for line in lines if line]
    return []


def write(
    etiquette: Etiquette,
    addressee: Addressee,
    *,
    own_salutation: str | None = None,
    own_closing: str | None = None,
    locale_dirs: Sequence[Path] | None = None,
) -> Written | None:
    """The salutation and closing of a letter to ``addressee``; the recipient's own win.

    None when the language has no etiquette data (the template then says what it can).
    """
    if not etiquette.known:
        return None
    lang = etiquette.lang
    undecided: list[Declined] = []

    def filled(pattern: str, salutation: str = "") -> str | None:
        return fill(
            pattern,
            addressee,
            lang,
            salutation=salutation,
            locale_dirs=locale_dirs,
            undecided=undecided,
        )

    if own_salutation is not None:
        closing = own_closing
        if closing is None:
            closing = _closing_after(etiquette, own_salutation, filled)
        return Written(own_salutation, closing)
    for form in etiquette.candidates(addressee.role, addressee.gender, formal=addressee.formal):
        salutation = filled(form.salutation)
        if salutation is None:
            continue
        closing = own_closing
        if closing is None:
            closing = filled(form.closing or etiquette.closing, salutation)
        if closing is None:  # a closing needing a part of the name the salutation did not
            continue
        return Written(salutation, closing, tuple(undecided))
    return None


def _closing_after(etiquette: Etiquette, salutation: str, filled: Callable[..., str | None]) -> str:
    """The closing that goes with a hand-written salutation: the closing of the form that
    writes the same words (en "Dear Sir or Madam," takes "Yours faithfully,"), else the
    language's closing."""
    for form in etiquette.all_forms():
        if form.closing is not None and filled(form.salutation) == salutation:
            text = filled(form.closing, salutation)
            if text is not None:
                return text
    return filled(etiquette.closing, salutation) or etiquette.closing


# --------------------------------------------------------------------------------------------
# A name that is an office


def office_name(name: str, office: Iterable[str], particles: Iterable[str] = ()) -> bool:
    """True when ``name`` names an office rather than a person: it begins with an article ("The
    Prosecutor General's Office"), shares a word with the recipient's ``office`` texts (title,
    organization), or has a word in lower case that is not a name particle ("of", "w", "в")."""
    words = _words(name)
    if not words or re.split(r"['’]", words[0].casefold())[0] in _ARTICLES:
        return True  # "The Prosecutor General's Office", "L'Ambassadeur de …"
    keep = {p.casefold() for p in particles} | _PARTICLES
    if any(w[:1].islower() and w.casefold() not in keep for w in words):
        return True
    office_words = {w.casefold() for text in office for w in _words(text) if len(w) > 2}
    return any(w.casefold() in office_words for w in words if len(w) > 2)


# Particles of names in the languages we write, beside those a names.toml lists.
_PARTICLES = frozenset(
    {
        *("von", "van", "de", "da", "di", "del", "della", "der", "den", "du", "la", "le"),
        *("ibn", "bin", "ben", "al", "el", "zu", "ten", "ter", "dos", "das", "do", "y"),
    }
)


# Articles: a personal name does not begin with one.
_ARTICLES = frozenset(["the", "der", "die", "das", "le", "la", "les", "l", "el", "il", "lo"])


def _words(text: str) -> list[str]:
    return re.findall(r"[^\W\d_]+(?:['’-][^\W\d_]+)*", text)


# --------------------------------------------------------------------------------------------
# The first sentence after a salutation that ends in a comma


_LEADING = re.compile(r"(?:\s|[\u200b-\u200f\u2066-\u2069\u202a-\u202e]|<(?!/)[^>]*>)*")
_WORD = re.compile(r"[^\W\d_]+")


def continue_sentence(etiquette: Etiquette, salutation: str | None, html: str) -> Markup:
    """``html`` (the paragraph after the salutation) with its first word in lower case when the
    salutation ends in one of the language's ``continue_after`` marks and the word is one of its
    ``continue_lower`` words; unchanged otherwise (a noun or a name keeps its capital)."""
    text = str(html)
    marks = etiquette.continue_after
    end = (salutation or "").rstrip()
    if not marks or not end or end[-1] not in marks:
        return Markup(text)
    lead = _LEADING.match(text)
    start = lead.end() if lead else 0
    if lead and "<span" in lead.group():  # a text in another language: a name, not a word
        return Markup(text)
    word = _WORD.match(text, start)
    if word is None:
        return Markup(text)
    found = word.group()
    if found.casefold() not in etiquette.continue_lower or not found[:1].isupper():
        return Markup(text)
    if len(found) > 1 and found.isupper():  # an abbreviation
        return Markup(text)
    return Markup(text[:start] + found[0].lower() + text[start + 1 :])


# --------------------------------------------------------------------------------------------
# Reading etiquette.toml


_cache: StampedCache[tuple[str, tuple[Path, ...]], Etiquette] = StampedCache()


def load_etiquette(lang: str, dirs: Sequence[Path]) -> Etiquette:
    """The merged ``etiquette.toml`` of ``lang`` (else of its base language: ``de`` for
    ``de-AT``), earlier folders winning key by key; cached until a file changes."""
    found = _load(check_lang(lang), dirs)  # it names a folder
    base = lang.replace("_", "-").split("-")[0]
    if not found.known and base != lang:
        found = _load(base, dirs)
    return found


def _load(lang: str, dirs: Sequence[Path]) -> Etiquette:
    paths = locale_paths(tuple(dirs), lang, ETIQUETTE_FILE)
    return _cache.for_files((lang, tuple(dirs)), paths, lambda: _build(lang, paths))


def _build(lang: str, paths: Sequence[Path]) -> Etiquette:
    merged: dict[str, Any] = {}
    files: list[Path] = []
    problems: list[Problem] = []
    for path in reversed(paths):  # later folders first, so that earlier ones override them
        if not os.path.lexists(path):  # a pipe or a link out is an error, not skipped
            continue
        checker = _Checker(path, path.parent.parent)
        raw = checker.read()
        problems.extend(checker.reported())
        merged = merge_tables(merged, raw)
        files.append(path)
    if problems:
        raise ValidationFailed(problems)
    if not files:
        return Etiquette(lang)
    where = files[-1]
    if "salutation" not in merged.get("generic", {}):
        message = "the generic salutation is required: [generic] salutation = …"
        raise ValidationFailed([Problem(str(where), None, None, "generic.salutation", message)])
    if "closing" not in merged.get("letter", {}):
        message = "the letter's closing is required: [letter] closing = …"
        raise ValidationFailed([Problem(str(where), None, None, "letter.closing", message)])
    letter = merged["letter"]
    generic = merged["generic"]
    roles: dict[str, dict[str, Forms]] = {}
    formal: dict[str, dict[str, Forms]] = {}
    for role, table in merged.get("role", {}).items():
        roles[role] = {g: _forms(v) for g, v in table.items() if g in GENDER_KEYS}
        if "formal" in table:
            formal[role] = {g: _forms(v) for g, v in table["formal"].items()}
    return Etiquette(
        lang=lang,
        files=tuple(reversed(files)),
        closing=letter["closing"],
        generic=Form(generic["salutation"], generic.get("closing")),
        every_role={g: _forms(v) for g, v in merged.get("every_role", {}).items()},
        roles=roles,
        formal=formal,
        continue_after=letter.get("continue_after", ""),
        continue_lower=frozenset(w.casefold() for w in letter.get("continue_lower", ())),
        dateline_place=letter.get("dateline_place", True),
        addressee={
            g: _lines(v) for g, v in merged.get("addressee", {}).items() if g in GENDER_KEYS
        },
        addressee_roles={
            role: {g: _lines(v) for g, v in table.items()}
            for role, table in merged.get("addressee", {}).get("role", {}).items()
        },
    )


def _lines(value: Any) -> Lines:
    return tuple(tuple(choice) for choice in value)


def _forms(value: Any) -> Forms:
    items = value if isinstance(value, list) else [value]
    return tuple(
        Form(item) if isinstance(item, str) else Form(item["salutation"], item.get("closing"))
        for item in items
    )


class _Checker(FileProblems):
    """Reads one ``etiquette.toml`` and collects every problem in it, with its line."""

    lines = KeyLines("")

    def problem(self, key: str, message: str) -> None:
        if self.room():
            self.record(key, self.lines.line(key), message)

    def read(self) -> dict[str, Any]:
        self.text, raw = read_toml(self.path, self.root)  # size, depth, characters
        self.lines = KeyLines(self.text)
        out: dict[str, Any] = {}
        for key, value in raw.items():
            if key not in _TOP_KEYS:
                self.problem(key, f"unknown key; expected one of: {', '.join(_TOP_KEYS)}")
            elif not isinstance(value, dict):
                self.problem(key, "expected a table")
            elif key == "letter":
                out[key] = self._letter(value)
            elif key == "generic":
                out[key] = self._generic(value)
            elif key == "every_role":
                out[key] = self._genders(value, key)
            elif key == "addressee":
                out[key] = self._addressee(value)
            else:
                out[key] = self._roles(value)
        return out

    def _addressee(self, table: dict[str, Any]) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key, value in table.items():
            where = f"addressee.{key}"
            if key == "role":
                if not isinstance(value, dict):
                    self.problem(where, "expected a table of roles")
                    continue
                out["role"] = {
                    role: {
                        g: c
                        for g, v in genders.items()
                        if (c := self._choices(v, f"{spot}.{g}", g)) is not None
                    }
                    for role, genders, spot in self._by_role(value, where, "choices")
                }
            elif (choices := self._choices(value, where, key)) is not None:
                out[key] = choices
        return out

    def _choices(self, value: Any, where: str, gender: str) -> list[list[str]] | None:
        if gender not in GENDER_KEYS:
            self.problem(where, f"unknown key; expected one of: {', '.join(GENDER_KEYS)}, role")
            return None
        if not isinstance(value, list) or not all(isinstance(c, list) for c in value):
            self.problem(where, 'expected a list of choices, each a list of lines: [["{title}"]]')
            return None
        out: list[list[str]] = []
        for i, choice in enumerate(value):
            lines: list[str] = []
            for j, line in enumerate(choice):
                text = self._addressee_line(line, f"{where}[{i}][{j}]")
                if text is None:
                    return None
                lines.append(text)
            out.append(lines)
        return out

    def _addressee_line(self, value: Any, key: str) -> str | None:
        if not isinstance(value, str) or not value.strip():
            self.problem(key, "expected a non-empty text")
            return None
        for m in _PLACEHOLDER.finditer(value):
            name, _, rest = m.group(1).partition(":")
            case, _, modifier = rest.partition(":")
            if case == "upper":
                case, modifier = "", "upper"
            if name not in ADDRESSEE_PLACEHOLDERS:
                expected = ", ".join("{" + a + "}" for a in ADDRESSEE_PLACEHOLDERS)
                self.problem(key, f"unknown placeholder {m.group()}; use {expected}")
                return None
            if (case and case not in CASES) or (modifier and modifier != "upper"):
                self.problem(
                    key, f"unknown case or mark in {m.group()}; cases: {', '.join(CASES)}; :upper"
                )
                return None
        return self._no_stray_brace(value, key)

    def _no_stray_brace(self, value: str, key: str) -> str | None:
        """``value`` (NFC) when every brace in it belongs to a placeholder; else a problem."""
        stray = _PLACEHOLDER.sub("", value)
        if "{" in stray or "}" in stray:
            self.problem(key, "a brace that opens no placeholder; placeholders are {given}")
            return None
        return unicodedata.normalize("NFC", value)

    def _text(self, value: Any, key: str, *, closing: bool = False) -> str | None:
        if not isinstance(value, str) or not value.strip():
            self.problem(key, "expected a non-empty text")
            return None
        for m in _PLACEHOLDER.finditer(value):
            name, _, case = m.group(1).partition(":")
            allowed = (*NAME_PARTS, "salutation") if closing else NAME_PARTS
            if name not in allowed:
                expected = ", ".join("{" + a + "}" for a in allowed)
                self.problem(key, f"unknown placeholder {m.group()}; use {expected}")
                return None
            if case and (name == "salutation" or case not in CASES):
                self.problem(key, f"unknown case in {m.group()}; use one of {', '.join(CASES)}")
                return None
        return self._no_stray_brace(value, key)

    def _letter(self, table: dict[str, Any]) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key, value in table.items():
            where = f"letter.{key}"
            if key not in _LETTER_KEYS:
                self.problem(where, f"unknown key; expected one of: {', '.join(_LETTER_KEYS)}")
            elif key == "closing":
                text = self._text(value, where, closing=True)
                if text is not None and _PLACEHOLDER.sub("", text) != text.replace(
                    "{salutation}", ""
                ):
                    self.problem(where, "the letter's closing may use {salutation} only")
                elif text is not None:
                    out[key] = text
            elif key == "continue_after":
                if not isinstance(value, str) or not all(c in _FINAL_MARKS for c in value):
                    self.problem(where, f"expected marks among {_FINAL_MARKS!r}")
                else:
                    out[key] = value
            elif key == "dateline_place":
                if not isinstance(value, bool):
                    self.problem(where, "expected true or false")
                else:
                    out[key] = value
            elif not isinstance(value, list) or not all(
                isinstance(w, str) and w.strip() for w in value
            ):
                self.problem(where, "expected a list of words")
            else:
                out[key] = [unicodedata.normalize("NFC", w.strip()) for w in value]
        return out

    def _generic(self, table: dict[str, Any]) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key, value in table.items():
            where = f"generic.{key}"
            if key not in _FORM_KEYS:
                self.problem(where, f"unknown key; expected one of: {', '.join(_FORM_KEYS)}")
                continue
            text = self._text(value, where, closing=key == "closing")
            if text is not None and _PLACEHOLDER.sub("", text) != text.replace("{salutation}", ""):
                self.problem(where, "the generic form greets nobody by name: no name placeholder")
            elif text is not None:
                out[key] = text
        return out

    def _by_role(
        self, table: dict[str, Any], where: str, what: str
    ) -> Iterator[tuple[str, dict[str, Any], str]]:
        """Each known role of ``table`` whose value is a table by gender, with its key; a
        problem for each other one."""
        for role, value in table.items():
            spot = f"{where}.{role}" if where else f"role.{role}"
            if role not in ROLES:
                self.problem(spot, f"unknown role; expected one of: {', '.join(ROLES)}")
            elif not isinstance(value, dict):
                self.problem(spot, f"expected a table of {what} by gender")
            else:
                yield role, value, spot

    def _roles(self, table: dict[str, Any]) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for role, value, where in self._by_role(table, "", "forms"):
            forms = self._genders({k: v for k, v in value.items() if k != "formal"}, where)
            if "formal" in value:
                if isinstance(value["formal"], dict):
                    forms["formal"] = self._genders(value["formal"], f"{where}.formal")
                else:
                    self.problem(f"{where}.formal", "expected a table of forms by gender")
            out[role] = forms
        return out

    def _genders(self, table: dict[str, Any], where: str) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for gender, value in table.items():
            key = f"{where}.{gender}"
            if gender not in GENDER_KEYS:
                expected = ", ".join(
                    (*GENDER_KEYS, "formal") if where.startswith("role.") else GENDER_KEYS
                )
                self.problem(key, f"unknown key; expected one of: {expected}")
                continue
            items = value if isinstance(value, list) else [value]
            if not items:
                self.problem(key, "expected a form or a list of forms")
                continue
            forms: list[Any] = []
            for i, item in enumerate(items):
                spot = f"{key}[{i}]" if isinstance(value, list) else key
                form = self._form(item, spot)
                if form is not None:
                    forms.append(form)
            if len(forms) == len(items):
                out[gender] = forms if isinstance(value, list) else forms[0]
        return out

    def _form(self, item: Any, key: str) -> str | dict[str, str] | None:
        if isinstance(item, str):
            return self._text(item, key)
        if not isinstance(item, dict):
            self.problem(key, 'expected a salutation, or {salutation = "…", closing = "…"}')
            return None
        unknown = [k for k in item if k not in _FORM_KEYS]
        if unknown:
            self.problem(f"{key}.{unknown[0]}", "unknown key; expected salutation, closing")
            return None
        if "salutation" not in item:
            self.problem(key, "a form needs its salutation")
            return None
        out: dict[str, str] = {}
        for k in _FORM_KEYS:
            if k in item:
                text = self._text(item[k], f"{key}.{k}", closing=k == "closing")
                if text is None:
                    return None
                out[k] = text
        return out
