"""Data in without files: parse_case and friends check data as the file loaders check files."""

from __future__ import annotations

import copy
import datetime as dt
import json
import pickle
import struct
import types
import zlib
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from advocacy_docs.audience import redact
from advocacy_docs.campaign.plan import check
from advocacy_docs.campaign.rows import iter_rows
from advocacy_docs.campaign.spec import Campaign, load_campaign, parse_campaign
from advocacy_docs.campaign.worker import RendererOptions
from advocacy_docs.case import (
    Case,
    load_case,
    load_recipients,
    load_senders,
    parse_case,
    parse_recipients,
    parse_senders,
)
from advocacy_docs.case.model import format_loc
from advocacy_docs.case.parties import RecipientsFile, SendersFile
from advocacy_docs.case.photo import MAX_PHOTO_BYTES
from advocacy_docs.case.validate import allowed_keys
from advocacy_docs.errors import AdvocacyError, ValidationFailed
from advocacy_docs.pipeline import photo_url
from tests.conftest import CASE_FILE, EXAMPLES, RECIPIENTS_FILE, SENDERS_FILE

CAMPAIGN_FILE = EXAMPLES / "campaigns" / "khamroev-embassies.yaml"
CAMPAIGN_HEAD = f"""schema: advocacy-docs/campaign@1
case: {CASE_FILE}
recipients: {RECIPIENTS_FILE}
"""
FILES = {"case": CASE_FILE, "recipients": RECIPIENTS_FILE, "senders": SENDERS_FILE}
PARSERS: dict[str, Any] = {
    "case": parse_case,
    "recipients": parse_recipients,
    "senders": parse_senders,
    "campaign": parse_campaign,
}
MODELS: dict[str, Any] = {
    "case": Case,
    "recipients": RecipientsFile,
    "senders": SendersFile,
    "campaign": Campaign,
}

Loc = tuple[str | int, ...]


def example(kind: str) -> Any:
    """An example file's data as a program would have it (yaml.safe_load: no positions)."""
    path = CAMPAIGN_FILE if kind == "campaign" else FILES[kind]
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def problems(kind: str, data: Any) -> list[str]:
    """What parsing ``data`` says, one line per problem ([] when it is valid)."""
    try:
        PARSERS[kind](data)
    except ValidationFailed as exc:
        return [str(p) for p in exc.problems]
    return []


def outcome(kind: str, data: Any) -> Any:
    """What parsing ``data`` gives: the parsed data as it would be written, or the problems."""
    try:
        parsed = PARSERS[kind](data)
    except ValidationFailed as exc:
        return sorted(str(p) for p in exc.problems)
    items = parsed if isinstance(parsed, list) else [parsed]
    return [item.model_dump(mode="json", by_alias=True) for item in items]


def dump(model: Any) -> Any:
    """The model as it would be written (models that differ only in their file compare equal)."""
    return model.model_dump(mode="json", by_alias=True)


