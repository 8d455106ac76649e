"""The appeal letter end to end: render real files and read them back as a person would."""

from __future__ import annotations

import hashlib
import io
import os
import subprocess
import sys
from pathlib import Path

import pytest

from advocacy_docs import Renderer, load_case
from advocacy_docs.case import Case, Recipient, Sender
from tests.conftest import CASE_FILE, LETTER_LOCALES, TODAY, flat, pdf_pages, recipient_for
from tests.programs import Office, pandoc_markdown

NAMES = {"en": "Bakhrom Khamroev", "uk": "Бахром Хамроєв", "ru": "Бахром Хамроев"}
TERMS = {
    "en": ("14 years", "21 years", "3 years", "11 years"),
    "uk": ("14 років", "21 рік", "3 роки", "11 років"),
    "ru": ("14 лет", "21 год", "3 года", "11 лет"),
    "de": ("14 Jahre", "21 Jahre", "3 Jahre", "11 Jahre"),
    "fr": ("14 ans", "21 ans", "3 ans", "11 ans"),
    "pl": ("14 lat", "21 lat", "3 lata", "11 lat"),
    "crh": ("14 yıl", "21 yıl", "3 yıl", "11 yıl"),
}
VERDICT_DATES = {
    "en": "23 May 2023",
    "uk": "23 травня 2023 р.",
    "ru": "23 мая 2023 г.",
    "de": "23. Mai 2023",
    "fr": "23 mai 2023",
    "pl": "23 maja 2023 r.",
    "crh": "2023 senesi mayıs 23",
}
COURTS = {
    "en": "Second Western District Military Court",
    "uk": "Другий західний окружний військовий суд",
    "ru": "Второй западный окружной военный суд",
    # The court is the subject of the verdict's sentence: German gives it its article and the
    # adjectives their weak endings.
    "de": "das Zweite Westliche Bezirksmilitärgericht",
}


def name_in(lang: str) -> str:
    """The person's name as the letter in ``lang`` prints it in its first sentence: in the
    case the language's "about" takes (uk, ru, pl: the genitive, «у справі Бахрома Хамроєва»)."""
    if lang in OPENING_GENITIVE:
        return NAMES_GENITIVE[lang]
    return NAMES.get(lang) or load_case(CASE_FILE).person.name.values[lang]


OPENING_GENITIVE = ("uk", "ru", "pl")


# The subject and the title: "Appeal for the release of" + the name in the genitive case.
NAMES_GENITIVE = {
    "uk": "Бахрома Хамроєва",
    "ru": "Бахрома Хамроева",
    "pl": "Bachroma Chamrojewa",
    "crh": "Bahrom Hamroyevniñ",
}


def subject_name_in(lang: str) -> str:
    """The person's name as the subject line and the title in ``lang`` print it."""
    return NAMES_GENITIVE.get(lang) or name_in(lang)


A4_POINTS = (595.28, 841.89)


@pytest.fixture(scope="module")
def letters(
    case: Case, recipients: list[Recipient], sender: Sender, renderer: Renderer
) -> dict[tuple[str, str], bytes]:
    """The example letter in every letter locale and format."""
    out = {}
    for lang in LETTER_LOCALES:
        rec = recipient_for(recipients, lang)
        for fmt in ("pdf", "docx", "html", "txt"):
            doc = renderer.render(
                case, kind="letter", locale=lang, fmt=fmt, recipient=rec, sender=sender, today=TODAY
            )
            out[(lang, fmt)] = doc.data
    return out


@pytest.mark.parametrize("lang", LETTER_LOCALES)
def test_pdf_letter_states_the_facts_in_the_locale(
    letters: dict[tuple[str, str], bytes], case: Case, lang: str
) -> None:
    pages = pdf_pages(letters[(lang, "pdf")])
    text = flat(" ".join(pages))
    assert name_in(lang) in text
    for term in TERMS[lang]:
        assert term in text, term
    court = COURTS.get(lang, case.proceedings.court.values[lang])
    assert court.replace("'", "’") in text.replace("'", "’")
    assert "205.2" in text and "205.5" in text
    assert VERDICT_DATES[lang] in text


