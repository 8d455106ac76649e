"""What native readers found in the letters and briefings, as rules read back from the rendered
text (txt and PDF), over generated variants: every locale, a man, a woman and an unspecified
gender, dates to the day, the month and the year, recipients of the detaining State and of
another one, facts recent and long older than the letter.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from functools import cache

import pytest

from advocacy_docs import Renderer, load_case, load_recipients, load_senders
from advocacy_docs.case import Case, Recipient, Sender
from advocacy_docs.case.types import PartialDate
from advocacy_docs.i18n import get_localizer
from advocacy_docs.notices import STALE_FACTS
from tests.conftest import (
    CASE_FILE,
    LETTER_LOCALES,
    RECIPIENTS_FILE,
    ROOT,
    SENDERS_FILE,
    TODAY,
    flat,
    pdf_pages,
    shown,
)

WOMAN_FILE = ROOT / "tests" / "fixtures" / "cases" / "lisouskaya-by.yaml"
WOMEN_FILE = ROOT / "tests" / "fixtures" / "recipients-lisouskaya.yaml"
# The woman's letter in each language goes to a named woman of a known role.
WOMEN = {
    "en": "amb-en",
    "de": "amb-de",
    "fr": "amb-fr",
    "pl": "amb-pl",
    "ru": "pg-ru",
    "uk": "omb-uk",
    "crh": "min-crh",
}


@cache
def _cases() -> dict[str, Case]:
    man, woman = load_case(CASE_FILE), load_case(WOMAN_FILE)
    out = {"man": man, "woman": woman}
    for who, case in (("man", man), ("woman", woman)):
        person = case.person.model_copy(update={"gender": "unspecified"})
        out[f"{who}-unspecified"] = case.model_copy(update={"person": person})
    # The woman's dates known to the year only.
    assert woman.detention is not None
    years = woman.model_copy(
        update={
            "detention": woman.detention.model_copy(update={"since": PartialDate(2023)}),
            "charges": [c.model_copy(update={"added": PartialDate(2023)}) for c in woman.charges],
        }
    )
    out["woman-years"] = years
    return out


@cache
def _people() -> tuple[dict[str, Recipient], dict[str, Recipient], dict[str, Sender]]:
    officials = {r.id: r for r in load_recipients(RECIPIENTS_FILE)}
    women = {r.id: r for r in load_recipients(WOMEN_FILE)}
    senders = {s.id: s for s in load_senders(SENDERS_FILE)}
    return officials, women, senders


def _recipient(who: str, lang: str) -> Recipient:
    officials, women, _ = _people()
    if who.startswith("woman"):
        return women[WOMEN[lang]]
    by_lang = {
        "en": "ambassador-ru-gb",
        "de": "embassy-ru-de",
        "fr": "embassy-ru-fr",
        "pl": "embassy-ru-pl",
        "ru": "prosecutor-general-ru",
        "uk": "ombudsman-ua",
        "crh": "ombudsman-ua",
    }
    return officials[by_lang[lang]]


def _sender(who: str) -> Sender:
    return _people()[2]["olena-koval" if who.startswith("woman") else "alex-morgan"]


@pytest.fixture(scope="module")
def letters(renderer: Renderer) -> dict[tuple[str, str, str], str]:
    """(who, locale, format) -> the letter's text; (who, locale, "notices") -> its notices."""
    out: dict[tuple[str, str, str], str] = {}
    for who, case in _cases().items():
        formats = ("txt", "pdf") if who in ("man", "woman") else ("txt",)
        for lang in LETTER_LOCALES:
            docs = renderer.render_formats(
                case, kind="letter", locale=lang, formats=formats, today=TODAY,
                recipient=_recipient(who, lang), sender=_sender(who),
            )  # fmt: skip
            for doc in docs:
                if doc.format == "pdf":
                    out[(who, lang, "pdf")] = " ".join(pdf_pages(doc.data))
                    out[(who, lang, "pdf-bytes")] = doc.data  # type: ignore[assignment]
                else:
                    out[(who, lang, "txt")] = doc.data.decode()
            out[(who, lang, "notices")] = "\n".join(str(n) for n in docs[0].warnings)
    return out


