"""Hostile inputs of the second security review (issue 13: items 4, L4, L5, L6, L7), each tested
as a class over generated variants:

- the HTML format is self-contained whatever a stylesheet writes: no ``url(`` but ``data:``, no
  ``@import`` (checked on the output, not on how it is made), and the libraries this rests on
  are pinned;
- a source that only hidden items cite is not in a document for an audience that may not see
  them, in any kind;
- one check of an e-mail address: what ``validate`` accepts the e-mail writer writes as a valid
  header (IDNA for the domain), what it refuses is refused with one line at validation;
- an input path that is not a regular file (a named pipe, a folder, a device) is refused before
  a byte is read, by every command that reads case, recipients, senders or campaign files.
"""

from __future__ import annotations

import base64
import datetime as dt
import email
import email.policy
import importlib.metadata
import os
import re
import socket
import subprocess
import sys
import tomllib
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import lxml.html
import pytest
import tinycss2  # type: ignore[import-untyped]
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from packaging.requirements import Requirement

from advocacy_docs import Renderer, load_case, load_recipients, load_senders
from advocacy_docs.audience import redact
from advocacy_docs.case import Case, Recipient, Sender
from advocacy_docs.case.parties import email_parts
from advocacy_docs.case.source import read_document
from advocacy_docs.case.types import SENSITIVITY_ORDER
from advocacy_docs.errors import InputError, ResourceError
from advocacy_docs.resources import ResourceFetcher
from advocacy_docs.writers import html as html_writer
from advocacy_docs.writers.base import DocumentMeta, RenderedDocument
from advocacy_docs.writers.eml import write_eml

ROOT = Path(__file__).resolve().parents[2]
REDACTION = Path(__file__).parent / "fixtures" / "redaction"
TODAY = dt.date(2026, 11, 27)
CLI = [sys.executable, "-m", "advocacy_docs.cli"]
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg=="
)
FONT = b"wOF2\x00\x01\x00\x00fake font bytes"


# -- item 4: the HTML format is self-contained --------------------------------------------------


def _urls(css: str) -> list[str]:
    """Every URL (and "@import" for an import) a browser would see in ``css``."""
    return [str(u) for u in html_writer._urls_in(tinycss2.parse_component_value_list(css))]


def _assert_self_contained(data: bytes, *secrets: str) -> None:
    """The guarantee, read off the output twice: by a CSS parser and by a plain pattern."""
    tree = lxml.html.document_fromstring(data)
    sheets = [s.text or "" for s in tree.iter("style")]
    sheets += [e.get("style", "") for e in tree.xpath("//*[@style]")]
    for css in sheets:
        for url in _urls(css):
            assert url == "#" or url.startswith(("data:", "#")), url
        assert not re.search(r"(?i)(?:url|src)\((?!\s*['\"]?\s*(?:data:|#))", css), css
        assert not re.search(r"(?i)@import|\\0*40\s*import", css), css
    text = data.decode("utf-8")
    assert "file:" not in text
    for secret in secrets:
        assert secret not in text


def _doc(folder: Path, sheet: Path, html: str = "") -> RenderedDocument:
    body = html or "<p>x</p>"
    page = f"<!DOCTYPE html><html lang='en'><head><title>t</title></head><body>{body}</body></html>"
    return RenderedDocument(
        html=page,
        meta=DocumentMeta(title="t", lang="en"),
        fetcher=ResourceFetcher([folder]),
        stylesheets=(sheet,),
    )


