"""Salutations and closings from who the recipient is (role, gender, name), read as a person
reads them: from the rendered letter (text and PDF), and over every role x gender x locale."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, get_args

import pytest
from markupsafe import Markup

from advocacy_docs import Renderer
from advocacy_docs.case import Case, Recipient, Sender, load_recipients
from advocacy_docs.case.parties import Role
from advocacy_docs.errors import InputError, ValidationFailed
from advocacy_docs.i18n import get_localizer
from advocacy_docs.i18n.etiquette import (
    ROLES,
    Addressee,
    Etiquette,
    Written,
    continue_sentence,
    load_etiquette,
    office_name,
    write,
)
from advocacy_docs.i18n.grammar import Gender, person_name
from tests.conftest import LETTER_LOCALES, TODAY, flat, pdf_pages

GENDERS: tuple[Gender, ...] = ("male", "female", "unspecified")

# An ambassador by name, in the script of each letter: a man and a woman.
AMBASSADORS = {
    "male": {"en": "Andrei Kelin", "ru": "Андрей Келин", "uk": "Андрій Келін"},
    "female": {"en": "Maria Zakharova", "ru": "Мария Захарова", "uk": "Марія Захарова"},
}
EXPECTED = {
    ("de", "male"): ("Sehr geehrter Herr Botschafter,", "Mit freundlichen Grüßen"),
    ("de", "female"): ("Sehr geehrte Frau Botschafterin,", "Mit freundlichen Grüßen"),
    ("fr", "male"): (
        "Monsieur l'Ambassadeur,",
        "Veuillez agréer, Monsieur l'Ambassadeur, l'expression de ma haute considération.",
    ),
    ("fr", "female"): (
        "Madame l'Ambassadrice,",
        "Veuillez agréer, Madame l'Ambassadrice, l'expression de ma haute considération.",
    ),
    ("pl", "male"): ("Szanowny Panie Ambasadorze,", "Z poważaniem"),
    ("pl", "female"): ("Szanowna Pani Ambasador,", "Z poważaniem"),
    ("ru", "male"): ("Уважаемый господин Посол!", "С уважением,"),
    ("ru", "female"): ("Уважаемая госпожа Посол!", "С уважением,"),
    ("uk", "male"): ("Шановний пане После!", "З повагою"),
    ("uk", "female"): ("Шановна пані Посол!", "З повагою"),
    ("en", "male"): ("Dear Ambassador,", "Yours sincerely,"),
    ("en", "female"): ("Dear Ambassador,", "Yours sincerely,"),
}
# How each letter goes on after its salutation: German and Polish continue the sentence.
OPENINGS = {
    "de": "ich schreibe Ihnen",
    "pl": "zwracam się",
    "fr": "Je me permets",
    "en": "I am writing to you",
    "ru": "Обращаюсь к Вам",
    "uk": "Звертаюся до Вас",
}


def recipient(lang: str, **fields: Any) -> Recipient:
    """A recipient who reads ``lang``, with ``fields`` (name, gender, role, salutation ...)."""
    data: dict[str, Any] = {"id": "r", "name": "The Office", "country": "GB", "language": lang}
    data.update(fields)
    return Recipient.model_validate(data)


def ambassador(lang: str, gender: str, **fields: Any) -> Recipient:
    """A named ambassador of ``gender`` without a salutation of their own."""
    return recipient(lang, name=AMBASSADORS[gender], gender=gender, role="ambassador", **fields)


def letter_text(renderer: Renderer, case: Case, sender: Sender, rec: Recipient, lang: str) -> str:
    """The letter's text, one space between words, as the txt writer gives it."""
    doc = renderer.render(
        case, kind="letter", locale=lang, fmt="txt", recipient=rec, sender=sender, today=TODAY
    )
    # French text is typeset with the typographic apostrophe; the expected forms are typed.
    return flat(doc.data.decode("utf-8")).replace("’", "'")


