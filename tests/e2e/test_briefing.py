"""The case briefing end to end: pages, footers, footnotes, outline, variants, photo, redaction."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import lxml.html
import pytest

from advocacy_docs import Renderer, load_case
from advocacy_docs.case import Case, Sender
from advocacy_docs.errors import InputError
from advocacy_docs.i18n import available_locales, get_localizer
from tests.conftest import CASE_FILE, TODAY, flat, pdf_pages
from tests.programs import Office, pandoc_markdown

LOCALES = tuple(available_locales())


@pytest.fixture(scope="module")
def briefings(case: Case, sender: Sender, renderer: Renderer) -> dict[tuple[str, str], bytes]:
    """The example briefing in every locale, as pdf, docx and html."""
    return {
        (lang, fmt): renderer.render(
            case, kind="briefing", locale=lang, fmt=fmt, sender=sender, today=TODAY
        ).data
        for lang in LOCALES
        for fmt in ("pdf", "docx", "html")
    }


def _cited_titles(case: Case) -> list[str]:
    return [s.title.resolve(("en",), case.language)[0] for s in case.sources]


@pytest.mark.parametrize("lang", LOCALES)
def test_two_to_four_pages_with_page_x_of_y_on_every_page(
    briefings: dict[tuple[str, str], bytes], lang: str
) -> None:
    pages = pdf_pages(briefings[(lang, "pdf")])
    assert 2 <= len(pages) <= 4
    pattern = get_localizer(lang).gettext("Page %(page)s of %(pages)s")
    for number, text in enumerate(pages, 1):
        footer = pattern % {"page": number, "pages": len(pages)}
        assert flat(footer) in flat(text), (number, footer)


@pytest.mark.parametrize("lang", LOCALES)
def test_the_example_fills_two_pages_and_cites_each_source_once(
    briefings: dict[tuple[str, str], bytes], case: Case, lang: str
) -> None:
    pages = pdf_pages(briefings[(lang, "pdf")])
    assert len(pages) == 2
    # Two full pages: the second is no stub holding a line and the colophon.
    assert len(flat(pages[1])) > len(flat(pages[0])) / 2
    text = flat(" ".join(pages)).replace("'", "’")
    for title in _cited_titles(case):
        assert text.count(flat(title).replace("'", "’")[:40]) == 1, title


def test_a_source_no_fact_cites_is_listed_once_after_the_text(
    case: Case, sender: Sender, renderer: Renderer
) -> None:
    extra = case.sources[0].model_copy(update={"id": "uncited", "title": case.sources[0].title})
    html = renderer.render(
        case.model_copy(update={"sources": [*case.sources, extra]}),
        kind="briefing",
        fmt="html",
        sender=sender,
        today=TODAY,
    ).data.decode()
    body = lxml.html.document_fromstring(html).body
    assert [h.text_content() for h in body.iter("h2")][-1] == "Other sources"
    assert [len(ul) for ul in body.find_class("x-sources")] == [1]
    cited = renderer.render(case, kind="briefing", fmt="html", sender=sender, today=TODAY)
    body = lxml.html.document_fromstring(cited.data).body
    assert "Sources" not in [h.text_content() for h in body.iter("h2")]
    assert not body.find_class("x-sources")


BIRTH_LABELS = {
    # (year and place, year only, day and place) of birth
    "en": ("Born", "Born", "Born"),
    "uk": ("Рік і місце народження", "Рік народження", "Дата і місце народження"),
    "ru": ("Год и место рождения", "Год рождения", "Дата и место рождения"),
    "de": ("Geboren", "Geburtsjahr", "Geboren"),
    "fr": ("Naissance", "Année de naissance", "Naissance"),
    "pl": ("Rok i miejsce urodzenia", "Rok urodzenia", "Data i miejsce urodzenia"),
    "crh": ("Doğğan", "Doğğan yılı", "Doğğan"),
}


@pytest.mark.parametrize("lang", LOCALES)
def test_the_birth_row_says_year_when_only_the_year_is_known(
    case: Case, sender: Sender, renderer: Renderer, lang: str
) -> None:
    from advocacy_docs.case.types import PartialDate

    person = case.person
    assert person.born == PartialDate(1963) and person.birthplace
    changes = ({}, {"birthplace": None}, {"born": PartialDate(1963, 4, 12)})
    variants = [
        case.model_copy(update={"person": person.model_copy(update=change)}) for change in changes
    ]
    for variant, label in zip(variants, BIRTH_LABELS[lang], strict=True):
        html = renderer.render(
            variant, kind="briefing", locale=lang, fmt="html", sender=sender, today=TODAY
        ).data.decode()
        assert f"<tr><th>{label}</th>" in html.replace("\u00a0", " "), (lang, label)


@pytest.mark.parametrize("lang", LOCALES)
def test_footnotes_carry_numbers_and_source_titles(
    briefings: dict[tuple[str, str], bytes], case: Case, lang: str
) -> None:
    pages = pdf_pages(briefings[(lang, "pdf")])
    first = flat(pages[0])
    # The notes of page 1 are at its foot, numbered in the order of first citation.
    for n in (1, 2, 3):
        assert re.search(rf"(^|\s){n}\. ", first), n
    text = flat(" ".join(pages))
    for title in _cited_titles(case):
        assert flat(title).replace("'", "’")[:40] in text.replace("'", "’")


@pytest.mark.parametrize("lang", ["en", "uk"])
def test_outline_has_one_entry_per_section(
    briefings: dict[tuple[str, str], bytes], lang: str
) -> None:
    from pypdf import PdfReader

    html = briefings[(lang, "html")].decode()
    headings = [flat(re.sub(r"<[^>]+>", "", h)) for h in re.findall(r"<h2>(.*?)</h2>", html)]
    outline = PdfReader(io.BytesIO(briefings[(lang, "pdf")])).outline
    assert [flat(entry.title) for entry in outline] == headings
    assert len(headings) >= 6


def test_metadata(briefings: dict[tuple[str, str], bytes], case: Case) -> None:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(briefings[("uk", "pdf")]))
    meta = reader.metadata
    assert meta.title == "Довідка у справі Бахрома Хамроєва"  # the name in the genitive
    assert meta.author == "Мережа «Свободу політв'язням»"
    assert "205.2" in meta["/Keywords"] and "Бахром Хамроєв" in meta["/Keywords"]
    assert reader.trailer["/Root"]["/Lang"] == "uk"


@pytest.mark.parametrize(
    ("variant", "check"),
    [
        ("pdf/ua-1", "structure"),
        ("pdf/a-3u", "xmp"),
    ],
)
def test_pdf_variants(case: Case, sender: Sender, variant: str, check: str) -> None:
    from pypdf import PdfReader

    data = (
        Renderer(pdf_variant=variant)
        .render(case, kind="briefing", locale="fr", fmt="pdf", sender=sender, today=TODAY)
        .data
    )
    root = PdfReader(io.BytesIO(data)).trailer["/Root"]
    assert root["/Lang"] == "fr"
    if check == "structure":
        assert "/StructTreeRoot" in root and root["/MarkInfo"]["/Marked"]
    else:
        xmp = root["/Metadata"].get_object().get_data().decode()
        assert re.search(r"pdfaid:part(>|=\")3", xmp) and re.search(r"conformance(>|=\")U", xmp)


def test_unknown_pdf_variant_is_a_user_error(case: Case, sender: Sender) -> None:
    with pytest.raises(InputError, match="pdf/x"):
        Renderer(pdf_variant="pdf/x").render(case, kind="briefing", sender=sender, today=TODAY)


def _docx_xml(data: bytes) -> dict[str, str]:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return {n: z.read(n).decode() for n in z.namelist() if n.endswith(".xml")}


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_docx_has_one_native_footnote_per_cited_source(
    briefings: dict[tuple[str, str], bytes], case: Case, lang: str
) -> None:
    parts = _docx_xml(briefings[(lang, "docx")])
    notes = re.findall(r'<w:footnote w:id="(\d+)"(?! w:type)', parts["word/footnotes.xml"])
    cited = {sid for item in _cited_items(case) for sid in item}
    assert len(notes) == len(cited) == 3
    refs = set(re.findall(r'<w:footnoteReference w:id="(\d+)"', parts["word/document.xml"]))
    assert refs == set(notes)
    assert parts["word/document.xml"].count("NOTEREF") >= 5  # later citations point back
    assert "Russia sentences human rights defender" in parts["word/footnotes.xml"]


def _cited_items(case: Case) -> list[list[str]]:
    items = [c.sources for c in case.charges] + [e.sources for e in case.timeline]
    return [*items, *(r.sources for r in case.rights), *(r.sources for r in case.recognitions)]


def test_pandoc_shows_the_footnotes(
    briefings: dict[tuple[str, str], bytes], tmp_path: Path
) -> None:
    src = tmp_path / "briefing.docx"
    src.write_bytes(briefings[("en", "docx")])
    md = pandoc_markdown(src)
    assert "[^1]" in md and "[^3]" in md
    assert re.search(r"^\[\^1\]: .*Halya Coynash", md, flags=re.M)


def test_libreoffice_converts_the_docx(
    briefings: dict[tuple[str, str], bytes], tmp_path: Path, office: Office
) -> None:
    src = tmp_path / "briefing.docx"
    src.write_bytes(briefings[("de", "docx")])
    text = flat(" ".join(pdf_pages(office.to_pdf(src).read_bytes())))
    assert "Bachrom Chamroev" in text and "Halya Coynash" in text


def test_confidential_contacts_appear_in_no_format(
    briefings: dict[tuple[str, str], bytes], case: Case
) -> None:
    assert {c.sensitivity for c in case.contacts} == {"partners", "legal"}
    secrets = [t for c in case.contacts for t in c.name.values.values()]
    secrets += [t for c in case.contacts for t in (c.phone, c.email, c.role) if t]
    for (lang, fmt), data in briefings.items():
        if fmt == "pdf":
            seen = flat(" ".join(pdf_pages(data)))
        elif fmt == "docx":
            seen = " ".join(_docx_xml(data).values())
        else:
            seen = data.decode()
        for secret in secrets:
            assert secret not in seen, (lang, fmt, secret)


# -- the photo ------------------------------------------------------------------------------


def _png() -> bytes:
    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (60, 80), (90, 90, 90)).save(buf, format="PNG")
    return buf.getvalue()


def _case_with_photo(folder: Path, photo: str) -> Case:
    text = CASE_FILE.read_text(encoding="utf-8").replace(
        "  gender: male\n", f"  gender: male\n  photo: {photo}\n", 1
    )
    path = folder / "case.yaml"
    path.write_text(text, encoding="utf-8")
    return load_case(path)


def test_photo_beside_the_case_appears_in_pdf_and_docx(tmp_path: Path, sender: Sender) -> None:
    from pypdf import PdfReader

    (tmp_path / "portrait.png").write_bytes(_png())
    case = _case_with_photo(tmp_path, "portrait.png")
    renderer = Renderer()
    pdf = renderer.render(case, kind="briefing", fmt="pdf", sender=sender, today=TODAY).data
    assert len(PdfReader(io.BytesIO(pdf)).pages[0].images) == 1
    docx = renderer.render(case, kind="briefing", fmt="docx", sender=sender, today=TODAY).data
    assert any(n.startswith("word/media/") for n in zipfile.ZipFile(io.BytesIO(docx)).namelist())


@pytest.mark.parametrize("photo", ["http://127.0.0.1/p.png", "../outside.png", "/etc/passwd"])
def test_photo_outside_the_case_folder_is_refused_at_load(tmp_path: Path, photo: str) -> None:
    with pytest.raises(InputError, match="photo"):
        _case_with_photo(tmp_path, photo)


def test_photo_symlinked_out_or_not_an_image_names_the_field(
    tmp_path: Path, sender: Sender
) -> None:
    outside = tmp_path / "secret.png"
    outside.write_bytes(_png())
    folder = tmp_path / "case"
    folder.mkdir()
    (folder / "link.png").symlink_to(outside)
    case = _case_with_photo(folder, "link.png")
    with pytest.raises(InputError, match=r"person\.photo: 'link\.png'.*outside"):
        Renderer().render(case, kind="briefing", fmt="html", sender=sender, today=TODAY)
    (folder / "notes.png").write_text("not an image")
    case = _case_with_photo(folder, "notes.png")
    with pytest.raises(InputError, match=r"person\.photo: 'notes\.png' is not a JPEG, PNG or GIF"):
        Renderer().render(case, kind="briefing", fmt="html", sender=sender, today=TODAY)
