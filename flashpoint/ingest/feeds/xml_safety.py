"""XML safety before any XML parser of feed content runs: no DTDs, no entities.

A DTD is what makes entity-expansion bombs ("billion laughs", quadratic blowup) and external
entities (XXE: reading local files or URLs) possible; news feeds do not need one. So a document
that declares a DTD or an entity is refused outright, found twice: by a byte scan (which also
sees a declaration after a syntax error) and by ``defusedxml`` with ``forbid_dtd``.

A document that is merely malformed (a stray ``&``, an unclosed tag) is not refused here: the
check returns a note, and the caller may still let feedparser's tolerant parser try it.
"""
from __future__ import annotations

import re
import xml.etree.ElementTree as std_etree

import defusedxml
import defusedxml.ElementTree

from flashpoint.errors import InputError

_DECLARATION = re.compile(rb"<!\s*(DOCTYPE|ENTITY|ELEMENT|ATTLIST)", re.IGNORECASE)
_REFUSED = ("refused: the XML declares a DTD or entities ({what}); feeds never need them and they "
            "allow entity-expansion bombs and external-entity (XXE) reads")


def _scan_forms(data: bytes) -> list[bytes]:
    """The document as bytes to scan: as given, and re-encoded when it is UTF-16/32."""
    forms = [data]
    head = data[:4]
    for bom, codec in ((b"\xff\xfe\x00\x00", "utf-32"), (b"\x00\x00\xfe\xff", "utf-32"),
                       (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16")):
        if head.startswith(bom):
            forms.append(data.decode(codec, errors="replace").encode("utf-8"))
            return forms
    if b"\x00" in data[:200]:  # UTF-16/32 without a mark
        for codec in ("utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"):
            forms.append(data.decode(codec, errors="ignore").encode("utf-8"))
    return forms


def check_feed_xml(data: bytes, where: str) -> str | None:
    """Raise :class:`InputError` for an empty or dangerous document; return a note (str) when the
    XML is malformed but harmless, ``None`` when it is well-formed."""
    if not data.strip():
        raise InputError(where, "empty feed document")
    for form in _scan_forms(data):
        m = _DECLARATION.search(form)
        if m:
            raise InputError(where, _REFUSED.format(what="<!" + m.group(1).decode().upper()))
    try:
        defusedxml.ElementTree.fromstring(data, forbid_dtd=True, forbid_entities=True,
                                          forbid_external=True)
    except (defusedxml.DTDForbidden, defusedxml.EntitiesForbidden,
            defusedxml.ExternalReferenceForbidden, defusedxml.NotSupportedError) as exc:
        raise InputError(where, _REFUSED.format(what=type(exc).__name__)) from None
    except std_etree.ParseError as exc:
        return f"malformed XML ({exc})"
    except (ValueError, LookupError, RecursionError) as exc:
        return f"malformed XML ({type(exc).__name__}: {exc})"
    return None
