"""The translators' check for dates in sentences: no preposition before a date placeholder.

A date enters a sentence as a phrase chosen by its precision and its role ("on 24 February
2022", "in March 2023", «з березня 2023 р.»: ``|date_phrase``). A catalog string that writes
its own preposition before the date ("on %(date)s", «з %(date)s») reads "on March 2023" or
«з березень 2023 р.» as soon as only the month is known. Each locale lists the words that must
not stand right before a date placeholder (``[grammar] date_prepositions`` in its
``locale.toml``) and, for a language with postpositions, right after it
(``date_postpositions``: Crimean Tatar "berli"); a suffix glued to the placeholder
("%(date)s-ten") is always wrong.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

# Placeholders that hold a date, by name, as the templates call them; not %(today)s, the day a
# document is written, nor a %(…_day)s, which are always whole dates ("Londres, le 27 novembre
# 2026"): a preposition for a day fits them.
DATE_PLACEHOLDER = re.compile(r"%\((?P<name>date|when|as_of|since|until|[a-z_]*_date)\)s")
_WORD_BEFORE = re.compile(r"([^\W\d_]+(?:['’][^\W\d_]+)?)[\s\u00a0\u202f]*$")
_WORD_AFTER = re.compile(r"^[\s\u00a0\u202f]*([^\W\d_]+(?:['’][^\W\d_]+)?)")
_SUFFIX = re.compile(r"^-[^\W\d_]")


def misplaced_words(
    text: str, prepositions: Iterable[str], postpositions: Iterable[str] = ()
) -> list[str]:
    """What is wrong with the date placeholders of ``text``: one sentence per problem."""
    before = {w.lower().replace("’", "'") for w in prepositions}
    after = {w.lower().replace("’", "'") for w in postpositions}
    problems: list[str] = []
    for match in DATE_PLACEHOLDER.finditer(text):
        placeholder = match.group(0)
        found = _WORD_BEFORE.search(text[: match.start()])
        if found and found.group(1).lower().replace("’", "'") in before:
            problems.append(
                f"{found.group(1)!r} stands before the date {placeholder}: the date brings its "
                "own preposition (the template passes it as a phrase); drop the word"
            )
        rest = text[match.end() :]
        if _SUFFIX.match(rest):
            problems.append(
                f"a suffix is glued to the date {placeholder}: the date phrase ends as the "
                "sentence needs; drop the suffix"
            )
        found = _WORD_AFTER.search(rest)
        if found and found.group(1).lower().replace("’", "'") in after:
            problems.append(
                f"{found.group(1)!r} follows the date {placeholder}: the date brings its own "
                "postposition (the template passes it as a phrase); drop the word"
            )
    return problems
