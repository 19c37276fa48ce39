"""A real ClamAV daemon for the documents' tests: started once, on a free port, with one signature made
from the EICAR test file (no signature download needed), and stopped after. It is not skipped when
ClamAV is missing: CI installs it (.ci/run), and a test that silently did not run proves nothing."""

from __future__ import annotations

import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from community_trigger.documents.scanning import ping

from .builders import EICAR

CLAMD = shutil.which("clamd") or "/usr/sbin/clamd"
SIGTOOL = shutil.which("sigtool") or "/usr/bin/sigtool"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="session")
def clamd(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The address of a running clamd that finds EICAR."""
    if not (Path(CLAMD).exists() and Path(SIGTOOL).exists()):
        pytest.fail("ClamAV is not installed: install clamav and clamav-daemon (clamd and sigtool)")
    folder = tmp_path_factory.mktemp("clamd")
    sample = folder / "eicar.txt"
    sample.write_bytes(EICAR)
    # An MD5 signature of the sample: "<md5>:<size>:<name>", as sigtool writes it.
    signature = subprocess.run([SIGTOOL, "--md5", str(sample)], check=True, capture_output=True, text=True)
    (folder / "eicar.hdb").write_text(signature.stdout)
    sample.unlink()
    port = _free_port()
    config = folder / "clamd.conf"
    config.write_text(
        f"TCPSocket {port}\nTCPAddr 127.0.0.1\nDatabaseDirectory {folder}\nForeground yes\n"
        f"LogFile {folder / 'clamd.log'}\nPidFile {folder / 'clamd.pid'}\n"
    )
    daemon = subprocess.Popen(
        [CLAMD, "-c", str(config)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    address = f"tcp://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while not ping(address=address, timeout=1):
            if daemon.poll() is not None or time.monotonic() > deadline:
                log = (folder / "clamd.log").read_text() if (folder / "clamd.log").exists() else ""
                pytest.fail(f"clamd did not start (exit {daemon.poll()}):\n{log[-2000:]}")
            time.sleep(0.2)
        yield address
    finally:
        daemon.terminate()
        try:
            daemon.wait(timeout=10)
        except subprocess.TimeoutExpired:
            daemon.kill()
