"""The HTML writer: a page a browser shows as a readable column, self-contained, with the
print rules of the PDF; footnotes as numbered notes after the text."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import lxml.html
import pytest
import tinycss2  # type: ignore[import-untyped]

from advocacy_docs import Renderer
from advocacy_docs.case import Case, Recipient, Sender
from advocacy_docs.writers.html_notes import NOTES_CLASS, move_footnotes_to_end
from tests.conftest import ROOT, render_kind

KINDS = ("letter", "briefing", "echr-application", "wgad-communication", "hrc-communication")


def _css(html: bytes) -> str:
    head = lxml.html.document_fromstring(html).head
    return "\n".join(style.text or "" for style in head.iter("style"))


def _at_rules(css: str, keyword: str) -> list[tuple[str, str]]:
    """(prelude, content) of each top-level ``@keyword`` rule."""
    return [
        (tinycss2.serialize(rule.prelude).strip(), tinycss2.serialize(rule.content or []))
        for rule in tinycss2.parse_stylesheet(css, skip_comments=True)
        if rule.type == "at-rule" and rule.lower_at_keyword == keyword
    ]


@pytest.mark.parametrize("kind", KINDS)
def test_every_kind_has_screen_rules_and_the_pdf_print_rules(
    kind: str,
    case: Case,
    recipients: list[Recipient],
    sender: Sender,
    renderer: Renderer,
) -> None:
    css = _css(render_kind(renderer, case, kind, "html", recipients, sender))
    screen = "".join(content for prelude, content in _at_rules(css, "media") if prelude == "screen")
    print_ = "".join(content for prelude, content in _at_rules(css, "media") if prelude == "print")
    # On screen: a column of readable width, centred, in the PDF's typefaces.
    body = re.search(r"(?:^|\})\s*body\s*\{([^}]*)\}", screen)
    assert body is not None
    assert re.search(r"max-width:\s*\d+(\.\d+)?rem", body.group(1))
    assert "margin: 2rem auto" in body.group(1)
    assert '"DejaVu Serif"' in body.group(1)
    assert "@media (max-width:" in screen  # and a phone's narrow window
    # In print (a browser's print, as in the PDF): the page size and margins of the kind.
    assert "@page" in print_ and "size: A4" in print_


@pytest.mark.parametrize("kind", KINDS)
def test_html_stays_self_contained(
    kind: str,
    case: Case,
    recipients: list[Recipient],
    sender: Sender,
    renderer: Renderer,
) -> None:
    html = render_kind(renderer, case, kind, "html", recipients, sender)
    css = _css(html)
    assert "@import" not in css
    # Every url( and src( in the CSS is a data: URL: nothing to fetch, nothing to lose.
    assert re.findall(r"(?:url|src)\(\s*(?!['\"]?data:)", css) == []
    tree = lxml.html.document_fromstring(html)
    assert tree.xpath("//script | //link | //iframe | //object | //embed") == []
    for img in tree.iter("img"):
        assert img.get("src", "").startswith("data:")


def test_footnotes_become_numbered_notes_after_the_text(
    case: Case, recipients: list[Recipient], sender: Sender, renderer: Renderer
) -> None:
    body = lxml.html.document_fromstring(
        render_kind(renderer, case, "briefing", "html", recipients, sender)
    ).body
    assert body.find_class("footnote") == []
    (notes,) = body.find_class(NOTES_CLASS)
    assert notes.tag == "ol" and body[-1] is notes
    assert len(notes) == 3 and "Halya Coynash" in notes[0].text_content()
    ids = [li.get("id") for li in notes]
    calls = [(a.get("href", "").removeprefix("#"), a.text) for a in body.find_class("noteref")]
    assert {target for target, _ in calls} == set(ids)
    for target, number in calls:
        assert number == str(ids.index(target) + 1)


def test_moved_notes_keep_their_language_and_numbers() -> None:
    tree = lxml.html.document_fromstring(
        '<html lang="uk"><body><p>Факт<span class="footnote" id="a">Джерело</span>; ще'
        '<a class="noteref" href="#b">7</a>.</p><p lang="en">Fact<span class="footnote" '
        'id="b">Source <a href="https://example.org/">example.org</a></span></p>'
        '<p>Без id<span class="footnote">Третє</span></p></body></html>'
    )
    assert move_footnotes_to_end(tree.body) == 3
    notes = tree.body[-1]
    assert [(li.get("id"), li.get("lang"), li.text_content()) for li in notes] == [
        ("a", None, "Джерело"),
        ("b", "en", "Source example.org"),
        (f"{NOTES_CLASS}-3", None, "Третє"),
    ]
    text = tree.body[0].text_content()
    assert text == "Факт1; ще2."  # the later citation takes the note's number


def _print_only(css: str) -> str:
    """``css`` as it was before it had screen rules: screen imports and blocks dropped, print
    imports and blocks unwrapped."""
    out = []
    for rule in tinycss2.parse_stylesheet(css, skip_comments=True):
        if rule.type == "at-rule" and rule.lower_at_keyword in ("import", "media"):
            tokens = [t for t in rule.prelude if t.type not in ("whitespace", "comment")]
            media = tinycss2.serialize(tokens[1:] if rule.lower_at_keyword == "import" else tokens)
            if media.strip() == "screen":
                continue
            if media.strip() == "print":
                out.append(
                    tinycss2.serialize(rule.content)
                    if rule.lower_at_keyword == "media"
                    else f"@import {tinycss2.serialize(tokens[:1])};"
                )
                continue
        out.append(rule.serialize())
    return "\n".join(out)


def test_screen_rules_change_no_pdf(
    tmp_path: Path, case: Case, recipients: list[Recipient], sender: Sender
) -> None:
    # Both from one snapshot of the templates, so that the two differ only in their CSS.
    shipped, copy = tmp_path / "shipped", tmp_path / "print-only"
    shutil.copytree(ROOT / "templates", shipped)
    shutil.copytree(shipped, copy)
    for sheet in copy.glob("*/style.css"):
        sheet.write_text(_print_only(sheet.read_text(encoding="utf-8")), encoding="utf-8")
    (copy / "partials" / "screen.css").write_text("body { font-size: 40pt; margin: 9cm; }")
    with_screen, print_only = Renderer(template_dirs=[shipped]), Renderer(template_dirs=[copy])
    for kind in KINDS:
        expected = render_kind(with_screen, case, kind, "pdf", recipients, sender)
        assert render_kind(print_only, case, kind, "pdf", recipients, sender) == expected, kind
