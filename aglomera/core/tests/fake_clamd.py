"""A stand-in for clamd in a thread: it speaks INSTREAM on 127.0.0.1 or a Unix socket.

It reads `zINSTREAM\\0` and the length-prefixed chunks up to the zero-length one, keeps what it
received (`streams`), and answers `reply` followed by NUL, as clamd does. With `reply=None` it
reads the stream and never answers (a clamd that hangs).
"""

from __future__ import annotations

import socket
import struct
import threading
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path

OK = "stream: OK"
EICAR = "stream: Eicar-Test-Signature FOUND"


@dataclass
class FakeClamd:
    address: str
    streams: list[bytes] = field(default_factory=list)
    commands: list[bytes] = field(default_factory=list)


def _read_exactly(connection: socket.socket, length: int) -> bytes:
    data = b""
    while len(data) < length:
        part = connection.recv(length - len(data))
        if not part:
            raise ConnectionError("the client closed the connection")
        data += part
    return data


def _serve_one(connection: socket.socket, fake: FakeClamd, reply: str | None) -> None:
    with connection, suppress(OSError):
        connection.settimeout(10)
        command = _read_exactly(connection, len(b"zINSTREAM\0"))
        fake.commands.append(command)
        received = bytearray()
        while length := struct.unpack(">I", _read_exactly(connection, 4))[0]:
            received += _read_exactly(connection, length)
        fake.streams.append(bytes(received))
        if reply is None:
            connection.recv(1)  # wait until the client gives up and closes
            return
        connection.sendall(reply.encode() + b"\0")


@contextmanager
def fake_clamd(reply: str | None = OK, *, unix_path: Path | None = None) -> Iterator[FakeClamd]:
    """Serve until the block ends; `fake.address` is what CLAMD_ADDRESS would say."""
    if unix_path is not None:
        server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        server.bind(str(unix_path))
        fake = FakeClamd(f"unix://{unix_path}")
    else:
        server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        server.bind(("127.0.0.1", 0))
        fake = FakeClamd(f"tcp://127.0.0.1:{server.getsockname()[1]}")
    server.listen()
    server.settimeout(0.05)
    stop = threading.Event()
    workers: list[threading.Thread] = []

    def accept() -> None:
        while not stop.is_set():
            try:
                connection, _ = server.accept()
            except TimeoutError:
                continue
            worker = threading.Thread(target=_serve_one, args=(connection, fake, reply))
            worker.start()
            workers.append(worker)

    acceptor = threading.Thread(target=accept)
    acceptor.start()
    try:
        yield fake
    finally:
        stop.set()
        acceptor.join()
        server.close()
        for worker in workers:
            worker.join(timeout=15)


def closed_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on (bound, then released)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])
