"""Hostile text in every text field of a case, a recipient and a sender: markup, scripts,
WeasyPrint attachments, links, Jinja syntax, header injection and direction overrides are all
printed as text, never interpreted, in every kind and format; the render reads nothing outside
the allowed folders and connects nowhere.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import unicodedata
import zipfile
from functools import cache
from pathlib import Path
from typing import Any

import lxml.html
import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from advocacy_docs import Renderer, load_case, load_recipients, load_senders
from advocacy_docs.case import Case, Recipient, Sender
from advocacy_docs.errors import visible
from advocacy_docs.view import isolate_direction
from tests.hostile.guard import allowed_roots, assert_contained, watching
from tests.hostile.outputs import views

REDACTION = Path(__file__).parent / "fixtures" / "redaction"
TODAY = dt.date(2026, 11, 27)

SCRIPT = '<script>alert("x")</script>'
JINJA = "{{ 6*7007 }} {% if true %}JINJA{% endif %} {# c #}"
PAYLOAD = (
    f" {SCRIPT}"
    '<link rel="attachment" href="file:///etc/passwd">'
    '<a rel="attachment" href="file:///etc/passwd">attached</a>'
    '<img src="http://127.0.0.1/beacon.png" onerror="alert(1)">'
    '<a href="javascript:alert(1)">click</a>'
    "<style>@import url(http://127.0.0.1/s.css);</style>"
    f"</p></div></body></html> {JINJA} &amp; &#x3c; %(name)s %s"
    "\r\nBcc: injected@example.org"
)
EVALUATED = "42042"  # what {{ 6*7007 }} would print if it were evaluated

# Keys whose values are not free text: identifiers, codes, dates, addresses, choices.
NOT_TEXT = {
    "schema",
    "id",
    "language",
    "gender",
    "born",
    "citizenship",
    "status",
    "state",
    "as",
    "date",
    "added",
    "since",
    "as_of",
    "until",
    "kind",
    "instrument",
    "outcome",
    "regime",
    "sensitivity",
    "sources",
    "url",
    "email",
    "country",
    "photo",
    "final",
}


def poison(value: Any, key: str = "") -> Any:
    """``value`` with the payload added to every free text in it."""
    if isinstance(value, dict):
        return {k: v if k in NOT_TEXT else poison(v, k) for k, v in value.items()}
    if isinstance(value, list):
        return [poison(v, key) for v in value]
    if isinstance(value, str):
        return value + PAYLOAD
    return value


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> tuple[Case, Recipient, Sender]:
    """The redaction fixture with the payload in every text (YAML written by PyYAML)."""
    folder = tmp_path_factory.mktemp("hostile-text")
    for name in ("case", "recipients", "senders"):
        data = yaml.safe_load((REDACTION / f"{name}.yaml").read_text(encoding="utf-8"))
        text = yaml.safe_dump(poison(data), allow_unicode=True, sort_keys=False)
        (folder / f"{name}.yaml").write_text(text, encoding="utf-8")
    return (
        load_case(folder / "case.yaml"),
        load_recipients(folder / "recipients.yaml")[0],
        load_senders(folder / "senders.yaml")[0],
    )


@cache
def renderer() -> Renderer:
    return Renderer()


def _flat(text: str) -> str:
    # The locale's typography curls typed quotes (English “…”): markup still prints as text.
    text = text.translate(str.maketrans("“”‘’", "\"\"''"))
    return " ".join(text.replace("\u00a0", " ").split())


def check_html(data: bytes) -> None:
    tree = lxml.html.document_fromstring(data)
    for bad in ("script", "link", "iframe", "object", "embed", "base", "form", "input"):
        assert tree.findall(f".//{bad}") == [], bad
    assert tree.findall(".//body//style") == []
    for el in tree.iter():
        if not isinstance(el.tag, str):
            continue
        assert not [a for a in el.attrib if a.lower().startswith("on")], el.tag
        if el.tag == "img":
            assert el.get("src", "").startswith("data:")
        if el.tag == "a":
            href = el.get("href", "")
            assert href.startswith(("http://", "https://", "mailto:", "#")), href
            assert "javascript:" not in href.lower() and "127.0.0.1" not in href
    text = _flat(tree.text_content())
    assert SCRIPT in text and _flat(JINJA) in text and EVALUATED not in text


def check_pdf(data: bytes) -> None:
    from pypdf import PdfReader

    found = views("pdf", data)
    everything = found["strings"] + found["raw"]
    for bad in ("/EmbeddedFiles", "/FileAttachment", "/JavaScript", "/JS", "/Launch", "/AF"):
        assert bad not in everything, bad
    for page in PdfReader(io.BytesIO(data)).pages:
        for annot in page.get("/Annots") or []:
            action = annot.get_object().get("/A")
            uri = str(action.get("/URI", "")) if action is not None else ""
            assert not uri or uri.startswith(("http://", "https://", "mailto:")), uri
            assert "127.0.0.1" not in uri and "javascript" not in uri.lower()
    text = _flat(found["text"])
    assert "alert(" in text and "6*7007" in text and EVALUATED not in text


def check_docx(data: bytes) -> None:
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        names = package.namelist()
        rels = " ".join(package.read(n).decode() for n in names if n.endswith(".rels"))
        body = package.read("word/document.xml").decode()
    assert not [n for n in names if n.startswith(("word/embeddings", "word/activeX"))]
    for target in re.findall(r'Target="([^"]*)"', rels):
        assert not target.lower().startswith(("file:", "javascript:", "http://127.")), target
    text = _flat(re.sub(r"<[^>]+>", "", body).replace("&lt;", "<").replace("&gt;", ">"))
    assert "alert(" in text and EVALUATED not in text


def check_txt(data: bytes) -> None:
    text = _flat(data.decode())
    assert SCRIPT in text and _flat(JINJA) in text and EVALUATED not in text


def check_eml(data: bytes) -> None:
    import email
    import email.policy

    message = email.message_from_bytes(data, policy=email.policy.default)
    assert message.get_all("Bcc") is None
    assert [a.addr_spec for a in message["To"].addresses] == ["prosecutor@example.org"]
    assert [a.addr_spec for a in message["From"].addresses] == ["sam@example.org"]
    for part in message.walk():
        kind = part.get_content_type()
        if kind == "text/plain":
            check_txt(part.get_content().encode())
        elif kind == "application/pdf":
            check_pdf(part.get_payload(decode=True))


CHECKS = {
    "html": check_html,
    "pdf": check_pdf,
    "docx": check_docx,
    "txt": check_txt,
    "eml": check_eml,
}


@pytest.mark.parametrize("kind", sorted(Renderer().kinds()))
def test_markup_and_jinja_in_every_field_print_as_text(
    kind: str, hostile: tuple[Case, Recipient, Sender]
) -> None:
    case, recipient, sender = hostile
    spec = renderer().kinds()[kind]
    locale = "en" if not spec.locales or "en" in spec.locales else spec.locales[0]
    for fmt in spec.formats:
        with watching() as activity:
            out = renderer().render(
                case,
                kind=kind,
                locale=locale,
                fmt=fmt,
                recipient=recipient,
                sender=sender,
                audience="legal",  # every item shown: every field printed
                today=TODAY,
            )
        assert_contained(activity, allowed_roots(renderer(), [case.base_dir]))
        CHECKS[fmt](out.data)


# -- direction overrides ------------------------------------------------------------------

RLO, PDF, LRI, PDI = "\u202e", "\u202c", "\u2066", "\u2069"
_EMBEDDINGS, _ISOLATES = "\u202a\u202b\u202d\u202e", "\u2066\u2067\u2068"
_PARAGRAPH = "\n\r\u2029\x1c\x1d\x1e\x85"
_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")


def embedded_runs(text: str) -> list[str]:
    """The runs of ``text`` inside an explicit embedding, override or isolate (Unicode bidi
    rules X1-X8, explicit levels only), with the direction controls removed."""
    runs: list[str] = []
    current: list[str] = []
    stack: list[str] = []

    def flush() -> None:
        if current:
            runs.append(_CONTROLS.sub("", "".join(current)))
            current.clear()

    for char in text:
        if char in _PARAGRAPH:
            stack.clear()
            flush()
        elif char in _EMBEDDINGS or char in _ISOLATES:
            stack.append(char)
        elif char == PDF:
            if stack and stack[-1] in _EMBEDDINGS:
                stack.pop()
        elif char == PDI:
            if any(c in _ISOLATES for c in stack):
                while stack.pop() not in _ISOLATES:
                    pass
        elif stack:
            current.append(char)
        else:
            flush()
    flush()
    return [run for run in runs if run]


def test_the_checker_sees_an_override_run_on() -> None:
    leaky = f"about Ivan {RLO}Evil (journalist). Ivan was detained\nnext paragraph"
    assert embedded_runs(leaky) == ["Evil (journalist). Ivan was detained"]
    assert embedded_runs(isolate_direction(f"Ivan {RLO}Evil") + " (journalist).") == ["Ivan Evil"]


@pytest.mark.parametrize(
    "value",
    [
        f"Ivan {RLO}Evil",
        f"Ivan {PDI}{RLO}Evil",  # a stray PDI must not close the isolate around the name
        f"{LRI}Ivan {RLO}{RLO}Evil{PDF}",  # more opened than closed
        f"Ivan{PDF}{PDF}{RLO}Evil",  # closers without openers, then an override
    ],
)
def test_isolate_direction_ends_every_control_with_the_text(value: str) -> None:
    wrapped = isolate_direction(value)
    assert embedded_runs(wrapped + " after") == [_CONTROLS.sub("", value)]
    assert isolate_direction("plain Ivan") == "plain Ivan"


def test_a_right_to_left_override_in_a_name_never_reorders_other_fields(
    tmp_path: Path,
) -> None:
    data = yaml.safe_load((REDACTION / "case.yaml").read_text(encoding="utf-8"))
    name, occupation = f"Ivan {PDI}{RLO}Evil", f"{RLO}tsilanruoj"
    data["person"].update(name=name, occupation=occupation)
    data["detention"]["authority"] = f"FSB{RLO}"
    (tmp_path / "case.yaml").write_text(yaml.safe_dump(data, allow_unicode=True))
    case = load_case(tmp_path / "case.yaml")
    recipient = load_recipients(REDACTION / "recipients.yaml")[0]
    sender = load_senders(REDACTION / "senders.yaml")[0]
    fields = {_CONTROLS.sub("", v) for v in (name, occupation, f"FSB{RLO}")}

    def render(fmt: str) -> bytes:
        return (
            renderer()
            .render(case, fmt=fmt, locale="en", recipient=recipient, sender=sender, today=TODAY)
            .data
        )

    def only_fields(runs: list[str]) -> None:
        # A line break of the text format may split a field (it ends every embedding, too).
        assert runs and all(any(run.strip() in f for f in fields) for run in runs), runs
        assert {f for f in fields if any(run.strip() == f for run in runs)} == fields

    only_fields(embedded_runs(render("txt").decode()))
    body = lxml.html.document_fromstring(render("html")).find("body")
    assert body is not None
    only_fields([run for p in body.iter("p") for run in embedded_runs(p.text_content())])
    import docx

    paragraphs = docx.Document(io.BytesIO(render("docx"))).paragraphs
    only_fields([run for p in paragraphs for run in embedded_runs(p.text)])
    # As laid out in the PDF: the name is reversed by its override, the rest reads in order.
    pdf = _flat(views("pdf", render("pdf"))["text"])
    assert "was detained on 10 March 2022 by officers of the" in pdf
    assert "deniated" not in pdf and "2202" not in pdf


@given(st.text())
def test_nothing_printed_to_the_terminal_drives_it(text: str) -> None:
    # Every line the CLI prints goes through visible(): no control, direction control or lone
    # surrogate reaches the terminal, and what it quoted can still be read (escaped).
    shown = visible(text)
    assert not [
        c for c in shown
        if (unicodedata.category(c) in ("Cc", "Cs") and c not in "\t\n")
        or "\u202a" <= c <= "\u202e" or "\u2066" <= c <= "\u2069"
    ]  # fmt: skip
    assert visible(shown) == shown
