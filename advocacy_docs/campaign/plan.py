"""From a campaign file to items: who gets which document, in which language, signed by whom.

Checks what needs the other files (senders exist, kinds offer the formats, locales exist) and
reports it at the campaign file's line. Then walks the recipients row by row and yields, for
each, either the work to do, what an earlier run already did (``--resume``), or why not.

Senders are assigned:

- ``round-robin`` (default): the first matching recipient gets the first sender, the second the
  second, and so on, in the order of the recipients file (bad rows do not count). Adding or
  removing a row moves the assignment of the rows after it.
- ``{by: FIELD, map: {VALUE: SENDER}, default: SENDER}``: by a recipient field (``language``,
  ``country``, ``id`` or ``gender``); stable whatever the order. A recipient whose value is not
  in the map gets ``default``; without a default that recipient is an error.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import json
import os
import stat
import string
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from .. import __version__
from ..case import Case, Recipient, Sender, load_senders
from ..case.model import Loc
from ..case.types import SENSITIVITY_ORDER, Sensitivity
from ..case.validate import validate_document
from ..errors import Problem
from ..i18n import get_localizer
from ..pipeline import Renderer, photo_url
from ..resources import MAX_RESOURCE_BYTES
from ..writers import EXTENSIONS
from .manifest import still_valid
from .rows import Row, iter_rows
from .spec import RESERVED_NAMES, Campaign, CampaignFile, PersonalText, fail, read_input
from .worker import Item, PlannedOutput, RendererOptions, with_reads


@dataclass
class Failure:
    """Something that could not be written, for the summary and errors.json."""

    message: str
    file: str | None = None
    line: int | None = None
    recipient: str | None = None
    kind: str | None = None
    locale: str | None = None
    format: str | None = None
    problems: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        """The failure as an errors.json record."""
        return {k: v for k, v in self.__dict__.items() if v not in (None, [])}

    def __str__(self) -> str:
        where = ""
        if self.file:
            where = f"{self.file}:{self.line}" if self.line is not None else self.file
        who = "/".join(p for p in (self.recipient, self.kind, self.locale, self.format) if p)
        head = ": ".join(p for p in (where, who) if p)
        return f"{head}: {self.message}" if head else self.message


@dataclass
class Plan:
    """A checked campaign, ready to be walked."""

    campaign: CampaignFile
    case: Case
    senders: dict[str, Sender]
    sender_order: list[str]
    recipients_path: Path
    renderer: Renderer
    options: RendererOptions
    date: _dt.date
    resources_hash: str
    case_hash: str
    # The case's photo as a data: URL, read and checked once with the case, for every document.
    photo: str | None = None
    # Kinds whose default audience the campaign's `audience` raises: kind -> its default.
    raised: dict[str, str] = field(default_factory=dict)
    allow_audience: Sensitivity | None = None

    @property
    def spec(self) -> Campaign:
        """The campaign's settings."""
        return self.campaign.spec

    def audience_record(self) -> dict[str, Any]:
        """Who may read the documents, for manifest.json: per kind, its default and the
        audience used; and what allowed a raise (None when nothing was raised)."""
        kinds = self.renderer.kinds()
        return {
            "campaign": self.spec.audience,
            "by_kind": {
                k: {"default": kinds[k].audience, "used": self.spec.audience or kinds[k].audience}
                for k in self.spec.kinds
            },
            "raised_by": f"--allow-audience {self.allow_audience}" if self.raised else None,
        }

    def audience_line(self) -> str | None:
        """The summary's line about a raised audience; None when no kind's default is raised."""
        if not self.raised:
            return None
        kinds = ", ".join(f"{k} (default {d})" for k, d in self.raised.items())
        return (
            f"audience: {self.spec.audience} for {kinds}, "
            f"allowed by --allow-audience {self.allow_audience}"
        )


def _hash_files(paths: list[Path], digest: Any, root: Path | None = None) -> None:
    for path in paths:
        name = str(path.relative_to(root)) if root else path.name
        digest.update(name.encode("utf-8") + b"\x00")
        digest.update(hashlib.sha256(path.read_bytes()).digest())


