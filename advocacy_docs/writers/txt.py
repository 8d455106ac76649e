"""Plain text: wrapped, readable in any mail client; lists numbered, notes collected at the end."""

from __future__ import annotations

import re
import textwrap
import unicodedata
from dataclasses import dataclass, field

from lxml.html import HtmlElement

from ..errors import RenderError
from .base import RenderedDocument
from .vocabulary import block_role, check_vocabulary, noteref_target, parse_document

WIDTH = 72
_SPACES = re.compile(r"[ \t\r\n\f\v]+")
_BLOCKS = {
    "p",
    "div",
    "section",
    "article",
    "header",
    "footer",
    "main",
    "h1",
    "h2",
    "h3",
    "ol",
    "ul",
    "table",
    "blockquote",
    "figure",
    "figcaption",
}


@dataclass
class _State:
    notes: list[str] = field(default_factory=list)
    note_numbers: dict[str, int] = field(default_factory=dict)  # footnote id -> its number
    numbered: int = 0


def _inline(el: HtmlElement, state: _State, skip: tuple[str, ...] = ()) -> str:
    """The text of an inline run, with notes, fields and links written out."""
    parts: list[str] = [_ws(el.text)]
    for child in el:
        tag = child.tag
        role = block_role(child)
        if tag in skip:
            pass
        elif tag == "br":
            parts.append("\n")
        elif role == "footnote":
            state.notes.append(_inline(child, state).strip())
            parts.append(f"[{len(state.notes)}]")
            if child.get("id"):
                state.note_numbers.setdefault(child.get("id", "").strip(), len(state.notes))
        elif (anchor := noteref_target(child)) is not None:
            # A source cited again: the earlier note's number, as the template wrote it if the
            # note is not (yet) known here.
            number = state.note_numbers.get(anchor)
            text = " ".join(_inline(child, state).split())
            parts.append(f"[{number if number is not None else text}]")
        elif role == "field":
            parts.append(f"[{_inline(child, state).strip()}]")
        elif tag == "a":
            text = _inline(child, state)
            href = child.get("href", "")
            # The address is printed once: "KHPG <https://…>", but a bare URL or e-mail as is.
            shown = href.removeprefix("mailto:")
            parts.append(text if not href or shown in text else f"{text} <{href}>")
        elif tag == "img":
            alt = child.get("alt", "").strip()
            parts.append(f"[{alt}]" if alt else "")
        else:
            parts.append(_inline(child, state))
        parts.append(_ws(child.tail))
    return "".join(parts)


def _ws(text: str | None) -> str:
    # Source line breaks are HTML whitespace; only <br> makes a line break in the output.
    return _SPACES.sub(" ", text) if text else ""


def _normalise(text: str) -> list[str]:
    """Lines of ``text``: HTML whitespace collapsed within each line, explicit breaks kept."""
    # Not str.split(): it would also break the no-break spaces translators put after "ст." or "№".
    return [_SPACES.sub(" ", line).strip(" ") for line in text.split("\n")]


def _wrap(text: str, indent: str = "", first: str | None = None) -> list[str]:
    out: list[str] = []
    lead = indent if first is None else first
    for line in _normalise(text):
        wrapped = textwrap.wrap(
            line,
            WIDTH,
            initial_indent=lead,
            subsequent_indent=indent,
            break_long_words=False,
            break_on_hyphens=False,
        ) or [lead.rstrip()]
        out.extend(wrapped)
        lead = indent
    return out


def _list(el: HtmlElement, state: _State, indent: str) -> list[str]:
    lines: list[str] = []
    ordered = el.tag == "ol"
    n = int(el.get("start", "1")) if ordered else 0
    for li in el.iterchildren("li"):
        marker = f"{n}. " if ordered else "- "
        n += 1
        inner = indent + " " * len(marker)
        lines.extend(_wrap(_inline(li, state, skip=("ol", "ul")), inner, indent + marker))
        for sub in li.iterchildren("ol", "ul"):
            lines.extend(_list(sub, state, inner))
    return lines


