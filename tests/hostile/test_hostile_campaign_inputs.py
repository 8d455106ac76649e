"""Hostile campaign inputs: files that change while a campaign runs, a campaign file that raises
the audience, and resources a render reads that ``--resume`` must notice.

Classes (SECURITY.md):

- read-once inputs: the case, its photo, the senders, the recipients and the campaign file are
  each read once by the planner; what is hashed is what is printed, whatever happens to the
  files afterwards (workers get the parsed data, never a path to read again);
- no silent audience raise: a campaign file's ``audience`` above a kind's default needs
  ``--allow-audience`` as well, and is then printed in the summary and recorded in the manifest;
- every resource a render read is covered by its output's hash (``--resume``).
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import os
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from advocacy_docs.campaign import RendererOptions, run_campaign
from advocacy_docs.campaign import runner as campaign_runner
from advocacy_docs.campaign.plan import check, read_case, resource_digest
from advocacy_docs.campaign.spec import load_campaign
from advocacy_docs.cli import main
from advocacy_docs.errors import ValidationFailed

FIXTURES = Path(__file__).parent / "fixtures" / "redaction"
SEVERITY = {"public": 0, "partners": 1, "legal": 2}


def _png(colour: tuple[int, int, int]) -> bytes:
    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (4, 4), colour).save(buf, format="PNG")
    return buf.getvalue()


RED, BLUE = _png((200, 0, 0)), _png((0, 0, 200))


def _folder(tmp_path: Path, **fields: Any) -> Path:
    """A campaign over the redaction case (with a photo), one recipient, one sender."""
    for name in ("case.yaml", "recipients.yaml", "senders.yaml"):
        shutil.copy(FIXTURES / name, tmp_path / name)
    case = tmp_path / "case.yaml"
    text = case.read_text(encoding="utf-8")
    case.write_text(
        text.replace("  gender: female\n", "  gender: female\n  photo: photo.png\n", 1),
        encoding="utf-8",
    )
    (tmp_path / "photo.png").write_bytes(RED)
    data: dict[str, Any] = {
        "schema": "advocacy-docs/campaign@1",
        "name": "probe",
        "case": "case.yaml",
        "recipients": "recipients.yaml",
        "senders": ["senders.yaml#campaigner"],
        "kinds": ["letter"],
        "formats": ["txt"],
        "date": "2023-06-02",
        "output": "{recipient.id}/{kind}.{locale}.{format}",
    }
    data.update(fields)
    path = tmp_path / "campaign.yaml"
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    return path


def _manifest(out: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    return data


# --- read-once inputs ----------------------------------------------------------------------

# Each input, how it is changed once the planner has read it, and the text (or bytes) that the
# documents would show if a worker read the file again.
CHANGES: dict[str, tuple[str, bytes | None, str]] = {
    "case": ("case.yaml", None, "Changedafter Hash"),
    "senders": ("senders.yaml", None, "Changedafter Sender"),
    "recipients": ("recipients.yaml", None, "Changedafter Addressee"),
    "photo": ("photo.png", BLUE, base64.b64encode(BLUE).decode()),
    "campaign": ("campaign.yaml", None, "Changedafter Campaign"),
}


def _change(folder: Path, which: str) -> None:
    name, new_bytes, marker = CHANGES[which]
    path = folder / name
    if new_bytes is not None:
        path.write_bytes(new_bytes)
        return
    text = path.read_text(encoding="utf-8")
    replaced = {
        "case": text.replace("name: Redaction Proof", f"name: {marker}"),
        "senders": text.replace("name: Sam Sender", f"name: {marker}"),
        "recipients": text.replace("Bolshaya Dmitrovka 15a", marker),
        "campaign": text.replace('"probe"', f'"{marker}"'),
    }[which]
    assert replaced != text
    path.write_text(replaced, encoding="utf-8")


def _after_planning(monkeypatch: pytest.MonkeyPatch, action: Callable[[], None]) -> None:
    """Run ``action`` once the planner has read everything, before any document is rendered."""
    original = campaign_runner._render

    def render(*args: Any, **kwargs: Any) -> None:
        action()
        original(*args, **kwargs)

    monkeypatch.setattr(campaign_runner, "_render", render)


def _shown(out: Path) -> str:
    return "\n".join(
        p.read_text(encoding="utf-8")
        for p in sorted(out.rglob("*"))
        if p.suffix in (".txt", ".html")
    )


@pytest.mark.parametrize("workers", [1, 2])
@pytest.mark.parametrize("which", sorted(CHANGES))
def test_an_input_changed_during_the_run_is_neither_printed_nor_recorded(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, which: str, workers: int
) -> None:
    # Two kinds, so that two workers really run; the briefing prints the photo, the letter
    # the recipient and the sender.
    campaign = _folder(
        tmp_path,
        kinds=["letter", "briefing"],
        formats=["html"],
        output="{recipient.id}/{kind}.{locale}.{format}",
    )
    folder = tmp_path
    campaign_text = campaign.read_bytes()
    _, _, case_digest = read_case(folder / "case.yaml")
    out = tmp_path / "out"
    _after_planning(monkeypatch, lambda: _change(folder, which))
    summary = run_campaign(campaign, out, workers=workers)
    assert summary.exit_code == 0, summary.text()
    assert summary.rendered == 2
    marker = CHANGES[which][2]
    shown = _shown(out)
    assert marker not in shown, f"a worker read {which} again"
    assert base64.b64encode(RED).decode() in shown  # the photo as read with the case
    inputs = _manifest(out)["inputs"]
    # What is recorded is what was read: the original files, not the changed ones.
    assert inputs["case_sha256"] == case_digest
    assert inputs["campaign_sha256"] == hashlib.sha256(campaign_text).hexdigest()

    # The change is seen by the next run: nothing made from the old file is kept for the new.
    monkeypatch.undo()
    again = run_campaign(campaign, out, workers=1, resume=True)
    assert again.exit_code == 0, again.text()
    if which == "campaign":  # only the name changed: it is not printed in the documents
        assert again.name == marker
    else:
        assert again.rendered == 2 and again.skipped == 0, again.text()
        assert marker in _shown(out)


def test_workers_are_handed_no_path_to_an_input(tmp_path: Path) -> None:
    """The settings sent to every worker hold the case and photo as read, not where they lie."""
    captured: list[Any] = []
    original = campaign_runner.init_worker

    def spy(settings: Any, **kwargs: Any) -> None:
        captured.append(settings)
        original(settings, **kwargs)

    campaign = _folder(tmp_path)
    try:
        campaign_runner.init_worker = spy  # type: ignore[assignment]
        run_campaign(campaign, tmp_path / "out", workers=1)
    finally:
        campaign_runner.init_worker = original  # type: ignore[assignment]
    (settings,) = captured
    inputs = {(tmp_path / n).resolve() for n in ("case.yaml", "photo.png", "senders.yaml")}
    for name, value in vars(settings).items():
        if isinstance(value, Path):
            assert value.resolve() not in inputs, name
    assert settings.photo.startswith("data:image/png;base64,")


# --- no silent audience raise --------------------------------------------------------------

AUDIENCES: list[str | None] = [None, "public", "partners", "legal"]
ALLOWS: list[str | None] = [None, "partners", "legal"]


@pytest.mark.parametrize("allow", ALLOWS)
@pytest.mark.parametrize("audience", AUDIENCES)
def test_an_audience_above_a_kinds_default_needs_the_flag(
    tmp_path: Path, audience: str | None, allow: str | None
) -> None:
    options = RendererOptions()
    kinds = options.renderer().kinds()
    for kind, spec in sorted(kinds.items()):
        fields: dict[str, Any] = {"kinds": [kind], "formats": [spec.formats[0]]}
        if audience is not None:
            fields["audience"] = audience
        campaign = load_campaign(_folder(tmp_path, **fields))
        raised = audience is not None and SEVERITY[audience] > SEVERITY[spec.audience]
        refused = raised and (allow is None or SEVERITY[allow] < SEVERITY[audience or "public"])
        try:
            plan = check(campaign, options, allow_audience=allow)  # type: ignore[arg-type]
        except ValidationFailed as exc:
            about = [p for p in exc.problems if p.path == "audience"]
            assert refused, f"{kind}: {exc}"
            (problem,) = about
            text = str(problem)
            assert "\n" not in text and f"--allow-audience {audience}" in text
            assert text.startswith(f"{campaign.path}:"), text
            continue
        assert not refused, f"{kind}: audience {audience} above {spec.audience} went through"
        record = plan.audience_record()
        assert record["by_kind"][kind] == {
            "default": spec.audience,
            "used": audience or spec.audience,
        }
        assert (plan.audience_line() is not None) == raised
        assert (record["raised_by"] is not None) == raised


def test_cli_refuses_a_raise_in_one_line_and_records_an_allowed_one(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    campaign = _folder(tmp_path, audience="legal")
    out = tmp_path / "out"
    assert main(["campaign", str(campaign), "-o", str(out), "--quiet"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "--allow-audience legal" in err, err
    assert "Traceback" not in err
    assert not out.exists(), "nothing is written before the raise is confirmed"
    # A flag below the campaign's audience does not confirm it either.
    args = ["campaign", str(campaign), "-o", str(out), "--quiet", "--allow-audience", "partners"]
    assert main(args) == 2
    capsys.readouterr()

    assert main([*args[:-1], "legal"]) == 0
    err = capsys.readouterr().err
    assert "audience: legal for letter (default public)" in err
    record = _manifest(out)["audience"]
    assert record["campaign"] == "legal" and record["raised_by"] == "--allow-audience legal"
    assert "ZQ1CHARGES1LEGAL" in _shown(out)  # and it was raised, as confirmed


def test_a_raise_changes_the_inputs_hash(tmp_path: Path) -> None:
    """A document written for one audience is never kept by --resume for another."""
    out = tmp_path / "out"
    run_campaign(_folder(tmp_path), out, workers=1)
    raised = run_campaign(
        _folder(tmp_path, audience="legal"), out, workers=1, resume=True, allow_audience="legal"
    )
    assert raised.rendered == 1 and raised.skipped == 0


# --- every resource read is in the output's hash ------------------------------------------

# Stylesheet folders: the sheet given with --css, what it reads, and the file changed later.
SHEETS: dict[str, tuple[dict[str, str | bytes], str, str | bytes]] = {
    "import": (
        {"user.css": '@import "inner.css";', "inner.css": "p{color:red}"},
        "inner.css",
        "p{color:blue}",
    ),
    "import-of-an-import": (
        {
            "user.css": '@import "a.css";',
            "a.css": '@import "sub/b.css";',
            "sub/b.css": "p{color:red}",
        },
        "sub/b.css",
        "p{color:blue}",
    ),
    "image": ({"user.css": "body{background:url(bg.png)}", "bg.png": RED}, "bg.png", BLUE),
    "image-in-an-import": (
        {
            "user.css": '@import "in.css";',
            "in.css": "html{background:url(i/bg.png)}",
            "i/bg.png": RED,
        },
        "i/bg.png",
        BLUE,
    ),
}


def _write(path: Path, content: str | bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")


@pytest.mark.parametrize("fmt", ["html", "pdf"])
@pytest.mark.parametrize("case", sorted(SHEETS))
def test_resume_renders_again_when_a_resource_it_read_changed(
    tmp_path: Path, case: str, fmt: str
) -> None:
    files, changed, new = SHEETS[case]
    css = tmp_path / "css"
    for name, content in files.items():
        _write(css / name, content)
    campaign = _folder(tmp_path, formats=[fmt])
    options = RendererOptions(stylesheets=(css / "user.css",))
    out = tmp_path / "out"
    first = run_campaign(campaign, out, workers=1, options=options)
    assert first.exit_code == 0, first.text()
    (entry,) = _manifest(out)["outputs"]
    # Recorded relative to the campaign file: no absolute local path in the manifest.
    assert f"css/{changed}" in entry["reads"]
    assert not any(os.path.isabs(r) for r in entry["reads"])

    same = run_campaign(campaign, out, workers=1, options=options, resume=True)
    assert same.skipped == 1 and same.rendered == 0, "nothing changed: kept"

    before = (out / entry["path"]).read_bytes()
    _write(css / changed, new)
    again = run_campaign(campaign, out, workers=1, options=options, resume=True)
    assert again.rendered == 1 and again.skipped == 0, f"{changed} changed: {again.text()}"
    assert (out / entry["path"]).read_bytes() != before

    (css / changed).unlink()
    gone = run_campaign(campaign, out, workers=1, options=options, resume=True)
    assert gone.skipped == 0, "a resource that is gone keeps nothing made from it"


def test_resume_hashes_only_regular_files_a_manifest_names(tmp_path: Path) -> None:
    """A planted manifest naming a FIFO, a folder, a device or nothing: no hang, no match."""
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    big = tmp_path / "big"
    with big.open("wb") as fh:
        fh.truncate(30 * 1024 * 1024)
    for path in (fifo, tmp_path, Path(os.devnull), tmp_path / "missing", big):
        assert resource_digest(path) is None, path
    plain = tmp_path / "plain.css"
    plain.write_bytes(b"p{}")
    assert resource_digest(plain) == hashlib.sha256(b"p{}").hexdigest()


def test_a_stylesheet_changed_during_the_run_leaves_its_outputs_stale(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Templates, catalogs and stylesheets are read by the workers as they go: changed during
    the run, the outputs written are recorded as stale (the run fails), and rendered again."""
    css = tmp_path / "user.css"
    css.write_text("p{color:red}", encoding="utf-8")
    campaign = _folder(tmp_path, formats=["html"])
    options = RendererOptions(stylesheets=(css,))
    out = tmp_path / "out"
    original = campaign_runner._render

    def render(*args: Any, **kwargs: Any) -> None:
        original(*args, **kwargs)
        css.write_text("p{color:blue}", encoding="utf-8")

    monkeypatch.setattr(campaign_runner, "_render", render)
    summary = run_campaign(campaign, out, workers=1, options=options)
    assert summary.exit_code == 1 and "changed during the run" in summary.text()
    assert _manifest(out)["outputs"][0]["inputs"] == campaign_runner.STALE
    monkeypatch.undo()
    again = run_campaign(campaign, out, workers=1, options=options, resume=True)
    assert again.exit_code == 0 and again.rendered == 1, again.text()
    assert "color:blue" in _shown(out)
