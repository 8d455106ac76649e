"""What a template can reach: plain data, never a path, a file, a module, a class, the internals
of the Localizer or of the view, or a method that changes something.

The walk takes the real context of a letter (with a recipient and a sender), a briefing and a
legal draft, and follows every attribute the sandbox lets a template read and every item of a
list or mapping, eight steps deep. What it finds must be data of a known kind, and every
callable a vetted one: a new object in the context fails here until someone looks at it.
The generated variants then try, from every object that once led to a ``pathlib.Path``
(attack review, finding 1), every way of using one.
"""

from __future__ import annotations

import datetime as dt
import functools
import io
import os
import socket
import types
import warnings
from collections.abc import Iterator, Mapping
from pathlib import Path
from types import MappingProxyType, SimpleNamespace
from typing import Any

import pytest
from jinja2 import StrictUndefined
from jinja2.exceptions import SecurityError
from jinja2.sandbox import modifies_known_mutable
from markupsafe import Markup

from advocacy_docs import Renderer, load_case, load_recipients, load_senders
from advocacy_docs.case.types import Duration
from advocacy_docs.errors import TemplateError
from advocacy_docs.sandbox import TEMPLATE_ATTRIBUTES, DocumentSandbox, unreachable
from advocacy_docs.templating import TemplateEngine
from tests.hostile.guard import allowed_roots, assert_contained, watching

HERE = Path(__file__).parent
REDACTION = HERE / "fixtures" / "redaction"
EXAMPLES = HERE.parents[1] / "examples"
TODAY = dt.date(2026, 11, 27)
DEPTH = 8

# Values whose every public method is free of side effects.
_IMMUTABLE = (str, int, float, bool, bytes, tuple, frozenset, dt.date, dt.timedelta, Markup)
_CONTAINERS = (list, dict, set, MappingProxyType)
# Functions the view and the pipeline put into a context, reviewed: they compute text.
VETTED_FUNCTIONS = frozenset(
    {
        "advocacy_docs.i18n.etiquette.continue_sentence",
        "advocacy_docs.pipeline._unknown_code",
    }
)


def _qualified(obj: Any) -> str:
    return f"{getattr(obj, '__module__', '?')}.{getattr(obj, '__qualname__', '?')}"


def _type_name(obj: Any) -> str:
    return _qualified(type(obj))


def walk(context: Mapping[str, Any], env: DocumentSandbox) -> Iterator[tuple[str, Any]]:
    """Every object a template can reach from ``context`` through attributes and items."""
    seen: set[int] = set()
    todo: list[tuple[str, Any, int]] = [(name, value, 0) for name, value in context.items()]
    while todo:
        path, obj, depth = todo.pop()
        if id(obj) in seen or depth > DEPTH:
            continue
        seen.add(id(obj))
        yield path, obj
        if isinstance(obj, (str, int, float, bytes, type(None))):
            continue
        if isinstance(obj, Mapping):
            todo += [(f"{path}[{k!r}]", v, depth + 1) for k, v in obj.items()]
            continue
        if isinstance(obj, (list, tuple, set, frozenset)):
            todo += [(f"{path}[{i}]", v, depth + 1) for i, v in enumerate(obj)]
            continue
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # pydantic's deprecated attributes
            for name in dir(obj):
                if name.startswith("_"):
                    continue
                try:
                    value = getattr(obj, name)
                except Exception:  # a property that fails is no way through
                    continue
                if env.is_safe_attribute(obj, name, value):
                    todo.append((f"{path}.{name}", value, depth + 1))


def problems(context: Mapping[str, Any], env: DocumentSandbox) -> list[str]:
    """What in ``context`` a template should not be able to reach or call."""
    found: list[str] = []
    for path, obj in walk(context, env):
        name = _type_name(obj)
        if unreachable(obj) or isinstance(obj, io.IOBase):
            found.append(f"{path}: a {name}")
        elif name.startswith("advocacy_docs") and not any(
            _qualified(base) in TEMPLATE_ATTRIBUTES for base in type(obj).__mro__
        ):
            found.append(f"{path}: an internal {name}")
        if callable(obj) and env.is_safe_callable(obj) and not _vetted(obj):
            found.append(f"{path}: may call {_qualified(obj)} ({name})")
    return found


