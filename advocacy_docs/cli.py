"""The ``advocacy-docs`` command: a thin face over the Python API.

Exit codes: 0 success, 1 a render failed, 2 bad input (the message says which file and field).
"""

from __future__ import annotations

import argparse
import datetime as _dt
import io
import json
import os
import signal
import stat
import sys
import traceback
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TextIO, TypeVar

from . import __version__
from .atomic import UnsafeOutput, describe
from .case import (
    SCHEMA_KINDS,
    json_schema,
    load_case,
    load_recipients,
    load_senders,
    validate_file,
)
from .case.parties import Recipient, Sender
from .errors import AdvocacyError, InputError, Problem, RenderError, ValidationFailed, visible
from .notices import NoticeLog
from .paths import examples_dir
from .pipeline import Output, Renderer, reader_of
from .templating import FORMATS
from .writers.pdf import PDF_VARIANTS

P = TypeVar("P", Recipient, Sender)


def _pick(path_spec: str, loader: Callable[[str], list[P]], what: str) -> list[P]:
    """Everyone in FILE, or the one with ``id`` in FILE#id."""
    path, _, wanted = path_spec.partition("#")
    people = loader(path)
    if not wanted:
        return people
    chosen = [p for p in people if p.id == wanted]
    if not chosen:
        ids = ", ".join(p.id for p in people if p.id) or "none"
        raise InputError(f"{path}: no {what} with id {wanted!r}; the file has: {ids}")
    return chosen


def _formats(values: list[str] | None) -> list[str]:
    out: list[str] = []
    for value in values or ["pdf"]:
        for fmt in value.split(","):
            fmt = fmt.strip()
            if fmt == "all":
                out.extend(FORMATS)
            elif fmt not in FORMATS:
                raise InputError(
                    f"--format: unknown format {fmt!r}; known: {', '.join(FORMATS)}, all"
                )
            else:
                out.append(fmt)
    return list(dict.fromkeys(out))


def _date(value: str | None) -> _dt.date | None:
    if value is None:
        return None
    try:
        return _dt.date.fromisoformat(value)
    except ValueError:
        raise InputError(f"--date: {value!r} is not a date such as 2026-11-27") from None


def _renderer(args: argparse.Namespace) -> Renderer:
    return Renderer(
        template_dirs=[Path(d) for d in args.templates or []],
        locale_dirs=[Path(d) for d in args.locales_dir or []],
        reference_docx=Path(args.reference_docx) if args.reference_docx else None,
        stylesheets=[Path(s) for s in args.css or []],
        pdf_variant=getattr(args, "pdf_variant", None),
    )


def _report(outputs: Sequence[Output], directory: Path, notices: NoticeLog) -> int:
    """Save one document's files and print their paths; keep its notices for the summary.

    A file that cannot be written is one line (InputError for a name or a link that is refused
    inside the folder, RenderError for a full disk or a read-only folder), never a traceback.
    """
    for out in outputs:
        try:
            path = out.save(directory)
        except UnsafeOutput as exc:
            raise InputError(f"cannot write {directory / out.filename}: {describe(exc)}") from None
        except OSError as exc:
            raise RenderError(f"cannot write {directory / out.filename}: {describe(exc)}") \
                from None  # fmt: skip
        _say(path)  # outside the try: a closed stdout is not a failed write
    if outputs:  # every format of a document has the same notices: count the document once
        notices.add(outputs[0].filename.rpartition(".")[0], outputs[0].warnings)
    return len(outputs)


def _check_output_folder(folder: Path) -> None:
    """InputError, before anything is rendered, when ``folder`` cannot be an output folder:
    a file stands there or on its way, or the nearest folder that exists cannot be written.
    Nothing is made here: a render that fails leaves no empty folder behind."""
    place = folder
    while True:
        try:
            mode = place.stat().st_mode
        except FileNotFoundError:
            if place.parent == place:
                return
            place = place.parent
            continue
        except OSError as exc:
            raise InputError(f"-o {folder}: cannot be the output folder: {describe(exc)}") \
                from None  # fmt: skip
        break
    if not stat.S_ISDIR(mode):
        what = "is a file" if place == folder else f"cannot be made: {place} is a file"
        raise InputError(f"-o {folder}: {what}, not a folder")
    if not os.access(place, os.W_OK | os.X_OK):
        why = "read-only file system" if _read_only_fs(place) else "permission denied"
        raise InputError(f"-o {folder}: cannot write into {place} ({why})")


