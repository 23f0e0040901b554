"""Server processes the tests start: their output goes to a file, read when they stop."""

from __future__ import annotations

import signal
import subprocess
from pathlib import Path


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
