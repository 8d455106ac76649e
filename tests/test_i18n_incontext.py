"""Translation in context: every message a document shows outlined with its number, and a
translation saved into the translator's catalog as ``i18n update`` writes it."""

from __future__ import annotations

import datetime as _dt
import difflib
import re
import shutil
from collections.abc import Callable
from pathlib import Path

import lxml.html
import pytest
from babel.messages.catalog import Message
from hypothesis import given, settings
from hypothesis import strategies as st

from advocacy_docs.errors import InputError
from advocacy_docs.i18n import get_localizer, incontext
from advocacy_docs.i18n.preview import (
    MARK_END,
    MARK_START,
    MESSAGE_ATTRIBUTE,
    MESSAGE_CLASS,
    UNTRANSLATED_CLASS,
    mark,
    mark_messages,
    numbered_messages,
)
from advocacy_docs.i18n.workflow import Project, read_catalog
from tests.conftest import ROOT

TODAY = _dt.date(2026, 11, 27)
PLACEHOLDER = re.compile(r"%\([^)]*\)[-#0 +]*\d*(?:\.\d+)?[diouxXeEfFgGcrsa]|%%")


@pytest.fixture
def locales(tmp_path: Path) -> Path:
    """A copy of the bundled locales: the translator's folder."""
    folder = tmp_path / "locales"
    shutil.copytree(ROOT / "locales", folder)
    return folder


def _norm(text: str) -> str:
    text = text.replace("\u00a0", " ").replace("\u202f", " ").replace("\u2009", " ")
    return re.sub(r"\s+", " ", text).strip()


def _pattern(texts: list[str], typeset: Callable[[str], str]) -> re.Pattern[str]:
    """Any of ``texts``, as the locale's typography sets it, each placeholder any text."""
    alternatives = []
    for text in texts:
        pieces = [_norm(typeset(p)) for p in PLACEHOLDER.split(text.replace("%%", "%"))]
        alternatives.append(" ?.*".join(re.escape(p) for p in pieces))
    return re.compile("|".join(f"(?:{a})" for a in alternatives), re.DOTALL)


def _own_text(span: lxml.html.HtmlElement) -> str:
    """The text of ``span`` with each message inside it as one placeholder's worth of text."""
    return _norm(span.text_content())


@pytest.mark.parametrize(
    ("lang", "kind"), [("uk", "letter"), ("ru", "letter"), ("de", "letter"), ("en", "briefing")]
)
def test_every_outlined_span_is_the_text_of_its_message(
    locales: Path, lang: str, kind: str
) -> None:
    result = incontext.render(locales, lang, kind, today=TODAY)
    typeset = get_localizer(lang, [locales]).typeset
    tree = lxml.html.document_fromstring(result.html)
    spans = tree.xpath(f"//*[@{MESSAGE_ATTRIBUTE}]")
    assert spans and len(result.outlined) >= 10
    assert {int(s.get(MESSAGE_ATTRIBUTE)) for s in spans} == set(result.outlined)
    for span in spans:
        number = int(span.get(MESSAGE_ATTRIBUTE))
        info = incontext.message(locales, lang, number)
        texts = [info.msgstr or "", *(info.msgstr_plural or ())]
        if not info.translated or lang == "en":
            texts += [info.msgid, info.msgid_plural or ""]
        texts = [t for t in texts if t]
        assert _pattern(texts, typeset).fullmatch(_own_text(span)), (number, _own_text(span), texts)
        assert MESSAGE_CLASS in span.get("class", "").split()
        untranslated = UNTRANSLATED_CLASS in span.get("class", "").split()
        assert untranslated == (number in result.untranslated)
    # No mark is left anywhere: not in the text, the attributes, the title or the stylesheet.
    assert MARK_START not in result.html and MARK_END not in result.html
    assert not re.search("[\ue100-\ue109]", result.html)
    assert set(result.hidden).isdisjoint(result.outlined)


