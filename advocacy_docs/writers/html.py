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
            mime = res.mime_type.split(";")[0].strip().lower()
            if not mime.startswith("image/"):
                # Embedded, it would be copied into the page: only an image may be.
                raise ResourceError(f"<img src={src[:80]!r}>: is not an image")
            img.set("src", f"data:{mime};base64," + base64.b64encode(res.data).decode())
    _check_template_css(tree)
    out: bytes = lxml.html.tostring(
        tree, doctype="<!DOCTYPE html>", encoding="utf-8", method="html", pretty_print=False
    )
    return out


def _check_template_css(tree: Any) -> None:
    """ResourceError when CSS in the page (a <style> or a style attribute a template wrote)
    names anything but a data: URL: opening the HTML would load it."""
    for style in tree.iter("style"):
        check_self_contained(style.text or "", "a <style> element")
    for element in tree.xpath("//*[@style]"):
        check_self_contained(element.get("style", ""), "a style attribute")


def inline_css(url: str, fetcher: ResourceFetcher, depth: int = 0) -> str:
    """The stylesheet at ``url`` as text for a <style> element: its @import rules replaced by
    the sheets they import, every url() a data: URL, all read through ``fetcher``.

    The result is checked, not trusted: whatever the installed tinycss2 serialises, a ``url()``
    that is not ``data:`` or an ``@import`` left anywhere is a ResourceError, never output."""
    css = _inline(url, fetcher, depth)
    check_self_contained(css, urllib.parse.unquote(url.rsplit("/", 1)[-1]))
    return css


def _inline(url: str, fetcher: ResourceFetcher, depth: int) -> str:
    name = urllib.parse.unquote(url.rsplit("/", 1)[-1])
    if depth > MAX_IMPORT_DEPTH:
        raise ResourceError(f"{name}: stylesheets import each other too deeply")
    res = fetcher.fetch(url)
    if res.mime_type.split(";")[0].strip().lower() != "text/css":
        # An @import copies the text it names into the document: only a stylesheet may be named.
        raise ResourceError(f"{name}: is not a stylesheet (a .css file)")
    try:
        text = res.data.decode("utf-8")
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
                    inner = _inline(_absolute(url, target), fetcher, depth + 1)
                    out.append(f"@media {media} {{\n{inner}\n}}\n" if media else inner)
                continue
            _embed_urls(rule, url, fetcher)
        except _BadURL:
            continue  # url() with a space or a quote inside: browsers drop it as well
        except ResourceError as exc:
            raise ResourceError(f"{name}: {exc}") from None
        out.append(rule.serialize())
    # "</style" inside a string would end the element; "\/" is "/" in CSS.
    return "".join(out).replace("</", "<\\/")


def check_self_contained(css: str, name: str = "stylesheet") -> None:
    """ResourceError unless every URL in ``css`` is a ``data:`` URL (or ``#fragment``, the
    document itself) and no ``@import`` is left: what a browser would load on opening it."""
    for url in _urls_in(tinycss2.parse_component_value_list(css, skip_comments=True)):
        if isinstance(url, _Import):
            raise ResourceError(
                f"{name}: an @import would load a stylesheet from outside the document when "
                "the HTML is opened (a template's CSS belongs in the kind's style.css)"
            )
        if not _inline_url(url):
            raise ResourceError(
                f"{name}: {url[:80]!r} would be loaded from outside the document when the "
                "HTML is opened; only data: URLs may stay (a template's CSS belongs in the "
                "kind's style.css, whose files are embedded)"
            )


class _Import(str):
    """What :func:`_urls_in` yields for an ``@import`` (told from a URL by its type)."""


_IMPORT = _Import("@import")


def _inline_url(url: str) -> bool:
    target = url.strip()
    return not target or target.startswith(("#", "data:"))


