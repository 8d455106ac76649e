"""Stand-alone HTML: the template's HTML with the kind's CSS inlined (its screen and print rules)
and images as data: URLs; footnotes become numbered notes at the end (a browser has no footnote
area)."""

from __future__ import annotations

import base64
import urllib.parse
from typing import Any

import lxml.html
import tinycss2  # type: ignore[import-untyped]
from lxml import etree

from ..errors import ResourceError
from ..resources import ResourceFetcher
from .base import RenderedDocument
from .html_notes import NOTES_CSS, move_footnotes_to_end

MAX_IMPORT_DEPTH = 8
_URL_FUNCTIONS = ("url", "src")  # url("x") and src("x") take a URL as a string
_IMAGE_SETS = ("image-set", "-webkit-image-set", "image")  # their bare strings are URLs too


def write_html(doc: RenderedDocument) -> bytes:
    """The document as one self-contained HTML file (no references to local files)."""
    tree = lxml.html.document_fromstring(doc.html)
    head = tree.find("head")
    if move_footnotes_to_end(tree.body) and head is not None:
        etree.SubElement(head, "style").text = "\n" + NOTES_CSS
    if head is not None:
        for sheet in doc.stylesheets:
            style = etree.SubElement(head, "style")
            style.text = "\n" + inline_css(sheet.as_uri(), doc.fetcher)
    for img in tree.iter("img"):
        src = img.get("src", "")
        if src and not src.startswith("data:"):
            res = doc.fetcher.fetch(src)
            img.set("src", f"data:{res.mime_type};base64," + base64.b64encode(res.data).decode())
    out: bytes = lxml.html.tostring(
        tree, doctype="<!DOCTYPE html>", encoding="utf-8", method="html", pretty_print=False
    )
    return out


def inline_css(url: str, fetcher: ResourceFetcher, depth: int = 0) -> str:
    """The stylesheet at ``url`` as text for a <style> element: its @import rules replaced by
    the sheets they import, every url() a data: URL, all read through ``fetcher``."""
    name = urllib.parse.unquote(url.rsplit("/", 1)[-1])
    if depth > MAX_IMPORT_DEPTH:
        raise ResourceError(f"{name}: stylesheets import each other too deeply")
    try:
        text = fetcher.fetch(url).data.decode("utf-8")
    except UnicodeDecodeError:
        raise ResourceError(f"{name}: the stylesheet is not UTF-8 text") from None
    out: list[str] = []
    for rule in tinycss2.parse_stylesheet(text, skip_comments=True):
        if rule.type == "error":
            continue  # an invalid rule: browsers and WeasyPrint drop it too
        try:
            if rule.type == "at-rule" and rule.lower_at_keyword == "import":
                target, media = _import(rule.prelude)
                if target is not None:
                    inner = inline_css(_absolute(url, target), fetcher, depth + 1)
                    out.append(f"@media {media} {{\n{inner}\n}}\n" if media else inner)
                continue
            _embed_urls(rule, url, fetcher)
        except ResourceError as exc:
            raise ResourceError(f"{name}: {exc}") from None
        out.append(rule.serialize())
    # "</style" inside a string would end the element; "\/" is "/" in CSS.
    return "".join(out).replace("</", "<\\/")


def _import(prelude: list[Any]) -> tuple[str | None, str]:
    tokens = [t for t in prelude if t.type not in ("whitespace", "comment")]
    if not tokens:
        return None, ""
    first = tokens[0]
    if first.type in ("url", "string"):
        target = first.value
    elif first.type == "function" and first.lower_name in _URL_FUNCTIONS:
        strings = [t.value for t in first.arguments if t.type == "string"]
        target = strings[0] if strings else None
    else:
        return None, ""
    media = tinycss2.serialize(prelude[prelude.index(first) + 1 :]).strip()
    return target, media


def _absolute(base: str, target: str) -> str:
    url = urllib.parse.urljoin(base, target.strip())
    if not url.startswith(("file:", "data:")):
        raise ResourceError(
            f"{target[:80]!r}: documents may not load anything from the network or "
            "other URLs; put the file beside the stylesheet and refer to it by name"
        )
    return url


def _data_url(base: str, target: str, fetcher: ResourceFetcher) -> str:
    if not target.strip() or target.strip().startswith(("#", "data:")):
        return target  # the document itself, or already inline
    res = fetcher.fetch(_absolute(base, target))
    mime = res.mime_type or "application/octet-stream"
    return f"data:{mime};base64," + base64.b64encode(res.data).decode("ascii")


def _embed_urls(node: Any, base: str, fetcher: ResourceFetcher) -> None:
    """Replace, in place, every URL in a rule or token list by a data: URL of what it names."""
    if isinstance(node, list):
        for child in node:
            _embed_urls(child, base, fetcher)
        return
    kind = getattr(node, "type", "")
    if kind == "url":
        node.value = _data_url(base, node.value, fetcher)
    elif kind == "function":
        if node.lower_name in _URL_FUNCTIONS + _IMAGE_SETS:
            for arg in node.arguments:
                if arg.type == "string":
                    arg.value = _data_url(base, arg.value, fetcher)
        _embed_urls(node.arguments, base, fetcher)
    elif kind in ("qualified-rule", "at-rule"):
        _embed_urls(node.prelude, base, fetcher)
        _embed_urls(node.content or [], base, fetcher)
    elif kind in ("() block", "[] block", "{} block"):
        _embed_urls(node.content, base, fetcher)
