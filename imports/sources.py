"""What an import reads: the files an editor gives it, as the text of one print issue each.

A file is a print issue's text (UTF-8, as `pdftotext` writes it) or its print PDF, whose text
is extracted here, in-process, by pdfminer.six: its layout analysis groups the lines of a text
block, leaves a blank line between blocks and ends each page with a form feed, as pdftotext
does, which the importer's reading of the 目录 and the body relies on. The command and the
admin's upload read files through `source_text`, so both accept and refuse the same files with
the same one-line reasons.
"""

import hashlib
import io
import unicodedata
from collections.abc import Iterable
from pathlib import Path

from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from pdfminer.high_level import extract_text
from pdfminer.layout import LAParams

from core.validators import unstorable_text

SUFFIXES = (".txt", ".pdf")


class UnreadableSource(Exception):
    """The file is not the text or PDF of an issue; the message is one line an editor reads,
    the code says which rule refused it (too_big, pdf, not_utf8, binary, empty, unreadable)."""

    def __init__(self, message: str, code: str = "unreadable"):
        super().__init__(message)
        self.code = code


def is_pdf(content: bytes) -> bool:
    return content[:1024].lstrip().startswith(b"%PDF-")


def size_limit(name: str) -> int:
    """The largest file accepted: a print PDF carries its pictures, a text only the words."""
    if Path(name).suffix.lower() == ".pdf":
        return settings.IMPORT_MAX_PDF_BYTES
    return settings.IMPORT_MAX_BYTES


def too_big(name: str, size: int) -> str | None:
    """Why a file of `size` bytes is refused before it is read, or None."""
    limit = size_limit(name)
    if size <= limit:
        return None
    return _("The file is %(size)s; an import accepts at most %(max)s.") % {
        "size": filesizeformat(size),
        "max": filesizeformat(limit),
    }


def pdf_text(content: bytes) -> str:
    """The text of a PDF as pdftotext (without -layout) gives it: lines of a block one per line,
    a blank line between blocks, a form feed after each page. Raises UnreadableSource."""
    try:
        text = extract_text(io.BytesIO(content), laparams=LAParams())
    except Exception as error:  # noqa: BLE001 - besides its own (PSException), pdfminer lets
        # built-in errors (KeyError, struct.error …) out of a damaged file: all mean unreadable
        raise UnreadableSource(
            _("The PDF cannot be read: %(error)s") % {"error": str(error) or type(error).__name__},
            "pdf",
        ) from error
    if not text.replace("\f", "").strip():
        raise UnreadableSource(
            _("The PDF holds no text to extract (a scanned issue? It needs OCR first)."), "pdf"
        )
    return text


def source_text(name: str, content: bytes) -> str:
    """The issue's text in `content`, a UTF-8 text or a PDF. Raises UnreadableSource."""
    if problem := too_big(name, len(content)):
        raise UnreadableSource(problem, "too_big")
    if is_pdf(content):
        text = pdf_text(content)
    else:
        try:
            text = content.decode("utf-8-sig")  # a byte-order mark, as Windows editors write
        except UnicodeDecodeError as error:
            raise UnreadableSource(
                _("The file is not UTF-8 text (byte %(position)d). Save it as UTF-8.")
                % {"position": error.start + 1},
                "not_utf8",
            ) from None
    if problem := unstorable_text(text):  # valid UTF-8, yet a NUL: not text
        line = next(n for n, line in enumerate(text.splitlines(), 1) if unstorable_text(line))
        raise UnreadableSource(
            _("Line %(line)d: %(problem)s") % {"line": line, "problem": problem}, "binary"
        )
    if not text.strip():
        raise UnreadableSource(_("The file holds no text."), "empty")
    return text


def read_source(path: Path) -> str:
    """The issue's text in the file at `path`; its size is checked before it is read."""
    try:
        if problem := too_big(path.name, path.stat().st_size):
            pdf = path.suffix.lower() == ".pdf"
            setting = "IMPORT_MAX_PDF_BYTES" if pdf else "IMPORT_MAX_BYTES"
            raise UnreadableSource(f"{problem} ({setting})", "too_big")
        content = path.read_bytes()
    except OSError as error:
        raise UnreadableSource(
            _("The file cannot be read: %(error)s") % {"error": error.strerror}
        ) from error
    return source_text(path.name, content)


def source_files(paths: Iterable[Path]) -> list[Path]:
    """The files to import: each file given, and the .txt and .pdf files under each folder
    given (recursively, in name order). A path that does not exist is kept: reading it fails
    with its reason, beside the others."""
    files: list[Path] = []
    for path in map(Path, paths):
        if path.is_dir():
            files.extend(
                sorted(
                    found
                    for found in path.rglob("*")
                    if found.suffix.lower() in SUFFIXES and found.is_file()
                )
            )
        else:
            files.append(path)
    return list(dict.fromkeys(files))  # a file named twice is imported once


def text_digest(text: str) -> str:
    """What identifies a text across imports: the SHA-256 of its normalised form (Unicode NFC,
    line ends and trailing spaces unified, blank lines at its ends dropped), so the same issue
    saved again by another tool is recognised as unchanged."""
    lines = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    normalised = "\n".join(line.rstrip() for line in lines.split("\n")).strip("\n")
    return hashlib.sha256(normalised.encode("utf-8")).hexdigest()
