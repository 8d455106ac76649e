"""Shared fixtures: the bundled example case, its recipients and sender, and readers of outputs."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest

from advocacy_docs import Renderer, load_case, load_recipients, load_senders
from advocacy_docs.case import Case, Recipient, Sender
from advocacy_docs.i18n import Localizer, get_localizer
from tests.programs import Office, program

# Under CI=true a skip is a failure.
pytest_plugins = ["tests.no_skips_in_ci"]

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
CASE_FILE = EXAMPLES / "cases" / "khamroev.yaml"
RECIPIENTS_FILE = EXAMPLES / "recipients" / "officials.yaml"
SENDERS_FILE = EXAMPLES / "senders" / "campaigner.yaml"
TODAY = dt.date(2026, 11, 27)
LETTER_LOCALES = ("en", "uk", "ru", "de", "fr", "pl", "crh")


@pytest.fixture(scope="session")
def office(tmp_path_factory: pytest.TempPathFactory) -> Office:
    """LibreOffice with one profile per test process (making a profile takes seconds)."""
    return Office(program("soffice"), tmp_path_factory.mktemp("libreoffice-profile"))


@pytest.fixture(scope="session")
def case() -> Case:
    """The example case."""
    return load_case(CASE_FILE)


@pytest.fixture(scope="session")
def recipients() -> list[Recipient]:
    """The example recipients."""
    return load_recipients(RECIPIENTS_FILE)


@pytest.fixture(scope="session")
def sender() -> Sender:
    """The example campaigner."""
    return load_senders(SENDERS_FILE)[0]


@pytest.fixture(scope="session")
def renderer() -> Renderer:
    """One renderer over the bundled templates, shared like a campaign would share it."""
    return Renderer()


def recipient_for(recipients: list[Recipient], lang: str) -> Recipient:
    """The example recipient who reads ``lang``, or its nearest fallback (the demo's choice)."""
    from advocacy_docs.pipeline import reader_of

    return reader_of(recipients, get_localizer(lang).chain)


def render_kind(
    renderer: Renderer,
    case: Case,
    kind: str,
    fmt: str,
    recipients: list[Recipient],
    sender: Sender,
    locale: str = "en",
) -> bytes:
    """The bytes of one example document of ``kind``: the reader of ``locale`` and the sender
    given to the kinds that need them, dated ``TODAY``."""
    spec = renderer.kinds()[kind]
    return renderer.render(
        case,
        kind=kind,
        locale=locale,
        fmt=fmt,
        recipient=recipient_for(recipients, locale) if "recipient" in spec.needs else None,
        sender=sender if "sender" in spec.needs else None,
        today=TODAY,
    ).data


def pdf_pages(data: bytes) -> list[str]:
    """Text of each page of a PDF, as pypdf extracts it."""
    from pypdf import PdfReader

    return [page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages]


def flat(text: str) -> str:
    """Text as a reader reads it: all whitespace (line breaks from layout included) collapsed to
    single spaces, a non-breaking hyphen as a hyphen."""
    return " ".join(text.replace("\u00a0", " ").replace("\u2011", "-").split())


def shown(lang: str | Localizer, message: str, context: str | None = None) -> str:
    """A catalog's sentence as a reader sees it in a document: translated, set by the
    language's typography (French "l’avocat"), whitespace flattened."""
    loc = get_localizer(lang) if isinstance(lang, str) else lang
    text = loc.gettext(message) if context is None else loc.pgettext(context, message)
    return flat(loc.typeset(text))
