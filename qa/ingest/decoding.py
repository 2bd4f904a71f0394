"""Decoding: the bytes of a text file to str, whatever of the usual Chinese encodings it is in.

Order, cheapest and surest first: a byte-order mark (UTF-8, UTF-16/32 LE/BE) is proof;
strict UTF-8 is next, since text in any other encoding almost never decodes as UTF-8;
then charset-normalizer guesses. Its guesses are weak on short Chinese texts (a page of
GBK often comes back as a Western code page), so GB18030 (a superset of GB2312 and GBK)
wins whenever it decodes the bytes cleanly into Chinese, except for Big5, which decodes
"cleanly" as GB18030 into nonsense and which charset-normalizer does recognise.

Newlines are left exactly as in the file (no universal-newline translation), so for a
UTF-8 file without BOM every character offset into the text is an offset into the file.
"""

from __future__ import annotations

import codecs
import re

from charset_normalizer import from_bytes

_BOMS = (  # UTF-32 first: its little-endian BOM starts with UTF-16's
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_GB_FAMILY = {"gb2312", "gbk", "gb18030", "hz"}
_BIG5 = {"big5", "big5hkscs", "cp950"}
_HAN = re.compile(r"[\u3400-\u9fff]")
# Control characters no text file holds; tab, newlines and form feed are fine.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


class UndecodableError(ValueError):
    """The bytes are not text in any encoding we can tell."""


def _looks_binary(text: str) -> bool:
    return len(_CONTROL.findall(text)) > max(2, len(text) // 1000)


def _checked(text: str) -> str:
    if _looks_binary(text):
        raise UndecodableError("it holds binary data, not text")
    return text


def normalize_encoding(name: str) -> str:
    """GB2312/GBK declarations are read as GB18030: pages that say "gb2312" use GBK and
    GB18030 characters all the time, and the superset decodes them all."""
    name = codecs.lookup(name).name
    return "gb18030" if name in _GB_FAMILY else name


def decode_with(raw: bytes, encoding: str) -> str:
    """Decode with a declared encoding (an HTML meta tag). A BOM and valid UTF-8 still win:
    pages built from old templates keep a stale "gb2312" declaration over UTF-8 bytes,
    while real GBK text practically never passes as UTF-8."""
    for bom, bom_encoding in _BOMS:
        if raw.startswith(bom):
            return _checked(raw[len(bom) :].decode(bom_encoding))
    try:
        return _checked(raw.decode("utf-8"))
    except UnicodeDecodeError:
        pass
    try:
        return _checked(raw.decode(normalize_encoding(encoding)))
    except (LookupError, UnicodeDecodeError):
        return decode_text(raw)


def decode_text(raw: bytes) -> str:
    """The text of ``raw``; raises UndecodableError for binary or undecodable bytes."""
    for bom, encoding in _BOMS:
        if raw.startswith(bom):
            try:
                return _checked(raw[len(bom) :].decode(encoding))
            except UnicodeDecodeError as exc:
                raise UndecodableError(
                    f"it starts with a {encoding} mark but is not {encoding}"
                ) from exc
    try:
        return _checked(raw.decode("utf-8"))
    except UnicodeDecodeError:
        pass
    if b"\x00" in raw:
        raise UndecodableError("it holds binary data, not text")
    best = from_bytes(raw).best()
    guessed = normalize_encoding(best.encoding) if best is not None else None
    if guessed not in _BIG5:
        try:
            text = raw.decode("gb18030")
        except UnicodeDecodeError:
            pass
        else:
            if _HAN.search(text) and not _looks_binary(text):
                return text
    if best is None or guessed is None:
        raise UndecodableError("its encoding cannot be told (not UTF-8, UTF-16 or GB18030)")
    return _checked(raw.decode(guessed))