def _urls_in(nodes: list[Any]) -> Any:
    """Every URL in a token tree, and :data:`_IMPORT` for each ``@import``, as a browser
    reads them (escapes resolved by the parser)."""
    for node in nodes:
        kind = getattr(node, "type", "")
        if kind == "url":
            yield node.value
        elif kind == "error" and getattr(node, "kind", "") == "bad-url":
            yield "[bad url]"
        elif kind == "at-keyword" and node.lower_value == "import":
            yield _IMPORT
        elif kind == "function":
            if node.lower_name in _URL_FUNCTIONS + _IMAGE_SETS:
                for arg in node.arguments:
                    if arg.type == "string":
                        yield arg.value
            yield from _urls_in(node.arguments)
        elif kind in ("() block", "[] block", "{} block"):
            yield from _urls_in(node.content)


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
    rest = prelude[prelude.index(first) + 1 :]
    if any(isinstance(url, _Import) or not _inline_url(url) for url in _urls_in(rest)):
        return None, ""  # a media query holds no URL: this is not a valid @import
    return target, tinycss2.serialize(rest).strip()


def _absolute(base: str, target: str) -> str:
    url = urllib.parse.urljoin(base, target.strip())
    if not url.startswith(("file:", "data:")):
        raise ResourceError(
            f"{target[:80]!r}: documents may not load anything from the network or "
            "other URLs; put the file beside the stylesheet and refer to it by name"
        )
    return url


# What a url() in a stylesheet may embed: images and fonts. Anything else (a case file, a
# translation) would be copied into the document as bytes.
_EMBEDDABLE = ("image/", "font/", "application/font-", "application/x-font-")
_EMBEDDABLE_TYPES = ("application/vnd.ms-fontobject",)


def _data_url(base: str, target: str, fetcher: ResourceFetcher) -> str:
    res = fetcher.fetch(_absolute(base, target))
    mime = res.mime_type.split(";")[0].strip().lower()
    if not (mime.startswith(_EMBEDDABLE) or mime in _EMBEDDABLE_TYPES):
        name = urllib.parse.unquote(target.strip().rsplit("/", 1)[-1])[:80]
        raise ResourceError(f"{name!r}: a stylesheet may embed only images and fonts")
    return f"data:{mime};base64," + base64.b64encode(res.data).decode("ascii")


class _BadURL(Exception):
    """A bad-url token: the rule holding it is dropped (it could not be embedded)."""


def _token(css: str) -> Any:
    # A new token from the installed tinycss2's own parser: its value and the text it
    # serialises to agree, whichever of the two that version writes out.
    return tinycss2.parse_one_component_value(css, skip_comments=True)


def _css_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\a ") + '"'


def _embed_urls(node: Any, base: str, fetcher: ResourceFetcher) -> None:
    """Replace every URL in a rule by a data: URL of what it names: the tokens are swapped for
    new ones in their lists (never edited: a token may serialise from its original text); a
    nested @import (invalid where it is: browsers ignore it) is removed with its arguments."""
    if isinstance(node, list):
        _embed_in_list(node, base, fetcher)
        return
    kind = getattr(node, "type", "")
    if kind == "function":
        _embed_in_list(node.arguments, base, fetcher)
        if node.lower_name in _URL_FUNCTIONS + _IMAGE_SETS:
            for i, arg in enumerate(node.arguments):
                if arg.type == "string" and not _inline_url(arg.value):
                    node.arguments[i] = _token(_css_string(_data_url(base, arg.value, fetcher)))
    elif kind in ("qualified-rule", "at-rule"):
        _embed_in_list(node.prelude, base, fetcher)
        if node.content is not None:
            _embed_in_list(node.content, base, fetcher)
    elif kind in ("() block", "[] block", "{} block"):
        _embed_in_list(node.content, base, fetcher)


def _embed_in_list(nodes: list[Any], base: str, fetcher: ResourceFetcher) -> None:
    i = 0
    while i < len(nodes):
        node = nodes[i]
        kind = getattr(node, "type", "")
        if kind == "error" and getattr(node, "kind", "") == "bad-url":
            raise _BadURL
        if kind == "at-keyword" and node.lower_value == "import":
            end = i + 1
            while end < len(nodes) and not (
                getattr(nodes[end], "type", "") == "literal" and nodes[end].value == ";"
            ):
                end += 1
            del nodes[i : end + 1]
            continue
        if kind == "url":
            if not _inline_url(node.value):
                url = _data_url(base, node.value, fetcher)
                nodes[i] = _token(f"url({_css_string(url)})")
        else:
            _embed_urls(node, base, fetcher)
        i += 1