def _read_only_fs(place: Path) -> bool:
    try:
        return bool(os.statvfs(place).f_flag & os.ST_RDONLY)
    except OSError:
        return False


def _say(text: object = "", file: TextIO | None = None, end: str = "\n") -> None:
    """Print ``text`` for a person. It quotes what files and templates hold (names, titles,
    notices), so control characters are shown escaped, as in errors (\\x1b): an escape sequence
    printed raw would drive the terminal. Every line the command prints goes through here."""
    print(visible(str(text)), file=file if file is not None else sys.stdout, end=end)


def _warn(notices: NoticeLog) -> None:
    """Say what the campaigner should know, once per kind of notice, after the paths."""
    for line in notices.lines():
        _say(f"warning: {line}", file=sys.stderr)


def cmd_render(args: argparse.Namespace) -> int:
    """Render one kind of document for each recipient, in each format.

    One recipient that cannot be rendered or written (a bad record, a name too long) is one line
    and does not stop the others; the exit code is then that of the worst failure."""
    renderer = _renderer(args)
    case = load_case(args.case)
    spec = renderer.engine.kind(args.kind)
    recipients: list[Recipient | None] = (
        list(_pick(args.recipient, load_recipients, "recipient")) if args.recipient else [None]
    )
    sender: Sender | None = None
    if args.sender:
        senders = _pick(args.sender, load_senders, "sender")
        if len(senders) > 1:
            ids = ", ".join(s.id or "?" for s in senders)
            raise InputError(
                f"{args.sender}: has {len(senders)} senders ({ids}); pick one with FILE#id"
            )
        sender = senders[0]
    out_dir = Path(args.output)
    _check_output_folder(out_dir)
    formats = _formats(args.format) if args.format else list(spec.formats)
    today = _date(args.date)
    notices = NoticeLog()
    code = 0
    said: set[str] = set()
    for recipient in recipients:
        try:
            outputs = renderer.render_formats(
                case,
                kind=args.kind,
                locale=args.locale,
                formats=formats,
                recipient=recipient,
                sender=sender,
                audience=args.audience,
                today=today,
            )
            _report(outputs, out_dir, notices)
        except AdvocacyError as exc:
            if len(recipients) == 1:
                raise
            if args.debug:
                traceback.print_exc()
            code = max(code, exc.exit_code)
            who = f"recipient {recipient.id!r}: " if recipient is not None else ""
            message = str(exc)
            if message not in said:  # the same failure for every recipient: once
                said.add(message)
                _say(f"advocacy-docs: error: {who}{message}", file=sys.stderr)
    _warn(notices)
    return code


def cmd_kinds(args: argparse.Namespace) -> int:
    """List the document kinds, and where each file of a kind comes from."""
    from .templating import layer_name

    renderer = _renderer(args)
    listed = []
    for name, spec in renderer.kinds().items():
        files = [
            {
                "file": f.name,
                # In the order they apply: the bundled file first, the one that wins last.
                "from": [layer_name(base) for base in reversed(f.layers)],
                "combined": f.combined,
            }
            for f in spec.files()
        ]
        listed.append({**spec.summary(), "files": files})
        if args.json:
            continue
        needs = f"  needs: {', '.join(spec.needs)}" if spec.needs else ""
        _say(
            f"{name:<20} {spec.title}  [{', '.join(spec.formats)}; audience {spec.audience}]{needs}"
        )
        for f in spec.files():
            origins = [layer_name(base) for base in reversed(f.layers)]
            how = ""
            if len(origins) > 1:
                how = "  (keys merged" if f.name == "kind.toml" else "  (rules cascaded"
                how += ": the last wins)"
            _say(f"{'':<20}   {f.name:<18} {' + '.join(origins)}{how}")
    if args.json:
        _say(json.dumps(listed, indent=2, ensure_ascii=False))
    return 0


