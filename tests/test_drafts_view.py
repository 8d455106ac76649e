"""What the drafts are made from: names in parts, facts told once, the length of a detention."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from advocacy_docs import load_case
from advocacy_docs.case import Case
from advocacy_docs.case.types import Duration, NameText, PartialDate
from advocacy_docs.errors import InputError
from advocacy_docs.i18n import get_localizer
from advocacy_docs.view import build_context, chronology, cites_article, detention_span, elapsed

MINIMAL: dict[str, Any] = {
    "schema": "advocacy-docs/case@1",
    "id": "someone",
    "language": "en",
    "status": "detained",
    "state": "AZ",
}


def case_with(name: object, **more: Any) -> Case:
    return Case.model_validate({**MINIMAL, "person": {"name": name, "gender": "female"}, **more})


def parts(case: Case, lang: str) -> SimpleNamespace:
    context, _ = build_context(case, get_localizer(lang), today=PartialDate(2026, 11, 27))
    return context["person"].name_parts  # type: ignore[no-any-return]


# --- names in parts --------------------------------------------------------------------------


def test_a_name_may_be_given_in_parts_per_language() -> None:
    case = case_with(
        {
            "en": {"given": "Aynur", "family": "Hasanova"},
            "ru": {"given": "Айнур", "family": "Гасанова", "gen": "Айнур Гасановой"},
            "fr": "Aynur Hasanova",
        }
    )
    name = case.person.name
    assert isinstance(name, NameText)
    # Every use of the name as a text gets its nominative.
    assert name.resolve(("ru",), "en") == ("Айнур Гасанова", "ru")
    assert name.resolve(("fr",), "en") == ("Aynur Hasanova", "fr")
    assert name.parts_in("ru") == {"given": "Айнур", "family": "Гасанова", "gen": "Айнур Гасановой"}
    assert name.parts_in("fr") is None
    # Written back as the file wrote it.
    dumped = case.model_dump(mode="json", by_alias=True)["person"]["name"]
    assert dumped["ru"]["gen"] == "Айнур Гасановой" and dumped["fr"] == "Aynur Hasanova"
    assert Case.model_validate(case.model_dump(mode="json", by_alias=True)) == case


@pytest.mark.parametrize(
    ("name", "lang", "family", "given"),
    [
        ({"en": {"given": "Aynur", "family": "Hasanova"}}, "en", "Hasanova", "Aynur"),
        ({"given": "Anna Maria", "family": "Nowak-Kowalska"}, "pl", "Nowak-Kowalska", "Anna Maria"),
        ("Bakhrom Khamroev", "en", "Khamroev", "Bakhrom"),
        ({"ru": "Хамроев Бахром Хамроевич"}, "ru", "Хамроев", "Бахром"),
    ],
)
def test_the_drafts_get_the_family_name_apart(
    name: object, lang: str, family: str, given: str
) -> None:
    found = parts(case_with(name), lang)
    assert (found.family, found.given) == (family, given)


def test_a_name_in_parts_is_checked_like_any_field(tmp_path: Path) -> None:
    path = tmp_path / "case.yaml"
    path.write_text(
        "schema: advocacy-docs/case@1\nid: x\nlanguage: en\nperson:\n  name:\n"
        "    en: {given: Anna, surname: Nowak}\nstatus: detained\nstate: PL\n",
        encoding="utf-8",
    )
    with pytest.raises(InputError) as error:
        load_case(path)
    message = str(error.value)
    assert "case.yaml:6" in message and "person.name" in message and "'surname'" in message


# --- facts told once ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "article", "cited"),
    [
        ("charged him under Article 205.2 part 2 of the Code", "205.2", True),
        ("йому висунули обвинувачення за ч. 2 ст. 205.2 КК", "205.2", True),
        ("under Article 1205.2", "205.2", False),
        ("under Article 205.21", "205.2", False),
        ("under Article 205.2.1", "205.2", False),
        ("Article 205.2.", "205.2", True),
        ("under Article 280", "205.2", False),
    ],
)
def test_an_event_cites_an_article_only_as_a_number_of_its_own(
    text: str, article: str, cited: bool
) -> None:
    assert cites_article(text, article) is cited


def _view(charges: list[Any], timeline: list[Any]) -> SimpleNamespace:
    return SimpleNamespace(charges=charges, timeline=timeline, proceedings=None)


def test_a_charge_the_timeline_tells_on_its_day_is_not_told_again() -> None:
    day = PartialDate(2022, 2, 24)
    charge = SimpleNamespace(added=day, article="205.2")
    told_by_text = SimpleNamespace(date=day, kind="arrest", text="charged under Article 205.2")
    other_text = SimpleNamespace(date=day, kind="arrest", text="The FSB took him away.")
    told_by_kind = SimpleNamespace(date=day, kind="charge", text="A charge was brought.")
    other_day = SimpleNamespace(date=PartialDate(2022, 3, 1), kind="charge", text="Art. 205.2")
    kinds = lambda events: [e.kind for e in chronology(_view([charge], events))]  # noqa: E731
    assert kinds([told_by_text]) == ["event"]
    assert kinds([told_by_kind]) == ["event"]
    assert kinds([other_text]) == ["event", "charge"]
    assert kinds([other_day]) == ["charge", "event"]


def test_the_example_tells_the_first_charge_once(case: Case) -> None:
    context, _ = build_context(case, get_localizer("en"), today=PartialDate(2026, 11, 27))
    told = context["case"].chronology
    assert [e.kind for e in told].count("charge") == 0  # both charges are told by the timeline
    assert len(told) == len(case.timeline)


# --- the length of a detention ------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (dt.date(2022, 2, 24), dt.date(2023, 5, 30), Duration(years=1, months=3, days=6)),
        (dt.date(2022, 1, 31), dt.date(2022, 2, 28), Duration(months=1)),
        (dt.date(2022, 1, 31), dt.date(2022, 3, 1), Duration(months=1, days=1)),
        (dt.date(2020, 2, 29), dt.date(2021, 2, 28), Duration(years=1)),
        (dt.date(2022, 2, 24), dt.date(2022, 2, 24), Duration()),
    ],
)
def test_elapsed_counts_whole_years_months_and_days(
    start: dt.date, end: dt.date, expected: Duration
) -> None:
    assert elapsed(start, end) == expected


def test_elapsed_is_none_backwards() -> None:
    assert elapsed(dt.date(2023, 1, 2), dt.date(2023, 1, 1)) is None


def test_a_detention_lasts_until_release_or_the_day_the_facts_are_stated(case: Case) -> None:
    span = detention_span(case)
    assert span is not None and not span.ended
    assert span.duration == Duration(years=1, months=3, days=6)
    data = case.model_dump(mode="json", by_alias=True)
    data["detention"]["until"] = "2022-08-01"
    released = detention_span(Case.model_validate(data))
    assert released is not None and released.ended
    assert released.duration == Duration(months=5, days=8)
    data["detention"]["since"] = "2022-02"  # a month only: no length to state
    assert detention_span(Case.model_validate(data)) is None
