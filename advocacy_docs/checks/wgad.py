"""Checks for a communication to the UN Working Group on Arbitrary Detention (DOMAIN.md §3).

The Working Group takes a communication about any State: no treaty is needed, so there is no
State or period check. What matters is the deprivation of liberty, which of the Group's own
procedures fits (an urgent appeal while a detention lasts, a regular communication leading to
an opinion, also after release), and which categories the case file tags facts for.
"""

from __future__ import annotations

import datetime as _dt

from ..case.model import Case
from .common import article_number, as_of_finding, detention_span, text_of
from .report import Evidence, Finding, NamedDate, Status
from .rules import Category, Rules
from .values import Days, Items, Param, When


def _detention(case: Case) -> Finding:
    span = detention_span(case)
    if span is None:
        return Finding("detention", "warning", "wgad.detention.none")
    since = ("since", When(span.since))
    dates = [NamedDate("detention_since", str(span.since))]
    if span.continuing:
        return Finding("detention", "info", "wgad.detention.continuing", (since,), tuple(dates))
    if span.ended is None:
        return Finding("detention", "warning", "wgad.detention.released_undated", (since,))
    dates.append(NamedDate("released", str(span.ended)))
    params = (since, ("ended", When(span.ended)))
    return Finding("detention", "info", "wgad.detention.ended", params, tuple(dates))


def _procedure(case: Case, rules: Rules) -> list[Finding]:
    regular = rules.procedures.get("regular")
    urgent = rules.procedures.get("urgent_appeal")
    if regular is None or urgent is None:
        return []
    span = detention_span(case)
    if span is None:
        return []  # the detention finding says the Group deals only with deprivation of liberty
    params: tuple[tuple[str, Param], ...] = (("days", Days(regular.reply_days or 60)),)
    code = "procedure.urgent_and_regular" if span.continuing else "procedure.regular_after_release"
    out = [Finding("procedure", "info", code, params, notable=True)]
    unsure = [name for name, p in rules.procedures.items() if not p.confirmed]
    if unsure:
        out.append(
            Finding(
                "unconfirmed",
                "warning",
                "procedure.unconfirmed",
                data=tuple((name, rules.procedures[name].source) for name in unsure),
            )
        )
    return out


def _outside(case: Case, cat: Category, rules: Rules) -> Finding | None:
    """Rights tagged for a category that its own rights define (Category II) but that are not
    among them: the tag is likely a mistake (ICCPR 9 supports Category I, not II)."""
    if not cat.defined_by_rights:
        return None
    outside: list[str] = []
    refs: list[Evidence] = []
    elsewhere: list[str] = []
    for i, right in enumerate(case.rights):
        number = article_number(right.article)
        if cat.id not in right.wgad_categories or cat.suggested_by(right.instrument, number):
            continue
        outside.append(f"{right.instrument} {right.article}")
        text, lang = text_of(case, right.facts)
        refs.append(Evidence(f"rights[{i}]", "right", right.instrument, right.article, text, lang))
        elsewhere += [c.id for c in rules.categories if c.suggested_by(right.instrument, number)]
    if not outside:
        return None
    params: tuple[tuple[str, Param], ...] = (
        ("category", cat.id),
        ("articles", Items(tuple(outside))),
    )
    code = "category.right_outside"
    if elsewhere:
        params += (("others", Items(tuple(dict.fromkeys(elsewhere)))),)
        code = "category.right_outside_suggests"
    return Finding("category_tags", "warning", code, params, evidence=tuple(refs), category=cat.id)


def _category(case: Case, cat: Category) -> Finding:
    """What the case file tags for the category; an invoked article that suggests it, when no
    fact is tagged, is only a hint (the category stays unsupported)."""
    evidence: list[Evidence] = []
    suggested: list[str] = []
    for i, right in enumerate(case.rights):
        if cat.id in right.wgad_categories:
            text, lang = text_of(case, right.facts)
            evidence.append(
                Evidence(f"rights[{i}]", "right", right.instrument, right.article, text, lang)
            )
        elif cat.suggested_by(right.instrument, article_number(right.article)):
            suggested.append(f"{right.instrument} {right.article}")
    for i, event in enumerate(case.timeline):
        if cat.id in event.wgad_categories:
            text, lang = text_of(case, event.text)
            evidence.append(Evidence(f"timeline[{i}]", "event", None, None, text, lang))
    cat_id = ("category", cat.id)
    data: tuple[tuple[str, str | int | bool | None], ...] = (("title", cat.title),)
    if evidence:
        return Finding(
            "wgad_category", "info", "category.data", (cat_id,),
            evidence=tuple(evidence), category=cat.id, support="data", data=data,
        )  # fmt: skip
    if suggested:
        params = (cat_id, ("articles", Items(tuple(dict.fromkeys(suggested)))))
        return Finding(
            "wgad_category", "info", "category.untagged", params,
            category=cat.id, support="none", data=data,
        )  # fmt: skip
    return Finding(
        "wgad_category", "info", "category.none", (cat_id,),
        category=cat.id, support="none", data=data,
    )  # fmt: skip


def check_wgad(case: Case, today: _dt.date, rules: Rules) -> list[Finding]:
    """Every Working Group finding for the case."""
    items: list[Finding] = [as_of_finding(case, today), _detention(case)]
    items += _procedure(case, rules)
    remedies = rules.remedies
    if remedies is not None:
        # One sentence: what the data says, worded as unconfirmed when it is.
        code = "remedies.not_required" if not remedies.exhaustion_required else "remedies.required"
        if not remedies.confirmed:
            code += "_unconfirmed"
        status: Status = "info" if remedies.confirmed else "warning"
        data: tuple[tuple[str, str | int | bool | None], ...] = (
            ("confirmed", remedies.confirmed),
            ("source", remedies.source),
        )
        items.append(Finding("remedies", status, code, data=data))
    for cat in rules.categories:
        items.append(_category(case, cat))
        outside = _outside(case, cat, rules)
        if outside is not None:
            items.append(outside)
    return items
