"""Virus scanning through ClamAV's daemon (clamd), spoken to over its INSTREAM protocol.

The file is streamed to clamd in chunks, each behind its length as four big-endian bytes, and a
chunk of length zero ends it; clamd answers "stream: OK" or "stream: <signature> FOUND". Nothing
here decides what to do with the answer: the documents service refuses a virus, and refuses the
upload too when a scanner is configured but cannot be reached (it fails closed).
"""

from __future__ import annotations

import socket
import struct
from collections.abc import Iterable
from dataclasses import dataclass

# clamd's default StreamMaxLength is 25 MB; chunks well under its buffer keep memory flat.
CHUNK_BYTES = 64 * 1024


class ScannerUnavailable(Exception):
    """The scanner could not be reached, timed out, or gave an answer that says nothing about the file."""


@dataclass(frozen=True)
class Verdict:
    """What clamd said of one file: clean, or the name of what it found."""

    found: str = ""

    @property
    def clean(self) -> bool:
        return not self.found


def _connect(address: str, timeout: float) -> socket.socket:
    """A socket to clamd at `address`: "tcp://host:port", or a unix socket's path ("unix:///run/...",
    or the path alone)."""
    if address.startswith("tcp://"):
        host, _, port = address.removeprefix("tcp://").rpartition(":")
        if not host or not port.isdigit():
            raise ScannerUnavailable(f"CLAMD_ADDRESS {address!r} is not tcp://host:port")
        return socket.create_connection((host.strip("[]"), int(port)), timeout=timeout)
    path = address.removeprefix("unix://")
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    sock.settimeout(timeout)
    try:
        sock.connect(path)
    except OSError:
        sock.close()
        raise
    return sock


def _reply(sock: socket.socket) -> str:
    """clamd's answer to a z-command: text up to a NUL byte (or until it closes the connection)."""
    received = bytearray()
    while not received.endswith(b"\0"):
        part = sock.recv(4096)
        if not part:
            break
        received += part
    return received.rstrip(b"\0").decode("utf-8", "replace").strip()


def scan_chunks(chunks: Iterable[bytes], *, address: str, timeout: float) -> Verdict:
    """Stream `chunks` to clamd at `address` and return its verdict. Raises ScannerUnavailable when it
    cannot be reached within `timeout` seconds (per network operation), or answers anything but OK
    or FOUND (an ERROR such as "INSTREAM size limit exceeded")."""
    try:
        with _connect(address, timeout) as sock:
            sock.sendall(b"zINSTREAM\0")
            for chunk in chunks:
                for start in range(0, len(chunk), CHUNK_BYTES):
                    piece = chunk[start : start + CHUNK_BYTES]
                    sock.sendall(struct.pack(">I", len(piece)) + piece)
            sock.sendall(struct.pack(">I", 0))
            answer = _reply(sock)
    except OSError as failed:  # refused, unreachable, timed out, reset
        raise ScannerUnavailable(str(failed) or type(failed).__name__) from failed
    # "stream: OK", or "stream: Eicar-Signature FOUND"; the name may hold spaces and colons.
    said = answer.removeprefix("stream:").strip()
    if said == "OK":
        return Verdict()
    if said.endswith(" FOUND"):
        return Verdict(found=said.removesuffix(" FOUND").strip() or "unknown")
    raise ScannerUnavailable(f"clamd answered {answer!r}")


def ping(*, address: str, timeout: float) -> bool:
    """Whether clamd at `address` answers PING with PONG: that it is up and has loaded its signatures."""
    try:
        with _connect(address, timeout) as sock:
            sock.sendall(b"zPING\0")
            return _reply(sock) == "PONG"
    except (OSError, ScannerUnavailable):
        return False
