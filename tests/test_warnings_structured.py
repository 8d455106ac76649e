"""Warnings a program can use: every one a Notice with a code, a field and a locale; a sentence
the catalog lacks is reported and marked with its language in every format; names and places
warn only where a reader sees the wrong language or script."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import pytest
from hypothesis import given

from advocacy_docs import Format, Output, Renderer, load_case
from advocacy_docs.case import Case, Recipient, Sender
from advocacy_docs.case.types import LocalizedText
from advocacy_docs.notices import FALLBACK_TEXT, MISSING_TRANSLATION, Notice, NoticeLog
from advocacy_docs.view import LATIN, ViewBuilder, fallback_is_news, field_role

from .conftest import CASE_FILE, LETTER_LOCALES, ROOT, TODAY, pdf_pages, recipient_for
from .test_warnings import LATIN_LETTERS, builder, cyrillic_names, latin_names, printed

CASES = [CASE_FILE, ROOT / "tests/fixtures/cases/hasanova-az.yaml",
         ROOT / "tests/fixtures/cases/lisouskaya-by.yaml"]  # fmt: skip
PRIVATE_USE = re.compile("[\ue000-\uf8ff]")


@pytest.mark.parametrize("case_file", CASES, ids=lambda p: p.stem)
@pytest.mark.parametrize("lang", LETTER_LOCALES)
def test_every_warning_has_code_field_and_locale(
    renderer: Renderer, recipients: list[Recipient], sender: Sender, case_file: Path, lang: str
) -> None:
    case = load_case(case_file)
    for kind in ("letter", "briefing"):
        out = renderer.render(case, kind=kind, locale=lang, fmt="html", sender=sender,
                              recipient=recipient_for(recipients, lang), today=TODAY)  # fmt: skip
        for warning in out.warnings:
            assert isinstance(warning, Notice)
            assert warning.code and warning.field and warning.locale == out.locale == lang
            assert str(warning) == warning.message and "\n" not in str(warning)


# -- a sentence the catalog lacks ------------------------------------------------------------

HEADER = (
    'msgid ""\nmsgstr ""\n"Language: es\\n"\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
    '"Plural-Forms: nplurals=2; plural=(n != 1);\\n"\n\n'
)
TRANSLATED = "Carta de llamamiento"  # the description: one sentence translated, all others not


@pytest.fixture(scope="module")
def spanish(tmp_path_factory: pytest.TempPathFactory) -> Renderer:
    """A renderer with a user's Spanish catalog that has one translation and an empty one."""
    folder = tmp_path_factory.mktemp("locales")
    po = folder / "es" / "LC_MESSAGES" / "advocacy_docs.po"
    po.parent.mkdir(parents=True)
    po.write_text(HEADER + f'msgid "Appeal letter"\nmsgstr "{TRANSLATED}"\n\n'
                  'msgid "Dear Sir or Madam,"\nmsgstr ""\n', encoding="utf-8")  # fmt: skip
    return Renderer(locale_dirs=[folder])


def spanish_letter(
    renderer: Renderer, case: Case, recipients: list[Recipient], sender: Sender, fmt: Format
) -> Output:
    """The example letter in Spanish, to the English-reading official."""
    rec = recipient_for(recipients, "en")
    return renderer.render(case, kind="letter", locale="es", fmt=fmt, recipient=rec,
                           sender=sender, today=TODAY)  # fmt: skip


def test_a_missing_translation_is_a_warning(
    spanish: Renderer, case: Case, recipients: list[Recipient], sender: Sender
) -> None:
    out = spanish_letter(spanish, case, recipients, sender, "html")
    warnings = out.warnings
    missing = [w for w in warnings if w.code == MISSING_TRANSLATION]
    found = {(w.field, w.context) for w in missing}
    assert ("Dear Sir or Madam,", None) in found  # translated as empty: not translated
    assert ("Appeal for the release of %(name_gen)s", "subject line") in found
    assert ("Appeal letter", None) not in found  # translated
    assert not any(f and f.startswith("%(place)s") for f, _ in found)  # no words: no language
    for w in missing:
        assert (w.locale, w.used) == ("es", "en")
    (dear,) = [w for w in missing if w.field == "Dear Sir or Madam,"]
    assert (
        str(dear) == "'Dear Sir or Madam,': no 'es' translation in the catalog, used the 'en' one"
    )


