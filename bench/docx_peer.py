"""The docxtpl peer: a Word letter template built with python-docx, filled by docxtpl.

The template is what a campaigner would make in Word for the same letter: sender block, date,
address, subject, salutation, the body paragraphs, the numbered demands, closing and signature,
each a paragraph with its own style. The data it is filled with is the text of our own letter
(so both sides write the same words); docxtpl does no translation or formatting of its own.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import lxml.html


def build_template(path: Path) -> Path:
    """Write the letter template (.docx with Jinja tags docxtpl understands) to ``path``."""
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Mm, Pt

    document = docx.Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin = section.bottom_margin = Mm(16)
    section.left_margin, section.right_margin = Mm(25), Mm(20)
    normal = document.styles["Normal"]
    normal.font.name = "DejaVu Serif"
    normal.font.size = Pt(10)

    def para(text: str, *, align: Any = None, bold: bool = False, size: float = 0) -> None:
        p = document.add_paragraph()
        run = p.add_run(text)
        run.bold = bold
        if size:
            run.font.size = Pt(size)
        if align is not None:
            p.alignment = align

    right = WD_ALIGN_PARAGRAPH.RIGHT
    para("{%p for line in sender %}")
    para("{{ line }}", align=right, size=9)
    para("{%p endfor %}")
    para("{{ date }}", align=right)
    para("{%p for line in recipient %}")
    para("{{ line }}")
    para("{%p endfor %}")
    para("{{ subject }}", bold=True)
    para("{{ salutation }}")
    para("{%p for text in body %}")
    para("{{ text }}")
    para("{%p endfor %}")
    para("{%p for demand in demands %}")
    para("{{ loop.index }}. {{ demand }}")
    para("{%p endfor %}")
    para("{%p for text in after %}")
    para("{{ text }}")
    para("{%p endfor %}")
    para("{{ closing }}")
    para("{%p for line in signature %}")
    para("{{ line }}")
    para("{%p endfor %}")
    document.save(str(path))
    return path


def _lines(el: Any) -> list[str]:
    """The lines of a block, split at <br>."""
    for br in el.iter("br"):
        br.tail = "\n" + (br.tail or "")
    return [" ".join(line.split()) for line in el.text_content().split("\n") if line.strip()]


def context_from_html(html: str) -> dict[str, Any]:
    """The letter's parts, as docxtpl's template wants them, from our letter's HTML."""
    body = lxml.html.document_fromstring(html).find("body")
    assert body is not None
    ctx: dict[str, Any] = {"body": [], "demands": [], "after": [], "sender": [], "recipient": []}
    ctx["signature"] = []
    seen_list = False
    for el in body.iter("p", "ol"):
        classes = set((el.get("class") or "").split())
        parent = el.getparent()
        parent_classes = set((parent.get("class") or "").split()) if parent is not None else set()
        text = " ".join(el.text_content().split())
        if el.tag == "ol":
            ctx["demands"] = [" ".join(li.text_content().split()) for li in el.iter("li")]
            seen_list = True
        elif "sender" in parent_classes:
            ctx["sender"] = _lines(el)
        elif "recipient" in parent_classes:
            ctx["recipient"] = _lines(el)
        elif "signature" in parent_classes:
            ctx["signature"] = _lines(el)
        elif "date" in classes:
            ctx["date"] = text
        elif "subject" in classes:
            ctx["subject"] = text
        elif "salutation" in classes:
            ctx["salutation"] = text
        elif "closing" in classes:
            ctx["closing"] = text
        elif el.getparent() is not None and el.getparent().tag == "li":
            continue
        else:
            ctx["after" if seen_list else "body"].append(text)
    return ctx


def render_docxtpl(template: bytes, context: dict[str, Any]) -> bytes:
    """One letter with docxtpl: load the template (from memory), render, save.

    docxtpl renders a template in place, so each letter loads it afresh (its documented use).
    """
    from docxtpl import DocxTemplate

    tpl = DocxTemplate(io.BytesIO(template))
    tpl.render(context)
    out = io.BytesIO()
    tpl.save(out)
    return out.getvalue()