def png(width: int = 2, height: int = 2) -> bytes:
    """A real PNG image of grey pixels."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return (
            struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
        )

    rows = b"".join(b"\x00" + b"\x80" * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


# --- the example: every problem at once ---------------------------------------------

ROW = {
    "id": "test-case",
    "language": "en",
    "persn": {"name": "X"},  # misspelt
    "person": {"name": None, "born": "1990-02-30"},  # a NULL name, an impossible date
    "status": "detained",
    "state": "RU",
    "summary": None,
    "charges": [{"code": "RU-CC", "article": "205.2", "summary": "s", "sources": ["memo"]}],
    "sources": [{"id": "memorial", "title": "Memorial's list"}],
}


def test_parse_case_lists_every_problem_at_once_without_lines() -> None:
    with pytest.raises(ValidationFailed) as caught:
        parse_case(ROW, name="cases table, row 7")
    assert str(caught.value).splitlines() == [
        "cases table, row 7: charges[0].sources[0]: unknown source 'memo'; "
        "did you mean 'memorial'?",
        "cases table, row 7: persn: unknown field 'persn'; did you mean 'person'?",
        "cases table, row 7: person.born: '1990-02-30' is not a date: 1990-02 has no day 30",
        "cases table, row 7: person.name: missing required field 'name'",
    ]
    assert all(p.line is None and p.column is None for p in caught.value.problems)
    assert isinstance(caught.value, AdvocacyError)


def test_the_default_name_is_data() -> None:
    assert problems("case", {**ROW, "persn": None, "person": {"name": "X"}}) == [
        "<data>: charges[0].sources[0]: unknown source 'memo'; did you mean 'memorial'?"
    ]


def test_a_database_row_with_nulls_is_a_case() -> None:
    row = {
        "id": "test-case",
        "language": "en",
        "person": {"name": "Test Person", "born": None, "photo": None, "gender": None},
        "status": "detained",
        "state": "RU",
        "summary": None,
        "detention": None,
        "charges": None,
    }
    case = parse_case(row)
    assert case.person.gender == "unspecified" and case.charges == [] and case.detention is None
    assert case.source_path is None


def test_schema_may_be_left_out_but_not_contradicted() -> None:
    assert parse_case(example("case")) == parse_case({**example("case"), "schema": None})
    assert problems("case", {**example("case"), "schema": "advocacy-docs/senders@1"}) == [
        "<data>: schema: this is a senders file ('advocacy-docs/senders@1'), "
        "not a case file ('advocacy-docs/case@1')"
    ]


def test_mappings_and_tuples_of_any_kind_are_data() -> None:
    data = example("case")
    data["person"] = types.MappingProxyType(data["person"])
    data["sources"] = tuple(data["sources"])
    assert dump(parse_case(data)) == dump(load_case(CASE_FILE))


@pytest.mark.parametrize(
    ("data", "shown"), [([1, 2], "a list"), ("a case", "'a case'"), (42, "42")]
)
def test_not_a_mapping(data: object, shown: str) -> None:
    assert problems("case", data) == [
        f"<data>: expected a mapping of fields (key: value lines), got {shown}"
    ]


def test_data_that_contains_itself_is_refused_not_a_crash() -> None:
    data: dict[str, Any] = example("case")
    data["person"]["affiliations"] = [data]
    found = problems("case", data)
    assert len(found) == 1 and "nested more than 64 levels deep" in found[0]


def test_invisible_characters_are_refused_as_in_a_file() -> None:
    data = example("case")
    data["summary"] = "a\x1b[31mb"
    assert problems("case", data) == [
        "<data>: summary: this text contains U+001B, a control character or half of a "
        "surrogate pair that no document can show: delete it"
    ]


# --- None is absent, at any depth --------------------------------------------------------


def _mappings(value: Any, loc: Loc = ()) -> list[tuple[Loc, dict[str, Any]]]:
    """Every mapping in ``value`` with where it is."""
    found: list[tuple[Loc, dict[str, Any]]] = []
    if isinstance(value, dict):
        found.append((loc, value))
        for k, v in value.items():
            found += _mappings(v, (*loc, k))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            found += _mappings(v, (*loc, i))
    return found


def _places(kind: str) -> list[tuple[Loc, str]]:
    """Every key written in the example, and every key its model allows that is not written."""
    data = example(kind)
    places: list[tuple[Loc, str]] = []
    for loc, mapping in _mappings(data):
        places += [(loc, key) for key in mapping]
        places += [(loc, k) for k in allowed_keys(MODELS[kind], loc) if k not in mapping]
    return places


def _at(data: Any, loc: Loc) -> Any:
    """The value at ``loc``; None where there is none (a parent was left out or set to None)."""
    for part in loc:
        try:
            data = data[part]
        except (KeyError, IndexError, TypeError):
            return None
    return data


PLACES = {kind: _places(kind) for kind in PARSERS}


@pytest.mark.parametrize("kind", list(PARSERS))
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_none_is_the_same_as_absent(kind: str, data: st.DataObject) -> None:
    chosen = data.draw(st.lists(st.sampled_from(PLACES[kind]), min_size=1, max_size=4))
    with_none, without = example(kind), example(kind)
    for loc, key in chosen:
        if isinstance(_at(with_none, loc), dict):  # not under a key set to None already
            _at(with_none, loc)[key] = None
        if isinstance(_at(without, loc), dict):
            _at(without, loc).pop(key, None)
    assert outcome(kind, with_none) == outcome(kind, without)


def test_a_null_written_in_a_file_is_absent_too(tmp_path: Path) -> None:
    text = CASE_FILE.read_text(encoding="utf-8").replace("  gender: male\n", "  gender:\n", 1)
    path = tmp_path / "case.yaml"
    path.write_text(text, encoding="utf-8")
    assert load_case(path).person.gender == "unspecified"
    # A required key written empty is missing: the message points at that key's own line.
    path.write_text(text.replace("status: sentenced\n", "status:\n", 1), encoding="utf-8")
    with pytest.raises(ValidationFailed) as caught:
        load_case(path)
    line = text.splitlines().index("status: sentenced") + 1
    assert [str(p) for p in caught.value.problems] == [
        f"{path}:{line}:1: status: missing required field 'status'"
    ]


# --- the same problems as the file loader, for mutated example files -----------------------

DATES = [
    (*loc, key)
    for loc, mapping in _mappings(example("case"))
    for key in mapping
    if key in ("date", "since", "until", "born", "added", "decided", "as_of")
]


def _source_refs(data: Any) -> list[Loc]:
    return [
        (*loc, "sources", i)
        for loc, mapping in _mappings(data)
        if loc != () and isinstance(mapping.get("sources"), list)
        for i in range(len(mapping["sources"]))
    ]


def _mutate(data: Any, draw: Any) -> None:
    places = [(loc, key) for loc, key in PLACES["case"] if key != "schema"]
    kind = draw(st.sampled_from(["misspell", "delete", "null", "date", "dangling", "blank"]))
    if kind == "date":
        loc = draw(st.sampled_from(DATES))
        value = draw(st.sampled_from(["2023-02-30", "2023-13", "1900-1-1", "yesterday"]))
        if isinstance(_at(data, loc[:-1]), dict):  # not left out by an earlier mutation
            _at(data, loc[:-1])[loc[-1]] = value
        return
    if kind == "dangling":
        refs = _source_refs(data)
        if refs:
            loc = draw(st.sampled_from(refs))
            _at(data, loc[:-1])[loc[-1]] = draw(st.sampled_from(["nowhere", "khpg-2023-0"]))
        return
    loc, key = draw(st.sampled_from(places))
    target = _at(data, loc)
    if not isinstance(target, dict) or key not in target:
        return
    if kind == "misspell":
        target[key[:-1] + "x" if len(key) > 2 else key + "x"] = target.pop(key)
    elif kind == "delete":
        del target[key]
    elif kind == "null":
        target[key] = None
    elif isinstance(target[key], str):
        target[key] = draw(st.sampled_from(["", "   "]))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_parse_case_finds_what_load_case_finds(tmp_path_factory: Any, data: st.DataObject) -> None:
    mutated = example("case")
    for _ in range(data.draw(st.integers(1, 3))):
        _mutate(mutated, data.draw)
    path = tmp_path_factory.mktemp("mutated") / "case.yaml"
    path.write_text(yaml.safe_dump(mutated, allow_unicode=True), encoding="utf-8")
    from_file: Any
    from_data: Any
    try:
        from_file = load_case(path).model_dump(mode="json", by_alias=True)
    except ValidationFailed as exc:
        from_file = sorted((p.path, p.message) for p in exc.problems)
    try:
        from_data = parse_case(yaml.safe_load(path.read_text(encoding="utf-8"))).model_dump(
            mode="json", by_alias=True
        )
    except ValidationFailed as exc:
        from_data = sorted((p.path, p.message) for p in exc.problems)
    assert from_data == from_file


def test_example_files_and_their_data_are_the_same() -> None:
    assert dump(parse_case(example("case"))) == dump(load_case(CASE_FILE))
    assert parse_recipients(example("recipients")) == load_recipients(RECIPIENTS_FILE)
    assert parse_senders(example("senders")) == load_senders(SENDERS_FILE)
    assert parse_campaign(example("campaign")) == load_campaign(CAMPAIGN_FILE).spec


# --- recipients, senders and campaigns --------------------------------------------------


def test_recipients_from_rows() -> None:
    rows = example("recipients")["recipients"]
    assert parse_recipients(rows) == load_recipients(RECIPIENTS_FILE)
    bad = [{**rows[0], "country": "Germany", "notes": None}, {**rows[1], "languag": "de"}]
    assert problems("recipients", bad) == [
        "<data>: recipients[0].country: 'Germany' is not a country code: use two capital "
        "letters (ISO 3166-1), e.g. RU, UA, GB",
        "<data>: recipients[1].languag: unknown field 'languag'; did you mean 'language'?",
    ]


def test_a_sender_from_a_web_form_needs_no_id() -> None:
    form = {"name": "Olena Koval", "city": "Kyiv", "country": "UA", "email": None, "phone": None}
    (sender,) = parse_senders([form])
    assert sender.id is None and sender.city.plain == "Kyiv" and sender.email is None


def test_several_senders_need_ids_to_be_told_apart(tmp_path: Path) -> None:
    path = tmp_path / "senders.yaml"
    path.write_text(
        "schema: advocacy-docs/senders@1\nsenders:\n"
        "  - {name: A, city: X, country: GB}\n"
        "  - {id: b, name: B, city: Y, country: GB}\n",
        encoding="utf-8",
    )
    with pytest.raises(ValidationFailed) as caught:
        load_senders(path)
    assert [str(p) for p in caught.value.problems] == [
        f"{path}:3:5: senders[0].id: missing id: the file holds 2 senders, and each is "
        "picked by its id (FILE#id)"
    ]
    path.write_text(
        "schema: advocacy-docs/senders@1\nsenders:\n  - {name: A, city: X, country: GB}\n",
        encoding="utf-8",
    )
    assert load_senders(path)[0].id is None


def test_a_campaign_from_data() -> None:
    data = example("campaign")
    data.update(kinds=None, personal=None, locale="fr", output=None)
    assert problems("campaign", data) == [
        "<data>: locale: 'fr': write `recipient` (each recipient's language) or a list of "
        "locales such as [en, uk]"
    ]
    data["locale"] = None
    assert parse_campaign(data, name="form").kinds == ["letter"]


# --- one rule for text: blank is refused, everywhere -----------------------------------------


def _text_leaves(value: Any, loc: Loc = ()) -> list[Loc]:
    if isinstance(value, str):
        return [loc]
    if isinstance(value, dict):
        return [leaf for k, v in value.items() for leaf in _text_leaves(v, (*loc, k))]
    if isinstance(value, list):
        return [leaf for i, v in enumerate(value) for leaf in _text_leaves(v, (*loc, i))]
    return []


@pytest.mark.parametrize("kind", list(PARSERS))
@pytest.mark.parametrize("blank", ["", "  "])
def test_no_text_anywhere_may_be_blank(kind: str, blank: str) -> None:
    accepted: list[str] = []
    for leaf in _text_leaves(example(kind)):
        if leaf == ("schema",):
            continue  # a blank schema is a missing one: the model's own
        data = example(kind)
        _at(data, leaf[:-1])[leaf[-1]] = blank
        found = problems(kind, data)
        # Reported at the text, or at the field the text belongs to ({en: ...}, a name's parts).
        # A demand given as its text alone is reported at its `text`.
        ends = range(max(1, len(leaf) - 2), len(leaf) + 1)
        wheres = [f"<data>: {format_loc(leaf[:n])}" for n in ends]
        if not any(p.startswith(w) for p in found for w in wheres):
            accepted.append(f"{format_loc(leaf)}: {found}")
    assert accepted == []


@pytest.mark.parametrize(
    ("kind", "record"),
    [
        ("senders", {"name": "", "city": "Kyiv", "country": "UA"}),
        ("senders", {"name": "A", "city": "", "country": "UA"}),
        ("senders", {"name": "A", "city": "Kyiv", "country": "UA", "phone": " "}),
        ("recipients", {"id": "a", "name": "A", "country": "DE", "language": "de", "notes": ""}),
    ],
)
def test_blank_text_has_one_message(kind: str, record: dict[str, str]) -> None:
    (blank,) = [k for k, v in record.items() if not v.strip()]
    assert problems(kind, [record]) == [f"<data>: {kind}[0].{blank}: text is empty"]


# --- the photo, as bytes -------------------------------------------------------------------


def test_a_photo_given_as_bytes_is_the_case_s_photo() -> None:
    image = png()
    case = parse_case(example("case"), photo=image)
    url = photo_url(case)
    assert url is not None and url.startswith("data:image/png;base64,")
    # Through the audience stage and to a campaign's worker processes.
    assert photo_url(redact(case, "public")) == url
    assert photo_url(pickle.loads(pickle.dumps(case))) == url
    assert photo_url(parse_case(example("case"))) is None


def test_a_photo_in_the_data_without_a_file_cannot_be_found() -> None:
    data = copy.deepcopy(example("case"))
    data["person"]["photo"] = "portrait.png"
    with pytest.raises(AdvocacyError, match="was not loaded from a file"):
        photo_url(parse_case(data))
    assert photo_url(parse_case(data, photo=png())) is not None


@pytest.mark.parametrize(
    ("image", "message"),
    [
        (b"<svg/>", "the photo is not a JPEG, PNG or GIF image"),
        (b"", "the photo is not a JPEG, PNG or GIF image"),
        (
            b"\x89PNG\r\n\x1a\n" + bytes(MAX_PHOTO_BYTES),
            "the photo is larger than 10,000,000 bytes",
        ),
    ],
)
def test_a_bad_photo_is_a_problem_listed_with_the_others(image: bytes, message: str) -> None:
    with pytest.raises(ValidationFailed) as caught:
        parse_case({**example("case"), "statu": "x"}, photo=image, name="row 3")
    assert [str(p) for p in caught.value.problems] == [
        "row 3: statu: unknown field 'statu'; did you mean 'status'?",
        f"row 3: person.photo: {message}",
    ]


def test_data_in_renders_like_files_in(renderer: Any) -> None:
    """A web endpoint's few lines: a case from JSON with its photo, a sender from a form."""
    case = parse_case(json.loads(json.dumps(example("case"), default=str)), photo=png())
    (sender,) = parse_senders([{"name": "Olena Koval", "city": "Kyiv", "country": "UA"}])
    (recipient,) = parse_recipients(example("recipients")["recipients"][:1])
    letter = renderer.render(
        case,
        kind="letter",
        locale="en",
        fmt="html",
        recipient=recipient,
        sender=sender,
        today=dt.date(2023, 6, 1),
    )
    assert "Olena Koval" in letter.data.decode()
    briefing = renderer.render(
        case, kind="briefing", locale="en", fmt="html", sender=sender, today=dt.date(2023, 6, 1)
    )
    assert f'src="{photo_url(case)}"' in briefing.data.decode()


