"""The eml writer: RFC 5322 messages that mail clients and Python's email package read back."""

from __future__ import annotations

import dataclasses
import email
import email.policy
import io
import re
from email.header import decode_header, make_header
from email.message import EmailMessage
from typing import Any

import pytest

from advocacy_docs import InputError, Renderer
from advocacy_docs.case import Case, Recipient, Sender
from advocacy_docs.writers import get_writer
from advocacy_docs.writers.base import RenderedDocument
from advocacy_docs.writers.eml import write_eml

from .conftest import TODAY, recipient_for


def _parse(data: bytes) -> EmailMessage:
    msg = email.message_from_bytes(data, policy=email.policy.default)
    assert isinstance(msg, EmailMessage)
    return msg


def _with_email(
    recipient: Recipient, address: str = "office@ombudsman.example.gov.ua"
) -> Recipient:
    return recipient.model_copy(update={"email": address})


@pytest.fixture(scope="module")
def uk_doc(
    case: Case, recipients: list[Recipient], sender: Sender, renderer: Renderer
) -> RenderedDocument:
    rec = _with_email(recipient_for(recipients, "uk"))
    doc, _ = renderer.document(
        case, kind="letter", locale="uk", recipient=rec, sender=sender, today=TODAY
    )
    return doc


def _raw_header(data: bytes, name: str) -> str:
    """A header's value as written, its folded lines unfolded."""
    head = data.split(b"\r\n\r\n", 1)[0].decode("ascii")
    found = re.search(rf"^{name}: ([^\r\n]*(?:\r\n[ \t][^\r\n]*)*)", head, flags=re.MULTILINE)
    assert found is not None, name
    return found.group(1)


def test_headers_in_the_letters_language_and_encoded(uk_doc: RenderedDocument) -> None:
    data = write_eml(uk_doc)
    head = data.split(b"\r\n\r\n", 1)[0]
    assert head.isascii()  # non-ASCII names and subject are RFC 2047 encoded words
    assert b"\r\n" in data and b"\n" not in data.replace(b"\r\n", b"")  # CRLF only
    msg = _parse(data)
    assert msg["Subject"] == uk_doc.meta.title
    # Ukrainian, as the letter: the name in the genitive case.
    assert msg["Subject"] == "Звернення щодо звільнення Бахрома Хамроєва"
    to = msg["To"].addresses[0]
    assert to.addr_spec == "office@ombudsman.example.gov.ua"
    # Decoded as RFC 2047 says (adjacent encoded words join without a space; the library's
    # own parser leaves one where a long name was folded).
    assert str(make_header(decode_header(_raw_header(data, "To")))) == (
        "Дмитро Валерійович Лубінець <office@ombudsman.example.gov.ua>"
    )
    sender = msg["From"].addresses[0]
    assert (sender.display_name, sender.addr_spec) == ("Alex Morgan", "alex.morgan@example.org")
    assert msg["Date"] == "Fri, 27 Nov 2026 12:00:00 +0000"
    assert msg["Message-ID"].endswith("@example.org>")
    assert msg["Content-Language"] == "uk"
    body = msg.get_body(("plain",))
    assert body is not None
    text = body.get_content()
    assert text.replace("\r\n", "\n") == get_writer("txt")(uk_doc).decode("utf-8")


def test_same_document_same_bytes_and_id(uk_doc: RenderedDocument) -> None:
    attach = dataclasses.replace(uk_doc, envelope={**(uk_doc.envelope or {}), "attach": "pdf"})
    assert write_eml(uk_doc) == write_eml(uk_doc)
    assert write_eml(attach) == write_eml(attach)
    other = dataclasses.replace(uk_doc, envelope={**(uk_doc.envelope or {}), "to_email": "x@y.org"})
    assert _parse(write_eml(other))["Message-ID"] != _parse(write_eml(uk_doc))["Message-ID"]


def test_pdf_attached_on_request(uk_doc: RenderedDocument) -> None:
    from pypdf import PdfReader

    assert not list(_parse(write_eml(uk_doc)).iter_attachments())
    attach = dataclasses.replace(uk_doc, envelope={**(uk_doc.envelope or {}), "attach": "pdf"})
    parts = list(_parse(write_eml(attach)).iter_attachments())
    assert len(parts) == 1
    part: Any = parts[0]
    assert part.get_content_type() == "application/pdf"
    # The title, without what file systems refuse (":" here).
    assert part.get_filename() == "Звернення щодо звільнення Бахрома Хамроєва.pdf"
    pdf = PdfReader(io.BytesIO(part.get_content()))
    assert len(pdf.pages) >= 1
    assert "Хамроєв" in (pdf.pages[0].extract_text() or "")


def test_reuses_renderings_given(uk_doc: RenderedDocument) -> None:
    attach = dataclasses.replace(uk_doc, envelope={**(uk_doc.envelope or {}), "attach": "pdf"})
    msg = _parse(write_eml(attach, rendered={"txt": b"hello\n", "pdf": b"%PDF-fake"}))
    body = msg.get_body(("plain",))
    assert body is not None and body.get_content().strip() == "hello"
    part: Any = next(iter(msg.iter_attachments()))
    assert part.get_content() == b"%PDF-fake"


def test_no_recipient_address_is_a_draft_without_to(uk_doc: RenderedDocument) -> None:
    envelope = {k: v for k, v in (uk_doc.envelope or {}).items() if k != "to_email"}
    msg = _parse(write_eml(dataclasses.replace(uk_doc, envelope=envelope)))
    assert msg["To"] is None
    assert msg["From"] is not None


def test_needs_a_sender_address(uk_doc: RenderedDocument) -> None:
    envelope = {k: v for k, v in (uk_doc.envelope or {}).items() if k != "from_email"}
    with pytest.raises(InputError, match="sender's address"):
        write_eml(dataclasses.replace(uk_doc, envelope=envelope))
    with pytest.raises(InputError, match="sender's address"):
        write_eml(dataclasses.replace(uk_doc, envelope=None))


def test_bad_address_is_an_input_error(uk_doc: RenderedDocument) -> None:
    envelope = {**(uk_doc.envelope or {}), "to_email": "not-an-address"}
    with pytest.raises(InputError, match="not an e-mail address"):
        write_eml(dataclasses.replace(uk_doc, envelope=envelope))


def test_registered_as_format_eml(
    case: Case, recipients: list[Recipient], sender: Sender, renderer: Renderer
) -> None:
    rec = _with_email(recipient_for(recipients, "en"), "ambassador@example.org")
    out = renderer.render(
        case, kind="letter", locale="en", fmt="eml", recipient=rec, sender=sender, today=TODAY
    )
    assert out.filename.endswith(".en.eml")
    msg = _parse(out.data)
    assert msg["To"].addresses[0].addr_spec == "ambassador@example.org"
    assert msg["Subject"] == "Appeal for the release of Bakhrom Khamroev"
