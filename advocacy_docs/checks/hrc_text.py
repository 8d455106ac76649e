"""The sentences of the Human Rights Committee findings, by code (see
:mod:`advocacy_docs.checks.text`). "The Optional Protocol" is the (First) Optional Protocol to
the International Covenant on Civil and Political Rights; "the Covenant" is the Covenant.
"""

from __future__ import annotations

from .text import N_

SENTENCES: dict[str, str] = {
    # Translators: %(state)s is a country's name, in brackets after "the State concerned"
    "state.never_bound": N_(
        "The State concerned (%(state)s) is not a party to the Optional Protocol: the Committee "
        "cannot receive a communication against it."
    ),
    "state.not_covenant_party": N_(
        "The State concerned (%(state)s) is not a party to the Covenant, and so cannot be a "
        "party to the Optional Protocol: the Committee cannot receive a communication against "
        "it."
    ),
    # Translators: %(start)s is a date
    "state.bound": N_(
        "The Optional Protocol binds the State concerned (%(state)s) from %(start)s."
    ),
    # Translators: %(start)s and %(last)s are dates
    "state.bound_until": N_(
        "The Optional Protocol bound the State concerned (%(state)s) from %(start)s to %(last)s."
    ),
    "temporal.all_inside": N_(
        "Every dated fact of the case falls within the period in which the Optional Protocol "
        "binds the State concerned (%(state)s)."
    ),
    # Translators: %(facts)s is a list such as "a charge (17 October 2022), the verdict
    # (23 May 2023)"
    "temporal.some_outside": N_(
        "Some dated facts of the case fall outside the period in which the Optional Protocol "
        "binds the State concerned (%(state)s), or cannot be placed in it: %(facts)s. Check "
        "which of them the Committee can examine, and whether their effects continued."
    ),
    "temporal.all_outside": N_(
        "Every dated fact of the case falls outside the period in which the Optional Protocol "
        "binds the State concerned (%(state)s): the Committee cannot examine them unless their "
        "effects continued into that period."
    ),
    "temporal.all_outside_unsure": N_(
        "Every dated fact of the case appears to fall outside the period in which the Optional "
        "Protocol binds the State concerned (%(state)s), but the data on that period is not "
        "certain: %(facts)s. Check the dates before submitting."
    ),
    # Translators: %(ends)s and %(last)s are dates; %(left)s is "12 days left"
    "submission.denounced": N_(
        "The denunciation of the Optional Protocol by the State concerned (%(state)s) took "
        "effect on %(ends)s: a communication submitted now cannot be received. Only "
        "communications submitted before that day continue to be considered (article 12 (2))."
    ),
    "submission.denounced_unconfirmed": N_(
        "According to the data, the denunciation of the Optional Protocol by the State "
        "concerned (%(state)s) took effect on %(ends)s, a date not confirmed by an official "
        "source: check it. From that day no new communication can be received."
    ),
    "submission.denouncing": N_(
        "The denunciation of the Optional Protocol by the State concerned (%(state)s) takes "
        "effect on %(ends)s: submit the communication by %(last)s (%(left)s); after that, none "
        "can be received."
    ),
    # Translators: %(submitted)s is a date as an adverb ("on 30 January 2023", "in February
    # 2023"); %(ends)s a date
    "submission.recorded_before": N_(
        "The communication the case file records as submitted to the Committee %(submitted)s "
        "was submitted before the denunciation by the State concerned (%(state)s) took effect "
        "on %(ends)s: it continues to be considered (article 12 (2))."
    ),
    "submission.recorded_straddles": N_(
        "The communication the case file records as submitted to the Committee %(submitted)s "
        "may have been submitted before or after the denunciation by the State concerned "
        "(%(state)s) took effect on %(ends)s: find the exact date. Only a communication "
        "submitted before that day continues to be considered (article 12 (2))."
    ),
    "submission.recorded_after": N_(
        "The communication the case file records as submitted to the Committee %(submitted)s "
        "was submitted after the denunciation by the State concerned (%(state)s) took effect on "
        "%(ends)s: it cannot be received (article 12 (2)). Check the date."
    ),
    "submission.recorded_undated": N_(
        "The case file records a communication to the Committee without a date: only one "
        "submitted before the denunciation by the State concerned (%(state)s) took effect on "
        "%(ends)s continues to be considered (article 12 (2)). Add the date."
    ),
    # Translators: %(decision)s names a decision: "the verdict delivered on 23 May 2023"
    "exhaustion.final": N_(
        "The case file marks %(decision)s as final. Check whether a further effective remedy "
        "lay against it (Optional Protocol, article 5 (2) (b))."
    ),
    "exhaustion.returned": N_(
        "The decision marked final (%(decision)s) returned the case for a new trial, so the "
        "proceedings may continue: check which decision is final (Optional Protocol, article "
        "5 (2) (b))."
    ),
    "exhaustion.final_but_pending": N_(
        "The decision marked final (%(decision)s) is recorded as pending: check which decision "
        "is final (Optional Protocol, article 5 (2) (b))."
    ),
    "exhaustion.pending_after_final": N_(
        "The case file marks %(decision)s as final, but an appeal is still recorded as "
        "pending: check which decision is final (Optional Protocol, article 5 (2) (b))."
    ),
    "exhaustion.unmarked_appeal": N_(
        "The last appeal decision recorded (%(decision)s) is not marked final: if no further "
        "effective remedy exists, domestic remedies are exhausted with it (Optional Protocol, "
        "article 5 (2) (b)). Check, and mark it final in the case file."
    ),
    "exhaustion.none": N_(
        "No domestic decision is marked final in the case file: check which remedies remain, "
        "and whether they are effective or unreasonably prolonged (Optional Protocol, article "
        "5 (2) (b))."
    ),
    "exhaustion.no_verdict": N_(
        "The case file records no verdict and no final domestic decision: check which remedies "
        "remain, and whether they are effective or unreasonably prolonged (Optional Protocol, "
        "article 5 (2) (b))."
    ),
    "exhaustion.pending": N_(
        "An appeal is recorded as pending and no decision is marked final: domestic remedies "
        "were not exhausted when the facts were stated, unless the appeal is unreasonably "
        "prolonged (Optional Protocol, article 5 (2) (b)). Find the decision on it."
    ),
    # Translators: %(limit)s is a date; %(years)s is "5 years"; %(left)s "12 days left"
    "five_years.running": N_(
        "A communication submitted after %(limit)s, %(years)s after the final decision "
        "(%(decision)s), may be treated as an abuse of the right of submission unless the "
        "delay is justified (rules of procedure, rule 99 (c)): %(left)s."
    ),
    "five_years.passed": N_(
        "The period of %(years)s after the final decision (%(decision)s) ended on %(limit)s: "
        "explain the delay in the communication, or it may be treated as an abuse of the right "
        "of submission (rules of procedure, rule 99 (c))."
    ),
    # Translators: %(earliest)s and %(latest)s are dates
    "five_years.partial_passed": N_(
        "The final decision (%(decision)s) is dated only to the month or the year, and even the "
        "latest possible end of the period of %(years)s after it (%(latest)s) has passed: "
        "explain the "
        "delay, or the communication may be treated as an abuse of the right of submission "
        "(rules of procedure, rule 99 (c))."
    ),
    "five_years.partial_running": N_(
        "The final decision (%(decision)s) is dated only to the month or the year: a "
        "communication submitted after a day between %(earliest)s and %(latest)s may be treated "
        "as an abuse of the right of submission unless the delay is justified (rules of "
        "procedure, rule 99 (c)). Find the exact date."
    ),
    "five_years.provisional_passed": N_(
        "No decision is marked final. If %(decision)s is the final domestic decision, the "
        "period of %(years)s after it ended on %(limit)s: explain the delay, or the "
        "communication may be treated as an abuse of the right of submission (rules of "
        "procedure, rule 99 (c))."
    ),
    "five_years.provisional_running": N_(
        "No decision is marked final. If %(decision)s is the final domestic decision, a "
        "communication submitted after %(limit)s may be treated as an abuse of the right of "
        "submission unless the delay is justified (rules of procedure, rule 99 (c))."
    ),
    "five_years.no_decision": N_(
        "The case file dates no domestic decision: a communication submitted more than "
        "%(years)s after the final domestic decision may be treated as an abuse of the right "
        "of submission (rules of procedure, rule 99 (c))."
    ),
    "five_years.undated": N_(
        "The decision marked final has no date in the case file: add it to compute the date "
        "of rule 99 (c) of the rules of procedure."
    ),
    "five_years.appeal_pending": N_(
        "An appeal is recorded as pending and no decision is marked final: the period of "
        "%(years)s of rule 99 (c) of the rules of procedure will run from the final decision on "
        "it. Find that decision."
    ),
    # Translators: %(before)s is a procedure's body as a phrase ("before the European Court of
    # Human Rights"); %(ended)s and %(submitted)s are dates as adverbs; %(limit)s is a date;
    # %(years)s is "3 years"; %(left)s is "12 days left"
    "other_years.running": N_(
        "The procedure %(before)s ended %(ended)s. A communication submitted after "
        "%(limit)s, %(years)s after that, may be treated as an abuse of the right of submission "
        "unless the delay is justified (rules of procedure, rule 99 (c)): %(left)s. The period "
        "of five years from the final domestic decision also runs: the earlier day matters."
    ),
    "other_years.passed": N_(
        "The procedure %(before)s ended %(ended)s, and the period of %(years)s after it "
        "ended on %(limit)s: explain the delay in the communication, or it may be treated as an "
        "abuse of the right of submission (rules of procedure, rule 99 (c))."
    ),
    "other_years.partial_running": N_(
        "The procedure %(before)s ended %(ended)s, a date known only to the month or the "
        "year. A communication submitted more than %(years)s after that, from %(limit)s at the "
        "earliest, may be treated as an abuse of the right of submission unless the delay is "
        "justified (rules of procedure, rule 99 (c)): %(left)s. Find the exact date."
    ),
    "other_years.partial_passed": N_(
        "The procedure %(before)s ended %(ended)s, a date known only to the month or the "
        "year, and the period of %(years)s after it may have ended, on %(limit)s at the "
        "earliest: find the exact date, and explain any delay in the communication (rules of "
        "procedure, rule 99 (c))."
    ),
    "other_years.undated_running": N_(
        "The case file records that the procedure %(before)s ended, but not when. A "
        "communication submitted more than %(years)s after its end may be treated as an abuse "
        "of the right of submission unless the delay is justified (rules of procedure, rule "
        "99 (c)); "
        "the matter was submitted there %(submitted)s, so that period ends on %(limit)s at the "
        "earliest (%(left)s). Find the date of the decision."
    ),
    "other_years.undated_passed": N_(
        "The case file records that the procedure %(before)s ended, but not when. A "
        "communication submitted more than %(years)s after its end may be treated as an abuse "
        "of the right of submission unless the delay is justified (rules of procedure, rule "
        "99 (c)); "
        "the matter was submitted there %(submitted)s, so that period may have ended, on "
        "%(limit)s at the earliest. Find the date of the decision, and explain any delay."
    ),
    "other_years.undated": N_(
        "The case file records that the procedure %(before)s ended, but not when. A "
        "communication submitted more than %(years)s after its end may be treated as an abuse "
        "of the right of submission unless the delay is justified (rules of procedure, rule "
        "99 (c)): "
        "find the date of the decision."
    ),
    "five_years.rule_unconfirmed": N_(
        "The five-year rule in the data is not confirmed: check rule 99 (c) of the Committee's "
        "rules of procedure."
    ),
    "other_procedures.none": N_(
        "The case file records no other international procedure. The Committee cannot examine "
        "a matter that is being examined under another procedure of international "
        "investigation or settlement (Optional Protocol, article 5 (2) (a)), and reservations "
        "of some States also exclude a matter already examined: check before submitting it "
        "elsewhere."
    ),
    # Translators: %(procedures)s is a list such as "the UN Working Group on Arbitrary
    # Detention (pending, 1 February 2024)"
    "other_procedures.recorded": N_(
        "The case file records other international procedures: %(procedures)s. The Committee "
        "cannot examine the same matter while it is being examined under another procedure of "
        "international investigation or settlement (Optional Protocol, article 5 (2) (a)), "
        "and a reservation of the State may exclude a matter already examined: check before "
        "submitting."
    ),
    # Translators: %(unclear)s is a list of bodies' names
    "other_procedures.recorded_unclear": N_(
        "The case file records other international procedures: %(procedures)s. The Committee "
        "cannot examine the same matter while it is being examined under another procedure of "
        "international investigation or settlement (Optional Protocol, article 5 (2) (a)), and "
        "a reservation of the State may exclude a matter already examined. The Committee may "
        "not treat %(unclear)s as such a procedure: check its current practice and the State's "
        "reservations before submitting."
    ),
    "other_procedures.same_body": N_(
        "The case file records a communication to the Committee itself: %(procedures)s. Check "
        "that the new communication does not concern the same matter."
    ),
    "rights.none": N_(
        "The case file names no article of the Covenant: the communication must say which "
        "rights were violated."
    ),
    # Translators: %(articles)s is a list of article numbers: "9, 19 and 22"
    "rights.listed": N_("Articles of the Covenant invoked: %(articles)s."),
}