def cmd_locales(args: argparse.Namespace) -> int:
    """List the locales."""
    from .i18n import get_localizer

    renderer = _renderer(args)
    for code in renderer.locales():
        loc = get_localizer(code, renderer.locale_dirs)
        chain = ", ".join(loc.chain[1:]) or "-"
        _say(f"{code:<6} {loc.name}  (falls back to: {chain})")
    return 0


def cmd_validate(args: argparse.Namespace) -> int:
    """Check case, recipient, sender and campaign files; print every problem.

    Each file is checked whatever the others hold: one that cannot be read is its own line."""
    failed = False
    for path in args.files:
        try:
            problems = _problems(path)
        except AdvocacyError as exc:
            failed = True
            _say(f"{path}: {exc}" if path not in str(exc) else str(exc))
            continue
        if problems:
            failed = True
            for problem in problems:
                _say(problem)
        else:
            _say(f"{path}: OK")
            if args.explain_names:
                for line in _explain_names(path):
                    _say(f"  {line}")
    return 2 if failed else 0


def _problems(path: str) -> list[Problem]:
    """Every problem of one file; a campaign file is checked as a campaign: its own fields,
    then against the files it names (case, recipients, senders, kinds, locales)."""
    from .campaign.spec import CAMPAIGN_SCHEMA
    from .case.source import read_document

    try:
        doc = read_document(Path(path))
    except ValidationFailed as exc:
        return list(exc.problems)
    data = doc.data if isinstance(doc.data, dict) else {}
    if data.get("schema") != CAMPAIGN_SCHEMA:
        return validate_file(path)
    from .campaign import RendererOptions
    from .campaign.plan import check
    from .campaign.spec import load_campaign

    try:
        check(load_campaign(path), RendererOptions())
    except ValidationFailed as exc:
        return list(exc.problems)
    return []


def _explain_names(path: str) -> list[str]:
    """The forms of the names in a valid case or recipients file, for a person to confirm."""
    from .case import Case
    from .case.parties import RecipientsFile
    from .case.source import read_document
    from .case.validate import model_for
    from .i18n.grammar.explain import explain_name

    model = model_for(read_document(Path(path)))
    if model is Case:
        case = load_case(path)
        return explain_name(case.person.name, case.person.gender, case.language)
    if model is RecipientsFile:
        lines: list[str] = []
        for r in load_recipients(path):
            if r.gender != "unspecified":  # an office, not a person, is never declined
                field = f"recipients[{r.id}].name"
                lines += explain_name(r.name, r.gender, r.language, field=field)
        return lines or ["no personal names (recipients without a gender are offices)"]
    return ["no names to decline in this file"]


def cmd_schema(args: argparse.Namespace) -> int:
    """Print the JSON Schema of a case, recipients, senders or campaign file."""
    _say(json.dumps(json_schema(args.kind_of_file), indent=2, ensure_ascii=False))
    return 0


EXIT_BARRED = 3
"""The exit status of `check` when something certainly prevents examination (status barred)."""


def cmd_check(args: argparse.Namespace) -> int:
    """Print what the lawyer must check before filing with a body (never a verdict on it);
    exit 3 when the report's status is barred."""
    from .checks import load_rules, run

    today = _dt.date.today()
    if args.today is not None:
        try:
            today = _dt.date.fromisoformat(args.today)
        except ValueError:
            raise InputError(f"--today: {args.today!r} is not a date such as 2026-11-27") from None
    case = load_case(args.case)
    rules = load_rules(args.body, args.rules) if args.rules else None
    report = run(case, args.body, today, rules=rules)
    if args.json:
        _say(json.dumps(report.to_json(), indent=2, ensure_ascii=False))
    else:
        _say(report.to_text(), end="")
    return EXIT_BARRED if report.status == "barred" else 0


