"""A hostile reference .docx: what it hides never reaches a document, what it bloats never gets
parsed, what it breaks is a one-line error naming the file and the part.

Every variant is the bundled reference with one thing added or broken, made here. The hidden
data carry a marker that no output may contain; a control saves each variant with plain
python-docx and finds the marker there, so the injection is known to be wired. Each output is
also checked for the class, not the marker: no relationship leaves the package but a web or
e-mail link, every part is of an allowed type, every field is one that neither fetches nor runs
anything, every relationship id used is defined.
"""

from __future__ import annotations

import datetime as dt
import html
import io
import re
import struct
import subprocess
import sys
import warnings
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import docx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from advocacy_docs import Renderer, load_case, load_recipients, load_senders
from advocacy_docs.case import Case, Recipient, Sender
from advocacy_docs.errors import InputError
from advocacy_docs.resources import ResourceFetcher
from advocacy_docs.writers import docx_reference
from advocacy_docs.writers.base import DocumentMeta, RenderedDocument
from advocacy_docs.writers.docx import write_docx
from tests.hostile.outputs import docx_views, strings_in
from tests.programs import Office

ROOT = Path(__file__).resolve().parents[2]
BUNDLED = ROOT / "templates" / "reference.docx"
FIXTURE = ROOT / "tests" / "hostile" / "fixtures" / "redaction"
TODAY = dt.date(2026, 11, 27)
KINDS = ("letter", "echr-application")
MARK = "ZQREFHIDDEN"

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
VML_O = "urn:schemas-microsoft-com:office:office"
RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
RT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
CT = "application/vnd.openxmlformats-officedocument."
DOC_RELS = "word/_rels/document.xml.rels"
FOOTER = "word/footer1.xml"
FOOTER_RELS = "word/_rels/footer1.xml.rels"

Files = dict[str, bytes]


# --- building variants ---------------------------------------------------------------------------


def bundled() -> Files:
    with zipfile.ZipFile(BUNDLED) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def pack(files: Files) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, blob in files.items():
            archive.writestr(name, blob)
    return buffer.getvalue()


def add_rel(files: Files, rels: str, r_id: str, kind: str, target: str, external: bool) -> None:
    """Add a relationship to the .rels part ``rels`` (made if missing)."""
    blob = files.get(rels, f'<Relationships xmlns="{RELS}"></Relationships>'.encode())
    mode = ' TargetMode="External"' if external else ""
    rel = f'<Relationship Id="{r_id}" Type="{kind}" Target="{target}"{mode}/>'
    files[rels] = blob.replace(b"</Relationships>", rel.encode() + b"</Relationships>")


def add_type(files: Files, partname: str, content_type: str) -> None:
    override = f'<Override PartName="{partname}" ContentType="{content_type}"/>'
    files["[Content_Types].xml"] = files["[Content_Types].xml"].replace(
        b"</Types>", override.encode() + b"</Types>"
    )


def add_part(
    files: Files, source_rels: str, r_id: str, kind: str, name: str, ct: str, blob: bytes
) -> None:
    """Add part ``name`` (package path), related from ``source_rels`` by a relative target."""
    files[name] = blob
    add_type(files, "/" + name, ct)
    folder = source_rels.split("_rels/")[0]
    target = name[len(folder) :] if folder and name.startswith(folder) else "/" + name
    add_rel(files, source_rels, r_id, kind, target, external=False)


def in_footer(files: Files, xml: str) -> None:
    """Append paragraph markup (w, r and o prefixes declared) to the footer."""
    wrapped = (
        f'<w:ftr xmlns:w="{W}" xmlns:r="{R}" xmlns:o="{VML_O}" '
        f'xmlns:v="urn:schemas-microsoft-com:vml">{xml}</w:ftr>'
    )
    root = etree.fromstring(files[FOOTER])
    for child in etree.fromstring(wrapped):
        root.append(child)
    files[FOOTER] = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def in_settings(files: Files, xml: str, first: bool = True) -> None:
    blob = files["word/settings.xml"].decode()
    if first:
        blob = re.sub(r"(<w:settings[^>]*>)", lambda m: m.group(1) + xml, blob, count=1)
    else:
        blob = blob.replace("</w:settings>", xml + "</w:settings>")
    files["word/settings.xml"] = blob.encode()


def complex_field(code: str, result: str = "shown") -> str:
    return (
        '<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        f'<w:r><w:instrText xml:space="preserve"> {code} </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
        f"<w:r><w:t>{result}</w:t></w:r>"
        '<w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>'
    )


def simple_field(code: str) -> str:
    instruction = html.escape(f" {code} ", quote=True)
    return (
        f'<w:p><w:fldSimple w:instr="{instruction}"><w:r><w:t>shown</w:t></w:r></w:fldSimple></w:p>'
    )


XML_PROLOG = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'


def _custom_properties(files: Files) -> None:
    blob = (
        f'{XML_PROLOG}<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/'
        'custom-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/'
        'docPropsVTypes"><property fmtid="{D5CDD505-2E9C-101B-9397-08002B2CF9AE}" pid="2" '
        f'name="Path"><vt:lpwstr>C:\\Users\\{MARK}\\secret.dotx</vt:lpwstr></property></Properties>'
    ).encode()
    add_part(
        files, "_rels/.rels", "rIdC", RT + "custom-properties", "docProps/custom.xml",
        CT + "custom-properties+xml", blob,
    )  # fmt: skip


def _macros(files: Files) -> None:
    add_part(
        files, DOC_RELS, "rIdV", "http://schemas.microsoft.com/office/2006/relationships/vbaProject",
        "word/vbaProject.bin", "application/vnd.ms-office.vbaProject", MARK.encode() * 4,
    )  # fmt: skip


