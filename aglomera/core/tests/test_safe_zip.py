"""Zip archives and XML from strangers are read within bounds: bombs, lies and tricks refused.

The hostile archives are built here, in memory: a bomb is a long run of zeros written through
zipfile in chunks (about 200 MB unpacked from about 200 KB), so the tests stay fast.
"""

from __future__ import annotations

import io
import struct
import tracemalloc
import warnings
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import pytest

from aglomera.core.safe_xml import XmlRefusedError, parse_xml
from aglomera.core.safe_zip import TOO_MUCH, SafeZip, ZipLimits, ZipRefusedError, unsafe_name

MB = 1024 * 1024
LIMITS = ZipLimits(max_entries=50, max_total_bytes=100 * MB, max_ratio=100)
# Reading a refused archive may use a few chunks and zipfile's buffers, never the 200 MB.
BOUND = 16 * MB


def bomb(name: str = "word/document.xml", megabytes: int = 200) -> bytes:
    """An archive with one entry of `megabytes` MB of zeros, written a megabyte at a time."""
    buffer = io.BytesIO()
    zeros = bytes(MB)
    with (
        zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive,
        archive.open(name, "w") as entry,
    ):
        for _ in range(megabytes):
            entry.write(zeros)
    return buffer.getvalue()


def lying(document: bytes, declared: int) -> bytes:
    """The same archive whose local and central headers declare `declared` unpacked bytes."""
    data = bytearray(document)
    local, central = data.index(b"PK\x03\x04"), data.index(b"PK\x01\x02")
    struct.pack_into("<L", data, local + 22, declared)
    struct.pack_into("<L", data, central + 24, declared)
    return bytes(data)


