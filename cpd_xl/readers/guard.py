"""A pre-flight look at a file's bytes before any spreadsheet parser sees them.

:func:`inspect` tells the real format from magic bytes rather than the name,
and refuses, with a message naming the file and what to do, anything that
would crash, hang or exhaust memory further on: empty and damaged files,
password-protected workbooks, zip bombs, XML declaring a DOCTYPE (entity
expansion, external entities) and sheets whose cells lie so far apart that
the parser would have to allocate a grid of billions of cells.

Every check is bounded: parts are read as streams in chunks, an XML prolog
is read only up to its root element, and nothing is held whole in memory.
"""

from __future__ import annotations

import html
import posixpath
import re
import zipfile
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError
from ..findings import finding
from ..model import Finding, Source

MIB = 1024 * 1024


@dataclass(frozen=True, slots=True)
class Limits:
    """The sizes past which a file is refused rather than read."""

    max_file_bytes: int = 100 * MIB
    max_uncompressed_bytes: int = 512 * MIB
    max_ratio: float = 100.0
    # Small parts compress far better than data (styles, repeated markup), so
    # the ratio is only held against parts at least this big once inflated.
    ratio_floor_bytes: int = 1 * MIB
    max_rows_per_sheet: int = 1_048_576
    max_columns: int = 16_384
    max_cells_per_sheet: int = 20_000_000
    max_parts: int = 10_000
    max_prolog_bytes: int = 64 * 1024


LIMITS = Limits()

PASSWORD_HELP = (
    "open it with its password and save a copy without one (Excel: File > Info > "
    "Protect Workbook > Encrypt with Password, clear the box; LibreOffice: "
    "File > Save As, untick Save with password)"
)

# Formats inspect() hands on to a reader; sniff() may also say "encrypted",
# "xml2003", "damaged", "empty" or "unknown".
READABLE = ("xlsx", "xlsm", "xlsb", "xls", "ods", "csv", "html")


@dataclass(frozen=True, slots=True)
class FileFormat:
    """What a file's bytes say it is, and what told it."""

    kind: str
    reason: str


class FileRefused(InputError):
    """A file refused before parsing; ``code`` is the finding code to report."""

    def __init__(self, message: str, code: str = "unreadable-file") -> None:
        super().__init__(message)
        self.code = code


_ZIP = (b"PK\x03\x04", b"PK\x05\x06")
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_BINARY = (
    (b"%PDF", "a PDF document"),
    (b"\x89PNG", "a PNG picture"),
    (b"\xff\xd8\xff", "a JPEG picture"),
    (b"GIF8", "a GIF picture"),
    (b"{\\rtf", "an RTF document"),
)
_MAIN_TYPES = (
    (b"spreadsheetml.sheet.main+xml", "xlsx"),
    (b"spreadsheetml.template.main+xml", "xlsx"),
    (b"ms-excel.sheet.macroEnabled.main+xml", "xlsm"),
    (b"ms-excel.template.macroEnabled.main+xml", "xlsm"),
    (b"ms-excel.sheet.binary.macroEnabled.main", "xlsb"),
    (b"ms-excel.addin.macroEnabled.main+xml", "xlsm"),
)
_OTHER_OFFICE = (
    (b"wordprocessingml", "a Word document"),
    (b"presentationml", "a PowerPoint presentation"),
)
_ODS_MIME = b"application/vnd.oasis.opendocument.spreadsheet"
# What zipfile raises for a damaged archive (RuntimeError: an encrypted part;
# its subclass NotImplementedError: a compression method it lacks).
_ZIP_FAULTS = (
    zipfile.BadZipFile,
    zipfile.LargeZipFile,
    zlib.error,
    EOFError,
    OSError,
    ValueError,
    RuntimeError,
)
_CHUNK = 1 * MIB
_OVERLAP = 32


def sniff(path) -> str:
    """The real format of a file from its bytes, whatever its name says."""
    return identify(path).kind


