"""The patterns translators write for word endings (``names.toml`` ``match``, ``unless`` and
``patronymic``; ``phrases.toml`` ``stem`` and ``genitive_es``), in a syntax whose matching time
is bounded.

Python's regular expressions backtrack: ``(.*)*Ж`` takes longer than the universe on a word of
forty letters. An ending needs far less than the full syntax, so a pattern may only use:

- letters and other characters as themselves, ``\\`` before a character that is not a letter or
  digit (``\\.``), ``.`` (any character) and classes ``[аеє]``, ``[^аеє]``, ``[a-z]``;
- groups ``( … | … )`` or ``(?: … | … )``, nested at most three deep, never repeated;
- ``*``, ``+`` or ``?`` after a single character, a class or ``.``;
- ``^`` at the start (the word starts here) and ``$`` at the end (always implied).

A pattern is matched on words of at most :data:`MAX_WORD` characters; a longer word matches no
pattern. The work one search does is then bounded by the number of ways the pattern can match
(each ``*`` or ``+`` counts ``MAX_WORD + 1`` ways, each ``?`` two, a group the sum of its
alternatives), at most :data:`MAX_WAYS` per pattern and :data:`MAX_WAYS_PER_FILE` for all the
patterns of a file together.
"""

from __future__ import annotations

import re
import unicodedata

MAX_WORD = 64
"""The longest word a pattern is matched on."""

MAX_WAYS = 5_000
"""The ways one pattern may match a word (see the module's notes)."""

MAX_WAYS_PER_FILE = 100_000
"""The ways all the patterns of one file may match a word together."""

MAX_LENGTH = 300
_MAX_NESTING = 3
_SPECIAL = frozenset("^$*+?{}[]()|.\\")
_CLASS_OPERATORS = ("--", "&&", "~~", "||")  # set operations Python may give meaning to one day


class PatternError(ValueError):
    """A pattern outside the syntax endings may use; the message says what to write instead."""


def compile_ending(text: str) -> tuple[re.Pattern[str], int]:
    """``text`` as a pattern matched at the end of a word, and the number of ways it matches
    (for a file's total); PatternError when it is outside the syntax or matches too many ways."""
    if len(text) > MAX_LENGTH:
        raise PatternError(f"longer than {MAX_LENGTH} characters")
    text = unicodedata.normalize("NFC", text)
    ways = _Parser(text).parse()
    if ways > MAX_WAYS:
        raise PatternError(
            f"can match a word in {ways:,} ways (at most {MAX_WAYS:,}): use fewer *, + and ?, "
            "or list the endings"
        )
    body = text[1:] if text.startswith("^") else text
    body = body[:-1] if body.endswith("$") and not body.endswith("\\$") else body
    anchor = "^" if text.startswith("^") else ""
    try:
        return re.compile(f"{anchor}(?:{body})$"), ways
    except re.error as exc:  # the parser accepts only what compiles; kept for certainty
        raise PatternError(f"not a valid pattern: {exc}") from None


def ends(pattern: re.Pattern[str] | None, word: str) -> bool:
    """True when ``pattern`` matches at the end of ``word`` (never for an over-long word)."""
    return pattern is not None and len(word) <= MAX_WORD and pattern.search(word) is not None


class _Parser:
    """A recursive descent over the syntax of the module's notes, counting ways to match."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.at = 0

    def _peek(self) -> str:
        return self.text[self.at] if self.at < len(self.text) else ""

    def _fail(self, message: str) -> PatternError:
        return PatternError(f"{message} (at character {self.at + 1} of {self.text!r})")

    def _at_final_dollar(self) -> bool:
        return self._peek() == "$" and self.at == len(self.text) - 1

    def parse(self) -> int:
        if self._peek() == "^":
            self.at += 1
        ways = self._alternatives(0)
        if self._at_final_dollar():
            self.at += 1
        if self.at != len(self.text):
            raise self._fail(f"unexpected {self._peek()!r}")
        return ways

    def _alternatives(self, depth: int) -> int:
        ways = self._sequence(depth)
        while self._peek() == "|":
            self.at += 1
            ways += self._sequence(depth)
        return ways

    def _sequence(self, depth: int) -> int:
        ways = 1
        while self._peek() not in ("", "|", ")") and not self._at_final_dollar():
            item, single = self._item(depth)
            if self._peek() in ("*", "+", "?"):
                if not single:
                    raise self._fail("*, + and ? may follow a letter, a [class] or . only")
                item = 2 if self._peek() == "?" else MAX_WORD + 1
                self.at += 1
                if self._peek() in ("*", "+", "?", "{"):
                    raise self._fail("one *, + or ? at a time")
            elif self._peek() == "{":
                raise self._fail("{m,n} is not supported: write the letters out")
            ways *= item
            if ways > MAX_WAYS:
                raise PatternError(
                    f"can match a word in more than {MAX_WAYS:,} ways: use fewer *, + and ?"
                )
        return ways

    def _item(self, depth: int) -> tuple[int, bool]:
        char = self._peek()
        if char == "(":
            self.at += 1
            if self.text.startswith("?:", self.at):
                self.at += 2
            elif self._peek() == "?":
                raise self._fail("only (…) and (?:…) groups: no look-around, names or flags")
            if depth >= _MAX_NESTING:
                raise self._fail(f"groups nested more than {_MAX_NESTING} deep")
            ways = self._alternatives(depth + 1)
            if self._peek() != ")":
                raise self._fail("a group is not closed with )")
            self.at += 1
            return ways, False
        if char == "[":
            self._class()
            return 1, True
        if char == "\\":
            self._escape()
            return 1, True
        if char in _SPECIAL and char != ".":
            raise self._fail(f"{char!r} cannot stand here (write \\{char} for the character)")
        self.at += 1
        return 1, True

    def _escape(self) -> None:
        following = self.text[self.at + 1 : self.at + 2]
        if not following or following.isalnum() or following == "_":
            raise self._fail(
                "\\ may only come before a punctuation mark: \\d, \\w, \\b or \\1 are not "
                "supported (write a [class] of the letters)"
            )
        self.at += 2

    def _class(self) -> None:
        start = self.at
        self.at += 1
        if self._peek() == "^":
            self.at += 1
        first = True
        while True:
            char = self._peek()
            if not char:
                raise self._fail("a [class] is not closed with ]")
            if char == "]" and not first:
                self.at += 1
                break
            if char == "\\":
                self._escape()
            elif char == "[":
                raise self._fail("[ inside a [class]: write \\[")
            else:
                self.at += 1
            first = False
        inside = self.text[start : self.at]
        if any(op in inside for op in _CLASS_OPERATORS):
            raise self._fail("--, &&, ~~ and || inside a [class]: write one of each mark")