def cmd_demo(args: argparse.Namespace) -> int:
    """Render the bundled example case in every kind, locale and format."""
    from .i18n import get_localizer

    examples = examples_dir()
    if examples is None:
        raise InputError("the bundled examples are missing from this installation")
    renderer = _renderer(args)
    case = load_case(examples / "cases" / "khamroev.yaml")
    recipients = load_recipients(examples / "recipients" / "officials.yaml")
    sender = load_senders(examples / "senders" / "campaigner.yaml")[0]
    out_dir = Path(args.output)
    count = 0
    notices = NoticeLog()
    for kind, spec in renderer.kinds().items():
        for locale in spec.locales or renderer.locales():
            recipient = None
            if "recipient" in spec.needs:
                # Someone who reads the locale, else its nearest fallback language.
                chain = get_localizer(locale, renderer.locale_dirs).chain
                recipient = reader_of(recipients, chain)
            outputs = renderer.render_formats(
                case,
                kind=kind,
                locale=locale,
                formats=spec.formats,
                recipient=recipient,
                sender=sender if "sender" in spec.needs else None,
                today=_date(args.date),
            )
            count += _report(outputs, out_dir / kind / locale, notices)
    _say(f"{count} documents written to {out_dir}", file=sys.stderr)
    _warn(notices)
    return 0


def cmd_campaign(args: argparse.Namespace) -> int:
    """Render a campaign: every recipient, kind, locale and format; exit 1 if anything failed."""
    from .campaign import RendererOptions, run_campaign

    if args.workers is not None and args.workers < 1:
        raise InputError("--workers: give 1 or more")
    options = RendererOptions(
        template_dirs=tuple(Path(d) for d in args.templates or []),
        locale_dirs=tuple(Path(d) for d in args.locales_dir or []),
        reference_docx=Path(args.reference_docx) if args.reference_docx else None,
        stylesheets=tuple(Path(s) for s in args.css or []),
        pdf_variant=args.pdf_variant,
    )
    summary = run_campaign(
        args.campaign,
        args.output,
        workers=args.workers,
        resume=args.resume,
        zip_output=args.zip,
        options=options,
        progress=None if args.quiet else sys.stderr,
        allow_audience=args.allow_audience,
    )
    _say(summary.text(), sys.stderr)
    return summary.exit_code


def cmd_studio(args: argparse.Namespace) -> int:
    """Serve the studio over a folder; its address (with the token) is the first line printed."""
    try:
        from .studio import is_loopback, new_token, serve, studio_url
    except ImportError:
        _say('the studio is not installed: pip install "advocacy-docs[studio]"', file=sys.stderr)
        return 2
    folder = Path(args.folder)
    if not folder.is_dir():
        raise InputError(f"{args.folder}: not a folder")
    if not 0 < args.port < 65536:
        raise InputError(f"--port: {args.port} is not a port (1-65535)")
    locale_dirs = [Path(d) for d in args.locales_dir or []]
    for d in locale_dirs:
        if not d.is_dir():
            raise InputError(f"--locales-dir: {d} is not a folder")
    token = new_token()
    shown_host = "127.0.0.1" if args.host in ("0.0.0.0", "::") else args.host
    _say(studio_url(shown_host, args.port, token))
    sys.stdout.flush()
    if not is_loopback(args.host):
        _say(
            f"warning: --host {args.host}: the studio is reachable from other machines; anyone "
            "who learns the token can read and write the files in the folder",
            file=sys.stderr,
        )
    serve(
        folder,
        host=args.host,
        port=args.port,
        token=token,
        open_browser=not args.no_browser,
        locale_dirs=locale_dirs,
    )
    return 0


