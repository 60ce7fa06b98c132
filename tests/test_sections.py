"""The monthly report sections: compared with committed expected files.

The expected files in tests/expected/ were rendered from writers_fixtures at
its fixed generated time and then checked line by line against the figures
worked out by hand in that module's docstring. After a deliberate template
change, rewrite them with CPD_XL_UPDATE_EXPECTED=1 and review the diff.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from writers_fixtures import make_results

from cpd_xl.errors import OutputError
from cpd_xl.writers import write_report
from cpd_xl.writers.sections import render_sections

EXPECTED = Path(__file__).resolve().parent / "expected"


def expected_name(section) -> str:
    parts = [section.kind, section.academy, section.phase]
    return "-".join(p for p in parts if p) + "." + section.format


SECTIONS = render_sections(make_results())


def test_every_section_is_rendered_once():
    assert [expected_name(s) for s in SECTIONS] == [
        "head_of_school-AJA-EYFS.txt",
        "head_of_school-AJA-EYFS.html",
        "head_of_school-AJA-Primary.txt",
        "head_of_school-AJA-Primary.html",
        "principal-AJA.txt",
        "principal-AJA.html",
        "head_of_school-AMAB-Secondary.txt",
        "head_of_school-AMAB-Secondary.html",
        "principal-AMAB.txt",
        "principal-AMAB.html",
        "director.txt",
        "director.html",
    ]


@pytest.mark.parametrize("section", SECTIONS, ids=expected_name)
def test_section_matches_expected(section):
    path = EXPECTED / expected_name(section)
    if os.environ.get("CPD_XL_UPDATE_EXPECTED") == "1":
        path.write_text(section.text, encoding="utf-8")
    assert section.text == path.read_text(encoding="utf-8")


def test_the_primary_section_by_hand():
    text = (EXPECTED / "head_of_school-AJA-Primary.txt").read_text()
    # Alice met everything; the hostile name is in progress with
    # Differentiation, 1.8 hours short and inactive.
    for line in [
        "Staff counted: 2",
        "All mandatory courses met: 1 of 2 (50%)",
        "Meeting the hours rule (at least 1 hour per fortnight): 1 of 2 (50%)",
        "Logged in to the portal within the window: 1 of 2 (50%)",
        "Eligible for external training: 1",
        "- Differentiation in Practice: 1 of 2 met (50%), 1 in progress, 0 missing",
        '- =HYPERLINK("http://x.invalid","click"): CPD hours (short)',
    ]:
        assert line in text.splitlines()


def test_html_escapes_names_and_keeps_inline_styles():
    html = next(
        s.text
        for s in SECTIONS
        if s.kind == "head_of_school" and s.phase == "EYFS" and s.format == "html"
    )
    assert "&lt;b&gt;Bea&lt;/b&gt; Bold" in html
    assert "<b>Bea</b>" not in html
    assert "<style" not in html and "class=" not in html
    assert '<table border="1"' in html


def test_text_sections_are_not_escaped():
    text = next(
        s.text
        for s in SECTIONS
        if s.kind == "head_of_school" and s.phase == "EYFS" and s.format == "txt"
    )
    assert "- <b>Bea</b> Bold: Safeguarding Whole-School Update (missing)" in text


def test_own_templates_replace_shipped_ones_one_by_one(tmp_path):
    (tmp_path / "principal.txt.j2").write_text(
        "{{ academy }}: {{ total.mandatory_met }} of {{ total.staff }} "
        "({{ total.mandatory_share|percent }})\n"
    )
    (tmp_path / "principal.html.j2").write_text(
        "<p>{{ staff|length }} {{ staff[0].staff.name }}</p>\n"
    )
    sections = render_sections(make_results(), templates=tmp_path)
    mine = [s.text for s in sections if s.kind == "principal"]
    assert mine == [
        "AJA: 1 of 3 (33%)\n",
        "<p>3 &lt;b&gt;Bea&lt;/b&gt; Bold</p>\n",
        "AMAB: 1 of 2 (50%)\n",
        "<p>2 Carl Cole</p>\n",
    ]
    director = next(s for s in sections if s.kind == "director" and s.format == "txt")
    assert director.text == (EXPECTED / "director.txt").read_text()


def test_own_html_templates_are_escaped_too(tmp_path):
    (tmp_path / "head_of_school.html.j2").write_text(
        "{% for s in staff %}<td>{{ s.staff.name }}</td>{% endfor %}\n"
    )
    sections = render_sections(make_results(), templates=tmp_path)
    eyfs = next(
        s.text
        for s in sections
        if s.kind == "head_of_school" and s.phase == "EYFS" and s.format == "html"
    )
    # trim_blocks takes the newline after a block tag, as in the shipped ones.
    assert eyfs == "<td>&lt;b&gt;Bea&lt;/b&gt; Bold</td>"


@pytest.mark.parametrize(
    "source, line, words",
    [
        ("CPD\n\n{% for c in courses %}\n{{ c.course }\n{% endfor %}\n", 4, "syntax"),
        ("CPD\n{{ academy }}\n{{ no_such_variable }}\n", 3, "undefined"),
        ("CPD\n{{ total.staff / 0 }}\n", 2, "ZeroDivisionError"),
        ("{{ ''.__class__.__mro__ }}\n", 1, "SecurityError"),
    ],
)
def test_a_broken_template_names_itself_and_its_line(tmp_path, source, line, words):
    (tmp_path / "principal.txt.j2").write_text(source)
    with pytest.raises(OutputError) as caught:
        render_sections(make_results(), templates=tmp_path)
    message = str(caught.value)
    assert str(tmp_path / "principal.txt.j2") in message
    assert f"line {line}" in message
    assert words.lower() in message.lower()


def test_a_broken_template_replaces_no_output(tmp_path):
    out = tmp_path / "out"
    first = write_report(make_results(), out)
    before = {p: p.read_bytes() for p in first}
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "director.html.j2").write_text("{% if %}\n")
    with pytest.raises(OutputError):
        write_report(make_results(), out, templates=mine)
    assert {p: p.read_bytes() for p in first} == before