def identify(path) -> FileFormat:
    """The real format of a file and the evidence for it."""
    path = Path(path)
    with path.open("rb") as handle:
        head = handle.read(8192)
    if not head:
        return FileFormat("empty", "the file is empty (0 bytes)")
    if head.startswith(_ZIP):
        return _identify_zip(path)
    if head.startswith(_OLE):
        return _identify_ole(path, head)
    for magic, what in _BINARY:
        if head.startswith(magic):
            return FileFormat("unknown", f"it is {what}")
    text = _head_text(head)
    if text is None:
        return FileFormat("unknown", "it holds binary data of no known kind")
    start = text.lstrip("\ufeff \t\r\n").lower()
    if start.startswith("<?xml"):
        if "urn:schemas-microsoft-com:office:spreadsheet" in start or (
            "excel.sheet" in start
        ):
            return FileFormat("xml2003", "it is an Excel 2003 XML spreadsheet")
        if "<html" not in start[:4096]:
            return FileFormat("unknown", "it is an XML file that is not a spreadsheet")
    if start.startswith(("<!doctype html", "<html")) or re.search(
        r"<(?:html|table)\b", start[:4096]
    ):
        return FileFormat("html", "it is a web page (HTML) holding a table")
    return FileFormat("csv", "it is plain text")


def inspect(path, limits: Limits = LIMITS, *, name: str | None = None) -> str:
    """The format to read a file as, or raise FileRefused saying why and what to do.

    ``name`` is how the file is named in messages (e.g. its path in the drop).
    """
    return examine(path, limits, name=name)[0]


def examine(
    path, limits: Limits = LIMITS, *, name: str | None = None
) -> tuple[str, list[Finding]]:
    """The format to read a file as and findings on cells that read as blank.

    Parsers read a cell holding an error (#N/A, #REF!) or a formula whose
    value was never saved as an empty cell; the findings name each one.
    Raises FileRefused like :func:`inspect`.
    """
    path = Path(path)
    name = name or path.name
    size = path.stat().st_size
    if size == 0:
        raise FileRefused(
            f"{name}: the file is empty (0 bytes); export it again from the portal "
            "or HR system"
        )
    if size > limits.max_file_bytes:
        raise FileRefused(
            f"{name}: the file is {size / MIB:.0f} MB, over cpd-xl's limit of "
            f"{limits.max_file_bytes / MIB:.0f} MB; split it into smaller files",
            "limit-exceeded",
        )
    if zipfile.is_zipfile(path):
        _check_zip_sizes(path, limits, name)
    found = identify(path)
    kind = found.kind
    notes: list[Finding] = []
    if kind in ("xlsx", "xlsm", "xlsb", "ods"):
        notes = _check_package(path, kind, limits, name)
    elif kind == "encrypted":
        raise FileRefused(
            f"{name}: the workbook is password-protected ({found.reason}); "
            f"{PASSWORD_HELP}",
            "encrypted-file",
        )
    elif kind == "damaged":
        raise FileRefused(
            f"{name}: the file is damaged or cut short ({found.reason}); copy or "
            "download it again, or open it in Excel and save it again"
        )
    elif kind == "xml2003":
        raise FileRefused(
            f"{name}: {found.reason}, which cpd-xl does not read; open it in "
            "Excel and save it as .xlsx"
        )
    elif kind not in READABLE:
        raise FileRefused(
            f"{name}: not a spreadsheet ({found.reason}); export the data as .xlsx "
            "or .csv"
        )
    return kind, notes


# Telling formats apart


def _head_text(head: bytes) -> str | None:
    """The start of a text file as text, or None when the bytes are binary."""
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return head[:8192].decode("utf-16", "replace")
    if b"\x00" in head:
        return None
    return head.decode("utf-8", "replace")


def _identify_zip(path: Path) -> FileFormat:
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
            if "mimetype" in names:
                mime = _read_small(archive, "mimetype")
                if mime.strip() == _ODS_MIME:
                    manifest = "META-INF/manifest.xml"
                    if manifest in names and b"encryption-data" in _read_small(
                        archive, manifest
                    ):
                        return FileFormat(
                            "encrypted", "an encrypted OpenDocument spreadsheet"
                        )
                    return FileFormat("ods", "an OpenDocument spreadsheet package")
                return FileFormat(
                    "unknown", "it is an OpenDocument file that is not a spreadsheet"
                )
            if "[Content_Types].xml" in names:
                types = _read_small(archive, "[Content_Types].xml")
                for marker, kind in _MAIN_TYPES:
                    if marker in types:
                        return FileFormat(kind, "an Office Open XML workbook package")
                for marker, what in _OTHER_OFFICE:
                    if marker in types:
                        return FileFormat("unknown", f"it is {what}")
            if "xl/workbook.xml" in names:
                return FileFormat("xlsx", "a zip holding xl/workbook.xml")
            if "xl/workbook.bin" in names:
                return FileFormat("xlsb", "a zip holding xl/workbook.bin")
    except _ZIP_FAULTS as error:
        return FileFormat("damaged", f"its zip directory cannot be read: {error}")
    return FileFormat("unknown", "it is a zip archive that holds no workbook")