@pytest.mark.parametrize("gender", ["male", "female"])
@pytest.mark.parametrize("lang", ["de", "fr", "pl", "ru", "uk", "en"])
def test_named_ambassador_is_greeted_by_title_in_the_letter(
    renderer: Renderer, case: Case, sender: Sender, lang: str, gender: str
) -> None:
    salutation, closing = EXPECTED[(lang, gender)]
    rec = ambassador(lang, gender)
    for fmt in ("txt", "pdf"):
        doc = renderer.render(
            case, kind="letter", locale=lang, fmt=fmt, recipient=rec, sender=sender, today=TODAY
        )
        text = flat(doc.data.decode("utf-8") if fmt == "txt" else " ".join(pdf_pages(doc.data)))
        text = text.replace("’", "'")
        assert f"{salutation} {OPENINGS[lang]}" in text, (fmt, text[:400])
        assert closing in text, fmt
        generic = get_localizer(lang).etiquette().generic
        assert generic is not None and generic.salutation not in text


def test_russian_greets_by_name_and_patronymic_and_english_takes_faithfully_when_unknown(
    renderer: Renderer, case: Case, sender: Sender
) -> None:
    gutsan = recipient(
        "ru",
        name={"ru": {"given": "Александр", "patronymic": "Владимирович", "family": "Гуцан"}},
        gender="male",
        role="prosecutor_general",
    )
    text = letter_text(renderer, case, sender, gutsan, "ru")
    assert "Уважаемый Александр Владимирович!" in text and "господин" not in text
    office = recipient("en", name="The Prosecutor General's Office", role="official")
    text = letter_text(renderer, case, sender, office, "en")
    assert "Dear Sir or Madam," in text and "Yours faithfully," in text
    assert "Dear Mr" not in text


def test_a_hand_written_salutation_wins(renderer: Renderer, case: Case, sender: Sender) -> None:
    own = ambassador("de", "male", salutation={"de": "Lieber Andrei,"})
    text = letter_text(renderer, case, sender, own, "de")
    assert "Lieber Andrei, ich schreibe Ihnen" in text
    assert "Sehr geehrter Herr Botschafter" not in text and "Mit freundlichen Grüßen" in text
    # French repeats the hand-written form of address in its closing.
    own = ambassador("fr", "male", salutation={"fr": "Monsieur le Président,"})
    text = letter_text(renderer, case, sender, own, "fr")
    assert "Monsieur le Président, Je me permets" in text
    assert "Veuillez agréer, Monsieur le Président, l'expression" in text
    assert "Ambassadeur" not in text
    # English answers a hand-written "Dear Sir or Madam," faithfully; an own closing wins.
    own = ambassador("en", "female", salutation={"en": "Dear Sir or Madam,"})
    assert "Yours faithfully," in letter_text(renderer, case, sender, own, "en")
    own = ambassador("en", "female", closing={"en": "With best regards,"})
    text = letter_text(renderer, case, sender, own, "en")
    assert "Dear Ambassador," in text and "With best regards," in text and "Yours" not in text
    # A salutation in another language is not one for this letter.
    other = ambassador("pl", "female", salutation={"de": "Sehr geehrte Frau Sacharowa,"})
    assert "Szanowna Pani Ambasador," in letter_text(renderer, case, sender, other, "pl")


# --------------------------------------------------------------------------------------------
# Every role x gender x locale

