"""The campaign file is checked like case files: every problem with its file, line and field."""

from __future__ import annotations

from pathlib import Path

import pytest

from advocacy_docs.campaign import load_campaign, run_campaign
from advocacy_docs.campaign.plan import check
from advocacy_docs.campaign.worker import RendererOptions
from advocacy_docs.errors import Problem, ValidationFailed

from .conftest import CASE_FILE, SENDERS_FILE
from .test_campaign import EXAMPLE_CAMPAIGN, OFFICIALS_CSV, run_cli

HEAD = f"""schema: advocacy-docs/campaign@1
case: {CASE_FILE}
recipients: {OFFICIALS_CSV}
"""


def _problems(tmp_path: Path, text: str, *, semantic: bool = False) -> list[Problem]:
    path = tmp_path / "campaign.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ValidationFailed) as err:
        campaign = load_campaign(path)
        if semantic:
            check(campaign, RendererOptions())
    for problem in err.value.problems:
        assert problem.file == str(path)
        assert str(problem).startswith(f"{path}:{problem.line}:")
    return err.value.problems


def _where(problems: list[Problem]) -> list[tuple[int | None, str]]:
    return [(p.line, p.path) for p in problems]


def test_the_example_is_valid() -> None:
    campaign = load_campaign(EXAMPLE_CAMPAIGN)
    plan = check(campaign, RendererOptions())
    assert plan.sender_order == ["alex-morgan", "olena-koval"]
    assert str(plan.date) == "2023-06-01"  # just after the example's facts (as_of: 2023-05-30)


def test_model_errors_name_file_line_and_field(tmp_path: Path) -> None:
    found = _problems(
        tmp_path,
        HEAD
        + f"""senders: [{SENDERS_FILE}#alex-morgan]
filter:
  country: [ru]
formts: [pdf]
formats: [pdf, odt]
locale: english
""",
    )
    assert _where(found) == [
        (6, "filter.country[0]"),
        (7, "formts"),
        (8, "formats[1]"),
        (9, "locale"),
    ]
    messages = [p.message for p in found]
    assert "'ru' is not a country code" in messages[0]
    assert messages[1] == "unknown field 'formts'; did you mean 'formats'?"
    assert "'odt' is not one of: pdf, docx, html, txt, eml" in messages[2]
    assert messages[3] == (
        "'english': write `recipient` (each recipient's language) or a list "
        "of locales such as [en, uk]"
    )
    # Checks across fields, once every field is right: at the line of the field concerned.
    found = _problems(
        tmp_path,
        HEAD + f"senders: [{SENDERS_FILE}]\nformats: [pdf, txt]\nattach_pdf: true\n"
        'output: "{recipient.id}.pdf"\n',
    )
    assert _where(found) == [(6, "attach_pdf"), (7, "output")]
    assert "add eml to formats" in found[0].message
    assert "must contain {format}" in found[1].message


def test_missing_fields(tmp_path: Path) -> None:
    found = _problems(tmp_path, "schema: advocacy-docs/campaign@1\ncase: c.yaml\n")
    assert {(p.path, p.message) for p in found} == {
        ("recipients", "missing required field 'recipients'"),
        ("senders", "missing required field 'senders'"),
    }


def test_sender_rule_errors(tmp_path: Path) -> None:
    (problem,) = _problems(tmp_path, HEAD + f"senders: [{SENDERS_FILE}]\nassign_senders: random\n")
    assert (problem.line, problem.path) == (5, "assign_senders")
    assert problem.message.startswith("'random': write `round-robin`, or a rule such as")
    (problem,) = _problems(
        tmp_path, HEAD + f"senders: [{SENDERS_FILE}]\nassign_senders: {{by: city, map: {{}}}}\n"
    )
    assert (problem.line, problem.path) == (5, "assign_senders.by")
    assert "'city' is not one of: id, country, language, gender" in problem.message


