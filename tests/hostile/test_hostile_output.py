"""The output folder is written symlink-safe, and every output or record failure is one line.

Class (issue 13, item 3 and its lows): every write and every read inside ``-o`` (outputs,
sub-folders, the journal, the manifest, errors.json, the zip, ``--resume`` checks) refuses to
follow a symbolic link and stays inside ``-o``; every name written travels (no Windows device
names, no trailing dot or space, at most 255 bytes); a folder, a file, a link, a read-only
folder, a full disk or a second campaign where the campaign expects to write is one clear line
(exit 1 or 2), never a traceback, and never stops the other recipients.
"""

from __future__ import annotations

import errno
import json
import os
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from advocacy_docs import atomic, cli
from advocacy_docs.atomic import UnsafeOutput, name_problem, output_parts, write_atomic
from advocacy_docs.campaign import manifest, run_campaign
from advocacy_docs.campaign.manifest import (
    JOURNAL,
    MANIFEST,
    locked_folder,
    read_state,
    still_valid,
    write_errors,
    write_zip,
)
from advocacy_docs.cli import main
from advocacy_docs.errors import InputError
from advocacy_docs.pipeline import Output

HERE = Path(__file__).parent
REDACTION = HERE / "fixtures" / "redaction"
RECIPIENTS = REDACTION / "recipients.yaml"
SENDERS = REDACTION / "senders.yaml"
CASE = REDACTION / "case.yaml"

CAMPAIGN = """schema: advocacy-docs/campaign@1
name: probe
case: {case}
recipients: {recipients}
senders: [{senders}#campaigner]
kinds: [letter]
formats: [txt]
locale: recipient
date: 2023-06-02
output: "{{recipient.id}}/{{kind}}.{{locale}}.{{format}}"
"""

OUTPUT = "prosecutor/letter.ru.txt"


def _campaign(tmp: Path, recipients: Path = RECIPIENTS) -> Path:
    path = tmp / "campaign.yaml"
    path.write_text(CAMPAIGN.format(case=CASE, recipients=recipients, senders=SENDERS))
    return path


def _run(
    campaign: Path, out: Path, *extra: str, capsys: pytest.CaptureFixture[str]
) -> tuple[int, str]:
    code = main(["campaign", str(campaign), "-o", str(out), "--workers", "1", "--quiet", *extra])
    captured = capsys.readouterr()
    text = captured.out + captured.err
    assert "Traceback" not in text
    return code, text