NAMES = {
    "en": {"male": "Andrew Kelly", "female": "Anna Nowak", "unspecified": "Alex Morgan"},
    "de": {"male": "Andreas Keller", "female": "Anna Nowak", "unspecified": "Alex Morgan"},
    "fr": {"male": "André Kellet", "female": "Anne Nowak", "unspecified": "Alex Morgan"},
    "pl": {"male": "Jan Kowalski", "female": "Anna Nowak", "unspecified": "Alex Morgan"},
    "ru": {
        "male": "Александр Владимирович Гуцан",
        "female": "Мария Захарова",
        "unspecified": "Саша Морган",
    },
    "uk": {
        "male": "Олександр Володимирович Гуцан",
        "female": "Олена Гриценко",
        "unspecified": "Саша Морган",
    },
    "crh": {"male": "Refat Çubarov", "female": "Ayşe Seitmuratova", "unspecified": "Alex Morgan"},
}
# Words only a salutation to a man (first) or to a woman (second) contains.
MARKERS = {
    "de": (("geehrter", "Herr "), ("Frau ",)),
    "fr": (("Monsieur",), ("Madame",)),
    "pl": (("Szanowny", "Panie"), ("Szanowna", "Pani ")),
    "ru": (("Уважаемый", "господин"), ("Уважаемая", "госпожа")),
    "uk": (("Шановний", "пане"), ("Шановна", "пані")),
    "en": (("Mr ",), ("Ms ", "Madam President")),
    "crh": (("efendi!",), ("hanım",)),
}
END_MARK = {"en": ",", "de": ",", "fr": ",", "pl": ",", "ru": "!", "uk": "!", "crh": "!"}


def every_combination() -> list[tuple[str, str | None, Gender, bool, Written]]:
    """Each locale, role (None: none given), gender, whether named, and what is written."""
    out = []
    for lang in LETTER_LOCALES:
        data = get_localizer(lang).etiquette()
        for role in (None, *ROLES):
            for gender in GENDERS:
                for named in (True, False):
                    name = person_name(NAMES[lang][gender], lang) if named else None
                    written = write(data, Addressee(role, gender, name))
                    assert written is not None, (lang, role, gender)
                    out.append((lang, role, gender, named, written))
    return out


def test_every_role_gender_and_locale_has_a_salutation_and_closing_that_agree() -> None:
    combos = every_combination()
    assert len(combos) == len(LETTER_LOCALES) * (len(ROLES) + 1) * len(GENDERS) * 2
    for lang, role, gender, named, written in combos:
        where = (lang, role, gender, named, written.salutation)
        salutation, closing = written.salutation, written.closing
        assert salutation.strip() and closing.strip(), where
        assert "{" not in salutation + closing and "}" not in salutation + closing, where
        assert salutation.endswith(END_MARK[lang]), where
        male, female = MARKERS[lang]
        says_male = any(m in salutation for m in male)
        says_female = any(m in salutation for m in female)
        # A man is never greeted as a woman, nor the reverse; a neutral form ("Madame,
        # Monsieur,", "Dear Ambassador,") has both or neither, and suits every gender.
        if gender == "male":
            assert says_male or not says_female, where
        elif gender == "female":
            assert says_female or not says_male, where
        else:
            assert says_male == says_female, where
        if lang == "fr":  # the closing repeats the salutation's form of address
            form = salutation.removesuffix(",")
            assert closing == f"Veuillez agréer, {form}, l'expression de ma haute considération."
        elif lang == "en":
            impersonal = salutation in ("Dear Sir or Madam,", "Your Excellency,")
            assert closing == ("Yours faithfully," if impersonal else "Yours sincerely,"), where
        elif lang == "de":
            formal = salutation == "Exzellenz,"
            expected = "Mit vorzüglicher Hochachtung" if formal else "Mit freundlichen Grüßen"
            assert closing == expected, where
        else:
            assert closing == get_localizer(lang).etiquette().closing, where


def test_a_role_known_changes_the_salutation_wherever_the_language_has_a_title() -> None:
    titled = ("ambassador", "prosecutor_general", "minister", "head_of_state", "head_of_government")
    for lang in LETTER_LOCALES:
        data = get_localizer(lang).etiquette()
        generic = data.generic
        assert generic is not None
        for role in titled:
            for gender in GENDERS if lang in ("en", "crh") else ("male", "female"):
                written = write(data, Addressee(role, gender, None))
                assert written is not None and written.salutation != generic.salutation, (
                    lang,
                    role,
                    gender,
                )


