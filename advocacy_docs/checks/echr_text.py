"""The sentences of the ECHR findings, by code (see :mod:`advocacy_docs.checks.text`).

Articles are cited as the Court's own documents cite them ("Article 35 § 1"); "the Convention"
is the European Convention on Human Rights.
"""

from __future__ import annotations

from .text import N_

SENTENCES: dict[str, str] = {
    # Translators: %(state)s is a country's name, in brackets after "the State concerned"
    "state.never_bound": N_(
        "The State concerned (%(state)s) has never been bound by the Convention: the Court "
        "cannot examine an application against it."
    ),
    # Translators: %(start)s is a date
    "state.bound": N_("The Convention binds the State concerned (%(state)s) from %(start)s."),
    # Translators: %(start)s and %(last)s are dates
    "state.bound_until": N_(
        "The Convention bound the State concerned (%(state)s) from %(start)s; the Court can "
        "examine only acts or omissions up to %(last)s."
    ),
    "temporal.all_inside": N_(
        "Every dated fact of the case falls within the period in which the Convention binds "
        "the State concerned (%(state)s)."
    ),
    # Translators: %(facts)s is a list such as "a charge (17 October 2022), the verdict
    # (23 May 2023)"
    "temporal.some_outside": N_(
        "Some dated facts of the case fall outside the period in which the Convention binds the "
        "State concerned (%(state)s), or cannot be placed in it: %(facts)s. The Court can "
        "examine only acts or omissions within that period: check each complaint."
    ),
    "temporal.all_outside": N_(
        "Every dated fact of the case falls outside the period in which the Convention binds "
        "the State concerned (%(state)s): the Court cannot examine them."
    ),
    "temporal.all_outside_unsure": N_(
        "Every dated fact of the case appears to fall outside the period in which the "
        "Convention binds the State concerned (%(state)s), but the data on that period is not "
        "certain: %(facts)s. Check the dates before filing."
    ),
    # Translators: %(decision)s names a decision: "the verdict delivered on 23 May 2023"
    "exhaustion.final": N_(
        "The case file marks %(decision)s as final. Check whether a cassation appeal or another "
        "effective remedy lay against it: if one did, the final decision is the one on that "
        "remedy (Article 35 § 1)."
    ),
    "exhaustion.returned": N_(
        "The decision marked final (%(decision)s) returned the case for a new trial, so the "
        "proceedings may continue: check which decision is final (Article 35 § 1)."
    ),
    "exhaustion.final_but_pending": N_(
        "The decision marked final (%(decision)s) is recorded as pending: check which decision "
        "is final (Article 35 § 1)."
    ),
    "exhaustion.pending_after_final": N_(
        "The case file marks %(decision)s as final, but an appeal is still recorded as "
        "pending: check which decision is final (Article 35 § 1)."
    ),
    "exhaustion.unmarked_appeal": N_(
        "The last appeal decision recorded (%(decision)s) is not marked final: if no further "
        "effective remedy exists, it is the final decision (Article 35 § 1). Check, and mark "
        "it final in the case file."
    ),
    "exhaustion.none": N_(
        "No domestic decision is marked final in the case file: check which remedies remain "
        "and whether they are effective (Article 35 § 1)."
    ),
    "exhaustion.no_verdict": N_(
        "The case file records no verdict and no final domestic decision: check which remedies "
        "remain and whether they are effective (Article 35 § 1)."
    ),
    "exhaustion.pending": N_(
        "An appeal is recorded as pending and no decision is marked final: domestic remedies "
        "were not exhausted when the facts were stated. Find the decision on that appeal "
        "(Article 35 § 1)."
    ),
    # Translators: %(state)s is a country's name; %(authority)s a decision of the Court cited
    # as published ("Uzun v. Turkey (dec.), no. 10755/13, 30 April 2013")
    "remedy.cassation": N_(
        "In %(state)s a cassation appeal lies against decisions on appeal in criminal cases, and "
        "the Court has held it to be a remedy to use before applying (%(authority)s). Check "
        "whether it was used: if it was, the time limit runs from the decision on it."
    ),
    "remedy.cassation_unconfirmed": N_(
        "In %(state)s a cassation appeal to the Supreme Court may lie against decisions on "
        "appeal. Check whether it is a remedy to use before applying, and whether it was used: "
        "if it is, the time limit runs from the decision on it."
    ),
    "remedy.constitutional": N_(
        "In %(state)s an individual application to the Constitutional Court lies after the "
        "ordinary remedies, and the Court has held it to be a remedy to use before applying "
        "(%(authority)s). Check whether it was used: if it was, the time limit runs from the "
        "decision on it."
    ),
    "remedy.constitutional_unconfirmed": N_(
        "In %(state)s an individual application to the Constitutional Court may lie after the "
        "ordinary remedies. Check whether it is a remedy to use before applying, and whether it "
        "was used: if it is, the time limit runs from the decision on it."
    ),
    # Translators: %(months)s is "4 months"; %(last)s a date; %(left)s "12 days left" or
    # "today is the last day"
    "time_limit.running": N_(
        "The time limit of %(months)s from the final decision (%(decision)s) ends on %(last)s "
        "(%(left)s). If the decision was served later, the period runs from the day of "
        "service: check that day. Only a complete application form stops the clock."
    ),
    "time_limit.running_weekend": N_(
        "The time limit of %(months)s from the final decision (%(decision)s) ends on %(last)s "
        "(%(left)s); that day falls on a weekend, and the time limit is not extended. If the "
        "decision was served later, the period runs from the day of service: check that day."
    ),
    "time_limit.passed": N_(
        "Counted from the decision the case file marks as final (%(decision)s), the time limit "
        "of %(months)s ended on %(last)s: complaints that depend on that decision appear to be "
        "out of time. Check that it was the final decision on an effective remedy and when it "
        "was served; a later final decision (on the detention, for example) may start another "
        "period for other complaints."
    ),
    # Translators: %(earliest)s and %(latest)s are dates
    "time_limit.partial_passed": N_(
        "The decision the case file marks as final (%(decision)s) is dated only to the month or "
        "the year; even the latest possible last day of the time limit of %(months)s "
        "(%(latest)s) has passed: complaints that depend on that decision appear to be out of "
        "time. Find the exact date, and check that it was the final decision."
    ),
    "time_limit.partial_may_have_passed": N_(
        "The final decision (%(decision)s) is dated only to the month or the year: the last "
        "day of the time limit of %(months)s falls between %(earliest)s and %(latest)s, so it "
        "may have passed. Find the exact date."
    ),
    "time_limit.partial_running": N_(
        "The final decision (%(decision)s) is dated only to the month or the year: the last "
        "day of the time limit of %(months)s falls between %(earliest)s and %(latest)s. Act "
        "before %(earliest)s (%(left)s), or find the exact date."
    ),
    "time_limit.undated": N_(
        "The decision marked final has no date in the case file, so the time limit cannot be "
        "computed: add its date."
    ),
    "time_limit.no_rule": N_(
        "No time limit in the data applies to a decision as early as %(decision)s: check the "
        "rules that applied then."
    ),
    "time_limit.no_rule_detention": N_(
        "No time limit in the data applies to a detention that ended so early: check the rules "
        "that applied then."
    ),
    # Translators: %(months)s and %(old_months)s are "4 months" and "6 months"; %(switch)s
    # is a date
    "time_limit.no_decision": N_(
        "No domestic decision in the case file is dated, so no last day can be computed: the "
        "time limit is %(months)s from the final domestic decision (%(old_months)s for a "
        "decision taken before %(switch)s). Check whether such a decision has been taken."
    ),
    "time_limit.no_decision_one_rule": N_(
        "No domestic decision in the case file is dated, so no last day can be computed: the "
        "time limit is %(months)s from the final domestic decision. Check whether such a "
        "decision has been taken."
    ),
    "time_limit.appeal_pending": N_(
        "An appeal is recorded as pending and no decision is marked final: the earlier "
        "decisions were not final then, and the time limit will run from the final decision on "
        "that appeal (or on a further effective remedy). Find that decision and its date."
    ),
    # Translators: %(as_of)s is the date the case file's facts are stated as of, as an adverb
    # ("on 1 June 2019", "in June 2019")
    "time_limit.appeal_pending_as_of": N_(
        "An appeal was still pending %(as_of)s, the day the facts are stated as of, and no "
        "decision is marked final: the earlier decisions were not final then, and the time "
        "limit will run from the final decision on that appeal (or on a further effective "
        "remedy). Find that decision and its date."
    ),
    "time_limit.provisional_passed": N_(
        "No decision is marked final. If %(decision)s is the final domestic decision, the time "
        "limit of %(months)s ended on %(last)s. Check whether a further remedy was effective, "
        "and when the decision was served."
    ),
    "time_limit.provisional_running": N_(
        "No decision is marked final. If %(decision)s is the final domestic decision, the time "
        "limit of %(months)s ends on %(last)s (%(left)s). Check whether a further remedy is "
        "effective."
    ),
    "time_limit.provisional_earliest_passed": N_(
        "No decision is marked final, and %(decision)s is dated only to the month or the year. "
        "If it is the final domestic decision, the last day of the time limit of %(months)s "
        "falls between %(last)s and %(latest)s, so it may have passed. Find the exact date, and "
        "check whether a further remedy was effective."
    ),
    "time_limit.provisional_latest_passed": N_(
        "No decision is marked final, and %(decision)s is dated only to the month or the year. "
        "If it is the final domestic decision, even the latest possible last day of the time "
        "limit of %(months)s (%(last)s) has passed. Find the exact date, and check whether a "
        "further remedy was effective."
    ),
    "time_limit.provisional_earliest_running": N_(
        "No decision is marked final, and %(decision)s is dated only to the month or the year. "
        "If it is the final domestic decision, the time limit of %(months)s ends on %(last)s "
        "at the earliest (%(left)s). Find the exact date, and check whether a further remedy "
        "is effective."
    ),
    "time_limit.rule_unconfirmed": N_(
        "The dates from which the time limits in the data apply are not confirmed: %(dates)s. "
        "Check them."
    ),
    # Translators: %(ended)s is a date as an adverb: "on 1 August 2022", "in August 2022"
    "detention_limit.release_passed": N_(
        "Complaints about the detention, which ended %(ended)s: counted from its end, the time "
        "limit of %(months)s ended on %(last)s, so those complaints appear to be out of time, "
        "unless an effective remedy for the detention was used or can still be: the period then "
        "runs from its final decision (on an appeal against the detention, or on a claim for "
        "compensation after the release or an acquittal, which may open only once the criminal "
        "case ends). Check whether there is such a decision, or such a remedy still open."
    ),
    "detention_limit.release_passed_later_decision": N_(
        "Complaints about the detention, which ended %(ended)s: counted from its end, the time "
        "limit of %(months)s ended on %(last)s. The case file marks a later decision as final "
        "(%(decision)s): if it decided on the detention, the time limit for these complaints "
        "runs from it, as for the other complaints. Check what it decided."
    ),
    "detention_limit.release_running": N_(
        "Complaints about the detention, which ended %(ended)s: counted from its end, the time "
        "limit of %(months)s ends on %(last)s (%(left)s)."
    ),
    "detention_limit.release_latest_passed": N_(
        "Complaints about the detention, which ended %(ended)s: counted from its end, even the "
        "latest possible last day of the time limit of %(months)s (%(last)s) has passed, so "
        "those complaints appear to be out of time, unless an effective remedy for the "
        "detention was used or can still be: the period then runs from its final decision (on "
        "an appeal against the detention, or on a claim for compensation after the release or "
        "an acquittal, which may open only once the criminal case ends). Check whether there is "
        "such a decision, or such a remedy still open."
    ),
    "detention_limit.release_latest_passed_later_decision": N_(
        "Complaints about the detention, which ended %(ended)s: counted from its end, even the "
        "latest possible last day of the time limit of %(months)s (%(last)s) has passed. The "
        "case file marks a later decision as final (%(decision)s): if it decided on the "
        "detention, the time limit for these complaints runs from it, as for the other "
        "complaints. Check what it decided."
    ),
    "detention_limit.release_earliest_passed": N_(
        "Complaints about the detention, which ended %(ended)s: counted from its end, the last "
        "day of the time limit of %(months)s falls between %(last)s and %(latest)s, so it may "
        "have passed. Find the exact date of release."
    ),
    "detention_limit.release_earliest_running": N_(
        "Complaints about the detention, which ended %(ended)s: counted from its end, the time "
        "limit of %(months)s ends on %(last)s at the earliest (%(left)s). Find the exact date "
        "of release."
    ),
    "detention_limit.release_undated": N_(
        "The case file says the person is no longer held but gives no release date: the time "
        "limit for complaints about the detention runs from its end. Add the date."
    ),
    "detention_limit.conviction_passed": N_(
        "Complaints about the detention before the first-instance conviction (Article 5 § 3): "
        "that period ended with the conviction %(ended)s, and counted from then the time limit "
        "of %(months)s ended on %(last)s, so those complaints appear to be out of time. Check "
        "which complaints concern that period."
    ),
    "detention_limit.conviction_latest_passed": N_(
        "Complaints about the detention before the first-instance conviction (Article 5 § 3): "
        "that period ended with the conviction %(ended)s, and counted from then even the latest "
        "possible last day of the time limit of %(months)s (%(last)s) has passed, so those "
        "complaints appear to be out of time. Check which complaints concern that period."
    ),
    "detention_limit.conviction_running": N_(
        "Complaints about the detention before the first-instance conviction (Article 5 § 3): "
        "that period ended with the conviction %(ended)s, and counted from then the time limit "
        "of %(months)s ends on %(last)s (%(left)s). Check which complaints concern that period."
    ),
    "detention_limit.conviction_earliest_passed": N_(
        "Complaints about the detention before the first-instance conviction (Article 5 § 3): "
        "that period ended with the conviction %(ended)s, and counted from then the last day of "
        "the time limit of %(months)s falls between %(last)s and %(latest)s, so it may have "
        "passed. Find the exact date, and check which complaints concern that period."
    ),
    "detention_limit.conviction_earliest_running": N_(
        "Complaints about the detention before the first-instance conviction (Article 5 § 3): "
        "that period ended with the conviction %(ended)s, and counted from then the time limit "
        "of %(months)s ends on %(last)s at the earliest (%(left)s). Find the exact date."
    ),
    "detention_limit.continuing": N_(
        "According to the case file the detention continues: complaints about it can be lodged "
        "while it lasts, and the time limit for them runs from its end (the release, or the "
        "first-instance conviction for the detention before trial)."
    ),
    "detention_limit.orders_missing": N_(
        "The case file records no final court decision on the detention orders (the initial "
        "order, its extensions, the appeals against them). Complaints about one order (its "
        "lawfulness, Article 5 § 1, or its review, Article 5 § 4) run from the final decision "
        "on that order, which can be long before the release or the conviction: list those "
        "decisions with their dates."
    ),
    "detention_limit.orders_missing_unconfirmed": N_(
        "The case file records no final court decision on the detention orders (the initial "
        "order, its extensions, the appeals against them). Complaints about one order (its "
        "lawfulness, Article 5 § 1, or its review, Article 5 § 4) may run from the final "
        "decision on that order, which can be long before the release or the conviction: list "
        "those decisions with their dates, and check the Court's case-law on this point."
    ),
    # Translators: %(decided)s is a date as an adverb ("on 1 December 2022", "in May 2023")
    "detention_limit.order_running": N_(
        "Complaints about the detention order decided finally %(decided)s (Article 5 §§ 1 and "
        "4): counted from that decision, the time limit of %(months)s ends on %(last)s "
        "(%(left)s)."
    ),
    "detention_limit.order_passed": N_(
        "Complaints about the detention order decided finally %(decided)s (Article 5 §§ 1 and "
        "4): counted from that decision, the time limit of %(months)s ended on %(last)s, so "
        "those complaints appear to be out of time. Check what that decision covered."
    ),
    "detention_limit.order_partial_running": N_(
        "Complaints about the detention order decided finally %(decided)s (Article 5 §§ 1 and "
        "4): the decision is dated only to the month or the year, and the last day of the time "
        "limit of %(months)s falls between %(earliest)s and %(latest)s. Act before "
        "%(earliest)s (%(left)s), or find the exact date."
    ),
    "detention_limit.order_may_have_passed": N_(
        "Complaints about the detention order decided finally %(decided)s (Article 5 §§ 1 and "
        "4): the decision is dated only to the month or the year, and the last day of the time "
        "limit of %(months)s falls between %(earliest)s and %(latest)s, so it may have passed. "
        "Find the exact date."
    ),
    "detention_limit.order_partial_passed": N_(
        "Complaints about the detention order decided finally %(decided)s (Article 5 §§ 1 and "
        "4): even the latest possible last day of the time limit of %(months)s (%(latest)s) "
        "has passed, so those complaints appear to be out of time."
    ),
    # Translators: %(decision)s names a decision; %(last)s is a date
    "decision_after_cutoff.after": N_(
        "The decision the time limit is counted from (%(decision)s) is dated after %(last)s, "
        "the last day the Court covers for the State concerned (%(state)s): check how "
        "exhaustion and the time limit apply to complaints about acts up to that day."
    ),
    "decision_after_cutoff.may_be_after": N_(
        "The decision the time limit is counted from (%(decision)s) may be dated after "
        "%(last)s, the last day the Court covers for the State concerned (%(state)s): find "
        "the exact date, and check how exhaustion and the time limit apply."
    ),
    "other_procedures.none": N_(
        "The case file records no other international procedure. Submitting the same matter to "
        "another international body can bar the application (Article 35 § 2 (b)); the Court "
        "has treated the UN Working Group on Arbitrary Detention as such a body. Check before "
        "filing elsewhere."
    ),
    # Translators: %(procedures)s is a list such as "the UN Working Group on Arbitrary
    # Detention (pending, 1 February 2024)"
    "other_procedures.recorded": N_(
        "The case file records other international procedures: %(procedures)s. If one concerns "
        "substantially the same matter, the Court cannot deal with the application (Article 35 "
        "§ 2 (b)); it has treated the UN Working Group on Arbitrary Detention as such a "
        "procedure. Check before filing."
    ),
    # Translators: %(unclear)s is a list of bodies' names
    "other_procedures.recorded_unclear": N_(
        "The case file records other international procedures: %(procedures)s. If one concerns "
        "substantially the same matter, the Court cannot deal with the application (Article 35 "
        "§ 2 (b)). Whether the Court treats %(unclear)s as such a procedure is not established "
        "in the data: check before filing."
    ),
    "other_procedures.same_body": N_(
        "The case file records an application to the Court itself: %(procedures)s. The Court "
        "does not deal with an application that is substantially the same as a matter it has "
        "already examined (Article 35 § 2 (b)): check before filing."
    ),
    "rights.none": N_(
        "The case file names no Article of the Convention: section F of the form needs each "
        "Article with its explanation."
    ),
    "rights.article_18_alone": N_(
        "Article 18 is invoked alone; it applies only together with another Article (usually "
        "Article 5)."
    ),
    # Translators: %(articles)s is a list of article numbers: "5, 10 and 11"
    "rights.listed": N_(
        "Articles of the Convention invoked: %(articles)s. Each needs its own explanation in "
        "section F of the form."
    ),
}
