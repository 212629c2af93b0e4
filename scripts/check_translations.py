"""Fail when a Czech or Polish catalogue has untranslated or fuzzy entries.

Usage: python scripts/check_translations.py [LANG ...]   (default: cs pl)

Reads locale/<lang>/LC_MESSAGES/django.po with a small self-contained parser (no third-party
packages), prints every offending msgid and exits with status 1 if there is any. It also
reports a translation that uses a %(name)s placeholder the English source does not have,
which would raise KeyError at run time. Obsolete entries (#~) are ignored.
"""

from __future__ import annotations

import argparse
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"
DEFAULT_LANGUAGES = ("cs", "pl")
PLACEHOLDER = re.compile(r"%\((\w+)\)[sdif]")
KEYWORD = re.compile(r"^(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?)\s+(\".*\")\s*$")
ESCAPES = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\"}


@dataclass
class Entry:
    line: int
    flags: set[str] = field(default_factory=set)
    fields: dict[str, str] = field(default_factory=dict)

    @property
    def msgid(self) -> str:
        return self.fields.get("msgid", "")

    @property
    def is_header(self) -> bool:
        return self.msgid == "" and "msgctxt" not in self.fields

    @property
    def translations(self) -> list[str]:
        return [value for key, value in self.fields.items() if key.startswith("msgstr")]


def unquote(literal: str) -> str:
    body = literal.strip()[1:-1]
    return re.sub(r"\\(.)", lambda m: ESCAPES.get(m.group(1), m.group(1)), body)


def opens_entry(key: str, entry: Entry) -> bool:
    """A msgctxt, or a msgid not preceded by its own msgctxt, starts a new entry."""
    return key == "msgctxt" or (key == "msgid" and set(entry.fields) != {"msgctxt"})


def parse_po(path: Path) -> list[Entry]:
    """Return the active entries of a .po file, in file order."""
    entries: list[Entry] = []
    current: Entry | None = None
    key: str | None = None

    def start(line_no: int) -> Entry:
        entry = Entry(line=line_no)
        entries.append(entry)
        return entry

    for line_no, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.strip()
        if not line:
            current, key = None, None
        elif line.startswith("#~"):
            continue
        elif line.startswith("#,"):
            if current is None or current.fields:
                current = start(line_no)
            current.flags.update(flag.strip() for flag in line[2:].split(","))
        elif line.startswith("#"):
            if current is None or current.fields:
                current = start(line_no)
        elif match := KEYWORD.match(line):
            key = match.group(1)
            if current is None or (current.fields and opens_entry(key, current)):
                current = start(line_no)
            current.fields[key] = unquote(match.group(2))
        elif line.startswith('"') and current is not None and key is not None:
            current.fields[key] += unquote(line)
        else:
            raise ValueError(f"{path}:{line_no}: cannot parse {raw!r}")
    return [entry for entry in entries if "msgid" in entry.fields]


def problems(entry: Entry, nplurals: int | None) -> list[str]:
    found: list[str] = []
    if "fuzzy" in entry.flags:
        found.append("fuzzy")
    translations = entry.translations
    if not translations or any(text == "" for text in translations):
        found.append("untranslated")
    elif "msgid_plural" in entry.fields and nplurals and len(translations) != nplurals:
        found.append(f"{len(translations)} plural forms instead of {nplurals}")
    source = set(PLACEHOLDER.findall(entry.msgid + entry.fields.get("msgid_plural", "")))
    extra = {name for text in translations for name in PLACEHOLDER.findall(text)} - source
    if extra:
        found.append("unknown placeholder " + ", ".join(f"%({name})s" for name in sorted(extra)))
    return found


def header_nplurals(entries: list[Entry]) -> int | None:
    for entry in entries:
        if entry.is_header:
            match = re.search(r"nplurals\s*=\s*(\d+)", entry.fields.get("msgstr", ""))
            return int(match.group(1)) if match else None
    return None


def check(language: str, locale_dir: Path) -> int:
    path = locale_dir / language / "LC_MESSAGES" / "django.po"
    if not path.exists():
        print(f"{path}: missing catalogue")
        return 1
    entries = parse_po(path)
    nplurals = header_nplurals(entries)
    bad = 0
    for entry in entries:
        if entry.is_header:
            if "fuzzy" in entry.flags:
                print(f"{path}:{entry.line}: header is marked fuzzy")
                bad += 1
            continue
        for problem in problems(entry, nplurals):
            print(f"{path}:{entry.line}: [{problem}] {entry.msgid!r}")
            bad += 1
    total = sum(1 for entry in entries if not entry.is_header)
    print(f"{language}: {total} entries, {bad} problem(s)")
    return bad


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("languages", nargs="*", default=list(DEFAULT_LANGUAGES))
    parser.add_argument("--locale-dir", type=Path, default=LOCALE_DIR)
    args = parser.parse_args(argv)
    failures = sum(check(language, args.locale_dir) for language in args.languages)
    if failures:
        print("Translate the entries above, remove '#, fuzzy', then run 'make messages'.")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