def resources_hash(renderer: Renderer, options: RendererOptions) -> str:
    """The hash of what documents are made from besides the data: templates, catalogs, styles.

    Every file of the template and locale folders in use, the user's stylesheets and reference
    document, the PDF variant and the package version: change any, and outputs are rendered again.
    """
    digest = hashlib.sha256(f"advocacy-docs {__version__}\x00".encode())
    for base in (*renderer.engine.template_dirs, *renderer.locale_dirs):
        digest.update(str(base.name).encode() + b"\x00")
        files = sorted(p for p in base.rglob("*") if p.is_file() and "__pycache__" not in p.parts)
        _hash_files(files, digest, base)
    _hash_files([*renderer.user_stylesheets], digest)
    if renderer.reference_docx is not None:
        _hash_files([renderer.reference_docx], digest)
    digest.update(f"pdf-variant={options.pdf_variant}".encode())
    return digest.hexdigest()


def case_hash(text_sha256: str, photo: str | None) -> str:
    """The hash of the case as read (the SHA-256 of its text) and of its photo as read.

    Both come from the one read whose result the documents are made from (read_case): never
    from the files read again, which may have changed since.
    """
    digest = hashlib.sha256(text_sha256.encode("ascii"))
    if photo is not None:
        digest.update(b"\x00photo\x00" + photo.encode("ascii"))
    return digest.hexdigest()


def read_case(path: Path) -> tuple[Case, str | None, str]:
    """The case file read once: the case, its photo (a checked data: URL) and their hash.

    Workers are handed this case and this photo, never the paths: a case or photo edited while
    a campaign runs is neither printed nor recorded under the hash of the version read here.
    """
    doc, text_sha = read_input(path)
    case = validate_document(doc, Case)
    case._source_path = path.resolve()
    photo = photo_url(case)
    return case, photo, case_hash(text_sha, photo)


def raised_audiences(spec: Campaign, renderer: Renderer) -> dict[str, str]:
    """The kinds of the campaign whose default audience its ``audience`` raises, with that
    default (unknown kinds are reported elsewhere)."""
    if spec.audience is None:
        return {}
    kinds = renderer.kinds()
    level = SENSITIVITY_ORDER[spec.audience]
    return {
        k: kinds[k].audience
        for k in spec.kinds
        if k in kinds and SENSITIVITY_ORDER.get(kinds[k].audience, 0) < level
    }


