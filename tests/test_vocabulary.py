"""The shared HTML vocabulary: what templates may write, and what every writer refuses."""

from __future__ import annotations

import pytest

from advocacy_docs.errors import RenderError
from advocacy_docs.writers.vocabulary import (
    ALLOWED_TAGS,
    ROLE_CLASSES,
    VocabularyError,
    block_role,
    check_vocabulary,
    collapse_whitespace,
    noteref_target,
    parse_document,
    require_vocabulary,
)

LETTER = """<!DOCTYPE html>
<html lang="uk"><head><meta charset="utf-8"><title>Лист</title><style>p {}</style></head>
<body>
<div class="sender"><p>Ім'я<br>Адреса</p></div>
<p class="date x-right">1 січня 2024</p>
<h1 class="title">Звернення</h1>
<section class="summary"><p>Коротко <span class="field">дата</span>
<span class="footnote" id="src">Джерело</span> <span lang="en">words</span>
<a class="noteref" href="#src">1</a></p></section>
<ol start="2"><li>a<ul><li>b</li></ul></li></ol>
<table><thead><tr><th>A</th></tr></thead><tbody><tr><td>1</td></tr></tbody></table>
<figure><img src="data:image/png;base64,AA==" alt=""><figcaption>c</figcaption></figure>
<blockquote><p><a href="https://example.org">x</a> <strong>y</strong> <em>z</em></p></blockquote>
<div class="page-break"></div>
<!-- a comment is not content -->
</body></html>"""


def test_parse_document_returns_the_body() -> None:
    body = parse_document(LETTER)
    assert body.tag == "body"
    assert body.getroottree().getroot().get("lang") == "uk"


def test_parse_document_wraps_a_fragment_in_a_body() -> None:
    body = parse_document("<p>only a paragraph</p>")
    assert body.tag == "body"
    assert body[0].tag == "p"


def test_parse_document_refuses_an_empty_document() -> None:
    with pytest.raises(RenderError):
        parse_document("  \n ")


def test_a_document_inside_the_vocabulary_has_no_problems() -> None:
    root = parse_document(LETTER).getroottree().getroot()
    assert check_vocabulary(root) == []
    require_vocabulary(root)


def test_every_role_class_is_allowed_on_div_p_span_and_section() -> None:
    for tag in ("div", "p", "span", "section"):
        html = "".join(f'<{tag} class="{role}">x</{tag}>' for role in sorted(ROLE_CLASSES))
        assert check_vocabulary(parse_document(html)) == [], tag


def test_unknown_elements_are_named() -> None:
    body = parse_document("<p>x</p><script>alert(1)</script><iframe src='x'></iframe>")
    assert check_vocabulary(body) == ["element <script>", "element <iframe>"]


def test_script_in_head_is_found_when_checking_the_whole_document() -> None:
    body = parse_document("<html><head><script>x</script></head><body><p>x</p></body></html>")
    assert check_vocabulary(body) == []
    assert check_vocabulary(body.getroottree().getroot()) == ["element <script>"]


def test_unknown_classes_are_named_once_each() -> None:
    body = parse_document('<p class="bogus">a</p><p class="bogus">b</p><span class="x-ok">c</span>')
    assert check_vocabulary(body) == ['class "bogus" on <p>']


def test_role_classes_belong_on_role_elements_only() -> None:
    body = parse_document('<ol><li class="numbered">a</li></ol><h2 class="title">t</h2>')
    assert check_vocabulary(body) == ['class "numbered" on <li>', 'class "title" on <h2>']


def test_style_only_classes_are_allowed_anywhere() -> None:
    body = parse_document('<table class="x-wide"><tr><td class="x-num">1</td></tr></table>')
    assert check_vocabulary(body) == []


def test_require_vocabulary_raises_a_render_error_listing_everything() -> None:
    body = parse_document('<p class="nope">a</p><marquee>b</marquee>')
    with pytest.raises(VocabularyError) as raised:
        require_vocabulary(body)
    assert isinstance(raised.value, RenderError)
    assert raised.value.problems == ['class "nope" on <p>', "element <marquee>"]
    assert "marquee" in str(raised.value) and "nope" in str(raised.value)


def test_block_role_is_the_first_role_class() -> None:
    body = parse_document(
        '<p class="x-big numbered small">a</p><p class="x-only">b</p><p>c</p>'
        '<span class="field">d</span>'
    )
    paragraphs = body.findall("p")
    assert block_role(paragraphs[0]) == "numbered"
    assert block_role(paragraphs[1]) is None
    assert block_role(paragraphs[2]) is None
    assert block_role(body.find("span")) == "field"


def test_block_role_of_a_comment_is_none() -> None:
    body = parse_document("<p>a</p><!-- note -->")
    comment = body[-1]
    assert block_role(comment) is None


def test_collapse_whitespace_keeps_no_break_spaces() -> None:
    assert collapse_whitespace("a \n\t b\u00a0\u00a0c") == "a b\u00a0\u00a0c"


def test_the_vocabulary_is_the_one_in_the_design() -> None:
    assert {"h1", "h2", "h3", "p", "ol", "ul", "li", "table", "img", "figure"} <= ALLOWED_TAGS
    assert "script" not in ALLOWED_TAGS
    assert {"sender", "recipient", "numbered", "page-break", "field", "footnote"} <= ROLE_CLASSES


def test_noteref_cites_a_footnote_again_by_its_id() -> None:
    body = parse_document(
        '<p>a<span class="footnote" id="khpg-2023">KHPG</span> b'
        '<a class="noteref x-small" href="#khpg-2023">1</a> '
        '<a href="#khpg-2023">plain</a> <a class="noteref" href="#%D0%B4%D0%B6">2</a></p>'
    )
    assert check_vocabulary(body) == []
    links = body.findall(".//a")
    assert [noteref_target(a) for a in links] == ["khpg-2023", None, "дж"]
    assert noteref_target(body.find(".//span")) is None


def test_noteref_belongs_on_a_and_links_to_an_id() -> None:
    body = parse_document(
        '<p><span class="noteref">1</span> <a class="noteref" href="https://x.org">2</a>'
        ' <a class="noteref">3</a></p>'
    )
    problems = check_vocabulary(body)
    assert problems[0] == 'class "noteref" on <span>'
    assert [p for p in problems[1:] if "noteref" in p and "<a" in p] == problems[1:]
    assert len(problems) == 3
    with pytest.raises(RenderError, match="noteref"):
        noteref_target(body.findall(".//a")[0])
