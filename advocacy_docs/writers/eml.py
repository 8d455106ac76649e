"""E-mail messages (RFC 5322 .eml files) to open, check and send from a mail client.

Nothing is sent: this writes a message file. Its addresses come from the document's envelope
(``from_name``, ``from_email``, ``to_name``, ``to_email``, ``date``; optionally ``attach: pdf``).
The body is the plain-text rendering; with ``attach: pdf`` the PDF rendering is attached.
Headers are encoded for any language (RFC 2047), the date and the Message-ID are derived from
the inputs, so the same inputs give the same bytes.

Without a recipient address the message has no ``To:`` (a draft to complete); a campaign refuses
such an item with an error instead of writing it.
"""

from __future__ import annotations

import datetime as _dt
import email.policy
import hashlib
import re
from collections.abc import Mapping
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime

from ..case.parties import email_parts
from ..errors import InputError
from .base import RenderedDocument

POLICY = email.policy.SMTP.clone(cte_type="7bit")
"""CRLF line ends and 7-bit transfer encodings: the file is valid on any mail system."""

_FILENAME_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f]+')
# RFC 5322 specials in a display name: Python quotes such a name, but drops the quotes when it
# folds a long header (CPython 3.11), and "<", "," or ":" in a name then read as addresses.
_NAME_SPECIALS = re.compile(r'[()<>\[\]:;@\\,"]+')


def _address(name: str, addr: str, what: str) -> Address:
    # The same check as the recipient and sender models make (so `validate` refuses what
    # this would), which also gives the domain in ASCII (IDNA) for the header.
    try:
        user, domain = email_parts(addr)
    except ValueError as exc:
        raise InputError(f"{what}: {exc}") from None
    try:
        shown = " ".join(_NAME_SPECIALS.sub(" ", name).split())
        return Address(display_name=shown, username=user, domain=domain)
    except (ValueError, IndexError) as exc:
        raise InputError(f"{what}: {addr!r} is not an e-mail address: {exc}") from None


def _date(envelope: Mapping[str, str], doc: RenderedDocument) -> _dt.datetime:
    # Noon UTC on the date the letter bears: the same calendar day in most time zones.
    raw = envelope.get("date")
    if raw:
        try:
            day = _dt.date.fromisoformat(raw)
        except ValueError:
            raise InputError(f"envelope date {raw!r} is not a date such as 2026-11-27") from None
    else:
        day = doc.meta.date.date()
    return _dt.datetime(day.year, day.month, day.day, 12, 0, tzinfo=_dt.UTC)


def message_id(doc: RenderedDocument, domain: str) -> str:
    """A Message-ID derived from the document and its envelope: same inputs, same id."""
    digest = hashlib.sha256()
    for part in (doc.html, doc.meta.title, doc.meta.lang, *sorted((doc.envelope or {}).items())):
        digest.update(repr(part).encode("utf-8"))
        digest.update(b"\x00")
    return f"<{digest.hexdigest()[:40]}@{domain}>"


def attachment_name(doc: RenderedDocument, ext: str) -> str:
    """The file name of an attachment: the document's title, safe on every system."""
    stem = " ".join(_FILENAME_UNSAFE.sub(" ", doc.meta.title).split()).strip(". ")
    return f"{stem[:120] or 'document'}.{ext}"


def build_message(
    doc: RenderedDocument, *, rendered: Mapping[str, bytes] | None = None
) -> EmailMessage:
    """The message for ``doc``; ``rendered`` may hold its txt and pdf renderings already made."""
    envelope = doc.envelope or {}
    sender_email = envelope.get("from_email")
    if not sender_email:
        raise InputError(
            "an e-mail needs the sender's address: give the sender an `email` "
            "(and the document a sender and a recipient)"
        )
    rendered = rendered or {}
    msg = EmailMessage(policy=POLICY)
    sender = _address(envelope.get("from_name", ""), sender_email, "sender email")
    msg["From"] = sender
    if envelope.get("to_email"):
        msg["To"] = _address(envelope.get("to_name", ""), envelope["to_email"], "recipient email")
    msg["Subject"] = doc.meta.title
    msg["Date"] = format_datetime(_date(envelope, doc))
    msg_id = message_id(doc, sender.domain)
    msg["Message-ID"] = msg_id
    text = rendered.get("txt")
    if text is None:
        from .txt import write_txt

        text = write_txt(doc)
    msg.set_content(text.decode("utf-8"), subtype="plain", charset="utf-8")
    attach = [a.strip() for a in envelope.get("attach", "").split(",") if a.strip()]
    for fmt in attach:
        if fmt != "pdf":
            raise InputError(f"envelope attach: only pdf can be attached, not {fmt!r}")
        data = rendered.get("pdf")
        if data is None:
            from .pdf import write_pdf

            data = write_pdf(doc)
        msg.add_attachment(
            data, maintype="application", subtype="pdf", filename=attachment_name(doc, "pdf")
        )
    if msg.is_multipart():
        # The library would pick a random boundary; "=_" never occurs in base64 or
        # quoted-printable text, so this one cannot clash with the content.
        msg.set_boundary("=_" + msg_id.strip("<>").partition("@")[0])
    msg["Content-Language"] = doc.meta.lang  # last: setting the content drops Content-* headers
    return msg


def write_eml(doc: RenderedDocument, *, rendered: Mapping[str, bytes] | None = None) -> bytes:
    """The document as an RFC 5322 message (bytes of a .eml file)."""
    return build_message(doc, rendered=rendered).as_bytes(policy=POLICY)