def cmd_i18n(args: argparse.Namespace) -> int:
    """The translators' commands: extract, update, init, status, check, preview, XLIFF."""
    from .i18n import audit, workflow

    command = args.i18n_command
    locales_dir = getattr(args, "locales_dir", None)
    if command == "init" and locales_dir is not None:
        project = workflow.Project.user(locales_dir, create=True)
    else:
        project = workflow.Project.find(getattr(args, "root", None), locales_dir)
    if command == "extract":
        result = workflow.extract(project, check=args.check)
        if args.check and result.changed:
            for line in result.summary:
                _say(f"  {line}", file=sys.stderr)
            _say(f"{result.path}: out of date; run `advocacy-docs i18n extract` and "
                 f"`i18n update`, and commit the result", file=sys.stderr)  # fmt: skip
            return 1
        _say(f"{result.path}: {'updated' if result.changed else 'unchanged'}")
    elif command == "update":
        for r in workflow.update(project, args.langs or None):
            state = "updated" if r.changed else "unchanged"
            _say(f"{r.path}: {state}; {r.untranslated} untranslated, {r.fuzzy} fuzzy, "
                  f"{r.obsolete} obsolete dropped")  # fmt: skip
    elif command == "init":
        for path in workflow.init(project, args.lang, name=args.name, plural=args.plural,
                                  fallback=args.fallback):  # fmt: skip
            _say(f"{path}: created")
    elif command == "status":
        rows = audit.status(project)
        _say(audit.format_status(rows))
        incomplete = sorted({r.locale for r in rows if not r.complete})
        if incomplete:
            _say(f"incomplete: {', '.join(incomplete)}", file=sys.stderr)
            return 1 if args.strict else 0
    elif command == "check":
        if project.source is not None:
            audit.require_msgfmt()  # a developer's check is complete, or refused
        elif not audit.has_msgfmt():
            _say(f"note: {audit.MSGFMT_MISSING}; its checks were skipped", file=sys.stderr)
        findings = audit.check(project, args.langs or None)
        for finding in findings:
            _say(str(finding).replace(str(finding.path), project.display(finding.path), 1))
        if findings:
            _say(f"{len(findings)} problem(s)", file=sys.stderr)
            return 1
        _say("no problems found")
    elif command == "preview":
        return _i18n_preview(args, project)
    elif command == "export-xliff":
        from .i18n.xliff import export_xliff

        data = export_xliff(project, args.lang)
        if args.output == "-":
            sys.stdout.buffer.write(data)
        else:
            from .atomic import write_atomic

            write_atomic(Path(args.output), data)
            _say(f"{args.output}: written")
    elif command == "import-xliff":
        from .i18n.xliff import import_xliff

        imported = import_xliff(project, Path(args.file))
        for skipped in imported.skipped:
            _say(f"{args.file}: {skipped}", file=sys.stderr)
        r = imported.update
        _say(f"{r.path}: {'updated' if r.changed else 'unchanged'}; {r.untranslated} "
             f"untranslated, {r.fuzzy} fuzzy; run `advocacy-docs i18n check {r.lang}`")  # fmt: skip
    return 0


def _i18n_preview(args: argparse.Namespace, project: object) -> int:
    """``i18n preview``: render a kind in a locale with the untranslated texts marked."""
    from .i18n.preview import preview
    from .i18n.workflow import Project

    assert isinstance(project, Project)
    recipient = _pick(args.recipient, load_recipients, "recipient")[0] if args.recipient else None
    sender = _pick(args.sender, load_senders, "sender")[0] if args.sender else None
    result = preview(
        project,
        args.lang,
        kind=args.kind,
        formats=_formats(args.format or ["html"]),
        case_path=Path(args.case) if args.case else None,
        recipient=recipient,
        sender=sender,
        template_dirs=[Path(d) for d in args.templates or []],
        today=_date(args.date),
    )
    for path in result.save(Path(args.output)):
        _say(path)
    total = len(result.untranslated)
    _say(f"{args.lang}: {result.marked} untranslated text(s) marked in this document; "
         f"{total} message(s) untranslated in all", file=sys.stderr)  # fmt: skip
    return 0


_I18N_FOLDER_HELP = (
    "your locale folder (<DIR>/<lang>/LC_MESSAGES/advocacy_docs.po, <DIR>/<lang>/locale.toml), "
    "read before the bundled locales; the bundled .pot is the template. Without it: the "
    "source tree at --root or here, else the installed package's own locales (read only)"
)


