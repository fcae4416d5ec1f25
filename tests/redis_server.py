"""A redis-server of our own on another port, which a test may stop, start, freeze and thaw: the
machine's Redis is shared with other test runs and never stopped."""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import time
from pathlib import Path

import pytest

PRIVATE_REDIS_PORT = int(os.environ.get("WORKBENCH_TEST_PRIVATE_REDIS_PORT", "6391"))


class PrivateRedis:
    """A redis-server of our own on `port`. `stop()` ends it (its data is gone); `freeze()` stops
    the process without closing its sockets, as a hung server does (connections are accepted by
    the kernel and never answered), and `thaw()` lets it go on with its data."""

    def __init__(self, port: int, workdir: Path):
        self.port, self.workdir, self.process = port, workdir, None
        self.url = f"redis://127.0.0.1:{port}/8"

    def start(self) -> None:
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
            cwd=self.workdir,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while not _listening(self.port):
            if time.monotonic() > deadline:
                raise TimeoutError("private redis-server did not start")
            time.sleep(0.1)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.thaw()
            self.process.terminate()
            self.process.wait(timeout=10)
        self.process = None

    def freeze(self) -> None:
        self.process.send_signal(signal.SIGSTOP)

    def thaw(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGCONT)


def _listening(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5):
            return True
    except OSError:
        return False


@contextlib.contextmanager
def running_private_redis(workdir: Path):
    if not shutil.which("redis-server"):
        pytest.skip("service missing: redis-server")
    port = PRIVATE_REDIS_PORT
    while _listening(port):  # another run on this machine holds it: take the next free port
        port += 1
    server = PrivateRedis(port, workdir)
    server.start()
    try:
        yield server
    finally:
        server.stop()
