"""Invisible control characters: which text may not carry them, and how documents drop them.

XML 1.0 cannot hold the C0 control characters other than tab, line feed and carriage return,
lone surrogates (no valid UTF-8 either) or the non-characters U+FFFE and U+FFFF; python-docx
(and openpyxl) fail on them, PostgreSQL cannot store a NUL at all. They arrive pasted in from
other programs (Word's manual line break is U+000B) or in imported lists. DEL (U+007F), a control
character too, is refused with them.

- `control_character(text)` names the first one ("U+000B"), "" when there is none: imports and
  forms refuse such text with a message saying which.
- `without_control_characters(text)` is what a document writer prints of text that is already
  stored: vertical tab and form feed become line breaks, the others are dropped (they were
  invisible to whoever wrote the text).
"""

from __future__ import annotations

import re

CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")
_BREAKS = str.maketrans({"\x0b": "\n", "\x0c": "\n"})


def control_character(text: str) -> str:
    """The first character of `text` that no text may carry, written U+000B; "" if none."""
    found = CONTROL_CHARACTERS.search(text)
    return f"U+{ord(found.group()):04X}" if found else ""


def without_control_characters(text: str) -> str:
    """`text` as a document can hold it: vertical tab and form feed as line breaks, the other
    control characters dropped."""
    if CONTROL_CHARACTERS.search(text) is None:
        return text
    return CONTROL_CHARACTERS.sub("", text.translate(_BREAKS))


# Characters that print nothing: a text of only these (and spaces) is empty to its reader.
INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff"


def trimmed(text: str) -> str:
    """`text` without the blanks and invisible characters around it ("" when it has nothing
    a reader would see), e.g. a title of a zero-width space only."""
    return text.strip().strip(INVISIBLE + " \t\r\n").strip()
