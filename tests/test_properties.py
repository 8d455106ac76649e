"""Property-based tests: case, recipient and sender files made up by Hypothesis, valid and
broken, raise nothing but advocacy_docs.errors exceptions, from loading to rendering.

Files are written as YAML, JSON or CSV text: random structures; the real structure with keys a
typo away, values of the wrong type, fields missing or extra, random dates, and text from all of
Unicode (controls, lone surrogates, direction overrides, markup). Every error must name the file
and carry no control character; a file that loads must validate, and the other way round.

The example counts are explicit (about 1,200 per run). ADVOCACY_HYPOTHESIS_SCALE=20 runs twenty
times as many, for a thorough search before a release.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import string
from functools import cache
from itertools import count
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from advocacy_docs import Renderer
from advocacy_docs.case import (
    Case,
    load_case,
    load_recipients,
    load_senders,
    validate_file,
)
from advocacy_docs.errors import AdvocacyError, ValidationFailed

SCALE = int(os.environ.get("ADVOCACY_HYPOTHESIS_SCALE", "1"))
TODAY = dt.date(2026, 11, 27)
FIXTURE = Path(__file__).parent / "hostile" / "fixtures" / "redaction"
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f]")
_names = count()


def examples(n: int) -> settings:
    """Hypothesis settings for ``n`` examples (times SCALE): no deadline, no database."""
    return settings(
        max_examples=n * SCALE,
        deadline=None,
        database=None,
        suppress_health_check=[
            HealthCheck.too_slow,
            HealthCheck.data_too_large,
            HealthCheck.filter_too_much,
        ],
    )


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("properties")


def write(folder: Path, suffix: str, content: str | bytes) -> Path:
    path = folder / f"f{next(_names)}{suffix}"
    if isinstance(content, str):
        path.write_text(content, encoding="utf-8", errors="surrogatepass")
    else:
        path.write_bytes(content)
    return path


# -- strategies -------------------------------------------------------------------------------

HOSTILE = [
    "\x00",
    "\x1b[2J",
    "\ud800",
    "\udfff",
    "\ufffe",
    "\u202eevil",
    "\u2066\u2069\u2069",
    "<script>alert(1)</script>",
    "{{ 7*7 }}",
    "{% raw %}",
    "%(name)s",
    "&amp;",
    "",
    " ",
    "\n",
    "0123",
    "1e999",
    "9" * 120,
    "null",
    "2023-02-30",
]
ANY_TEXT = st.one_of(
    st.text(max_size=20),
    st.text(st.characters(codec="utf-8"), max_size=20),
    st.text(st.characters(min_codepoint=0, max_codepoint=0x3000), max_size=12),
    st.sampled_from(HOSTILE),
    st.builds(lambda a, b: a + b, st.sampled_from(HOSTILE), st.text(max_size=8)),
)
WORD = st.text(string.ascii_letters + "ÀÉЖЯ ", min_size=1, max_size=15).filter(str.strip)
# Text a campaigner may really write: any printable character of any script, markup, Jinja,
# direction controls (category Cf), but no control character or half of a surrogate pair.
GOOD_TEXT = st.one_of(
    WORD,
    st.text(
        st.characters(exclude_categories=["Cc", "Cs", "Co", "Cn"]), min_size=1, max_size=25
    ).filter(str.strip),
    st.sampled_from(["<script>alert(1)</script>", "{{ 7*7 }}", "%(name)s", "\u202eevil", "&amp;"]),
)
GOOD_LANGS = ["en", "uk", "ru", "de", "fr", "pl", "crh"]


def _dates(earliest: int, latest: int = 2026) -> st.SearchStrategy[Any]:
    day = st.dates(dt.date(earliest, 1, 1), min(dt.date(latest, 12, 31), TODAY))
    return st.one_of(
        day.map(dt.date.isoformat), day.map(lambda d: d.isoformat()[:7]), day.map(lambda d: d.year),
        day,
    )  # fmt: skip


class Vocabulary:
    """The values a case file is made of: right ones only (``clean``), or also every mistake."""

    def __init__(self, clean: bool) -> None:
        def pick(good: st.SearchStrategy[Any], *bad: st.SearchStrategy[Any]) -> Any:
            return good if clean else st.one_of(good, good, *bad)

        self.text = pick(GOOD_TEXT, ANY_TEXT)
        self.lang = pick(st.sampled_from(GOOD_LANGS), st.sampled_from(["xx", "EN", "e", "sr-Latn"]))
        self.local = st.one_of(
            self.text, st.dictionaries(self.lang, self.text, min_size=1, max_size=3)
        )
        self.slug = pick(st.from_regex(r"[a-z0-9][a-z0-9-]{0,12}", fullmatch=True), ANY_TEXT)
        self.born = pick(_dates(1900, 1949), PARTIAL_DATE)
        self.date = pick(_dates(1950), PARTIAL_DATE)
        self.country = pick(st.sampled_from(["RU", "UA", "BY", "GB", "KZ", "AZ"]), COUNTRY)
        self.sensitivity = pick(
            st.sampled_from(["public", "partners", "legal", "confidential"]),
            st.sampled_from(["secret", "Public", None]),
        )
        self.url = pick(st.just("https://example.org/a"), ANY_TEXT)
        self.email = pick(st.emails(), ANY_TEXT)
        count = st.integers(0, 40)
        self.duration = st.fixed_dictionaries(
            {}, optional={"years": pick(count, st.just(-1)), "months": count, "days": count}
        )

    def one_of(self, good: list[Any], bad: list[Any]) -> st.SearchStrategy[Any]:
        return st.sampled_from(good) if self is CLEAN else st.sampled_from(good + bad)

    def item(self, fields: dict[str, Any], **optional: Any) -> st.SearchStrategy[Any]:
        return st.fixed_dictionaries(fields, optional={"sensitivity": self.sensitivity, **optional})


PARTIAL_DATE = st.one_of(
    _dates(1900),
    st.dates().map(lambda d: d.isoformat()[:7]),
    st.integers(-5, 10_000),
    st.integers(0, 10_000).map(str),
    st.from_regex(r"\d{4}-\d{2}(-\d{2})?", fullmatch=True),
    st.dates(dt.date(1, 1, 1), dt.date(9999, 12, 31)),
    ANY_TEXT,
)
COUNTRY = st.one_of(st.sampled_from(["XX", "ru", "R"]), ANY_TEXT)
CLEAN, NOISY = Vocabulary(clean=True), Vocabulary(clean=False)
LANGS = NOISY.lang
LOCAL_TEXT = NOISY.local
SLUG = NOISY.slug
SCALAR = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**30), 10**30),
    st.floats(allow_nan=True),
    ANY_TEXT,
    PARTIAL_DATE,
)
JUNK = st.recursive(
    SCALAR,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(ANY_TEXT, inner, max_size=4)
    ),
    max_leaves=12,
)


@st.composite
def case_data(draw: st.DrawFn, clean: bool | None = None) -> dict[str, Any]:
    """A case as a file would hold it: right (``clean``), or with the mistakes of real authors
    anywhere in it (not clean), or either (None)."""
    v = (CLEAN if clean else NOISY) if clean is not None else draw(st.sampled_from([CLEAN, NOISY]))
    ids = draw(st.lists(v.slug, max_size=3, unique=True))
    refs = st.lists(st.sampled_from(ids) if ids and v is CLEAN else v.slug, max_size=2)
    if v is CLEAN:
        refs = st.lists(st.sampled_from(ids), max_size=2, unique=True) if ids else st.just([])
    person = draw(
        st.fixed_dictionaries(
            {"name": v.local},
            optional={
                "gender": v.one_of(["male", "female", "unspecified"], ["other"]),
                "born": v.born,
                "birthplace": v.local,
                "occupation": v.local,
                "citizenship": st.lists(v.country, max_size=2),
                "affiliations": st.lists(
                    v.item({"organization": v.local}, role=v.local, until=v.date), max_size=2
                ),
                **({} if v is CLEAN else {"photo": st.one_of(ANY_TEXT, st.sampled_from(
                    ["p.png", "../p.png", "/etc/passwd"]))}),
            },
        )
    )  # fmt: skip
    data: dict[str, Any] = {
        "schema": draw(v.one_of(["advocacy-docs/case@1"], ["advocacy-docs/case@2"])),
        "id": draw(v.slug),
        "language": draw(v.lang),
        "person": person,
        "status": draw(v.one_of(["detained", "sentenced", "released", "in_exile"], ["lost"])),
        "state": draw(v.country),
    }
    parts = st.lists(v.duration, max_size=2).map(lambda ds: [{**d, "regime": "prison"} for d in ds])
    sentence = parts.map(
        lambda ps: {
            "total": {u: sum(p.get(u, 0) for p in ps) for u in ("years", "months", "days")},
            **({"parts": ps} if ps else {}),
        }
    )
    optional = {
        "summary": v.local,
        "as_of": v.date,
        "recognitions": st.lists(
            v.item(
                {"by": v.local, "as": v.one_of(["political_prisoner"], ["hostage"])},
                date=v.date,
                sources=refs,
            ),
            max_size=2,
        ),
        "charges": st.lists(
            v.item(
                {"code": st.one_of(st.just("RU-CC"), v.text), "article": st.one_of(
                    st.just("205.2"), st.floats(0, 400), st.integers(0, 400), v.text),
                 "summary": v.local},
                part=st.one_of(st.integers(0, 9), v.text),
                added=v.date,
                sources=refs,
            ),
            max_size=3,
        ),
        "detention": st.fixed_dictionaries(
            {"since": v.date}, optional={"authority": v.local, "place": v.local}
        ),
        "proceedings": st.fixed_dictionaries(
            {},
            optional={
                "court": v.local,
                "prosecution_demand": v.duration,
                "verdict": st.fixed_dictionaries(
                    {"date": v.date}, optional={"sentence": sentence, "final": st.booleans()}
                ),
                "appeals": st.lists(
                    v.item(
                        {"outcome": v.one_of(["pending", "upheld", "reduced"], ["won"])},
                        date=v.date,
                        court=v.local,
                        final=st.booleans(),
                        text=v.local,
                    ),
                    max_size=2,
                ),
            },
        ),
        "timeline": st.lists(
            v.item(
                {"date": v.date, "kind": v.one_of(["arrest", "search", "torture"], ["party"]),
                 "text": v.local},
                sources=refs,
            ),
            max_size=3,
        ),
        "rights": st.lists(
            v.item(
                {"instrument": v.one_of(["ECHR", "ICCPR", "UDHR", "CAT"], ["ACHR"]),
                 "article": st.one_of(st.sampled_from(["3", "5", "10", "18"]), v.text),
                 "facts": v.local},
                sources=refs,
            ),
            max_size=3,
        ),
        "demands": st.lists(st.one_of(v.local, v.item({"text": v.local})), max_size=2),
        "contacts": st.lists(
            v.item(
                {"name": v.local, "relation": WORD},
                phone=v.text,
                email=v.email,
                address=st.lists(v.text, max_size=2),
            ),
            max_size=2,
        ),
        "sources": st.tuples(
            *(
                v.item(
                    {"id": st.just(i), "title": v.local},
                    url=v.url,
                    date=v.date,
                    publisher=v.local,
                    language=v.lang,
                )
                for i in ids
            )
        ).map(list),
    }  # fmt: skip
    for key, strategy in optional.items():
        if draw(st.booleans()):
            data[key] = draw(strategy)
    if v is CLEAN:
        # A public item may not cite a source marked for fewer readers: mark every source public.
        for source in data.get("sources", []):
            source.pop("sensitivity", None)
    return data


def _paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [prefix]
    if isinstance(value, dict):
        for k, v in value.items():
            out += _paths(v, (*prefix, k))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            out += _paths(v, (*prefix, i))
    return out


def _typo(key: str, draw: st.DrawFn) -> str:
    i = draw(st.integers(0, max(len(key) - 1, 0)))
    how = draw(st.sampled_from(["drop", "double", "swap", "case", "insert"]))
    if how == "drop":
        return key[:i] + key[i + 1 :]
    if how == "double":
        return key[: i + 1] + key[i:]
    if how == "swap" and i + 1 < len(key):
        return key[:i] + key[i + 1] + key[i] + key[i + 2 :]
    if how == "case":
        return key.upper()
    return key[:i] + draw(st.sampled_from(["_", "-", "s", " ", "\u00e9"])) + key[i:]


@st.composite
def broken(draw: st.DrawFn, base: st.SearchStrategy[dict[str, Any]]) -> dict[str, Any]:
    """A value of ``base`` with one to three mistakes anywhere in it."""
    data = draw(base)
    for _ in range(draw(st.integers(0, 3))):
        paths = _paths(data)[1:]
        if not paths:
            break
        path = draw(st.sampled_from(paths))
        parent: Any = data
        for part in path[:-1]:
            parent = parent[part]
        key = path[-1]
        how = draw(st.sampled_from(["drop", "typo", "retype", "extra", "nest"]))
        if how == "drop":
            del parent[key]
        elif how == "typo" and isinstance(key, str):
            parent[_typo(key, draw)] = parent.pop(key)
        elif how == "retype":
            parent[key] = draw(JUNK)
        elif how == "extra" and isinstance(parent, dict):
            parent[draw(ANY_TEXT)] = draw(JUNK)
        elif how == "nest":
            parent[key] = draw(st.sampled_from([[parent[key]], {"en": parent[key]}, {}, []]))
    return data


def dump(data: Any, how: str) -> str:
    """``data`` as the text of a file: JSON, or YAML in block or flow style."""
    if how.startswith("json"):
        return json.dumps(data, ensure_ascii=how == "json-ascii", default=str, allow_nan=True)
    try:
        return yaml.safe_dump(
            data, allow_unicode=how == "yaml-unicode", default_flow_style=how == "yaml-flow"
        )
    except (yaml.YAMLError, UnicodeEncodeError, ValueError):
        return json.dumps(data, default=str)  # JSON is YAML too


FORMATS = st.sampled_from(["json", "json-ascii", "yaml", "yaml-unicode", "yaml-flow"])


# -- what every input must satisfy ------------------------------------------------------------


def check_error(exc: AdvocacyError, path: Path) -> None:
    """An error a campaigner can act on: it names the file; no control character in it."""
    message = str(exc)
    assert str(path) in message, message[:300]
    assert not _CONTROL.search(message), ascii(message[:300])
    if isinstance(exc, ValidationFailed):
        assert exc.problems and all(p.file == str(path) for p in exc.problems)


def load(path: Path, declares_case: bool) -> Case | None:
    """load_case and validate_file agree, and fail only with advocacy errors."""
    try:
        case: Case | None = load_case(path)
    except AdvocacyError as exc:
        check_error(exc, path)
        case = None
    try:
        problems = validate_file(path)
    except AdvocacyError as exc:  # a file that cannot be read at all
        check_error(exc, path)
        assert case is None
        return None
    for problem in problems:
        assert problem.file == str(path) and not _CONTROL.search(str(problem))
    event("the file loads" if case is not None else "the file is refused")
    if case is not None:
        assert problems == []
    elif declares_case:
        assert problems, "load_case failed but validate_file found nothing"
    return case


@cache
def parties() -> tuple[Any, Any, Renderer]:
    recipient = load_recipients(FIXTURE / "recipients.yaml")[0]
    sender = load_senders(FIXTURE / "senders.yaml")[0]
    return recipient, sender, Renderer()


def render_all(case: Case, formats: tuple[str, ...], kinds: tuple[str, ...], lang: str) -> int:
    """Render ``case`` in ``kinds`` x ``formats``; only advocacy errors may stop a render."""
    recipient, sender, renderer = parties()
    done = 0
    for kind in kinds:
        spec = renderer.kinds()[kind]
        locale = lang if not spec.locales or lang in spec.locales else spec.locales[0]
        for fmt in formats:
            try:
                out = renderer.render(
                    case,
                    kind=kind,
                    locale=locale,
                    fmt=fmt,
                    recipient=recipient,
                    sender=sender,
                    today=TODAY,
                )
            except AdvocacyError as exc:
                assert not _CONTROL.search(str(exc)), ascii(str(exc)[:300])
                continue
            assert out.data
            done += 1
    event(f"{done} of {len(kinds) * len(formats)} renders succeed")
    return done


# -- the properties ---------------------------------------------------------------------------


@examples(250)
@given(text=st.one_of(st.text(), st.text(st.characters(codec="utf-8"))), suffix=st.sampled_from(
    [".yaml", ".json", ".csv", ".yml", ""]))  # fmt: skip
def test_any_text_file(folder: Path, text: str, suffix: str) -> None:
    path = write(folder, suffix, text)
    load(path, declares_case=False)
    for loader in (load_recipients, load_senders):
        try:
            loader(path)
        except AdvocacyError as exc:
            check_error(exc, path)


@examples(100)
@given(data=st.binary(max_size=300), suffix=st.sampled_from([".yaml", ".json", ".csv"]))
def test_any_bytes(folder: Path, data: bytes, suffix: str) -> None:
    load(write(folder, suffix, data), declares_case=False)


YAML_PIECES = [
    "schema: advocacy-docs/case@1\n", "id: x\n", "language: en\n", "person:\n", "  name: A\n",
    "status: detained\n", "state: RU\n", "timeline:\n", "  - date: 2022\n", "    kind: arrest\n",
    "    text: t\n", "&a ", "*a ", "!!str ", "!!int ", "!!python/object:x ", "? ", ": ", "- ",
    "[", "]", "{", "}", ",", "'", '"', "|\n", ">\n", "  ", "\t", "#", "---\n", "...\n",
    "%YAML 1.2\n", "<<: *a\n", "\\u0000", '"\\e"', "0x1F", "0o17", ".inf", "~", "2023-02-30",
    "9" * 200,
]  # fmt: skip


@examples(150)
@given(pieces=st.lists(st.sampled_from(YAML_PIECES), max_size=30))
def test_yaml_made_of_pieces(folder: Path, pieces: list[str]) -> None:
    load(write(folder, ".yaml", "".join(pieces)), declares_case=False)


@examples(400)
@given(data=st.one_of(case_data(), broken(case_data())), how=FORMATS)
def test_generated_cases_load_and_validate(folder: Path, data: dict[str, Any], how: str) -> None:
    declares = data.get("schema") == "advocacy-docs/case@1"
    load(write(folder, ".json" if how.startswith("json") else ".yaml", dump(data, how)), declares)


@examples(150)
@given(data=st.one_of(case_data(clean=True), broken(case_data(clean=True))), how=FORMATS)
def test_generated_cases_render_as_text_and_html(
    folder: Path, data: dict[str, Any], how: str
) -> None:
    path = write(folder, ".json" if how.startswith("json") else ".yaml", dump(data, how))
    case = load(path, data.get("schema") == "advocacy-docs/case@1")
    if case is not None:
        kinds = ("letter", "briefing", "wgad-communication", "hrc-communication")
        render_all(case, ("txt", "html"), kinds, case.language)


@examples(12)
@given(data=case_data(clean=True), how=FORMATS)
def test_generated_cases_render_as_pdf_docx_and_eml(
    folder: Path, data: dict[str, Any], how: str
) -> None:
    path = write(folder, ".json" if how.startswith("json") else ".yaml", dump(data, how))
    case = load(path, data.get("schema") == "advocacy-docs/case@1")
    if case is not None:
        render_all(case, ("pdf", "docx"), ("briefing", "echr-application"), case.language)
        render_all(case, ("eml",), ("letter",), case.language)


PEOPLE = st.fixed_dictionaries(
    {"id": SLUG, "name": LOCAL_TEXT, "country": COUNTRY},
    optional={
        "language": LANGS,
        "city": LOCAL_TEXT,
        "email": st.one_of(st.emails(), ANY_TEXT),
        "address": st.one_of(st.lists(ANY_TEXT, max_size=3), st.dictionaries(LANGS, st.lists(
            ANY_TEXT, max_size=2), max_size=2)),
        "salutation": st.dictionaries(LANGS, ANY_TEXT, max_size=2),
        "in_office_since": PARTIAL_DATE,
        "gender": st.sampled_from(["female", "male", "x"]),
    },
)  # fmt: skip


def _csv(rows: list[dict[str, Any]]) -> str:
    import csv
    import io

    columns = sorted({k for row in rows for k in row if not isinstance(row[k], dict | list)})
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow(columns)
    for row in rows:
        writer.writerow([str(row.get(c, "")) for c in columns])
    return buf.getvalue()


@examples(100)
@given(
    rows=st.lists(broken(PEOPLE), max_size=3),
    schema=st.sampled_from(["recipients", "senders"]),
    how=st.sampled_from(["yaml", "json", "csv"]),
)
def test_generated_recipients_and_senders(
    folder: Path, rows: list[dict[str, Any]], schema: str, how: str
) -> None:
    if how == "csv":
        path = write(folder, ".csv", f"# schema: advocacy-docs/{schema}@1\n" + _csv(rows))
    else:
        data = {"schema": f"advocacy-docs/{schema}@1", schema: rows}
        path = write(folder, f".{how}", dump(data, how))
    loader = load_recipients if schema == "recipients" else load_senders
    try:
        people = loader(path)
    except AdvocacyError as exc:
        check_error(exc, path)
        people = None
    try:
        problems = validate_file(path)
    except AdvocacyError as exc:
        check_error(exc, path)
        return
    assert (people is not None) == (problems == [])
