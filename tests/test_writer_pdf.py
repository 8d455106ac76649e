"""The PDF writer: metadata, the restricted fetcher, determinism."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from advocacy_docs.errors import ResourceError
from advocacy_docs.resources import ResourceFetcher
from advocacy_docs.writers.base import DocumentMeta, RenderedDocument
from advocacy_docs.writers.pdf import write_pdf
from tests.conftest import flat, pdf_pages


def _png() -> bytes:
    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (4, 4), (200, 0, 0)).save(buf, format="PNG")
    return buf.getvalue()


PNG = _png()


def _doc(tmp_path: Path, body: str, css: str = "") -> RenderedDocument:
    allowed = tmp_path / "allowed"
    allowed.mkdir(exist_ok=True)
    (allowed / "dot.png").write_bytes(PNG)
    sheet = allowed / "style.css"
    sheet.write_text(css or "@page { size: A4 }")
    html = (
        f'<!DOCTYPE html><html lang="uk"><head><title>Заголовок</title></head>'
        f"<body>{body}</body></html>"
    )
    return RenderedDocument(
        html=html,
        meta=DocumentMeta(title="Заголовок", lang="uk"),
        fetcher=ResourceFetcher([allowed]),
        stylesheets=(sheet,),
    )


def test_metadata_text_and_allowed_image(tmp_path: Path) -> None:
    from pypdf import PdfReader

    data = write_pdf(_doc(tmp_path, '<p>Привіт, світе</p><img src="dot.png" alt="">'))
    reader = PdfReader(io.BytesIO(data))
    assert reader.metadata.title == "Заголовок"
    assert reader.trailer["/Root"]["/Lang"] == "uk"
    assert "Привіт, світе" in flat(pdf_pages(data)[0])
    assert write_pdf(_doc(tmp_path, '<p>Привіт, світе</p><img src="dot.png" alt="">')) == data


@pytest.mark.parametrize(
    ("body", "css"),
    [
        ('<img src="file:///etc/passwd">', ""),
        ('<img src="http://127.0.0.1/x.png">', ""),
        ('<img src="../outside.png">', ""),
        ("<p>x</p>", "body { background: url(http://127.0.0.1/beacon.png) }"),
        ("<p>x</p>", "@import url(file:///etc/passwd);"),
        (
            "<p>x</p>",
            '@font-face { font-family: X; src: url("../outside.ttf") } p { font-family: X }',
        ),
    ],
)
def test_resources_outside_allowed_folders_fail_clearly(
    tmp_path: Path, body: str, css: str
) -> None:
    (tmp_path / "outside.png").write_bytes(PNG)
    (tmp_path / "outside.ttf").write_bytes(b"not a font")
    with pytest.raises(ResourceError):
        write_pdf(_doc(tmp_path, body, css))