def _vetted(obj: Any) -> bool:
    if isinstance(obj, functools.partial):
        return _qualified(obj.func) in VETTED_FUNCTIONS
    owner = getattr(obj, "__self__", None)
    if isinstance(owner, types.ModuleType) or owner is None:
        return _qualified(obj) in VETTED_FUNCTIONS or type(obj).__module__ == "jinja2.runtime"
    if isinstance(owner, type):  # a class method of a value: date.fromisoformat, dict.fromkeys
        return issubclass(owner, (*_IMMUTABLE, *_CONTAINERS))
    if isinstance(owner, _IMMUTABLE):
        return True
    if isinstance(owner, _CONTAINERS):
        return not modifies_known_mutable(owner, obj.__name__)
    return any(_qualified(b) in TEMPLATE_ATTRIBUTES for b in type(owner).__mro__)


def _contexts(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, Any]]:
    """The contexts of a Ukrainian letter, an English briefing and an ECHR draft."""
    captured: list[dict[str, Any]] = []
    render = TemplateEngine.render

    def capture(self: TemplateEngine, kind: Any, context: Mapping[str, Any]) -> str:
        captured.append(dict(context))
        return render(self, kind, context)

    monkeypatch.setattr(TemplateEngine, "render", capture)
    renderer = Renderer()
    case = load_case(EXAMPLES / "cases" / "khamroev.yaml")
    recipient = next(
        r for r in load_recipients(EXAMPLES / "recipients" / "officials.yaml") if r.language == "uk"
    )
    sender = load_senders(EXAMPLES / "senders" / "campaigner.yaml")[0]
    renderer.render(case, kind="letter", locale="uk", fmt="html", recipient=recipient,
                    sender=sender, today=TODAY)  # fmt: skip
    renderer.render(case, kind="briefing", locale="en", fmt="html", sender=sender, today=TODAY)
    renderer.render(case, kind="echr-application", locale="en", fmt="html", today=TODAY)
    return captured


