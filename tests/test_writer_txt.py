"""Plain text read back: wrapping, lists, notes, fields, and vocabulary checks."""

from __future__ import annotations

import pytest

from advocacy_docs.errors import RenderError
from advocacy_docs.writers.txt import WIDTH, render_text


def doc(body: str) -> str:
    return f'<!DOCTYPE html><html lang="en"><head><title>t</title></head><body>{body}</body></html>'


def test_paragraphs_wrap_and_keep_explicit_breaks() -> None:
    long = "word " * 60
    text = render_text(
        doc(f'<div class="sender"><p>Alex<br>10 Example\n Street</p></div><p>{long}</p>')
    )
    lines = text.splitlines()
    assert lines[:2] == ["Alex", "10 Example Street"]
    assert all(len(line) <= WIDTH for line in lines)
    assert len([line for line in lines if line.startswith("word")]) >= 4


def test_lists_restart_nest_and_hang() -> None:
    html = doc(
        "<ol><li>one<ul><li>sub</li></ul></li><li>" + "two " * 30 + "</li></ol>"
        '<ol start="5"><li>five</li></ol>'
    )
    lines = render_text(html).splitlines()
    assert lines[0] == "1. one" and lines[1] == "   - sub"
    assert lines[2].startswith("2. two") and lines[3].startswith("   two")
    assert "5. five" in lines


def test_notes_fields_links_and_headings() -> None:
    html = doc(
        '<h1>Title</h1><p>Fact<span class="footnote">KHPG, 30 May 2023</span> by '
        '<span class="field">applicant address</span>, see '
        '<a href="https://khpg.org/en/">KHPG</a>.</p><div class="page-break"></div><p>next</p>'
    )
    text = render_text(html)
    assert "Title\n=====" in text
    assert "Fact[1] by [applicant address], see KHPG <https://khpg.org/en/>." in text
    assert text.rstrip().endswith("[1] KHPG, 30 May 2023")
    assert "\f" in text


def test_a_source_cited_again_prints_its_note_number() -> None:
    html = doc(
        '<p>Detained<span class="footnote" id="khpg">KHPG, 30 May 2023</span>, sentenced'
        '<span class="footnote">Memorial</span>, appealed<a class="noteref" href="#khpg">1</a>.'
        "</p>"
    )
    text = render_text(html)
    assert "Detained[1], sentenced[2], appealed[1]." in text
    assert text.rstrip().endswith("[1] KHPG, 30 May 2023\n[2] Memorial")
    assert "#khpg" not in text


def test_noteref_to_a_note_not_seen_yet_prints_the_number_written() -> None:
    text = render_text(doc('<p>See<a class="noteref" href="#later">3</a>.</p>'))
    assert "See[3]." in text


def test_no_break_spaces_survive() -> None:
    assert "ст.\u00a0205.2" in render_text(doc("<p>ст.\u00a0205.2</p>"))


def test_table_columns() -> None:
    text = render_text(
        doc(
            "<table><thead><tr><th>Born</th><th>Court</th></tr></thead>"
            "<tbody><tr><td>1963</td><td>Military</td></tr></tbody></table>"
        )
    )
    assert text.splitlines()[:3] == ["Born | Court", "-----+---------", "1963 | Military"]


@pytest.mark.parametrize(
    "body", ["<script>x</script>", '<p class="evil">x</p>', "<iframe></iframe>"]
)
def test_outside_the_vocabulary_is_an_error(body: str) -> None:
    with pytest.raises(RenderError):
        render_text(doc(body))
