"""What a template may touch: plain data, never an object that reaches files or changes state.

Jinja's sandbox refuses attributes that start with ``_`` and a few known internals; any other
public attribute and method of anything in the context is open to a template. This sandbox
keeps the rest closed as well, by type, so that an object added to the context later cannot
open a way out:

- path-like objects (``pathlib.Path``, ``os.DirEntry``), files, sockets and anything else with
  a file descriptor, modules and classes are never reachable: no attribute of them is read, no
  attribute that holds one is read, and none of their methods is called;
- ``functools.partial`` objects may be called, but their ``func``, ``args`` and ``keywords``
  (what they were made from) are not readable;
- lists, dicts and sets cannot be changed (Jinja's immutable sandbox: no ``append``, no
  ``clear``), so a template cannot edit the notices or the data other templates see;
- an object of a type of advocacy-docs, or any pydantic model, shows only what
  :data:`TEMPLATE_ATTRIBUTES` lists for its type (and a model its fields): a Localizer its
  formatting methods, not its folders or its etiquette data; a model not ``parse_file``;
- what a template prints (``{{ … }}``) is text: a string, a number, or an object made to be
  printed (markup, a localized text, a date). Printing anything else (a Localizer, a function,
  a list, a model) would print its Python form, with the folders and data it holds: a
  :class:`SecurityError`.
"""

from __future__ import annotations

import functools
import io
import os
import types
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from jinja2.exceptions import SecurityError
from jinja2.sandbox import ImmutableSandboxedEnvironment
from jinja2.utils import Cycler, Joiner, Namespace
from pydantic import BaseModel

_STR_ATTRIBUTES = frozenset(a for a in dir(str) if not a.startswith("_"))

TEMPLATE_ATTRIBUTES: Mapping[str, frozenset[str]] = {
    "advocacy_docs.i18n.Localizer": frozenset(
        {
            *("lang", "chain", "name", "gettext", "ngettext", "pgettext", "npgettext"),
            *("date", "date_phrase", "pronoun", "duration", "authorities_of", "nationality"),
            *("ordinal", "slot_case", "list", "number", "country", "language_name"),
            *("plural_category", "plural_index", "continued_list_items", "date_words"),
            *("typeset", "has_typography"),
        }
    ),
    "advocacy_docs.view.Localized": _STR_ATTRIBUTES | {"lang", "doc_lang", "field", "forms"},
    "advocacy_docs.view.NameLocalized": _STR_ATTRIBUTES
    | {"lang", "doc_lang", "field", "forms", "gender"},
    "advocacy_docs.case.types.PartialDate": frozenset(
        {"year", "month", "day", "precision", "earliest", "latest", "as_date", "isoformat"}
    ),
    "advocacy_docs.case.types.Duration": frozenset({"is_zero"}),
    "advocacy_docs.notices.Notice": frozenset({"code", "message", "field", "locale", "used"}),
    "advocacy_docs.view._Continue": frozenset(),  # recipient.continue_sentence: called only
}
"""What templates may read of each advocacy-docs type (by ``module.QualifiedName``; a subclass
that is not listed gets its nearest listed base's). A type of advocacy-docs that is not listed
shows nothing."""


def _name(cls: type) -> str:
    return f"{cls.__module__}.{cls.__qualname__}"


def _ours(cls: type) -> bool:
    return cls.__module__ == "advocacy_docs" or cls.__module__.startswith("advocacy_docs.")


_allowed: dict[type, frozenset[str] | None] = {}


def allowed_attributes(cls: type) -> frozenset[str] | None:
    """The attributes a template may read on an instance of ``cls``; None: Jinja's own rules."""
    if cls not in _allowed:
        _allowed[cls] = _attributes(cls)
    return _allowed[cls]


def _attributes(cls: type) -> frozenset[str] | None:
    listed: frozenset[str] | None = None
    for base in cls.__mro__:
        if _name(base) in TEMPLATE_ATTRIBUTES:
            listed = TEMPLATE_ATTRIBUTES[_name(base)]
            break
    if issubclass(cls, BaseModel):
        return (listed or frozenset()) | frozenset(cls.model_fields)
    if _ours(cls):
        return listed or frozenset()
    return listed


def _has_descriptor(cls: type) -> bool:
    # Files, sockets, mmaps, pipes: anything that hands out an operating system descriptor.
    return callable(getattr(cls, "fileno", None))


