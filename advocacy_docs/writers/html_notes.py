"""Footnotes for the screen: each ``span.footnote`` becomes a numbered note at the document's end.

A browser has no footnote area (CSS ``float: footnote`` is WeasyPrint's), so left in place a
footnote's whole reference would run on inside the sentence. As in the plain-text writer, the
note's place keeps its number, a link to the note (``<a class="noteref">``, the vocabulary's
element for a note's number), and the notes follow the text as one numbered list.
"""

from __future__ import annotations

from lxml.html import HtmlElement

from .vocabulary import block_role, noteref_target

NOTES_CLASS = "x-notes"

# The notes' look in every medium, before the kind's own sheets (which may restyle them).
NOTES_CSS = (
    f"ol.{NOTES_CLASS} {{ margin-top: 2em; padding-top: 0.8em; border-top: 1px solid #999; "
    "font-size: 0.85em; line-height: 1.4; }\n"
    f"ol.{NOTES_CLASS} a {{ overflow-wrap: anywhere; }}\n"
)


def move_footnotes_to_end(body: HtmlElement) -> int:
    """Replace every footnote under ``body`` by its number and list the notes at the end;
    the number of notes moved."""
    footnotes = [el for el in body.iter("span") if block_role(el) == "footnote"]
    if not footnotes:
        return 0
    doc_lang = (body.getparent().get("lang") if body.getparent() is not None else None) or ""
    numbers: dict[str, int] = {}
    notes = body.makeelement("ol", {"class": NOTES_CLASS})
    for number, span in enumerate(footnotes, 1):
        note_id = (span.get("id") or "").strip() or f"{NOTES_CLASS}-{number}"
        numbers[note_id] = number
        item = notes.makeelement("li", {"id": note_id})
        # Text marked as another language keeps its mark when it leaves its paragraph.
        langs = span.xpath("ancestor-or-self::*[@lang][1]/@lang")
        if langs and langs[0] != doc_lang:
            item.set("lang", langs[0])
        item.text = span.text
        for child in list(span):
            item.append(child)
        notes.append(item)
        call = span.makeelement("a", {"class": "noteref", "href": f"#{note_id}"})
        call.text = str(number)
        call.tail = span.tail
        parent = span.getparent()
        if parent is not None:
            parent.replace(span, call)
    for link in body.iter("a"):
        target = noteref_target(link)
        if target in numbers and not len(link):
            link.text = str(numbers[target])  # the writer's numbering, which the notes follow
    body.append(notes)
    return len(footnotes)