def _read_small(archive: zipfile.ZipFile, member: str) -> bytes:
    with archive.open(member) as part:
        return part.read(MIB)


def _identify_ole(path: Path, head: bytes) -> FileFormat:
    names = _ole_names(path, head)
    if "EncryptedPackage" in names or "EncryptionInfo" in names:
        return FileFormat("encrypted", "an encrypted Office Open XML package")
    if "Workbook" in names or "Book" in names:
        return FileFormat("xls", "an Excel 97-2003 workbook")
    if "WordDocument" in names:
        return FileFormat("unknown", "it is a Word 97-2003 document")
    if "PowerPoint Document" in names:
        return FileFormat("unknown", "it is a PowerPoint 97-2003 presentation")
    # Only the first directory sector is looked at: let the parser decide.
    return FileFormat("xls", "an OLE compound file, perhaps an Excel 97-2003 one")


_OLE_STREAMS = (
    "EncryptedPackage",
    "EncryptionInfo",
    "Workbook",
    "Book",
    "WordDocument",
    "PowerPoint Document",
)


def _ole_names(path: Path, head: bytes) -> set[str]:
    """Stream names of an OLE compound file, from its first directory sector.

    A file whose header does not lead to a directory is searched for the
    names instead, in its first 64 KB: damaged files still say what they are.
    """
    shift = int.from_bytes(head[0x1E:0x20], "little")
    first = int.from_bytes(head[0x30:0x34], "little")
    with path.open("rb") as handle:
        if len(head) >= 0x40 and 7 <= shift <= 16 and first < 0xFFFFFFFA:
            handle.seek((first + 1) << shift)
            sector = handle.read(1 << shift)
            names = set()
            for offset in range(0, len(sector) - 127, 128):
                entry = sector[offset : offset + 128]
                length = int.from_bytes(entry[64:66], "little")
                if 2 <= length <= 64:
                    names.add(entry[: length - 2].decode("utf-16-le", "replace"))
            if names & set(_OLE_STREAMS):
                return names
        handle.seek(0)
        start = handle.read(64 * 1024)
    return {n for n in _OLE_STREAMS if n.encode("utf-16-le") in start}


# Checking a zip package


def _check_zip_sizes(path: Path, limits: Limits, name: str) -> None:
    """Refuse a zip bomb by its directory, before any part is unpacked."""
    with _opened_zip(path, name) as archive:
        _check_sizes(archive.infolist(), limits, name)


def _check_package(path: Path, kind: str, limits: Limits, name: str) -> list[Finding]:
    notes: list[Finding] = []
    with _opened_zip(path, name) as archive:
        _check_parts(archive, kind, name)
        sheets = _sheet_names(archive) if kind in ("xlsx", "xlsm") else {}
        for info in archive.infolist():
            scan = _check_part(archive, info, kind, limits, name)
            if isinstance(scan, _SheetScan):
                notes.extend(scan.notes(name, sheets.get(info.filename)))
    return notes


_SHEET = re.compile(rb"<(?:[\w.-]+:)?sheet\b[^>]*>")
_NAME = re.compile(rb'\bname\s*=\s*"([^"]*)"')
_RID = re.compile(rb'\br:id\s*=\s*"([^"]*)"')
_RELATIONSHIP = re.compile(rb"<(?:[\w.-]+:)?Relationship\b[^>]*>")
_ID = re.compile(rb'\bId\s*=\s*"([^"]*)"')
_TARGET = re.compile(rb'\bTarget\s*=\s*"([^"]*)"')