def test_the_fallback_sentence_is_marked_with_its_language(
    spanish: Renderer, case: Case, recipients: list[Recipient], sender: Sender
) -> None:
    import lxml.html

    out = spanish_letter(spanish, case, recipients, sender, "html")
    html = out.data.decode()
    assert not PRIVATE_USE.search(html)
    tree = lxml.html.document_fromstring(html)
    assert tree.get("lang") == "es"
    marked = [" ".join(e.text_content().split()) for e in tree.body.iter() if e.get("lang") == "en"]
    assert "Dear Sir or Madam," in marked
    assert "Appeal for the release of Bakhrom Khamroev" in marked
    assert not any(text.startswith("London, ") for text in marked)  # "%(place)s, %(today)s"
    # Where no element can be, the sentence is plain: the title, the description.
    assert tree.findtext(".//title") == "Appeal for the release of Bakhrom Khamroev"
    assert tree.find(".//meta[@name='description']").get("content") == TRANSLATED


def test_the_marks_reach_docx_and_pdf(
    spanish: Renderer, case: Case, recipients: list[Recipient], sender: Sender
) -> None:
    docx = spanish_letter(spanish, case, recipients, sender, "docx").data
    body = zipfile.ZipFile(io.BytesIO(docx)).read("word/document.xml").decode()
    assert re.search(r'<w:lang w:val="en-[A-Z]{2}"|<w:lang w:val="en"', body)
    assert not PRIVATE_USE.search(body)
    pdf = spanish_letter(spanish, case, recipients, sender, "pdf").data
    text = " ".join(pdf_pages(pdf))
    assert "Dear Sir or Madam," in text and not PRIVATE_USE.search(text)
    # The PDF is laid out from the document's HTML, where the sentence carries lang="en".
    doc, _ = spanish.document(case, kind="letter", locale="es", sender=sender, today=TODAY,
                              recipient=recipient_for(recipients, "en"))  # fmt: skip
    assert '<span lang="en">Dear Sir or Madam,</span>' in doc.html


def test_the_same_localizer_outside_a_render_returns_plain_text(
    spanish: Renderer, case: Case, recipients: list[Recipient], sender: Sender
) -> None:
    from advocacy_docs.i18n import get_localizer

    spanish_letter(spanish, case, recipients, sender, "txt")
    localizer = get_localizer("es", spanish.locale_dirs)
    assert localizer.gettext("Dear Sir or Madam,") == "Dear Sir or Madam,"


def test_a_campaign_summary_counts_missing_translations() -> None:
    log = NoticeLog()
    from advocacy_docs.notices import missing_translation

    for doc in ("a", "b"):
        log.add(doc, [missing_translation("Dear Sir or Madam,", "", "es", "en")])
    assert log.lines() == [
        "2 sentences printed in a fallback language (no 'es' translation for "
        "Dear Sir or Madam,; in 2 documents)"
    ]


# -- names and places --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "role"),
    [("person.name", "name"), ("contacts[2].name", "name"), ("sender.organization", "name"),
     ("recognitions[0].by", "name"), ("sender.city", "place"), ("person.birthplace", "place"),
     ("detention.place", "place"), ("person.occupation", "prose"), ("demands[0].text", "prose")],
)  # fmt: skip
def test_field_roles(path: str, role: str) -> None:
    assert field_role(path) == role


def test_a_latin_tagline_is_preferred_in_a_crimean_tatar_letter() -> None:
    vb = builder("crh")  # chain: crh, uk, en
    tagline = LocalizedText(values={"uk": "Мережа «Свободу політв'язням»",
                                    "en": "Free Political Prisoners Network"})  # fmt: skip
    assert printed(vb, tagline, "sender.organization") == (
        '<span lang="en">Free Political Prisoners Network</span>'
    )
    assert vb.warnings == []
    # Prose keeps the chain's order: Ukrainian, which Crimean Tatar readers read, and says so.
    occupation = LocalizedText(values={"uk": "журналістка", "en": "journalist"})
    assert "журналістка" in printed(vb, occupation, "person.occupation")
    assert [w.code for w in vb.warnings] == [FALLBACK_TEXT]


@given(latin_names)
def test_a_latin_place_reads_as_itself_in_a_latin_letter(place: str) -> None:
    assert not fallback_is_news(place, name=False, given_once=True, script=LATIN, place=True)
    assert fallback_is_news(place, name=False, given_once=True, script="Cyrl", place=True)


@given(cyrillic_names)
def test_a_cyrillic_place_is_news_in_a_latin_letter(place: str) -> None:
    assert fallback_is_news(place, name=False, given_once=True, script=LATIN, place=True)
    assert not fallback_is_news(place, name=False, given_once=True, script="Cyrl", place=True)


@pytest.mark.parametrize("lang", LETTER_LOCALES)
def test_dublin_warns_only_where_a_reader_sees_another_script(lang: str) -> None:
    vb: ViewBuilder = builder(lang)
    printed(vb, LocalizedText(plain="Dublin"), "sender.city")
    assert bool(vb.warnings) == (vb.script != LATIN), vb.warnings


def test_latin_letters_of_the_test_alphabet_are_latin() -> None:
    from advocacy_docs.view import scripts

    assert scripts(LATIN_LETTERS) == {LATIN}
