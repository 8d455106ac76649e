"""A locale is a tag, never a path: every entry point refuses what is not a locale code
(``--locale 'en/../../../../x/en'`` once read locale data outside the locale folders and wrote
outputs outside ``-o``), in one line that does not echo a huge value."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from advocacy_docs import Renderer, load_case, load_senders
from advocacy_docs.cli import main
from advocacy_docs.errors import AdvocacyError
from advocacy_docs.i18n import get_localizer
from tests.conftest import CASE_FILE, SENDERS_FILE

NOT_TAGS = [
    "en/../../../../x/en", "../en", "/etc", "en/", ".", "..", "en\\..\\x", "en\x00", "en\n",
    "x" * 20_000, "en..", "uk/LC_MESSAGES", "~", "-", "e", "en_", "en--x", " en",
]  # fmt: skip


@pytest.mark.parametrize("lang", NOT_TAGS, ids=lambda v: repr(v)[:20])
def test_the_api_refuses_a_locale_that_is_no_tag(lang: str) -> None:
    case = load_case(CASE_FILE)
    sender = load_senders(SENDERS_FILE)[0]
    with pytest.raises(AdvocacyError) as caught:
        get_localizer(lang)
    assert "is not a locale code" in str(caught.value) and len(str(caught.value)) < 200
    with pytest.raises(AdvocacyError):
        Renderer().render(case, kind="briefing", locale=lang, fmt="txt", sender=sender,
                          today=dt.date(2026, 11, 27))  # fmt: skip


@pytest.mark.parametrize("lang", [*NOT_TAGS[:6], NOT_TAGS[9]], ids=lambda v: repr(v)[:20])
def test_the_command_refuses_it_in_one_line_writing_nothing(
    lang: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    sender = f"{SENDERS_FILE}#alex-morgan"
    code = main(["render", str(CASE_FILE), "--kind", "briefing", "--format", "txt",
                 "--locale", lang, "--sender", sender, "-o", str(out)])  # fmt: skip
    err = capsys.readouterr().err
    assert code == 2 and len(err.splitlines()) == 1 and len(err) < 300, err[:300]
    assert not out.exists() or not any(out.rglob("*"))
    assert not any(p for p in tmp_path.parent.glob("x*") if p.is_dir() and p.name == "x")
