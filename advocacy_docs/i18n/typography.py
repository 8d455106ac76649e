"""Typography rules kept as locale data (``[typography]`` in locale.toml), applied to text.

Each rule is kept in the locale's data, so that a new language only adds data:

- ``space_before``: punctuation that takes a no-break space before it (French ``; : ! ?``);
- ``no_break_after``: short words that must not end a line, tied to the next word by a no-break
  space (Polish "sierotki" ``a i o u w z``; Ukrainian and Russian ``в у з і к с о а и я``);
- ``apostrophe``: the apostrophe written inside a word, for the typewriter one (') that texts and
  case files type: Ukrainian "в’язень", French "l’ONG", English "Russia’s" (U+2019);
- ``quotes``: the language's quotation marks for typewriter ones (English “…” and ‘…’);
- ``guillemet_space``: a no-break space inside French « … »;
- ``no_break_after_number``: a number is tied to the word it counts or dates, and to an
  ending a hyphen joins to it ("2‑nci"; "14 років",
  "24 лютого", "2023 р."), so that no line ends with the number alone;
- ``no_break_before_number``: abbreviations tied to the number after them ("ст. 205.2", "ч. 2");
- ``no_break_before``: marks that never begin a line (a dash: "Березень 2023 р. — …");
- ``no_break_dates``: a month's name tied to the numbers beside it ("30 вересня 2024 р.");
- (every language) one full stop where a sentence ends on an abbreviation: "2022 r.." is
  "2022 r.", "e.g.." is "e.g." (an ellipsis keeps its three dots);
- ``elision``: short words written elided before a vowel (French "de Iryna" → "d’Iryna",
  "du avocat" → "de l’avocat"), where a sentence puts a name or a noun after them.

They change only spaces next to words and typewriter marks, never a letter: a URL or an e-mail
address keeps every character (``https://``, ``10:30``, ``a@example.org`` are not words with
a mark; a quote or an apostrophe is never part of one).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
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


# A full stop right after an abbreviation's own (a letter and its dot), not part of an ellipsis.
_SECOND_STOP = re.compile(r"(?<=[^\W\d_]\.)\.(?!\.)")


def one_full_stop(text: str) -> str:
    """``text`` with the full stop that follows an abbreviation's dot dropped: a sentence that
    ends on "2022 r." or "ч. 2 ст." ends there ("r.." never)."""
    if ".." not in text:
        return text
    return _SECOND_STOP.sub("", text)


def quotes(text: str, marks: str) -> str:
    """``text`` with typewriter quotes (" and ') as the language's marks: an opening one where
    a word starts (after a space, a bracket or the start), a closing one elsewhere; an
    apostrophe after a letter ("years' ") is the single closing mark."""
    if len(marks) != 4 or ('"' not in text and "'" not in text):
        return text
    out: list[str] = []
    for i, char in enumerate(text):
        if char not in "\"'":
            out.append(char)
            continue
        before = text[i - 1] if i else ""
        after = text[i + 1] if i + 1 < len(text) else ""
        if before.isalnum() and after.isalnum():
            out.append(char)  # inside a token: 10'30, 5"
            continue
        opening = not before or before.isspace() or before in "([{\u2014\u2013-/"
        double = char == '"'
        out.append(marks[(0 if double else 2) + (0 if opening else 1)])
    return "".join(out)


_GUILLEMET_OPEN = re.compile("«[ \u202f]")
_GUILLEMET_CLOSE = re.compile("[ \u202f]»")


def guillemet_space(text: str) -> str:
    """``text`` with the spaces inside « » made no-break ones, so that a line never ends
    with « or begins with »."""
    if "«" not in text and "»" not in text:
        return text
    return _GUILLEMET_CLOSE.sub(NBSP + "»", _GUILLEMET_OPEN.sub("«" + NBSP, text))


# A number (digits, with the separators numbers carry: "205.2", "21/8", "10\u00a0000") and the
# breakable space before a word: "14 років", "24 лютого", "2023 р.", "6 лет".
_NUMBER_WORD = re.compile(r"(?<![^\W\d_])(\d(?:[\d.,/\u00a0-]*\d)?)" + _BREAKABLE + r"(?=[^\W\d_])")


# A number and the ending a hyphen joins to it ("2-nci", "3-ünci", "14-year"): one word.
_NUMBER_HYPHEN = re.compile(r"(?<=\d)-(?=[^\W\d_])")
NON_BREAKING_HYPHEN = "\u2011"


def no_break_after_number(text: str) -> str:
    """``text`` with each number tied to the word after it by a no-break space, and to an
    ending joined by a hyphen by a non-breaking hyphen (Crimean Tatar "2‑nci qısmı")."""
    if not text or not any(c.isdigit() for c in text):
        return text
    text = _NUMBER_WORD.sub("\\1" + NBSP, text)
    if "-" not in text:
        return text
    return _TOKEN.sub(_hyphens_of_a_word, text)


_TOKEN = re.compile(r"\S+")


def _hyphens_of_a_word(m: re.Match[str]) -> str:
    # A web or e-mail address keeps every character ("…/2023-report", "a-1@b.org").
    token = m.group()
    if "/" in token or "@" in token or ":" in token:
        return token
    return _NUMBER_HYPHEN.sub(NON_BREAKING_HYPHEN, token)


@cache
def _before_number(words: tuple[str, ...]) -> re.Pattern[str]:
    alternatives = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    return re.compile(rf"{_WORD_START}({alternatives}){_BREAKABLE}(?=\d)")


def no_break_before_number(text: str, words: Sequence[str]) -> str:
    """``text`` with each of ``words`` ("ст.", "Art.") tied to the number after it."""
    if not words or not text or not any(c.isdigit() for c in text):
        return text
    return _before_number(tuple(words)).sub("\\1" + NBSP, text)


@cache
def _before_mark(marks: tuple[str, ...]) -> re.Pattern[str]:
    alternatives = "|".join(re.escape(m) for m in marks)
    return re.compile(rf"(?<=\S){_BREAKABLE}({alternatives})(?=\s)")


def no_break_before(text: str, marks: Sequence[str]) -> str:
    """``text`` with a no-break space before each of ``marks`` standing between spaces (a dash),
    so that no line begins with it."""
    if not marks or not text:
        return text
    return _before_mark(tuple(marks)).sub(NBSP + "\\1", text)


@cache
def _elision(words: tuple[tuple[str, str], ...], vowels: str) -> re.Pattern[str]:
    alternatives = "|".join(re.escape(w) for w, _ in sorted(words, key=lambda x: -len(x[0])))
    # Not inside a word, and not after a hyphen: a pronoun joined to an imperative keeps its
    # vowel ("ajoutez-la au dossier", "dites-le à").
    return re.compile(
        rf"(?<![^\W\d_’'])(?<![-\u2011])({alternatives}){_BREAKABLE}"
        rf"(?=[{re.escape(vowels)}])"
    )


def elision(text: str, forms: Mapping[str, str], vowels: str) -> str:
    """``text`` with each of ``forms`` (a word, or words) before a word that starts with one
    of ``vowels`` written as its elided form ("de" → "d’", "du" → "de l’")."""
    if not forms or not vowels or not text:
        return text
    pattern = _elision(tuple(sorted(forms.items())), vowels)
    return pattern.sub(lambda m: forms[m.group(1)], text)


@cache
def _dates(months: tuple[str, ...]) -> tuple[re.Pattern[str], re.Pattern[str]]:
    names = "|".join(re.escape(m) for m in sorted(set(months), key=len, reverse=True))
    before = re.compile(rf"(\d\.?){_BREAKABLE}(?=(?i:{names})(?![^\W\d_]))")
    after = re.compile(rf"(?<![^\W\d_])((?i:{names})){_BREAKABLE}(?=\d)")
    return before, after


def no_break_dates(text: str, months: Sequence[str]) -> str:
    """``text`` with each month's name (any of ``months``) tied to a number before or after it:
    a date phrase never breaks across lines ("30\u00a0вересня\u00a02024 р.")."""
    if not months or not text or not any(c.isdigit() for c in text):
        return text
    before, after = _dates(tuple(months))
    return after.sub("\\1" + NBSP, before.sub("\\1" + NBSP, text))