def _macro_document(files: Files) -> None:
    """A .docm: the main part's content type says macros, and it has them."""
    _macros(files)
    files["[Content_Types].xml"] = files["[Content_Types].xml"].replace(
        (CT + "wordprocessingml.document.main+xml").encode(),
        b"application/vnd.ms-word.document.macroEnabled.main+xml",
    )


def _glossary(files: Files) -> None:
    blob = (
        f'{XML_PROLOG}<w:glossaryDocument xmlns:w="{W}"><w:docParts><w:docPart><w:docPartPr>'
        f'<w:name w:val="Own"/></w:docPartPr><w:docPartBody><w:p><w:r><w:t>{MARK}</w:t></w:r>'
        "</w:p></w:docPartBody></w:docPart></w:docParts></w:glossaryDocument>"
    ).encode()
    add_part(
        files, DOC_RELS, "rIdG", RT + "glossaryDocument", "word/glossary/document.xml",
        CT + "wordprocessingml.document.glossary+xml", blob,
    )  # fmt: skip


def _custom_xml(files: Files) -> None:
    add_part(
        files, DOC_RELS, "rIdX", RT + "customXml", "customXml/item9.xml", "application/xml",
        f"<client>{MARK}</client>".encode(),
    )  # fmt: skip


def _comments(files: Files) -> None:
    blob = (
        f'{XML_PROLOG}<w:comments xmlns:w="{W}"><w:comment w:id="0" w:author="{MARK}">'
        f"<w:p><w:r><w:t>{MARK}</w:t></w:r></w:p></w:comment></w:comments>"
    ).encode()
    add_part(
        files, DOC_RELS, "rIdK", RT + "comments", "word/comments.xml",
        CT + "wordprocessingml.comments+xml", blob,
    )  # fmt: skip
    in_footer(files, '<w:p><w:r><w:commentReference w:id="0"/></w:r></w:p>')


def _permissions(files: Files) -> None:
    """An editing permission: it names who may edit the range."""
    in_footer(
        files,
        f'<w:p><w:permStart w:id="1" w:ed="CORP\\{MARK}"/><w:r><w:t>editable</w:t></w:r>'
        '<w:permEnd w:id="1"/></w:p>',
    )


def _pasted_picture(files: Files) -> None:
    """Where Word says a pasted or inserted picture came from, and a path as its name."""
    add_part(
        files, FOOTER_RELS, "rIdJ", RT + "image", "word/media/pasted.png", "image/png",
        b"\x89PNG\r\n\x1a\n",
    )  # fmt: skip
    in_footer(
        files,
        '<w:p><w:r><w:pict><v:shape style="width:9pt;height:9pt"><v:imagedata r:id="rIdJ" '
        f'o:href="file:///C:/Users/{MARK}/AppData/Local/Temp/msohtmlclip1/01/clip_image002.png" '
        f'src="C:\\Users\\{MARK}\\logo.png" o:title="C:\\Users\\{MARK}\\logo.png"/>'
        "</v:shape></w:pict></w:r></w:p>",
    )


def _xml_comments(files: Files) -> None:
    for part in ("word/styles.xml", "word/settings.xml", FOOTER, "word/numbering.xml"):
        files[part] = _before_end(files[part], f"<!-- {MARK} --><?{MARK} pi?>".encode())


def _doc_vars(files: Files) -> None:
    in_settings(files, f'<w:docVars><w:docVar w:name="client" w:val="{MARK}"/></w:docVars>', False)


def _attached_template(files: Files) -> None:
    add_rel(
        files, "word/_rels/settings.xml.rels", "rIdT", RT + "attachedTemplate",
        f"file:///C:/Users/{MARK}/Normal.dotm", external=True,
    )  # fmt: skip
    in_settings(files, '<w:attachedTemplate r:id="rIdT"/>')


def _mail_merge(files: Files) -> None:
    add_rel(
        files, "word/_rels/settings.xml.rels", "rIdM", RT + "mailMergeSource",
        f"file:///C:/Users/{MARK}/clients.xlsx", external=True,
    )  # fmt: skip
    in_settings(
        files,
        '<w:mailMerge><w:mainDocumentType w:val="formLetters"/><w:dataType w:val="native"/>'
        f'<w:connectString w:val="{MARK}"/><w:dataSource r:id="rIdM"/></w:mailMerge>',
        first=False,
    )


def _protection(files: Files) -> None:
    in_settings(
        files,
        f'<w:writeProtection w:recommended="1" w:hashValue="{MARK}" w:saltValue="{MARK}"/>'
        f'<w:documentProtection w:edit="readOnly" w:enforcement="1" w:hashValue="{MARK}"/>',
    )


def _xslt(files: Files) -> None:
    add_rel(
        files, "word/_rels/settings.xml.rels", "rIdS", RT + "transform",
        f"http://{MARK}.example/save.xslt", external=True,
    )  # fmt: skip
    in_settings(files, f'<w:saveThroughXslt r:id="rIdS" w:solutionID="{MARK}"/>', False)


def _web_settings(files: Files) -> None:
    files["word/webSettings.xml"] = (
        f'{XML_PROLOG}<w:webSettings xmlns:w="{W}"><w:frameset><w:frame>'
        f'<w:sourceFileName w:val="{MARK}"/></w:frame></w:frameset></w:webSettings>'
    ).encode()


def _app_and_core(files: Files) -> None:
    files["docProps/app.xml"] = files["docProps/app.xml"].replace(
        b"</Properties>",
        f"<Company>{MARK}</Company><Manager>{MARK}</Manager></Properties>".encode(),
    )
    files["docProps/core.xml"] = re.sub(
        rb"<dc:creator>[^<]*</dc:creator>|(?=</cp:coreProperties>)",
        f"<dc:creator>{MARK}</dc:creator>".encode(),
        files["docProps/core.xml"],
        count=1,
    )


def _thumbnail(files: Files) -> None:
    add_part(
        files, "_rels/.rels", "rIdP",
        "http://schemas.openxmlformats.org/package/2006/relationships/metadata/thumbnail",
        "docProps/thumbnail.png", "image/png", b"\x89PNG" + MARK.encode(),
    )  # fmt: skip


