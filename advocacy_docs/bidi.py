"""Direction controls in texts from case files and locale data: each ends where its text ends.

A right-to-left override (U+202E) in a name would otherwise reverse everything printed after
the name, up to the end of the paragraph: the dates, the demands, another person's name. Every
text that reaches a document from a file a user wrote passes through :func:`isolate_direction`
wherever it is produced: a name as written, in a grammatical case (declined or given in the
file), in a salutation or an addressee line, in a title.
"""

from __future__ import annotations

import re

_EMBEDDINGS = "\u202a\u202b\u202d\u202e"  # LRE RLE LRO RLO, closed by PDF (U+202C)
_ISOLATES = "\u2066\u2067\u2068"  # LRI RLI FSI, closed by PDI (U+2069)
_PDF, _PDI, _FSI = "\u202c", "\u2069", "\u2068"
DIRECTION_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")


def isolated(text: str) -> bool:
    """True when ``text`` is one isolate: an FSI whose matching PDI is its last character."""
    if not text.startswith(_FSI) or not text.endswith(_PDI):
        return False
    depth = 0
    for index, char in enumerate(text):
        if char in _ISOLATES:
            depth += 1
        elif char == _PDI and depth:
            depth -= 1
            if depth == 0:
                return index == len(text) - 1
    return False


def isolate_direction(text: str) -> str:
    """``text`` as is, or, when it holds explicit direction controls, balanced and wrapped in an
    isolate (FSI ... PDI): a right-to-left override in a name then ends where the name ends and
    can never reorder the words, dates or other fields printed after it (Unicode bidi rule X6a).
    A text that is already one isolate is returned as it is, so that wrapping twice changes
    nothing."""
    if not DIRECTION_CONTROLS.search(text) or isolated(text):
        return text
    out: list[str] = []
    opened: list[str] = []
    for char in text:
        if char in _EMBEDDINGS or char in _ISOLATES:
            opened.append(char)
        elif char == _PDF:  # PDF closes the innermost embedding, never an isolate
            if not opened or opened[-1] in _ISOLATES:
                continue
            opened.pop()
        elif char == _PDI:  # PDI closes the innermost isolate and all opened inside it
            if not any(c in _ISOLATES for c in opened):
                continue
            while opened.pop() not in _ISOLATES:
                pass
        out.append(char)
    closers = "".join(_PDI if c in _ISOLATES else _PDF for c in reversed(opened))
    return _FSI + "".join(out) + closers + _PDI