def test_nothing_a_template_can_reach_touches_files_or_changes_state(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    env = TemplateEngine().env
    assert isinstance(env, DocumentSandbox)
    contexts = _contexts(monkeypatch)
    assert len(contexts) >= 3
    reached = [obj for context in contexts for _, obj in walk(context, env)]
    kinds = {_type_name(obj) for obj in reached}
    # The walk goes deep: the view's texts, dates, the recipient's salutation are all in it.
    assert {"advocacy_docs.view.NameLocalized", "advocacy_docs.case.types.PartialDate"} <= kinds
    assert len(reached) > 500
    found = [p for context in contexts for p in problems(context, env)]
    assert found == []


def test_the_walk_finds_a_path_a_file_an_internal_object_and_a_partial() -> None:
    env = DocumentSandbox()
    with open(os.devnull, "rb") as handle:
        context = {
            "view": SimpleNamespace(folders=(Path("/"),), files=[handle]),
            "loose": {"writer": functools.partial(print, "x")},
            "sink": [1],
        }
        found = problems(context, env)
    assert any("view.folders[0]: a pathlib.PosixPath" in p for p in found), found
    assert any("view.files[0]" in p for p in found), found
    assert any("loose['writer']: may call" in p for p in found), found


# -- the sandbox itself, on objects no context should hold --------------------------------


def _objects() -> dict[str, Any]:
    return {
        "path": Path("/etc"),
        "module": os,
        "partial": functools.partial(print, Path("/etc")),
        "model": Duration(years=1),
        "sink": [1, 2],
        "table": {"a": 1},
        "socket_class": socket.socket,
    }


UNSAFE = [
    "path.read_text()",
    "path.joinpath('hostname').read_text()",
    "path.iterdir()|list",
    "path.home()",
    "path.open().read()",
    "path.write_text('x')",
    "path.unlink()",
    "path.stat()",
    "path.parent",
    "path|attr('parent')",
    "[path]|map(attribute='parent')|first",
    "'{0.parent}'.format(path)",
    "module.system('true')",
    "module.environ",
    "module.getcwd()",
    "partial.args",
    "partial.func",
    "partial.keywords",
    "model.parse_file('/etc/hostname')",
    "model.model_validate_json('{}')",
    "model.model_copy()",
    "model.schema()",
    "sink.append(3)",
    "sink.clear()",
    "sink.pop()",
    "table.update(b=2)",
    "table.clear()",
    "socket_class()",
    "model.years.__class__",
]


@pytest.mark.parametrize("expression", UNSAFE)
def test_the_sandbox_refuses_by_type(expression: str) -> None:
    env = DocumentSandbox(undefined=StrictUndefined)
    with pytest.raises(SecurityError):
        env.from_string("{{ " + expression + " }}").render(**_objects())


def test_the_sandbox_still_lets_data_and_jinja_work() -> None:
    env = DocumentSandbox()
    text = env.from_string(
        "{% set ns = namespace(n=0) %}{% for x in sink %}{% set ns.n = ns.n + x %}{% endfor %}"
        "{{ ns.n }} {{ model.years }} {{ table.items()|list }} {{ 'a-b'.split('-')|join }}"
        " {{ dict(a=1)['a'] }} {{ partial is defined }}"
    ).render(**_objects())
    assert text == "3 1 [('a', 1)] ab 1 True"


# -- generated variants of finding 1, through a real render --------------------------------

# Objects of the context that once led to a Path, an internal object or a file-reading method.
ROOTS = [
    "localizer.locale_dirs[0]",
    "localizer.locale_dirs",
    "localizer.etiquette().files[0]",
    "localizer.etiquette()",
    "localizer.missing()",
    "localizer._translations",
    "recipient.continue_sentence.args[0].files[0]",
    "recipient.continue_sentence.func",
    "recipient.continue_sentence.args",
    "person.name.person",
    "recipient.salutation._report",
    "notice_sink",
    "case.proceedings.verdict.sentence.total",
    # Printed whole, each of these would show its Python form: the folders it was loaded from.
    "localizer",
    "recipient.continue_sentence",
    "recipient",
    "sender",
    "case",
    "person",
    "photo",
]
USES = [
    ".read_text()",
    ".joinpath('/etc/hostname').read_text()",
    ".write_text('written by a template')",
    ".iterdir()|list",
    ".home()",
    ".parse_file('/etc/hostname')",
    ".append('not a notice')",
    ".clear()",
    "|attr('files')",
    "|string",
    "",
    "|pprint",
    " ~ ''",
    "|tojson",
    "|list",
]


def _evil(top: Path, body: str) -> Path:
    templates = top / "templates"
    kind = templates / "evil"
    kind.mkdir(parents=True)
    (kind / "kind.toml").write_text('title = "Evil"\nformats = ["html", "txt"]\n')
    (kind / "document.html.j2").write_text(
        '{% extends "partials/base.html.j2" %}{% block body %}<p>' + body + "</p>{% endblock %}"
    )
    return templates


@pytest.mark.parametrize("use", USES)
@pytest.mark.parametrize("root", ROOTS)
def test_no_variant_of_a_path_reaching_template_gets_out(
    root: str, use: str, tmp_path: Path
) -> None:
    renderer = Renderer(template_dirs=[_evil(tmp_path, "{{ " + root + use + " }}")])
    case = load_case(REDACTION / "case.yaml")
    recipient = load_recipients(REDACTION / "recipients.yaml")[0]
    sender = load_senders(REDACTION / "senders.yaml")[0]
    with watching() as activity:
        try:
            out = renderer.render(case, kind="evil", fmt="txt", locale="en",
                                  recipient=recipient, sender=sender, today=TODAY)  # fmt: skip
        except TemplateError as exc:
            assert "evil" in str(exc)
            text = ""
        else:
            text = out.data.decode("utf-8")
    assert_contained(activity, allowed_roots(renderer, [case.base_dir]))
    for leak in ("/etc", "PosixPath", str(HERE.parents[1]), "Etiquette(", "written by"):
        assert leak not in text, text[-300:]


@pytest.mark.parametrize("char", ["\\x1b", "\\x00", "\\x0b", "\\ufffe"])
@pytest.mark.parametrize("fmt", ["txt", "html"])
def test_a_control_character_a_template_prints_is_a_template_error(
    char: str, fmt: str, tmp_path: Path
) -> None:
    renderer = Renderer(template_dirs=[_evil(tmp_path, '{{ "a' + char + '[2Jb" }}')])
    case = load_case(REDACTION / "case.yaml")
    with pytest.raises(TemplateError) as caught:
        renderer.render(case, kind="evil", fmt=fmt, locale="uk", today=TODAY)
    assert "evil" in str(caught.value) and "control character" in str(caught.value)