def _sheet_names(archive: zipfile.ZipFile) -> dict[str, str]:
    """Each worksheet part's sheet name, from the workbook and its relationships."""
    try:
        workbook = _read_small(archive, "xl/workbook.xml")
        relationships = _read_small(archive, "xl/_rels/workbook.xml.rels")
    except KeyError:
        return {}
    targets = {}
    for tag in _RELATIONSHIP.findall(relationships):
        found_id, target = _ID.search(tag), _TARGET.search(tag)
        if found_id and target:
            path = html.unescape(target.group(1).decode("utf-8", "replace"))
            path = path[1:] if path.startswith("/") else f"xl/{path}"
            targets[found_id.group(1)] = posixpath.normpath(path)
    names = {}
    for tag in _SHEET.findall(workbook):
        found_name, found_id = _NAME.search(tag), _RID.search(tag)
        if found_name and found_id and found_id.group(1) in targets:
            sheet = html.unescape(found_name.group(1).decode("utf-8", "replace"))
            names[targets[found_id.group(1)]] = sheet
    return names


@contextmanager
def _opened_zip(path: Path, name: str) -> Iterator[zipfile.ZipFile]:
    """A zip archive, with its faults turned into FileRefused."""
    try:
        with zipfile.ZipFile(path) as archive:
            yield archive
    except FileRefused:
        raise
    except NotImplementedError as error:
        raise FileRefused(
            f"{name}: a part is packed in a way cpd-xl cannot read ({error}); "
            "open it in Excel and save it again as .xlsx"
        ) from None
    except _ZIP_FAULTS as error:
        raise FileRefused(
            f"{name}: the file is damaged or cut short ({_short(error)}); copy or "
            "download it again, or open it in Excel and save it again"
        ) from None


def _check_sizes(infos: list[zipfile.ZipInfo], limits: Limits, name: str) -> None:
    if len(infos) > limits.max_parts:
        raise FileRefused(
            f"{name}: the workbook holds {len(infos):,} parts, over cpd-xl's limit "
            f"of {limits.max_parts:,}; copy the data into a new workbook",
            "limit-exceeded",
        )
    total = sum(info.file_size for info in infos)
    if total > limits.max_uncompressed_bytes:
        raise FileRefused(
            f"{name}: the workbook unpacks to {total / MIB:,.0f} MB, over cpd-xl's "
            f"limit of {limits.max_uncompressed_bytes / MIB:,.0f} MB (a zip bomb, "
            "or far too much data); split it into smaller files",
            "limit-exceeded",
        )
    for info in infos:
        if info.flag_bits & 0x1:
            raise FileRefused(
                f"{name}: part {info.filename} is encrypted; {PASSWORD_HELP}",
                "encrypted-file",
            )
        _check_ratio(info.filename, info.file_size, info.compress_size, limits, name)


def _check_ratio(part: str, size: int, packed: int, limits: Limits, name: str):
    if size >= limits.ratio_floor_bytes and size > limits.max_ratio * max(packed, 1):
        raise FileRefused(
            f"{name}: part {part} unpacks to {size / max(packed, 1):,.0f} times its "
            f"packed size, over cpd-xl's limit of {limits.max_ratio:,.0f} (a zip "
            "bomb); open it in Excel and save it again, or ask for a new export",
            "limit-exceeded",
        )


def _check_parts(archive: zipfile.ZipFile, kind: str, name: str) -> None:
    needed = {
        "xlsx": ("xl/workbook.xml",),
        "xlsm": ("xl/workbook.xml",),
        "xlsb": ("xl/workbook.bin",),
        "ods": ("content.xml",),
    }[kind]
    names = set(archive.namelist())
    for part in needed:
        if part not in names:
            raise FileRefused(
                f"{name}: the workbook is damaged: its part {part} is missing; open "
                "it in Excel or LibreOffice and save it again"
            )


def _check_part(archive, info: zipfile.ZipInfo, kind: str, limits, name):
    """Check one part as a stream; return the scan that read it, if any."""
    lower = info.filename.lower()
    if not lower.endswith((".xml", ".rels")) or info.is_dir():
        return
    if kind == "ods" and lower == "content.xml":
        scan = _OdsScan()
    elif kind in ("xlsx", "xlsm") and lower.endswith(".xml"):
        scan = _SheetScan("fast" if _fast_scan_fits(limits) else "refs")
    else:
        scan = None
    while True:
        with archive.open(info) as stream:
            again = _read_part(stream, info, scan, limits, name)
        if again is None:
            return scan
        scan = _SheetScan(again)