def _printer_settings(files: Files) -> None:
    add_part(
        files, DOC_RELS, "rIdQ", RT + "printerSettings", "word/printerSettings/printer1.bin",
        CT + "wordprocessingml.printerSettings", f"\\\\{MARK}\\printer".encode(),
    )  # fmt: skip
    files["word/document.xml"] = re.sub(
        rb"(<w:sectPr[^>]*>)",
        lambda m: m.group(1) + b'<w:printerSettings r:id="rIdQ"/>',
        files["word/document.xml"],
    )


def _external(kind: str, target: str, markup: str) -> Callable[[Files], None]:
    def inject(files: Files) -> None:
        add_rel(files, FOOTER_RELS, "rIdE", kind, target, external=True)
        in_footer(files, markup)

    return inject


def _sub_document(files: Files) -> None:
    add_rel(
        files, DOC_RELS, "rIdD", RT + "subDocument", f"file:///C:/Users/{MARK}/sub.docx",
        external=True,
    )  # fmt: skip


def _embedded_object(files: Files) -> None:
    add_part(
        files, FOOTER_RELS, "rIdB", RT + "oleObject", "word/embeddings/oleObject1.bin",
        CT + "oleObject", MARK.encode() * 3,
    )  # fmt: skip
    in_footer(files, '<w:p><w:r><w:object><o:OLEObject r:id="rIdB"/></w:object></w:r></w:p>')


def _alt_chunk(files: Files) -> None:
    add_part(
        files, FOOTER_RELS, "rIdA", RT + "aFChunk", "word/afchunk.htm", "text/html",
        f"<html><body>{MARK}</body></html>".encode(),
    )  # fmt: skip
    in_footer(files, '<w:altChunk r:id="rIdA"/>')


def _image_that_is_not(files: Files) -> None:
    """An "image" relationship to a part that is no image (a macro project)."""
    add_part(
        files, FOOTER_RELS, "rIdI", RT + "image", "word/media/image9.bin",
        "application/vnd.ms-office.vbaProject", MARK.encode() * 2,
    )  # fmt: skip


def _lowercase_external(files: Files) -> None:
    """TargetMode "external": not External, so taken as a part that does not exist."""
    rels = files.get(FOOTER_RELS, f'<Relationships xmlns="{RELS}"></Relationships>'.encode())
    rel = (
        f'<Relationship Id="rIdL" Type="{RT}image" Target="http://{MARK}.example/x.png" '
        'TargetMode="external"/>'
    )
    files[FOOTER_RELS] = rels.replace(b"</Relationships>", rel.encode() + b"</Relationships>")


def _notes_picture(files: Files) -> None:
    add_rel(
        files, "word/_rels/footnotes.xml.rels", "rIdN", RT + "image",
        f"http://{MARK}.example/n.png", external=True,
    )  # fmt: skip


def _theme_picture(files: Files) -> None:
    add_rel(
        files, "word/theme/_rels/theme1.xml.rels", "rIdH", RT + "image",
        f"\\\\{MARK}\\share\\fill.png", external=True,
    )  # fmt: skip


def _numbering_picture(files: Files) -> None:
    add_rel(
        files, "word/_rels/numbering.xml.rels", "rIdU", RT + "image",
        f"http://{MARK}.example/bullet.png", external=True,
    )  # fmt: skip


_PICTURE = (
    '<w:p><w:r><w:pict><v:shape style="width:10pt;height:10pt"><v:imagedata r:id="rIdE" '
    'o:title=""/></v:shape></w:pict></w:r></w:p>'
)
_LINK = '<w:p><w:hyperlink r:id="rIdE"><w:r><w:t>link</w:t></w:r></w:hyperlink></w:p>'
FETCHING_FIELDS = (
    "INCLUDEPICTURE", "INCLUDETEXT", "LINK Excel.Sheet.8", "DDEAUTO excel", "DDE excel",
    "IMPORT", "DATABASE \\c", "MACROBUTTON Run", "DOCVARIABLE client", "AUTOTEXT Sig",
    "HYPERLINK", "PRINT", "ASK q", "FILLIN", "includepicture",
)  # fmt: skip


def _field(code: str, simple: bool) -> Callable[[Files], None]:
    def inject(files: Files) -> None:
        full = f'{code} "http://{MARK}.example/{code.split()[0].lower()}"'
        in_footer(files, simple_field(full) if simple else complex_field(full))

    return inject


def _nested_field(files: Files) -> None:
    """A kept field (IF) holding one that fetches: the inner one goes, the outer stays."""
    inner = (
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        f'<w:r><w:instrText> INCLUDEPICTURE "http://{MARK}.example/in.png" </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
    )
    in_footer(
        files,
        '<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        '<w:r><w:instrText> IF 1 = 1 "</w:instrText></w:r>'
        f'{inner}<w:r><w:instrText>" "" </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>',
    )


def _split_field(files: Files) -> None:
    """The code of one field split over runs: "INCLUDE" "PICTURE" is still INCLUDEPICTURE."""
    in_footer(
        files,
        '<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        "<w:r><w:instrText> INCLUDE</w:instrText></w:r>"
        f'<w:r><w:instrText>PICTURE "http://{MARK}.example/s.png" </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>',
    )


def _unterminated_field(files: Files) -> None:
    in_footer(
        files,
        '<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        f'<w:r><w:instrText> INCLUDETEXT "http://{MARK}.example/u.docx" </w:instrText></w:r></w:p>',
    )


