"""Safe cell text, safe output names and whole-file replacement."""

from __future__ import annotations

import hashlib
import os
import stat
from pathlib import Path

import pytest

from cpd_xl.errors import OutputError
from cpd_xl.writers.cells import (
    csv_text,
    is_formula_like,
    pages_wide,
    path_inside,
    replace_atomically,
    safe_file_name,
    safe_name_part,
    text_lines,
    write_text_atomically,
)


@pytest.mark.parametrize(
    "text, formula",
    [
        ("=1+1", True),
        ("+44 20 7946 0000", True),
        ("-5 hours", True),
        ("@SUM(A1)", True),
        ("\tHidden", True),
        ("\rHidden", True),
        ("Alice Able", False),
        ("a=b", False),
        ("", False),
    ],
)
def test_is_formula_like(text, formula):
    assert is_formula_like(text) is formula


@pytest.mark.parametrize(
    "value, cell",
    [
        ('=HYPERLINK("http://x.invalid")', '\'=HYPERLINK("http://x.invalid")'),
        ("-2", "'-2"),
        ("Bea", "Bea"),
        (None, ""),
        (3, "3"),
    ],
)
def test_csv_text_defuses_formulas(value, cell):
    assert csv_text(value) == cell


@pytest.mark.parametrize(
    "text, name",
    [
        ("AJA", "AJA"),
        ("../x", "_x"),
        ("AJA/../../etc", "AJA_etc"),
        ("..", "unnamed"),
        ("", "unnamed"),
        ("CON", "_CON"),
        ("nul", "_nul"),
        ("COM1.txt", "_COM1.txt"),
        ("LPT9", "_LPT9"),
        ("Console", "Console"),
        ('a<b>c:d"e|f?g*h', "a_b_c_d_e_f_g_h"),
        ("tab\there", "tab here"),
        ("new\nline", "new line"),
        ("nul\x00byte", "nul_byte"),
        ("C:\\Windows\\x", "C_Windows_x"),
        (" trailing dots... ", "trailing dots"),
        ("x" * 300, "x" * 120),
    ],
)
def test_safe_file_name(text, name):
    assert safe_file_name(text) == name


@pytest.mark.parametrize(
    "text", ["../x", "AJA/../../etc", "/etc/passwd", "..\\..\\x", "CON", ".", "~"]
)
def test_safe_names_stay_inside_the_folder(tmp_path, text):
    path = path_inside(tmp_path, safe_file_name(text) + ".xlsx")
    assert path.parent == tmp_path.resolve()


@pytest.mark.parametrize("name", ["../x.xlsx", "sub/x.xlsx", "/tmp/x.xlsx", ".."])
def test_path_inside_refuses_names_that_leave(tmp_path, name):
    with pytest.raises(OutputError, match="outside"):
        path_inside(tmp_path, name)


def test_an_existing_file_is_replaced_whole(tmp_path):
    target = tmp_path / "report.txt"
    target.write_text("old report\n")
    write_text_atomically(target, "new report\n")
    assert target.read_text() == "new report\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.txt"]


def test_a_failure_mid_write_leaves_the_old_file(tmp_path):
    target = tmp_path / "book.xlsx"
    target.write_bytes(b"the old workbook")

    def half_write(temp: Path) -> None:
        temp.write_bytes(b"half of a new")
        raise RuntimeError("disk full")

    with pytest.raises(RuntimeError, match="disk full"):
        replace_atomically(target, half_write)
    assert target.read_bytes() == b"the old workbook"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["book.xlsx"]


def test_the_temporary_file_is_beside_the_target(tmp_path):
    seen = []
    replace_atomically(tmp_path / "a.txt", lambda temp: seen.append(temp.parent))
    assert seen == [tmp_path]


@pytest.fixture
def umask():
    """Set a known umask for one test, and put the old one back."""
    old = os.umask(0o022)
    os.umask(old)
    yield os.umask
    os.umask(old)


@pytest.mark.parametrize(
    "mask, mode", [(0o022, 0o644), (0o027, 0o640), (0o002, 0o664), (0o077, 0o600)]
)
def test_a_written_file_has_the_mode_open_gives(tmp_path, umask, mask, mode):
    umask(mask)
    fresh = write_text_atomically(tmp_path / "fresh.txt", "text\n")
    old = tmp_path / "old.txt"
    old.write_text("last month\n")
    old.chmod(0o600)
    replaced = write_text_atomically(old, "this month\n")
    for path in (fresh, replaced):
        assert stat.S_IMODE(path.stat().st_mode) == mode


def test_a_workbook_has_the_mode_open_gives(tmp_path, umask):
    from writers_fixtures import make_results

    from cpd_xl.writers.academy import write_academy_book

    umask(0o027)
    path = write_academy_book(make_results(), "AJA", tmp_path / "AJA.xlsx")
    assert stat.S_IMODE(path.stat().st_mode) == 0o640


def _digest(text):
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:6]


@pytest.mark.parametrize(
    "text, part",
    [
        ("AJA", "AJA"),
        ("..", "academy-1"),
        ("...", "academy-1"),
        ("///", "academy-1"),
        ("", "academy-1"),
        ("a/b", "a_b"),
        ("x" * 60, "x" * 60),
        # 60 at most: 52 kept, then "…", a space and six hex digits.
        ("x" * 300, "x" * 52 + "… " + _digest("x" * 300)),
        ("x" * 299 + "y", "x" * 52 + "… " + _digest("x" * 299 + "y")),
    ],
)
def test_safe_name_part(text, part):
    assert safe_name_part(text, fallback="academy-1") == part


def test_a_shortened_name_stays_short_in_bytes():
    # Folders cap a name at 255 bytes; a CJK character takes three.
    part = safe_name_part("学" * 200, fallback="academy-1")
    assert len(part.encode("utf-8")) <= 120
    assert part.endswith("… " + _digest("学" * 200))


@pytest.mark.parametrize(
    "width, first, pages",
    [
        (100, 0, 1),
        (200, 0, 1),  # 140 units a page at 70% scale hold 200
        (201, 0, 2),
        (380, 20, 2),  # 380 + 20 for the first column again on page 2 = 400
        (381, 20, 3),
        (395, 5, 2),
        (395, 10, 3),
        (2000, 20, 3),  # never more than three across
    ],
)
def test_pages_wide(width, first, pages):
    assert pages_wide(width, first) == pages


@pytest.mark.parametrize(
    "text, width, lines",
    [
        (None, 10, 1),
        ("", 10, 1),
        ("short", 10, 1),
        # 40 units hold 47 characters: this 61-character title needs two lines.
        ("EAL: using pupils' first language in the mainstream classroom", 40, 2),
        ("one\ntwo\nthree", 40, 3),
        ("a" * 30, 10, 3),  # 10 units hold 11 characters; long words break
    ],
)
def test_text_lines(text, width, lines):
    assert text_lines(text, width) == lines
