"""A Babel extraction method for our Jinja templates that keeps gender contexts.

Templates make verbs and adjectives agree with a person by passing the person's gender as the
message context: ``pgettext(person.gender, "was sentenced")``. Jinja's own extractor sees no
string literal there and extracts the message without a context, so translators could give only
one form. This extractor emits such a message once per context of ``GENDER_CONTEXTS`` instead
(msgctxt "male", "female", "unspecified"); calls with a literal context pass through unchanged.

Used from ``babel.cfg``::

    [extractors]
    jinja2_gender = advocacy_docs.i18n.extract:extract_jinja

    [jinja2_gender: templates/**.j2]
    extensions = jinja2.ext.i18n
    trimmed = true
    newstyle_gettext = true
"""

from __future__ import annotations

from collections.abc import Collection, Iterator, Mapping
from typing import Any, BinaryIO

from jinja2.ext import babel_extract

from .catalog import GENDER_CONTEXTS

# Functions whose first argument is the msgctxt (Babel's default keywords agree).
_CONTEXT_FUNCTIONS = frozenset({"pgettext", "npgettext"})

GENDER_COMMENT = (
    "msgctxt is the grammatical gender of the person the sentence is about "
    "(male, female or unspecified): make the words agree with it."
)

Message = str | None | tuple[str | None, ...]


def _comment_tags(comment_tags: Collection[str], options: Mapping[str, Any]) -> list[str]:
    # Babel >= 2.17 merges a section's `add_comments` option into comment_tags itself; older
    # versions pass it through in options as a string, which we honour the same way.
    tags = list(comment_tags)
    extra = options.get("add_comments")
    if isinstance(extra, str):
        extra = extra.split(",")
    for tag in extra or ():
        tag = str(tag).strip()
        if tag and tag not in tags:
            tags.append(tag)
    return tags


def extract_jinja(
    fileobj: BinaryIO,
    keywords: Collection[str],
    comment_tags: Collection[str],
    options: Mapping[str, Any],
) -> Iterator[tuple[int, str, Message, list[str]]]:
    """Extract messages from a Jinja template, one per gender context for variable contexts."""
    jinja_options = {k: v for k, v in options.items() if k != "add_comments"}
    results = babel_extract(
        fileobj, list(keywords), _comment_tags(comment_tags, options), jinja_options
    )
    for lineno, funcname, message, comments in results:
        if (
            funcname in _CONTEXT_FUNCTIONS
            and isinstance(message, tuple)
            and len(message) >= 2
            and message[0] is None
            and message[1] is not None
        ):
            for gender in GENDER_CONTEXTS:
                # Babel may strip comment tags in place: give each entry its own list.
                yield lineno, funcname, (gender, *message[1:]), [*comments, GENDER_COMMENT]
        else:
            yield lineno, funcname, message, comments
