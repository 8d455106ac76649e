"""User template folders layered over the bundled kinds: blocks, ``bundled:`` extends,
partial kind folders, the vocabulary error, and the NGO letterhead example."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from advocacy_docs import Renderer
from advocacy_docs.case import Case, Recipient, Sender
from advocacy_docs.errors import InputError, TemplateError
from advocacy_docs.paths import bundled_templates_dir
from advocacy_docs.templating import TemplateEngine
from tests.conftest import (
    CASE_FILE,
    EXAMPLES,
    RECIPIENTS_FILE,
    ROOT,
    SENDERS_FILE,
    TODAY,
    pdf_pages,
    render_kind,
)

LETTERHEAD = EXAMPLES / "integrations" / "letterhead" / "templates"
DOCS = ROOT / "docs" / "templates.md"
BASE_BLOCKS = {"title", "author", "description", "keywords", "head_extra", "body"}


def _blocks(kind: str) -> list[str]:
    engine = TemplateEngine()
    template = engine.env.get_template(f"{kind}/document.html.j2")
    return [b for b in template.blocks if b not in BASE_BLOCKS]


KINDS = sorted(TemplateEngine().kinds)
KIND_BLOCKS = [(kind, block) for kind in KINDS for block in _blocks(kind)]


def _user_kind(folder: Path, kind: str, **files: str) -> Path:
    (folder / kind).mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (folder / kind / name.replace("_", ".")).write_text(text, encoding="utf-8")
    return folder


def _extending(kind: str, body: str) -> str:
    return f'{{% extends "bundled:{kind}/document.html.j2" %}}\n{body}'


def test_every_kind_has_blocks_and_the_docs_name_each() -> None:
    docs = DOCS.read_text(encoding="utf-8")
    assert {"letterhead", "sender", "date", "recipient", "subject", "salutation"} <= set(
        _blocks("letter")
    )
    assert {"closing", "signature", "colophon"} <= set(_blocks("letter"))
    for kind in KINDS:
        assert len(_blocks(kind)) >= 5, kind
        section = docs.split(f"`{kind}`", 1)
        assert len(section) == 2, f"docs/templates.md does not list the blocks of {kind}"
        for block in _blocks(kind):
            assert f"`{block}`" in section[1], (kind, block)


@pytest.mark.parametrize(("kind", "block"), KIND_BLOCKS)
def test_one_block_overridden_the_rest_bundled(
    tmp_path: Path,
    case: Case,
    recipients: list[Recipient],
    sender: Sender,
    renderer: Renderer,
    kind: str,
    block: str,
) -> None:
    marker = f"Replaced block {block} of {kind}"
    template = _extending(kind, f"{{% block {block} %}}<p>{marker}</p>\n{{% endblock %}}\n")
    user = _user_kind(tmp_path, kind, document_html_j2=template)
    mine = render_kind(Renderer(template_dirs=[user]), case, kind, "txt", recipients, sender)
    bundled = render_kind(renderer, case, kind, "txt", recipients, sender)
    assert marker in mine.decode() and marker not in bundled.decode()
    # Everything before the block is the bundled document's, unchanged.
    head = mine.decode().split(marker)[0].rstrip()
    assert bundled.decode().startswith(head)


def test_an_empty_block_changes_nothing(
    tmp_path: Path, case: Case, recipients: list[Recipient], sender: Sender, renderer: Renderer
) -> None:
    user = _user_kind(tmp_path, "letter", document_html_j2=_extending("letter", ""))
    for fmt in ("html", "pdf"):
        mine = render_kind(Renderer(template_dirs=[user]), case, "letter", fmt, recipients, sender)
        assert mine == render_kind(renderer, case, "letter", fmt, recipients, sender), fmt


def test_a_user_stylesheet_alone_layers_over_the_bundled_kind(
    tmp_path: Path, case: Case, recipients: list[Recipient], sender: Sender, renderer: Renderer
) -> None:
    user = _user_kind(tmp_path, "letter", style_css="@media print { p { font-size: 20pt } }\n")
    layered = Renderer(template_dirs=[user])
    html = render_kind(layered, case, "letter", "html", recipients, sender).decode()
    bundled_rule = ".sender p { text-align: right"
    assert bundled_rule in html and "font-size: 20pt" in html
    assert html.index(bundled_rule) < html.index("font-size: 20pt")  # the user's wins the cascade
    mine = render_kind(layered, case, "letter", "pdf", recipients, sender)
    assert mine != render_kind(renderer, case, "letter", "pdf", recipients, sender)
    assert layered.kinds()["letter"].stylesheets() == (
        bundled_templates_dir() / "letter" / "style.css",
        user.resolve() / "letter" / "style.css",
    )


def test_a_user_kind_toml_sets_only_what_it_says(
    tmp_path: Path, case: Case, recipients: list[Recipient], sender: Sender
) -> None:
    user = _user_kind(
        tmp_path, "letter", kind_toml='title = "Our appeal"\n[data.reply_laws.RU]\nde = "59-FZ"\n'
    )
    spec = Renderer(template_dirs=[user]).kinds()["letter"]
    bundled = Renderer().kinds()["letter"]
    assert spec.title == "Our appeal"
    assert (spec.formats, spec.needs, spec.audience) == (
        bundled.formats,
        bundled.needs,
        bundled.audience,
    )
    assert spec.data["reply_laws"]["RU"] == {**bundled.data["reply_laws"]["RU"], "de": "59-FZ"}


def test_a_bad_user_kind_toml_is_named(tmp_path: Path) -> None:
    user = _user_kind(tmp_path, "letter", kind_toml='formats = ["odt"]\n')
    with pytest.raises(InputError, match=r"letter/kind\.toml: formats: unknown format.*odt"):
        _ = Renderer(template_dirs=[user]).kinds()


@pytest.mark.parametrize("only", ["document.html.j2", "style.css"])
def test_a_partial_folder_of_no_kind_is_an_error(tmp_path: Path, only: str) -> None:
    (tmp_path / "lettre").mkdir()
    (tmp_path / "lettre" / only).write_text("p {}\n")
    with pytest.raises(InputError, match=r"lettre: no kind 'lettre' to add to.*kind\.toml"):
        _ = Renderer(template_dirs=[tmp_path]).kinds()


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "advocacy_docs.cli", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )


def test_kinds_shows_where_each_file_comes_from(tmp_path: Path) -> None:
    user = _user_kind(tmp_path, "letter", style_css="p {}\n", kind_toml='title = "Ours"\n')
    text = _cli("kinds", "--templates", str(user))
    assert text.returncode == 0, text.stderr
    letter = text.stdout.split("\nletter ", 1)[1].split("\nwgad-communication", 1)[0]
    lines = {line.split()[0]: line for line in letter.splitlines()[1:]}
    assert lines["kind.toml"].split()[1:4] == ["bundled", "+", str(user)]
    assert lines["document.html.j2"].split()[1:] == ["bundled"]
    assert lines["style.css"].split()[1:4] == ["bundled", "+", str(user)]
    assert str(bundled_templates_dir()) not in text.stdout
    listed = json.loads(_cli("kinds", "--json", "--templates", str(user)).stdout)
    files = {f["file"]: f for f in next(k for k in listed if k["name"] == "letter")["files"]}
    assert files["style.css"] == {
        "file": "style.css",
        "from": ["bundled", str(user)],
        "combined": True,
    }
    assert files["document.html.j2"]["from"] == ["bundled"]


# A class or element outside the vocabulary, and the line of the template that writes it.
BAD_MARKUP = {
    "role-less class on div": ('<div class="letterhead">NGO</div>', 'class "letterhead" on <div>'),
    "class on a heading": ('<h2 class="banner">NGO</h2>', 'class "banner" on <h2>'),
    "unknown element": ("<marquee>NGO</marquee>", "element <marquee>"),
    "second class of several": ('<p class="x-ok subtitle">NGO</p>', 'class "subtitle" on <p>'),
}


@pytest.mark.parametrize("name", sorted(BAD_MARKUP))
@pytest.mark.parametrize("line", [3, 6])
def test_markup_outside_the_vocabulary_names_file_line_and_rule(
    tmp_path: Path, case: Case, recipients: list[Recipient], sender: Sender, name: str, line: int
) -> None:
    markup, what = BAD_MARKUP[name]
    padding = "{# a comment line #}\n" * (line - 3)
    template = _extending(
        "letter", "{% block letterhead %}\n" + padding + markup + "\n{% endblock %}\n"
    )
    user = _user_kind(tmp_path, "letter", document_html_j2=template)
    with pytest.raises(TemplateError) as caught:
        render_kind(Renderer(template_dirs=[user]), case, "letter", "pdf", recipients, sender)
    message = str(caught.value)
    path = user.resolve() / "letter" / "document.html.j2"
    assert message.startswith(f"{path}:{line}: {what} is outside the HTML vocabulary: ")
    assert "docs/templates.md" in message and "\n" not in message
    if "class" in what:
        assert '"x-' in message  # the hint: x- classes are free for styling


def test_markup_outside_the_vocabulary_is_an_input_error_in_the_cli(tmp_path: Path) -> None:
    template = _extending(
        "letter", '{% block letterhead %}\n<div class="letterhead">NGO</div>\n{% endblock %}\n'
    )
    user = _user_kind(tmp_path, "letter", document_html_j2=template)
    run = _cli(
        "render", str(CASE_FILE), "--templates", str(user),
        "--recipient", f"{RECIPIENTS_FILE}#ambassador-ru-gb",
        "--sender", f"{SENDERS_FILE}#alex-morgan", "--format", "pdf", "-o", str(tmp_path / "out"),
    )  # fmt: skip
    assert run.returncode == 2, run.stderr
    (line,) = run.stderr.strip().splitlines()
    assert 'letter/document.html.j2:3: class "letterhead" on <div>' in line
    assert "x-letterhead" in line and "Traceback" not in run.stderr


def test_an_error_in_a_bundled_template_shows_no_installation_path(
    tmp_path: Path, case: Case
) -> None:
    # A user kind.toml that drops what the bundled letter needs: the letter itself then fails.
    user = _user_kind(tmp_path, "letter", kind_toml="needs = []\n")
    with pytest.raises(TemplateError) as caught:
        Renderer(template_dirs=[user]).render(case, kind="letter", fmt="txt", today=TODAY)
    message = str(caught.value)
    assert re.match(r"bundled:letter/document\.html\.j2:\d+: ", message), message
    assert str(bundled_templates_dir()) not in message


@pytest.mark.parametrize(
    "name",
    [
        "bundled:../SECURITY.md",
        "bundled:../../etc/passwd",
        "bundled:letter/../../pyproject.toml",
        "bundled:/etc/passwd",
        "bundled:..",
    ],
)
def test_bundled_names_stay_in_the_bundled_folder(
    tmp_path: Path, case: Case, recipients: list[Recipient], sender: Sender, name: str
) -> None:
    user = _user_kind(tmp_path, "letter", document_html_j2=f'{{% extends "{name}" %}}')
    with pytest.raises(TemplateError, match="not found"):
        render_kind(Renderer(template_dirs=[user]), case, "letter", "txt", recipients, sender)


def test_bundled_names_only_the_bundled_file(tmp_path: Path) -> None:
    # A user file of the same name is not what bundled: loads (else extending it would loop).
    user = _user_kind(tmp_path, "letter", document_html_j2="user's own")
    engine = TemplateEngine([user])
    source, filename, _ = engine.env.loader.get_source(
        engine.env, "bundled:letter/document.html.j2"
    )  # type: ignore[union-attr]
    assert Path(filename) == bundled_templates_dir() / "letter" / "document.html.j2"
    assert source != "user's own"


def _text_lines(pdf: bytes) -> list[str]:
    return [line for page in pdf_pages(pdf) for line in page.splitlines() if line.strip()]


@pytest.mark.parametrize("locale", ["en", "uk"])
def test_the_letterhead_example(
    case: Case, recipients: list[Recipient], sender: Sender, renderer: Renderer, locale: str
) -> None:
    mine = render_kind(
        Renderer(template_dirs=[LETTERHEAD]), case, "letter", "pdf", recipients, sender, locale
    )
    bundled = render_kind(renderer, case, "letter", "pdf", recipients, sender, locale)
    lines = _text_lines(mine)
    assert lines[:2] == [
        "Free Political Prisoners Network",
        "Every prisoner of conscience has a name",
    ]
    assert lines[2:] == _text_lines(bundled)  # the rest is the bundled letter, word for word
    html = render_kind(
        Renderer(template_dirs=[LETTERHEAD]), case, "letter", "html", recipients, sender, locale
    )
    assert re.search(rb"\.x-letterhead-name \{[^}]*color: #8a1c1c", html)  # its style.css applies