def _body(text: str) -> list[str]:
    """The paragraphs of a txt letter between its salutation and its closing."""
    paragraphs = [flat(p) for p in text.split("\n\n") if p.strip()]
    start = next(i for i, p in enumerate(paragraphs) if p.endswith((",", "!")) and len(p) < 60)
    return paragraphs[start + 1 : -2]


# --- who can act on the requests -------------------------------------------------------------


@pytest.mark.parametrize("lang", LETTER_LOCALES)
def test_requests_follow_the_recipients_state(
    renderer: Renderer, case: Case, sender: Sender, lang: str
) -> None:
    loc = get_localizer(lang)
    state = loc.authorities_of(case.state)
    assert state, "every shipped locale names the example's State"
    convey = loc.gettext(
        "I therefore respectfully ask you to convey the following requests to the authorities "
        "of %(state)s:"
    ) % {"state": state}
    raise_ = loc.gettext(
        "I therefore respectfully ask you to raise this case with the authorities of %(state)s "
        "and to urge them to:"
    ) % {"state": state}
    direct = loc.gettext("I therefore respectfully urge you to:")

    def lead(country: str, role: str) -> str:
        rec = Recipient.model_validate(
            {"id": "r", "name": "The Office", "role": role, "country": country,
             "language": lang}
        )  # fmt: skip
        text = renderer.render(
            case, kind="letter", locale=lang, fmt="txt", recipient=rec, sender=sender, today=TODAY
        ).data.decode()
        return flat(loc.typeset(flat(text)))

    own_official = lead("RU", "prosecutor_general")
    # The State is named in the charges ("the Criminal Code of the Russian Federation"), so the
    # test is on the lead sentences, not on the name.
    assert flat(loc.typeset(direct)) in own_official
    for other in (convey, raise_):
        assert flat(loc.typeset(other)) not in own_official
    ambassador = lead("GB", "ambassador")  # the detaining State's ambassador abroad
    assert flat(loc.typeset(convey)) in ambassador
    foreign = lead("UA", "ombudsperson")  # an official of another State
    assert flat(loc.typeset(raise_)) in foreign
    for text in (ambassador, foreign):
        assert flat(loc.typeset(direct)) not in text


# --- the opening: the occupation as an apposition, in its case ----------------------------------

OPENINGS = {
    ("man", "en"): "about Bakhrom Khamroev, a human rights defender and head of",
    ("woman", "en"): "about the journalist Iryna Lisouskaya.",
    ("man", "de"): "im Fall von Bachrom Chamroev, Menschenrechtsverteidiger und Leiter",
    ("woman", "de"): "im Fall der Journalistin Iryna Lissouskaja.",
    ("man", "fr"): "sur la situation de Bakhrom Khamroev, défenseur des droits humains",
    ("woman", "fr"): "sur la situation de la journaliste Iryna Lissouskaïa.",
    ("man", "pl"): "w sprawie Bachroma Chamrojewa, obrońcy praw człowieka i szefa",
    ("woman", "pl"): "w sprawie dziennikarki Iryny Lisowskiej.",
    ("man", "uk"): "у справі Бахрома Хамроєва, правозахисника, керівника фонду",
    ("woman", "uk"): "у справі журналістки Ірини Лісовської.",
    ("man", "ru"): "по делу Бахрома Хамроева, правозащитника, руководителя фонда",
    ("woman", "ru"): "по делу журналистки Ирины Лисовской.",
    ("man", "crh"): "«Yordam» fondunıñ yolbaşçısı Bahrom Hamroyev aqqında",
    ("woman", "crh"): "Sizge jurnalist İrina Lisovskaya aqqında",
}


@pytest.mark.parametrize("fmt", ["txt", "pdf"])
@pytest.mark.parametrize("lang", LETTER_LOCALES)
@pytest.mark.parametrize("who", ["man", "woman"])
def test_the_occupation_is_an_apposition_in_the_case_of_the_sentence(
    letters: dict[tuple[str, str, str], str], who: str, lang: str, fmt: str
) -> None:
    text = flat(letters[(who, lang, fmt)])
    assert OPENINGS[(who, lang)] in text
    first = _body(letters[(who, lang, "txt")])[0]
    assert "(" not in first.split(".")[0], first  # no bracket work-around
    assert "undecided" not in letters[(who, lang, "notices")]