@pytest.fixture(scope="module")
def css_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A stylesheet folder: an image, a font, a sheet to import, and a sub-folder."""
    folder = tmp_path_factory.mktemp("css")
    (folder / "logo.png").write_bytes(PNG)
    (folder / "font.woff2").write_bytes(FONT)
    (folder / "sub").mkdir()
    (folder / "sub" / "deep.png").write_bytes(PNG)
    (folder / "inner.css").write_text(
        "h1 { background: url(logo.png) }\n@import 'late.css';\n", encoding="utf-8"
    )
    (folder / "late.css").write_text("h2 { background: url('sub/deep.png') }\n")
    return folder


# Each way a stylesheet can name a file ({dir}: the folder's path), as CSS writes it.
URL_FORMS = [
    "url(logo.png)",
    "url( logo.png )",
    "URL(logo.png)",
    "url('logo.png')",
    'url("logo.png")',
    'url( "logo.png" )',
    "url(./logo.png)",
    "url(sub/../logo.png)",
    "url(sub/deep.png)",
    "url(%6Cogo.png)",
    "url(\\6c ogo.png)",
    '\\75 rl("logo.png")',
    "u\\72 l(logo.png)",
    "url(file://{dir}/logo.png)",
    'url("file://{dir}/logo.png")',
    "url('file://localhost{dir}/logo.png')",
    'src("logo.png")',
    'image-set("logo.png" 1x, url(sub/deep.png) 2x)',
    '-webkit-image-set("logo.png" 1x)',
    'image("logo.png")',
    "linear-gradient(red, blue), url(logo.png)",
    "url(logo.png)/**/",
    "var(--x, url(logo.png))",
]
WRAPPERS = [
    "p {{ background: {url} }}",
    "p{{background:{url}}}",
    "@media print {{ p {{ background: {url} }} }}",
    "@supports (background: {url}) {{ p {{ color: red }} }}",
    "@media screen {{ @supports (display: grid) {{ p {{ background: {url} }} }} }}",
    ".a {{ .b {{ background: {url} }} }}",
    "p {{ --x: {url}; background: var(--x) }}",
    "p::after {{ content: ')}}'; background: {url} }}",
    "@font-face {{ font-family: X; src: url(font.woff2) format('woff2'), {url} }}",
    "@page {{ @top-center {{ background: {url} }} }}",
]
IMPORTS = [
    "",
    "@import 'inner.css';\n",
    '@import "inner.css" print;\n',
    "@import url(inner.css) screen and (min-width: 10px);\n",
    "@import url('file://{dir}/inner.css');\n",
    "@IMPORT 'inner.css';\n",
    "@\\69 mport 'inner.css';\n",
]
NESTED_IMPORTS = [
    "",
    "@media print { @import 'inner.css'; p { color: red } }",
    "p { @import 'inner.css'; color: red }",
]


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    imports=st.lists(st.sampled_from(IMPORTS), max_size=2),
    rules=st.lists(
        st.tuples(st.sampled_from(WRAPPERS), st.sampled_from(URL_FORMS)), min_size=1, max_size=4
    ),
    nested=st.sampled_from(NESTED_IMPORTS),
    comments=st.booleans(),
)
def test_every_url_of_a_generated_stylesheet_is_embedded_in_html(
    css_folder: Path,
    imports: list[str],
    rules: list[tuple[str, str]],
    nested: str,
    comments: bool,
) -> None:
    here = str(css_folder)
    css = "".join(i.replace("{dir}", here) for i in imports)
    css += "\n".join(w.format(url=u.replace("{dir}", here)) for w, u in rules) + "\n" + nested
    if comments:
        css = css.replace(": ", ":/* c */ ").replace("{ ", "{ /* } url(x) */ ")
    sheet = css_folder / "house.css"
    sheet.write_text(css, encoding="utf-8")
    data = html_writer.write_html(_doc(css_folder, sheet))
    _assert_self_contained(data, here, "logo.png", "deep.png", "inner.css")
    # The images are in it, as data: URLs of their bytes.
    assert base64.b64encode(PNG).decode() in data.decode()


def test_the_audit_stylesheet_leaves_no_link_in_an_html_letter(tmp_path: Path) -> None:
    """Issue 13 item 4: url(logo.png) and url("file:///…/logo.png") were kept verbatim."""
    css = tmp_path / "css"
    css.mkdir()
    (css / "logo.png").write_bytes(PNG)
    sheet = css / "s.css"
    sheet.write_text(
        f'body{{background:url(logo.png)}}\np{{background:url("{(css / "logo.png").as_uri()}")}}'
    )
    case = load_case(REDACTION / "case.yaml")
    recipient = load_recipients(REDACTION / "recipients.yaml")[0]
    out = Renderer(stylesheets=[sheet]).render(
        case,
        kind="letter",
        fmt="html",
        recipient=recipient,
        sender=load_senders(REDACTION / "senders.yaml")[0],
        today=TODAY,
    )
    _assert_self_contained(out.data, str(css))
    assert out.data.count(b"data:image/png;base64,") == 2


@pytest.mark.parametrize(
    "css",
    [
        "p { background: url(logo.png) }",
        "@media print { p { background: url(logo.png) } }",
        'p { background: image-set("logo.png" 1x) }',
    ],
)
def test_a_url_the_rewrite_missed_is_refused_not_written(
    css_folder: Path, css: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """The check on the result is what guarantees it: a rewrite that does nothing (as the
    one before, whose tokens tinycss2 1.5 serialised from their original text) fails."""
    sheet = css_folder / "missed.css"
    sheet.write_text(css)
    monkeypatch.setattr(html_writer, "_embed_urls", lambda *a, **k: None)
    with pytest.raises(ResourceError, match="outside the document"):
        html_writer.write_html(_doc(css_folder, sheet))


# CSS a template writes into the page itself: it has no folder to embed from, so only data:.
TEMPLATE_CSS = [
    '<p style="background: url(logo.png)">x</p>',
    "<p style=\"background: \\75 rl('http://127.0.0.1/b.png')\">x</p>",
    "<style>@import 'inner.css';</style>",
    "<style>p { background: image-set('file:///etc/passwd' 1x) }</style>",
    "<svg><style>rect { fill: url(http://127.0.0.1/f.svg#x) }</style></svg>",
]


@pytest.mark.parametrize("body", TEMPLATE_CSS)
def test_css_a_template_writes_into_the_page_may_not_link_out(css_folder: Path, body: str) -> None:
    sheet = css_folder / "plain.css"
    sheet.write_text("p { color: red }")
    with pytest.raises(ResourceError, match=r"outside the document|@import"):
        html_writer.write_html(_doc(css_folder, sheet, body))
    # A fragment and a data: URL are the document itself: they stay.
    ok = '<p style="background: url(data:image/png;base64,AAAA); mask: url(#m)">x</p>'
    _assert_self_contained(html_writer.write_html(_doc(css_folder, sheet, ok)))


@pytest.mark.parametrize(
    ("css", "name"),
    [
        ("@import 'case.json';", "case.json"),
        ("@import 'notes.txt';", "notes.txt"),
        ("p { background: url(case.json) }", "case.json"),
        ("p { background: url(case.yaml) }", "case.yaml"),
        ("p { background: url(inner.css) }", "inner.css"),
        ('@font-face { font-family: X; src: url("notes.txt") }', "notes.txt"),
    ],
)
def test_a_stylesheet_embeds_only_stylesheets_images_and_fonts(
    css_folder: Path, css: str, name: str
) -> None:
    """What a stylesheet names is copied into the document: a case file must not be."""
    (css_folder / "case.json").write_text('{"phone": "ZQ1SECRET"}')
    (css_folder / "case.yaml").write_text("phone: ZQ1SECRET\n")
    (css_folder / "notes.txt").write_text("ZQ1SECRET")
    sheet = css_folder / "copy.css"
    sheet.write_text(css)
    with pytest.raises(ResourceError, match=re.escape(name)):
        html_writer.write_html(_doc(css_folder, sheet))


# The libraries a guarantee of SECURITY.md rests on, and why.
PINNED = {
    "tinycss2": "url()/@import embedding in HTML",
    "weasyprint": "the PDF's only way to read files is its url_fetcher",
    "lxml": "reference DOCX parsing limits",
    "python-docx": "the DOCX package writer",
    "Jinja2": "the template sandbox",
    "PyYAML": "the safe YAML reader",
    "pydantic": "the contracts",
}


@pytest.mark.parametrize("name", sorted(PINNED))
def test_libraries_a_guarantee_rests_on_are_pinned_and_installed_in_range(name: str) -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    found = [
        Requirement(r)
        for r in project["project"]["dependencies"]
        if Requirement(r).name.lower() == name.lower()
    ]
    assert len(found) == 1, f"{name} ({PINNED[name]}) is not a dependency"
    spec = found[0].specifier
    assert any(s.operator in ("<", "<=", "~=", "==") for s in spec), f"{name}: no upper bound"
    installed = importlib.metadata.version(name)
    assert spec.contains(installed, prereleases=True), f"{name} {installed} is not in {spec}"


# -- L4: sources only hidden items cite ---------------------------------------------------------

# Where a case cites sources, and the legal item of each list in the redaction fixture.
CITING = [
    ("timeline", 2),
    ("recognitions", 2),
    ("charges", 2),
    ("rights", 2),
    ("international", 2),
    ("detention.decisions", 2),
    ("proceedings.appeals", 2),
]
MARKER = "ZQ4ONLYHIDDENCITES"


def _fixture_data() -> dict[str, Any]:
    data = yaml.safe_load((REDACTION / "case.yaml").read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def _holder(data: dict[str, Any], where: str) -> list[Any]:
    node: Any = data
    for part in where.split("."):
        node = node[part]
    assert isinstance(node, list)
    return node


def _case_with(tmp: Path, cited_by: list[tuple[str, int]], *, uncited: bool = False) -> Case:
    """The fixture with a public source ``source-x`` cited by the given items only."""
    data = _fixture_data()
    for where, index in cited_by:
        item = _holder(data, where)[index]
        item["sources"] = [*item.get("sources", []), "source-x"]
    data["sources"].append(
        {"id": "source-x", "title": f"{MARKER} report", "publisher": "Hospital Leak"}
    )
    if uncited:
        data["sources"].append({"id": "source-y", "title": "ZQ4GENERAL reference"})
    path = tmp / "case.json"
    import json

    path.write_text(json.dumps(data, default=str), encoding="utf-8")
    return load_case(path)


@pytest.fixture(scope="module")
def one_sender() -> Sender:
    return load_senders(REDACTION / "senders.yaml")[0]


@pytest.mark.parametrize(("where", "index"), CITING)
@pytest.mark.parametrize("kind", ["briefing", "letter"])
def test_a_source_only_a_hidden_item_cites_is_not_in_a_public_document(
    where: str, index: int, kind: str, tmp_path: Path, one_sender: Sender
) -> None:
    item = _holder(_fixture_data(), where)[index]
    assert item.get("sensitivity") == "legal"
    case = _case_with(tmp_path, [(where, index)], uncited=True)
    renderer = Renderer()
    recipient = load_recipients(REDACTION / "recipients.yaml")[0] if kind == "letter" else None
    for audience in ("public", "partners"):
        out = renderer.render(
            case,
            kind=kind,
            fmt="html",
            sender=one_sender,
            recipient=recipient,
            audience=audience,
            today=TODAY,
        )
        assert MARKER not in out.data.decode(), (kind, audience)
    if kind == "briefing":
        # The control: a source nothing cites is still listed, and for the legal audience
        # the hidden item's source is back.
        public = renderer.render(case, kind=kind, fmt="html", sender=one_sender, today=TODAY)
        assert "ZQ4GENERAL" in public.data.decode()
        legal = renderer.render(
            case, kind=kind, fmt="html", sender=one_sender, audience="legal", today=TODAY
        )
        assert MARKER in legal.data.decode()


TOP_LISTS = ["timeline", "recognitions", "charges", "rights", "international"]


@settings(max_examples=60, deadline=None)
@given(
    citers=st.dictionaries(
        st.sampled_from(TOP_LISTS), st.sampled_from(["public", "partners", "legal"]), max_size=4
    ),
    audience=st.sampled_from(["public", "partners", "legal"]),
)
def test_redaction_keeps_a_source_exactly_when_a_visible_item_or_nothing_cites_it(
    citers: dict[str, str], audience: str, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """``source-x`` cited by the first item of each list in ``citers``, marked as given."""
    base = _case_with(tmp_path_factory.mktemp("case"), [(w, 0) for w in citers])
    update: dict[str, Any] = {}
    for where, level in citers.items():
        items = list(getattr(base, where))
        items[0] = items[0].model_copy(update={"sensitivity": level})
        update[where] = items
    case = base.model_copy(update=update)
    shown = redact(case, audience)  # type: ignore[arg-type]
    seen = any(SENSITIVITY_ORDER[lvl] <= SENSITIVITY_ORDER[audience] for lvl in citers.values())
    assert ("source-x" in {s.id for s in shown.sources}) == (not citers or seen)
    # Every source left is one a visible item cites, or one nothing in the case cites at all.
    for source in shown.sources:
        assert source.id in _cites(shown) or source.id not in _cites(case), source.id


def _cites(value: Any) -> set[str]:
    """Source ids cited anywhere in a model (walked here, independently of the code)."""
    if isinstance(value, list | tuple):
        return set().union(*(_cites(v) for v in value)) if value else set()
    if not hasattr(type(value), "model_fields"):
        return set()
    out: set[str] = set()
    for name in type(value).model_fields:
        field = getattr(value, name)
        if name == "sources" and isinstance(field, list):
            out |= {f for f in field if isinstance(f, str)}
        out |= _cites(field)
    return out


# -- L5, L6: one check of an e-mail address -----------------------------------------------------

ADDRESS_VARIANTS = [
    "x@example.org\n",
    "x@example.org\r\n",
    " x@example.org",
    "x@example.org ",
    "x @example.org",
    "x@exam ple.org",
    "x@example.org\t",
    "x@example.org\u2028",
    "x@example.org\u00a0",
    "jöhn@exämple.org",
    "jöhn@example.org",
    "john@exämple.org",
    "john@例え.テスト",
    "john@xn--exmple-cua.org",
    "a..b@example.org",
    ".a@example.org",
    "a.@example.org",
    "a@b",
    "a@-x.org",
    "a@x-.org",
    "a@x..org",
    "a@ex_ample.org",
    "@example.org",
    "a@",
    "a@b@example.org",
    '"a b"@example.org',
    "a(b)@example.org",
    "a<b>@example.org",
    "a,b@example.org",
    "a@example.org>, evil@x.org",
    "a@" + "x" * 64 + ".org",
    "a" * 250 + "@x.org",
    "o'brien+tag@example.co.uk",
    "UPPER@EXAMPLE.ORG",
    "a@example.org.",
]


def _mutations() -> st.SearchStrategy[str]:
    base = st.emails()
    edits = st.sampled_from(["", "\n", " ", "\r", "\t", "ö", "..", "@", "<", ",", "\u00e9"])
    return st.one_of(
        base,
        st.sampled_from(ADDRESS_VARIANTS),
        st.tuples(base, edits, st.integers(0, 80)).map(
            lambda t: t[0][: t[2]] + t[1] + t[0][t[2] :]
        ),
    )


def _recipient(address: str) -> Recipient | None:
    try:
        return Recipient.model_validate(
            {"id": "r", "name": "R", "country": "GB", "language": "en", "email": address}
        )
    except ValueError:
        return None


def _message_doc(to: str) -> RenderedDocument:
    return RenderedDocument(
        html="<!DOCTYPE html><html lang='en'><head><title>T</title></head>"
        "<body><p>x</p></body></html>",
        meta=DocumentMeta(title="T", lang="en"),
        fetcher=ResourceFetcher([]),
        envelope={
            "from_name": "Sender, Org",
            "from_email": "sender@example.org",
            "to_name": "Reader",
            "to_email": to,
            "date": "2026-11-27",
        },
    )


@settings(max_examples=300, deadline=None)
@given(_mutations())
def test_validate_accepts_exactly_the_addresses_the_e_mail_writer_writes(address: str) -> None:
    accepted = _recipient(address) is not None
    try:
        data: bytes | None = write_eml(_message_doc(address))
    except InputError as exc:
        assert "\n" not in str(exc).strip()  # one line
        data = None
    assert accepted == (data is not None), address
    if data is None:
        return
    msg = email.message_from_bytes(data, policy=email.policy.default)
    assert isinstance(msg, EmailMessage)
    to = msg["To"]
    assert not to.defects, (address, to.defects)
    (addr,) = to.addresses
    assert addr.addr_spec.isascii() and addr.addr_spec.count("@") == 1
    user, domain = email_parts(address)
    assert addr.username == user and addr.domain == domain
    assert data.split(b"\r\n\r\n", 1)[0].isascii()


@pytest.mark.parametrize(
    ("address", "says"),
    [
        ("x@example.org\n", "line break"),
        ("jöhn@exämple.org", "SMTPUTF8"),
        ("a..b@example.org", "before '@'"),
        ("a@ex_ample.org", "domain"),
    ],
)
def test_validate_refuses_a_bad_address_in_one_line_with_its_place(
    address: str, says: str, tmp_path: Path
) -> None:
    path = tmp_path / "rec.yaml"
    path.write_text(
        yaml.safe_dump(
            {
                "schema": "advocacy-docs/recipients@1",
                "recipients": [
                    {"id": "r", "name": "R", "country": "GB", "language": "en", "email": address}
                ],
            },
            allow_unicode=True,
        ),
        encoding="utf-8",
    )
    done = _cli(["validate", str(path)], tmp_path)
    assert done.returncode == 2, done
    lines = done.stdout.strip().splitlines() + done.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in lines[0], lines
    assert f"{path}:" in lines[0] and "email" in lines[0] and says in lines[0], lines


def test_an_idn_domain_becomes_ascii_in_the_to_header() -> None:
    data = write_eml(_message_doc("john@exämple.org"))
    head = data.split(b"\r\n\r\n", 1)[0].decode("ascii")
    assert "<john@xn--exmple-cua.org>" in head
    assert "=?utf-8?" not in head.split("To:", 1)[1].split("<", 1)[1]


# -- L7: input files that are not regular files --------------------------------------------------


def _cli(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    # The timeout only detects a hang (the bug): a correct run ends at once.
    return subprocess.run(
        [*CLI, *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        check=False,
    )


def _special(kind: str, path: Path) -> Path:
    if kind == "fifo":
        os.mkfifo(path)
    elif kind == "folder":
        path.mkdir()
    elif kind == "socket":
        sock = socket.socket(socket.AF_UNIX)
        sock.bind(str(path))
        sock.close()
    elif kind == "dev-zero":
        path.symlink_to("/dev/zero")
    elif kind == "dev-null":
        path.symlink_to("/dev/null")
    elif kind == "link-to-fifo":
        os.mkfifo(path.with_name("target-fifo"))
        path.symlink_to(path.with_name("target-fifo"))
    return path


SPECIALS = ["fifo", "folder", "socket", "dev-zero", "dev-null", "link-to-fifo"]


@pytest.mark.parametrize("suffix", [".yaml", ".json", ".csv"])
@pytest.mark.parametrize("kind", SPECIALS)
def test_the_reader_refuses_what_is_not_a_regular_file(
    kind: str, suffix: str, tmp_path: Path
) -> None:
    path = _special(kind, tmp_path / f"input{suffix}")
    if kind in ("fifo", "link-to-fifo"):
        # Read in a child process: were it to block, the test fails instead of hanging.
        code = (
            "import sys; from pathlib import Path; from advocacy_docs.case.source import "
            "read_document; from advocacy_docs.errors import InputError\n"
            f"try:\n    read_document(Path({str(path)!r}))\nexcept InputError as e:\n"
            "    print(e); sys.exit(3)\n"
        )
        done = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, timeout=120,
            env={**os.environ, "PYTHONPATH": str(ROOT)}, check=False,
        )  # fmt: skip
        assert done.returncode == 3, done
        message = done.stdout
    else:
        with pytest.raises(InputError) as caught:
            read_document(path)
        message = str(caught.value)
    assert "not a regular file" in message and str(path) in message


def _campaign_folder(tmp: Path) -> Path:
    for name in ("case.yaml", "recipients.yaml", "senders.yaml"):
        (tmp / name).write_bytes((REDACTION / name).read_bytes())
    (tmp / "campaign.yaml").write_text(
        "schema: advocacy-docs/campaign@1\nname: probe\ncase: case.yaml\n"
        "recipients: recipients.yaml\nsenders: [senders.yaml]\nkinds: [letter]\n"
        "formats: [txt]\nlocale: recipient\ndate: 2023-06-02\n"
        'output: "{recipient.id}/{kind}.{locale}.{format}"\n'
    )
    return tmp


# Each command and each file it reads, with {x} for the path that is replaced by a pipe.
COMMANDS = {
    "validate case": ["validate", "{x}"],
    "render case": ["render", "{x}", "--kind", "briefing", "--format", "txt", "-o", "out"],
    "render recipient": [
        "render", "case.yaml", "--kind", "letter", "--format", "txt", "-o", "out",
        "--recipient", "{x}", "--sender", "senders.yaml",
    ],
    "render sender": [
        "render", "case.yaml", "--kind", "briefing", "--format", "txt", "-o", "out",
        "--sender", "{x}",
    ],
    "check case": ["check", "{x}", "--for", "echr"],
    "campaign file": ["campaign", "{x}", "-o", "out"],
    "campaign recipients csv": ["campaign", "campaign.yaml", "-o", "out"],
    "campaign senders": ["campaign", "campaign.yaml", "-o", "out"],
}  # fmt: skip


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_no_command_waits_on_a_named_pipe(command: str, tmp_path: Path) -> None:
    folder = _campaign_folder(tmp_path)
    pipe = folder / "pipe.yaml"
    if command == "campaign recipients csv":
        pipe = folder / "pipe.csv"
        spec = (folder / "campaign.yaml").read_text()
        (folder / "campaign.yaml").write_text(spec.replace("recipients.yaml", "pipe.csv"))
    elif command == "campaign senders":
        spec = (folder / "campaign.yaml").read_text()
        (folder / "campaign.yaml").write_text(spec.replace("[senders.yaml]", "[pipe.yaml]"))
    os.mkfifo(pipe)
    args = [a.replace("{x}", pipe.name) for a in COMMANDS[command]]
    done = _cli(args, folder)
    output = done.stdout + done.stderr
    assert done.returncode == 2, output
    assert "Traceback" not in output
    assert pipe.name in output, output
    if command.startswith("campaign") and command != "campaign file":
        # The campaign's check of the files it names (campaign/plan.py) refuses it first.
        assert "not a regular file" in output or "no such file" in output, output
    else:
        assert "not a regular file" in output, output


def test_a_regular_file_through_a_symlink_is_still_read(tmp_path: Path) -> None:
    (tmp_path / "real.yaml").write_bytes((REDACTION / "case.yaml").read_bytes())
    (tmp_path / "case.yaml").symlink_to(tmp_path / "real.yaml")
    assert read_document(tmp_path / "case.yaml").data["id"] == "redaction-proof"


@pytest.mark.parametrize("name", ["notes.txt", "case.json", "inner.css"])
def test_an_img_in_html_embeds_only_an_image(css_folder: Path, name: str) -> None:
    (css_folder / "notes.txt").write_text("ZQ1SECRET")
    (css_folder / "case.json").write_text('{"phone": "ZQ1SECRET"}')
    sheet = css_folder / "plain.css"
    sheet.write_text("p { color: red }")
    with pytest.raises(ResourceError, match="not an image"):
        html_writer.write_html(
            _doc(css_folder, sheet, f'<img src="{(css_folder / name).as_uri()}">')
        )