def _read_part(stream, info, scan, limits: Limits, name: str) -> str | None:
    """Read a part as a stream; return the scan mode to read it again with."""
    head = b""
    prolog_done = False
    read = 0
    while True:
        chunk = stream.read(_CHUNK)
        if not chunk:
            break
        read += len(chunk)
        _check_ratio(info.filename, read, info.compress_size, limits, name)
        if not prolog_done:
            head += chunk
            prolog_done = _check_prolog(head, info.filename, limits, name)
        if scan is None:
            if prolog_done:
                break
        else:
            again = scan.feed(chunk)
            if again:
                return again
    if scan is not None:
        again = scan.feed(b"", final=True)
        if again:
            return again
        scan.finish(info.filename, limits, name)
    return None


_ROOT = re.compile(rb"<[A-Za-z_:]")
_DOCTYPE = re.compile(rb"<!(?:DOCTYPE|ENTITY)", re.IGNORECASE)


def _check_prolog(head: bytes, part: str, limits: Limits, name: str) -> bool:
    """Refuse a DOCTYPE before the root element; True once the root is seen."""
    root = _ROOT.search(head)
    end = root.start() if root else len(head)
    if _DOCTYPE.search(head, 0, end):
        raise FileRefused(
            f"{name}: part {part} declares a DOCTYPE or entities, which no "
            "spreadsheet needs and which can make a file expand without bound or "
            "read other files (an XML bomb); cpd-xl will not read it. Ask for a new "
            "export"
        )
    if end > limits.max_prolog_bytes:
        raise FileRefused(
            f"{name}: part {part} has no XML element in its first "
            f"{limits.max_prolog_bytes // 1024} KB; the file is damaged or hostile"
        )
    return root is not None


# How far apart cells lie. calamine builds a dense grid from A1 to the last
# cell, so two cells at A1 and XFD1048576 ask for 17 billion cells and abort
# the process. Three scans, cheapest first: "fast" proves that every cell and
# row carries its reference first, written the usual way, within columns A-Z
# and rows below 100,000 (most exports); "refs" reads every reference when
# they are written the usual way but reach further; "walk" places each cell
# tag by tag as the parser would, for anything written another way (cells
# with no reference, quotes, spacing or prefixes no common writer uses).

_FAST_ROWS, _FAST_COLUMNS = 99_999, 26
_FAR_REF = re.compile(rb' r="(?![A-Z]?[0-9]{1,5}")')
_UNUSUAL = (
    re.compile(rb"r(?:=[^\"]|\s+=)"),
    re.compile(rb"<c(?:>|/|[\t\r\n]| (?!r=\"))"),
    re.compile(rb"<row(?:>|/|[\t\r\n]| (?!r=\"))"),
    re.compile(rb":(?:c|row)[\s>/]"),
)
# Whitespace other than a space before an r attribute (sought only when a
# chunk holds such whitespace at all, which exports seldom do).
_SPACED_REF = re.compile(rb"[\t\r\n]r\s*=")
_ANY_REF = re.compile(rb' r="([A-Z]{0,3})([0-9]{0,7})"')
_ODD_REF = re.compile(rb' r="(?![A-Z]{0,3}[0-9]{0,7}")')
_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?(row|c)(?=[\s/>])([^>]*)>")
_REF = re.compile(rb"(?:^|\s)r\s*=\s*[\"']([A-Za-z]*)([0-9]*)[\"']")
# A mark this close to a chunk's end may be cut short; the next chunk, which
# starts with the last _OVERLAP bytes of this one, decides it.
_TAIL = 24


def _found(pattern: re.Pattern, text: bytes, end: int) -> bool:
    match = pattern.search(text)
    return match is not None and match.start() < end


