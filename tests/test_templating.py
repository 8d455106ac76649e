"""Kinds, user template folders and the sandbox."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from advocacy_docs import Renderer
from advocacy_docs.case import Case, Recipient, Sender
from advocacy_docs.errors import InputError, TemplateError
from advocacy_docs.templating import discover_kinds
from tests.conftest import TODAY, flat, recipient_for

NOTE_TEMPLATE = """{% extends "partials/base.html.j2" %}
{% block title %}Note{% endblock %}
{% block body %}<h1>{{ _("Appeal letter") }}</h1>
<p>{{ person.name }} · {{ today|date }}</p>{% endblock %}
"""


def _kind(folder: Path, name: str, template: str, toml: str = 'title = "T"\n') -> None:
    (folder / name).mkdir(parents=True)
    (folder / name / "kind.toml").write_text(toml)
    (folder / name / "document.html.j2").write_text(template)


def test_user_folder_adds_a_kind_and_overrides_one(
    tmp_path: Path, case: Case, recipients: list[Recipient], sender: Sender
) -> None:
    _kind(tmp_path, "note", NOTE_TEMPLATE, 'title = "Note"\nformats = ["txt", "html"]\n')
    _kind(
        tmp_path,
        "letter",
        NOTE_TEMPLATE.replace("Note", "Overridden"),
        'title = "Mine"\nneeds = ["recipient", "sender"]\n',
    )
    renderer = Renderer(template_dirs=[tmp_path])
    assert {"note", "letter"} <= set(renderer.kinds())
    assert renderer.kinds()["letter"].title == "Mine"
    note = renderer.render(case, kind="note", locale="uk", fmt="txt", today=TODAY)
    text = note.data.decode().replace("\u00a0", " ")  # a date never breaks: no-break spaces
    assert "Лист-звернення" in text and "Бахром Хамроєв" in text and "27 листопада 2026" in text
    mine = renderer.render(
        case,
        kind="letter",
        locale="en",
        fmt="html",
        today=TODAY,
        recipient=recipient_for(recipients, "en"),
        sender=sender,
    )
    assert b"<title>Overridden</title>" in mine.data
    with pytest.raises(InputError, match="not available as 'pdf'"):
        renderer.render(case, kind="note", fmt="pdf")


@pytest.mark.parametrize(
    "expression",
    [
        "{{ ''.__class__.__mro__[1].__subclasses__() }}",
        "{{ person.__class__.__init__.__globals__ }}",
        "{{ localizer._catalogs }}",
        "{{ cycler.__init__.__globals__.os }}",
    ],
)
def test_sandbox_blocks_escape_attempts(tmp_path: Path, case: Case, expression: str) -> None:
    _kind(
        tmp_path,
        "evil",
        '{% extends "partials/base.html.j2" %}{% block body %}<p>'
        + expression
        + "</p>{% endblock %}",
    )
    with pytest.raises(TemplateError):
        Renderer(template_dirs=[tmp_path]).render(case, kind="evil", fmt="html", today=TODAY)


def test_case_text_is_escaped_never_interpreted(
    case: Case, recipients: list[Recipient], sender: Sender, renderer: Renderer
) -> None:
    from advocacy_docs.case.types import LocalizedText

    hostile = "<script>alert(1)</script> {{ 7*7 }}"
    person = case.person.model_copy(update={"name": LocalizedText(plain=hostile)})
    out = renderer.render(
        case.model_copy(update={"person": person}),
        fmt="html",
        locale="en",
        recipient=recipient_for(recipients, "en"),
        sender=sender,
        today=TODAY,
    )
    html = out.data.decode()
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "{{ 7*7 }}" in html and "49" not in html


def test_bad_kind_manifest_is_named(tmp_path: Path) -> None:
    _kind(tmp_path, "broken", "x", 'title = "T"\nformats = ["odt"]\n')
    with pytest.raises(InputError, match=r"broken.*kind.toml.*odt"):
        discover_kinds([tmp_path])
    with pytest.raises(InputError, match="does not exist"):
        discover_kinds([tmp_path / "missing"])


def test_template_syntax_error_names_file_and_line(tmp_path: Path, case: Case) -> None:
    _kind(tmp_path, "typo", '{% extends "partials/base.html.j2" %}\n{% block body %}\n{% if %}\n')
    with pytest.raises(TemplateError, match=r"typo/document.html.j2:3"):
        Renderer(template_dirs=[tmp_path]).render(case, kind="typo", fmt="txt", today=TODAY)


def test_text_in_a_fallback_language_is_marked_and_reported(
    case: Case, recipients: list[Recipient], sender: Sender, renderer: Renderer
) -> None:
    from advocacy_docs.case.types import LocalizedText

    english_only = LocalizedText(values={"en": "human rights defender"})
    person = case.person.model_copy(update={"occupation": english_only})
    out = renderer.render(
        case.model_copy(update={"person": person}),
        fmt="html",
        locale="uk",
        recipient=recipient_for(recipients, "uk"),
        sender=sender,
        today=dt.date(2026, 11, 27),
    )
    assert '<span lang="en">human rights defender</span>' in out.data.decode()
    assert any(str(w).startswith("person.occupation: no 'uk' text") for w in out.warnings)
    assert not any("sources" in str(w) for w in out.warnings)  # unprinted fields: not reported
    assert "human rights defender" in flat(out.data.decode())
