"""Typography rules as locale data: French spacing before punctuation, Polish short words that
never end a line ("sierotki"), applied to the text of documents and never inside an address."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from advocacy_docs.case.types import PartialDate
from advocacy_docs.errors import InputError
from advocacy_docs.i18n import get_localizer
from advocacy_docs.i18n.typography import no_break_after, one_full_stop, space_before

BUNDLED = Path(__file__).resolve().parents[1] / "locales"
NBSP = "\u00a0"
POLISH = ("a", "i", "o", "u", "w", "z")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("zatrzymany w marcu", f"zatrzymany w{NBSP}marcu"),
        ("W 2022 r. i potem", f"W{NBSP}2022 r. i{NBSP}potem"),  # capitals too
        ("a w domu", f"a{NBSP}w{NBSP}domu"),  # two in a row
        ("o\nwolność", f"o{NBSP}wolność"),  # a line break in the source is a space
        ("(i tak) „w sprawie”", f"(i{NBSP}tak) „w{NBSP}sprawie”"),  # after a bracket or quote
        ("z https://example.org/a b", f"z{NBSP}https://example.org/a b"),  # the URL unchanged
        ("pisz: a@example.org i b.z@example.pl", f"pisz: a@example.org i{NBSP}b.z@example.pl"),
        ("art. 5 ust. 1 lit. a", "art. 5 ust. 1 lit. a"),  # at the end: nothing follows
        ("kraj Ira", "kraj Ira"),  # a longer word that begins with one of them
        ("wiersz\u00a0a b", f"wiersz\u00a0a{NBSP}b"),
    ],
)
def test_polish_short_words_are_tied_to_the_next_word(text: str, expected: str) -> None:
    assert no_break_after(text, POLISH) == expected


@pytest.mark.parametrize("address", ["https://a.pl/w/i/z?x=a&y=o", "mailto:u@w.pl", "i@z.pl"])
def test_urls_and_addresses_keep_every_character(address: str) -> None:
    assert no_break_after(f"pisz {address} a potem", POLISH) == f"pisz {address} a{NBSP}potem"


def test_french_spacing_is_unchanged_by_the_new_rule() -> None:
    assert space_before("CEDH : article 5; voir https://x.org 10:30", ";:!?") == (
        f"CEDH{NBSP}: article 5{NBSP}; voir https://x.org 10:30"
    )


def test_locales_take_their_own_rules() -> None:
    pl, fr, en = get_localizer("pl"), get_localizer("fr"), get_localizer("en")
    assert pl.typeset("w marcu: i tak") == f"w{NBSP}marcu: i{NBSP}tak"
    assert fr.typeset("à la fin: a b") == f"à la fin{NBSP}: a b"
    assert en.typeset("a b: w c") == "a b: w c"  # English spaces no colon, ties no "a"
    assert en.typeset('Russia\'s "list"') == "Russia’s “list”"


def _locale(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "qq" / "locale.toml"
    path.parent.mkdir(parents=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_a_new_locale_adds_the_rule_as_data(tmp_path: Path) -> None:
    # Czech: the same rule with its own words.
    _locale(tmp_path, '[typography]\nno_break_after = ["k", "s", "v", "z", "o", "u", "a", "i"]\n')
    cs = get_localizer("qq", [tmp_path, BUNDLED])
    assert cs.has_typography
    assert cs.typeset("Byl zadržen v březnu s přáteli") == (
        f"Byl zadržen v{NBSP}březnu s{NBSP}přáteli"
    )


@pytest.mark.parametrize("value", ['"a i w"', "[]", '["a", 3]', '["w "]', '["w."]'], ids=str)
def test_bad_short_words_name_the_file_and_key(tmp_path: Path, value: str) -> None:
    path = _locale(tmp_path, f"[typography]\nno_break_after = {value}\n")
    with pytest.raises(InputError) as info:
        get_localizer("qq", [tmp_path, BUNDLED])
    assert str(path) in str(info.value)
    assert " typography.no_break_after:" in str(info.value)


# --- one full stop after an abbreviation -----------------------------------------------------

_DATES = [PartialDate(2022, 2, 24), PartialDate(2023, 3), PartialDate(2022)]


@pytest.mark.parametrize("lang", ["en", "de", "fr", "pl", "uk", "ru", "crh"])
def test_a_sentence_ending_on_a_date_ends_with_one_full_stop(lang: str) -> None:
    # Polish "2022 r.", Ukrainian "2022 р.", Russian "2022 г." end on an abbreviation's dot:
    # a sentence that ends on a date ends there ("r.." never).
    loc = get_localizer(lang)
    for when in _DATES:
        for style in ("on", "since"):
            typed = loc.typeset(f"Zarzut usłyszał {loc.date_phrase(when, style)}.")
            assert not re.search(r"[^\W\d_]\.\.(?!\.)", typed), typed
            assert typed.endswith(".")


@given(st.text(alphabet="ab. ", max_size=30))
def test_one_full_stop_drops_only_a_stop_after_an_abbreviations_dot(text: str) -> None:
    out = one_full_stop(text)
    assert out.replace("...", "").count("..") <= text.replace("...", "").count("..")
    assert "..." in out or "..." not in text  # an ellipsis keeps its dots
    assert not re.search(r"(?<!\.)[ab]\.\.(?!\.)", out), (text, out)
    assert out.replace(".", "") == text.replace(".", "")  # only dots are dropped


@pytest.mark.parametrize("lang", ["crh", "uk", "en"])
def test_a_number_and_its_hyphenated_ending_never_break_but_addresses_keep_theirs(
    lang: str,
) -> None:
    loc = get_localizer(lang)
    assert "2\u2011nci qısmı" in loc.typeset("205.2 maddesiniñ 2-nci qısmı")
    for address in ("https://example.org/2023-report", "a-2@example.org", "x.org/1-b"):
        assert loc.typeset(f"See {address} now").split()[1] == address


# --- typeset texts are remembered per locale: the same text, the same answer --------------

_SAMPLES = st.sampled_from(
    ["14 років", "de l'affaire", "Art. 205.2", "24 lutego 2022 r.", "« texte »: suite", "—", ""]
)


@given(
    lang=st.sampled_from(["en", "fr", "de", "pl", "ru", "uk", "crh"]),
    parts=st.lists(st.one_of(_SAMPLES, st.text(max_size=30)), min_size=1, max_size=6),
)
def test_a_remembered_typesetting_is_the_typesetting(lang: str, parts: list[str]) -> None:
    formatter = get_localizer(lang)._formatter
    text = " ".join(parts)
    first = formatter.typeset(text)
    assert first == formatter._typeset_now(text) == formatter.typeset(text)


def test_the_table_of_typeset_texts_is_bounded() -> None:
    from advocacy_docs.i18n import formatting

    formatter = formatting.LocaleFormatter(get_localizer("fr")._formatter.specs)
    for i in range(formatting._TYPESET_KEPT + 10):
        formatter.typeset(f"texte {i} : suite")
    formatter.typeset("x" * (formatting._TYPESET_LONGEST + 1))
    assert 0 < len(formatter._typeset) <= formatting._TYPESET_KEPT
    assert all(len(t) <= formatting._TYPESET_LONGEST for t in formatter._typeset)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ajoutez-la au dossier", "ajoutez-la au dossier"),
        ("dites-le à la Cour", "dites-le à la Cour"),
        ("envoyez\u2011le au greffe", "envoyez\u2011le au greffe"),
        ("la affaire de la audience", "l’affaire de l’audience"),
        ("le avocat du accusé", "l’avocat de l’accusé"),
    ],
)
def test_french_elision_never_after_a_hyphen(text: str, expected: str) -> None:
    fr = get_localizer("fr")
    assert flat_spaces(fr.typeset(text)) == expected


def flat_spaces(text: str) -> str:
    return text.replace("\u00a0", " ").replace("\u202f", " ")