class _SheetScan:
    """The extent of the cells in a SpreadsheetML part, fed chunk by chunk.

    On the way it notes cells that parsers read as blank: errors and formulas
    with no saved value (at most MAX_NOTED of each, the rest only counted).
    """

    def __init__(self, mode: str = "fast") -> None:
        self.mode = mode
        self.row = 0
        self.column = 0
        self.rows = 0
        self.columns = 0
        self.carry = b""
        self.back = b""
        self.errors: dict[bytes, bytes] = {}
        self.unsaved: dict[bytes, bytes] = {}

    def feed(self, chunk: bytes, final: bool = False) -> str | None:
        """Scan a chunk; return a slower mode when this one cannot vouch for it."""
        # Cells are noted in the chunk and the end of the last one, so that a
        # cell cut in two is still seen whole; a cell seen twice is noted once.
        seen = self.back + chunk
        self.back = chunk[-_CELL_BACK:]
        if b't="e"' in seen:
            _note_cells(self.errors, _ERROR_CELL, seen)
        if b"</f></c>" in seen or b"/></c>" in seen:
            _note_cells(self.unsaved, _UNSAVED_FORMULA, seen)
        text = self.carry + chunk
        if self.mode == "walk":
            cut = text.rfind(b">") + 1
            self.carry = text[cut:][-_CHUNK:]
            for match in _TAG.finditer(text, 0, cut):
                self._place(match.group(1), match.group(2))
            return None
        self.carry = text[-_OVERLAP:]
        end = len(text) if final else len(text) - _TAIL
        if any(_found(pattern, text, end) for pattern in _UNUSUAL) or (
            (b"\t" in text or b"\n" in text or b"\r" in text)
            and _found(_SPACED_REF, text, end)
        ):
            return "walk"
        if self.mode == "fast":
            return "refs" if _found(_FAR_REF, text, end) else None
        if _found(_ODD_REF, text, end):
            return "walk"
        letters = set()
        digits = set()
        for column, row in _ANY_REF.findall(text):
            letters.add(column)
            digits.add(row)
        self.columns = max([self.columns, *map(_column_number, letters)])
        self.rows = max([self.rows, *(int(d) for d in digits if d)])
        return None

    def _place(self, tag: bytes, attributes: bytes) -> None:
        ref = _REF.search(attributes)
        if tag == b"row":
            digits = ref.group(2) if ref else b""
            self.row = int(digits) if digits else self.row + 1
            self.column = 0
            return
        letters, digits = (ref.group(1), ref.group(2)) if ref else (b"", b"")
        self.column = _column_number(letters) if letters else self.column + 1
        row = int(digits) if digits else self.row
        self.rows = max(self.rows, row)
        self.columns = max(self.columns, self.column)

    def finish(self, part: str, limits: Limits, name: str) -> None:
        if self.mode != "fast":
            _check_extent(self.rows, self.columns, part, limits, name)

    def notes(self, name: str, sheet: str | None) -> list[Finding]:
        """A finding for each cell noted, in the order of the sheet."""
        found = []
        for code, cells, what in (
            ("error-cell", self.errors, "holds the spreadsheet error {}"),
            ("formula-no-value", self.unsaved, "holds a formula whose value was "
             "never saved (the program that wrote the file does not calculate)"),
        ):  # fmt: skip
            shown = sorted(cells.items(), key=lambda item: _cell_order(item[0]))
            for ref, value in shown[:MAX_NOTED]:
                letters = ref.rstrip(b"0123456789").decode()
                row = int(ref[len(letters) :])
                text = what.format(value.decode("utf-8", "replace"))
                found.append(
                    finding(
                        code,
                        f"cell {ref.decode()} {text}, so it reads as blank; "
                        f"{_CELL_HELP[code]}",
                        Source(name, sheet, row, letters),
                    )
                )
            if len(cells) > MAX_NOTED:
                found.append(
                    finding(
                        code,
                        f"{len(cells) - MAX_NOTED:,} more cells like these read as "
                        "blank (only the first are listed)",
                        Source(name, sheet),
                    )
                )
        return found


MAX_NOTED = 20
_CELL_HELP = {
    "error-cell": "correct the formula in Excel and save the file again",
    "formula-no-value": "open the file in Excel or LibreOffice and save it again",
}
_FORMULA = rb"(?:<f\b[^>]*/>|<f\b[^>]*>[^<]*</f>)"
_ERROR_CELL = re.compile(
    rb'<c r="([A-Z]{1,3}[0-9]{1,7})"[^>]*?\bt="e"[^>]*>' + _FORMULA
    + rb"?<v>([^<]{0,40})</v>"
)  # fmt: skip
_UNSAVED_FORMULA = re.compile(
    rb'<c r="([A-Z]{1,3}[0-9]{1,7})"[^>]*>()' + _FORMULA + rb"</c>"
)
# Cells noted per part, counted beyond what is shown, up to this many.
_NOTE_LIMIT = 100_000
_CELL_BACK = 512