def test_a_campaign_needs_its_senders_ids(tmp_path: Path) -> None:
    senders = tmp_path / "s.yaml"
    senders.write_text(
        "schema: advocacy-docs/senders@1\nsenders:\n  - {name: A, city: London, country: GB}\n",
        encoding="utf-8",
    )
    path = tmp_path / "campaign.yaml"
    path.write_text(CAMPAIGN_HEAD + f"senders: [{senders}]\n", encoding="utf-8")
    with pytest.raises(ValidationFailed) as caught:
        check(load_campaign(path), RendererOptions())
    assert [str(p) for p in caught.value.problems] == [
        f"{path}:4:11: senders[0]: a campaign names its senders by id: give it one"
    ]


def test_a_campaign_s_recipient_rows_read_nulls_as_absent(tmp_path: Path) -> None:
    path = tmp_path / "r.yaml"
    path.write_text(
        "schema: advocacy-docs/recipients@1\nrecipients:\n"
        "  - {id: a, name: A, country: DE, language: de, email: ~, gender: ~}\n"
        "  - {id: b, name: ~, country: DE, language: de}\n",
        encoding="utf-8",
    )
    good, bad = iter_rows(path)
    assert good.recipient is not None and good.recipient.gender == "unspecified"
    assert [str(p) for p in bad.problems] == [
        f"{path}:4:13: recipients[1].name: missing required field 'name'"
    ]