def archive_of(entries: dict[str, bytes], method: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", method) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


@contextmanager
def peak_memory() -> Iterator[Callable[[], int]]:
    """The peak of Python allocations inside the block."""
    tracemalloc.start()
    peak = 0
    try:
        yield lambda: peak
    finally:
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()


def read_all(data: bytes, limits: ZipLimits = LIMITS) -> None:
    with SafeZip(io.BytesIO(data), limits) as archive:
        for info in archive.infos:
            for _chunk in archive.chunks(info):
                pass


def test_it_reads_an_honest_archive_in_chunks() -> None:
    data = archive_of({"a.xml": b"<a/>" * 1000, "b/c.txt": b"hello"})
    with SafeZip(io.BytesIO(data), LIMITS) as archive:
        assert archive.names == ["a.xml", "b/c.txt"]
        assert b"".join(archive.chunks("a.xml", chunk_bytes=100)) == b"<a/>" * 1000
        assert archive.read("b/c.txt", max_bytes=5) == b"hello"
        assert archive.info("missing") is None
        with pytest.raises(ZipRefusedError) as refused:
            archive.read("b/c.txt", max_bytes=4)
    assert refused.value.reason == "too_large"


def test_it_refuses_a_bomb_before_unpacking_it() -> None:
    # Given 200 MB of zeros in a 200 KB archive, and a limit of 100 MB unpacked
    data = bomb()
    assert len(data) < MB
    # When it is opened
    with peak_memory() as peak, pytest.raises(ZipRefusedError) as refused:
        read_all(data)
    # Then it is refused as a bomb, and memory stayed small
    assert refused.value.reason in TOO_MUCH
    assert peak() < BOUND


def test_it_refuses_a_bomb_that_declares_a_small_size_while_reading() -> None:
    # Given the same bomb whose headers claim 1 KB
    data = lying(bomb(), declared=1024)
    # When every entry is read
    with peak_memory() as peak, pytest.raises(ZipRefusedError) as refused:
        read_all(data)
    # Then reading stops at the declared size and the archive is refused; memory stayed small
    assert refused.value.reason == "corrupt"
    assert peak() < BOUND


def test_it_counts_the_bytes_actually_read_against_the_total() -> None:
    # Given an entry of 600 KB and a total limit of 1 MB
    data = archive_of({"part.xml": bytes(600 * 1024)}, zipfile.ZIP_STORED)
    limits = ZipLimits(max_total_bytes=MB)
    with SafeZip(io.BytesIO(data), limits) as archive:
        archive.read("part.xml", max_bytes=MB)
        # When it is read a second time
        with pytest.raises(ZipRefusedError) as refused:
            archive.read("part.xml", max_bytes=MB)
    # Then the second reading goes over the total and is refused
    assert refused.value.reason == "too_large"


def test_it_refuses_an_archive_of_many_small_entries_that_compress_too_well() -> None:
    # Given 40 entries of 512 KB zeros: each below the ratio floor, 20 MB from about 20 KB
    data = archive_of({f"part{n}.xml": bytes(512 * 1024) for n in range(40)})
    with pytest.raises(ZipRefusedError) as refused:
        read_all(data)
    assert refused.value.reason == "ratio"


def test_it_refuses_too_many_entries() -> None:
    data = archive_of({f"part{n}.xml": b"<a/>" for n in range(51)})
    with pytest.raises(ZipRefusedError) as refused:
        read_all(data)
    assert refused.value.reason == "too_many_entries"


def test_it_refuses_a_central_directory_larger_than_its_entry_count_says() -> None:
    # Given an archive of 51 entries whose end record claims 1, and a limit of 2 entries
    data = bytearray(archive_of({f"{'x' * 40}{n}.xml": b"<a/>" for n in range(51)}))
    end = data.rindex(b"PK\x05\x06")
    struct.pack_into("<HH", data, end + 8, 1, 1)
    # When it is opened, the directory is too large for the claimed entries
    with pytest.raises(ZipRefusedError) as refused:
        read_all(bytes(data), ZipLimits(max_entries=2))
    assert refused.value.reason == "too_many_entries"


@pytest.mark.parametrize(
    "name", ["../evil.xml", "word/../../evil.xml", "/etc/passwd", "C:/evil.xml", "a\\..\\b.xml"]
)
def test_it_refuses_a_name_that_leaves_the_archive(name: str) -> None:
    assert unsafe_name(name)
    with pytest.raises(ZipRefusedError) as refused:
        read_all(archive_of({"ok.xml": b"<a/>", name: b"<a/>"}))
    assert refused.value.reason == "unsafe_name"


def test_it_refuses_a_name_given_twice() -> None:
    buffer = io.BytesIO()
    with warnings.catch_warnings(), zipfile.ZipFile(buffer, "w") as archive:
        warnings.simplefilter("ignore")  # zipfile warns about the duplicate; that is the point
        archive.writestr("a.xml", b"<a/>")
        archive.writestr("a.xml", b"<b/>")
    with pytest.raises(ZipRefusedError) as refused:
        read_all(buffer.getvalue())
    assert refused.value.reason == "duplicate_name"


def test_it_refuses_compression_methods_documents_do_not_use() -> None:
    with pytest.raises(ZipRefusedError) as refused:
        read_all(archive_of({"a.xml": b"<a/>"}, zipfile.ZIP_BZIP2))
    assert refused.value.reason == "unsupported_compression"


def test_it_refuses_an_encrypted_entry() -> None:
    data = bytearray(archive_of({"a.xml": b"<a/>"}))
    central = data.index(b"PK\x01\x02")
    data[central + 8] |= 0x1
    with pytest.raises(ZipRefusedError) as refused:
        read_all(bytes(data))
    assert refused.value.reason == "encrypted"


@pytest.mark.parametrize("data", [b"PK\x03\x04garbage", b"PK", b"PK\x05\x06" + bytes(10)])
def test_it_refuses_what_is_not_an_archive(data: bytes) -> None:
    with pytest.raises(ZipRefusedError) as refused:
        read_all(data)
    assert refused.value.reason == "not_a_zip"


def test_it_refuses_an_entry_whose_data_is_damaged() -> None:
    data = bytearray(archive_of({"a.txt": b"hello world" * 10}, zipfile.ZIP_STORED))
    data[data.index(b"hello")] = ord("j")
    with pytest.raises(ZipRefusedError) as refused:
        read_all(bytes(data))
    assert refused.value.reason == "corrupt"


def test_it_reads_a_zip64_end_record() -> None:
    # Given an archive whose classic end record defers to a zip64 one, as large archives do
    data = archive_of({"a.xml": b"<a/>", "b.xml": b"<b/>"})
    end = data.rindex(b"PK\x05\x06")
    size, offset = struct.unpack("<LL", data[end + 12 : end + 20])
    record = struct.pack("<4sQ2H2L4Q", b"PK\x06\x06", 44, 45, 45, 0, 0, 2, 2, size, offset)
    locator = struct.pack("<4sLQL", b"PK\x06\x07", 0, end, 1)
    classic = bytearray(data[end:])
    struct.pack_into("<HH", classic, 8, 0xFFFF, 0xFFFF)
    # When it is opened, then its entries are read from the zip64 record
    with SafeZip(io.BytesIO(data[:end] + record + locator + bytes(classic)), LIMITS) as archive:
        assert archive.names == ["a.xml", "b.xml"]


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<lolz>&lol3;</lolz>"""
EXTERNAL = b"""<?xml version="1.0"?>
<!DOCTYPE foo [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><foo>&xxe;</foo>"""


@pytest.mark.parametrize(
    ("xml", "reason"),
    [
        (BILLION_LAUGHS, "dtd"),
        (EXTERNAL, "dtd"),
        (b"<a>&undefined;</a>", "malformed"),
        (b"<a><b></a>", "malformed"),
        (b"", "malformed"),
    ],
)
def test_it_refuses_xml_with_declarations_or_errors(xml: bytes, reason: str) -> None:
    with pytest.raises(XmlRefusedError) as refused:
        parse_xml([xml])
    assert refused.value.reason == reason


def test_it_parses_xml_in_chunks_and_allows_an_external_dtd_name_it_never_fetches() -> None:
    xml = (
        b'<?xml version="1.0"?>\n<!DOCTYPE manifest:manifest PUBLIC "-//OpenOffice.org//DTD'
        b' Manifest 1.0//EN" "Manifest.dtd"><manifest:manifest><entry a="1"/></manifest:manifest>'
    )
    seen: list[tuple[str, dict[str, str]]] = []
    parse_xml((xml[n : n + 7] for n in range(0, len(xml), 7)), lambda *e: seen.append(e))
    assert seen == [("manifest:manifest", {}), ("entry", {"a": "1"})]
