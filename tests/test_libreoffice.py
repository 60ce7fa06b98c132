"""The academy workbook opens in a real spreadsheet program: LibreOffice.

Skipped when ``soffice`` is missing, unless CPD_XL_REQUIRE_SOFFICE=1 (as in
CI), when a missing LibreOffice fails the test instead.
"""

from __future__ import annotations

import os
import shutil
import subprocess

import pytest
from writers_fixtures import HOSTILE, make_results

from cpd_xl.writers.academy import write_academy_book

pytestmark = pytest.mark.slow

TIMEOUT = 120


def soffice() -> str:
    path = shutil.which("soffice") or shutil.which("libreoffice")
    if path is None:
        if os.environ.get("CPD_XL_REQUIRE_SOFFICE") == "1":
            pytest.fail("CPD_XL_REQUIRE_SOFFICE=1 but soffice is not on PATH")
        pytest.skip("LibreOffice (soffice) is not installed")
    return path


def convert(tmp_path, source, target: str) -> list:
    """Run soffice headless with a private profile; return the files it made."""
    out = tmp_path / "converted"
    out.mkdir(exist_ok=True)
    profile = (tmp_path / "profile").as_uri()
    subprocess.run(
        [
            soffice(),
            f"-env:UserInstallation={profile}",
            "--headless",
            "--norestore",
            "--convert-to",
            target,
            "--outdir",
            str(out),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=TIMEOUT,
    )
    return sorted(out.iterdir())


@pytest.fixture
def book(tmp_path):
    path = tmp_path / "AJA CPD.xlsx"
    write_academy_book(make_results(), "AJA", path)
    return path


def test_the_academy_workbook_converts_to_pdf(tmp_path, book):
    made = convert(tmp_path, book, "pdf")
    assert [p.name for p in made] == ["AJA CPD.pdf"]
    data = made[0].read_bytes()
    assert data.startswith(b"%PDF") and len(data) > 10_000


def test_libreoffice_reads_the_hostile_name_as_text(tmp_path, book):
    # Comma-separated, UTF-8 (76), quoted text, sheet 2: the Compliance sheet.
    options = "44,34,76,1,,0,false,true,false,false,false,2"
    made = convert(tmp_path, book, f"csv:Text - txt - csv (StarCalc):{options}")
    assert len(made) == 1
    text = made[0].read_text(encoding="utf-8")
    quoted = '"' + HOSTILE.replace('"', '""') + '"'
    assert f"{quoted},hostile@aja.example,Primary" in text
    assert ",click," not in text


def test_a_wide_compliance_sheet_prints_two_pages_across(tmp_path):
    """The name column is printed again on the second page across."""
    from test_writers_print import LONG, with_many_courses

    pdftotext = shutil.which("pdftotext")
    if pdftotext is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    path = tmp_path / "AJA CPD.xlsx"
    write_academy_book(with_many_courses(make_results()), "AJA", path)
    made = convert(tmp_path, path, "pdf")
    text = subprocess.run(
        [pdftotext, "-layout", str(made[0]), "-"],
        check=True,
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
    ).stdout
    pages = [p for p in text.split("\f") if ": Compliance" in p]
    # Alice's row: on the first page with her e-mail, on the second with what
    # she still owes, her name heading both.
    assert len(pages) == 2
    assert "alice@aja.example" in pages[0] and "alice@aja.example" not in pages[1]
    assert "What is still owed" in pages[1]
    assert all("Alice Able" in page for page in pages)
    summary = next(p for p in text.split("\f") if ": Summary" in p)
    # The long course name wraps in its cell: its last word is printed too.
    assert LONG.split()[0] in summary and "classroom" in summary
