"""Bytes → text under one encoding policy, binary detection, and text normalisation.

Encoding policy (in this order):

1. A UTF-8 byte-order mark: decode as UTF-8 and drop the mark (``utf-8-sig``).
2. A UTF-16 byte-order mark: decode as UTF-16 (NUL bytes are expected there).
3. Strict UTF-8.
4. Otherwise every byte sequence that is valid UTF-8 is kept as UTF-8, and each byte that is not
   is read as cp1252 (latin-1 for the five bytes cp1252 leaves undefined). A file wholly in cp1252
   or latin-1 therefore reads correctly, and a file that mixes UTF-8 with stray cp1252 bytes
   (a common result of pasting) reads without mojibake in either part. The result carries a note,
   which the readers log on the ``flashpoint.ingest`` logger.

A file is binary, and refused, when it holds a NUL byte (without a UTF-16 mark) or when more than
a tenth of its first 8 KiB are control characters other than tab, newline, carriage return and
form feed.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from flashpoint.errors import InputError

_SNIFF_BYTES = 8192
_CONTROL = re.compile(r"[\x01-\x08\x0b\x0e-\x1f\x7f]")
_ESCAPED_BYTE = re.compile(r"[\udc80-\udcff]")
_CP1252_UNDEFINED = {0x81, 0x8D, 0x8F, 0x90, 0x9D}


@dataclass(frozen=True)
class Decoded:
    """Decoded text, the encoding used, and a note for a person where the policy had to guess."""

    text: str
    encoding: str
    note: str | None = None


def find_nul(data: bytes) -> int:
    """Offset of the first NUL byte, or -1."""
    return data.find(b"\x00")


def check_not_binary(data: bytes, where: str) -> None:
    """Raise :class:`InputError` when ``data`` looks like a binary file rather than text."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return
    nul = find_nul(data)
    if nul >= 0:
        raise InputError(where, f"binary file (NUL byte at offset {nul}), not a news text")
    head = data[:_SNIFF_BYTES].decode("latin-1")
    if head and len(_CONTROL.findall(head)) > len(head) / 10:
        raise InputError(where, "binary file (mostly control characters), not a news text")


def _byte_as_cp1252(match: re.Match[str]) -> str:
    byte = ord(match.group()) - 0xDC00
    if byte in _CP1252_UNDEFINED:
        return chr(byte)
    return bytes([byte]).decode("cp1252")


def decode_bytes(data: bytes, where: str) -> Decoded:
    """Decode ``data`` under the policy above; raise :class:`InputError` for binary data."""
    check_not_binary(data, where)
    if data.startswith(b"\xef\xbb\xbf"):
        return _decode_utf8(data[3:], "utf-8-sig")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return Decoded(data.decode("utf-16"), "utf-16", "UTF-16 text (byte-order mark)")
        except UnicodeDecodeError as exc:
            raise InputError(where, f"UTF-16 mark but undecodable bytes at offset {exc.start}") from None
    return _decode_utf8(data, "utf-8")


def _decode_utf8(data: bytes, name: str) -> Decoded:
    try:
        return Decoded(data.decode("utf-8"), name)
    except UnicodeDecodeError:
        pass
    escaped = data.decode("utf-8", errors="surrogateescape")
    n_bad = len(_ESCAPED_BYTE.findall(escaped))
    text = _ESCAPED_BYTE.sub(_byte_as_cp1252, escaped)
    has_utf8 = any(ord(c) > 0x7F and not 0xDC80 <= ord(c) <= 0xDCFF for c in escaped)
    if has_utf8:
        note = f"mixed encoding: UTF-8 with {n_bad} byte(s) read as cp1252"
        return Decoded(text, "utf-8+cp1252", note)
    return Decoded(text, "cp1252", f"not UTF-8: read as cp1252 ({n_bad} non-ASCII byte(s))")


_LINE_BREAKS = re.compile(r"\r\n?|[\u2028\u2029\x85\x0b\x0c]")
_STRAY_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")


def normalise_text(text: str) -> str:
    """Unify line breaks, drop control characters and lone surrogates, expand tabs to spaces."""
    text = _LINE_BREAKS.sub("\n", text)
    text = _STRAY_CONTROL.sub("", text).replace("\t", " ").replace("\ufeff", "")
    if any(0xD800 <= ord(c) <= 0xDFFF for c in text):
        text = text.encode("utf-8", errors="replace").decode("utf-8")
    return text