HIDDEN: dict[str, Callable[[Files], None]] = {
    "custom properties": _custom_properties,
    "macro project": _macros,
    "macro-enabled document": _macro_document,
    "glossary": _glossary,
    "custom xml": _custom_xml,
    "comments": _comments,
    "permissions": _permissions,
    "pasted picture": _pasted_picture,
    "xml comments": _xml_comments,
    "document variables": _doc_vars,
    "attached template": _attached_template,
    "mail-merge source": _mail_merge,
    "protection hashes": _protection,
    "save through xslt": _xslt,
    "web settings": _web_settings,
    "app and core properties": _app_and_core,
    "thumbnail": _thumbnail,
    "printer settings": _printer_settings,
    "sub-document": _sub_document,
    "external picture": _external(RT + "image", f"http://{MARK}.example/p.png", _PICTURE),
    "unc ole object": _external(
        RT + "oleObject",
        f"\\\\{MARK}\\share\\x.xls",
        '<w:p><w:r><w:object><o:OLEObject Type="Link" r:id="rIdE"/></w:object></w:r></w:p>',
    ),
    "file link": _external(RT + "hyperlink", f"file:///C:/Users/{MARK}/x.docx", _LINK),
    "embedded ole object": _embedded_object,
    "alt chunk": _alt_chunk,
    "image that is not": _image_that_is_not,
    "lowercase external": _lowercase_external,
    "notes picture": _notes_picture,
    "theme picture": _theme_picture,
    "numbering picture": _numbering_picture,
    "nested field": _nested_field,
    "split field": _split_field,
    "unterminated field": _unterminated_field,
    **{f"field {c.split()[0]}": _field(c, simple=False) for c in FETCHING_FIELDS},
    **{f"simple field {c.split()[0]}": _field(c, simple=True) for c in FETCHING_FIELDS},
}


def variant(tmp_path: Path, *injections: Callable[[Files], None], name: str = "ref") -> Path:
    files = bundled()
    for inject in injections:
        inject(files)
    path = tmp_path / f"{name}.docx"
    path.write_bytes(pack(files))
    return path


# --- rendering -----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def inputs() -> tuple[Case, Recipient, Sender]:
    return (
        load_case(FIXTURE / "case.yaml"),
        load_recipients(FIXTURE / "recipients.yaml")[0],
        load_senders(FIXTURE / "senders.yaml")[0],
    )


def render(reference: Path, kind: str, inputs: tuple[Case, Recipient, Sender]) -> bytes:
    case, recipient, sender = inputs
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        out = Renderer(reference_docx=reference).render(
            case, kind=kind, locale="en", fmt="docx", recipient=recipient, sender=sender,
            today=TODAY,
        )  # fmt: skip
    return out.data


