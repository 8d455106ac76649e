"""A user template that tries to leave the sandbox: Python internals, files outside the template
folders (absolute, ``../``, symlinked), or a crash. Each is a TemplateError naming the template
(and its line where there is one), and nothing outside the allowed folders is read.

tests/test_templating.py::test_sandbox_blocks_escape_attempts covers four classic escapes; these
are the rest of the corpus.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from advocacy_docs import Renderer, load_case
from advocacy_docs.errors import InputError, TemplateError
from tests.hostile.guard import allowed_roots, assert_contained, system_roots, watching

REDACTION = Path(__file__).parent / "fixtures" / "redaction"
TODAY = dt.date(2026, 11, 27)

BODY = {
    # Python internals
    "str.format": ("{{ '{0.__class__.__init__.__globals__}'.format(person) }}", "sandbox"),
    "attr filter": ("{{ person|attr('__class__') }}", "sandbox"),
    "lipsum globals": ("{{ lipsum.__globals__ }}", "sandbox"),
    "self reference": ("{{ self.__init__.__globals__ }}", "sandbox"),
    "namespace": ("{{ namespace.__init__.__globals__ }}", "sandbox"),
    "bound method": ("{{ localizer.gettext.__self__ }}", "sandbox"),
    "class hierarchy": ("{{ ().__class__.__bases__[0].__subclasses__() }}", "sandbox"),
    "format filter": ("{{ '%s'|format(person.__init__) }}", "sandbox"),
    "object dict": ("{{ case.__dict__ }}", "sandbox"),
    "set an attribute": ("{{ localizer.__setattr__('lang', 'xx') }}", "sandbox"),
    "private attribute": ("{{ localizer._translations }}", "sandbox"),
    "Flask's config": ("{{ config.items() }}", "'config' is undefined"),
    # files
    "include /etc/passwd": ('{% include "/etc/passwd" %}', "not found"),
    "include ../": ('{% include "../../../../../etc/passwd" %}', "not found"),
    "import /proc": ('{% import "/proc/self/environ" as env %}', "not found"),
    "include a symlinked file": ('{% include "evil/secret.txt" %}', "outside the template"),
    "include from a symlinked folder": ('{% include "evil/out/secret.txt" %}', "outside"),
    # failures
    "a range too big": ("{% for i in range(10**9) %}{% endfor %}", "document.html.j2:1"),
    "division by zero": ("{{ 1 / 0 }}", "ZeroDivisionError"),
    "a number too long to print": ("{{ 2 ** 20000 }}", "the template failed"),
    "wrong types": ("{{ person.name + 1 }}", "the template failed"),
}


def _evil(top: Path, body: str) -> Path:
    templates = top / "templates"
    kind = templates / "evil"
    kind.mkdir(parents=True)
    (kind / "kind.toml").write_text('title = "Evil"\nformats = ["html", "txt"]\n')
    (kind / "document.html.j2").write_text(
        '{% extends "partials/base.html.j2" %}{% block body %}<p>' + body + "</p>{% endblock %}"
    )
    (top / "secret.txt").write_text("the lawyer's phone number")
    (kind / "secret.txt").symlink_to(top / "secret.txt")
    (kind / "out").symlink_to(top, target_is_directory=True)
    return templates


@pytest.mark.parametrize("name", sorted(BODY))
def test_template_escape_attempt_is_a_template_error(name: str, tmp_path: Path) -> None:
    body, expected = BODY[name]
    renderer = Renderer(template_dirs=[_evil(tmp_path, body)])
    case = load_case(REDACTION / "case.yaml")
    with watching() as activity, pytest.raises(TemplateError) as caught:
        renderer.render(case, kind="evil", fmt="html", today=TODAY)
    assert_contained(activity, allowed_roots(renderer, [case.base_dir]))
    message = str(caught.value)
    assert expected in message and "evil" in message, message
    assert "lawyer's phone" not in message


def test_a_kind_manifest_symlinked_out_is_refused_unread(tmp_path: Path) -> None:
    templates = tmp_path / "templates"
    (templates / "evil").mkdir(parents=True)
    (tmp_path / "secret.toml").write_text('title = "the lawyer\'s phone number: +7 000"\n')
    (templates / "evil" / "kind.toml").symlink_to(tmp_path / "secret.toml")
    with watching() as activity, pytest.raises(InputError) as caught:
        Renderer(template_dirs=[templates]).kinds()
    assert_contained(activity, [templates, *system_roots()])
    assert "kind.toml" in str(caught.value) and "outside" in str(caught.value)