def _render(out: Path, recipients: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code = main(
        ["render", str(CASE), "--recipient", str(recipients), "--sender", str(SENDERS),
         "--format", "txt", "--date", "2023-06-02", "-o", str(out)]
    )  # fmt: skip
    captured = capsys.readouterr()
    text = captured.out + captured.err
    assert "Traceback" not in text
    return code, text


def _errors(text: str) -> list[str]:
    return [line for line in text.splitlines() if "error:" in line]


# --- names ---------------------------------------------------------------------------------

DEVICES = ["CON", "prn", "Aux", "nul", "COM1", "com9", "LPT1", "lpt5", "COM\u00b9", "conin$"]


@pytest.mark.parametrize("device", DEVICES)
@pytest.mark.parametrize("suffix", ["", ".txt", ".tar.gz", " .pdf"])
def test_windows_device_names_are_refused_with_any_extension(device: str, suffix: str) -> None:
    assert "reserves for a device" in (name_problem(device + suffix) or "")


@given(
    st.text(st.characters(codec="utf-8", exclude_characters='<>:"/\\|?*'), min_size=1),
    st.sampled_from([".", " ", ". ", " ."]),
)
def test_a_name_ending_in_a_dot_or_a_space_is_refused(stem: str, tail: str) -> None:
    assert name_problem(stem + tail) is not None


@pytest.mark.parametrize("char", [*'<>:"\\|?*', "\x00", "\x1b", "\n", "\x7f"])
def test_characters_windows_refuses_are_refused(char: str) -> None:
    assert name_problem(f"a{char}b.txt") is not None


@given(st.integers(min_value=1, max_value=400), st.sampled_from(["a", "é", "я", "字"]))
def test_a_name_is_at_most_255_bytes(count: int, char: str) -> None:
    name = char * count
    too_long = len(name.encode()) > 255
    assert (name_problem(name) is not None) == too_long


@pytest.mark.parametrize("name", ["letter.en.txt", "r0001", "a.b.c", "console.txt", "nul_x.pdf"])
def test_ordinary_names_pass(name: str) -> None:
    assert name_problem(name) is None


@pytest.mark.parametrize(
    "path", ["../x", "a/../../x", "/etc/passwd", "a/./../../b", "", ".", "a/nul/b", "a/b. /c"]
)
def test_a_path_that_leaves_the_folder_or_does_not_travel_is_refused(path: str) -> None:
    with pytest.raises(UnsafeOutput):
        output_parts(path)


# --- the one writer: atomic.write_atomic ---------------------------------------------------

LINKED = st.lists(st.sampled_from(["a", "b", "c"]), min_size=1, max_size=4)


@settings(max_examples=40, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(parts=LINKED, at=st.integers(min_value=0, max_value=3), dangling=st.booleans())
def test_no_write_follows_a_link_anywhere_below_the_folder(
    tmp_path_factory: pytest.TempPathFactory, parts: list[str], at: int, dangling: bool
) -> None:
    tmp = tmp_path_factory.mktemp("w")
    root, outside = tmp / "out", tmp / "outside"
    root.mkdir()
    outside.mkdir()
    at = min(at, len(parts) - 1)
    # A link where a folder (or, at the end, the file) is to be written: to a folder outside,
    # or dangling (the target would be made outside).
    here = root.joinpath(*parts[:at])
    here.mkdir(parents=True, exist_ok=True)
    (here / parts[at]).symlink_to(outside / "gone" if dangling else outside)
    path = root.joinpath(*parts)
    last = at == len(parts) - 1
    if last:
        # The file's own name is a link: it is replaced (rename never follows), not written through.
        write_atomic(path, b"data", root=root)
        assert path.is_file() and not path.is_symlink()
    else:
        with pytest.raises(UnsafeOutput, match="symbolic link"):
            write_atomic(path, b"data", root=root)
    assert list(outside.iterdir()) == []
    assert not list(root.rglob("*.part"))


@pytest.mark.parametrize("name", ["../escape.txt", "sub/../../escape.txt", "nul.txt", "x. "])
def test_output_save_stays_inside_the_folder(tmp_path: Path, name: str) -> None:
    out = Output("letter", "en", "txt", b"data", "x.en.txt")
    with pytest.raises(UnsafeOutput):
        out.save(tmp_path / "out", name)
    assert not (tmp_path / "escape.txt").exists()


def test_a_folder_where_the_file_goes_is_an_oserror_not_a_traceback(tmp_path: Path) -> None:
    (tmp_path / "x.txt").mkdir()
    with pytest.raises(OSError) as info:
        write_atomic(tmp_path / "x.txt", b"data", root=tmp_path)
    assert atomic.describe(info.value) == "a folder is in the way"
    assert not list(tmp_path.glob(".*.part"))


# --- the campaign's records ----------------------------------------------------------------


def test_a_journal_link_is_refused_and_its_target_untouched(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out, victim = tmp_path / "out", tmp_path / "victim.txt"
    out.mkdir()
    victim.write_text("precious")
    (out / JOURNAL).symlink_to(victim)
    for extra in ((), ("--resume",)):
        code, text = _run(_campaign(tmp_path), out, *extra, capsys=capsys)
        assert code == 2
        assert len(_errors(text)) == 1 and "symbolic link" in text
    assert victim.read_text() == "precious"


@pytest.mark.parametrize("name", [JOURNAL, MANIFEST])
@pytest.mark.parametrize("what", ["folder", "fifo", "link"])
def test_a_record_that_is_not_a_regular_file_is_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str, what: str
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / JOURNAL).write_bytes(b"")  # a folder a campaign wrote
    place = out / name
    place.unlink(missing_ok=True)
    if what == "folder":
        place.mkdir()
    elif what == "fifo":
        os.mkfifo(place)
    else:
        place.symlink_to(tmp_path / "elsewhere.json")
        (tmp_path / "elsewhere.json").write_text("{}")
    code, text = _run(_campaign(tmp_path), out, "--resume", capsys=capsys)
    assert code == 2, text
    assert len(_errors(text)) == 1 and str(place) in text


def test_a_linked_output_folder_inside_o_is_refused_and_not_packed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out, elsewhere = tmp_path / "out", tmp_path / "elsewhere"
    out.mkdir()
    elsewhere.mkdir()
    (out / "prosecutor").symlink_to(elsewhere)
    code, text = _run(_campaign(tmp_path), out, "--zip", capsys=capsys)
    assert code == 1 and "symbolic link" in text
    assert list(elsewhere.iterdir()) == []
    names = zipfile.ZipFile(tmp_path / "out.zip").namelist()
    assert OUTPUT not in names


def test_resume_does_not_keep_an_output_replaced_by_a_link(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    campaign = _campaign(tmp_path)
    assert _run(campaign, out, capsys=capsys)[0] == 0
    copy = tmp_path / "copy.txt"
    copy.write_bytes((out / OUTPUT).read_bytes())
    (out / OUTPUT).unlink()
    (out / OUTPUT).symlink_to(copy)
    code, text = _run(campaign, out, "--resume", capsys=capsys)
    assert code == 0 and "skipped" not in text
    assert not (out / OUTPUT).is_symlink()


@pytest.mark.parametrize("path", ["../outside.txt", "/etc/hostname", "a/../../outside.txt"])
def test_resume_never_reads_a_recorded_path_outside_the_folder(tmp_path: Path, path: str) -> None:
    (tmp_path / "outside.txt").write_bytes(b"x")
    out = tmp_path / "out"
    out.mkdir()
    line = manifest.encode({"path": path, "sha256": "0" * 64, "size": 1, "inputs": "i"})
    assert still_valid(out, line, "i") is False


@pytest.mark.parametrize("name", [MANIFEST, JOURNAL])
@pytest.mark.parametrize("depth", [5_000, 200_000])
def test_deeply_nested_json_in_a_record_is_ignored_not_a_recursion_error(
    tmp_path: Path, name: str, depth: int
) -> None:
    (tmp_path / name).write_text("[" * depth + "\n")
    assert read_state(tmp_path) == {}


def test_a_full_disk_at_the_manifest_still_writes_errors_and_the_summary(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    real = manifest.write_atomic

    def full(path: Path, data: bytes, **kw: Path) -> Path:
        if path.name == MANIFEST:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(path))
        return real(path, data, **kw)

    monkeypatch.setattr(manifest, "write_atomic", full)
    out = tmp_path / "out"
    code, text = _run(_campaign(tmp_path), out, capsys=capsys)
    assert code == 1
    assert "rendered: 1 document" in text and "the disk is full" in text
    assert (out / "errors.json").is_file()
    assert (out / JOURNAL).is_file()  # kept for --resume


def test_a_second_campaign_into_the_same_folder_says_who_holds_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    with locked_folder(out):
        code, text = _run(_campaign(tmp_path), out, capsys=capsys)
        assert code == 2
        assert f"process {os.getpid()}" in text and "another campaign" in text
        assert not (out / MANIFEST).exists()
    assert _run(_campaign(tmp_path), out, capsys=capsys)[0] == 0
    assert not (out / manifest.LOCK).exists()  # released and removed


def test_the_lock_is_released_when_the_campaign_fails(tmp_path: Path) -> None:
    out = tmp_path / "out"
    (out / JOURNAL).mkdir(parents=True)
    with pytest.raises(InputError):
        run_campaign(_campaign(tmp_path), out, workers=1)
    with locked_folder(out):  # free again
        pass


@pytest.mark.parametrize("what", ["folder", "fifo"])
def test_zip_where_a_folder_stands_is_one_line_before_rendering(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], what: str
) -> None:
    target = tmp_path / "out.zip"
    if what == "folder":
        target.mkdir()
    else:
        os.mkfifo(target)
    code, text = _run(_campaign(tmp_path), tmp_path / "out", "--zip", capsys=capsys)
    assert code == 2 and len(_errors(text)) == 1 and "out.zip" in text
    assert not (tmp_path / "out" / OUTPUT).exists()


def test_write_zip_refuses_a_linked_member(tmp_path: Path) -> None:
    (tmp_path / "secret").write_text("secret")
    out = tmp_path / "out"
    out.mkdir()
    (out / "a.txt").symlink_to(tmp_path / "secret")
    with pytest.raises(UnsafeOutput):
        write_zip(out, tmp_path / "out.zip", ["a.txt"])
    assert not (tmp_path / "out.zip").exists()
    assert not list(tmp_path.glob(".*.part"))


# --- errors.json travels without local paths -----------------------------------------------


@given(
    st.lists(
        st.text(st.characters(codec="ascii", categories=["L", "N"]), min_size=1, max_size=8),
        min_size=1,
        max_size=3,
    )
)
def test_errors_json_names_paths_relative_to_the_campaign_file(names: list[str]) -> None:
    base = Path("/srv/alice/campaigns/spring")
    here = base.joinpath(*names)
    sibling = base.parent / "cases" / "c.yaml"
    error = {
        "file": str(here),
        "message": f"{here}:2:1: id: bad; see {sibling} and {base}",
        "problems": [f"{here}:3: x"],
    }
    out = manifest._relative_paths(error, base)
    text = json.dumps(out)
    assert "/srv" not in text and "alice" not in text
    assert out["file"] == "/".join(names)
    assert "../cases/c.yaml" in out["message"]


def test_errors_json_in_the_zip_has_no_absolute_path(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    recipients = tmp_path / "recipients.csv"
    recipients.write_text("id,name,country,language\n\x1bbad,X,GB,en\n")
    code, _ = _run(_campaign(tmp_path, recipients), tmp_path / "out", "--zip", capsys=capsys)
    assert code == 1
    errors = zipfile.ZipFile(tmp_path / "out.zip").read("errors.json").decode()
    assert str(tmp_path) not in errors
    assert '"file": "recipients.csv"' in errors


def test_write_errors_without_base_keeps_paths(tmp_path: Path) -> None:
    write_errors(tmp_path, [{"file": "/a/b.csv"}], [])
    assert "/a/b.csv" in (tmp_path / "errors.json").read_text()


# --- render --------------------------------------------------------------------------------


def _recipients(tmp: Path, ids: list[str]) -> Path:
    rows = "".join(
        f"  - {{id: {i}, name: N, gender: unspecified, country: GB, language: en, address: [x]}}\n"
        for i in ids
    )
    path = tmp / "recipients.yaml"
    path.write_text(f"schema: advocacy-docs/recipients@1\nrecipients:\n{rows}")
    return path


@pytest.mark.parametrize("length", [230, 240, 250])
def test_render_a_name_too_long_is_one_line_and_the_others_are_written(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], length: int
) -> None:
    recipients = _recipients(tmp_path, ["first", "a" * length, "third"])
    out = tmp_path / "out"
    code, text = _render(out, recipients, capsys)
    assert code == 2
    assert len(_errors(text)) == 1 and "too long" in text
    written = sorted(p.name.split(".")[2] for p in out.iterdir())
    assert written == ["first", "third"]


@pytest.mark.parametrize("where", ["out", "file/sub", "file/sub/deeper"])
def test_render_into_a_file_is_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], where: str
) -> None:
    (tmp_path / "out").write_text("x")
    (tmp_path / "file").write_text("x")
    code, text = _render(tmp_path / where, RECIPIENTS, capsys)
    assert code == 2 and len(_errors(text)) == 1
    assert f"-o {tmp_path / where}" in text