@pytest.mark.parametrize("lang", LETTER_LOCALES)
def test_pdf_letter_is_one_a4_page_with_metadata(
    letters: dict[tuple[str, str], bytes], lang: str
) -> None:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(letters[(lang, "pdf")]))
    assert len(reader.pages) == 1
    box = reader.pages[0].mediabox
    assert (round(float(box.width), 1), round(float(box.height), 1)) == (
        round(A4_POINTS[0], 1),
        round(A4_POINTS[1], 1),
    )
    assert reader.trailer["/Root"].get("/Lang") == lang
    assert subject_name_in(lang) in (reader.metadata.title or "")


@pytest.mark.parametrize("lang", LETTER_LOCALES)
def test_letter_in_other_languages_never_shows_english_source_text(
    letters: dict[tuple[str, str], bytes], lang: str
) -> None:
    text = flat(letters[(lang, "txt")].decode())
    if lang != "en":
        for english in ("Dear Sir", "Yours", "was detained", "sentenced", "Article", "urge you"):
            assert english not in text


def test_txt_letter_is_wrapped_and_lists_demands(letters: dict[tuple[str, str], bytes]) -> None:
    text = letters[("en", "txt")].decode()
    assert all(len(line) <= 72 for line in text.splitlines())
    assert "\n1. Release Bakhrom Khamroev" in text
    assert "\n2. " in text
    assert "Dear " in text and "Yours " in text


def test_html_letter_is_self_contained(letters: dict[tuple[str, str], bytes]) -> None:
    html = letters[("uk", "html")].decode()
    assert '<html lang="uk">' in html
    assert "<style>" in html and "@page" in html
    assert "file:" not in html and "http" not in html.split("</head>")[0]


@pytest.mark.parametrize("lang", LETTER_LOCALES)
def test_docx_letter_has_reference_styles_and_word_numbering(
    letters: dict[tuple[str, str], bytes], lang: str
) -> None:
    import docx

    document = docx.Document(io.BytesIO(letters[(lang, "docx")]))
    styles = {p.style.name for p in document.paragraphs}
    assert {
        "Sender",
        "Date",
        "Recipient",
        "Subject",
        "Salutation",
        "Closing",
        "Signature",
    } <= styles
    text = "\n".join(p.text for p in document.paragraphs)
    assert name_in(lang) in text and "205.5" in text
    numbered = [
        p for p in document.paragraphs if p._p.pPr is not None and p._p.pPr.numPr is not None
    ]
    assert len(numbered) >= 2  # the demands are a real Word list
    props = document.core_properties
    assert subject_name_in(lang) in props.title
    assert props.language == lang
    assert "python-docx" not in (props.author + props.last_modified_by + props.comments)


GENDERED = {
    # (feminine forms that must appear, masculine forms that must not): the person is named
    # once, then referred to by pronoun ("її затримали", "ей предъявили обвинение").
    "uk": (
        ("її затримали", "вона все ще перебувала", "їй висунули", "засудив її", "її визнано"),
        ("його затримали", "він усе ще перебував", "йому висунули", "засудив його", "його визнано"),
    ),
    "ru": (
        ("её задержали", "она всё ещё находилась", "ей предъявили", "приговорил её", "признана"),
        ("его задержали", "он всё ещё находился", "ему предъявили", "приговорил его", "признан "),
    ),
}


@pytest.mark.parametrize("lang", ["uk", "ru"])
def test_letter_about_a_woman_uses_feminine_forms_only(
    case: Case, recipients: list[Recipient], sender: Sender, renderer: Renderer, lang: str
) -> None:
    woman = case.model_copy(update={"person": case.person.model_copy(update={"gender": "female"})})
    man_text = flat(
        renderer.render(
            case,
            locale=lang,
            fmt="txt",
            sender=sender,
            today=TODAY,
            recipient=recipient_for(recipients, lang),
        ).data.decode()
    )
    text = flat(
        renderer.render(
            woman,
            locale=lang,
            fmt="txt",
            sender=sender,
            today=TODAY,
            recipient=recipient_for(recipients, lang),
        ).data.decode()
    )
    feminine, masculine = GENDERED[lang]
    for form in feminine:
        assert form in text, form
        assert form not in man_text, form
    for form in masculine:
        assert form not in text, form
    assert any(form in man_text for form in masculine)