def _note_cells(cells: dict[bytes, bytes], pattern: re.Pattern, text: bytes):
    for ref, value in pattern.findall(text):
        if len(cells) < _NOTE_LIMIT:
            cells[ref] = value


def _cell_order(ref: bytes) -> tuple[int, int]:
    letters = ref.rstrip(b"0123456789")
    return int(ref[len(letters) :]), _column_number(letters)


def _fast_scan_fits(limits: Limits) -> bool:
    """Whether the most the fast scan lets through is within the limits."""
    return (
        _FAST_ROWS <= limits.max_rows_per_sheet
        and _FAST_COLUMNS <= limits.max_columns
        and _FAST_ROWS * _FAST_COLUMNS <= limits.max_cells_per_sheet
    )


def _column_number(letters: bytes) -> int:
    number = 0
    for letter in letters.upper()[:8]:
        number = number * 26 + letter - 64
    return number


_ODS_TAG = re.compile(
    rb"<(?:[\w.-]+:)?(table|table-row|table-cell|covered-table-cell)(?=[\s/>])"
    rb"([^>]*)>"
)
_ODS_ROWS = re.compile(rb"number-rows-repeated\s*=\s*[\"']([0-9]{1,12})[\"']")
_ODS_COLUMNS = re.compile(rb"number-columns-repeated\s*=\s*[\"']([0-9]{1,12})[\"']")
_ODS_VALUE = re.compile(rb"value-type|:value\s*=|formula")


class _OdsScan:
    """The extent of the cells of every table in an ODS content.xml."""

    def __init__(self) -> None:
        self.carry = b""
        self.rows = 0
        self.columns = 0
        self._reset_table()

    def _reset_table(self) -> None:
        self.row = 0
        self.repeat = 0
        self.row_end = 0
        self.column = 0

    def feed(self, chunk: bytes, final: bool = False) -> None:
        text = self.carry + chunk
        cut = text.rfind(b">") + 1
        self.carry = text[cut:][-_CHUNK:]
        for match in _ODS_TAG.finditer(text, 0, cut):
            self._place(match.group(1), match.group(2))

    def _place(self, tag: bytes, attributes: bytes) -> None:
        if tag == b"table":
            self._end_row()
            self._reset_table()
        elif tag == b"table-row":
            self._end_row()
            found = _ODS_ROWS.search(attributes)
            self.repeat = int(found.group(1)) if found else 1
            self.column = 0
            self.row_end = 0
            if attributes.rstrip().endswith(b"/"):
                self._end_row()
        else:
            found = _ODS_COLUMNS.search(attributes)
            self.column += int(found.group(1)) if found else 1
            empty = attributes.rstrip().endswith(b"/")
            if not empty or _ODS_VALUE.search(attributes):
                self.row_end = self.column

    def _end_row(self) -> None:
        if self.repeat:
            self.row += self.repeat
            if self.row_end:
                self.rows = max(self.rows, self.row)
                self.columns = max(self.columns, self.row_end)
        self.repeat = 0
        self.row_end = 0

    def finish(self, part: str, limits: Limits, name: str) -> None:
        self._end_row()
        _check_extent(self.rows, self.columns, part, limits, name)


def _check_extent(rows: int, columns: int, part: str, limits: Limits, name: str):
    if (
        rows > limits.max_rows_per_sheet
        or columns > limits.max_columns
        or rows * columns > limits.max_cells_per_sheet
    ):
        raise FileRefused(
            f"{name}: {part} places cells {rows:,} rows down and {columns:,} "
            f"columns across, over cpd-xl's limits ({limits.max_rows_per_sheet:,} "
            f"rows, {limits.max_columns:,} columns, "
            f"{limits.max_cells_per_sheet:,} cells in a sheet); copy the data "
            "into a new workbook",
            "limit-exceeded",
        )


def _short(error: Exception) -> str:
    text = str(error).strip().splitlines()[0] if str(error).strip() else ""
    return text[:160] or type(error).__name__
