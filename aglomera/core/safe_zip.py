"""Zip archives from strangers, read within bounds they cannot move.

OOXML and ODF documents (attachments) and XLSX workbooks (imports) are zip archives. A zip
archive states how large its entries are, but the statement may lie, and a few megabytes may
unpack into gigabytes (a "zip bomb"). `SafeZip` opens an archive and refuses it with
`ZipRefusedError` (a `reason` code for the caller's message, a detail for the log) before
anything large is allocated:

- the end-of-central-directory record is read first: more entries than `max_entries`, or a
  central directory larger than such entries need, is refused before the standard library
  builds an object per entry;
- every name is relative and stays inside the archive (no absolute path, drive letter,
  backslash, NUL or `..` part) and appears once; no entry is encrypted, and only the two
  compression methods documents use are accepted (stored and deflate: the standard library
  decompresses bzip2 and LZMA without an output bound);
- the uncompressed sizes the central directory declares add up to at most `max_total_bytes`,
  and no entry, nor the archive as a whole, declares more than `max_ratio` times its compressed
  size (entries below `ratio_floor_bytes` are too small to matter);
- while an entry is read (`chunks`, `read`), the bytes actually produced are counted as well,
  since the declared size may lie: an entry producing more than it declared, or the archive more
  than `max_total_bytes`, is refused, and the CRC is checked when an entry ends.

Memory stays at about one chunk (`CHUNK_BYTES`) per read, whatever the archive claims.
"""

from __future__ import annotations

import os
import struct
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO, Literal

CHUNK_BYTES = 64 * 1024

Reason = Literal[
    "not_a_zip",
    "too_many_entries",
    "unsafe_name",
    "duplicate_name",
    "encrypted",
    "unsupported_compression",
    "too_large",
    "ratio",
    "corrupt",
]
# The reasons that mean "this archive unpacks into far more than it should" (a bomb).
TOO_MUCH: frozenset[Reason] = frozenset({"too_many_entries", "too_large", "ratio"})

_EOCD = b"PK\x05\x06"
# signature, disk, directory disk, entries here, entries, directory size and offset, comment
_EOCD_FORMAT = "<4s4H2LH"
_EOCD_SIZE = struct.calcsize(_EOCD_FORMAT)
_ZIP64_LOCATOR = b"PK\x06\x07"
_ZIP64_LOCATOR_FORMAT = "<4sLQL"
_ZIP64_LOCATOR_SIZE = struct.calcsize(_ZIP64_LOCATOR_FORMAT)
_ZIP64_EOCD = b"PK\x06\x06"
_ZIP64_EOCD_FORMAT = "<4sQ2H2L4Q"
_ZIP64_EOCD_SIZE = struct.calcsize(_ZIP64_EOCD_FORMAT)
_MAX_COMMENT = 0xFFFF
# A central directory entry is 46 bytes plus its name, extra field and comment; names of
# documents are short, so this many bytes per entry is generous.
_DIRECTORY_BYTES_PER_ENTRY = 1024
_METHODS = {zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED}
# What the standard library raises on a malformed archive.
_ZIP_ERRORS = (
    zipfile.BadZipFile,
    zipfile.LargeZipFile,
    OSError,
    EOFError,
    ValueError,
    KeyError,
    IndexError,
    struct.error,
    NotImplementedError,
    RuntimeError,
    UnicodeDecodeError,
)


@dataclass(frozen=True)
class ZipLimits:
    """How far an archive may go. The defaults suit office documents."""

    max_entries: int = 2_000
    max_total_bytes: int = 100 * 1024 * 1024
    max_ratio: int = 100
    ratio_floor_bytes: int = 1024 * 1024


class ZipRefusedError(Exception):
    """The archive is refused; `reason` says why (for the caller's message), str() for logs."""

    def __init__(self, reason: Reason, detail: str) -> None:
        super().__init__(f"{reason}: {detail}")
        self.reason: Reason = reason
        self.detail = detail


def unsafe_name(name: str) -> bool:
    """True for a name that is empty, absolute or leaves the folder it is unpacked into."""
    if not name or "\x00" in name or "\\" in name or name.startswith("/"):
        return True
    if len(name) > 1 and name[1] == ":":
        return True
    return any(part == ".." for part in name.split("/"))


def _directory_size(handle: IO[bytes]) -> tuple[int, int]:
    """(entries, central directory bytes) from the end record, found as the standard library
    finds it: at the very end, else the last signature within a maximal comment's reach."""
    handle.seek(0, os.SEEK_END)
    size = handle.tell()
    if size < _EOCD_SIZE:
        raise ZipRefusedError("not_a_zip", "shorter than an end-of-directory record")
    handle.seek(size - _EOCD_SIZE)
    tail = handle.read(_EOCD_SIZE)
    start = size - _EOCD_SIZE
    if not (tail.startswith(_EOCD) and tail[-2:] == b"\x00\x00"):
        reach = min(size, _MAX_COMMENT + _EOCD_SIZE)
        handle.seek(size - reach)
        tail = handle.read(reach)
        found = tail.rfind(_EOCD)
        if found < 0 or len(tail) - found < _EOCD_SIZE:
            raise ZipRefusedError("not_a_zip", "no end-of-directory record")
        start = size - reach + found
        tail = tail[found : found + _EOCD_SIZE]
    record = struct.unpack(_EOCD_FORMAT, tail)
    entries, directory = int(record[4]), int(record[5])
    if start >= _ZIP64_LOCATOR_SIZE:
        handle.seek(start - _ZIP64_LOCATOR_SIZE)
        locator = handle.read(_ZIP64_LOCATOR_SIZE)
        if locator.startswith(_ZIP64_LOCATOR):
            handle.seek(start - _ZIP64_LOCATOR_SIZE - _ZIP64_EOCD_SIZE)
            record64 = handle.read(_ZIP64_EOCD_SIZE)
            if len(record64) == _ZIP64_EOCD_SIZE and record64.startswith(_ZIP64_EOCD):
                fields = struct.unpack(_ZIP64_EOCD_FORMAT, record64)
                entries, directory = int(fields[7]), int(fields[8])
    return entries, directory


