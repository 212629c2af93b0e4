"""The clamd client speaks INSTREAM to a clamd (here a fake one in a thread) and fails closed."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from aglomera.core import clamd
from aglomera.core.tests.fake_clamd import EICAR, OK, closed_port, fake_clamd


@pytest.fixture
def socket_dir() -> Iterator[Path]:
    """A short folder for a Unix socket (pytest's tmp_path may exceed the 107-byte limit)."""
    with tempfile.TemporaryDirectory(prefix="clamd-") as folder:
        yield Path(folder)


def test_it_streams_the_bytes_in_length_prefixed_chunks_and_reads_a_clean_verdict() -> None:
    # Given a clamd that finds nothing and a file larger than one chunk
    data = bytes(range(256)) * 1000
    with fake_clamd(OK) as fake:
        # When the bytes are scanned in two pieces
        verdict = clamd.scan([data[:100], data[100:]], address=fake.address, timeout=5)
    # Then clamd received the INSTREAM command and exactly the bytes, and the file is clean
    assert fake.commands == [b"zINSTREAM\0"]
    assert fake.streams == [data]
    assert verdict == clamd.Verdict(infected=False)


def test_it_reports_the_signature_clamd_found_over_a_unix_socket(socket_dir: Path) -> None:
    with fake_clamd(EICAR, unix_path=socket_dir / "clamd.ctl") as fake:
        assert fake.address.startswith("unix:///")
        verdict = clamd.scan([b"X5O!P%@AP"], address=fake.address, timeout=5)
    assert verdict == clamd.Verdict(infected=True, signature="Eicar-Test-Signature")


@pytest.mark.parametrize(
    "reply", ["INSTREAM size limit exceeded. ERROR", "stream: Can't allocate memory ERROR", ""]
)
def test_it_treats_an_error_reply_as_no_verdict(reply: str) -> None:
    with fake_clamd(reply) as fake, pytest.raises(clamd.ScanUnavailableError) as failed:
        clamd.scan([b"data"], address=fake.address, timeout=5)
    assert "answered" in str(failed.value)


def test_it_fails_when_clamd_does_not_listen() -> None:
    address = f"tcp://127.0.0.1:{closed_port()}"
    with pytest.raises(clamd.ScanUnavailableError) as failed:
        clamd.scan([b"data"], address=address, timeout=5)
    assert address in str(failed.value)


def test_it_gives_up_on_a_clamd_that_never_answers() -> None:
    with fake_clamd(None) as fake, pytest.raises(clamd.ScanUnavailableError):
        clamd.scan([b"data"], address=fake.address, timeout=0.2)


@pytest.mark.parametrize(
    ("address", "expected"),
    [
        ("unix:///run/clamav/clamd.ctl", (socket.AF_UNIX, "/run/clamav/clamd.ctl")),
        ("tcp://127.0.0.1:3310", (socket.AF_INET, ("127.0.0.1", 3310))),
        ("tcp://clamav.internal:3310/", (socket.AF_INET, ("clamav.internal", 3310))),
        ("tcp://[::1]:3310", (socket.AF_INET6, ("::1", 3310))),
    ],
)
def test_it_reads_unix_and_tcp_addresses(
    address: str, expected: tuple[socket.AddressFamily, object]
) -> None:
    assert clamd.parse_address(address) == expected


@pytest.mark.parametrize(
    "address",
    ["unix://relative.ctl", "tcp://127.0.0.1", "tcp://:3310", "tcp://host:99999", "clamd:3310"],
)
def test_it_refuses_a_malformed_address(address: str) -> None:
    with pytest.raises(ValueError, match=r"address|expected"):
        clamd.parse_address(address)
    with pytest.raises(clamd.ScanUnavailableError):
        clamd.scan([b"data"], address=address, timeout=1)


@pytest.mark.parametrize(
    ("value", "accepted"),
    [
        ("", True),
        ("tcp://127.0.0.1:3310", True),
        ("unix:///run/clamav/clamd.ctl", True),
        ("127.0.0.1:3310", False),
        ("unix://clamd.ctl", False),
    ],
)
def test_the_settings_refuse_a_clamd_address_of_another_form(value: str, accepted: bool) -> None:
    # Given CLAMD_ADDRESS in the environment of a fresh interpreter
    environment = {**os.environ, "APP_ENV": "development", "CLAMD_ADDRESS": value}
    environment.pop("DJANGO_SETTINGS_MODULE", None)
    # When the settings are imported
    result = subprocess.run(
        [sys.executable, "-c", "import config.settings as s; print(repr(s.CLAMD_ADDRESS))"],
        cwd=Path(__file__).resolve().parents[3],
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )
    # Then a malformed address stops the start-up with a message naming the variable
    assert (result.returncode == 0) is accepted, result.stderr
    if accepted:
        assert result.stdout.strip() == repr(value)
    else:
        assert "CLAMD_ADDRESS must be" in result.stderr
