"""The sentences of the Working Group on Arbitrary Detention findings, by code (see
:mod:`advocacy_docs.checks.text`)."""

from __future__ import annotations

from .text import N_

SENTENCES: dict[str, str] = {
    "wgad.detention.none": N_(
        "The case file records no deprivation of liberty: the Working Group deals only with "
        "deprivation of liberty."
    ),
    # Translators: %(since)s and %(ended)s are dates as adverbs: "on 24 February 2022",
    # "in March 2023"
    "wgad.detention.continuing": N_(
        "According to the case file, the deprivation of liberty began %(since)s and continues."
    ),
    "wgad.detention.ended": N_(
        "According to the case file, the deprivation of liberty began %(since)s and ended "
        "%(ended)s. The Working Group may still give an opinion on a detention that has ended."
    ),
    "wgad.detention.released_undated": N_(
        "The case file says the person is no longer held but gives no release date: add it. "
        "The Working Group may still give an opinion on a detention that has ended."
    ),
    # Translators: %(days)s is "60 days"
    "procedure.urgent_and_regular": N_(
        "The Working Group has two procedures. An urgent appeal asks the Government, without "
        "prejudging whether the detention is arbitrary, to protect the detained person's life "
        "and physical integrity: ask for one if the person's health or life is at risk. A "
        "regular communication is sent to the Government, which has %(days)s to reply, and "
        "leads to an opinion on whether the detention is arbitrary."
    ),
    "procedure.regular_after_release": N_(
        "The detention has ended, so an urgent appeal, which protects a person still held, no "
        "longer applies. A regular communication is sent to the Government, which has "
        "%(days)s to reply, and leads to an opinion on whether the detention was arbitrary."
    ),
    "procedure.unconfirmed": N_(
        "The description of the Working Group's procedures in the data is not confirmed: check "
        "its methods of work."
    ),
    "remedies.not_required": N_(
        "The Working Group does not require domestic remedies to be exhausted before it "
        "considers a communication."
    ),
    "remedies.not_required_unconfirmed": N_(
        "According to the data, which is not confirmed, the Working Group does not require "
        "domestic remedies to be exhausted: check its methods of work."
    ),
    "remedies.required": N_(
        "According to the data, domestic remedies must be exhausted before a communication to "
        "the Working Group."
    ),
    "remedies.required_unconfirmed": N_(
        "According to the data, which is not confirmed, domestic remedies must be exhausted "
        "before a communication to the Working Group: check its methods of work."
    ),
    # Translators: %(category)s is a Roman numeral (I to V), the Working Group's category
    "category.none": N_("Category %(category)s: no fact in the case file is tagged for it."),
    # Translators: %(articles)s is a list such as "ECHR 5 and ICCPR 9"
    "category.untagged": N_(
        "Category %(category)s: no fact in the case file is tagged for it, although it invokes "
        "%(articles)s. Tag the facts that support it, or leave the category out."
    ),
    "category.data": N_(
        "Category %(category)s: the case file tags facts for it; check that they meet the category."
    ),
    # Translators: %(articles)s is a list such as "ICCPR 9"; %(others)s a list of categories
    # ("I")
    "category.right_outside": N_(
        "Category %(category)s: %(articles)s is tagged for it but is not one of the rights that "
        "define it. Check the tag."
    ),
    "category.right_outside_suggests": N_(
        "Category %(category)s: %(articles)s is tagged for it but is not one of the rights that "
        "define it; it usually supports Category %(others)s. Check the tag."
    ),
}
