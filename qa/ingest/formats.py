"""Formats: one function per file type, from the file's bytes to plain text with one
paragraph (or heading, or table cell) per line. Each raises DocumentReadError with a
reason a user can act on.

Choices, and why:

- .txt/.md: decoded as they are (decoding.py); Markdown is kept as text, its ``#`` and
  ``-`` marks are harmless to retrieval and keep offsets equal to file offsets.
- .html/.htm: lxml.html. lxml comes with python-docx anyway, so HTML costs no further
  dependency; libxml2's HTML parser is lenient with the broken markup of government sites
  and fast. The charset of a meta tag is honoured (unless the bytes are valid UTF-8), else
  the bytes are detected like a text file. Navigation, header, footer, script and style
  are dropped, and each block element ends a line, so paragraphs stay paragraphs for the
  heading parser.
- .docx: python-docx, the maintained reader. Body paragraphs and table cells in document
  order; page headers and footers are left out (page furniture, like web-page chrome).
- .pdf: pypdf. On a PDF with Chinese text written by reportlab (CID font STSong-Light)
  pypdf gave back every character (9649 of 9649) with the lines as drawn, in 0.27 s;
  pdfminer.six lost a "·" and split every line into a paragraph, in 0.45 s, and needs
  more dependencies. No text layer (a scan) is an error: OCR is out of scope.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from pathlib import Path

from .decoding import UndecodableError, decode_text, decode_with
from .errors import DocumentReadError

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>")
_DROPPED_TAGS = ("script", "style", "noscript", "template", "nav", "header", "footer", "head")
_BLOCK_TAGS = frozenset(
    ("address", "article", "aside", "blockquote", "br", "caption", "dd", "div", "dl", "dt",
     "figcaption", "figure", "form", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "li", "main",
     "ol", "p", "pre", "section", "table", "td", "th", "tr", "ul", "title")
)  # fmt: skip
_SPACES = re.compile(r"[ \t\r\n\f\v]+")


def read_plain(path: Path, raw: bytes) -> str:
    try:
        return decode_text(raw)
    except UndecodableError as exc:
        raise DocumentReadError(path, f"cannot be read as text: {exc}; save it as UTF-8.") from exc


def read_html(path: Path, raw: bytes) -> str:
    import lxml.etree
    import lxml.html

    declared = _META_CHARSET.search(raw[:4096])
    try:
        markup = (
            decode_with(raw, declared.group(1).decode("ascii")) if declared else decode_text(raw)
        )
    except UndecodableError as exc:
        raise DocumentReadError(path, f"cannot be read as HTML text: {exc}.") from exc
    markup = _XML_DECL.sub("", markup)
    if not markup.strip():
        return ""
    try:
        root = lxml.html.document_fromstring(markup)
    except (lxml.etree.ParserError, ValueError) as exc:
        raise DocumentReadError(path, f"is not HTML that can be parsed ({exc}).") from exc
    for element in list(root.iter(*_DROPPED_TAGS)):
        element.drop_tree()
    return _lines_of("".join(_html_pieces(root)))


def _html_pieces(element: object) -> Iterator[str]:
    tag = getattr(element, "tag", None)
    if not isinstance(tag, str):  # a comment or processing instruction: only its tail
        tail = getattr(element, "tail", None)
        if tail:
            yield _SPACES.sub(" ", tail)
        return
    block = tag.lower() in _BLOCK_TAGS
    if block:
        yield "\n"
    text = getattr(element, "text", None)
    if text:
        yield text if tag == "pre" else _SPACES.sub(" ", text)
    for child in element:  # type: ignore[attr-defined]
        yield from _html_pieces(child)
    if block:
        yield "\n"
    tail = getattr(element, "tail", None)
    if tail:
        yield _SPACES.sub(" ", tail)


def _lines_of(text: str) -> str:
    lines = (line.strip() for line in text.replace("\xa0", " ").split("\n"))
    kept = [line for line in lines if line]
    return "\n".join(kept) + "\n" if kept else ""


def read_docx(path: Path, raw: bytes) -> str:
    import docx
    from docx.table import Table

    try:
        document = docx.Document(io.BytesIO(raw))
    except Exception as exc:  # zip, XML and package errors all mean the same to a user
        raise DocumentReadError(
            path,
            f"is not a readable .docx file ({type(exc).__name__}); open and re-save it in Word.",
        ) from exc
    lines: list[str] = []
    for block in document.iter_inner_content():
        if isinstance(block, Table):
            lines.extend(_table_lines(block))
        else:
            lines.append(block.text)
    return _lines_of("\n".join(lines))


def _table_lines(table: object) -> Iterator[str]:
    seen: set[object] = set()  # holds the elements, so their identities stay unique
    for row in table.rows:  # type: ignore[attr-defined]
        for cell in row.cells:
            if cell._tc in seen:  # a merged cell is returned once per grid column
                continue
            seen.add(cell._tc)
            yield cell.text


def read_pdf(path: Path, raw: bytes) -> str:
    import pypdf

    try:
        reader = pypdf.PdfReader(io.BytesIO(raw))
        if reader.is_encrypted and not reader.decrypt(""):
            raise DocumentReadError(path, "is an encrypted PDF; save an unprotected copy.")
        pages = [page.extract_text() or "" for page in reader.pages]
    except DocumentReadError:
        raise
    except Exception as exc:  # pypdf raises many kinds on a damaged file
        raise DocumentReadError(
            path, f"is not a readable PDF ({type(exc).__name__}: {exc}); re-export it."
        ) from exc
    if not pages:
        raise DocumentReadError(path, "is a PDF without pages.")
    text = _lines_of("\n".join(pages))
    if not text:
        raise DocumentReadError(
            path,
            "is a PDF with no text layer (a scanned document?); OCR is not supported, so run "
            "it through OCR first or use a text version of the document.",
        )
    return text


READERS = {
    ".txt": read_plain,
    ".md": read_plain,
    ".html": read_html,
    ".htm": read_html,
    ".docx": read_docx,
    ".pdf": read_pdf,
}