def test_render_into_a_folder_it_may_not_write_is_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # Tests may run as root, who writes anywhere: the refusal is the file system's answer.
    monkeypatch.setattr(cli.os, "access", lambda *a, **k: False)
    code, text = _render(tmp_path / "out" / "sub", RECIPIENTS, capsys)
    assert code == 2 and len(_errors(text)) == 1 and "cannot write into" in text
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize(
    "code, words",
    [
        (errno.ENOSPC, "the disk is full"),
        (errno.EROFS, "read-only"),
        (errno.EACCES, "permission denied"),
        (errno.ENAMETOOLONG, "too long"),
        (errno.EIO, os.strerror(errno.EIO)),
    ],
)
def test_render_a_write_that_fails_is_one_line_and_the_others_are_written(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    code: int,
    words: str,
) -> None:
    real = atomic._write_in

    def failing(dir_fd: int, name: str, data: bytes) -> None:
        if ".second." in name:
            raise OSError(code, os.strerror(code))
        real(dir_fd, name, data)

    monkeypatch.setattr(atomic, "_write_in", failing)
    recipients = _recipients(tmp_path, ["first", "second", "third"])
    exit_code, text = _render(tmp_path / "out", recipients, capsys)
    assert exit_code == 1
    errors = _errors(text)
    assert len(errors) == 1 and "second" in errors[0] and words in errors[0]
    assert len(list((tmp_path / "out").iterdir())) == 2