@pytest.mark.parametrize(
    ("pattern", "message"),
    [
        ("../{recipient.id}/{kind}.{format}", "'..'"),
        ("/tmp/{recipient.id}.{format}", "absolute path"),
        ("{recipient.id}/{kind}.{format}.{recipient.name}", "unknown field {recipient.name}"),
        ("{recipient.id}//{kind}.{format}", "no empty"),
        ("{recipient.id}\\\\{kind}.{format}", "backslash"),
        ("{recipient.id:>10}.{format}", "no format specifications"),
        ("{recipient.id}/.{kind}.{format}", "may not start with '.'"),
        ("{recipient.id}/{kind.__class__}.{format}", "unknown field"),
        ("{recipient.id}/{kind}", "must contain {format}"),
        ("{kind}.{locale}.{format}", "must contain {recipient.id}"),
        ("{recipient.id", "expected '}'"),
    ],
)
def test_output_pattern_is_checked(tmp_path: Path, pattern: str, message: str) -> None:
    found = _problems(
        tmp_path,
        HEAD + f'senders: [{SENDERS_FILE}]\nformats: [pdf, txt]\noutput: "{pattern}"\n',
    )
    assert _where(found) == [(6, "output")]
    assert message in found[0].message


def test_errors_found_against_other_files(tmp_path: Path) -> None:
    found = _problems(
        tmp_path,
        HEAD
        + f"""senders:
  - {SENDERS_FILE}#alex-morgan
  - {SENDERS_FILE}#nobody
  - missing-senders.yaml
assign_senders: {{by: language, map: {{uk: somebody}}}}
kinds: [letter, briefing, nope]
formats: [pdf, eml]
locale: [en, xx]
personal:
  senders:
    stranger: Hello
""",
        semantic=True,
    )
    assert _where(found) == [
        (6, "senders[1]"),
        (7, "senders[2]"),
        (8, "assign_senders.map.uk"),
        (9, "kinds[2]"),
        (10, "formats[1]"),  # the briefing is not offered as eml
        (11, "locale[1]"),
        (14, "personal.senders.stranger"),
    ]
    assert "no sender with id 'nobody'; the file has: alex-morgan, olena-koval" in found[0].message
    assert "no such file" in found[1].message
    assert "no kind 'nope'" in found[3].message
    assert "kind 'briefing' is not offered as eml" in found[4].message
    assert "no locale 'xx'" in found[5].message


def test_sender_without_email_cannot_send_eml(tmp_path: Path) -> None:
    senders = tmp_path / "s.yaml"
    senders.write_text(
        "schema: advocacy-docs/senders@1\nsenders:\n"
        "  - {id: no-mail, name: No Mail, city: London, country: GB}\n",
        encoding="utf-8",
    )
    found = _problems(tmp_path, HEAD + f"senders: [{senders}]\nformats: [eml]\n", semantic=True)
    assert _where(found) == [(4, "senders[0]")]
    assert "has no email" in found[0].message


def test_cli_prints_problems_and_exits_2(tmp_path: Path) -> None:
    path = tmp_path / "campaign.yaml"
    path.write_text(HEAD + f"senders: [{SENDERS_FILE}]\nkinds: [leter]\n", encoding="utf-8")
    result = run_cli("campaign", str(path), "-o", str(tmp_path / "out"))
    assert result.returncode == 2
    assert f"{path}:5:" in result.stderr and "kinds[0]" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "out" / "manifest.json").exists()  # nothing written


def test_a_bad_recipients_header_stops_before_writing(tmp_path: Path) -> None:
    recipients = tmp_path / "r.csv"
    recipients.write_text("id,name,name,country,language\nx,A,B,GB,en\n", encoding="utf-8")
    path = tmp_path / "campaign.yaml"
    path.write_text(
        f"schema: advocacy-docs/campaign@1\ncase: {CASE_FILE}\nrecipients: r.csv\n"
        f"senders: [{SENDERS_FILE}]\n",
        encoding="utf-8",
    )
    with pytest.raises(ValidationFailed) as err:
        run_campaign(path, tmp_path / "out")
    assert "appears twice" in str(err.value)
    assert not (tmp_path / "out" / "manifest.json").exists()