def test_the_document_reads_as_it_does_without_marks(locales: Path) -> None:
    from advocacy_docs.case import load_case, load_recipients, load_senders
    from advocacy_docs.pipeline import Renderer

    ex = ROOT / "examples"
    recipient = next(
        p for p in load_recipients(ex / "recipients" / "officials.yaml") if p.language == "uk"
    )
    doc, _ = Renderer(locale_dirs=[locales]).document(
        load_case(ex / "cases" / "khamroev.yaml"), kind="letter", locale="uk",
        recipient=recipient, sender=load_senders(ex / "senders" / "campaigner.yaml")[0],
        today=TODAY,
    )  # fmt: skip
    plain = lxml.html.document_fromstring(doc.html).find("body").text_content()
    marked = incontext.render(locales, "uk", "letter", today=TODAY).html
    shown = lxml.html.document_fromstring(marked).find("body").text_content()
    assert _norm(shown) == _norm(plain)


def test_untranslated_messages_are_marked_so(tmp_path: Path) -> None:
    from advocacy_docs.i18n.workflow import init

    folder = tmp_path / "mine"
    init(Project.user(folder, create=True), "es")
    result = incontext.render(folder, "es", "letter", today=TODAY)
    tree = lxml.html.document_fromstring(result.html)
    lacking = tree.xpath(f"//*[@{MESSAGE_ATTRIBUTE}][contains(@class, '{UNTRANSLATED_CLASS}')]")
    assert len(lacking) == len(tree.xpath(f"//*[@{MESSAGE_ATTRIBUTE}]")) >= 10
    number = next(
        int(s.get(MESSAGE_ATTRIBUTE)) for s in lacking
        if "%" not in incontext.message(folder, "es", int(s.get(MESSAGE_ATTRIBUTE))).msgid
    )  # fmt: skip
    info = incontext.message(folder, "es", number)
    assert not info.translated and info.source is None and info.msgstr == ""
    incontext.save_translation(folder, "es", number, msgstr="Texto en español")
    again = incontext.render(folder, "es", "letter", today=TODAY)
    (span,) = lxml.html.document_fromstring(again.html).xpath(
        f"//*[@{MESSAGE_ATTRIBUTE}='{number}']"
    )
    assert span.text_content() == "Texto en español"
    assert UNTRANSLATED_CLASS not in span.get("class") and number not in again.untranslated


def test_round_trip_changes_exactly_one_entry(locales: Path) -> None:
    po = locales / "uk" / "LC_MESSAGES" / "advocacy_docs.po"
    before = po.read_text(encoding="utf-8")
    result = incontext.render(locales, "uk", "letter", today=TODAY)
    number = next(
        n for n in result.outlined
        if not incontext.message(locales, "uk", n).msgid_plural
        and "%" not in incontext.message(locales, "uk", n).msgid
    )  # fmt: skip
    info = incontext.message(locales, "uk", number)
    new = "Нове звернення щодо справи, перевірене перекладачем"
    saved = incontext.save_translation(locales, "uk", number, msgstr=new)
    assert saved.changed and saved.message.msgstr == new and saved.message.source == "user"
    after = po.read_text(encoding="utf-8")
    diff = [
        line for line in difflib.unified_diff(before.splitlines(), after.splitlines(), n=0,
                                               lineterm="")
        if line[:1] in "+-" and not line.startswith(("+++", "---"))
    ]  # fmt: skip
    removed = [d[1:] for d in diff if d.startswith("-")]
    added = [d[1:] for d in diff if d.startswith("+")]
    assert all("msgstr" in r or r.startswith('"') for r in removed)
    assert "".join(a.removeprefix("msgstr ").strip('"') for a in added) == new
    assert info.msgstr and any(info.msgstr[:20] in r for r in removed)
    assert "fuzzy" not in "".join(added)
    again = incontext.render(locales, "uk", "letter", today=TODAY)
    tree = lxml.html.document_fromstring(again.html)
    (span,) = tree.xpath(f"//*[@{MESSAGE_ATTRIBUTE}='{number}']")
    assert _norm(span.text_content()) == new
    # Saving the same text again changes nothing.
    assert not incontext.save_translation(locales, "uk", number, msgstr=new).changed


