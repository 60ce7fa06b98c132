"""Safe cell text, safe output names and whole-file replacement."""

from __future__ import annotations

from pathlib import Path

import pytest

from cpd_xl.errors import OutputError
from cpd_xl.writers.cells import (
    csv_text,
    is_formula_like,
    path_inside,
    replace_atomically,
    safe_file_name,
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
