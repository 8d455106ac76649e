"""The HTML vocabulary every kind's template writes and every writer reads (docs/templates.md).

Templates write semantic HTML from a small set of elements and role classes once; each writer
derives its format from that tree. Anything outside the vocabulary is an error rather than silently
dropped, so that a template cannot produce a document whose DOCX or plain text quietly lacks a part.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import unquote

import lxml.html

from ..errors import RenderError

ALLOWED_TAGS = frozenset(
    {
        "html", "head", "meta", "title", "link", "style", "body",
        "header", "footer", "main", "section", "article", "div",
        "h1", "h2", "h3", "p", "ol", "ul", "li",
        "table", "thead", "tbody", "tr", "th", "td",
        "strong", "em", "b", "i", "a", "br",
        "blockquote", "img", "figure", "figcaption", "span",
    }
)  # fmt: skip

ROLE_CLASSES = frozenset(
    {
        "sender", "recipient", "date", "subject", "salutation", "closing", "signature",
        "summary", "timeline", "numbered", "page-break", "footnote", "field",
        "note", "small", "muted", "lead",
    }
)  # fmt: skip
"""Classes that give an element a meaning every writer honours."""

ROLE_TAGS = frozenset({"div", "p", "span", "section"})
"""Elements that may carry a role class."""

NOTEREF_CLASS = "noteref"
"""``<a class="noteref" href="#ID">N</a>``: a source cited again, by the number N of the earlier
``<span class="footnote" id="ID">`` that cites it first."""

EXTRA_CLASSES = {"h1": frozenset({"title"}), "a": frozenset({NOTEREF_CLASS})}
"""Classes allowed on one element only: ``<h1 class="title">`` is the document's title,
``<a class="noteref">`` a later citation of a footnote."""

STYLE_ONLY_PREFIX = "x-"
"""Classes with this prefix are for a kind's CSS only; writers treat them as no role."""

BLOCK_TAGS = frozenset(
    {
        "body", "header", "footer", "main", "section", "article", "div",
        "h1", "h2", "h3", "p", "ol", "ul", "li",
        "table", "thead", "tbody", "tr", "th", "td",
        "blockquote", "figure", "figcaption",
    }
)  # fmt: skip
"""Elements that start a new block; the rest of the body vocabulary flows inline."""

_HTML_SPACE = re.compile(r"[ \t\n\r\f]+")


class VocabularyError(RenderError):
    """A document uses elements or classes outside the shared vocabulary."""

    def __init__(self, problems: Iterable[str]) -> None:
        self.problems = list(problems)
        super().__init__("outside the HTML vocabulary: " + "; ".join(self.problems))


def parse_document(html: str) -> lxml.html.HtmlElement:
    """The ``<body>`` element of an HTML document (a fragment gets an implicit body)."""
    if not html.strip():
        raise RenderError("the template produced an empty document")
    root = lxml.html.document_fromstring(html)
    return root.body


def is_element(node: object) -> bool:
    """True for elements; False for comments and processing instructions (their tag is no str)."""
    return isinstance(getattr(node, "tag", None), str)


def classes(el: lxml.html.HtmlElement) -> list[str]:
    """The classes of ``el``, in document order."""
    if not is_element(el):
        return []
    return str(el.get("class") or "").split()


def block_role(el: lxml.html.HtmlElement) -> str | None:
    """The first role class of ``el`` (``x-`` classes and unknown classes are no role)."""
    for name in classes(el):
        if name in ROLE_CLASSES:
            return name
    return None


def noteref_target(el: lxml.html.HtmlElement) -> str | None:
    """The footnote id that ``<a class="noteref" href="#ID">`` cites again; None for others."""
    if not is_element(el) or el.tag != "a" or NOTEREF_CLASS not in classes(el):
        return None
    anchor = _fragment(el)
    if anchor is None:
        raise RenderError(_noteref_problem(el))
    return anchor


@dataclass(frozen=True)
class VocabularyProblem:
    """One element, class or link outside the vocabulary, and the rule it breaks."""

    tag: str
    name: str | None
    """The class outside the vocabulary; None when the element itself (or its link) is."""
    text: str
    """What is outside, as ``check_vocabulary`` words it: ``class "letterhead" on <div>``."""
    rule: str
    """What the vocabulary allows there, in one sentence."""

    @property
    def hint(self) -> str:
        """What to write instead, for a class; empty otherwise."""
        if self.name is None:
            return ""
        return (
            f'a class of your own begins with "{STYLE_ONLY_PREFIX}" '
            f'("{STYLE_ONLY_PREFIX}{self.name}"): such classes are free for styling '
            "and carry no role"
        )


def vocabulary_problems(root: lxml.html.HtmlElement) -> list[VocabularyProblem]:
    """Each element, class and link under ``root`` (inclusive) outside the vocabulary, once."""
    problems: list[VocabularyProblem] = []
    seen: set[str] = set()
    for el in root.iter():
        if not is_element(el):
            continue  # comments are not content; they never reach a document
        for problem in _element_problems(el):
            if problem.text not in seen:
                seen.add(problem.text)
                problems.append(problem)
    return problems


def check_vocabulary(root: lxml.html.HtmlElement) -> list[str]:
    """Each element and class under ``root`` (inclusive) that is outside the vocabulary."""
    return [problem.text for problem in vocabulary_problems(root)]


def require_vocabulary(root: lxml.html.HtmlElement) -> None:
    """Raise :class:`VocabularyError` naming everything under ``root`` outside the vocabulary."""
    problems = check_vocabulary(root)
    if problems:
        raise VocabularyError(problems)


def collapse_whitespace(text: str) -> str:
    """``text`` with each run of HTML white space (not no-break spaces) turned into one space."""
    return _HTML_SPACE.sub(" ", text)


def _element_problems(el: lxml.html.HtmlElement) -> list[VocabularyProblem]:
    tag = el.tag
    if tag not in ALLOWED_TAGS:
        rule = f"the elements are {', '.join(sorted(ALLOWED_TAGS))}"
        return [VocabularyProblem(tag, None, f"element <{tag}>", rule)]
    allowed = EXTRA_CLASSES.get(tag, frozenset())
    if tag in ROLE_TAGS:
        allowed = allowed | ROLE_CLASSES
    rule = (
        f"<{tag}> takes the class{'es' if len(allowed) > 1 else ''} "
        f"{', '.join(sorted(allowed))} and any beginning {STYLE_ONLY_PREFIX}"
        if allowed
        else f"<{tag}> takes only classes beginning {STYLE_ONLY_PREFIX}"
    )
    problems = [
        VocabularyProblem(tag, name, f'class "{name}" on <{tag}>', rule)
        for name in classes(el)
        if name not in allowed and not name.startswith(STYLE_ONLY_PREFIX)
    ]
    if tag == "a" and NOTEREF_CLASS in classes(el) and _fragment(el) is None:
        text = _noteref_problem(el)
        problems.append(VocabularyProblem(tag, None, text, "a noteref links to a footnote"))
    return problems


def _fragment(el: lxml.html.HtmlElement) -> str | None:
    """The id in ``href="#id"``; None for any other link."""
    href = (el.get("href") or "").strip()
    return unquote(href[1:]) if href.startswith("#") and len(href) > 1 else None


def _noteref_problem(el: lxml.html.HtmlElement) -> str:
    href = (el.get("href") or "").strip()[:80]
    return f'<a class="noteref" href="{href}"> (a noteref links to "#" and a footnote\'s id)'