def check(
    campaign: CampaignFile,
    options: RendererOptions,
    *,
    date: _dt.date | None = None,
    allow_audience: Sensitivity | None = None,
) -> Plan:
    """Check the campaign against its files and the renderer; ValidationFailed at its lines.

    An ``audience`` above a kind's default (legal content in letters to officials) is refused
    unless ``allow_audience`` (the command line's ``--allow-audience``) reaches it as well:
    a campaign file alone never widens what a document shows.
    """
    spec = campaign.spec
    problems: list[Problem] = []
    renderer = options.renderer()
    case_path = campaign.resolve(spec.case)
    if not case_path.is_file():
        problems.append(campaign.problem(("case",), f"no such file: {case_path}"))
    recipients_path = campaign.resolve(spec.recipients)
    if not recipients_path.is_file():
        problems.append(campaign.problem(("recipients",), f"no such file: {recipients_path}"))
    senders: dict[str, Sender] = {}
    order: list[str] = []
    for ref in campaign.sender_refs():
        if not ref.path.is_file():
            problems.append(campaign.problem(ref.loc, f"no such file: {ref.path}"))
            continue
        people = load_senders(ref.path)  # a bad senders file: its own file:line errors
        chosen = [p for p in people if ref.id is None or p.id == ref.id]
        if not chosen:
            ids = ", ".join(p.id for p in people if p.id) or "none"
            problems.append(
                campaign.problem(ref.loc, f"no sender with id {ref.id!r}; the file has: {ids}")
            )
        for person in chosen:
            if person.id is None:
                problems.append(
                    campaign.problem(ref.loc, "a campaign names its senders by id: give it one")
                )
                continue
            if person.id in senders:
                problems.append(campaign.problem(ref.loc, f"sender {person.id!r} given twice"))
                continue
            senders[person.id] = person
            order.append(person.id)
            if "eml" in spec.formats and not person.email:
                problems.append(
                    campaign.problem(
                        ref.loc,
                        f"sender {person.id!r} has no email, which an e-mail (eml) needs",
                    )
                )
    rule = spec.assign_senders
    if rule is not None and senders:
        for value, sid in rule.map.items():
            if sid not in senders:
                problems.append(
                    campaign.problem(
                        ("assign_senders", "map", value), f"{sid!r} is not one of the senders"
                    )
                )
        if rule.default is not None and rule.default not in senders:
            problems.append(
                campaign.problem(
                    ("assign_senders", "default"), f"{rule.default!r} is not one of the senders"
                )
            )
    if senders:
        for sid in spec.personal.senders:
            if sid not in senders:
                problems.append(
                    campaign.problem(("personal", "senders", sid), f"{sid!r} is not a sender")
                )
    kinds = renderer.kinds()
    for i, kind in enumerate(spec.kinds):
        if kind not in kinds:
            known = ", ".join(kinds)
            problems.append(campaign.problem(("kinds", i), f"no kind {kind!r}; known: {known}"))
            continue
        for j, fmt in enumerate(spec.formats):
            if fmt not in kinds[kind].formats:
                offered = ", ".join(kinds[kind].formats)
                problems.append(
                    campaign.problem(
                        ("formats", j), f"kind {kind!r} is not offered as {fmt}; it is as {offered}"
                    )
                )
    available = renderer.locales()
    wanted: list[tuple[Loc, str]] = [(("fallback_locale",), spec.fallback_locale)]
    if isinstance(spec.locale, list):
        wanted += [(("locale", i), code) for i, code in enumerate(spec.locale)]
    for loc, code in wanted:
        if code not in available:
            problems.append(
                campaign.problem(loc, f"no locale {code!r}; available: {', '.join(available)}")
            )
    raised = raised_audiences(spec, renderer)
    if raised and (
        allow_audience is None
        or SENSITIVITY_ORDER[allow_audience] < SENSITIVITY_ORDER[spec.audience or "public"]
    ):
        kinds_text = ", ".join(f"{k} (default {d})" for k, d in raised.items())
        problems.append(
            campaign.problem(
                ("audience",),
                f"{spec.audience!r} raises the audience of {kinds_text}: run with "
                f"--allow-audience {spec.audience} to confirm it, or remove `audience`",
            )
        )
    fail(problems)
    case, photo, digest = read_case(case_path)
    return Plan(
        campaign=campaign,
        case=case,
        senders=senders,
        sender_order=order,
        recipients_path=recipients_path,
        renderer=renderer,
        options=options,
        date=date or spec.date or _dt.date.today(),
        resources_hash=resources_hash(renderer, options),
        case_hash=digest,
        photo=photo,
        raised=raised,
        allow_audience=allow_audience,
    )


# --- walking the recipients ----------------------------------------------------------------


@dataclass
class Work:
    """An item to render."""

    item: Item


@dataclass
class Done:
    """Outputs an earlier run wrote from the same inputs, still intact on disk."""

    entries: list[bytes]  # encoded (manifest.encode)
    whole: bool  # True: the whole document is done, nothing of it to render


@dataclass
class Failed:
    """A row or item that cannot be rendered."""

    failure: Failure


@dataclass
class Note:
    """A warning about an item (a language fallback, a missing personal paragraph)."""

    message: str


Step = Work | Done | Failed | Note