def _add_i18n(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "i18n",
        help="translators' commands (init, update, status, check, preview, XLIFF; extract)",
        description="Translate advocacy-docs from an installed package: `i18n init es "
        "--locales-dir DIR` starts a locale in your folder from the bundled template, "
        "`update` merges a newer template, `status` and `check` say what is missing or "
        "broken, `preview` renders a document with untranslated texts marked, "
        "`export-xliff`/`import-xliff` exchange a catalog with CAT tools. `extract` is for "
        "developers: it needs a source tree (babel.cfg). See docs/translating.md.",
    )

    def folders(q: argparse.ArgumentParser, default: object) -> None:
        # On `i18n` and on each command, so that both `i18n --locales-dir D init es` and
        # `i18n init es --locales-dir D` work (a command's default must not hide the group's).
        q.add_argument("--locales-dir", metavar="DIR", default=default, help=_I18N_FOLDER_HELP)
        q.add_argument("--root", metavar="DIR", default=default,
                       help="a source tree with babel.cfg, templates/ and locales/ "
                            "(developers); default: here, when it is one")  # fmt: skip

    folders(p, None)
    p.set_defaults(func=cmd_i18n)
    i18n = p.add_subparsers(dest="i18n_command", required=True, metavar="COMMAND")
    unset = argparse.SUPPRESS
    q = i18n.add_parser("extract", help="developers: write locales/advocacy_docs.pot from the "
                                        "templates and code of a source tree")  # fmt: skip
    q.add_argument("--check", action="store_true",
                   help="write nothing; exit 1 and say what differs when the .pot is "
                        "out of date (for CI)")  # fmt: skip
    folders(q, unset)
    q = i18n.add_parser("update", help="merge the .pot into every catalog (changes marked fuzzy)")
    q.add_argument("langs", nargs="*", metavar="LANG")
    folders(q, unset)
    q = i18n.add_parser("init", help="start a locale, also one CLDR does not know")
    q.add_argument("lang", metavar="LANG")
    q.add_argument("--name", help="the language's name in itself, e.g. Qırımtatarca")
    q.add_argument("--plural", help="plural rule in CLDR syntax, e.g. 'one: n = 1'; "
                                    "required for languages CLDR does not know")  # fmt: skip
    q.add_argument("--fallback", action="append", metavar="LANG",
                   help="a language to fall back to (repeatable); default: en")  # fmt: skip
    folders(q, unset)
    q = i18n.add_parser("status", help="table of locale x kind: translated, fuzzy, missing")
    q.add_argument("--strict", action="store_true", help="exit 1 when a locale is incomplete")
    folders(q, unset)
    q = i18n.add_parser("check", help="find mistakes that break documents")
    q.add_argument("langs", nargs="*", metavar="LANG")
    folders(q, unset)
    q = i18n.add_parser("preview", help="render a kind in a locale, untranslated texts marked")
    q.add_argument("lang", metavar="LANG")
    q.add_argument("--kind", default="letter", help="document kind; default: letter")
    q.add_argument("--format", action="append", metavar="FMT",
                   help="html, pdf, txt or docx; repeatable or comma-separated; "
                        "default: html")  # fmt: skip
    q.add_argument("--case", metavar="FILE", help="a case file; default: the bundled example")
    q.add_argument("--recipient", metavar="FILE[#ID]",
                   help="default: a recipient of the bundled example")  # fmt: skip
    q.add_argument("--sender", metavar="FILE[#ID]",
                   help="default: the bundled example's sender")  # fmt: skip
    q.add_argument("--templates", action="append", metavar="DIR",
                   help="a folder of kinds searched before the bundled ones")  # fmt: skip
    q.add_argument("--date", metavar="YYYY-MM-DD", help="the date written on the document")
    q.add_argument("-o", "--output", default="preview", metavar="DIR",
                   help="output folder; default: preview")  # fmt: skip
    folders(q, unset)
    q = i18n.add_parser("export-xliff", help="write a locale's catalog as XLIFF 2.0")
    q.add_argument("lang", metavar="LANG")
    q.add_argument("-o", "--output", required=True, metavar="FILE",
                   help="the file, or - for standard output")  # fmt: skip
    folders(q, unset)
    q = i18n.add_parser("import-xliff", help="read an XLIFF 2.0 file back into its catalog")
    q.add_argument("file", metavar="FILE")
    folders(q, unset)