@pytest.mark.parametrize(
    ("lang", "role", "gender", "name", "salutation"),
    [
        # ru: given name and patronymic whatever the role, never "господин" before them.
        (
            "ru",
            "ambassador",
            "male",
            "Александр Владимирович Гуцан",
            "Уважаемый Александр Владимирович!",
        ),
        (
            "ru",
            "official",
            "female",
            "Татьяна Николаевна Москалькова",
            "Уважаемая Татьяна Николаевна!",
        ),
        ("ru", "ombudsperson", "male", "Дмитрий Лубинец", "Уважаемый господин Лубинец!"),
        # uk: names in the vocative, from the grammar layer.
        ("uk", "ombudsperson", "male", "Дмитро Лубінець", "Шановний пане Дмитре!"),
        (
            "uk",
            "official",
            "male",
            "Олександр Володимирович Гуцан",
            "Шановний Олександре Володимировичу!",
        ),
        (
            "uk",
            "member_of_parliament",
            "female",
            "Ірина Валентинівна Венедіктова",
            "Шановна Ірино Валентинівно!",
        ),
        ("uk", "official", "female", "Олена Гриценко", "Шановна пані Олено!"),
        # Titles stay titles when a name is known.
        (
            "uk",
            "prosecutor_general",
            "male",
            "Олександр Гуцан",
            "Шановний пане Генеральний прокуроре!",
        ),
        ("fr", "prosecutor_general", "male", "Alexandre Goutsan", "Monsieur le Procureur général,"),
        ("pl", "official", "female", "Anna Nowak", "Szanowna Pani,"),
        ("de", "official", "female", "Anna Nowak", "Sehr geehrte Frau Nowak,"),
        ("en", "official", "unspecified", "Alex Morgan", "Dear Alex Morgan,"),
    ],
)
def test_named_recipients(lang: str, role: str, gender: Gender, name: str, salutation: str) -> None:
    written = write(
        get_localizer(lang).etiquette(), Addressee(role, gender, person_name(name, lang))
    )
    assert written is not None and written.salutation == salutation


def test_the_formal_form_is_an_option() -> None:
    for lang, expected in [
        ("en", ("Your Excellency,", "Yours faithfully,")),
        (
            "fr",
            ("Excellence,", "Veuillez agréer, Excellence, l'expression de ma haute considération."),
        ),
        ("de", ("Exzellenz,", "Mit vorzüglicher Hochachtung")),
        ("pl", ("Ekscelencjo,", "Z poważaniem")),
        ("ru", ("Ваше Превосходительство!", "С уважением,")),
    ]:
        data = get_localizer(lang).etiquette()
        formal = write(data, Addressee("ambassador", "female", None, formal=True))
        assert formal is not None and (formal.salutation, formal.closing) == expected
        # A role without a formal form keeps its own.
        minister = write(data, Addressee("minister", "female", None, formal=True))
        plain = write(data, Addressee("minister", "female", None))
        assert minister == plain


def test_an_undecided_vocative_is_never_printed_in_the_nominative(
    renderer: Renderer, case: Case, sender: Sender
) -> None:
    # Ukrainian cannot tell whether a man's name in -о declines (Бруно): the salutation does
    # not use it, and the campaigner is told how to give the form.
    rec = recipient("uk", name={"uk": "Бруно Ганц"}, gender="male", role="official")
    doc = renderer.render(
        case, kind="letter", locale="uk", fmt="txt", recipient=rec, sender=sender, today=TODAY
    )
    text = flat(doc.data.decode("utf-8"))
    assert "Шановні панове!" in text and "пане Бруно" not in text
    (notice,) = [n for n in doc.warnings if n.field == "recipient.name"]
    assert "Бруно" in notice.message and "voc" in notice.message
    # Given by the recipients file, the form is used.
    named = {"uk": {"given": "Бруно", "family": "Ганц", "voc": "Бруно Ганце"}}
    rec = recipient("uk", name=named, gender="male", role="official")
    assert "Шановний пане Бруно!" in letter_text(renderer, case, sender, rec, "uk")


