"""Server processes the tests start: their output goes to a file, read when they stop."""

from __future__ import annotations

import signal
import subprocess
import sys
from pathlib import Path

from tests.ports import free_port


class ServerProcess:
    """`command` running with its standard output and error in `log`.

    Never a pipe: a pipe nobody reads while the test runs fills up (64 kB: a few hundred
    access-log lines), and the server then blocks on its next log line.
    """

    def __init__(self, command: list[str], env: dict[str, str], log: Path) -> None:
        self.log = log
        with log.open("w") as output:
            self.process = subprocess.Popen(
                command, env=env, stdout=output, stderr=subprocess.STDOUT
            )

    @property
    def pid(self) -> int:
        """The server's process id."""
        return self.process.pid

    def poll(self) -> int | None:
        """Its exit code, or None while it runs."""
        return self.process.poll()

    def stop(self, timeout: float) -> tuple[int, str]:
        """Interrupt it (as Ctrl-C does), wait for it to end: its exit code and its output."""
        self.process.send_signal(signal.SIGINT)
        try:
            code = self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
            raise
        return code, self.log.read_text()


def serve_replicas(
    count: int, env: dict[str, str], logs: Path
) -> tuple[list[ServerProcess], list[str]]:
    """`count` replicas of `countries serve` on free loopback ports, and their base URLs."""
    ports = [free_port() for _ in range(count)]
    started = [
        ServerProcess(
            [sys.executable, "-m", "countries", "serve", "--port", str(port)],
            env,
            logs / f"replica-{port}.log",
        )
        for port in ports
    ]
    return started, [f"http://127.0.0.1:{port}" for port in ports]