def test_render_through_a_linked_name_replaces_the_link(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out, victim = tmp_path / "out", tmp_path / "victim"
    out.mkdir()
    victim.write_text("precious")
    (out / "redaction-proof.letter.prosecutor.ru.txt").symlink_to(victim)
    code, _ = _render(out, RECIPIENTS, capsys)
    assert code == 0
    assert victim.read_text() == "precious"


# --- validate ------------------------------------------------------------------------------


def test_validate_checks_a_campaign_file_as_a_campaign(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    good = _campaign(tmp_path)
    assert main(["validate", str(good)]) == 0
    assert "OK" in capsys.readouterr().out
    bad = tmp_path / "bad.yaml"
    bad.write_text(good.read_text().replace("kinds: [letter]", "kinds: [no-such-kind]"))
    missing = tmp_path / "missing.yaml"
    missing.write_text(good.read_text().replace(str(RECIPIENTS), str(tmp_path / "none.yaml")))
    assert main(["validate", str(bad), str(missing), str(tmp_path / "absent.yaml")]) == 2
    text = capsys.readouterr().out
    assert "did you mean" not in text and "case@1" not in text
    assert "no-such-kind" in text and "none.yaml" in text and "absent.yaml" in text


@pytest.mark.parametrize("length", [10, 240])
def test_temp_files_are_removed_but_never_through_a_link(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, length: int
) -> None:
    out, elsewhere = tmp_path / "out", tmp_path / "elsewhere"
    (out / "sub").mkdir(parents=True)
    elsewhere.mkdir()
    (out / MANIFEST).write_text("{}")
    seen: list[str] = []

    def killed(src: str, dst: str, **kw: int) -> None:
        seen.append(src)
        raise OSError(errno.EIO, "killed")  # as a kill before the rename would leave it

    monkeypatch.setattr(atomic.os, "replace", killed)
    with pytest.raises(OSError):
        write_atomic(out / "sub" / ("a" * length), b"x", root=out)
    monkeypatch.undo()
    (out / "sub" / seen[0]).write_text("half")  # what the kill would have left
    planted = elsewhere / ".x.0123456789abcdef.part"
    planted.write_text("not ours")
    (out / "linked").symlink_to(elsewhere)
    assert manifest.remove_temp_files(out) == 1
    assert planted.exists() and not (out / "sub" / seen[0]).exists()
