"""Who a document is addressed to (recipients) and who signs it (senders), and their files."""

from __future__ import annotations

import re
from typing import Annotated, Any, ClassVar, Literal

from pydantic import BeforeValidator, Field, field_validator, model_validator
from pydantic_core import PydanticCustomError

from .model import Forms, Loc, Name, Plain, Slug, StrictModel, Text, scalar_text
from .types import LANG_PATTERN, CountryCode, Gender, LangCode, PartialDate, Role

RECIPIENTS_SCHEMA = "advocacy-docs/recipients@1"
SENDERS_SCHEMA = "advocacy-docs/senders@1"

_LANG = re.compile(LANG_PATTERN)
# RFC 5322 dot-atom: what the part before "@" may be without quoting (quoted local parts and
# non-ASCII ones, which need SMTPUTF8, are refused: a mail client or server would mangle them).
_LOCAL_PART = re.compile(r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*")
_DNS_LABEL = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?")
_MAX_ADDRESS = 254  # RFC 5321's limit on a path, less the angle brackets


def _lines(value: object, what: str) -> list[str]:
    if not isinstance(value, list):
        raise ValueError(f"expected {what} as a list of lines")
    out: list[str] = []
    for line in value:
        text = scalar_text(line)
        if not isinstance(text, str) or not text.strip():
            raise ValueError(f"every line of {what} must be non-empty text")
        out.append(text)
    return out


def _address(value: object) -> object:
    # Checked here as a whole so that an error reads "address ..." instead of two union branches.
    if isinstance(value, dict):
        out: dict[str, list[str]] = {}
        for lang, lines in value.items():
            if not isinstance(lang, str) or not _LANG.match(lang):
                raise ValueError(f"{lang!r} is not a language code such as en, uk, ru or crh")
            out[lang] = _lines(lines, f"the {lang} address")
        if not out:
            raise ValueError("the address is empty")
        return out
    return _lines(value, "the address")


Address = Annotated[list[str] | dict[LangCode, list[str]], BeforeValidator(_address)]


"""What a recipient is: the letter greets and takes leave of them accordingly (as
``advocacy_docs.i18n.etiquette.Role``, the roles a locale's ``etiquette.toml`` may describe)."""


def email_parts(value: str) -> tuple[str, str]:
    """The part before "@" and the domain in ASCII (IDNA: ``exämple.org`` is
    ``xn--exmple-cua.org``) of an e-mail address; ValueError saying what is wrong otherwise.

    The one check of an address: the models run it (so ``validate`` refuses what the e-mail
    writer would) and the e-mail writer uses what it returns."""
    if not isinstance(value, str):
        raise ValueError(f"{value!r} is not an e-mail address")
    user, at, domain = value.rpartition("@")
    if not at or not user or not domain:
        raise ValueError(f"{value!r} is not an e-mail address such as name@example.org")
    if any(c.isspace() or not c.isprintable() for c in value):
        raise ValueError(
            f"{value!r} is not an e-mail address: it contains a space, a line break or "
            "another invisible character"
        )
    if not user.isascii():
        raise ValueError(
            f"{value!r}: the part before '@' has letters outside ASCII, which an e-mail "
            "message can carry only with SMTPUTF8 (not supported): give an ASCII address"
        )
    if not _LOCAL_PART.fullmatch(user):
        raise ValueError(
            f"{value!r} is not an e-mail address: the part before '@' may hold letters, "
            "digits, dots (not two in a row, nor first or last) and !#$%&'*+/=?^_`{|}~-"
        )
    try:
        ascii_domain = domain.rstrip(".").encode("idna").decode("ascii")
    except UnicodeError:
        raise ValueError(f"{value!r} is not an e-mail address: bad domain {domain!r}") from None
    labels = ascii_domain.split(".")
    if len(labels) < 2 or not all(_DNS_LABEL.fullmatch(label) for label in labels):
        raise ValueError(
            f"{value!r} is not an e-mail address: the domain must be a name such as "
            "example.org (letters, digits and hyphens between dots)"
        )
    if len(user) + 1 + len(ascii_domain) > _MAX_ADDRESS:
        raise ValueError(f"{value!r} is longer than an e-mail address may be")
    return user, ascii_domain


def _check_email(value: str | None) -> str | None:
    if value is not None:
        email_parts(value)
    return value


class Recipient(StrictModel):
    """An official a document is addressed to."""

    id: Slug = Field(
        description="Names the recipient in its file (FILE#id) and in a campaign's outputs."
    )
    name: Name = Field(
        description="The person's name, or the office when no name is known. Per language, it "
        "may be given in parts ({ru: {given: …, patronymic: …, family: …}}): a salutation uses "
        "the parts its language needs (ru: given name and patronymic)."
    )
    gender: Gender = Field(
        "unspecified",
        description="The recipient's gender: the salutation agrees with it (unspecified: the "
        "language's neutral form).",
    )
    role: Role | None = Field(
        None,
        description="What the recipient is: ambassador, prosecutor_general, ombudsperson, "
        "minister, head_of_state, head_of_government, judge, member_of_parliament or official. "
        "The salutation and closing are derived from it, the gender and the name, per language "
        '("Sehr geehrter Herr Botschafter,", "Monsieur le Procureur général,"); without a role '
        "the letter greets the office in general terms.",
    )
    formal: bool = Field(
        False,
        description="Greet with the language's most formal form where the role has one "
        '("Your Excellency," to an ambassador).',
    )
    title: Forms | None = Field(
        None,
        description="The office, e.g. Prosecutor General of ...; per language, its forms by "
        "case where the address names the recipient in one (ru: {nom: Генеральный прокурор "
        "…, dat: Генеральному прокурору …}).",
    )
    organization: Text | None = Field(
        None, description="The ministry, embassy or office the recipient belongs to."
    )
    salutation: dict[LangCode, Plain] = Field(
        default_factory=dict,
        description="The recipient's own salutation per language, when the one derived from "
        "role, gender and name is not wanted; it always wins.",
    )
    closing: dict[LangCode, Plain] = Field(
        default_factory=dict,
        description="The recipient's own closing per language; without it, the closing that "
        "goes with the salutation.",
    )
    address: Address = Field(
        default_factory=list, description="Postal lines, or per language ({ru: [...], en: [...]})."
    )
    country: CountryCode = Field(description="The recipient's country (ISO 3166-1 alpha-2).")
    language: LangCode = Field(description="The language the letter should be written in.")
    email: str | None = Field(None, description="The e-mail address an e-mail (eml) is sent to.")
    in_office_since: PartialDate | None = Field(None, description="When the recipient took office.")
    in_office_until: PartialDate | None = Field(
        None, description="When the recipient left office; empty while in office."
    )
    notes: Plain | None = Field(None, description="Notes for campaigners; never printed.")

    @field_validator("email")
    @classmethod
    def _email(cls, value: str | None) -> str | None:
        return _check_email(value)

    @model_validator(mode="after")
    def _office_dates(self) -> Recipient:
        since, until = self.in_office_since, self.in_office_until
        if since is not None and until is not None and until.latest < since.earliest:
            raise ValueError(f"in_office_until ({until}) is before in_office_since ({since})")
        return self

    def address_lines(self, language: str) -> list[str]:
        """The postal lines for a letter in ``language`` (or the recipient's own language)."""
        if isinstance(self.address, list):
            return list(self.address)
        for lang in (language, self.language, *self.address):
            if lang in self.address:
                return list(self.address[lang])
        return []


class Sender(StrictModel):
    """A campaigner who signs a document."""

    id: Slug | None = Field(
        None,
        description="Names the sender in a senders file (FILE#id) and in a campaign; needed "
        "when the file holds more than one sender.",
    )
    name: Name = Field(
        description="The sender's name: once, or per language where scripts differ "
        "({en: Olena Koval, uk: Олена Коваль})."
    )
    gender: Gender = Field(
        "unspecified", description="The sender's gender: texts about the sender agree with it."
    )
    organization: Text | None = Field(None, description="The organisation the sender signs for.")
    role: Text | None = Field(None, description="The sender's role in it, printed under the name.")
    address: Address = Field(
        default_factory=list,
        description="Postal lines, or per language ({uk: [...], en: [...]}): a letter prints "
        "those of its language, else the Latin-script ones of the first language that has them.",
    )
    city: Text = Field(description='The place in "place, date".')
    country: CountryCode = Field(description="The sender's country (ISO 3166-1 alpha-2).")
    email: str | None = Field(None, description="The sender's e-mail address (an e-mail's From).")
    phone: Plain | None = Field(None, description="The sender's telephone number.")

    @field_validator("email")
    @classmethod
    def _email(cls, value: str | None) -> str | None:
        return _check_email(value)


def _duplicate_ids(items: list[Any], key: str) -> list[tuple[Loc, str]]:
    seen: dict[str, int] = {}
    out: list[tuple[Loc, str]] = []
    for i, item in enumerate(items):
        if item.id is None:
            if len(items) > 1:
                # Only an id tells one record of a file from the others (FILE#id).
                out.append(
                    (
                        (key, i, "id"),
                        f"missing id: the file holds {len(items)} {key}, "
                        "and each is picked by its id (FILE#id)",
                    )
                )
            continue
        if item.id in seen:
            out.append(((key, i, "id"), f"duplicate id '{item.id}' ({key}[{seen[item.id]}])"))
        seen.setdefault(item.id, i)
    return out


def _raise_problems(found: list[tuple[Loc, str]]) -> None:
    if found:
        details = "; ".join(m for _, m in found)
        raise PydanticCustomError(
            "duplicate_ids", "{details}", {"details": details, "problems": found}
        )


class RecipientsFile(StrictModel):
    """A recipients file: ``schema: advocacy-docs/recipients@1`` and ``recipients: [...]``."""

    SCHEMA_ID: ClassVar[str] = RECIPIENTS_SCHEMA

    schema_: Literal["advocacy-docs/recipients@1"] = Field(
        alias="schema", description="The contract of this file: advocacy-docs/recipients@1."
    )
    recipients: list[Recipient] = Field(description="The officials documents are addressed to.")

    @model_validator(mode="after")
    def _unique(self) -> RecipientsFile:
        _raise_problems(_duplicate_ids(self.recipients, "recipients"))
        return self


class SendersFile(StrictModel):
    """A senders file: ``schema: advocacy-docs/senders@1`` and ``senders: [...]``."""

    SCHEMA_ID: ClassVar[str] = SENDERS_SCHEMA

    schema_: Literal["advocacy-docs/senders@1"] = Field(
        alias="schema", description="The contract of this file: advocacy-docs/senders@1."
    )
    senders: list[Sender] = Field(description="The campaigners who sign documents.")

    @model_validator(mode="after")
    def _unique(self) -> SendersFile:
        _raise_problems(_duplicate_ids(self.senders, "senders"))
        return self