def resource_digest(path: Path) -> str | None:
    """The SHA-256 of the regular file at ``path``, or None (missing, a FIFO, a device, too
    large): a path written in a manifest is never trusted to be safe to open blocking."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except OSError:
        return None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_RESOURCE_BYTES:
            return None
        digest = hashlib.sha256()
        with os.fdopen(fd, "rb", closefd=False) as fh:
            for block in iter(lambda: fh.read(1 << 20), b""):
                digest.update(block)
        return digest.hexdigest()
    except OSError:
        return None
    finally:
        os.close(fd)


def _recipient_values(rec: Recipient) -> dict[str, str]:
    return {"id": rec.id, "country": rec.country, "language": rec.language, "gender": rec.gender}


class Walker:
    """Turns recipient rows into steps; keeps only small counters and caches."""

    def __init__(self, plan: Plan, out_dir: Path, state: dict[str, bytes] | None) -> None:
        self.plan = plan
        self.out_dir = out_dir
        self.state = state  # None: render everything
        self.matched = 0
        self.rows = 0
        self.bad_rows = 0
        self.paths: set[str] = set()
        self._number = 0
        self._kinds = plan.renderer.kinds()
        common = [plan.resources_hash, plan.case_hash, plan.date.isoformat(), plan.spec.audience]
        self._common = hashlib.sha256(json.dumps(common).encode("utf-8"))
        self._available = frozenset(plan.renderer.locales())

    @cache  # noqa: B019 - one walker per run
    def _locale_for(self, lang: str, kind: str) -> tuple[str | None, str | None]:
        """The locale of a document in ``kind`` for a reader of ``lang``, and a note if not it."""
        note = None
        start = lang
        if lang not in self._available:
            start = self.plan.spec.fallback_locale
            note = f"no locale {lang!r}: written in {start!r} (fallback_locale)"
        chain = get_localizer(start, self.plan.renderer.locale_dirs).chain
        offered = self._kinds[kind].locales or tuple(self._available)
        for code in chain:
            if code in offered:
                if code != start and note is None:
                    note = f"kind {kind!r} has no {start!r}: written in {code!r}"
                return code, note
        return None, f"kind {kind!r} is in none of {', '.join(chain)}"

    def _sender_for(self, rec: Recipient) -> str | None:
        rule = self.plan.spec.assign_senders
        order = self.plan.sender_order
        if rule is None:
            return order[(self.matched - 1) % len(order)]
        value = _recipient_values(rec)[rule.by]
        chosen: str | None = rule.map.get(value, rule.default)
        return chosen

    def _personal(
        self, rec: Recipient, sender_id: str, locale: str
    ) -> tuple[str | None, str | None]:
        personal = self.plan.spec.personal
        given: PersonalText | None = personal.recipients.get(rec.id)
        whose = f"recipient {rec.id!r}"
        if given is None:
            given = personal.senders.get(sender_id)
            whose = f"sender {sender_id!r}"
        if given is None:
            return None, None
        if isinstance(given, str):
            return given, None
        text = given.get(locale)
        if text is None:
            return None, f"the personal paragraph of {whose} has no {locale!r} text; left out"
        return text, None

    def inputs(
        self, rec: Recipient, sender_id: str, kind: str, locale: str, personal: str | None
    ) -> str:
        """The hash of everything one document is made from.

        What every document shares (templates and catalogs, the case, the date) is hashed once;
        the recipient and sender as pydantic writes them (model_dump_json: fast and stable).
        """
        digest = self._common.copy()
        for part in (
            rec.model_dump_json().encode("utf-8"),
            self._sender_json(sender_id),
            json.dumps([kind, locale, personal], ensure_ascii=False).encode("utf-8"),
        ):
            digest.update(len(part).to_bytes(8, "big") + part)
        return digest.hexdigest()

    def _still_valid(self, line: bytes | None, inputs: str) -> bool:
        """True when the earlier output ``line`` was made from ``inputs`` and from resources
        (imported stylesheets, images: its ``reads``) that still hold what it was made from,
        and its file is unchanged."""
        if line is None:
            return False
        try:
            reads = json.loads(line).get("reads") or []
        except (ValueError, RecursionError, AttributeError):
            return False
        if not isinstance(reads, list) or not all(isinstance(r, str) for r in reads):
            return False
        digests: dict[str, str] = {}
        for rel in reads:
            digest = self._resource_digest(rel)
            if digest is None:
                return False
            digests[rel] = digest
        return still_valid(self.out_dir, line, with_reads(inputs, digests))

    @cache  # noqa: B019 - one walker per run
    def _resource_digest(self, rel: str) -> str | None:
        """The SHA-256 of a resource an earlier run read (relative to the campaign file), now;
        None when it is gone or not a regular file (then what was made from it is made again)."""
        return resource_digest(self.plan.campaign.base_dir / rel)

    @cache  # noqa: B019 - one walker per run
    def _sender_json(self, sender_id: str) -> bytes:
        return self.plan.senders[sender_id].model_dump_json().encode("utf-8")

    def _output_path(self, rec: Recipient, sender_id: str, kind: str, locale: str, fmt: str) -> str:
        values = {
            "recipient.id": rec.id,
            "recipient.country": rec.country,
            "recipient.language": rec.language,
            "sender.id": sender_id,
            "case.id": self.plan.case.id,
            "kind": kind,
            "locale": locale,
            "format": EXTENSIONS[fmt],
        }
        # The pattern was checked (spec._check_pattern): only these fields, nothing else.
        parts = []
        for literal, name, _, _ in string.Formatter().parse(self.plan.spec.output):
            parts.append(literal)
            if name is not None:
                parts.append(values[name])
        return "".join(parts)

    def steps(self) -> Iterator[Step]:
        """Every step of the campaign, in the order of the recipients file."""
        spec = self.plan.spec
        path = self.plan.recipients_path
        shown = str(path)
        for row in iter_rows(path):
            self.rows += 1
            if row.recipient is None:
                self.bad_rows += 1
                yield Failed(self._bad_row(row, path))
                continue
            rec = row.recipient
            values = _recipient_values(rec)
            if not spec.filter.matches(values) or (
                not spec.exclude.is_empty() and spec.exclude.matches(values)
            ):
                continue
            self.matched += 1
            origin = f"{shown}:{row.line}" if row.line is not None else shown
            sender_id = self._sender_for(rec)
            if sender_id is None:
                by = getattr(spec.assign_senders, "by", "id")
                yield Failed(
                    Failure(
                        f"no sender for {by} {values[by]!r}: add it to "
                        "assign_senders.map or give a default",
                        shown,
                        row.line,
                        rec.id,
                    )
                )
                continue
            yield from self._documents(rec, sender_id, origin, row.line)

    def _bad_row(self, row: Row, path: Path) -> Failure:
        return Failure(
            "this row is not a valid recipient; skipped",
            str(path),
            row.line,
            row.raw_id,
            problems=[str(p) for p in row.problems],
        )

    def _documents(
        self, rec: Recipient, sender_id: str, origin: str, line: int | None
    ) -> Iterator[Step]:
        spec = self.plan.spec
        shown = str(self.plan.recipients_path)
        requested = [rec.language] if spec.locale == "recipient" else list(spec.locale)
        for kind in spec.kinds:
            locales: list[str] = []
            for lang in requested:
                locale, note = self._locale_for(lang, kind)
                if note:
                    yield Note(f"{rec.id}: {note}")
                if locale is None:
                    yield Failed(Failure(note or "no locale", shown, line, rec.id, kind, lang))
                elif locale not in locales:
                    locales.append(locale)
            for locale in locales:
                personal, note = self._personal(rec, sender_id, locale)
                if note:
                    yield Note(f"{rec.id}: {note}")
                base = self.inputs(rec, sender_id, kind, locale, personal)
                todo: list[PlannedOutput] = []
                done: list[bytes] = []
                for fmt in spec.formats:
                    out_path = self._output_path(rec, sender_id, kind, locale, fmt)
                    if out_path in self.paths or out_path in RESERVED_NAMES:
                        yield Failed(
                            Failure(
                                f"the output path {out_path!r} is taken: make `output` "
                                "distinguish these files",
                                shown,
                                line,
                                rec.id,
                                kind,
                                locale,
                                fmt,
                            )
                        )
                        continue
                    self.paths.add(out_path)
                    if fmt == "eml" and not rec.email:
                        yield Failed(
                            Failure(
                                "the recipient has no email address: add `email` to their "
                                "record, or leave eml out of formats",
                                shown,
                                line,
                                rec.id,
                                kind,
                                locale,
                                fmt,
                            )
                        )
                        continue
                    extra = (
                        f"\x00{fmt}\x00attach_pdf={spec.attach_pdf}"
                        if fmt == "eml"
                        else f"\x00{fmt}"
                    )
                    inputs = hashlib.sha256((base + extra).encode()).hexdigest()
                    entry = self.state.get(out_path) if self.state is not None else None
                    if self.state is not None and self._still_valid(entry, inputs):
                        assert entry is not None
                        done.append(entry)
                    else:
                        todo.append(PlannedOutput(fmt, out_path, inputs))
                if done:
                    yield Done(done, whole=not todo)
                if todo:
                    self._number += 1
                    yield Work(
                        Item(
                            self._number,
                            origin,
                            rec,
                            sender_id,
                            kind,
                            locale,
                            personal,
                            tuple(todo),
                        )
                    )


__all__ = [
    "Done",
    "Failed",
    "Failure",
    "Note",
    "Plan",
    "Step",
    "Walker",
    "Work",
    "check",
]