@pytest.mark.parametrize("lang", ["pl", "uk", "ru"])
def test_polish_says_zwracam_sie_once(letters: dict[tuple[str, str, str], str], lang: str) -> None:
    for who in ("man", "woman"):
        text = flat(letters[(who, lang, "txt")])
        opening = {"pl": "zwracam się", "uk": "Звертаюся", "ru": "Обращаюсь"}[lang]
        assert text.lower().count(opening.lower()) == 1


# --- dates: never a sentence beginning with digits in Polish; the month or year "that same" ----


# A dot after these ends an abbreviation, not a sentence ("art. 205.2 cz. 2", "2022 r.").
POLISH_ABBREVIATIONS = {"art", "cz", "ust", "pkt", "nr", "ok", "tj", "tzw", "ww", "zob", "por"}


def test_no_polish_sentence_begins_with_a_number(letters: dict[tuple[str, str, str], str]) -> None:
    for who in _cases():
        for paragraph in _body(letters[(who, "pl", "txt")]):
            if re.match(r"\d+\. ", paragraph):  # a numbered request
                continue
            starts = [
                m.group(2)
                for m in re.finditer(r"(?:^|(\S+)[.!?] )(\S)", paragraph)
                if (m.group(1) or "").lower() not in POLISH_ABBREVIATIONS
            ]
            assert not [s for s in starts if s.isdigit()], (who, paragraph)


SAME_MONTH = {
    "en": "That same month she was charged",
    "de": "Im selben Monat wurde sie",
    "fr": "Le même mois, elle a été inculpée",
    "pl": "W tym samym miesiącu usłyszała zarzut",
    "uk": "Того ж місяця їй висунули",
    "ru": "В том же месяце ей предъявили",
    "crh": "Aynı ayda onı",
}
SAME_YEAR = {
    "en": "That same year she was charged",
    "de": "Im selben Jahr wurde sie",
    "fr": "La même année, elle a été inculpée",
    "pl": "W tym samym roku usłyszała zarzut",
    "uk": "Того ж року їй висунули",
    "ru": "В том же году ей предъявили",
    "crh": "Aynı yılda onı",
}


@pytest.mark.parametrize("lang", LETTER_LOCALES)
def test_a_charge_of_the_same_month_or_year_says_so(
    renderer: Renderer, letters: dict[tuple[str, str, str], str], lang: str
) -> None:
    def fresh(who: str) -> str:
        """The letter dated within a month of its facts: they are told as current."""
        case = _cases()[who]
        assert case.as_of is not None
        return flat(
            renderer.render(
                case, kind="letter", locale=lang, fmt="txt", recipient=_recipient(who, lang),
                sender=_sender(who), today=case.as_of.latest + dt.timedelta(days=30),
            ).data.decode()
        )  # fmt: skip

    assert SAME_MONTH[lang] in fresh("woman")
    years = fresh("woman-years")
    assert SAME_YEAR[lang] in years and SAME_MONTH[lang] not in years
    # Told as of their day, the facts' sentence ends on that day: "the same month" would point
    # to it, so the charge gives its own month or year.
    for who in ("woman", "woman-years"):
        stale = flat(letters[(who, lang, "txt")])
        assert SAME_MONTH[lang] not in stale and SAME_YEAR[lang] not in stale


# --- facts long older than the letter ----------------------------------------------------------


