"""A small client of clamd (ClamAV's daemon): the optional virus scan of uploaded files.

`scan()` sends the bytes with clamd's INSTREAM command over a Unix or TCP socket: the command
`zINSTREAM\\0`, then chunks each preceded by its length as 4 bytes big-endian, then a chunk of
length zero; clamd answers one NUL-terminated line, `stream: OK` or
`stream: <signature> FOUND`. Anything else (clamd unreachable, a timeout, an `... ERROR` reply
such as a stream over clamd's StreamMaxLength) raises `ScanUnavailableError`: the caller refuses
the file rather than let it through unscanned.

Addresses are `unix:///run/clamav/clamd.ctl` or `tcp://127.0.0.1:3310` (settings.CLAMD_ADDRESS).
"""

from __future__ import annotations

import socket
import struct
from collections.abc import Iterable
from dataclasses import dataclass

CHUNK_BYTES = 64 * 1024
_MAX_REPLY = 4096


class ScanUnavailableError(Exception):
    """clamd could not be reached or gave no verdict."""


@dataclass(frozen=True)
class Verdict:
    infected: bool
    signature: str = ""


def parse_address(address: str) -> tuple[socket.AddressFamily, str | tuple[str, int]]:
    """The socket family and target of `unix:///path` or `tcp://host:port`; ValueError else."""
    if address.startswith("unix://"):
        path = address.removeprefix("unix://")
        if not path.startswith("/"):
            raise ValueError(f"a unix:// address needs an absolute path, got {address!r}")
        return socket.AF_UNIX, path
    if address.startswith("tcp://"):
        host, _, port = address.removeprefix("tcp://").rstrip("/").rpartition(":")
        host = host.removeprefix("[").removesuffix("]")
        if not host or not port.isdigit() or not 0 < int(port) < 65536:
            raise ValueError(f"a tcp:// address needs a host and a port, got {address!r}")
        family = socket.AF_INET6 if ":" in host else socket.AF_INET
        return family, (host, int(port))
    raise ValueError(f"expected unix:///path or tcp://host:port, got {address!r}")


def scan(chunks: Iterable[bytes], *, address: str, timeout: float) -> Verdict:
    """Stream the bytes to clamd at `address`; each socket operation waits at most `timeout`
    seconds. Raises ScanUnavailableError."""
    try:
        family, target = parse_address(address)
    except ValueError as exc:
        raise ScanUnavailableError(str(exc)) from exc
    try:
        with socket.socket(family, socket.SOCK_STREAM) as connection:
            connection.settimeout(timeout)
            connection.connect(target)
            connection.sendall(b"zINSTREAM\0")
            try:
                for chunk in chunks:
                    for start in range(0, len(chunk), CHUNK_BYTES):
                        piece = chunk[start : start + CHUNK_BYTES]
                        connection.sendall(struct.pack(">I", len(piece)) + piece)
                connection.sendall(struct.pack(">I", 0))
            except (BrokenPipeError, ConnectionResetError):
                pass  # clamd stops reading a stream over its limit; its reply says why
            reply = _read_reply(connection)
    except OSError as exc:  # refused, unreachable, timed out, reset
        raise ScanUnavailableError(f"clamd at {address}: {exc}") from exc
    return _verdict(reply, address)


def _read_reply(connection: socket.socket) -> str:
    data = b""
    while b"\0" not in data and len(data) < _MAX_REPLY:
        part = connection.recv(_MAX_REPLY)
        if not part:
            break
        data += part
    return data.split(b"\0", 1)[0].decode("utf-8", "replace").strip()


def _verdict(reply: str, address: str) -> Verdict:
    label, _, result = reply.partition(": ")
    if label == "stream" and result == "OK":
        return Verdict(infected=False)
    if label == "stream" and result.endswith(" FOUND"):
        return Verdict(infected=True, signature=result.removesuffix(" FOUND").strip())
    raise ScanUnavailableError(f"clamd at {address} answered {reply!r}")
