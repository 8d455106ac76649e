"""Typography rules kept as locale data (``[typography]`` in locale.toml), applied to text.

Three rules, each kept in the locale's data, so that a new language only adds data:

- ``space_before``: punctuation that takes a no-break space before it (French ``; : ! ?``);
- ``no_break_after``: short words that must not end a line, tied to the next word by a no-break
  space (Polish "sierotki" ``a i o u w z``; Czech and Slovak have the same rule);
- ``apostrophe``: the apostrophe written inside a word, for the typewriter one (') that texts and
  case files type: Ukrainian "в’язень", "ув’язнення" (U+2019).

Both change only spaces next to words, never a character of a word: a URL or an e-mail address
keeps every character (``https://``, ``10:30``, ``a@example.org`` are not words with a mark).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache

NBSP = "\u00a0"
# HTML white space between words: where a line may break. A no-break space is not one of them.
_BREAKABLE = "[ \t\r\n\f]+"
# What may stand before a short word that is a word of its own: the start of the text, any space
# (a no-break one too: "a\u00a0w domu" has two short words), or opening quotes and brackets.
_WORD_START = "(?:(?<=[\\s(\\[{„«‚‹\"“‘'])|^)"


@cache
def _space_before(marks: str) -> re.Pattern[str]:
    cls = re.escape(marks)
    # A mark counts as punctuation at a word's end (not in "https://" or "10:30").
    # At the start of a text node too: after </strong> in "<strong>CEDH, article 5</strong>: …".
    return re.compile(rf"(?:(?<=\S)|^)[ \u00a0\u202f]?([{cls}])(?=\s|$)")


@cache
def _no_break_after(words: tuple[str, ...]) -> re.Pattern[str]:
    alternatives = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    # The word, then breakable space: "w marcu" -> "w\u00a0marcu". "w." or "w@x.pl" are not
    # the word (no space right after it); a word inside a URL has no space before it.
    return re.compile(rf"{_WORD_START}((?i:{alternatives})){_BREAKABLE}")


def space_before(text: str, marks: str) -> str:
    """``text`` with a no-break space before each of ``marks`` that ends a word."""
    if not marks or not text:
        return text
    return _space_before(marks).sub(NBSP + "\\1", text)


# A typewriter apostrophe between two letters: inside a word, never a quotation mark.
_IN_WORD_APOSTROPHE = re.compile(r"(?<=[^\W\d_])'(?=[^\W\d_])")


def apostrophe(text: str, mark: str) -> str:
    """``text`` with each typewriter apostrophe inside a word written as ``mark``."""
    if not mark or "'" not in text:
        return text
    return _IN_WORD_APOSTROPHE.sub(mark, text)


def no_break_after(text: str, words: Sequence[str]) -> str:
    """``text`` with each of ``words`` (any letter case) tied to the next word by a no-break
    space, so that no line ends with it."""
    if not words or not text:
        return text
    return _no_break_after(tuple(words)).sub("\\1" + NBSP, text)
