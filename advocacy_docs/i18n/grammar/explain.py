"""What ``advocacy-docs validate --explain-names`` prints: every form of a name the tool would
guess, per language, for a person to confirm (or to give in the file instead).

A form the case file gives is shown as given; a form the rules or a library decide is shown with
the rule, so that a wrong one can be traced; a form no rule decides is marked UNDECIDED: the
documents print the name as written there, and report it. Languages whose names keep the
nominative in every case (English, German, French) are listed once, without forms.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from ...case.types import LocalizedText, NameText
from ..localedata import available_locales, load_locale_spec, resolve_locale_dirs
from .declension import decline, name_rules, person_name, variants
from .types import CASES, Gender, Source

_LABELS = {
    Source.EXPLICIT: "given in the file",
    Source.LIBRARY: "guessed",
    Source.RULE: "guessed",
    Source.NOMINATIVE: "as written",
    Source.UNDECIDED: "UNDECIDED",
}


def explain_name(
    name: LocalizedText,
    gender: Gender,
    default_language: str,
    *,
    field: str = "person.name",
    locales: Sequence[str] | None = None,
    locale_dirs: Sequence[Path] | None = None,
) -> list[str]:
    """Lines that show ``name`` in every grammatical case of every locale that declines it."""
    dirs = resolve_locale_dirs(locale_dirs)
    lines = [f"{field} ({gender}):"]
    plain: list[str] = []
    for lang in locales or available_locales(dirs):
        chain = load_locale_spec(lang, dirs).chain
        text, written_in = name.resolve(chain, default_language)
        rules = name_rules(lang, dirs)
        if not rules.cases:
            plain.append(lang)
            continue
        parts = name.parts_in(written_in) if isinstance(name, NameText) else None
        person = person_name(parts if parts is not None else text, written_in, dirs)
        lines.append(f"  {lang}: {person.nominative}")
        for case in CASES[1:]:
            declined = decline(person, gender, case, lang, locale_dirs=dirs)
            if declined.source is Source.NOMINATIVE and case in rules.nominative_cases:
                continue  # the language uses the nominative here: nothing to confirm
            label = _LABELS[declined.source]
            if declined.decided and declined.text == declined.nominative:
                label = _LABELS[Source.NOMINATIVE]  # another script, or an invariable word
            rule = ", ".join(dict.fromkeys(w.rule for w in declined.words if w.rule))
            others = sorted(variants(declined) - {declined.text})
            line = f"      {case:<4} {declined.text}  [{label}{': ' + rule if rule else ''}]"
            if others:
                line += f" (also correct: {'; '.join(others)})"
            doubts = [f"{w.nominative}: {w.note}" for w in declined.undecided()]
            if doubts:
                line += " — " + "; ".join(doubts)
            lines.append(line)
    if plain:
        lines.append(f"  {', '.join(plain)}: the name is written the same in every case")
    return lines