def test_the_catalog_is_made_from_the_bundled_one(tmp_path: Path) -> None:
    mine = tmp_path / "mine"
    bundled = ROOT / "locales" / "uk" / "LC_MESSAGES" / "advocacy_docs.po"
    number = next(
        n for n, m in enumerate(numbered_messages(Project.bundled()))
        if not isinstance(m.id, tuple) and "%" not in m.id
    )  # fmt: skip
    saved = incontext.save_translation(mine, "uk", number, msgstr="Щось нове")
    po = mine / "uk" / "LC_MESSAGES" / "advocacy_docs.po"
    assert saved.path == str(po)
    old, new = bundled.read_text("utf-8").splitlines(), po.read_text("utf-8").splitlines()
    changed = [d for d in difflib.ndiff(old, new) if d[:1] in "+-"]
    assert any("Щось нове" in d for d in changed) and len(changed) <= 8
    assert incontext.message(mine, "uk", number).msgstr == "Щось нове"


def _plural_number(project: Project) -> int:
    return next(
        n for n, m in enumerate(numbered_messages(project)) if isinstance(m.id, (tuple, list))
    )


def test_plural_message_has_the_locales_forms(locales: Path) -> None:
    number = _plural_number(Project.user(locales))
    info = incontext.message(locales, "uk", number)
    assert info.msgid_plural and len(info.plural_forms) == 3
    assert info.plural_forms[0].examples[:2] == (1, 21)
    assert 2 in info.plural_forms[1].examples and 5 in info.plural_forms[2].examples
    assert info.msgstr_plural is not None and len(info.msgstr_plural) == 3
    forms = [f.replace("%(num)s", "%(num)s") for f in info.msgstr_plural]
    saved = incontext.save_translation(locales, "uk", number, msgstr_plural=forms)
    assert not saved.changed
    with pytest.raises(InputError, match="msgstr_plural: 2 form"):
        incontext.save_translation(locales, "uk", number, msgstr_plural=forms[:2])
    with pytest.raises(InputError, match="plural forms: give msgstr_plural"):
        incontext.save_translation(locales, "uk", number, msgstr="x")


def _placeholder_message(project: Project) -> tuple[int, Message]:
    return next(
        (n, m) for n, m in enumerate(numbered_messages(project))
        if isinstance(m.id, str) and "%(" in m.id
    )  # fmt: skip


@pytest.mark.parametrize(
    ("make", "field"),
    [
        (lambda s: s + "\x07", "msgstr: the translation contains U+0007"),
        (lambda s: s + " <a href='x'>тут</a>", "markup <a>"),
        (lambda s: s + " <script>alert(1)</script>", "markup <script>"),
        (lambda s: s + " %(nombre)s", "placeholder"),
        (lambda s: re.sub(r"%\([^)]*\)s", "", s), "lacks placeholder"),
        (lambda s: s + " https://evil.example", "URL"),
        (lambda s: s + " 50% off", "msgstr"),
    ],
)
def test_hostile_translations_are_refused(locales: Path, make: object, field: str) -> None:
    project = Project.user(locales)
    number, source = _placeholder_message(project)
    po = locales / "uk" / "LC_MESSAGES" / "advocacy_docs.po"
    before = po.read_bytes()
    current = incontext.message(locales, "uk", number).msgstr or str(source.id)
    assert callable(make)
    with pytest.raises(InputError, match=re.escape(field)) as refused:
        incontext.save_translation(locales, "uk", number, msgstr=make(current))
    assert "\n" not in str(refused.value) and str(number) in str(refused.value)
    assert po.read_bytes() == before


@pytest.mark.parametrize("lang", ["../uk", "uk/../../etc", "", "nope"])
def test_unknown_locales_are_refused(locales: Path, lang: str) -> None:
    with pytest.raises(InputError):
        incontext.message(locales, lang, 0)
    with pytest.raises(InputError):
        incontext.save_translation(locales, lang, 0, msgstr="x")


def test_unknown_numbers_are_refused(locales: Path) -> None:
    total = len(numbered_messages(Project.user(locales)))
    for number in (-1, total, 10**9):
        with pytest.raises(InputError, match="no such message"):
            incontext.message(locales, "uk", number)


