"""The sentences of the findings every body shares, by code.

Each sentence is a source message of the catalogs (``N_`` marks it for extraction); a finding's
values fill its ``%(name)s`` placeholders in the reader's language (see
:mod:`advocacy_docs.checks.values`). Each body adds its own sentences in ``<body>_text.py``;
``i18n status`` counts the messages of ``checks/`` for the draft kinds whose ``checks`` names
that body (those of this module for every draft kind).

Sentences speak to the lawyer preparing a filing, in the register of a legal memo; they never
say whether a body will accept a case, and never name a file of the program.
"""

from __future__ import annotations


def N_(message: str) -> str:
    """Mark ``message`` for extraction; it is translated when a finding is written."""
    return message


SENTENCES: dict[str, str] = {
    "as_of.missing": N_(
        "The case file does not say as of which day its facts are stated: check that they are "
        "still current before relying on these notes."
    ),
    # Translators: %(as_of)s and %(today)s are dates; %(months)s is "6 months"
    "as_of.stale": N_(
        "The facts in the case file are stated as of %(as_of)s, more than %(months)s before "
        "%(today)s: check that they are still current (detention, appeals, release) before "
        "relying on these notes."
    ),
    "as_of.current": N_("The facts in the case file are stated as of %(as_of)s."),
    # Translators: %(today)s is a date; %(facts)s a list such as "the verdict (1 February
    # 2027)"
    "dates.future": N_(
        "Some dates in the case file are later than today (%(today)s): %(facts)s. Check them: "
        "a mistyped year moves every time limit counted from them."
    ),
    "as_of.future": N_(
        "The case file says its facts are stated as of %(as_of)s, a day later than today "
        "(%(today)s): check that date."
    ),
    "as_of.before_facts": N_(
        "The case file says its facts are stated as of %(as_of)s, but it records later facts: "
        "%(facts)s. Update the day the facts are stated as of, and check that the rest is "
        "current."
    ),
    # Translators: %(released)s is a date as an adverb ("on 2 March 2025", "in March 2025")
    "consistency.release_event_held": N_(
        "The timeline records a release %(released)s, but the case file neither ends the "
        "detention then nor says that the person is no longer held: correct it. These notes "
        "and the drafts take the detention to have ended %(released)s."
    ),
    "consistency.release_event_only": N_(
        "The timeline records a release %(released)s, but the detention is not ended then in "
        "the case file: add the date of release to the detention."
    ),
    "consistency.released_but_held": N_(
        "The detention ended %(released)s according to the case file, which still describes the "
        "person as held: correct the person's status."
    ),
    # Translators: %(state)s is a country's name, in brackets after "the State concerned"
    "state.no_data": N_(
        "The data used for these checks has no treaty dates for the State concerned "
        "(%(state)s): check whether and since when it is bound."
    ),
    # Translators: %(dates)s is a list of dates
    "state.unconfirmed": N_(
        "These dates for the State concerned (%(state)s) are not confirmed by an official "
        "source: %(dates)s. Check them before relying on the period covered."
    ),
    "state.unknown_boundary": N_(
        "A day on which the State concerned (%(state)s) became or ceased to be bound is not "
        "established in the data: check the treaty office's records before relying on the "
        "period covered."
    ),
    "state.bound_dates_unknown": N_(
        "The State concerned (%(state)s) is or was bound, but not every day on which its "
        "obligations began or ended is established in the data."
    ),
    # Translators: %(periods)s is a list of periods such as "3 September 1953 – 12 June 1970"
    "state.bound_periods": N_(
        "The State concerned (%(state)s) was bound in these periods: %(periods)s."
    ),
    "state.reservations": N_(
        "The State concerned (%(state)s) made reservations or declarations that may limit what "
        "can be examined: read them before filing."
    ),
    "state.reservation_period": N_(
        "Some facts fall in a period for which a reservation of the State concerned "
        "(%(state)s) limits what can be examined: read it before filing."
    ),
    "temporal.no_dates": N_(
        "The case file gives no dated facts, so the period covered cannot be checked."
    ),
    # Translators: %(since)s is a date as an adverb: "on 24 February 2022", "in September
    # 2022"; %(boundary)s is a date
    "continuing.crosses_end": N_(
        "The detention that began %(since)s continued after %(boundary)s, the last day covered "
        "for the State concerned (%(state)s): only what happened up to that day can be "
        "examined; check how this affects each complaint."
    ),
    "continuing.may_cross_end": N_(
        "The detention that began %(since)s may have continued after %(boundary)s, the last "
        "day covered for the State concerned (%(state)s): the case file does not say when it "
        "ended. Check which part can be examined."
    ),
    "continuing.crosses_start": N_(
        "The detention that began %(since)s, before the State concerned (%(state)s) was bound "
        "(from %(boundary)s), continued after that day: only the part from that day can be "
        "examined; check how this affects each complaint."
    ),
    "continuing.straddles": N_(
        "The detention began %(since)s; the case file does not say whether before or after "
        "%(boundary)s, a boundary of the period covered for the State concerned (%(state)s). "
        "Find the exact date."
    ),
}