def _table(el: HtmlElement, state: _State) -> list[str]:
    rows = [
        [
            (cell.tag, _SPACES.sub(" ", _inline(cell, state)).strip())
            for cell in tr.iterchildren("th", "td")
        ]
        for tr in el.iter("tr")
    ]
    texts = [[text for _, text in row] for row in rows if row]
    if not texts:
        return []
    widths = [
        max(len(r[i]) if i < len(r) else 0 for r in texts) for i in range(max(map(len, texts)))
    ]
    if sum(widths) + 3 * (len(widths) - 1) > WIDTH:
        # Too wide for columns: each row's first cell on a line, the rest indented below it
        # (no colon: punctuation differs between languages).
        out: list[str] = []
        for row in texts:
            if row[0]:
                out.append(row[0])
            for cell in row[1:]:
                out.extend(_wrap(cell, "    "))
        return out
    header = len(texts) > 1 and all(tag == "th" for tag, _ in rows[0])
    out = []
    for r_i, row in enumerate(texts):
        out.append(" | ".join(c.ljust(w) for c, w in zip(row, widths, strict=False)).rstrip())
        if r_i == 0 and header:
            out.append("-+-".join("-" * w for w in widths))
    return out


def _block(el: HtmlElement, state: _State) -> list[list[str]]:
    """Paragraph groups (lists of lines) for one block element."""
    tag = el.tag
    role = block_role(el)
    if role == "page-break":
        return [["\f"]]
    if tag in ("h1", "h2", "h3"):
        text = " ".join(_inline(el, state).split())
        rule = {"h1": "=", "h2": "-", "h3": "~"}[tag]
        return [[text, rule * min(WIDTH, _width(text))]]
    if tag in ("ol", "ul"):
        return [_list(el, state, "")]
    if tag == "table":
        return [_table(el, state)]
    if tag == "blockquote":
        inner = [line for group in _children(el, state) for line in group]
        return [["> " + line if line else ">" for line in inner]]
    containers = ("div", "section", "article", "header", "footer", "main", "figure", "body")
    if tag in containers and any(child.tag in _BLOCKS for child in el):
        groups = _children(el, state)
        if role in ("sender", "recipient", "signature"):
            return [[line for g in groups for line in g]]
        return groups
    if role == "numbered":
        state.numbered += 1
        marker = f"{state.numbered}. "
        return [_wrap(_inline(el, state), " " * len(marker), marker)]
    if role in ("sender", "recipient", "signature", "date", "salutation", "closing"):
        return [_normalise(_inline(el, state))]
    return [_wrap(_inline(el, state))]


def _children(el: HtmlElement, state: _State) -> list[list[str]]:
    groups: list[list[str]] = []
    if (el.text or "").strip():
        groups.append(_wrap(el.text or ""))
    for child in el:
        groups.extend(_block(child, state))
        if (child.tail or "").strip():
            groups.append(_wrap(child.tail or ""))
    return groups


def _width(text: str) -> int:
    return sum(0 if unicodedata.combining(c) else 1 for c in text)


def render_text(html: str) -> str:
    """The plain-text rendering of a vocabulary HTML document."""
    body = parse_document(html)
    problems = check_vocabulary(body)
    if problems:
        raise RenderError("outside the HTML vocabulary: " + "; ".join(problems))
    state = _State()
    groups = [g for g in _children(body, state) if g]
    if state.notes:
        notes: list[str] = []
        for i, note in enumerate(state.notes, 1):
            marker = f"[{i}] "
            notes.extend(_wrap(note, " " * len(marker), marker))
        groups.append(notes)
    return "\n\n".join("\n".join(g) for g in groups).replace("\n\n\f\n\n", "\n\f\n") + "\n"


def write_txt(doc: RenderedDocument) -> bytes:
    """The document as UTF-8 plain text."""
    return render_text(doc.html).encode("utf-8")