@pytest.mark.parametrize("lang", LETTER_LOCALES)
@pytest.mark.parametrize("who", ["man", "woman"])
def test_old_facts_are_stated_as_of_their_day(
    letters: dict[tuple[str, str, str], str],
    renderer: Renderer,
    who: str,
    lang: str,
) -> None:
    case = _cases()[who]
    assert case.as_of is not None
    loc = get_localizer(lang)
    as_of = flat(loc.date_phrase(case.as_of, "on"))
    never = shown(loc, "The verdict is not yet final.")
    pending = shown(loc, "The verdict is not final: an appeal is pending.")
    text = flat(letters[(who, lang, "txt")])
    assert as_of.lower() in text.lower()
    assert never not in text and pending not in text
    assert (
        STALE_FACTS in letters[(who, lang, "notices")]
        or "stated as of" in (letters[(who, lang, "notices")])
    )
    # Dated within six months of its facts, the letter states them as current, with no notice.
    fresh = renderer.render(
        case, kind="letter", locale=lang, fmt="txt", recipient=_recipient(who, lang),
        sender=_sender(who), today=case.as_of.latest + dt.timedelta(days=30),
    )  # fmt: skip
    current = flat(fresh.data.decode())
    assert never in current or pending in current
    assert as_of.lower() not in current.lower()
    assert not [n for n in fresh.warnings if n.code == STALE_FACTS]


# --- the address block ---------------------------------------------------------------------------

ADDRESSEES = {
    ("man", "ru"): "Генеральному прокурору Российской Федерации А. В. Гуцану ул. Большая",
    ("woman", "ru"): "Генеральному прокурору Республики Беларусь Е. В. Смирновой ул. Интер",
    ("man", "uk"): "Уповноваженому Верховної Ради України з прав людини Дмитрові ЛУБІНЦЕВІ",
    ("woman", "uk"): "Уповноваженій Верховної Ради України з прав людини Олені КОВАЛЕНКО",
    ("man", "crh"): "insan aqları boyunca vekili Dmitro Lubinetske вул. Інститутська",
    ("woman", "crh"): "Ukraina Adliye naziri Ayşe Seitovağa",
    ("woman", "en"): "Her Excellency Ms Sarah Jones Ambassador of the Republic of Belarus",
    ("woman", "de"): "Frau Botschafterin Anna Schmidt Botschaft der Republik Belarus",
    ("woman", "fr"): "Son Excellence Madame Claire Martin Ambassadrice de la République",
    ("woman", "pl"): "Pani Anna Nowak Ambasador Republiki Białorusi w Rzeczypospolitej",
    ("man", "pl"): "Ambasador Federacji Rosyjskiej w Rzeczypospolitej Polskiej Ambasada",
}


@pytest.mark.parametrize(("who", "lang"), sorted(ADDRESSEES))
def test_the_address_names_the_addressee_in_the_case_of_the_language(
    letters: dict[tuple[str, str, str], str], who: str, lang: str
) -> None:
    assert ADDRESSEES[(who, lang)] in flat(letters[(who, lang, "txt")])


def test_the_country_line_is_there_when_the_letter_crosses_a_border(
    renderer: Renderer, case: Case
) -> None:
    _, women, senders = _people()
    berlin = women["amb-de"].model_copy(
        update={
            "address": ["Botschaft der Republik Belarus", "Am Treptower Park 32", "12435 Berlin"]
        }
    )

    def address(rec: Recipient, sender: Sender) -> str:
        text = renderer.render(
            case, kind="letter", locale="de", fmt="txt", recipient=rec, sender=sender, today=TODAY
        ).data.decode()
        return "\n".join(flat(line) for line in text.split("\n\n")[2].splitlines())

    # From Kyiv: the country's name in the letter's language (CLDR) ends the address.
    assert address(berlin, senders["olena-koval"]).splitlines()[-1] == "Deutschland"
    # From Berlin: no country line, also where the recipients file has one.
    local = senders["olena-koval"].model_copy(update={"country": "DE"})
    assert address(berlin, local).splitlines()[-1] == "12435 Berlin"
    assert address(women["amb-de"], local).splitlines()[-1] == "12435 Berlin"


@pytest.mark.parametrize("lang", ["de", "fr", "en", "pl", "crh"])
def test_a_latin_letter_gives_the_senders_address_in_latin(
    letters: dict[tuple[str, str, str], str], lang: str
) -> None:
    head = letters[("woman", lang, "txt")].split("\n\n")[0]
    assert not re.search("[\u0400-\u04ff]", head), head
    assert "Olena Koval" in head


@pytest.mark.parametrize("lang", ["uk", "ru"])
def test_a_cyrillic_letter_gives_the_senders_name_in_cyrillic(
    letters: dict[tuple[str, str, str], str], lang: str
) -> None:
    assert "Олена Коваль" in letters[("woman", lang, "txt")]
    assert "Olena Koval" not in letters[("woman", lang, "txt")]