def test_a_name_that_is_an_office_or_in_another_script_is_not_used(
    renderer: Renderer, case: Case, sender: Sender
) -> None:
    assert office_name("The Ambassador of the Russian Federation to the United Kingdom", [])
    assert office_name("Ambasador Federacji Rosyjskiej", ["Ambasador Federacji Rosyjskiej w RP"])
    assert office_name("Посол Российской Федерации в Соединённом Королевстве", [])
    assert not office_name("Ludwig van Beethoven", ["Composer"])
    assert not office_name("Dmytro Lubinets", ["Ukrainian Parliament Commissioner"])
    rec = recipient(
        "en",
        name="The Director of the Federal Penitentiary Service",
        title="Director of the Federal Penitentiary Service",
        gender="male",
        role="official",
    )
    text = letter_text(renderer, case, sender, rec, "en")
    assert "Dear Sir or Madam," in text and "Dear Mr" not in text
    # A Ukrainian letter does not greet by a name it only has in the Latin script.
    rec = recipient("uk", name={"en": "Dmytro Lubinets"}, gender="male", role="ombudsperson")
    text = letter_text(renderer, case, sender, rec, "uk")
    assert "Шановний пане Уповноважений!" in text and "Dmytro" not in text.split("З повагою")[0]


# --------------------------------------------------------------------------------------------
# The sentence after a salutation ending in a comma


def test_german_continues_the_salutation_in_lower_case_whatever_the_first_word() -> None:
    data = get_localizer("de").etiquette()
    said = "Sehr geehrte Frau Botschafterin,"
    cases = {
        "<p>Ich schreibe Ihnen</p>": "<p>ich schreibe Ihnen</p>",
        "<p>Am 24. Februar 2022 wurde</p>": "<p>am 24. Februar 2022 wurde</p>",
        "\n<p><strong>Mit großer Sorge</strong></p>": "\n<p><strong>mit großer Sorge</strong></p>",
        "<p>Seit März 2023 ist</p>": "<p>seit März 2023 ist</p>",
        # Nouns, names, the polite Sie and abbreviations keep their capital.
        "<p>Herr Chamroev wurde</p>": "<p>Herr Chamroev wurde</p>",
        "<p>Bachrom Chamroev wurde</p>": "<p>Bachrom Chamroev wurde</p>",
        "<p>Sie haben</p>": "<p>Sie haben</p>",
        '<p><span lang="ru">Бахром</span> wurde</p>': '<p><span lang="ru">Бахром</span> wurde</p>',
        "<p>FSB-Beamte</p>": "<p>FSB-Beamte</p>",
    }
    for html, expected in cases.items():
        out = continue_sentence(data, said, html)
        assert isinstance(out, Markup) and str(out) == expected, html
    # After "!" (or no salutation) a sentence begins; English never continues one.
    assert continue_sentence(data, "Exzellenz!", "<p>Ich</p>") == "<p>Ich</p>"
    assert continue_sentence(data, None, "<p>Ich</p>") == "<p>Ich</p>"
    en = get_localizer("en").etiquette()
    assert continue_sentence(en, "Dear Ambassador,", "<p>I am</p>") == "<p>I am</p>"


@pytest.mark.parametrize("lang", ["de", "pl"])
def test_the_generic_and_formal_salutations_are_continued_too(
    renderer: Renderer, case: Case, sender: Sender, lang: str
) -> None:
    for rec in (recipient(lang), ambassador(lang, "male", formal=True)):
        text = letter_text(renderer, case, sender, rec, lang)
        written = write(
            get_localizer(lang).etiquette(),
            Addressee(rec.role, rec.gender, None, rec.formal),
        )
        assert written is not None
        assert f"{written.salutation} {OPENINGS[lang]}" in text


# --------------------------------------------------------------------------------------------
# The data: a user's locale folder overrides it; mistakes name the file, line and key