_SUBPROCESS = """
import sys, datetime
from advocacy_docs import Renderer, load_case, load_recipients, load_senders
case = load_case(sys.argv[1])
rec = load_recipients(sys.argv[2])[0]
snd = load_senders(sys.argv[3])[0]
day = datetime.date(2026, 11, 27)
for fmt in ("pdf", "docx"):
    out = Renderer().render(case, fmt=fmt, recipient=rec, sender=snd, today=day)
    sys.stdout.write(fmt + " " + __import__("hashlib").sha256(out.data).hexdigest() + "\\n")
"""


def test_pdf_and_docx_are_byte_identical_across_processes() -> None:
    from tests.conftest import CASE_FILE, RECIPIENTS_FILE, SENDERS_FILE

    runs = [
        subprocess.run(
            [
                sys.executable,
                "-c",
                _SUBPROCESS,
                str(CASE_FILE),
                str(RECIPIENTS_FILE),
                str(SENDERS_FILE),
            ],
            capture_output=True,
            text=True,
            check=True,
            env={**os.environ, "PYTHONHASHSEED": str(seed)},
        ).stdout
        for seed in (1, 2)
    ]
    assert runs[0] == runs[1]
    assert runs[0].count("\n") == 2


def test_pdf_is_byte_identical_within_a_process(
    letters: dict[tuple[str, str], bytes], case: Case, recipients: list[Recipient], sender: Sender
) -> None:
    again = (
        Renderer()
        .render(
            case,
            locale="ru",
            fmt="pdf",
            recipient=recipient_for(recipients, "ru"),
            sender=sender,
            today=TODAY,
        )
        .data
    )
    assert hashlib.sha256(again).digest() == hashlib.sha256(letters[("ru", "pdf")]).digest()


@pytest.mark.parametrize("lang", LETTER_LOCALES)
def test_libreoffice_opens_every_docx(
    letters: dict[tuple[str, str], bytes], lang: str, tmp_path: Path, office: Office
) -> None:
    src = tmp_path / f"letter-{lang}.docx"
    src.write_bytes(letters[(lang, "docx")])
    pages = pdf_pages(office.to_pdf(src).read_bytes())
    assert len(pages) == 1  # the reference document's page and styles fit the letter on one page
    text = flat(" ".join(pages))
    assert name_in(lang) in text and VERDICT_DATES[lang] in text
    assert "1." in text and "2." in text


@pytest.mark.parametrize("lang", LETTER_LOCALES)
def test_pandoc_reads_every_docx(
    letters: dict[tuple[str, str], bytes], lang: str, tmp_path: Path
) -> None:
    src = tmp_path / "letter.docx"
    src.write_bytes(letters[(lang, "docx")])
    md = pandoc_markdown(src)
    assert name_in(lang) in flat(md)
    assert "1." in md


def test_crimean_tatar_letter_uses_its_own_locale_data(
    letters: dict[tuple[str, str], bytes],
) -> None:
    import tomllib

    from tests.conftest import ROOT

    data = tomllib.loads((ROOT / "locales" / "crh" / "locale.toml").read_text())
    months = data["months"]["format"]["wide"]
    text = flat(" ".join(pdf_pages(letters[("crh", "pdf")])))
    # Month names (the date line: 27 November 2026; the charge: 17 October 2022) and the
    # one plural form come from locale.toml, since CLDR has no Crimean Tatar.
    assert f"2026 senesi {months[10]} 27" in text
    assert f"2022 senesi {months[9]} 17 künü" in text
    assert data["units"]["year"]["other"].format(14) in text
    english = ["November", "October", "February", "May ", "years", "Dear", "Article"]
    turkish = ["Kasım", "Ekim", "Şubat", "Mayıs 2023", "Haziran", "Temmuz", "yıl önce"]
    for word in english + turkish:
        assert word not in text, word