class SafeZip:
    """A zip archive opened under `limits`; raises ZipRefusedError (see the module docstring)."""

    def __init__(self, file: IO[bytes], limits: ZipLimits | None = None) -> None:
        self.limits = limits or ZipLimits()
        self._read_total = 0
        try:
            entries, directory = _directory_size(file)
        except _ZIP_ERRORS as exc:
            raise ZipRefusedError("not_a_zip", str(exc)) from exc
        limit = self.limits.max_entries
        if entries > limit or directory > limit * _DIRECTORY_BYTES_PER_ENTRY:
            raise ZipRefusedError(
                "too_many_entries", f"{entries} entries in {directory} directory bytes"
            )
        try:
            file.seek(0)
            self._archive = zipfile.ZipFile(file)
        except _ZIP_ERRORS as exc:
            raise ZipRefusedError("not_a_zip", str(exc)) from exc
        try:
            self._check_directory()
        except ZipRefusedError:
            self._archive.close()
            raise

    def _check_directory(self) -> None:
        infos = self._archive.infolist()
        if len(infos) > self.limits.max_entries:
            raise ZipRefusedError("too_many_entries", f"{len(infos)} entries")
        seen: set[str] = set()
        declared = compressed = 0
        for info in infos:
            if unsafe_name(info.orig_filename) or unsafe_name(info.filename):
                raise ZipRefusedError("unsafe_name", repr(info.orig_filename))
            if info.filename in seen:
                raise ZipRefusedError("duplicate_name", repr(info.filename))
            seen.add(info.filename)
            if info.flag_bits & 0x1:
                raise ZipRefusedError("encrypted", repr(info.filename))
            if info.compress_type not in _METHODS:
                raise ZipRefusedError(
                    "unsupported_compression", f"{info.filename!r}: {info.compress_type}"
                )
            self._check_ratio(info.filename, info.file_size, info.compress_size)
            declared += info.file_size
            compressed += info.compress_size
        if declared > self.limits.max_total_bytes:
            raise ZipRefusedError("too_large", f"{declared} bytes declared")
        self._check_ratio("the archive", declared, compressed)

    def _check_ratio(self, what: str, size: int, compressed: int) -> None:
        limits = self.limits
        if size > limits.ratio_floor_bytes and size > limits.max_ratio * max(compressed, 1):
            raise ZipRefusedError("ratio", f"{what}: {size} bytes from {compressed}")

    def __enter__(self) -> SafeZip:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._archive.close()

    @property
    def infos(self) -> list[zipfile.ZipInfo]:
        """The entries in the order of the central directory."""
        return self._archive.infolist()

    @property
    def names(self) -> list[str]:
        return self._archive.namelist()

    def info(self, name: str) -> zipfile.ZipInfo | None:
        try:
            return self._archive.getinfo(name)
        except KeyError:
            return None

    def chunks(
        self, entry: str | zipfile.ZipInfo, chunk_bytes: int = CHUNK_BYTES
    ) -> Iterator[bytes]:
        """The uncompressed bytes of an entry, a chunk at a time, counted against the limits."""
        info = entry if isinstance(entry, zipfile.ZipInfo) else self._archive.getinfo(entry)
        produced = 0
        try:
            with self._archive.open(info) as stream:
                while chunk := stream.read(chunk_bytes):
                    produced += len(chunk)
                    self._read_total += len(chunk)
                    if produced > info.file_size:
                        raise ZipRefusedError(
                            "too_large", f"{info.filename!r} is larger than it declares"
                        )
                    if self._read_total > self.limits.max_total_bytes:
                        raise ZipRefusedError("too_large", f"{self._read_total} bytes read")
                    self._check_ratio(info.filename, produced, info.compress_size)
                    yield chunk
        except ZipRefusedError:
            raise
        except _ZIP_ERRORS as exc:
            raise ZipRefusedError("corrupt", f"{info.filename!r}: {exc}") from exc

    def read(self, entry: str | zipfile.ZipInfo, max_bytes: int) -> bytes:
        """A small entry whole; an entry longer than max_bytes is refused ("too_large")."""
        parts: list[bytes] = []
        length = 0
        for chunk in self.chunks(entry, chunk_bytes=min(CHUNK_BYTES, max_bytes + 1)):
            length += len(chunk)
            if length > max_bytes:
                raise ZipRefusedError("too_large", f"an entry over {max_bytes} bytes")
            parts.append(chunk)
        return b"".join(parts)