def _common(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--templates",
        action="append",
        metavar="DIR",
        help="a folder of kinds searched before the bundled ones (repeatable)",
    )
    p.add_argument(
        "--locales-dir",
        action="append",
        metavar="DIR",
        help="a folder of locales searched before the bundled ones (repeatable)",
    )
    p.add_argument(
        "--reference-docx", metavar="FILE", help="Word styles to use instead of the bundled ones"
    )
    p.add_argument(
        "--css", action="append", metavar="FILE", help="an extra stylesheet for PDF and HTML"
    )


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of the ``advocacy-docs`` command."""
    parser = argparse.ArgumentParser(
        prog="advocacy-docs",
        description="Appeal letters, briefings and draft applications from one case file.",
        epilog="Exit codes: 0 success, 1 a render failed or a translation catalog is broken, "
        "2 bad input (a case, recipient, sender, campaign or template), "
        "3 `check` found something that prevents examination of the whole application (barred).",
    )
    parser.add_argument("--version", action="version", version=f"advocacy-docs {__version__}")
    parser.add_argument("--debug", action="store_true", help="show a traceback on errors")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser("render", help="render a document from a case file")
    p.add_argument("case", metavar="CASE", help="the case file (YAML or JSON)")
    p.add_argument("--kind", default="letter", help="document kind (see `kinds`); default: letter")
    p.add_argument("--locale", help="language of the document; default: the recipient's")
    p.add_argument(
        "--format",
        action="append",
        metavar="FMT",
        help=f"{', '.join(FORMATS)} or all; repeatable or comma-separated; default: pdf",
    )
    p.add_argument(
        "--recipient", metavar="FILE[#ID]", help="recipients file; #id picks one, else all"
    )
    p.add_argument("--sender", metavar="FILE[#ID]", help="senders file; #id picks one")
    p.add_argument(
        "--audience",
        choices=["public", "partners", "legal"],
        help="who may read it; default: the kind's audience",
    )
    p.add_argument(
        "--date", metavar="YYYY-MM-DD", help="the date written on the document; default: today"
    )
    p.add_argument(
        "-o", "--output", default="out", metavar="DIR", help="output folder; default: out"
    )
    p.add_argument(
        "--pdf-variant",
        choices=PDF_VARIANTS,
        help="write an archival (PDF/A) or accessible (PDF/UA) PDF",
    )
    _common(p)
    p.set_defaults(func=cmd_render)

    p = sub.add_parser(
        "kinds", help="list the document kinds and where each of their files comes from"
    )
    p.add_argument("--json", action="store_true", help="print JSON: each kind and its files")
    _common(p)
    p.set_defaults(func=cmd_kinds)

    p = sub.add_parser("locales", help="list the locales")
    _common(p)
    p.set_defaults(func=cmd_locales)

    p = sub.add_parser("validate", help="check case, recipient and sender files")
    p.add_argument("files", nargs="+", metavar="FILE")
    p.add_argument(
        "--explain-names",
        action="store_true",
        help="print every grammatical form of the names that the tool would guess, per "
        "language, for a person to confirm (or to give in the file)",
    )
    p.set_defaults(func=cmd_validate)

    p = sub.add_parser(
        "schema", help="print the JSON Schema of case, recipients, senders or campaign files"
    )
    p.add_argument(
        "--for",
        dest="kind_of_file",
        choices=SCHEMA_KINDS,
        default="case",
        help="which file's schema (default: case)",
    )
    p.set_defaults(func=cmd_schema)

    p = sub.add_parser(
        "check",
        help="what the lawyer must check before filing: time limits, dates, WGAD categories",
        description="What the lawyer must check before filing with a body: the State's "
        "period, time limits (provisional ones where no decision is marked final), how old the "
        "facts are, other procedures, WGAD categories. It never decides whether the body will "
        "accept the case.",
        epilog="Statuses, from the worst: barred (something prevents examination of the whole "
        "application; never a time limit), "
        "warning, unknown, info, ok. Exit codes: 0 nothing barred, 2 bad input, 3 barred.",
    )
    p.add_argument("case", metavar="CASE", help="the case file (YAML or JSON)")
    p.add_argument(
        "--for", dest="body", required=True, choices=["echr", "wgad", "hrc"], help="the body"
    )
    p.add_argument("--today", metavar="YYYY-MM-DD", help="compute as of this day; default: today")
    p.add_argument("--json", action="store_true", help="print JSON (advocacy-docs/check@2)")
    p.add_argument(
        "--rules", metavar="FILE", help="a rules file (TOML) overriding the bundled legal data"
    )
    p.set_defaults(func=cmd_check)

    _add_i18n(sub)

    p = sub.add_parser(
        "campaign",
        help="render a campaign file: many recipients, each in their language, in parallel",
    )
    p.add_argument("campaign", metavar="FILE", help="the campaign file (advocacy-docs/campaign@1)")
    p.add_argument("-o", "--output", required=True, metavar="DIR", help="output folder")
    p.add_argument(
        "--workers", type=int, metavar="N", help="worker processes; default: number of CPUs"
    )
    p.add_argument(
        "--resume",
        action="store_true",
        help="keep outputs an earlier run wrote from the same inputs (checked by SHA-256)",
    )
    p.add_argument("--zip", action="store_true", help="pack the outputs into DIR.zip at the end")
    p.add_argument(
        "--allow-audience",
        choices=["partners", "legal"],
        help="confirm the campaign file's `audience` where it is above a kind's default "
        "(legal content in letters to officials): without it such a campaign is refused",
    )
    p.add_argument("--quiet", action="store_true", help="no progress line, only the summary")
    p.add_argument(
        "--pdf-variant",
        choices=PDF_VARIANTS,
        help="write archival (PDF/A) or accessible (PDF/UA) PDFs",
    )
    _common(p)
    p.set_defaults(func=cmd_campaign)

    p = sub.add_parser(
        "studio",
        help="a local web page to make documents, run campaigns and translate "
        '(pip install "advocacy-docs[studio]")',
    )
    p.add_argument(
        "folder", nargs="?", default=".", metavar="FOLDER",
        help="the folder of cases, recipients, senders and campaigns; default: here",
    )  # fmt: skip
    p.add_argument("--port", type=int, default=8765, help="default: 8765")
    p.add_argument("--host", default="127.0.0.1", help="default: 127.0.0.1 (this machine only)")
    p.add_argument(
        "--locales-dir", action="append", metavar="DIR",
        help="the folder of your translations (repeatable); default: FOLDER/locales if there",
    )  # fmt: skip
    p.add_argument("--no-browser", action="store_true", help="do not open a browser")
    p.set_defaults(func=cmd_studio)

    p = sub.add_parser("demo", help="render the bundled example in every kind, locale and format")
    p.add_argument("-o", "--output", default="out", metavar="DIR")
    p.add_argument("--date", metavar="YYYY-MM-DD", help="the date written on the documents")
    _common(p)
    p.set_defaults(func=cmd_demo)
    return parser


# The exit status of a Unix tool whose reader went away (killed by SIGPIPE: 128 + 13).
EXIT_CLOSED_PIPE = 128 + signal.SIGPIPE


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    try:
        try:
            return _run(argv)
        finally:
            # Here, not at exit: a reader that went away (`| head`) is then seen in time.
            sys.stdout.flush()
    except BrokenPipeError:
        _drop_closed_streams()
        return EXIT_CLOSED_PIPE


def _run(argv: Sequence[str] | None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        code: int = args.func(args)
        return code
    except AdvocacyError as exc:
        if args.debug:
            traceback.print_exc()
        _say(f"advocacy-docs: error: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        _say("advocacy-docs: interrupted", file=sys.stderr)
        return 130


def _drop_closed_streams() -> None:
    """Point closed standard streams at /dev/null, as a Unix tool ends when its reader goes away.

    Python flushes stdout and stderr once more at exit; on a closed pipe that would print
    "Exception ignored ... BrokenPipeError" to the terminal.
    """
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except BrokenPipeError:
            pass
        except (OSError, ValueError):
            continue
        else:
            continue
        try:
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, stream.fileno())
            os.close(devnull)
        except (OSError, ValueError, io.UnsupportedOperation):
            pass


if __name__ == "__main__":
    sys.exit(main())
