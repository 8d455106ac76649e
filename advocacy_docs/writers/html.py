"""Stand-alone HTML: the template's HTML with the kind's CSS inlined and images as data: URLs."""

from __future__ import annotations

import base64

import lxml.html
from lxml import etree

from .base import RenderedDocument


def write_html(doc: RenderedDocument) -> bytes:
    """The document as one self-contained HTML file (no references to local files)."""
    tree = lxml.html.document_fromstring(doc.html)
    head = tree.find("head")
    if head is not None:
        for sheet in doc.stylesheets:
            style = etree.SubElement(head, "style")
            style.text = "\n" + doc.fetcher.fetch(sheet.as_uri()).data.decode("utf-8")
    for img in tree.iter("img"):
        src = img.get("src", "")
        if src and not src.startswith("data:"):
            res = doc.fetcher.fetch(src)
            img.set("src", f"data:{res.mime_type};base64," + base64.b64encode(res.data).decode())
    out: bytes = lxml.html.tostring(
        tree, doctype="<!DOCTYPE html>", encoding="utf-8", method="html", pretty_print=False
    )
    return out
