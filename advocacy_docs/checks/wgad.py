"""Checks for a communication to the UN Working Group on Arbitrary Detention (DOMAIN.md §3)."""

from __future__ import annotations

import datetime as _dt

from ..case.model import Case
from .common import all_texts, article_number, detention_span, text_of, unconfirmed_finding
from .report import Evidence, Finding, NamedDate
from .rules import Category, Rules


def _detention(case: Case) -> Finding:
    span = detention_span(case)
    if span is None:
        return Finding(
            "detention",
            "warning",
            "The case file records no detention: the Working Group deals with deprivation of "
            "liberty. Add `detention:` if the person is or was held.",
            note="The case file records no detention; the Working Group deals only with "
            "deprivation of liberty.",
        )
    dates = [NamedDate("detention_since", str(span.since))]
    if span.continuing:
        return Finding(
            "detention",
            "info",
            f"Deprived of liberty since {span.since}, and still held (status: "
            f"{case.status.replace('_', ' ')}).",
            dates=tuple(dates),
        )
    ended = f" until {span.ended}" if span.ended is not None else ""
    if span.ended is not None:
        dates.append(NamedDate("released", str(span.ended)))
    return Finding(
        "detention",
        "warning",
        f"Deprived of liberty from {span.since}{ended}; the case status is "
        f"{case.status.replace('_', ' ')}. The Working Group may still give an opinion on a "
        "detention that has ended: the lawyer must check its methods of work.",
        note="The detention appears to have ended; check whether the Working Group will still "
        "give an opinion on it.",
        dates=tuple(dates),
    )


def _category(case: Case, cat: Category) -> Finding:
    evidence: list[Evidence] = []
    related: list[str] = []
    for i, right in enumerate(case.rights):
        if not cat.covers(right.instrument, article_number(right.article)):
            continue
        if cat.keywords and cat.keyword_in(all_texts(right.facts)) is None:
            if not cat.any_right:
                related.append(f"{right.instrument} Art. {right.article} [rights[{i}]]")
            continue
        text, lang = text_of(case, right.facts)
        evidence.append(
            Evidence(f"rights[{i}]", "right", right.instrument, right.article, text, lang)
        )
    for i, rec in enumerate(case.recognitions):
        if rec.as_ in cat.recognitions:
            by, lang = text_of(case, rec.by)
            when = f" ({rec.date})" if rec.date is not None else ""
            evidence.append(
                Evidence(
                    f"recognitions[{i}]",
                    "recognition",
                    None,
                    None,
                    f"recognised as {rec.as_.replace('_', ' ')} by {by}{when}",
                    lang,
                )
            )
    head = f"Category {cat.id} ({cat.title})"
    n = len(evidence)
    items = f"{n} item{'s' if n != 1 else ''}"
    if not evidence:
        message = f"{head}: no data in the case file."
        if related:
            message += (
                f" {' and '.join(related)} {'is' if len(related) == 1 else 'are'} invoked, but "
                "the facts given do not show it; the lawyer may check."
            )
        return Finding("wgad_category", "info", message, category=cat.id, support="none")
    if cat.support == "possible":
        return Finding(
            "wgad_category",
            "warning",
            f"{head}: possible, check. The case file has {items} that may support it.",
            note=f"Category {cat.id} ({cat.title}) is possible on the case file's data; check "
            "whether the facts meet it.",
            evidence=tuple(evidence),
            category=cat.id,
            support="possible",
        )
    return Finding(
        "wgad_category",
        "info",
        f"{head}: the case file has data for it ({items}). The lawyer must check that the facts "
        "meet the category.",
        evidence=tuple(evidence),
        category=cat.id,
        support="data",
    )


def check_wgad(case: Case, today: _dt.date, rules: Rules) -> list[Finding]:
    """Every Working Group finding for the case."""
    items: list[Finding] = [_detention(case)]
    remedies = rules.remedies
    unconfirmed: list[tuple[str | None, str]] = []
    if remedies is not None:
        flag = "" if remedies.confirmed else " (unconfirmed)"
        items.append(Finding("remedies", "info", f"{remedies.what.rstrip('.')}{flag}."))
        if not remedies.confirmed:
            unconfirmed.append((None, f"{remedies.what.rstrip('.')} ({remedies.source})"))
    flagged = unconfirmed_finding(unconfirmed, "wgad.toml")
    if flagged is not None:
        items.append(flagged)
    items += [_category(case, cat) for cat in rules.categories]
    return items