def test_a_user_locale_folder_overrides_the_bundled_etiquette(
    tmp_path: Path, case: Case, sender: Sender
) -> None:
    (tmp_path / "de").mkdir()
    (tmp_path / "de" / "etiquette.toml").write_text(
        '[role.ambassador]\nmale = "Sehr verehrter Herr Botschafter,"\n', encoding="utf-8"
    )
    renderer = Renderer(locale_dirs=[tmp_path])
    text = letter_text(renderer, case, sender, ambassador("de", "male"), "de")
    assert "Sehr verehrter Herr Botschafter, ich schreibe Ihnen" in text
    # Everything the user file does not say comes from the bundled one.
    text = letter_text(renderer, case, sender, ambassador("de", "female"), "de")
    assert "Sehr geehrte Frau Botschafterin," in text


def test_mistakes_in_etiquette_data_name_file_line_and_key(tmp_path: Path) -> None:
    folder = tmp_path / "xx"
    folder.mkdir()
    path = folder / "etiquette.toml"
    path.write_text(
        '[letter]\nclosing = "Bye"\n\n[generic]\nsalutation = "Hi,"\n\n'
        '[role.ambasador]\nmale = "Hi {given:xyz},"\n\n[role.judge]\nmale = "Hi {first},"\n',
        encoding="utf-8",
    )
    with pytest.raises(ValidationFailed) as failed:
        load_etiquette("xx", [tmp_path])
    messages = [str(p) for p in failed.value.problems]
    assert any(m.startswith(f"{path}:7:") and "role.ambasador" in m for m in messages)
    assert any(f"{path}:11:" in m and "{first}" in m for m in messages)
    path.write_text("[letter\n", encoding="utf-8")
    with pytest.raises(InputError, match="not valid TOML"):
        load_etiquette("xx", [tmp_path])
    path.write_text('[letter]\nclosing = "Bye"\n', encoding="utf-8")
    with pytest.raises(ValidationFailed, match="generic salutation is required"):
        load_etiquette("xx", [tmp_path])


def test_a_locale_without_etiquette_data_keeps_the_catalog_salutation(tmp_path: Path) -> None:
    assert not load_etiquette("xx", [tmp_path]).known
    assert write(Etiquette("xx"), Addressee("ambassador", "male", None)) is None


# --------------------------------------------------------------------------------------------
# The contract: recipients@1


def test_role_in_recipients_files_and_schema(tmp_path: Path) -> None:
    assert get_args(Role) == ROLES
    schema = Recipient.model_json_schema(by_alias=True)
    role = schema["properties"]["role"]
    assert role["anyOf"][0]["enum"] == list(ROLES) and "ambassador" in role["description"]
    assert "formal" in schema["properties"] and schema["properties"]["formal"]["description"]
    csv = tmp_path / "r.csv"
    csv.write_text(
        "id,name.ru.given,name.ru.patronymic,name.ru.family,gender,role,country,language\n"
        "gutsan,Александр,Владимирович,Гуцан,male,prosecutor_general,RU,ru\n",
        encoding="utf-8",
    )
    (rec,) = load_recipients(csv)
    assert rec.role == "prosecutor_general" and rec.name.parts_in("ru") is not None
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        "schema: advocacy-docs/recipients@1\nrecipients:\n"
        "  - {id: x, name: X, country: GB, language: en, role: ambasador}\n",
        encoding="utf-8",
    )
    with pytest.raises(InputError) as failed:
        load_recipients(bad)
    assert re.search(r"bad\.yaml:3:.*role.*did you mean 'ambassador'", str(failed.value))


def test_example_recipients_have_their_roles() -> None:
    from tests.conftest import RECIPIENTS_FILE

    roles = {r.id: r.role for r in load_recipients(RECIPIENTS_FILE)}
    assert roles == {
        "prosecutor-general-ru": "prosecutor_general",
        "ambassador-ru-gb": "ambassador",
        "ombudsman-ua": "ombudsperson",
        "embassy-ru-de": "ambassador",
        "embassy-ru-fr": "ambassador",
        "embassy-ru-pl": "ambassador",
    }