def write(reference: Path) -> bytes:
    """A small document with a list and a note, written with ``reference`` alone."""
    html = (
        '<!DOCTYPE html><html lang="en"><head><title>T</title></head><body>'
        '<p class="subject">S</p><ol><li>a</li></ol><p>x<span class="footnote">n</span></p>'
        "</body></html>"
    )
    doc = RenderedDocument(
        html=html,
        meta=DocumentMeta(title="T", lang="en", date=dt.datetime(2024, 1, 1, tzinfo=dt.UTC)),
        fetcher=ResourceFetcher([]),
        reference_docx=reference,
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return write_docx(doc)


# --- the class: what any output may hold ---------------------------------------------------------

ALLOWED_TYPES = {
    CT + "wordprocessingml.document.main+xml",
    CT + "wordprocessingml.styles+xml",
    CT + "wordprocessingml.numbering+xml",
    CT + "wordprocessingml.settings+xml",
    CT + "wordprocessingml.fontTable+xml",
    CT + "wordprocessingml.header+xml",
    CT + "wordprocessingml.footer+xml",
    CT + "wordprocessingml.footnotes+xml",
    CT + "wordprocessingml.endnotes+xml",
    CT + "wordprocessingml.document.glossary+xml",  # the document's own placeholders
    CT + "theme+xml",
    CT + "extended-properties+xml",
    "application/vnd.openxmlformats-package.core-properties+xml",
}
FORBIDDEN_SETTINGS = {
    "docVars", "attachedTemplate", "mailMerge", "rsids", "documentProtection", "writeProtection",
    "saveThroughXslt", "trackRevisions", "updateFields", "linkStyles", "attachedSchema",
    "docId", "savePreviewPicture", "proofState", "removePersonalInformation",
}  # fmt: skip
"""Settings that are the author's, not the style's (an independent list: the writer keeps an
allow-list)."""
FETCHING = re.compile(
    r"(?i)\b(INCLUDE\w*|LINK|DDE\w*|IMPORT|DATABASE|MACROBUTTON|DOCVARIABLE|AUTOTEXT\w*|"
    r"HYPERLINK|PRINT|ASK|FILLIN)\b"
)
"""Field names that fetch, run or ask something (an independent list: the writer's is kept ones)."""


def class_problems(data: bytes) -> list[str]:
    """Everything in a DOCX that the scrubbed-reference rule forbids."""
    problems: list[str] = []
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        files = {name: archive.read(name) for name in archive.namelist()}
    types = etree.fromstring(files["[Content_Types].xml"])
    ns = {"ct": "http://schemas.openxmlformats.org/package/2006/content-types"}
    for override in types.xpath("ct:Override", namespaces=ns):
        kind = override.get("ContentType")
        if kind not in ALLOWED_TYPES and not kind.startswith("image/"):
            problems.append(f"part {override.get('PartName')} of type {kind}")
    for name, blob in files.items():
        if name.endswith(".rels"):
            for rel in etree.fromstring(blob):
                external = rel.get("TargetMode") == "External"
                link = rel.get("Type") == RT + "hyperlink" and re.match(
                    r"(?i)\s*(https?|mailto):", rel.get("Target", "")
                )
                if external and not link:
                    problems.append(f"{name}: external {rel.get('Type')} {rel.get('Target')}")
            continue
        if not name.endswith(".xml") or name == "[Content_Types].xml":
            continue
        root = etree.fromstring(blob)
        # Field codes split over runs and nested fields: all of a part's codes, joined.
        codes = "".join(root.xpath("//w:instrText/text()", namespaces={"w": W}))
        codes += " ".join(root.xpath("//w:fldSimple/@w:instr", namespaces={"w": W}))
        problems.extend(f"{name}: field {m.group(0)!r}" for m in FETCHING.finditer(codes))
        anchors = "//w:commentReference | //w:commentRangeStart | //w:permStart"
        if root.xpath(anchors, namespaces={"w": W}):
            problems.append(f"{name}: a comment or permission of the reference")
        folder, base = name.rsplit("/", 1) if "/" in name else ("", name)
        rels_name = f"{folder}/_rels/{base}.rels".lstrip("/")
        ids = (
            {rel.get("Id") for rel in etree.fromstring(files[rels_name])}
            if rels_name in files
            else set()
        )
        for node in root.iter(etree.Element):
            for attribute, value in node.attrib.items():
                qname = etree.QName(attribute)
                named = qname.namespace == R or (qname.namespace, qname.localname) == (
                    VML_O,
                    "relid",
                )
                if named and value not in ids:
                    problems.append(f"{name}: {node.tag} names relationship {value} it lacks")
    if "word/settings.xml" in files:
        settings = etree.fromstring(files["word/settings.xml"])
        for child in settings:
            if etree.QName(child).localname in FORBIDDEN_SETTINGS:
                problems.append(f"settings: {etree.QName(child).localname}")
    return problems


def test_the_class_check_finds_what_the_bundled_reference_lacks(tmp_path: Path) -> None:
    """The control for ``class_problems``: a DOCX saved by python-docx from hostile variants has
    each kind of problem it looks for."""
    saved = io.BytesIO()
    path = variant(
        tmp_path, _macros, _doc_vars, _field("INCLUDEPICTURE", False), _sub_document,
        _external(RT + "image", f"http://{MARK}.example/p.png", _PICTURE),
    )  # fmt: skip
    docx.Document(str(path)).save(saved)
    found = "\n".join(class_problems(saved.getvalue()))
    for expected in ("vbaProject", "external", "field 'INCLUDEPICTURE'", "settings: docVars"):
        assert expected in found, expected
    assert class_problems(write(BUNDLED)) == []


@pytest.mark.parametrize("hidden", sorted(HIDDEN))
def test_hidden_reference_content_is_wired(hidden: str, tmp_path: Path) -> None:
    """The control: plain python-docx, opening and saving the variant, keeps the marker (or an
    external target or field the class check finds)."""
    saved = io.BytesIO()
    path = variant(tmp_path, HIDDEN[hidden])
    try:
        docx.Document(str(path)).save(saved)
    except (KeyError, ValueError):
        # python-docx cannot open these at all (a relationship to a missing part, a .docm):
        # the marker is in the package read as a zip.
        assert MARK.encode() in b"".join(
            zipfile.ZipFile(path).read(n) for n in zipfile.ZipFile(path).namelist()
        )
        return
    data = saved.getvalue()
    assert strings_in(docx_views(data), [MARK]) or class_problems(data), hidden


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("hidden", sorted(HIDDEN))
def test_nothing_hidden_in_a_reference_reaches_a_document(
    hidden: str, kind: str, tmp_path: Path, inputs: tuple[Case, Recipient, Sender]
) -> None:
    data = render(variant(tmp_path, HIDDEN[hidden]), kind, inputs)
    assert strings_in(docx_views(data), [MARK]) == {}
    assert class_problems(data) == []
    docx.Document(io.BytesIO(data))  # still a document python-docx (and Word) can open


@pytest.mark.parametrize("kind", KINDS)
def test_everything_hidden_at_once(
    kind: str, tmp_path: Path, inputs: tuple[Case, Recipient, Sender]
) -> None:
    # Those that add the same relationship id or part as another are left out: one of each.
    skip = {"unc ole object", "file link", "macro project"}
    combined = [inject for name, inject in HIDDEN.items() if name not in skip]
    data = render(variant(tmp_path, *combined), kind, inputs)
    assert strings_in(docx_views(data), [MARK]) == {}
    assert class_problems(data) == []


def test_libreoffice_opens_every_document_of_a_hostile_reference(
    tmp_path: Path, inputs: tuple[Case, Recipient, Sender], office: Office
) -> None:
    """What is left once the hidden content is gone is still a document: a dropped comment or
    relationship leaves nothing behind that names it."""
    out = tmp_path / "out"
    out.mkdir()
    sources = []
    for i, hidden in enumerate(sorted(HIDDEN)):
        if hidden.startswith("simple field") or hidden.startswith("field"):
            continue  # one of each below
        sources.append(out / f"{i}.docx")
        sources[-1].write_bytes(render(variant(tmp_path, HIDDEN[hidden]), "letter", inputs))
    skip = {"unc ole object", "file link", "macro project"}
    everything = variant(tmp_path, *[i for n, i in HIDDEN.items() if n not in skip], name="all")
    for kind in KINDS:
        sources.append(out / f"all-{kind}.docx")
        sources[-1].write_bytes(render(everything, kind, inputs))
    for source, pdf in zip(sources, office.to_pdfs(sources), strict=True):
        assert pdf.is_file(), f"LibreOffice cannot open {source.name}"


def test_what_a_letterhead_needs_is_kept(tmp_path: Path) -> None:
    """Allow-listed: page fields, a web link, a picture in the footer, the settings needed."""
    from tests.test_writer_docx import png

    def letterhead(files: Files) -> None:
        add_part(
            files, FOOTER_RELS, "rIdG", RT + "image", "word/media/logo.png", "image/png",
            png(4, 4),
        )  # fmt: skip
        add_rel(files, FOOTER_RELS, "rIdW", RT + "hyperlink", "https://lawyers.example/", True)
        in_footer(
            files,
            '<w:p><w:hyperlink r:id="rIdW"><w:r><w:t>lawyers.example</w:t></w:r></w:hyperlink>'
            '<w:r><w:pict><v:shape style="width:9pt;height:9pt"><v:imagedata r:id="rIdG"/>'
            "</v:shape></w:pict></w:r></w:p>"
            + complex_field("NUMPAGES", "3")
            + simple_field("DATE \\@ yyyy"),
        )
        in_settings(files, "<w:evenAndOddHeaders/><w:mirrorMargins/>", first=False)

    data = write(variant(tmp_path, letterhead))
    files = {
        n: zipfile.ZipFile(io.BytesIO(data)).read(n)
        for n in zipfile.ZipFile(io.BytesIO(data)).namelist()
    }
    footer = files[FOOTER].decode()
    assert "NUMPAGES" in footer and "DATE" in footer and " PAGE " in footer
    assert "https://lawyers.example/" in files[FOOTER_RELS].decode()
    assert any(name.startswith("word/media/") for name in files)
    settings = files["word/settings.xml"].decode()
    assert "evenAndOddHeaders" in settings and "mirrorMargins" in settings
    assert "defaultTabStop" in settings and "compat" in settings
    assert class_problems(data) == []


def test_a_template_and_a_macro_template_are_references_without_macros(tmp_path: Path) -> None:
    for main_type in (
        CT + "wordprocessingml.template.main+xml",
        "application/vnd.ms-word.template.macroEnabledTemplate.main+xml",
    ):

        def as_template(files: Files, main_type: str = main_type) -> None:
            _macros(files)
            files["[Content_Types].xml"] = files["[Content_Types].xml"].replace(
                (CT + "wordprocessingml.document.main+xml").encode(), main_type.encode()
            )

        data = write(variant(tmp_path, as_template))
        assert class_problems(data) == []
        assert strings_in(docx_views(data), [MARK]) == {}


# --- bombs: refused before they are parsed -------------------------------------------------------


def one_line_error(reference: Path, *parts: str) -> str:
    with pytest.raises(InputError) as caught:
        write(reference)
    message = str(caught.value)
    assert "\n" not in message and len(message) < 600, message
    assert str(reference) in message
    for part in parts:
        assert part in message, (part, message)
    return message


XML_PARTS = (
    "word/document.xml", "word/styles.xml", "word/settings.xml", "word/numbering.xml",
    FOOTER, "word/footnotes.xml", "word/fontTable.xml", "word/theme/theme1.xml",
    "[Content_Types].xml", "_rels/.rels", DOC_RELS,
)  # fmt: skip


def _before_end(blob: bytes, filler: bytes) -> bytes:
    """``filler`` inserted before the root element's end tag."""
    at = blob.rstrip().rindex(b"</")
    return blob[:at] + filler + blob[at:]


@pytest.mark.parametrize("part", XML_PARTS)
def test_a_part_that_decompresses_beyond_the_cap_is_refused_unread(
    part: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Whitespace (or anything) that compresses a thousandfold: the size is checked first."""
    monkeypatch.setattr(docx_reference, "MAX_PART_BYTES", 1_000_000)
    files = bundled()
    files[part] = _before_end(files[part], b" " * 1_200_000)
    path = tmp_path / "big.docx"
    path.write_bytes(pack(files))
    assert path.stat().st_size < 100_000
    one_line_error(path, part, "decompresses to")


def test_the_parts_together_are_capped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(docx_reference, "MAX_PACKAGE_BYTES", 1_500_000)
    files = bundled()
    for part in (FOOTER, "word/numbering.xml", "word/fontTable.xml"):
        files[part] = _before_end(files[part], b" " * 600_000)
    path = tmp_path / "parts.docx"
    path.write_bytes(pack(files))
    one_line_error(path, "decompresses to more than")


def test_a_size_the_zip_understates_is_not_decompressed_beyond_it(tmp_path: Path) -> None:
    """A member whose directory entry says 1 KB but which inflates to 2 MB: zipfile stops at the
    stated size, so the caps on stated sizes hold; the CRC then fails."""
    files = bundled()
    files[FOOTER] = _before_end(files[FOOTER], b" " * 2_000_000)
    data = bytearray(pack(files))
    real = len(files[FOOTER])
    stated = struct.pack("<I", 1024)
    for signature, offset in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        start = 0
        while (start := data.find(signature, start)) >= 0:
            header = bytes(data[start : start + 46])
            name_at = 30 if signature == b"PK\x03\x04" else 46
            name_len = struct.unpack("<H", header[26:28] if name_at == 30 else header[28:30])[0]
            if data[start + name_at : start + name_at + name_len] == FOOTER.encode():
                assert struct.unpack("<I", data[start + offset : start + offset + 4])[0] == real
                data[start + offset : start + offset + 4] = stated
            start += 4
    path = tmp_path / "lying.docx"
    path.write_bytes(bytes(data))
    one_line_error(path, "cannot be opened as a .docx")


@pytest.mark.parametrize("part", XML_PARTS)
def test_millions_of_elements_are_refused_while_counting(
    part: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(docx_reference, "MAX_ELEMENTS", 20_000)
    files = bundled()
    empty = b"<w:p/>" if part.startswith("word/") and "theme" not in part else b"<x/>"
    if part.endswith(".rels"):
        empty = b'<Relationship Id="z" Type="t" Target="x"/>'
    files[part] = _before_end(files[part], empty * 25_000)
    path = tmp_path / "many.docx"
    path.write_bytes(pack(files))
    one_line_error(path, part, "more than 20,000 XML elements")


def test_the_element_bomb_of_the_audit_is_refused(tmp_path: Path) -> None:
    """300,000 empty paragraphs (1.8 MB, 10 KB compressed) under the real caps."""
    files = bundled()
    files["word/document.xml"] = files["word/document.xml"].replace(
        b"<w:body>", b"<w:body>" + b"<w:p/>" * 300_000, 1
    )
    path = tmp_path / "bomb.docx"
    path.write_bytes(pack(files))
    one_line_error(path, "word/document.xml", "XML elements")


def test_too_many_parts_are_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(docx_reference, "MAX_PARTS", 40)
    files = bundled()
    header = f'{XML_PROLOG}<w:hdr xmlns:w="{W}"><w:p/></w:hdr>'.encode()
    for i in range(50):
        add_part(
            files, DOC_RELS, f"rIdH{i}", RT + "header", f"word/header{i}.xml",
            CT + "wordprocessingml.header+xml", header,
        )  # fmt: skip
    path = tmp_path / "parts.docx"
    path.write_bytes(pack(files))
    one_line_error(path, "more than 40 parts")


def test_an_oversized_or_special_file_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(docx_reference, "MAX_REFERENCE_BYTES", 10_000)
    one_line_error(BUNDLED, "larger than 10,000 bytes")
    monkeypatch.undo()
    import os

    fifo = tmp_path / "fifo.docx"
    os.mkfifo(fifo)  # reading it would block for ever
    one_line_error(fifo, "not a regular file")
    one_line_error(tmp_path, "not a regular file")


ENTITY_BOMB = (
    b'<?xml version="1.0"?><!DOCTYPE w:styles [<!ENTITY a "aaaaaaaaaa">'
    b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">'
    b'<!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;"><!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;">]>'
)


@pytest.mark.parametrize("part", XML_PARTS)
def test_a_document_type_declaration_is_refused(part: str, tmp_path: Path) -> None:
    files = bundled()
    body = re.sub(rb"^<\?xml[^>]*\?>\s*", b"", files[part])
    files[part] = ENTITY_BOMB + body
    path = tmp_path / "dtd.docx"
    path.write_bytes(pack(files))
    one_line_error(path, part)


# --- malformed XML and values: one line naming the file and the part -----------------------------

BREAKAGES: dict[str, Callable[[bytes], bytes]] = {
    "truncated": lambda blob: blob[: len(blob) // 2],
    "unclosed tag": lambda blob: _before_end(blob, b"<oops"),
    "mismatched tag": lambda blob: _before_end(blob, b"<a></b>"),
    "undeclared prefix": lambda blob: _before_end(blob, b"<zz:x/>"),
    "control character": lambda blob: _before_end(blob, b"<x>\x01</x>"),
    "not utf-8": lambda blob: _before_end(blob, b"<x>\xff\xfe</x>"),
    "empty": lambda blob: b"",
    "deep": lambda blob: _before_end(blob, b"<x>" * 300 + b"</x>" * 300),
    "long text": lambda blob: _before_end(blob, b"<x>" + b"a" * 10_500_000 + b"</x>"),
    "two roots": lambda blob: blob + b"<again/>",
}


@pytest.mark.parametrize("breakage", sorted(BREAKAGES))
@pytest.mark.parametrize("part", XML_PARTS)
def test_malformed_xml_in_any_part_is_a_one_line_error(
    part: str, breakage: str, tmp_path: Path
) -> None:
    files = bundled()
    files[part] = BREAKAGES[breakage](files[part])
    path = tmp_path / "broken.docx"
    path.write_bytes(pack(files))
    one_line_error(path, part)


@pytest.mark.parametrize(
    "part", ["word/styles.xml", "word/settings.xml", FOOTER, "word/numbering.xml"]
)
def test_a_part_of_the_wrong_kind_is_a_one_line_error(part: str, tmp_path: Path) -> None:
    files = bundled()
    files[part] = f'{XML_PROLOG}<w:body xmlns:w="{W}"/>'.encode()
    path = tmp_path / "wrong.docx"
    path.write_bytes(pack(files))
    one_line_error(path, part, "is not a Word")


def test_a_part_never_read_may_be_broken(tmp_path: Path) -> None:
    """The custom XML the bundled reference has is not taken: broken, it harms nothing."""
    files = bundled()
    files["customXml/item1.xml"] = b"<not xml"
    files["docProps/unused.xml"] = b"\x00" * 10
    path = tmp_path / "unused.docx"
    path.write_bytes(pack(files))
    assert class_problems(write(path)) == []


def _drop_rel(kind: str) -> Callable[[Files], None]:
    def drop(files: Files) -> None:
        files[DOC_RELS] = re.sub(
            rf'<Relationship [^>]*Type="{RT}{kind}"[^>]*/>'.encode(), b"", files[DOC_RELS]
        )

    return drop


def _rel(files: Files, rels: str, r_id: str, kind: str, target: str) -> None:
    add_rel(files, rels, r_id, RT + kind, target, external=False)


def _document(xml: str) -> Callable[[Files], None]:
    return lambda files: files.__setitem__("word/document.xml", xml.encode())


STRUCTURES: dict[str, Callable[[Files], None]] = {
    "no body": _document(f'<w:document xmlns:w="{W}"/>'),
    "empty body": _document(f'<w:document xmlns:w="{W}"><w:body/></w:document>'),
    "no styles": _drop_rel("styles"),
    "no settings": _drop_rel("settings"),
    "no numbering": _drop_rel("numbering"),
    "no footnotes": _drop_rel("footnotes"),
    "no font table or theme": lambda f: (_drop_rel("fontTable")(f), _drop_rel("theme")(f)),
    "two style tables": lambda f: _rel(f, DOC_RELS, "rIdZ", "styles", "styles.xml"),
    "one id twice": lambda f: _rel(f, DOC_RELS, "rId3", "numbering", "numbering.xml"),
    "a part relates to itself": lambda f: _rel(f, FOOTER_RELS, "rIdY", "footer", "footer1.xml"),
    "a target out of the package": lambda f: _rel(
        f, FOOTER_RELS, "rIdY", "image", "../../../../etc/passwd"
    ),
    "a target that is missing": lambda f: _rel(f, DOC_RELS, "rIdZ", "header", "header9.xml"),
    "a header reference to nothing": lambda f: f.__setitem__(
        "word/document.xml",
        re.sub(
            rb"(<w:sectPr[^>]*>)",
            rb'\1<w:headerReference w:type="default" r:id="rId99"/>',
            f["word/document.xml"],
        ),
    ),
}  # fmt: skip


@pytest.mark.parametrize("structure", sorted(STRUCTURES))
def test_an_odd_package_still_gives_a_document(structure: str, tmp_path: Path) -> None:
    """Parts missing, doubled, circular or out of the package: what is usable is used (Word's
    defaults for what is missing), and the document has nothing that names what is not there."""
    files = bundled()
    STRUCTURES[structure](files)
    data = write(variant_from(tmp_path, files, "odd"))
    assert class_problems(data) == []
    docx.Document(io.BytesIO(data))


@pytest.mark.parametrize("missing", ["[Content_Types].xml", "_rels/.rels", "word/document.xml"])
def test_a_package_without_its_frame_is_a_one_line_error(missing: str, tmp_path: Path) -> None:
    files = bundled()
    del files[missing]
    one_line_error(variant_from(tmp_path, files, "frameless"), "cannot be opened as a .docx")


VALUES = st.one_of(
    st.sampled_from(["", "abc", "-1", "1e5", "99999999999999999999", "-2147483649", "auto"]),
    st.text(max_size=12),
    st.integers(min_value=-(2**40), max_value=2**40).map(str),
)
TARGETS = {
    "word/document.xml": "//w:sectPr//@*",
    "word/numbering.xml": "//w:num/@* | //w:abstractNum/@* | //w:lvl/@* | //w:start/@*",
    "word/footnotes.xml": "//w:footnote/@*",
    "word/styles.xml": "//w:style/@* | //w:docDefaults//@*",
    "word/settings.xml": "//w:footnotePr//@* | //w:defaultTabStop/@*",
}


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(part=st.sampled_from(sorted(TARGETS)), data=st.data())
def test_any_value_in_a_reference_renders_or_is_an_input_error(
    part: str, data: st.DataObject, tmp_path: Path
) -> None:
    files = bundled()
    root = etree.fromstring(files[part])
    attributes = root.xpath(TARGETS[part], namespaces={"w": W})
    chosen = data.draw(st.lists(st.sampled_from(attributes), min_size=1, max_size=3))
    for attribute in chosen:
        parent = attribute.getparent()
        value = data.draw(VALUES)
        parent.set(attribute.attrname, "".join(c for c in value if c.isprintable()))
    files[part] = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    path = tmp_path / "values.docx"
    path.write_bytes(pack(files))
    try:
        write(path)
    except InputError as exc:
        assert "\n" not in str(exc) and str(path) in str(exc)


def test_the_audit_values_are_input_errors(tmp_path: Path) -> None:
    """Found by the test above: a page width python-docx cannot read; a list id beyond 2**31."""
    files = bundled()
    files["word/document.xml"] = re.sub(
        rb'(<w:pgSz[^>]*w:w=")\d+', rb"\g<1>1e5", files["word/document.xml"]
    )
    one_line_error(variant_from(tmp_path, files, "width"), "cannot be used")
    files = bundled()
    files["word/numbering.xml"] = re.sub(
        rb'(<w:num w:numId=")\d+', rb"\g<1>99999999999999999999", files["word/numbering.xml"]
    )
    one_line_error(variant_from(tmp_path, files, "lists"), "list id")


def variant_from(tmp_path: Path, files: Files, name: str) -> Path:
    path = tmp_path / f"{name}.docx"
    path.write_bytes(pack(files))
    return path


@pytest.mark.parametrize(
    "name,make",
    [
        ("malformed footer", lambda f: f.__setitem__(FOOTER, b"<w:ftr><oops")),
        ("element bomb", lambda f: f.__setitem__("word/document.xml", _before_end(
            f["word/document.xml"], b"<w:p/>" * 300_000))),
    ],
)  # fmt: skip
def test_the_command_says_one_line_and_exits_2(
    name: str, make: Callable[[Files], Any], tmp_path: Path
) -> None:
    files = bundled()
    make(files)
    reference = variant_from(tmp_path, files, "cli")
    result = subprocess.run(
        [
            sys.executable, "-m", "advocacy_docs.cli", "render", str(FIXTURE / "case.yaml"),
            "--recipient", str(FIXTURE / "recipients.yaml"), "--sender",
            str(FIXTURE / "senders.yaml"), "--format", "docx", "--reference-docx",
            str(reference), "-o", str(tmp_path / "out"),
        ],
        capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    errors = [line for line in result.stderr.splitlines() if "error" in line]
    assert len(errors) == 1 and str(reference) in errors[0], result.stderr
    assert not list(tmp_path.glob("out/**/*.docx"))


def test_a_refused_reference_is_refused_once_per_content(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A campaign of many letters with a bomb for a reference does the refusing work once."""
    from advocacy_docs.writers.docx_cache import ReferenceCache

    scrubbed: list[int] = []
    real = docx_reference.scrub_package

    def counting(data: bytes, path: Path) -> bytes:
        scrubbed.append(len(data))
        return real(data, path)

    monkeypatch.setattr(docx_reference, "scrub_package", counting)
    files = bundled()
    files[FOOTER] = b"<w:ftr><oops"
    path = variant_from(tmp_path, files, "refused")
    references = ReferenceCache()
    messages = set()
    for _ in range(5):
        with pytest.raises(InputError) as caught:
            references.get(path)
        messages.add(str(caught.value))
    assert len(scrubbed) == 1 and len(messages) == 1
    assert FOOTER in messages.pop()
    path.write_bytes(BUNDLED.read_bytes())  # mended: the new content is prepared
    assert references.get(path) is references.get(path)
    assert len(scrubbed) == 2