def test_status_and_check_are_those_of_the_commands(locales: Path) -> None:
    from advocacy_docs.i18n import audit

    rows = incontext.status(locales)
    expected = audit.status(Project.user(locales))
    assert [(r["locale"], r["kind"], r["translated"]) for r in rows] == [
        (r.locale, r.kind, r.translated) for r in expected
    ]
    po = locales / "uk" / "LC_MESSAGES" / "advocacy_docs.po"
    number, source = _placeholder_message(Project.user(locales))
    catalog = read_catalog(po)
    catalog.get(source.id, context=source.context).string = "без заповнювачів"
    from advocacy_docs.i18n.workflow import _po_bytes

    po.write_bytes(_po_bytes(catalog))
    findings = incontext.check(locales, "uk")
    mine = [f for f in findings if f["message"] == number]
    assert mine and all("placeholder" in str(f["problem"]) for f in mine[:1])
    assert all(str(f["file"]).startswith(str(locales)) for f in mine)


# -- the marking itself ----------------------------------------------------------------------


def _doc(body: str) -> str:
    head = f"<head><title>{mark('T', 1000)}</title></head>"
    return f"<!DOCTYPE html><html>{head}<body>{body}</body></html>"


texts = st.text(
    alphabet=st.characters(
        codec="utf-8", exclude_characters="⟦⟧<>&", exclude_categories=("Cs", "Co", "Cc")
    ),
    max_size=12,
)


@st.composite
def marked_texts(draw: st.DrawFn, depth: int = 0) -> tuple[str, list[tuple[int, str]]]:
    """A text with nested marks, and the (number, plain text) of each mark."""
    parts: list[str] = []
    found: list[tuple[int, str]] = []
    plain: list[str] = []
    for _ in range(draw(st.integers(0, 3))):
        if depth < 2 and draw(st.booleans()):
            inner, inner_found = draw(marked_texts(depth + 1))
            number = draw(st.integers(0, 999))
            inner_plain = re.sub("[⟦⟧\ue100-\ue109]", "", inner)
            parts.append(mark(inner, number))
            plain.append(inner_plain)
            found += [(number, inner_plain), *inner_found]
        else:
            t = draw(texts)
            parts.append(t)
            plain.append(t)
    return "".join(parts), found


@given(marked_texts(), st.sampled_from(["p", "h1", "li"]), st.booleans())
@settings(max_examples=150, deadline=None)
def test_marks_become_nested_spans_and_valid_html(
    sample: tuple[str, list[tuple[int, str]]], tag: str, in_attribute: bool
) -> None:
    text, found = sample
    attr = f' title="{mark("attr", 1001)}"' if in_attribute else ""
    wrapper = "ul" if tag == "li" else "div"
    result = mark_messages(_doc(f"<{wrapper}><{tag}{attr}>{text}</{tag}></{wrapper}>"), set())
    tree = lxml.html.document_fromstring(result.html)
    spans = tree.xpath(f"//span[@{MESSAGE_ATTRIBUTE}]")
    assert [(int(s.get(MESSAGE_ATTRIBUTE)), s.text_content()) for s in spans] == found
    assert "⟦" not in result.html and "⟧" not in result.html
    assert 1000 in result.hidden and (1001 in result.hidden) == in_attribute
    # The same tree after a round trip: what a browser parses is what was written.
    again = lxml.html.tostring(lxml.html.document_fromstring(result.html), encoding="unicode")
    assert again == lxml.html.tostring(tree, encoding="unicode")


def test_a_message_across_elements_marks_its_element() -> None:
    html = _doc(f"<p>{MARK_START}\ue101\ue102a <a href='#n'>link</a> b{MARK_END}</p>")
    result = mark_messages(html, set())
    p = lxml.html.document_fromstring(result.html).find(".//p")
    assert p.get(MESSAGE_ATTRIBUTE) == "12" and MESSAGE_CLASS in p.get("class")
    assert result.outlined == (12,)