def unreachable(value: Any) -> bool:
    """True for an object no template may hold: a path, a file, a module or a class."""
    cls: Any = type(value)  # a class is hashable, whatever typeshed says of type[Any]
    return _unreachable_type(cls)


@functools.cache
def _unreachable_type(cls: type) -> bool:
    # By type, once per type: the sandbox asks for every attribute a template reads, and
    # isinstance() against the abstract PathLike and IOBase costs more than the read itself.
    # (Both decide by the class alone, as do the module and class checks.)
    if issubclass(cls, (os.PathLike, io.IOBase, types.ModuleType, type)):
        return True
    return _has_descriptor(cls)


_CALLABLE_CLASSES = frozenset({dict, Cycler, Joiner, Namespace})
"""The classes of Jinja's own globals, which templates call."""


_PRINTABLE = (str, int, float, Decimal)


def printable(value: Any) -> Any:
    """``value`` if a template may print it (the environment's ``finalize``), else
    SecurityError: text, numbers, objects of types made to be printed, and lists, tuples
    and mappings of plain values."""
    if _printable(value, 3):
        return value
    raise SecurityError(f"a template cannot print {_kind(value)}: print its text or fields")


def _printable(value: Any, depth: int) -> bool:
    if value is None or isinstance(value, _PRINTABLE) or hasattr(value, "__html__"):
        return True
    cls = type(value)
    if isinstance(value, (list, tuple, set, frozenset)):
        return depth > 0 and all(_plain(v, depth - 1) for v in value)
    if isinstance(value, Mapping):
        return depth > 0 and all(_plain(k, 0) and _plain(v, depth - 1) for k, v in value.items())
    # A localized text, a date, a duration: its own __str__ is its text.
    return any(_ours(base) and "__str__" in vars(base) for base in cls.__mro__)


def _plain(value: Any, depth: int) -> bool:
    """A value a printed list or mapping may hold (its repr is its text)."""
    if value is None or isinstance(value, (bool, int, float, Decimal)):
        return True
    if isinstance(value, str):
        return True
    return isinstance(value, (list, tuple, Mapping)) and _printable(value, depth)


def _kind(value: Any) -> str:
    if callable(value):
        return "a function or a method"
    return f"a {type(value).__name__} object"


_VERDICTS_KEPT = 50_000
"""How many attribute verdicts a sandbox remembers (types × names: a few hundred in practice)."""


class DocumentSandbox(ImmutableSandboxedEnvironment):
    """Jinja's immutable sandbox, refusing by type what :mod:`advocacy_docs.sandbox` says."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("finalize", printable)
        super().__init__(*args, **kwargs)
        self._attribute_verdicts: dict[tuple[type, str, type], bool] = {}

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        """Whether a template may read ``obj.attr`` (whose value is ``value``)."""
        # Every rule here and in Jinja's sandbox decides by the types of the object and of the
        # value and by the name alone: decided once per such triple (a letter reads hundreds).
        key = (type(obj), attr, type(value))
        verdict = self._attribute_verdicts.get(key)
        if verdict is None:
            verdict = self._attribute_verdict(obj, attr, value)
            if len(self._attribute_verdicts) < _VERDICTS_KEPT:
                self._attribute_verdicts[key] = verdict
        return verdict

    def _attribute_verdict(self, obj: Any, attr: str, value: Any) -> bool:
        if not super().is_safe_attribute(obj, attr, value):
            return False
        if unreachable(obj) or unreachable(value) or isinstance(obj, functools.partial):
            return False
        allowed = allowed_attributes(type(obj))
        return allowed is None or attr in allowed

    def is_safe_callable(self, obj: Any) -> bool:
        """Whether a template may call ``obj``: Jinja's own classes (``namespace()``, ``dict()``),
        functions, and methods its owner's type shows (not a model's ``parse_file``)."""
        if not super().is_safe_callable(obj):
            return False
        if isinstance(obj, type):
            return obj in _CALLABLE_CLASSES
        if unreachable(obj):
            return False
        owner = getattr(obj, "__self__", None)
        if owner is None:
            return True  # a function: a macro, a gettext callable, one the view made
        if isinstance(owner, types.ModuleType):
            return owner.__name__ == "builtins"
        if isinstance(owner, type):
            cls = owner  # a class method: dict.fromkeys, a model's parse_file
        elif unreachable(owner) or isinstance(owner, functools.partial):
            return False
        else:
            cls = type(owner)
        allowed = allowed_attributes(cls)
        return allowed is None or getattr(obj, "__name__", "") in allowed
