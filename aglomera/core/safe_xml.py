"""XML from strangers, parsed as a stream with no document type declarations.

The parts of an OOXML or ODF document are XML. An internal DTD can declare entities that
expand exponentially ("billion laughs") or point at files and URLs (external entities), so a
document whose XML declares anything is refused: `parse_xml` accepts at most a bare
`<!DOCTYPE name>` or one naming an external DTD that is never fetched (old OpenOffice manifests
have one), and raises `XmlRefusedError` on any internal subset, entity declaration or entity
reference expat cannot resolve by itself. It reads chunks, so memory stays at one chunk.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Literal, NoReturn
from xml.parsers import expat

StartElement = Callable[[str, dict[str, str]], None]
EndElement = Callable[[str], None]
Text = Callable[[str], None]


class XmlRefusedError(Exception):
    """The XML is malformed ("malformed") or declares entities or a DTD subset ("dtd")."""

    def __init__(self, reason: Literal["malformed", "dtd"], detail: str) -> None:
        super().__init__(f"{reason}: {detail}")
        self.reason = reason


def _refuse_declarations(*_args: object) -> NoReturn:
    raise XmlRefusedError("dtd", "declares entities")


def parse_xml(
    chunks: Iterable[bytes],
    start: StartElement | None = None,
    end: EndElement | None = None,
    text: Text | None = None,
) -> None:
    """Parse the whole document; `start(name, attributes)` sees every element (names as written,
    prefix included), `end(name)` its end and `text(data)` its character data (adjacent pieces
    joined). Raises XmlRefusedError."""
    parser = expat.ParserCreate()
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)

    def doctype(name: str, system: str | None, public: str | None, internal: int) -> None:
        if internal:
            raise XmlRefusedError("dtd", f"an internal DTD subset in <!DOCTYPE {name}>")

    parser.StartDoctypeDeclHandler = doctype
    parser.EntityDeclHandler = _refuse_declarations
    parser.UnparsedEntityDeclHandler = _refuse_declarations
    parser.NotationDeclHandler = _refuse_declarations
    parser.ExternalEntityRefHandler = _refuse_declarations
    parser.SkippedEntityHandler = _refuse_declarations
    if start is not None:
        parser.StartElementHandler = start
    if end is not None:
        parser.EndElementHandler = end
    if text is not None:
        parser.CharacterDataHandler = text
        parser.buffer_text = True
    try:
        for chunk in chunks:
            parser.Parse(chunk, False)
        parser.Parse(b"", True)
    except expat.ExpatError as exc:
        raise XmlRefusedError("malformed", str(exc)) from exc
