"""A hostile translation (a user locale folder, tests/hostile/fixtures/locales/en): markup,
scripts, attachments, links and CSS in msgstrs, markup in locale.toml patterns and in the
salutations and closings of etiquette.toml. Documents print
all of it as text, in every format, loading nothing; ``advocacy-docs i18n check`` reports every
such msgstr with its file and line; a control character in a msgstr is refused by name.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path

import lxml.html
import pytest

from advocacy_docs import Renderer, load_case, load_recipients, load_senders
from advocacy_docs.cli import main
from advocacy_docs.errors import ConfigurationError, InputError
from advocacy_docs.i18n.audit import check
from advocacy_docs.i18n.workflow import Project
from tests.hostile.guard import allowed_roots, assert_contained, watching
from tests.hostile.outputs import views

HERE = Path(__file__).parent
LOCALES = HERE / "fixtures" / "locales"
CATALOG = LOCALES / "en" / "LC_MESSAGES" / "advocacy_docs.po"
REDACTION = HERE / "fixtures" / "redaction"
ROOT = HERE.parents[1]
TODAY = dt.date(2026, 11, 27)


def _msgids() -> dict[str, int]:
    """Each msgid of the hostile catalog and its line."""
    found = {}
    for number, line in enumerate(CATALOG.read_text(encoding="utf-8").splitlines(), 1):
        match = re.match(r'msgid "(.+)"$', line)
        if match:
            found[match.group(1)] = number
    return found


RENDERS = [(k, f) for k in ("letter", "briefing") for f in Renderer().kinds()[k].formats]


@pytest.mark.parametrize(("kind", "fmt"), RENDERS)
def test_markup_in_a_translation_prints_as_text(kind: str, fmt: str) -> None:
    renderer = Renderer(locale_dirs=[LOCALES])
    case = load_case(REDACTION / "case.yaml")
    recipient = load_recipients(REDACTION / "recipients.yaml")[0]
    sender = load_senders(REDACTION / "senders.yaml")[0]
    with watching() as activity:
        out = renderer.render(
            case,
            kind=kind,
            locale="en",
            fmt=fmt,
            recipient=recipient,
            sender=sender,
            today=TODAY,
        )
    assert_contained(activity, allowed_roots(renderer, [case.base_dir]))
    data = out.data
    if fmt == "html":
        tree = lxml.html.document_fromstring(data)
        for tag in ("script", "iframe", "link", "a[@rel]", "b"):
            assert tree.findall(f".//{tag}") == [], tag
        assert all(img.get("src", "").startswith("data:") for img in tree.iter("img"))
        assert [a.get("href") for a in tree.iter("a") if "javascript" in a.get("href", "")] == []
        text = tree.text_content()
    else:
        found = views(fmt, data)
        everything = "\n".join(found.values())
        assert "/EmbeddedFiles" not in everything and "/FileAttachment" not in everything
        text = found.get("text", "") + found.get("word/document.xml (text)", "")
        text += "".join(v for k, v in found.items() if k.startswith("part"))
    # English typography curls typed quotes: the markup still prints as text.
    flat = " ".join(text.translate(str.maketrans("“”‘’", "\"\"''")).split())
    shown = {"letter": 'href="file:///etc/passwd">x</a>', "briefing": "<script>alert(1)</script>"}
    assert shown[kind] in flat, flat[:500]
    assert "<img src=x>" in flat  # the date pattern of locale.toml, as text
    if kind == "letter":  # the salutation and closing of etiquette.toml, as text
        assert "<script>alert(3)</script>" in flat, flat[-500:]


def test_i18n_check_reports_every_hostile_message(tmp_path: Path) -> None:
    shutil.copy(ROOT / "babel.cfg", tmp_path / "babel.cfg")
    shutil.copytree(LOCALES, tmp_path / "locales")
    findings = check(Project.at(tmp_path), ["en"])
    catalog = tmp_path / "locales" / "en" / "LC_MESSAGES" / "advocacy_docs.po"
    for msgid, line in _msgids().items():
        mine = [f for f in findings if f.msgid == msgid]
        assert mine, f"nothing reported for {msgid!r}"
        assert all(f.path == catalog and f.line == line for f in mine)
        assert any("markup" in f.problem or "URL" in f.problem for f in mine), mine
    # The locale data of the same folder: its list pattern and its closing, by file and key.
    data = {(f.path.name, f.line, f.problem.split(":")[0]) for f in findings if not f.msgid}
    assert ("locale.toml", 3, "lists.standard.end") in data, data
    assert any(name == "etiquette.toml" and key == "letter.closing" for name, _, key in data)


def test_i18n_check_on_the_command_line_exits_1_naming_file_and_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    shutil.copy(ROOT / "babel.cfg", tmp_path / "babel.cfg")
    shutil.copytree(LOCALES, tmp_path / "locales")
    assert main(["i18n", "--root", str(tmp_path), "check", "en"]) == 1
    out = capsys.readouterr()
    catalog = tmp_path / "locales" / "en" / "LC_MESSAGES" / "advocacy_docs.po"
    for line in _msgids().values():
        assert f"{catalog}:{line}:" in out.out
    assert "Traceback" not in out.err


@pytest.mark.parametrize("char", ["\x00", "\x0b", "\x1b"])
def test_a_control_character_in_a_translation_is_refused_and_reported(
    char: str, tmp_path: Path
) -> None:
    folder = tmp_path / "locales" / "en" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    po = folder / "advocacy_docs.po"
    po.write_text(
        'msgid ""\nmsgstr ""\n"Language: en\\n"\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        f'msgid "Key facts"\nmsgstr "Key{char}facts"\n',
        encoding="utf-8",
    )
    case = load_case(REDACTION / "case.yaml")
    sender = load_senders(REDACTION / "senders.yaml")[0]
    with pytest.raises(ConfigurationError) as caught:
        Renderer(locale_dirs=[tmp_path / "locales"]).render(
            case, kind="briefing", fmt="docx", locale="en", sender=sender, today=TODAY
        )
    assert f"{po}:6:" in str(caught.value) and f"U+{ord(char):04X}" in str(caught.value)
    shutil.copy(ROOT / "babel.cfg", tmp_path / "babel.cfg")
    findings = check(Project.at(tmp_path), ["en"])
    assert any(f.line == 6 and "control character" in f.problem for f in findings), findings


def test_a_control_character_in_locale_data_is_refused_by_key(tmp_path: Path) -> None:
    shutil.copytree(ROOT / "tests" / "fixtures" / "locales" / "xx", tmp_path / "xx")
    toml = tmp_path / "xx" / "locale.toml"
    toml.write_text(toml.read_text(encoding="utf-8").replace('"yanvar"', '"yan\\u001bvar"'))
    case = load_case(REDACTION / "case.yaml")
    sender = load_senders(REDACTION / "senders.yaml")[0]
    with pytest.raises(InputError) as caught:
        Renderer(locale_dirs=[tmp_path]).render(
            case, kind="briefing", fmt="docx", locale="xx", sender=sender, today=TODAY
        )
    message = str(caught.value)
    line = next(n for n, t in enumerate(toml.read_text().splitlines(), 1) if "standalone.wide" in t)
    assert f"{toml}:{line}: months.standalone.wide[0]: contains U+001B" in message, message