# --- the requests as a list completing a sentence (Polish, French) -----------------------------


@pytest.mark.parametrize("lang", ["pl", "fr"])
def test_requests_that_complete_a_sentence_begin_in_lower_case(
    letters: dict[tuple[str, str, str], str], lang: str
) -> None:
    for who in ("man", "woman"):
        items = [
            flat(line.split("\n\n")[0])
            for line in re.split(r"\n(?=\d+\. )", letters[(who, lang, "txt")])
            if re.match(r"\d+\. ", line)
        ]  # the request alone, up to the blank line after the list
        assert len(items) >= 2
        for request in items:
            assert request[3].islower(), request
        assert all(request.endswith(";") for request in items[:-1])
        assert items[-1].endswith("."), items[-1]


# --- typography ------------------------------------------------------------------------------

ONE_LETTER = {
    "uk": "аввзіойуя",
    "ru": "аавиксоуя",
    "pl": "aiouwz",
}


@pytest.mark.parametrize("lang", ["uk", "ru", "pl"])
def test_no_line_ends_with_a_one_letter_word_or_a_number(
    letters: dict[tuple[str, str, str], str], lang: str
) -> None:
    from pypdf import PdfReader

    letters_ = set(ONE_LETTER[lang])
    for who in ("man", "woman"):
        data = letters[(who, lang, "pdf-bytes")]
        pages = PdfReader(io.BytesIO(data)).pages  # type: ignore[arg-type]
        lines = [
            line.rstrip()
            for page in pages
            for line in (page.extract_text(extraction_mode="layout") or "").splitlines()
            if line.strip()
        ]
        text = letters[(who, lang, "txt")]
        txt = [line.rstrip() for line in text.splitlines() if line.strip()]
        for line in (*lines, *txt):
            last = line.split()[-1]
            assert not (len(last) == 1 and last.lower() in letters_), line
            assert not re.match(r"\s*[—–] ", line), line
        # In the body, a number never ends a line parted from the word it counts or dates
        # ("14" / "років", "24" / "лютого"); a house number may end an address line.
        body = text.split("\n\n", 4)[-1]
        for line in body.splitlines():
            words = line.split()
            if words and re.fullmatch(r"\d{1,4}", words[-1]):
                pytest.fail(f"{who}: a number ends the line: {line!r}")


@pytest.mark.parametrize("lang", ["fr", "en", "uk"])
def test_no_typewriter_apostrophe_or_quote(
    letters: dict[tuple[str, str, str], str], lang: str
) -> None:
    for who in ("man", "woman"):
        text = letters[(who, lang, "txt")]
        assert not re.search(r"[^\W\d_]'[^\W\d_]", text), who
        assert '"' not in text


def test_french_has_no_space_that_breaks_inside_guillemets(
    letters: dict[tuple[str, str, str], str],
) -> None:
    for who in ("man", "woman"):
        text = letters[(who, "fr", "txt")]
        assert "« " not in text and " »" not in text
        assert "«\u00a0" in text


# --- labels of the briefing ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def briefings(renderer: Renderer) -> dict[tuple[str, str, str], str]:
    """(who, locale, format) -> the briefing's text."""
    out: dict[tuple[str, str, str], str] = {}
    for who in ("man", "woman"):
        for lang in LETTER_LOCALES:
            for doc in renderer.render_formats(
                _cases()[who], kind="briefing", locale=lang, formats=("txt", "pdf"),
                sender=_people()[2]["alex-morgan"], today=TODAY,
            ):  # fmt: skip
                out[(who, lang, doc.format)] = (
                    doc.data.decode() if doc.format == "txt" else " ".join(pdf_pages(doc.data))
                )
                if doc.format == "pdf":
                    from pypdf import PdfReader

                    pages = len(PdfReader(io.BytesIO(doc.data)).pages)
                    out[(who, lang, "pages")] = str(pages)
    return out


