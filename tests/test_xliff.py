"""XLIFF 2.0 export and import: a round trip keeps every message, context, comment and plural
form; hostile files (entities, external references, huge) are refused unparsed."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from defusedxml.ElementTree import fromstring

from advocacy_docs.cli import main
from advocacy_docs.errors import InputError
from advocacy_docs.i18n.workflow import Project, init, read_catalog
from advocacy_docs.i18n.xliff import (
    MAX_XLIFF_BYTES,
    XLIFF_NS,
    export_xliff,
    import_xliff,
    read_xliff,
)
from advocacy_docs.paths import bundled_locales_dir

SHIPPED = sorted(p.parents[1].name for p in bundled_locales_dir().glob("*/LC_MESSAGES/*.po"))


def _entries(catalog: Catalog) -> dict[object, tuple[object, ...]]:
    return {
        (m.context, m.id): (
            m.string if isinstance(m.string, str) else tuple(m.string),
            tuple(m.auto_comments),
            tuple(m.user_comments),
            m.fuzzy,
            tuple(sorted(m.flags)),
        )
        for m in catalog
        if m.id
    }


@pytest.mark.parametrize("lang", SHIPPED)
def test_round_trip_keeps_everything(lang: str, tmp_path: Path) -> None:
    shipped = Project.bundled()
    data = export_xliff(shipped, lang)
    root = fromstring(data)
    assert root.tag == f"{{{XLIFF_NS}}}xliff" and root.get("trgLang") == lang
    xlf = tmp_path / f"{lang}.xlf"
    xlf.write_bytes(data)
    mine = Project.user(tmp_path / "locales", create=True)
    init(mine, lang)
    result = import_xliff(mine, xlf)
    assert result.skipped == ()
    original = read_catalog(shipped.catalog_path(lang))
    imported = read_catalog(mine.catalog_path(lang))
    assert _entries(imported) == _entries(original)
    assert imported.num_plurals == original.num_plurals
    assert export_xliff(mine, lang) == data  # and back again, byte for byte


def test_export_shows_context_comments_and_plurals() -> None:
    data = export_xliff(Project.bundled(), "uk").decode("utf-8")
    assert 'po:context="female"' in data and '<note category="context">female</note>' in data
    assert '<note category="developer">' in data and '<note category="location">' in data
    assert 'po:form="2"' in data  # Ukrainian has three plural forms: one unit for each


def test_import_marks_initial_targets_fuzzy_and_keeps_translator_comments(
    tmp_path: Path,
) -> None:
    mine = Project.user(tmp_path / "locales", create=True)
    init(mine, "es")
    data = export_xliff(mine, "es").decode("utf-8")
    unit = "<source>Dear Sir or Madam,</source>\n      </segment>"
    assert unit in data
    data = data.replace(
        unit, "<source>Dear Sir or Madam,</source>\n<target>Estimado:</target></segment>"
    )
    xlf = tmp_path / "es.xlf"
    xlf.write_text(data, encoding="utf-8")
    import_xliff(mine, xlf)
    message = read_catalog(mine.catalog_path("es")).get("Dear Sir or Madam,")
    assert message.string == "Estimado:" and message.fuzzy  # state="initial": to review
    xlf.write_text(data.replace('state="initial">\n        <source>Dear Sir', 'state="translated">'
                                '\n        <source>Dear Sir'), encoding="utf-8")  # fmt: skip
    import_xliff(mine, xlf)
    message = read_catalog(mine.catalog_path("es")).get("Dear Sir or Madam,")
    assert message.string == "Estimado:" and not message.fuzzy


HOSTILE = {
    "billion laughs": (
        '<?xml version="1.0"?>\n<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa">'
        '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;">]>\n'
        f'<xliff xmlns="{XLIFF_NS}" version="2.0" srcLang="en" trgLang="es">&c;</xliff>'
    ),
    "external entity": (
        '<?xml version="1.0"?>\n<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>\n'
        f'<xliff xmlns="{XLIFF_NS}" version="2.0" srcLang="en" trgLang="es">&e;</xliff>'
    ),
    "external DTD": (
        '<?xml version="1.0"?>\n<!DOCTYPE xliff SYSTEM "http://127.0.0.1:9/x.dtd">\n'
        f'<xliff xmlns="{XLIFF_NS}" version="2.0" srcLang="en" trgLang="es"/>'
    ),
    "not XML": "<xliff",
    "not XLIFF": '<?xml version="1.0"?><html/>',
    "placeholder as inline code": (
        f'<xliff xmlns="{XLIFF_NS}" version="2.0" srcLang="en" trgLang="es"><file id="f">'
        '<unit id="u1"><segment><source>x</source><target>a<ph id="1"/></target></segment>'
        "</unit></file></xliff>"
    ),
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_files_are_refused_in_one_line(
    name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    mine = Project.user(tmp_path / "locales", create=True)
    init(mine, "es")
    before = mine.catalog_path("es").read_bytes()
    xlf = tmp_path / "hostile.xlf"
    xlf.write_text(HOSTILE[name], encoding="utf-8")
    with pytest.raises(InputError, match=r"hostile\.xlf"):
        read_xliff(xlf)
    code = main(["i18n", "import-xliff", str(xlf), "--locales-dir", str(mine.locales_dir)])
    err = capsys.readouterr().err
    assert code == 2 and len(err.strip().splitlines()) == 1 and "Traceback" not in err
    assert "passwd" not in err and "root:" not in err
    assert mine.catalog_path("es").read_bytes() == before


def test_huge_file_is_refused_unread(tmp_path: Path) -> None:
    xlf = tmp_path / "huge.xlf"
    with open(xlf, "wb") as fh:
        fh.write(b"<xliff>")
        fh.truncate(MAX_XLIFF_BYTES + 1)  # sparse: no time or disk spent
    with pytest.raises(InputError, match="larger than"):
        read_xliff(xlf)
    with pytest.raises(InputError, match="not a regular file"):
        read_xliff(tmp_path)
    if hasattr(os, "mkfifo"):
        os.mkfifo(tmp_path / "pipe.xlf")
        with pytest.raises(InputError, match="not a regular file"):
            read_xliff(tmp_path / "pipe.xlf")


def test_cli_export_and_import(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = str(tmp_path / "locales")
    assert main(["i18n", "init", "es", "--locales-dir", folder]) == 0
    xlf = tmp_path / "es.xlf"
    assert main(["i18n", "export-xliff", "es", "-o", str(xlf), "--locales-dir", folder]) == 0
    assert main(["i18n", "import-xliff", str(xlf), "--locales-dir", folder]) == 0
    out = capsys.readouterr().out
    assert "unchanged" in out