CITIZENSHIP = {
    ("man", "pl"): "Obywatelstwo rosyjskie",
    ("woman", "pl"): "Obywatelstwo białoruskie",
    ("man", "fr"): "Nationalité russe",
    ("woman", "fr"): "Nationalité bélarussienne",
    ("man", "de"): "Staatsangehörigkeit russisch",
    ("man", "en"): "Citizenship Russian",
}


@pytest.mark.parametrize(("who", "lang"), sorted(CITIZENSHIP))
def test_citizenship_is_an_adjective_where_the_label_wants_one(
    briefings: dict[tuple[str, str, str], str], who: str, lang: str
) -> None:
    assert CITIZENSHIP[(who, lang)] in flat(briefings[(who, lang, "txt")])


def test_french_names_belarus_one_way(briefings: dict[tuple[str, str, str], str]) -> None:
    text = flat(briefings[("woman", "fr", "txt")])
    assert "Biélorussie" not in text and "Bélarus" in text


@pytest.mark.parametrize("lang", LETTER_LOCALES)
def test_the_briefing_is_two_pages_and_its_notes_stay_with_their_words(
    briefings: dict[tuple[str, str, str], str], lang: str
) -> None:
    assert briefings[("man", lang, "pages")] == "2"
    assert "\u2060" not in briefings[("man", lang, "txt")]  # the joiner is the PDF's own


@pytest.mark.parametrize("lang", ["de", "crh"])
def test_demands_read_as_items_of_their_heading(
    briefings: dict[tuple[str, str, str], str], lang: str
) -> None:
    text = briefings[("man", lang, "txt")]
    items = re.findall(r"^\d+\. (.*)$", text, flags=re.MULTILINE)
    assert len(items) >= 3
    for item in items:
        # No imperative addressed to the reader, no dangling dative infinitive.
        assert not item.startswith(("Lassen Sie", "Heben Sie", "Stellen Sie")), item
        assert not re.search(r"(mege|mağa|maga|mege)\.?$", item.split()[-1]), item


def test_crimean_tatar_parts_are_ordinals(letters: dict[tuple[str, str, str], str]) -> None:
    assert "205.2 maddesiniñ 2-nci qısmı" in flat(letters[("man", "crh", "txt")])
    woman = flat(letters[("woman", "crh", "txt")])
    assert "361-1 maddesiniñ 1-nci qısmı" in woman and "130 maddesiniñ 3-ünci qısmı" in woman
    crh = get_localizer("crh")
    expected = {
        "1": "1-nci", "2": "2-nci", "3": "3-ünci", "4": "4-ünci", "5": "5-inci", "6": "6-ncı",
        "7": "7-nci", "8": "8-inci", "9": "9-ncı", "10": "10-ncı", "13": "13-ünci",
        "20": "20-nci", "100": "100-ünci", "1a": "1a",
    }  # fmt: skip
    assert {n: crh.ordinal(n) for n in expected} == expected
    assert get_localizer("en").ordinal("2") == "2"


def test_crimean_tatar_greets_a_named_ombudsman_by_title_without_his_latin_name(
    renderer: Renderer, case: Case, sender: Sender
) -> None:
    officials, _, _ = _people()
    lubinets = officials["ombudsman-ua"]
    without_crh = lubinets.model_copy(
        update={
            "name": type(lubinets.name)(
                values={k: v for k, v in lubinets.name.values.items() if k != "crh"},
                parts=lubinets.name.parts,  # type: ignore[attr-defined]
            )
        }
    )
    text = flat(
        renderer.render(
            case, kind="letter", locale="crh", fmt="txt", recipient=without_crh, sender=sender,
            today=TODAY,
        ).data.decode()
    )  # fmt: skip
    assert "Sayğılı Vekil efendi!" in text and "Sayğılı efendiler!" not in text


@pytest.mark.parametrize("lang", LETTER_LOCALES)
def test_no_sentence_ends_with_two_full_stops(
    letters: dict[tuple[str, str, str], str], lang: str
) -> None:
    # A charge dated at the end of its sentence: "…usłyszał 24 lutego 2022 r." (one stop).
    for (who, of, fmt), text in letters.items():
        if of == lang and fmt in ("txt", "pdf"):
            text = flat(text)
            assert not re.search(r"[^\W\d_]\.\.(?!\.)", text), (who, fmt, text)
